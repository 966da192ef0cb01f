//! The outside world answering a waiting application: the payment gateway's callback, a staff
//! decision, and the sweep that wakes waits whose time is up.
//!
//! Each is a transition conditioned on the application's version, retried when a step committed
//! in between, so an answer is never lost between "the step decided to wait" and "the wait was
//! recorded".

use chrono::{DateTime, Utc};
use reglament_store::{Condition, Index, Item, Key, StoreError, Transaction, Write};
use tracing::instrument;

use crate::account::Account;
use crate::application::{Application, Status};
use crate::context::Context;
use crate::error::StepError;
use crate::event::Outcome;
use crate::payment::{self, Payment};
use crate::rules::{Message, StaffAction, Step};
use crate::steps::{load, payment_check::PAYMENT_QUEUE, qualification_check};
use crate::transition::{CommitError, Transition, state_key, task_key, timestamp};

/// How often a wake retries after losing a race with a step.
const ATTEMPTS: usize = 20;

/// Why the outside world's answer was not taken.
#[derive(Debug, thiserror::Error)]
pub enum WakeError {
    #[error("application {0} does not exist")]
    UnknownApplication(String),
    /// The answer does not fit the application's state (HTTP 409).
    #[error("{0}")]
    Conflict(String),
    /// The caller may not answer for this application (HTTP 403).
    #[error("{0}")]
    Forbidden(String),
    /// The answer is malformed (HTTP 422).
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Step(#[from] StepError),
}

impl From<StoreError> for WakeError {
    fn from(e: StoreError) -> Self {
        WakeError::Step(StepError::Store(e))
    }
}

/// What became of a payment callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentRecorded {
    /// Recorded now.
    Recorded,
    /// The same payment id was recorded before; nothing changed.
    AlreadyRecorded,
}

/// Record a payment once per payment id, and wake the payment check if it is current.
#[instrument(skip_all, fields(application = %p.application, payment = %p.payment_id))]
pub async fn record_payment(ctx: &Context, p: &Payment) -> Result<PaymentRecorded, WakeError> {
    let pay_key = Key::new(payment::payments_pk(&p.application), p.payment_id.clone());
    for _ in 0..ATTEMPTS {
        let app = current(ctx, &p.application).await?;
        if let Some(existing) = ctx.store.get(&pay_key).await? {
            let existing: Payment = existing.to_value()?;
            if existing != *p {
                return Err(WakeError::Conflict(format!(
                    "payment {} was recorded before with other data (amount {}, status {:?})",
                    p.payment_id, existing.amount, existing.status
                )));
            }
            return Ok(PaymentRecorded::AlreadyRecorded);
        }
        let pay_write = Write::Put {
            item: Item::from_value(pay_key.clone(), p)?,
            condition: Condition::NotExists,
        };
        let result = if app.step == Some(Step::PaymentCheck) && !app.status.is_final() {
            let mut t = Transition::of(&app, "payment-gateway", ctx.clock.now());
            t.outcome = Outcome::Woken;
            t.actor = "payment-gateway".into();
            t.detail = serde_json::json!({ "payment": p });
            t.state.status = Status::InProgress;
            t.writes.push(pay_write);
            ctx.commit(Some(&app), t).await.map(|_| ())
        } else {
            // Not at the payment step (yet, or any more): keep the payment; the step reads it.
            let guard = Write::Check {
                key: state_key(&app.id),
                condition: Condition::Equals {
                    attr: "version".into(),
                    value: app.version.into(),
                },
            };
            match ctx
                .store
                .transact(Transaction::new(vec![guard, pay_write]))
                .await
            {
                Ok(_) => Ok(()),
                Err(StoreError::ConditionFailed { key, .. }) if key.sk == "STATE" => {
                    Err(CommitError::Lost)
                }
                Err(StoreError::ConditionFailed { key, .. }) => Err(CommitError::Condition(key)),
                Err(e) => Err(CommitError::Store(e)),
            }
        };
        match result {
            Ok(()) => return Ok(PaymentRecorded::Recorded),
            Err(CommitError::Lost) | Err(CommitError::Condition(_)) => continue,
            Err(CommitError::Store(e)) => return Err(e.into()),
        }
    }
    Err(WakeError::Conflict(format!(
        "application {} kept changing; send the callback again",
        p.application
    )))
}

