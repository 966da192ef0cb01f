//! The outside world answering a waiting application: the payment gateway's callback, a staff
//! decision, the applicant's correction of remarks, and the sweep that wakes waits whose time is
//! up and marks open tasks past their due time as overdue.
//!
//! Each is a transition conditioned on the application's version, retried when a step committed
//! in between, so an answer is never lost between "the step decided to wait" and "the wait was
//! recorded".

use chrono::{DateTime, Utc};
use reglament_store::{Condition, Index, Item, Key, StoreError, Transaction, Write};
use tracing::instrument;

use crate::account::{Account, Role};
use crate::application::{Application, Status};
use crate::context::Context;
use crate::error::StepError;
use crate::event::Outcome;
use crate::payment::{self, Payment};
use crate::rules::{Message, StaffAction, Step, answer_needs_reasons};
use crate::steps::qualification_check::{
    CORRECTION_TASK, REVIEW_TASK, correction_queue, inbox_queue,
};
use crate::steps::{load, payment_check::PAYMENT_QUEUE};
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

/// What a staff member answers to the open task of an application under review.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffDecision {
    /// One of the task's answers, e.g. "approve", "refuse", "agreed", "registered".
    pub action: String,
    /// Required for "refuse", "refusal", "incomplete" and "remarks": each reason, in Russian and
    /// Kazakh (and English).
    #[serde(default)]
    pub reasons: Vec<Message>,
}

/// The open review task as the staff see it: the role that does it and the answers it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenTask {
    pub role: String,
    pub action: String,
    pub answers: Vec<String>,
}

impl OpenTask {
    /// The open review task of an application, if any. A task without answers takes "approve"
    /// or "refuse"; one without a role is for any member of the provider's staff.
    pub async fn of(ctx: &Context, id: &str) -> Result<Option<OpenTask>, WakeError> {
        let Some(item) = ctx.store.get(&task_key(id, REVIEW_TASK)).await? else {
            return Ok(None);
        };
        let detail = item.get("detail").cloned().unwrap_or_default();
        let text = |name: &str| detail.get(name).and_then(|v| v.as_str()).map(String::from);
        let answers: Vec<String> = detail
            .get("outcomes")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .filter(|a: &Vec<String>| !a.is_empty())
            .unwrap_or_else(|| vec!["approve".into(), "refuse".into()]);
        Ok(Some(OpenTask {
            role: text("role").unwrap_or_else(|| "provider".into()),
            action: text("action").unwrap_or_else(|| "review".into()),
            answers,
        }))
    }

