//! `qualification-check`: the provider's check of the qualification requirements and grounds
//! (Akmola C4 portal / C3 provider).
//!
//! The region's rules decide, given what staff have done so far: approve → issue; refuse → a
//! motivated refusal (portal P10 / provider P8) formed by the issue step; review → a task in the
//! provider's inbox, and the application waits until staff decide through the API, which wakes
//! this step again.

use chrono::{DateTime, Utc};
use reglament_store::{Condition, Write};
use tracing::instrument;

use crate::application::{Application, Status};
use crate::context::Context;
use crate::error::StepError;
use crate::event::Outcome;
use crate::refusal::Refusal;
use crate::rules::{Decision, RefusalCode, RegionRules, StaffTask, Step};
use crate::steps::{pass, refusal_rule, refuse, rule_of};
use crate::term;
use crate::transition::{Transition, task_item, task_key, timestamp};

/// The inbox of a region's provider staff, ordered by due time.
pub fn inbox_queue(region: &str) -> String {
    format!("INBOX#{region}")
}

/// The name of the review task.
pub const REVIEW_TASK: &str = "review";

#[instrument(level = "debug", skip_all, fields(application = %app.id))]
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let decision = rules.decide(&app.for_rules(), &app.staff_actions)?;
    let close_task = Write::Delete {
        key: task_key(&app.id, REVIEW_TASK),
        condition: Condition::None,
    };
    let mut t = match &decision {
        Decision::Approve => pass(ctx, app, rules, Step::QualificationCheck, now)?,
        Decision::Refuse(reasons) => {
            let rule = rule_of(app, rules, Step::QualificationCheck)?;
            let refusal =
                Refusal::from_rule(refusal_rule(rule, RefusalCode::Refused)?, reasons.clone());
            refuse(app, rules, Step::QualificationCheck, refusal, now)?
        }
        Decision::Review(tasks) => return review(ctx, app, rules, tasks, now),
        Decision::Remarks(_) => {
            return Err(StepError::Invariant(format!(
                "rules {} sent remarks to the applicant, which routes of this host do not carry yet",
                rules.digest()
            )));
        }
    };
    t.detail = merge(t.detail, serde_json::json!({ "decision": decision }));
    t.writes.push(close_task);
    Ok(t)
}

/// Send the application to the provider's staff and wait.
fn review(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    tasks: &[StaffTask],
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let rule = rule_of(app, rules, Step::QualificationCheck)?;
    let task = tasks.first().ok_or_else(|| {
        StepError::Invariant(format!(
            "rules {} asked for a review with no task",
            rules.digest()
        ))
    })?;
    let due = match task.limit {
        Some(limit) => {
            let tz = term::parse_time_zone(&rules.regulation().time_zone)?;
            timestamp(term::due(now, limit, tz, ctx.calendar)?)
        }
        None => app.due.clone().unwrap_or_else(|| timestamp(now)),
    };
    let mut t = Transition::of(app, Step::QualificationCheck.name(), now);
    t.outcome = Outcome::Waiting;
    t.processes = rule.processes.clone();
    t.limit = rule.limit;
    t.due = Some(due.clone());
    t.detail = serde_json::json!({ "decision": Decision::Review(tasks.to_vec()) });
    t.state.status = Status::Waiting;
    t.state.step_due = Some(due.clone());
    t.writes.push(Write::Put {
        item: task_item(
            app,
            REVIEW_TASK,
            &inbox_queue(&app.filing.region),
            &due,
            serde_json::json!({
                "role": task.role, "action": task.action, "instruction": task.instruction,
            }),
        )?,
        condition: Condition::None,
    });
    Ok(t)
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
