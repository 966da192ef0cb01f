//! `qualification-check`: the provider's check of the qualification requirements and grounds
//! (Akmola C4 portal / C3 provider; the ecological acts' C3, with the WKO 2015 staff workflow).
//!
//! The region's rules decide, given what staff (and the applicant) have done so far:
//! - approve → issue; conclude → issue the expertise conclusion with its verdict;
//! - refuse → a motivated refusal (`refused`), incomplete → a motivated refusal (`incomplete`),
//!   each formed by the issue step;
//! - review → one task in the provider's inbox (`TASK#review`, queue `INBOX#<region>`), due by
//!   the task's limit from now or, when the rules say so, from registration; the application
//!   waits until a staff member of the task's role answers through the API;
//! - remarks → the remarks go to the applicant, and the application waits for the correction
//!   (`TASK#correction`, queue `CORRECTION#<region>`), due by the rules' correction term; the
//!   applicant's correction or the sweep at the due time wakes this step again.

use chrono::{DateTime, Utc};
use reglament_store::{Condition, Write};
use tracing::instrument;

use crate::application::{Application, Status};
use crate::context::Context;
use crate::error::StepError;
use crate::event::Outcome;
use crate::refusal::Refusal;
use crate::rules::{Decision, RefusalCode, RegionRules, RemarksRequest, StaffTask, Step};
use crate::steps::{pass, refusal_rule, refuse, rule_of};
use crate::term;
use crate::transition::{Transition, task_item, task_key, timestamp};

/// The inbox of a region's provider staff, ordered by due time.
pub fn inbox_queue(region: &str) -> String {
    format!("INBOX#{region}")
}

/// The name of the review task.
pub const REVIEW_TASK: &str = "review";

/// The name of the applicant's correction task.
pub const CORRECTION_TASK: &str = "correction";

/// The queue of a region's applications waiting for the applicant's correction of remarks,
/// ordered by due time (the sweep reads it).
pub fn correction_queue(region: &str) -> String {
    format!("CORRECTION#{region}")
}

#[instrument(level = "debug", skip_all, fields(application = %app.id))]
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let decision = rules.decide(&app.for_rules(), &app.staff_actions)?;
    let refusal_of = |code: RefusalCode, reasons: &[crate::rules::Message]| {
        let rule = rule_of(app, rules, Step::QualificationCheck)?;
        let refusal = Refusal::from_rule(refusal_rule(rule, code)?, reasons.to_vec());
        refuse(app, rules, Step::QualificationCheck, refusal, now)
    };
    let mut t = match &decision {
        Decision::Approve => pass(ctx, app, rules, Step::QualificationCheck, now)?,
        Decision::Conclude(conclusion) => {
            let mut t = pass(ctx, app, rules, Step::QualificationCheck, now)?;
            t.state.conclusion = Some(conclusion.clone());
            t
        }
        Decision::Refuse(reasons) => refusal_of(RefusalCode::Refused, reasons)?,
        Decision::Incomplete(missing) => refusal_of(RefusalCode::Incomplete, missing)?,
        Decision::Review(tasks) => return review(ctx, app, rules, tasks, now),
        Decision::Remarks(request) => return remarks(ctx, app, rules, request, now),
    };
    t.detail = merge(t.detail, serde_json::json!({ "decision": decision }));
    t.state.overdue = None;
    t.writes.extend(close_tasks(app));
    Ok(t)
}

/// Deletes of both waits of this step (a missing item is fine).
fn close_tasks(app: &Application) -> [Write; 2] {
    [REVIEW_TASK, CORRECTION_TASK].map(|name| Write::Delete {
        key: task_key(&app.id, name),
        condition: Condition::None,
    })
}

/// An open wait of this step: the task item's name and queue, its due time and what it asks.
struct Wait<'a> {
    name: &'a str,
    queue: String,
    due: String,
    detail: serde_json::Value,
}

/// A waiting transition of this step on `wait`: the task is written, the other wait closed.
fn waiting(
    app: &Application,
    rules: &dyn RegionRules,
    decision: Decision,
    wait: Wait<'_>,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let rule = rule_of(app, rules, Step::QualificationCheck)?;
    let mut t = Transition::of(app, Step::QualificationCheck.name(), now);
    t.outcome = Outcome::Waiting;
    t.processes = rule.processes.clone();
    t.limit = rule.limit;
    t.due = Some(wait.due.clone());
    t.detail = serde_json::json!({ "decision": decision });
    t.state.status = Status::Waiting;
    t.state.step_due = Some(wait.due.clone());
    t.state.overdue = None;
    let opened = task_key(&app.id, wait.name);
    t.writes
        .extend(close_tasks(app).into_iter().filter(|w| match w {
            Write::Delete { key, .. } => key != &opened,
            _ => true,
        }));
    t.writes.push(Write::Put {
        item: task_item(app, wait.name, &wait.queue, &wait.due, wait.detail)?,
        condition: Condition::None,
    });
    Ok(t)
}

/// Send the remarks to the applicant and wait for the correction.
fn remarks(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    request: &RemarksRequest,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let tz = term::parse_time_zone(&rules.regulation().time_zone)?;
    let due = timestamp(term::due(now, request.correction, tz, ctx.calendar)?);
    let wait = Wait {
        name: CORRECTION_TASK,
        queue: correction_queue(&app.filing.region),
        due,
        detail: serde_json::json!({
            "role": "applicant", "action": "correct", "remarks": request.remarks,
            "correction": request.correction,
        }),
    };
    waiting(app, rules, Decision::Remarks(request.clone()), wait, now)
}

/// Send the application to the provider's staff and wait.
fn review(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    tasks: &[StaffTask],
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let task = tasks.first().ok_or_else(|| {
        StepError::Invariant(format!(
            "rules {} asked for a review with no task",
            rules.digest()
        ))
    })?;
    let due = match task.limit {
        Some(limit) => {
            let tz = term::parse_time_zone(&rules.regulation().time_zone)?;
            let start = match (&app.registered_at, task.from_registration) {
                (Some(at), true) => DateTime::parse_from_rfc3339(at)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| {
                        StepError::Invariant(format!("registered_at {at:?} is not RFC 3339: {e}"))
                    })?,
                _ => now,
            };
            timestamp(term::due(start, limit, tz, ctx.calendar)?)
        }
        None => app.due.clone().unwrap_or_else(|| timestamp(now)),
    };
    let wait = Wait {
        name: REVIEW_TASK,
        queue: inbox_queue(&app.filing.region),
        due,
        detail: serde_json::json!({
            "role": task.role, "action": task.action, "instruction": task.instruction,
            "outcomes": task.answers(), "limit": task.limit,
            "from_registration": task.from_registration,
        }),
    };
    waiting(app, rules, Decision::Review(tasks.to_vec()), wait, now)
}

fn merge(base: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    match (base, extra) {
        (serde_json::Value::Object(mut a), serde_json::Value::Object(b)) => {
            a.extend(b);
            serde_json::Value::Object(a)
        }
        (serde_json::Value::Null, extra) => extra,
        (base, _) => base,
    }
}
