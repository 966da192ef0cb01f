//! `register`: the request is registered with a number and its deadline is set (Akmola P9 / P7;
//! the completeness checks of other regions).
//!
//! Incomplete form or documents → `incomplete`, a motivated refusal. Otherwise the registration
//! number is drawn from the region's yearly counter in the same transaction as the transition,
//! so a duplicate delivery can never draw a second number; the service's term runs from now.

use chrono::{DateTime, Datelike, Utc};
use reglament_store::Key;
use std::sync::Arc;
use tracing::instrument;

use crate::application::Application;
use crate::context::Context;
use crate::error::StepError;
use crate::refusal::Refusal;
use crate::rules::{RefusalCode, RegionRules, Step};
use crate::steps::{pass, refusal_rule, refuse, rule_of};
use crate::term;
use crate::transition::{Transition, timestamp};

#[instrument(level = "debug", skip_all, fields(application = %app.id))]
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let view = app.for_rules();
    let missing = rules.check_completeness(&view)?;
    if !missing.is_empty() {
        let rule = rule_of(app, rules, Step::Register)?;
        let refusal = Refusal::from_rule(refusal_rule(rule, RefusalCode::Incomplete)?, missing);
        return refuse(app, rules, Step::Register, refusal, now);
    }
    let tz = term::parse_time_zone(&rules.regulation().time_zone)?;
    let service_term = rules.term(&view)?;
    let (due, provider_due) = super::service_term_due(ctx, app, rules, now)?;
    let (due, provider_due) = (timestamp(due), timestamp(provider_due));
    let year = now.with_timezone(&tz).year();
    let region = app.filing.region.clone();

    let mut t = pass(ctx, app, rules, Step::Register, now)?;
    t.state.registered_at = Some(timestamp(now));
    t.state.due = Some(due.clone());
    // The next step works within the service's term (the provider's part of it).
    t.state.step_due = Some(provider_due.clone());
    t.due = Some(provider_due.clone());
    t.numbering = Some((
        registration_counter(&region, year),
        Arc::new(move |n, t: &mut Transition| {
            let number = registration_number(&region, year, n);
            t.state.registration_number = Some(number.clone());
            t.detail = serde_json::json!({
                "registration_number": number,
                "term": service_term,
                "due": due,
                "provider_due": provider_due,
            });
        }),
    ));
    Ok(t)
}

/// The counter of a region's registrations in a year.
pub fn registration_counter(region: &str, year: i32) -> Key {
    Key::new(format!("SEQ#{region}#{year}"), "REGISTRATION")
}

/// The registration number as the applicant sees it, e.g. `akmola-2013-000042`.
pub fn registration_number(region: &str, year: i32, n: u64) -> String {
    format!("{region}-{year}-{n:06}")
}
