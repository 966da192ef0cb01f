//! `POST /v1/payments`: the payment gateway's callback. The body must carry the gateway's
//! HMAC-SHA256 in `X-Signature` (hex); a payment is recorded once per payment id.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use reglament_core::payment::Payment;
use reglament_core::token::hmac_matches;
use reglament_core::wake::{self, PaymentRecorded};
use tracing::instrument;

use crate::error::ApiError;
use crate::state::ApiState;

/// The header that carries the gateway's MAC of the body.
pub const SIGNATURE_HEADER: &str = "x-signature";

#[instrument(skip_all)]
pub async fn callback(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::unauthorized(
                "missing X-Signature: the hex HMAC-SHA256 of the body with the gateway secret",
            )
        })?;
    if !hmac_matches(&state.gateway_secret, &body, signature) {
        return Err(ApiError::unauthorized(
            "X-Signature does not match the body: not from the payment gateway, or altered",
        ));
    }
    let payment: Payment = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid-body", format!("payment callback: {e}; expected {{payment_id, application, amount, status: paid|declined, paid_at}}"))
    })?;
    if payment.payment_id.is_empty() {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "payment_id",
            "payment_id must not be empty",
        ));
    }
    let recorded = wake::record_payment(&state.ctx, &payment).await?;
    Ok((
        StatusCode::OK,
        Json(serde_json::json!({
            "application": payment.application,
            "payment_id": payment.payment_id,
            "recorded": recorded == PaymentRecorded::Recorded,
        })),
    ))
}
