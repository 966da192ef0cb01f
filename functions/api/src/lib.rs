//! The HTTP API of reglament as one axum [`Router`]: served by `reglament serve` locally and by
//! `lambda_http` in the cloud. Every handler is a plain async function of its request.

pub mod applications;
pub mod body;
pub mod caller;
pub mod catalogue;
pub mod corrections;
pub mod documents;
pub mod error;
pub mod payments;
pub mod reports;
pub mod rules;
pub mod sessions;
pub mod staff;
pub mod state;
pub mod survey;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use error::ApiError;
pub use state::ApiState;

/// The whole API.
pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/v1/sessions", post(sessions::create))
        .route(
            "/v1/applications",
            post(applications::file).get(applications::list),
        )
        .route("/v1/applications/{id}", get(applications::get))
        .route("/v1/applications/{id}/decisions", post(staff::decide))
        .route(
            "/v1/applications/{id}/corrections",
            post(corrections::correct),
        )
        .route(
            "/v1/applications/{id}/survey",
            get(survey::get).post(survey::answer),
        )
        .route("/v1/documents/{file}", get(documents::get))
        .route("/v1/reports/indicators", get(reports::indicators))
        .route("/v1/inbox", get(staff::inbox))
        .route("/v1/payments", post(payments::callback))
        .route("/v1/regulations", get(catalogue::regulations))
        .route("/v1/providers/{region}/key", get(catalogue::provider_key))
        .route(
            "/v1/rules",
            get(rules::list)
                .post(rules::publish)
                .layer(DefaultBodyLimit::max(rules::MAX_COMPONENT_BYTES)),
        )
        .route("/v1/rules/{digest}/activation", post(rules::activate))
        .route("/v1/rules/{region}/rollback", post(rules::rollback))
        .fallback(|| async {
            ApiError::not_found("no such endpoint; see GET /v1/regulations and the README")
        })
        .with_state(state)
}
