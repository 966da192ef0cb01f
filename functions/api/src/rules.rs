//! Regional rules administration, for accounts with the `admin` role (an admin with a region
//! administers that region's rules only):
//!
//! - `GET /v1/rules`: every published version, which one is active per region;
//! - `POST /v1/rules?region=R[&activate=true][&in_force_from=YYYY-MM-DD]` with the component's
//!   bytes as the body (`Content-Type: application/wasm`): publish it;
//! - `POST /v1/rules/{digest}/activation`: make that version its region's active one;
//! - `POST /v1/rules/{region}/rollback`: make the version active before the current one active.
//!
//! Running servers and functions pick a change up by themselves within their refresh bound.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use reglament_core::account::{Account, Role};
use reglament_core::rules::RulesError;
use reglament_core::rules_admin::{Publication, RulesAdmin, RulesVersion};
use serde::Deserialize;
use tracing::instrument;

use crate::caller::Caller;
use crate::error::ApiError;
use crate::state::ApiState;

/// The largest component the API accepts (a regional component is a few MiB).
pub const MAX_COMPONENT_BYTES: usize = 64 * 1024 * 1024;

/// The query of a publication.
#[derive(Debug, Deserialize)]
pub struct PublishQuery {
    pub region: String,
    #[serde(default)]
    pub activate: bool,
    pub in_force_from: Option<String>,
}

/// `GET /v1/rules`
#[instrument(skip_all, fields(caller = %caller.login))]
pub async fn list(
    State(state): State<ApiState>,
    Caller(caller): Caller,
) -> Result<Json<Vec<RulesVersion>>, ApiError> {
    let admin = administration(&state, &caller)?;
    let versions = admin
        .versions()
        .into_iter()
        .filter(|v| may_administer(&caller, &v.region))
        .collect();
    Ok(Json(versions))
}

/// `POST /v1/rules?region=…`
#[instrument(skip_all, fields(caller = %caller.login, region = %query.region))]
pub async fn publish(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Query(query): Query<PublishQuery>,
    component: Bytes,
) -> Result<(StatusCode, Json<RulesVersion>), ApiError> {
    let admin = administration(&state, &caller)?;
    region_allowed(&caller, &query.region)?;
    if component.is_empty() {
        return Err(ApiError::field(
            StatusCode::BAD_REQUEST,
            "body",
            "the body must be the component's bytes (Content-Type: application/wasm)",
        ));
    }
    let publication = Publication {
        activate: query.activate,
        in_force_from: query.in_force_from,
    };
    let version = admin
        .publish(component.to_vec(), &query.region, publication)
        .await
        .map_err(rules_error)?;
    Ok((StatusCode::CREATED, Json(version)))
}

/// `POST /v1/rules/{digest}/activation`
#[instrument(skip_all, fields(caller = %caller.login, %digest))]
pub async fn activate(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(digest): Path<String>,
) -> Result<Json<RulesVersion>, ApiError> {
    let admin = administration(&state, &caller)?;
    let region = admin
        .versions()
        .into_iter()
        .find(|v| v.digest == digest)
        .map(|v| v.region)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no published rules version has digest {digest}; see GET /v1/rules"
            ))
        })?;
    region_allowed(&caller, &region)?;
    Ok(Json(admin.activate(&digest).await.map_err(rules_error)?))
}

/// `POST /v1/rules/{region}/rollback`
#[instrument(skip_all, fields(caller = %caller.login, %region))]
pub async fn rollback(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(region): Path<String>,
) -> Result<Json<RulesVersion>, ApiError> {
    let admin = administration(&state, &caller)?;
    region_allowed(&caller, &region)?;
    Ok(Json(admin.rollback(&region).await.map_err(rules_error)?))
}

fn administration(state: &ApiState, caller: &Account) -> Result<Arc<dyn RulesAdmin>, ApiError> {
    if !caller.has_role(Role::Admin) {
        return Err(ApiError::forbidden(format!(
            "{} is not an administrator; rules are administered by accounts with the admin role",
            caller.login
        )));
    }
    state.rules_admin.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "not-administered-here",
            "this deployment administers rules elsewhere (`reglament rules`)",
        )
    })
}

fn may_administer(caller: &Account, region: &str) -> bool {
    caller.region.as_deref().is_none_or(|own| own == region)
}

fn region_allowed(caller: &Account, region: &str) -> Result<(), ApiError> {
    match may_administer(caller, region) {
        true => Ok(()),
        false => Err(ApiError::forbidden(format!(
            "{} administers the rules of {} only, not {region}",
            caller.login,
            caller.region.as_deref().unwrap_or_default()
        ))),
    }
}

fn rules_error(error: RulesError) -> ApiError {
    match error {
        RulesError::Invalid(reason) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rules-refused",
            format!("component refused: {reason}"),
        ),
        RulesError::NotFound(reason) => ApiError::not_found(reason),
        failed @ RulesError::Failed { .. } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "rules-failed",
            failed.to_string(),
        ),
    }
}
