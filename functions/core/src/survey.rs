//! The survey for the quality and accessibility indicators (the regulations' annex «Форма
//! анкеты для определения показателей электронной государственной услуги: «качество» и
//! «доступность»»): after the result, the applicant answers two questions once per application
//! (DECISIONS 15).
//!
//! The answers are kept twice in one transaction: `APP#<id> / SURVEY` (created only if absent:
//! the once-only guard) and `IND#<region>#<service> / SURVEY#<finished at>#<id>`, the row the
//! indicators report reads (see [`crate::indicators`]).

use chrono::{DateTime, Utc};
use reglament_store::{Condition, Item, Key, Store, StoreError, Transaction, Write};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tracing::instrument;

use crate::account::Account;
use crate::application::Application;
use crate::event::app_pk;
use crate::indicators::partition;
use crate::rules::Message;
use crate::transition::timestamp;

/// An answer to a survey question: 1) не удовлетворен; 2) частично удовлетворен; 3) удовлетворен.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    NotSatisfied,
    PartiallySatisfied,
    Satisfied,
}

impl Answer {
    pub const ALL: [Answer; 3] = [
        Answer::NotSatisfied,
        Answer::PartiallySatisfied,
        Answer::Satisfied,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Answer::NotSatisfied => "not-satisfied",
            Answer::PartiallySatisfied => "partially-satisfied",
            Answer::Satisfied => "satisfied",
        }
    }

    pub fn parse(name: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The answer as the survey form words it.
    pub fn text(self) -> Message {
        let (ru, kk, en) = match self {
            Answer::NotSatisfied => ("не удовлетворен", "қанағаттанған жоқпын", "not satisfied"),
            Answer::PartiallySatisfied => (
                "частично удовлетворен",
                "ішінара қанағаттанамын",
                "partially satisfied",
            ),
            Answer::Satisfied => ("удовлетворен", "қанағаттанамын", "satisfied"),
        };
        Message {
            ru: ru.into(),
            kk: kk.into(),
            en: en.into(),
        }
    }
}

/// One of the survey's two questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// The quality of the process and the result.
    ProcessAndResult,
    /// The quality of the information about the procedure.
    Information,
}

impl Question {
    pub const ALL: [Question; 2] = [Question::ProcessAndResult, Question::Information];

    /// The field that carries the answer.
    pub fn id(self) -> &'static str {
        match self {
            Question::ProcessAndResult => "process_and_result",
            Question::Information => "information",
        }
    }

    /// The question as the regulations word it.
    pub fn text(self) -> Message {
        let (ru, kk, en) = match self {
            Question::ProcessAndResult => (
                "Удовлетворены ли Вы качеством процесса и результатом оказания электронной государственной услуги?",
                "Электрондық мемлекеттік қызметті көрсету үдерісінің сапасына және нәтижесіне қанағаттанасыз ба?",
                "Are you satisfied with the quality of the process and the result of the e-service?",
            ),
            Question::Information => (
                "Удовлетворены ли Вы качеством информации о порядке оказания электронной государственной услуги?",
                "Электрондық мемлекеттік қызметті көрсету тәртібі туралы ақпараттың сапасына қанағаттанасыз ба?",
                "Are you satisfied with the quality of the information about the procedure of the e-service?",
            ),
        };
        Message {
            ru: ru.into(),
            kk: kk.into(),
            en: en.into(),
        }
    }
}

/// An applicant's answers for one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswers {
    pub application: String,
    pub region: String,
    pub service: String,
    pub process_and_result: Answer,
    pub information: Answer,
    /// RFC 3339 time of the answer.
    pub answered_at: String,
    /// RFC 3339 time the application ended.
    pub finished_at: String,
}

