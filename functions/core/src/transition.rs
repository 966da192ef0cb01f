//! A transition: what a step (or the outside world) did to an application, committed as one
//! transaction — the next event, the new state conditioned on the old version, and whatever else
//! the transition touched (a task, a payment, a document, a counter).

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use reglament_store::{
    Committed, Condition, EVENT_PREFIX, GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK, Item, Key, Numbering,
    Store, StoreError, Transaction, Write,
};
use serde_json::Value;

use crate::application::{Application, Status};
use crate::event::{Event, Outcome, app_pk, event_sk};
use crate::rules::{Limit, Step};

/// Fills a transition with a number allocated in its own transaction (a registration or
/// document number).
pub type NumberFill = Arc<dyn Fn(u64, &mut Transition) + Send + Sync>;

/// A change to an application, not yet committed.
#[derive(Clone)]
pub struct Transition {
    /// What acted: a step name, or "filing", "payment-gateway", "staff", "sweep".
    pub step: String,
    pub outcome: Outcome,
    /// The application after the transition (version and hash are set on commit).
    pub state: Application,
    pub actor: String,
    pub processes: Vec<String>,
    pub limit: Option<Limit>,
    pub due: Option<String>,
    pub detail: Value,
    pub at: DateTime<Utc>,
    /// Further writes of the same transaction.
    pub writes: Vec<Write>,
    /// A counter to draw a number from, and how the number fills the transition.
    pub numbering: Option<(Key, NumberFill)>,
}

impl Transition {
    /// A transition of `before` by `step` at `at`; the caller sets outcome and state changes.
    pub fn of(before: &Application, step: impl Into<String>, at: DateTime<Utc>) -> Transition {
        Transition {
            step: step.into(),
            outcome: Outcome::Passed,
            state: before.clone(),
            actor: "system".to_string(),
            processes: Vec::new(),
            limit: None,
            due: None,
            detail: Value::Null,
            at,
            writes: Vec::new(),
            numbering: None,
        }
    }

    /// The step this transition wakes: the state's step, unless the application waits or ended.
    pub fn next(&self) -> Option<Step> {
        match self.state.status {
            Status::InProgress => self.state.step,
            _ => None,
        }
    }
}

/// RFC 3339 with seconds, as every stored time.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The state item of an application, with its index attributes: the applicant's history
/// (`gsi1`).
pub fn state_item(app: &Application) -> Result<Item, StoreError> {
    let mut item = Item::from_value(Key::new(app_pk(&app.id), "STATE"), app)?;
    item.attrs.insert(
        GSI1_PK.into(),
        Value::String(format!("APPLICANT#{}", app.filing.applicant)),
    );
    item.attrs.insert(
        GSI1_SK.into(),
        Value::String(format!("{}#{}", app.filing.filed_at, app.id)),
    );
    Ok(item)
}

/// An open wait or staff task of an application (`APP#<id> / TASK#<name>`), listed in the
/// `gsi2` partition `queue` ordered by due time.
pub fn task_item(
    app: &Application,
    name: &str,
    queue: &str,
    due: &str,
    detail: Value,
) -> Result<Item, StoreError> {
    let mut attrs = serde_json::Map::new();
    attrs.insert("name".into(), Value::String(name.to_string()));
    attrs.insert("application".into(), Value::String(app.id.clone()));
    attrs.insert("region".into(), Value::String(app.filing.region.clone()));
    attrs.insert("service".into(), Value::String(app.filing.service.clone()));
    attrs.insert("due".into(), Value::String(due.to_string()));
    attrs.insert("detail".into(), detail);
    attrs.insert(GSI2_PK.into(), Value::String(queue.to_string()));
    attrs.insert(GSI2_SK.into(), Value::String(format!("{due}#{}", app.id)));
    Ok(Item::new(task_key(&app.id, name), attrs))
}

pub fn task_key(application: &str, name: &str) -> Key {
    Key::new(app_pk(application), format!("TASK#{name}"))
}

