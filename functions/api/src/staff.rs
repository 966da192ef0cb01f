//! Provider staff: `GET /v1/inbox` (the open tasks of the caller's provider that the caller's roles
//! may answer, soonest due first) and
//! `POST /v1/applications/{id}/decisions` (answer the open task: approve or refuse after review,
//! or the step of a staff workflow the task names).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use reglament_core::steps::qualification_check::inbox_queue;
use reglament_core::wake::{self, StaffDecision};
use reglament_store::Index;
use serde::Serialize;
use tracing::instrument;

use crate::body::Body;
use crate::caller::Caller;
use crate::error::ApiError;
use crate::state::ApiState;

/// One task in a provider's inbox.
#[derive(Debug, Serialize)]
pub struct InboxTask {
    pub application: String,
    pub task: String,
    pub service: String,
    /// The staff role the task is for ("provider": anyone of the provider's staff).
    pub role: String,
    /// What the task asks, e.g. "review", "assign", "sign".
    pub action: String,
    /// When it is due (RFC 3339); the inbox is sorted by it, soonest first.
    pub due: String,
    /// Whether the sweep found it past its due time.
    pub overdue: bool,
    pub detail: serde_json::Value,
}

fn staff_region(caller: &reglament_core::account::Account) -> Result<String, ApiError> {
    match (
        &caller.region,
        caller.roles.iter().any(|r| r.is_provider_staff()),
    ) {
        (Some(region), true) => Ok(region.clone()),
        _ => Err(ApiError::forbidden(format!(
            "{} is not provider staff; the inbox is theirs",
            caller.login
        ))),
    }
}

#[instrument(skip_all, fields(caller = %caller.login))]
pub async fn inbox(
    State(state): State<ApiState>,
    Caller(caller): Caller,
) -> Result<Json<Vec<InboxTask>>, ApiError> {
    let region = staff_region(&caller)?;
    let items = state
        .ctx
        .store
        .query_index(Index::Inbox, &inbox_queue(&region), 1000)
        .await?;
    let detail = |item: &'_ reglament_store::Item, name: &str| -> Option<String> {
        item.get("detail")?.get(name)?.as_str().map(String::from)
    };
    let text = |item: &reglament_store::Item, name: &str| {
        item.get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    // A task for "provider" is anyone's; otherwise it is for the staff with its role.
    let mine = |role: &str| {
        role == "provider"
            || reglament_core::account::Role::parse(role).is_some_and(|r| caller.has_role(r))
    };
    Ok(Json(
        items
            .iter()
            .filter(|item| mine(&detail(item, "role").unwrap_or_else(|| "provider".into())))
            .map(|item| InboxTask {
                application: text(item, "application"),
                task: text(item, "name"),
                service: text(item, "service"),
                role: detail(item, "role").unwrap_or_else(|| "provider".into()),
                action: detail(item, "action").unwrap_or_else(|| "review".into()),
                due: text(item, "due"),
                overdue: item.get("overdue").and_then(|v| v.as_bool()) == Some(true),
                detail: item.get("detail").cloned().unwrap_or_default(),
            })
            .collect(),
    ))
}

/// Where an application stands after an answer: woken, its step about to run.
#[derive(Debug, Serialize)]
pub struct Decided {
    pub id: String,
    pub status: &'static str,
    pub step: Option<String>,
}

impl From<reglament_core::application::Application> for Decided {
    fn from(app: reglament_core::application::Application) -> Self {
        Decided {
            id: app.id,
            status: app.status.name(),
            step: app.step.map(|s| s.name().to_string()),
        }
    }
}

#[instrument(skip_all, fields(caller = %caller.login, application = %id))]
pub async fn decide(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    Body(decision): Body<StaffDecision>,
) -> Result<(StatusCode, Json<Decided>), ApiError> {
    staff_region(&caller)?;
    let app = wake::decide(&state.ctx, &id, &caller, decision).await?;
    Ok((StatusCode::ACCEPTED, Json(app.into())))
}