    /// The role under which `staff` may answer, or why not: the task's role, or any provider
    /// role when the task is for the whole provider ("provider").
    pub fn role_of(&self, staff: &Account) -> Result<String, String> {
        if self.role == "provider" {
            return staff
                .roles
                .iter()
                .find(|r| r.is_provider_staff())
                .map(|r| r.name().to_string())
                .ok_or_else(|| format!("{} is not provider staff", staff.login));
        }
        match Role::parse(&self.role) {
            Some(role) if staff.has_role(role) => Ok(self.role.clone()),
            _ => Err(format!(
                "the task \"{}\" is for the role {}; {} has {}",
                self.action,
                self.role,
                staff.login,
                staff
                    .roles
                    .iter()
                    .map(|r| r.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// Record a staff answer to the open task of an application waiting for review and wake the
/// qualification check. Only a member of the provider's staff with the task's role may answer,
/// and only with one of the task's answers.
#[instrument(skip_all, fields(application = %id, staff = %staff.login))]
pub async fn decide(
    ctx: &Context,
    id: &str,
    staff: &Account,
    decision: StaffDecision,
) -> Result<Application, WakeError> {
    if answer_needs_reasons(&decision.action) && decision.reasons.is_empty() {
        return Err(WakeError::Invalid(format!(
            "the answer {:?} needs at least one reason (reasons: [{{ru, kk, en}}])",
            decision.action
        )));
    }
    for _ in 0..ATTEMPTS {
        let app = current(ctx, id).await?;
        if !staff.is_staff_of(&app.filing.region) {
            return Err(WakeError::Forbidden(format!(
                "{} is not staff of the {} provider",
                staff.login, app.filing.region
            )));
        }
        let task = match OpenTask::of(ctx, id).await? {
            Some(task)
                if app.step == Some(Step::QualificationCheck) && app.status == Status::Waiting =>
            {
                task
            }
            _ => {
                return Err(WakeError::Conflict(format!(
                    "application {id} is not waiting for a staff decision (status {}, step {})",
                    app.status.name(),
                    app.step.map(|s| s.name()).unwrap_or("none")
                )));
            }
        };
        let role = task.role_of(staff).map_err(WakeError::Forbidden)?;
        if !task.answers.contains(&decision.action) {
            return Err(WakeError::Invalid(format!(
                "action {:?}: the task \"{}\" takes {}",
                decision.action,
                task.action,
                task.answers
                    .iter()
                    .map(|a| format!("{a:?}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )));
        }
        let now = ctx.clock.now();
        let action = StaffAction {
            role,
            login: staff.login.clone(),
            action: decision.action.clone(),
            reasons: decision.reasons.clone(),
            at: timestamp(now),
        };
        let result = wake_with(ctx, &app, "staff", &staff.login, action, REVIEW_TASK, now).await;
        if let Some(done) = settled(result) {
            return done;
        }
    }
    Err(WakeError::Conflict(format!(
        "application {id} kept changing; decide again"
    )))
}

/// What the applicant sends back after remarks.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// What was corrected, in the applicant's words (any language given fills the others).
    #[serde(default)]
    pub note: Option<String>,
    /// Kinds of the corrected documents now attached.
    #[serde(default)]
    pub documents: Vec<String>,
}

/// Record the applicant's correction of remarks, in time, and wake the qualification check. Only
/// the applicant (the portal account of the application's IIN/BIN) may correct, and only while
/// the correction term runs; after it the sweep records the term as expired.
#[instrument(skip_all, fields(application = %id, applicant = %applicant.login))]
pub async fn correct(
    ctx: &Context,
    id: &str,
    applicant: &Account,
    correction: Correction,
) -> Result<Application, WakeError> {
    for _ in 0..ATTEMPTS {
        let app = current(ctx, id).await?;
        if applicant.taxpayer_id.as_deref() != Some(app.filing.applicant.as_str())
            || !applicant.is_applicant()
        {
            return Err(WakeError::Forbidden(format!(
                "only the applicant {} may correct application {id}",
                app.filing.applicant
            )));
        }
        let Some(task) = ctx.store.get(&task_key(id, CORRECTION_TASK)).await? else {
            return Err(WakeError::Conflict(format!(
                "application {id} is not waiting for a correction (status {})",
                app.status.name()
            )));
        };
        let due = task.get("due").and_then(|v| v.as_str()).unwrap_or_default();
        let now = ctx.clock.now();
        if timestamp(now).as_str() > due {
            return Err(WakeError::Conflict(format!(
                "the correction term of application {id} ended at {due}"
            )));
        }
        let note = correction.note.clone().unwrap_or_default();
        let action = StaffAction {
            role: "applicant".into(),
            login: applicant.login.clone(),
            action: "corrected".into(),
            reasons: vec![Message {
                ru: note.clone(),
                kk: note.clone(),
                en: note,
            }],
            at: timestamp(now),
        };
        let result = wake_with(
            ctx,
            &app,
            "applicant",
            &applicant.login,
            action,
            CORRECTION_TASK,
            now,
        )
        .await;
        if let Some(done) = settled(result) {
            return done;
        }
    }
    Err(WakeError::Conflict(format!(
        "application {id} kept changing; send the correction again"
    )))
}

/// What a wake's commit means to its retry loop: the answer, or `None` to try again after
/// losing a race with a step.
fn settled(result: Result<Application, CommitError>) -> Option<Result<Application, WakeError>> {
    match result {
        Ok(state) => Some(Ok(state)),
        Err(CommitError::Lost) => None,
        Err(CommitError::Condition(key)) => {
            Some(Err(WakeError::Conflict(format!("could not write {key}"))))
        }
        Err(CommitError::Store(e)) => Some(Err(e.into())),
    }
}

/// Append `action` to the application's actions, close the task `closes`, and wake the
/// qualification check.
async fn wake_with(
    ctx: &Context,
    app: &Application,
    step: &str,
    actor: &str,
    action: StaffAction,
    closes: &str,
    now: DateTime<Utc>,
) -> Result<Application, CommitError> {
    let mut t = Transition::of(app, step, now);
    t.outcome = Outcome::Woken;
    t.actor = actor.to_string();
    t.detail = serde_json::json!({ "staff_action": &action });
    t.state.staff_actions.push(action);
    t.state.status = Status::InProgress;
    t.state.overdue = None;
    t.writes.push(Write::Delete {
        key: task_key(&app.id, closes),
        condition: Condition::None,
    });
    ctx.commit(Some(app), t).await
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
    let mut regions: Vec<String> = ctx
        .rules
        .catalogue()
        .iter()
        .map(|r| r.regulation().region.clone())
        .collect();
    regions.sort();
    regions.dedup();
    for region in &regions {
        woken += expire_corrections(ctx, region, now).await?;
        mark_overdue(ctx, region, now).await?;
    }
    Ok(woken)
}

/// Record `correction-expired` on every correction wait of the region due by `now`, and wake
/// the qualification check (which gives the negative conclusion). Returns how many were woken.
async fn expire_corrections(
    ctx: &Context,
    region: &str,
    now: DateTime<Utc>,
) -> Result<usize, WakeError> {
    let now_text = timestamp(now);
    let mut woken = 0;
    for task in ctx
        .store
        .query_index(Index::Inbox, &correction_queue(region), 500)
        .await?
    {
        let due = task.get("due").and_then(|v| v.as_str()).unwrap_or_default();
        if due >= now_text.as_str() {
            break;
        }
        let Some(id) = task.get("application").and_then(|v| v.as_str()) else {
            continue;
        };
        let Ok(app) = current(ctx, id).await else {
            continue;
        };
        if app.step != Some(Step::QualificationCheck) || app.status != Status::Waiting {
            continue;
        }
        let action = StaffAction {
            role: "system".into(),
            login: "system".into(),
            action: "correction-expired".into(),
            reasons: Vec::new(),
            at: timestamp(now),
        };
        if wake_with(ctx, &app, "sweep", "system", action, CORRECTION_TASK, now)
            .await
            .is_ok()
        {
            woken += 1;
        }
    }
    Ok(woken)
}

/// How many inbox tasks one read of the overdue sweep takes; when all of them are overdue the
/// sweep reads again, twice as many, until it reaches a task not yet due.
const OVERDUE_BATCH: usize = 1000;

/// Append an `overdue` event, once, to every application whose open staff task in the region's
/// inbox is past its due time by `now`; the application itself keeps waiting. Marked tasks keep
/// their place in the inbox (soonest due first), so a backlog longer than one read is read again
/// with a larger limit until the first task not yet due.
async fn mark_overdue(ctx: &Context, region: &str, now: DateTime<Utc>) -> Result<(), WakeError> {
    let now_text = timestamp(now);
    let mut limit = OVERDUE_BATCH;
    loop {
        let tasks = ctx
            .store
            .query_index(Index::Inbox, &inbox_queue(region), limit)
            .await?;
        let full = tasks.len() == limit;
        for task in tasks {
            let due = task.get("due").and_then(|v| v.as_str()).unwrap_or_default();
            if due >= now_text.as_str() {
                return Ok(());
            }
            mark_task_overdue(ctx, task, now).await?;
        }
        if !full {
            return Ok(());
        }
        limit = limit.saturating_mul(2);
    }
}

/// Mark one overdue inbox task and its application, unless already marked or moved on.
async fn mark_task_overdue(ctx: &Context, task: Item, now: DateTime<Utc>) -> Result<(), WakeError> {
    if task.get("overdue").and_then(|v| v.as_bool()) == Some(true) {
        return Ok(());
    }
    let due = task
        .get("due")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    let Some(id) = task.get("application").and_then(|v| v.as_str()) else {
        return Ok(());
    };
    let Ok(app) = current(ctx, id).await else {
        return Ok(());
    };
    if app.status != Status::Waiting || app.overdue.is_some() {
        return Ok(());
    }
    let mut marked = task.clone();
    marked
        .attrs
        .insert("overdue".into(), serde_json::Value::Bool(true));
    let mut t = Transition::of(&app, "sweep", now);
    t.outcome = Outcome::Overdue;
    t.due = Some(due.to_string());
    t.detail = serde_json::json!({
        "overdue": task.get("name"), "due": due, "task": task.get("detail"),
    });
    t.state.overdue = Some(due.to_string());
    t.writes.push(Write::Put {
        item: marked,
        condition: Condition::Exists,
    });
    // A step that moved on in between wins; the next sweep looks again.
    let _ = ctx.commit(Some(&app), t).await;
    Ok(())
}

async fn current(ctx: &Context, id: &str) -> Result<Application, WakeError> {
    load(ctx.store.as_ref(), id)
        .await?
        .ok_or_else(|| WakeError::UnknownApplication(id.to_string()))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::Duration;
    use reglament_store::sqlite::SqliteStore;
    use reglament_store::{Store, Transaction, Write};

    use super::*;
    use crate::application::Filing;
    use crate::calendar::Calendar;
    use crate::clock::ManualClock;
    use crate::rules::{ApplicantKind, Channel, RegionRules, RequestKind, RulesError, RulesSource};
    use crate::signature::TrustStore;
    use crate::transition::{state_item, task_item};

    const REGION: &str = "west-kazakhstan";

    /// No rules at all: marking overdue tasks reads only the store.
    struct NoRules;

    impl RulesSource for NoRules {
        fn in_force(&self, region: &str, _: &str) -> Result<Arc<dyn RegionRules>, RulesError> {
            Err(RulesError::NotFound(region.into()))
        }
        fn by_digest(&self, digest: &str) -> Result<Arc<dyn RegionRules>, RulesError> {
            Err(RulesError::NotFound(digest.into()))
        }
        fn catalogue(&self) -> Vec<Arc<dyn RegionRules>> {
            Vec::new()
        }
    }

    fn context(store: Arc<dyn Store>, now: DateTime<Utc>) -> Context {
        Context {
            store,
            rules: Arc::new(NoRules),
            trust: Arc::new(TrustStore::new()),
            clock: Arc::new(ManualClock::at(now)),
            calendar: Calendar::kazakhstan(),
            provider_keys: Default::default(),
            settings: Default::default(),
            recent: Default::default(),
        }
    }

    /// Application `n` waiting at the qualification check for the office's task.
    fn waiting(n: usize, overdue: Option<&str>) -> Application {
        let filing = Filing {
            region: REGION.into(),
            service: "emission-permit".into(),
            kind: RequestKind::Issue,
            channel: Channel::Portal,
            applicant: "000000000000".into(),
            applicant_kind: ApplicantKind::LegalEntity,
            category: Some("II".into()),
            form: serde_json::Value::Null,
            documents: Vec::new(),
            signature: None,
            filed_by: "000000000000".into(),
            filed_at: "2015-11-02T05:00:00.000Z".into(),
            filed_on: "2015-11-02".into(),
        };
        Application {
            status: Status::Waiting,
            version: 5,
            last_hash: "hash".into(),
            overdue: overdue.map(String::from),
            ..Application::filed(
                format!("app-{n:05}"),
                filing,
                "digest".into(),
                Step::QualificationCheck,
            )
        }
    }

    /// Store each application with its open review task due at `due`, marked when it is.
    async fn open_tasks(store: &dyn Store, apps: &[(Application, String)]) {
        for chunk in apps.chunks(50) {
            let mut writes = Vec::new();
            for (app, due) in chunk {
                let mut task = task_item(
                    app,
                    REVIEW_TASK,
                    &inbox_queue(REGION),
                    due,
                    serde_json::json!({"role": "office", "action": "register"}),
                )
                .unwrap();
                if app.overdue.is_some() {
                    task.attrs.insert("overdue".into(), true.into());
                }
                writes.push(Write::Put {
                    item: state_item(app).unwrap(),
                    condition: Condition::None,
                });
                writes.push(Write::Put {
                    item: task,
                    condition: Condition::None,
                });
            }
            store.transact(Transaction::new(writes)).await.unwrap();
        }
    }

    #[tokio::test]
    async fn the_overdue_sweep_reads_past_a_backlog_longer_than_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path().join("db")).unwrap());
        let now = DateTime::parse_from_rfc3339("2015-11-02T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ctx = context(store.clone(), now);
        let due = |minutes: i64| timestamp(now + Duration::minutes(minutes));
        // A backlog of tasks already marked, longer than one read, due before everything else;
        // then three overdue tasks not yet marked, and two not yet due.
        let backlog = OVERDUE_BATCH + 150;
        let mut apps: Vec<(Application, String)> = (0..backlog)
            .map(|n| {
                let due = due(-10_000 + n as i64);
                (waiting(n, Some(&due)), due)
            })
            .collect();
        let late: Vec<usize> = (backlog..backlog + 3).collect();
        apps.extend(
            late.iter()
                .map(|&n| (waiting(n, None), due(-30 + n as i64 - backlog as i64))),
        );
        let early = [backlog + 3, backlog + 4];
        apps.extend(early.iter().map(|&n| (waiting(n, None), due(60))));
        open_tasks(store.as_ref(), &apps).await;

        mark_overdue(&ctx, REGION, now).await.unwrap();
        mark_overdue(&ctx, REGION, now).await.unwrap();

        let state = |n: usize| {
            let store = store.clone();
            async move {
                load(store.as_ref(), &format!("app-{n:05}"))
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        for &n in &late {
            let (_, task_due) = &apps[n];
            let app = state(n).await;
            assert_eq!(app.overdue.as_deref(), Some(task_due.as_str()), "app {n}");
            assert_eq!(app.version, 6, "one overdue event for app {n}");
            assert_eq!(app.status, Status::Waiting, "app {n} keeps waiting");
            let task = store
                .get(&task_key(&app.id, REVIEW_TASK))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(task.get("overdue"), Some(&serde_json::Value::Bool(true)));
            let event = store
                .get(&Key::new(
                    crate::event::app_pk(&app.id),
                    crate::event::event_sk(6),
                ))
                .await
                .unwrap()
                .unwrap()
                .to_value::<crate::event::Event>()
                .unwrap();
            assert_eq!(event.outcome, Outcome::Overdue);
            assert_eq!(event.due.as_deref(), Some(task_due.as_str()));
        }
        for n in early.into_iter().chain([0, OVERDUE_BATCH - 1, backlog - 1]) {
            let app = state(n).await;
            assert_eq!(app.version, 5, "app {n} is untouched");
        }
    }
}
