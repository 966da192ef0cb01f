//! The six host steps. Each is a plain async function of the application and its rules that
//! returns a [`Transition`]; [`handle`] loads the application, runs the step an event asks for,
//! and commits the result as one transaction conditioned on the application's version. A
//! duplicate or late delivery finds the version moved on and changes nothing.

pub mod authorize;
pub mod issue;
pub mod payment_check;
pub mod qualification_check;
pub mod register;
pub mod signature_check;

use chrono::{DateTime, Duration, Utc};
use reglament_store::Store;
use tracing::instrument;

use crate::application::{Application, RequestContent, Status};
use crate::context::Context;
use crate::error::StepError;
use crate::event::Outcome;
use crate::refusal::Refusal;
use crate::rules::{RefusalCode, RefusalRule, RegionRules, Route, Step, StepRule, Unit};
use crate::term;
use crate::transition::{CommitError, Transition, request_key, state_key, timestamp};

/// What became of one delivery of a step event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// The step ran and its transition committed.
    Committed { status: Status, next: Option<Step> },
    /// The event is not the application's current one (a duplicate or stale delivery).
    Stale,
    /// Another run of the same step committed first; this one changed nothing.
    Lost,
}

/// Load an application: its state and the request it was filed with, in one read.
pub async fn load(store: &dyn Store, id: &str) -> Result<Option<Application>, StepError> {
    let [state, request] =
        <[_; 2]>::try_from(store.get_many(&[state_key(id), request_key(id)]).await?).map_err(
            |items: Vec<_>| StepError::Invariant(format!("two items asked, {} read", items.len())),
        )?;
    let Some(state) = state else {
        return Ok(None);
    };
    let mut app: Application = state.to_value()?;
    if let Some(request) = request {
        request.to_value::<RequestContent>()?.fill(&mut app.filing);
    }
    Ok(Some(app))
}

/// Run `step` for the application if event `seq` is still its current one, and commit.
#[instrument(skip(ctx), fields(rules_digest))]
pub async fn handle(
    ctx: &Context,
    application: &str,
    seq: u64,
    step: Step,
) -> Result<Handled, StepError> {
    let cached = ctx.recent.at_version(application, seq);
    let from_cache = cached.is_some();
    let app = match cached {
        Some(app) => app,
        None => match load(ctx.store.as_ref(), application).await? {
            Some(app) => std::sync::Arc::new(app),
            None => {
                return Err(StepError::Invariant(format!(
                    "application {application} does not exist"
                )));
            }
        },
    };
    if app.step != Some(step) || app.version != seq || app.status != Status::InProgress {
        return Ok(Handled::Stale);
    }
    tracing::Span::current().record("rules_digest", app.rules_digest.as_str());
    let rules = ctx.rules.by_digest(&app.rules_digest)?;
    let transition = run(ctx, &app, rules.as_ref(), step).await?;
    match ctx.commit(Some(&app), transition).await {
        Ok(state) => Ok(Handled::Committed {
            status: state.status,
            next: if state.status == Status::InProgress {
                state.step
            } else {
                None
            },
        }),
        Err(CommitError::Lost) if from_cache => {
            // The remembered state was outdated: forget it and judge by the store.
            ctx.recent.forget(application);
            match load(ctx.store.as_ref(), application).await? {
                Some(current) if current.version != seq => Ok(Handled::Stale),
                _ => Ok(Handled::Lost),
            }
        }
        Err(CommitError::Lost) => Ok(Handled::Lost),
        Err(CommitError::Condition(key)) => Err(StepError::Invariant(format!(
            "step {step} could not write {key}"
        ))),
        Err(CommitError::Store(e)) => Err(e.into()),
    }
}

/// Run one step and return its transition, uncommitted.
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    step: Step,
) -> Result<Transition, StepError> {
    let now = ctx.clock.now();
    match step {
        Step::Authorize => authorize::run(ctx, app, rules, now).await,
        Step::PaymentCheck => payment_check::run(ctx, app, rules, now).await,
        Step::SignatureCheck => signature_check::run(ctx, app, rules, now).await,
        Step::Register => register::run(ctx, app, rules, now).await,
        Step::QualificationCheck => qualification_check::run(ctx, app, rules, now).await,
        Step::Issue => issue::run(ctx, app, rules, now).await,
    }
}

/// The route the application takes.
pub fn route_of<'r>(app: &Application, rules: &'r dyn RegionRules) -> Result<&'r Route, StepError> {
    rules
        .regulation()
        .service(&app.filing.service)
        .and_then(|s| s.route(app.filing.channel))
        .ok_or_else(|| {
            StepError::Invariant(format!(
                "rules {} have no {} route for service {}",
                rules.digest(),
                app.filing.channel,
                app.filing.service
            ))
        })
}

/// The rule of `step` on the application's route.
pub fn rule_of<'r>(
    app: &Application,
    rules: &'r dyn RegionRules,
    step: Step,
) -> Result<&'r StepRule, StepError> {
    route_of(app, rules)?.rule(step).ok_or_else(|| {
        StepError::Invariant(format!(
            "the route of application {} has no step {step}",
            app.id
        ))
    })
}