/// What a staff member decides about an application under review.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffDecision {
    /// "approve" or "refuse".
    pub action: String,
    /// Required for a refusal: each reason, in Russian and Kazakh (and English).
    #[serde(default)]
    pub reasons: Vec<Message>,
}

/// Record a staff decision on an application waiting for review and wake the qualification
/// check.
#[instrument(skip_all, fields(application = %id, staff = %staff.login))]
pub async fn decide(
    ctx: &Context,
    id: &str,
    staff: &Account,
    decision: StaffDecision,
) -> Result<Application, WakeError> {
    if !matches!(decision.action.as_str(), "approve" | "refuse") {
        return Err(WakeError::Invalid(format!(
            "action {:?}: use \"approve\" or \"refuse\"",
            decision.action
        )));
    }
    if decision.action == "refuse" && decision.reasons.is_empty() {
        return Err(WakeError::Invalid(
            "a refusal needs at least one reason (reasons: [{ru, kk, en}])".into(),
        ));
    }
    for _ in 0..ATTEMPTS {
        let app = current(ctx, id).await?;
        if !staff.is_staff_of(&app.filing.region) {
            return Err(WakeError::Forbidden(format!(
                "{} is not staff of the {} provider",
                staff.login, app.filing.region
            )));
        }
        if app.step != Some(Step::QualificationCheck) || app.status != Status::Waiting {
            return Err(WakeError::Conflict(format!(
                "application {id} is not waiting for a staff decision (status {}, step {})",
                app.status.name(),
                app.step.map(|s| s.name()).unwrap_or("none")
            )));
        }
        let now = ctx.clock.now();
        let role = staff
            .roles
            .iter()
            .find(|r| r.is_provider_staff())
            .map(|r| r.name())
            .unwrap_or("employee");
        let action = StaffAction {
            role: role.to_string(),
            login: staff.login.clone(),
            action: decision.action.clone(),
            reasons: decision.reasons.clone(),
            at: timestamp(now),
        };
        let mut t = Transition::of(&app, "staff", now);
        t.outcome = Outcome::Woken;
        t.actor = staff.login.clone();
        t.detail = serde_json::json!({ "staff_action": &action });
        t.state.staff_actions.push(action);
        t.state.status = Status::InProgress;
        t.writes.push(Write::Delete {
            key: task_key(id, qualification_check::REVIEW_TASK),
            condition: Condition::None,
        });
        match ctx.commit(Some(&app), t).await {
            Ok(state) => return Ok(state),
            Err(CommitError::Lost) => continue,
            Err(CommitError::Condition(key)) => {
                return Err(WakeError::Conflict(format!("could not write {key}")));
            }
            Err(CommitError::Store(e)) => return Err(e.into()),
        }
    }
    Err(WakeError::Conflict(format!(
        "application {id} kept changing; decide again"
    )))
}

/// Wake every payment wait whose window closed by `now`, so the payment check refuses it.
/// Returns how many applications were woken.
#[instrument(skip_all)]
pub async fn sweep(ctx: &Context, now: DateTime<Utc>) -> Result<usize, WakeError> {
    let now_text = timestamp(now);
    let mut woken = 0;
    for task in ctx
        .store
        .query_index(Index::Inbox, PAYMENT_QUEUE, 500)
        .await?
    {
        let due = task.get("due").and_then(|v| v.as_str()).unwrap_or_default();
        if due > now_text.as_str() {
            break;
        }
        let Some(id) = task.get("application").and_then(|v| v.as_str()) else {
            continue;
        };
        let Ok(app) = current(ctx, id).await else {
            continue;
        };
        if app.step != Some(Step::PaymentCheck) || app.status != Status::Waiting {
            continue;
        }
        let mut t = Transition::of(&app, "sweep", now);
        t.outcome = Outcome::Woken;
        t.detail = serde_json::json!({ "expired": "payment window", "due": due });
        t.state.status = Status::InProgress;
        if ctx.commit(Some(&app), t).await.is_ok() {
            woken += 1;
        }
    }
    Ok(woken)
}

async fn current(ctx: &Context, id: &str) -> Result<Application, WakeError> {
    load(ctx.store.as_ref(), id)
        .await?
        .ok_or_else(|| WakeError::UnknownApplication(id.to_string()))
}
