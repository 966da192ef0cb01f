//! `POST /v1/sessions`: log in with a login (IIN/BIN for applicants) and password (C1).
//!
//! A bad login answers 401 with the regulation's refusal (`auth-refused`, P2).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use reglament_core::account;
use reglament_core::rules::{Channel, RefusalCode, Step};
use serde::{Deserialize, Serialize};
use tracing::instrument;

use crate::body::Body;
use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub login: String,
    pub password: String,
    /// The region whose regulation's refusal to show when the login fails (default: the
    /// account's region, else any).
    #[serde(default)]
    pub region: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Session {
    pub token: String,
    pub expires_at: String,
    pub login: String,
    pub roles: Vec<String>,
    pub region: Option<String>,
}

#[instrument(skip_all, fields(login = %login.login))]
pub async fn create(
    State(state): State<ApiState>,
    Body(login): Body<Login>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    let account = account::load(state.ctx.store.as_ref(), &login.login).await?;
    let Some(account) = account.filter(|a| a.active && a.check_password(&login.password)) else {
        let region = login.region.clone();
        let mut err =
            ApiError::unauthorized("login or password is wrong, or the account is blocked");
        err.body.code = "auth-refused";
        err.body.refusal = auth_refusal(&state, region.as_deref());
        return Err(err);
    };
    let expires = state.ctx.clock.now() + state.ctx.settings.session_length;
    Ok((
        StatusCode::CREATED,
        Json(Session {
            token: state.tokens.issue(&account.login, expires),
            expires_at: reglament_core::transition::timestamp(expires),
            login: account.login.clone(),
            roles: account.roles.iter().map(|r| r.name().to_string()).collect(),
            region: account.region.clone(),
        }),
    ))
}

/// The regulation's refusal of a login (the portal's P2 of the region, or of any region).
fn auth_refusal(state: &ApiState, region: Option<&str>) -> Option<serde_json::Value> {
    let mut catalogue = state.ctx.rules.catalogue();
    catalogue.sort_by(|a, b| a.regulation().region.cmp(&b.regulation().region));
    catalogue
        .iter()
        .filter(|r| region.is_none_or(|want| r.regulation().region == want))
        .flat_map(|r| r.regulation().services.iter())
        .flat_map(|s| s.routes.iter())
        .filter(|route| route.channel == Channel::Portal)
        .filter_map(|route| route.rule(Step::Authorize))
        .flat_map(|rule| rule.refusals.iter())
        .find(|r| r.code == RefusalCode::AuthRefused)
        .map(|r| serde_json::json!({ "code": r.code, "process": r.process, "message": r.message }))
}