/// The refusal the step's rule prescribes for `code`.
pub fn refusal_rule(rule: &StepRule, code: RefusalCode) -> Result<&RefusalRule, StepError> {
    rule.refusals
        .iter()
        .find(|r| r.code == code)
        .ok_or_else(|| {
            StepError::Invariant(format!(
                "the rules give step {} no `{}` refusal",
                rule.step,
                code.name()
            ))
        })
}

/// A transition in which `step` passed and the application moves to the route's next step.
pub fn pass(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    step: Step,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let route = route_of(app, rules)?;
    let rule = rule_of(app, rules, step)?;
    let next = route.next_after(step).ok_or_else(|| {
        StepError::Invariant(format!(
            "step {step} is the last of its route; nothing follows"
        ))
    })?;
    let mut t = Transition::of(app, step.name(), now);
    t.outcome = Outcome::Passed;
    t.processes = rule.processes.clone();
    t.limit = rule.limit;
    t.state.step = Some(next);
    t.state.status = Status::InProgress;
    let due = step_due(ctx, app, rules, next, now)?;
    t.state.step_due = due.clone();
    t.due = due;
    Ok(t)
}

/// When `step`, entered at `now`, is due: the payment window for the payment check, the
/// step's own limit if the regulation gives one, else the service's deadline once the
/// application is registered (before registration a step without a limit has no due time).
pub fn step_due(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    step: Step,
    now: DateTime<Utc>,
) -> Result<Option<String>, StepError> {
    if step == Step::PaymentCheck {
        return Ok(Some(timestamp(now + ctx.settings.payment_window)));
    }
    let Some(limit) = rule_of(app, rules, step)?.limit else {
        return match &app.due {
            Some(due) => Ok(Some(provider_due(ctx, app, rules, due)?)),
            None => Ok(due_from_filing(ctx, app, rules)),
        };
    };
    let due = match limit.unit {
        Unit::Seconds => now + Duration::seconds(limit.high.into()),
        _ => {
            let tz = term::parse_time_zone(&rules.regulation().time_zone)?;
            term::due(now, limit.term(), tz, ctx.calendar)?
        }
    };
    Ok(Some(timestamp(due)))
}

/// When the service term registered at `registered` ends: for the applicant, and for the
/// provider's work, which is due earlier when the route has the provider hand the result over
/// before the term ends (Almaty para 8(6)). On a route that leaves the acceptance day out of the
/// term (para 8(5)) the term counts from the next day.
pub fn service_term_due(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    registered: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), StepError> {
    let tz = term::parse_time_zone(&rules.regulation().time_zone)?;
    let service_term = rules.term(&app.for_rules())?;
    let route = route_of(app, rules)?;
    let due = if route.skip_acceptance_day {
        term::due_without_start_day(registered, service_term, tz, ctx.calendar)?
    } else {
        term::due(registered, service_term, tz, ctx.calendar)?
    };
    let provider = match route.hand_over_before {
        Some(early) => term::before(due, early, tz, ctx.calendar)?,
        None => due,
    };
    Ok((due, provider))
}

/// The provider's deadline for the applicant's deadline `due` (RFC 3339): earlier by the
/// route's hand-over, if it has one.
fn provider_due(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    due: &str,
) -> Result<String, StepError> {
    let Some(early) = route_of(app, rules)?.hand_over_before else {
        return Ok(due.to_owned());
    };
    let Ok(at) = DateTime::parse_from_rfc3339(due) else {
        return Ok(due.to_owned());
    };
    let tz = term::parse_time_zone(&rules.regulation().time_zone)?;
    let provider = term::before(at.with_timezone(&Utc), early, tz, ctx.calendar)?;
    Ok(timestamp(provider))
}

/// Before registration, a step the act gives no limit is due within the service's term counted
/// from the filing (registration then fixes the term from its own day). None if the rules cannot
/// say the term yet; the register step reports that.
fn due_from_filing(ctx: &Context, app: &Application, rules: &dyn RegionRules) -> Option<String> {
    let filed = DateTime::parse_from_rfc3339(&app.filing.filed_at).ok()?;
    let tz = term::parse_time_zone(&rules.regulation().time_zone).ok()?;
    let service_term = rules.term(&app.for_rules()).ok()?;
    let due = term::due(filed.with_timezone(&Utc), service_term, tz, ctx.calendar).ok()?;
    Some(timestamp(due))
}

/// A transition in which `step` refused the application. An early refusal ends it; a motivated
/// refusal (after registration) goes on to the issue step, which forms the signed refusal.
pub fn refuse(
    app: &Application,
    rules: &dyn RegionRules,
    step: Step,
    refusal: Refusal,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let rule = rule_of(app, rules, step)?;
    let mut t = Transition::of(app, step.name(), now);
    t.outcome = Outcome::Refused;
    t.processes = rule.processes.clone();
    t.limit = rule.limit;
    t.detail = serde_json::json!({ "refusal": &refusal });
    let motivated =
        refusal.code.is_motivated() && route_of(app, rules)?.rule(Step::Issue).is_some();
    t.state.refusal = Some(refusal);
    t.state.step_due = None;
    if motivated {
        t.state.step = Some(Step::Issue);
        t.state.status = Status::InProgress;
    } else {
        t.state.step = None;
        t.state.status = Status::Refused;
        t.state.finished_at = Some(timestamp(now));
    }
    Ok(t)
}
