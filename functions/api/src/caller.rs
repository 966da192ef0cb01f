//! The logged-in caller, from the `Authorization: Bearer <token>` header.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use reglament_core::account::{self, Account};

use crate::error::ApiError;
use crate::state::ApiState;

/// The account behind the request's bearer token.
pub struct Caller(pub Account);

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "missing `Authorization: Bearer <token>`; log in at POST /v1/sessions",
                )
            })?;
        let token = header.strip_prefix("Bearer ").ok_or_else(|| {
            ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
        })?;
        let login = state
            .tokens
            .check(token, state.ctx.clock.now())
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "the token is invalid or expired; log in again at POST /v1/sessions",
                )
            })?;
        let account = account::load(state.ctx.store.as_ref(), &login)
            .await?
            .filter(|a| a.active)
            .ok_or_else(|| {
                ApiError::unauthorized(format!("account {login} no longer exists or is blocked"))
            })?;
        Ok(Caller(account))
    }
}
