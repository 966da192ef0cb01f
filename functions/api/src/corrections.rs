//! `POST /v1/applications/{id}/corrections`: the applicant's correction of the remarks sent
//! through the portal (the WKO 2015 expertise remarks loop), within the correction term.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use reglament_core::wake::{self, Correction};
use tracing::instrument;

use crate::body::Body;
use crate::caller::Caller;
use crate::error::ApiError;
use crate::staff::Decided;
use crate::state::ApiState;

#[instrument(skip_all, fields(caller = %caller.login, application = %id))]
pub async fn correct(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    Body(correction): Body<Correction>,
) -> Result<(StatusCode, Json<Decided>), ApiError> {
    let app = wake::correct(&state.ctx, &id, &caller, correction).await?;
    Ok((StatusCode::ACCEPTED, Json(app.into())))
}