pub fn state_key(application: &str) -> Key {
    Key::new(app_pk(application), "STATE")
}

pub fn request_key(application: &str) -> Key {
    Key::new(app_pk(application), "REQUEST")
}

/// The event and state writes of a transition from `before` (none for a new application), and
/// the state they write.
fn writes(
    before: Option<&Application>,
    mut t: Transition,
) -> Result<(Vec<Write>, Application), StoreError> {
    let (seq, prev_hash) = match before {
        Some(b) => (b.version + 1, b.last_hash.clone()),
        None => (1, crate::event::GENESIS_HASH.to_string()),
    };
    let next = t.next();
    let event = Event {
        application: t.state.id.clone(),
        seq,
        step: t.step,
        outcome: t.outcome,
        next,
        actor: t.actor,
        at: timestamp(t.at),
        processes: t.processes,
        limit: t.limit,
        due: t.due,
        rules_digest: t.state.rules_digest.clone(),
        detail: t.detail,
        prev_hash,
        hash: String::new(),
    }
    .seal();
    t.state.version = seq;
    t.state.last_hash = event.hash.clone();
    let state_condition = match before {
        Some(b) => Condition::Equals {
            attr: "version".into(),
            value: Value::from(b.version),
        },
        None => Condition::NotExists,
    };
    let mut all = vec![
        Write::Put {
            item: Item::from_value(Key::new(app_pk(&event.application), event_sk(seq)), &event)?,
            condition: Condition::NotExists,
        },
        Write::Put {
            item: state_item(&t.state)?,
            condition: state_condition,
        },
    ];
    all.append(&mut t.writes);
    all.extend(crate::indicators::finish_row(before, &t.state)?);
    Ok((all, t.state))
}

/// Why a transition did not commit.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// Another transition of the application committed first (a duplicate delivery or a race);
    /// this one changed nothing.
    #[error("application changed concurrently; this transition was not applied")]
    Lost,
    /// A further write's condition failed (e.g. a payment id recorded already).
    #[error("condition failed on {0}")]
    Condition(Key),
    #[error(transparent)]
    Store(StoreError),
}

/// Commit a transition of `before` (or, with `None`, the filing of a new application).
/// Returns the committed state.
pub async fn commit(
    store: &dyn Store,
    before: Option<&Application>,
    t: Transition,
) -> Result<Application, CommitError> {
    let numbering = t.numbering.clone();
    // The state the committed transaction wrote, whichever number it drew.
    let written: Arc<std::sync::Mutex<Option<Application>>> = Arc::default();
    let tx = match numbering {
        None => {
            let (w, state) = writes(before, t).map_err(CommitError::Store)?;
            *written.lock().unwrap_or_else(|e| e.into_inner()) = Some(state);
            Transaction::new(w)
        }
        Some((counter, fill)) => {
            let before = before.cloned();
            let slot = written.clone();
            Transaction::new(Vec::new()).with_numbering(Numbering {
                counter,
                fill: Box::new(move |n| {
                    let mut t = t.clone();
                    fill(n, &mut t);
                    match writes(before.as_ref(), t) {
                        Ok((w, state)) => {
                            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(state);
                            w
                        }
                        // An item that cannot be encoded must not let the counter move alone:
                        // a check that cannot hold fails the whole transaction.
                        Err(_) => vec![Write::Check {
                            key: Key::new("UNENCODABLE", "TRANSITION"),
                            condition: Condition::Exists,
                        }],
                    }
                }),
            })
        }
    };
    match store.transact(tx).await {
        Ok(Committed { .. }) => written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| {
                CommitError::Store(StoreError::Backend(
                    "the committed state was not recorded".into(),
                ))
            }),
        Err(StoreError::ConditionFailed { key, .. })
            if key.sk == "STATE" || key.sk.starts_with(EVENT_PREFIX) =>
        {
            Err(CommitError::Lost)
        }
        Err(StoreError::ConditionFailed { key, .. }) => Err(CommitError::Condition(key)),
        Err(e) => Err(CommitError::Store(e)),
    }
}
