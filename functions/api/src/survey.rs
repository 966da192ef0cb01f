//! The survey of an application: `GET /v1/applications/{id}/survey` (the two questions, their
//! answers, and what was answered) and `POST /v1/applications/{id}/survey` (the applicant
//! answers once, after the result).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use reglament_core::rules::Message;
use reglament_core::steps;
use reglament_core::survey::{self, Answer, Question, SurveyAnswers, SurveyError};
use serde::Serialize;
use serde_json::Value;
use tracing::instrument;

use crate::applications::may_read;
use crate::body::Body;
use crate::caller::Caller;
use crate::error::ApiError;
use crate::state::ApiState;

/// A survey question with the answers it admits.
#[derive(Debug, Serialize)]
pub struct QuestionView {
    /// The request field that carries the answer.
    pub id: &'static str,
    pub text: Message,
    pub answers: Vec<AnswerView>,
}

#[derive(Debug, Serialize)]
pub struct AnswerView {
    pub id: &'static str,
    pub text: Message,
}

/// The survey of one application.
#[derive(Debug, Serialize)]
pub struct SurveyView {
    pub application: String,
    /// Whether the applicant may answer now: the application ended and it is not answered yet.
    pub open: bool,
    pub questions: Vec<QuestionView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<SurveyAnswers>,
}

impl From<SurveyError> for ApiError {
    fn from(e: SurveyError) -> Self {
        match e {
            SurveyError::Field { field, problem } => ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                &field,
                format!("{field}: {problem}"),
            ),
            SurveyError::NotApplicant(_) => ApiError::forbidden(e.to_string()),
            SurveyError::NotFinished { .. } => {
                ApiError::new(StatusCode::CONFLICT, "not-finished", e.to_string())
            }
            SurveyError::Answered(_) => {
                ApiError::new(StatusCode::CONFLICT, "survey-answered", e.to_string())
            }
            SurveyError::Store(e) => ApiError::internal(e),
        }
    }
}

async fn readable(
    state: &ApiState,
    caller: &reglament_core::account::Account,
    id: &str,
) -> Result<reglament_core::application::Application, ApiError> {
    steps::load(state.ctx.store.as_ref(), id)
        .await?
        .filter(|app| may_read(caller, app))
        .ok_or_else(|| ApiError::not_found(format!("no application {id} that you may see")))
}

#[instrument(skip_all, fields(caller = %caller.login, application = %id))]
pub async fn get(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> Result<Json<SurveyView>, ApiError> {
    let app = readable(&state, &caller, &id).await?;
    let answered = survey::load(state.ctx.store.as_ref(), &id).await?;
    Ok(Json(SurveyView {
        application: id,
        open: app.status.is_final() && answered.is_none(),
        questions: Question::ALL
            .into_iter()
            .map(|q| QuestionView {
                id: q.id(),
                text: q.text(),
                answers: Answer::ALL
                    .into_iter()
                    .map(|a| AnswerView {
                        id: a.name(),
                        text: a.text(),
                    })
                    .collect(),
            })
            .collect(),
        answered,
    }))
}

#[instrument(skip_all, fields(caller = %caller.login, application = %id))]
pub async fn answer(
    State(state): State<ApiState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> Result<(StatusCode, Json<SurveyAnswers>), ApiError> {
    let app = readable(&state, &caller, &id).await?;
    let answers = survey::answer(
        state.ctx.store.as_ref(),
        &caller,
        &app,
        &body,
        state.ctx.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(answers)))
}
