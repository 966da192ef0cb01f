//! API errors: an HTTP status and a JSON body that says what was wrong, where, and what to do.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reglament_core::filing::FilingError;
use reglament_core::rules::Message;
use reglament_core::wake::WakeError;
use serde::Serialize;

/// The body of every error answer: `{"error": {...}}`.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// A stable code, e.g. "invalid-field", "form-incomplete", "unauthorized".
    pub code: &'static str,
    pub message: String,
    /// The request field at fault, e.g. "applicant" or "form.licence_number".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Each problem found, in Russian, Kazakh and English.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Message>,
    /// The regulation's refusal, e.g. a login refused by P2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<serde_json::Value>,
}

/// An error answer (the body boxed: errors travel in `Result`s of every handler).
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Box<ErrorBody>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: Box::new(ErrorBody {
                code,
                message: message.into(),
                field: None,
                problems: Vec::new(),
                refusal: None,
            }),
        }
    }

    pub fn field(status: StatusCode, field: &str, message: impl Into<String>) -> ApiError {
        let mut e = ApiError::new(status, "invalid-field", message);
        e.body.field = Some(field.to_string());
        e
    }

    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not-found", message)
    }

    pub fn internal(message: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %message, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            message.to_string(),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "error": self.body }))).into_response()
    }
}

impl From<FilingError> for ApiError {
    fn from(e: FilingError) -> Self {
        match e {
            FilingError::Field { field, problem } => ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                &field,
                format!("{field}: {problem}"),
            ),
            FilingError::Form(problems) => {
                let mut err = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "form-incomplete",
                    format!(
                        "the form has {} problem(s); correct them and file again",
                        problems.len()
                    ),
                );
                err.body.field = Some("form".into());
                err.body.problems = problems;
                err
            }
            FilingError::Forbidden(m) => ApiError::forbidden(m),
            FilingError::NoRules(m) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "no-rules-in-force", m)
            }
            FilingError::Internal(m) => ApiError::internal(m),
        }
    }
}

impl From<WakeError> for ApiError {
    fn from(e: WakeError) -> Self {
        match e {
            WakeError::UnknownApplication(id) => {
                ApiError::not_found(format!("application {id} does not exist"))
            }
            WakeError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
            WakeError::Forbidden(m) => ApiError::forbidden(m),
            WakeError::Invalid(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", m),
            WakeError::Step(e) => ApiError::internal(e),
        }
    }
}

impl From<reglament_store::StoreError> for ApiError {
    fn from(e: reglament_store::StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<reglament_core::StepError> for ApiError {
    fn from(e: reglament_core::StepError) -> Self {
        ApiError::internal(e)
    }
}
