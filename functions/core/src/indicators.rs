//! The quality and accessibility indicators (показатели «качество» и «доступность»): per region
//! and service, how applicants answered the survey, and the share of applications finished
//! within their term.
//!
//! Kept as items of the one table, so any Store adapter serves the report without a scan:
//!
//! | PK | SK | holds | written by |
//! |---|---|---|---|
//! | `IND#<region>#<service>` | `FINISHED#<finished at>#<id>` | an application that ended: status, due, finish time, within term | the transition that ends it |
//! | `IND#<region>#<service>` | `SURVEY#<finished at>#<id>` | the applicant's two answers | the survey |
//!
//! Both sort keys carry the application's finish time, so a period selects finished
//! applications and their answers alike.

use chrono::{DateTime, NaiveDate};
use reglament_store::{Condition, Item, Key, Store, StoreError, Write};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tracing::instrument;

use crate::application::Application;
use crate::survey::{Answer, SurveyAnswers};

/// The indicator partition of a region's service.
pub fn partition(region: &str, service: &str) -> String {
    format!("IND#{region}#{service}")
}

/// The indicator row of an application that ended (sort key `FINISHED#…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedRow {
    pub application: String,
    pub region: String,
    pub service: String,
    pub status: String,
    /// The overall deadline from registration; none when it ended before registration.
    pub due: Option<String>,
    pub finished_at: String,
    /// Whether it ended by its deadline; none without a deadline.
    pub within_term: Option<bool>,
}

/// The write that records an application's end, when this transition ends it.
pub fn finish_row(
    before: Option<&Application>,
    after: &Application,
) -> Result<Option<Write>, StoreError> {
    let already = before.is_some_and(|b| b.finished_at.is_some());
    let (Some(finished_at), false) = (&after.finished_at, already) else {
        return Ok(None);
    };
    let row = FinishedRow {
        application: after.id.clone(),
        region: after.filing.region.clone(),
        service: after.filing.service.clone(),
        status: after.status.name().to_owned(),
        due: after.due.clone(),
        finished_at: finished_at.clone(),
        within_term: after
            .due
            .as_deref()
            .and_then(|due| within_term(due, finished_at)),
    };
    let key = Key::new(
        partition(&row.region, &row.service),
        format!("FINISHED#{finished_at}#{}", after.id),
    );
    Ok(Some(Write::Put {
        item: Item::from_value(key, &row)?,
        condition: Condition::None,
    }))
}

/// Whether `finished_at` is not later than `due` (both RFC 3339); none if either is not a time.
pub fn within_term(due: &str, finished_at: &str) -> Option<bool> {
    let due = DateTime::parse_from_rfc3339(due).ok()?;
    let finished = DateTime::parse_from_rfc3339(finished_at).ok()?;
    Some(finished <= due)
}

/// The days a report covers, both ends included, by the UTC date the applications ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    /// Whether an RFC 3339 finish time falls in the period.
    pub fn contains(&self, finished_at: &str) -> bool {
        let Some(day) = finished_at
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            return false;
        };
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
    }
}

/// A count and its share of the whole (none when the whole is zero).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub count: u64,
    pub share: Option<f64>,
}

impl Share {
    pub fn of(count: u64, total: u64) -> Share {
        Share {
            count,
            share: (total > 0).then(|| count as f64 / total as f64),
        }
    }
}

/// How the answers to one question split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AnswerShares {
    #[serde(rename = "not-satisfied")]
    pub not_satisfied: Share,
    #[serde(rename = "partially-satisfied")]
    pub partially_satisfied: Share,
    pub satisfied: Share,
}

impl AnswerShares {
    fn of(answers: &[Answer]) -> AnswerShares {
        let total = answers.len() as u64;
        let count = |a: Answer| answers.iter().filter(|x| **x == a).count() as u64;
        AnswerShares {
            not_satisfied: Share::of(count(Answer::NotSatisfied), total),
            partially_satisfied: Share::of(count(Answer::PartiallySatisfied), total),
            satisfied: Share::of(count(Answer::Satisfied), total),
        }
    }
}

/// The indicators of one service in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceIndicators {
    pub service: String,
    /// Applications that ended in the period (issued or refused, at any step).
    pub finished: u64,
    /// Of those, the ones that had a term (they were registered).
    pub with_term: u64,
    /// Of those with a term, the ones that ended by it.
    pub within_term: Share,
    /// Survey answers of applications that ended in the period.
    pub surveys: u64,
    /// «Удовлетворены ли Вы качеством процесса и результатом…»
    pub process_and_result: AnswerShares,
    /// «Удовлетворены ли Вы качеством информации о порядке…»
    pub information: AnswerShares,
}

/// The indicators of each of `services` of `region` in `period`.
#[instrument(skip(store))]
pub async fn report(
    store: &dyn Store,
    region: &str,
    services: &[String],
    period: Period,
) -> Result<Vec<ServiceIndicators>, StoreError> {
    let mut out = Vec::with_capacity(services.len());
    for service in services {
        let pk = partition(region, service);
        let finished: Vec<FinishedRow> = store
            .query(&pk, "FINISHED#")
            .await?
            .iter()
            .map(|item| item.to_value::<FinishedRow>())
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|row| period.contains(&row.finished_at))
            .collect();
        let surveys: Vec<SurveyAnswers> = store
            .query(&pk, "SURVEY#")
            .await?
            .iter()
            .filter(|item| {
                item.get("finished_at")
                    .and_then(Value::as_str)
                    .is_some_and(|at| period.contains(at))
            })
            .map(|item| item.to_value::<SurveyAnswers>())
            .collect::<Result<Vec<_>, _>>()?;
        let with_term: Vec<bool> = finished.iter().filter_map(|r| r.within_term).collect();
        let in_time = with_term.iter().filter(|ok| **ok).count() as u64;
        let first: Vec<Answer> = surveys.iter().map(|s| s.process_and_result).collect();
        let second: Vec<Answer> = surveys.iter().map(|s| s.information).collect();
        out.push(ServiceIndicators {
            service: service.clone(),
            finished: finished.len() as u64,
            with_term: with_term.len() as u64,
            within_term: Share::of(in_time, with_term.len() as u64),
            surveys: surveys.len() as u64,
            process_and_result: AnswerShares::of(&first),
            information: AnswerShares::of(&second),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finish_by_the_deadline_is_within_term() {
        let due = "2013-03-04T17:59:59.999Z";
        assert_eq!(within_term(due, "2013-03-04T17:00:00.000Z"), Some(true));
        assert_eq!(within_term(due, "2013-03-05T03:00:00.000Z"), Some(false));
        assert_eq!(within_term("soon", "2013-03-05T03:00:00.000Z"), None);
    }

    #[test]
    fn a_period_includes_both_ends() {
        let period = Period {
            from: NaiveDate::from_ymd_opt(2013, 2, 1),
            to: NaiveDate::from_ymd_opt(2013, 2, 28),
        };
        assert!(period.contains("2013-02-01T00:00:00.000Z"));
        assert!(period.contains("2013-02-28T23:59:59.000Z"));
        assert!(!period.contains("2013-03-01T00:00:00.000Z"));
        assert!(Period::default().contains("2013-03-01T00:00:00.000Z"));
    }

    #[test]
    fn shares_of_nothing_are_none() {
        assert_eq!(Share::of(0, 0).share, None);
        assert_eq!(Share::of(1, 4).share, Some(0.25));
    }
}
