//! `POST /v1/applications` (file), `GET /v1/applications/{id}` (status and history) and
//! `GET /v1/applications` (the caller's own).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use reglament_core::account::Account;
use reglament_core::application::Application;
use reglament_core::document::{DocumentRecord, document_key};
use reglament_core::event::{Event, app_pk};
use reglament_core::filing::{self, FilingRequest};
use reglament_core::runner::{Stall, stall_key};
use reglament_core::steps;
use reglament_store::{Index, Store};
use serde::Serialize;
use tracing::instrument;

use crate::body::Body;
use crate::caller::Caller;
use crate::error::ApiError;
use crate::state::ApiState;

#[derive(Debug, Serialize)]
pub struct Filed {
    pub id: String,
    pub status: &'static str,
    pub step: Option<String>,
    pub rules_digest: String,
}

#[instrument(skip_all, fields(caller = %caller.login))]
pub async fn file(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Body(request): Body<FilingRequest>,
) -> Result<(StatusCode, Json<Filed>), ApiError> {
    let app = filing::file(&state.ctx, &caller, request).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Filed {
            id: app.id,
            status: app.status.name(),
            step: app.step.map(|s| s.name().to_string()),
            rules_digest: app.rules_digest,
        }),
    ))
}

/// An application as its applicant or the provider's staff see it: its summary line, and the
/// refusal, result document and history.
#[derive(Debug, Serialize)]
pub struct ApplicationView {
    #[serde(flatten)]
    pub summary: ApplicationLine,
    pub channel: String,
    pub applicant: String,
    pub rules_digest: String,
    /// The date of filing in the region: it chose the rules (the act) governing the application.
    pub filed_on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_due: Option<String>,
    /// The due time the sweep found missed, while the application is still open past it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue: Option<String>,
    /// The verdict of an expertise conclusion: "agreed" or "not-agreed".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stalled: Option<Stall>,
    pub history: Vec<Event>,
}

/// Whether the caller may see the application: its applicant, whoever filed it, or staff of the
/// region's provider or service centre.
pub fn may_read(caller: &Account, app: &Application) -> bool {
    caller.login == app.filing.filed_by
        || (caller.is_applicant() && caller.taxpayer_id.as_deref() == Some(&app.filing.applicant))
        || (!caller.is_applicant() && caller.region.as_deref() == Some(&app.filing.region))
}

#[instrument(skip_all, fields(caller = %caller.login, application = %id))]
pub async fn get(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    let store = state.ctx.store.as_ref();
    let app = steps::load(store, &id)
        .await?
        .filter(|app| may_read(&caller, app))
        .ok_or_else(|| ApiError::not_found(format!("no application {id} that you may see")))?;
    Ok(Json(view(store, app).await?))
}

/// The full view of an application: state, refusal, result document and history.
pub async fn view(store: &dyn Store, app: Application) -> Result<ApplicationView, ApiError> {
    let history = store
        .query(&app_pk(&app.id), "EVT#")
        .await?
        .iter()
        .map(|item| item.to_value::<Event>())
        .collect::<Result<Vec<_>, _>>()?;
    let result = match &app.document {
        Some(number) => store
            .get(&document_key(number))
            .await?
            .map(|item| item.to_value::<DocumentRecord>())
            .transpose()?
            .map(|r| serde_json::to_value(r.document).unwrap_or_default()),
        None => None,
    };
    let stalled = match app.status.is_final() {
        true => None,
        false => store
            .get(&stall_key(&app.id))
            .await?
            .and_then(|i| i.to_value::<Stall>().ok())
            .filter(|s| s.seq == app.version),
    };
    Ok(ApplicationView {
        summary: ApplicationLine::from(&app),
        channel: app.filing.channel.to_string(),
        applicant: app.filing.applicant.clone(),
        rules_digest: app.rules_digest.clone(),
        filed_on: app.filing.filed_on.clone(),
        step_due: app.step_due.clone(),
        overdue: app.overdue.clone(),
        verdict: app.conclusion.as_ref().map(|c| c.verdict.name()),
        refusal: app
            .refusal
            .as_ref()
            .map(|r| serde_json::to_value(r).unwrap_or_default()),
        result,
        stalled,
        history,
    })
}

/// One line of the caller's list: where an application stands.
#[derive(Debug, Serialize)]
pub struct ApplicationLine {
    pub id: String,
    pub status: &'static str,
    pub step: Option<String>,
    pub region: String,
    pub service: String,
    pub kind: String,
    pub filed_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Number of the result document, once issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

impl From<&Application> for ApplicationLine {
    fn from(app: &Application) -> Self {
        ApplicationLine {
            id: app.id.clone(),
            status: app.status.name(),
            step: app.step.map(|s| s.name().to_string()),
            region: app.filing.region.clone(),
            service: app.filing.service.clone(),
            kind: app.filing.kind.name().to_string(),
            filed_at: app.filing.filed_at.clone(),
            registration_number: app.registration_number.clone(),
            due: app.due.clone(),
            document: app.document.clone(),
        }
    }
}

/// The caller's applications: an applicant's own (their history), or those a staff member filed.
#[instrument(skip_all, fields(caller = %caller.login))]
pub async fn list(
    State(state): State<ApiState>,
    Caller(caller): Caller,
) -> Result<Json<Vec<ApplicationLine>>, ApiError> {
    let store = state.ctx.store.as_ref();
    let mut out = Vec::new();
    if caller.is_applicant() {
        let id = caller.taxpayer_id.clone().unwrap_or_default();
        for item in store
            .query_index(Index::Applicant, &format!("APPLICANT#{id}"), 500)
            .await?
        {
            out.push(ApplicationLine::from(&item.to_value::<Application>()?));
        }
    } else {
        for item in store.query(&format!("FILED#{}", caller.login), "").await? {
            let Some(id) = item.get("application").and_then(|v| v.as_str()) else {
                continue;
            };
            if let Some(app) = steps::load(store, id).await? {
                out.push(ApplicationLine::from(&app));
            }
        }
    }
    Ok(Json(out))
}