/// Why a survey answer was not taken.
#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    #[error("{field}: {problem}")]
    Field { field: String, problem: String },
    #[error("only the applicant answers the survey of application {0}")]
    NotApplicant(String),
    #[error("application {id} is {status}; the survey opens when it is issued or refused")]
    NotFinished { id: String, status: &'static str },
    #[error("the survey of application {0} was answered already; it is answered once")]
    Answered(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The `APP#<id> / SURVEY` key.
pub fn survey_key(application: &str) -> Key {
    Key::new(app_pk(application), "SURVEY")
}

/// The two answers of a request body `{"process_and_result": …, "information": …}`, naming the
/// field at fault.
pub fn parse(body: &Value) -> Result<(Answer, Answer), SurveyError> {
    let Some(map) = body.as_object() else {
        return Err(SurveyError::Field {
            field: "body".into(),
            problem: "send a JSON object with \"process_and_result\" and \"information\"".into(),
        });
    };
    if let Some(unknown) = map
        .keys()
        .find(|k| !Question::ALL.iter().any(|q| q.id() == k.as_str()))
    {
        return Err(SurveyError::Field {
            field: unknown.clone(),
            problem: "not a survey question; the questions are process_and_result and information"
                .into(),
        });
    }
    let answer = |question: Question| {
        let field = question.id();
        let problem = |what: String| SurveyError::Field {
            field: field.into(),
            problem: format!("{what}; answer not-satisfied, partially-satisfied or satisfied"),
        };
        match map.get(field) {
            None | Some(Value::Null) => Err(problem("missing".into())),
            Some(Value::String(name)) => {
                Answer::parse(name).ok_or_else(|| problem(format!("{name:?} is not an answer")))
            }
            Some(other) => Err(problem(format!("{other} is not an answer"))),
        }
    };
    Ok((
        answer(Question::ProcessAndResult)?,
        answer(Question::Information)?,
    ))
}

/// Whether the account is the application's applicant: the portal account of its IIN/BIN, or
/// the portal account that filed it (an application refused at login names someone else).
pub fn is_applicant(caller: &Account, app: &Application) -> bool {
    caller.is_applicant()
        && (caller.taxpayer_id.as_deref() == Some(app.filing.applicant.as_str())
            || caller.login == app.filing.filed_by)
}

/// The answers recorded for an application, if any.
pub async fn load(
    store: &dyn Store,
    application: &str,
) -> Result<Option<SurveyAnswers>, StoreError> {
    match store.get(&survey_key(application)).await? {
        Some(item) => item.to_value().map(Some),
        None => Ok(None),
    }
}

/// Record the applicant's answers for a finished application, once.
#[instrument(skip(store, caller, body), fields(caller = %caller.login, application = %app.id))]
pub async fn answer(
    store: &dyn Store,
    caller: &Account,
    app: &Application,
    body: &Value,
    now: DateTime<Utc>,
) -> Result<SurveyAnswers, SurveyError> {
    if !is_applicant(caller, app) {
        return Err(SurveyError::NotApplicant(app.id.clone()));
    }
    let finished_at = match (&app.finished_at, app.status.is_final()) {
        (Some(at), true) => at.clone(),
        _ => {
            return Err(SurveyError::NotFinished {
                id: app.id.clone(),
                status: app.status.name(),
            });
        }
    };
    let (process_and_result, information) = parse(body)?;
    let answers = SurveyAnswers {
        application: app.id.clone(),
        region: app.filing.region.clone(),
        service: app.filing.service.clone(),
        process_and_result,
        information,
        answered_at: timestamp(now),
        finished_at: finished_at.clone(),
    };
    let row = Key::new(
        partition(&answers.region, &answers.service),
        format!("SURVEY#{finished_at}#{}", app.id),
    );
    let tx = Transaction::new(vec![
        Write::Put {
            item: Item::from_value(survey_key(&app.id), &answers)?,
            condition: Condition::NotExists,
        },
        Write::Put {
            item: Item::from_value(row, &answers)?,
            condition: Condition::NotExists,
        },
    ]);
    match store.transact(tx).await {
        Ok(_) => Ok(answers),
        Err(StoreError::ConditionFailed { .. }) => Err(SurveyError::Answered(app.id.clone())),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_answers_parse() {
        let body = json!({"process_and_result": "satisfied", "information": "not-satisfied"});
        assert!(matches!(
            parse(&body),
            Ok((Answer::Satisfied, Answer::NotSatisfied))
        ));
    }

    #[test]
    fn a_bad_answer_names_its_field() {
        for (body, field) in [
            (
                json!({"process_and_result": "meh", "information": "satisfied"}),
                "process_and_result",
            ),
            (json!({"process_and_result": "satisfied"}), "information"),
            (
                json!({"process_and_result": "satisfied", "information": 3}),
                "information",
            ),
            (
                json!({"process_and_result": "satisfied", "information": "satisfied", "mood": 1}),
                "mood",
            ),
            (json!(["satisfied"]), "body"),
        ] {
            match parse(&body) {
                Err(SurveyError::Field { field: f, .. }) => assert_eq!(f, field, "{body}"),
                other => panic!("{body}: {other:?}"),
            }
        }
    }
}
