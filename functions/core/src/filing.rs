//! Filing an application: checking it at the door and writing it with its first event.
//!
//! Everything checkable without the outside world is checked here, and a bad request is refused
//! with an error naming the field, before anything is stored: the IIN/BIN, the region's rules in
//! force on the filing date, the service, kind, channel and category, the form's shape (the
//! rules' `check-form`), and for a re-issue or duplicate the licence held. The rules version in
//! force is pinned by digest for the application's whole life.

use chrono::{DateTime, Utc};
use reglament_store::{Condition, Item, Key, Write};
use serde::Deserialize;
use tracing::instrument;

use crate::account::{Account, Role};
use crate::application::{Application, Filing, RequestContent};
use crate::context::Context;
use crate::document::{DocumentRecord, DocumentStatus, document_key};
use crate::event::Outcome;
use crate::identity::TaxpayerId;
use crate::rules::{Channel, Message, RegionRules, RequestKind, RulesError};
use crate::signature::SignedRequest;
use crate::steps::step_due;
use crate::term;
use crate::transition::{CommitError, Transition, request_key, timestamp};

/// What an applicant, employee or operator posts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingRequest {
    pub region: String,
    pub service: String,
    pub kind: RequestKind,
    pub applicant: String,
    #[serde(default)]
    pub category: Option<String>,
    pub form: serde_json::Value,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub signature: Option<SignedRequest>,
}

/// Why a filing was refused at the door. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    /// A field is malformed or not allowed (HTTP 400/422).
    #[error("{field}: {problem}")]
    Field { field: String, problem: String },
    /// The rules found problems in the form (HTTP 422); one message per problem.
    #[error("the form has {} problem(s)", .0.len())]
    Form(Vec<Message>),
    /// The account may not file applications (HTTP 403).
    #[error("{0}")]
    Forbidden(String),
    /// No rules of the region are in force on the filing date (HTTP 422).
    #[error("{0}")]
    NoRules(String),
    #[error("{0}")]
    Internal(String),
}

fn field(field: &str, problem: impl Into<String>) -> FilingError {
    FilingError::Field {
        field: field.to_string(),
        problem: problem.into(),
    }
}

/// The channel follows from who files: the applicant on the portal, a provider employee, or a
/// service-centre operator.
pub fn channel_of(account: &Account, region: &str) -> Result<Channel, FilingError> {
    if account.is_applicant() {
        return Ok(Channel::Portal);
    }
    if account.region.as_deref() != Some(region) {
        return Err(FilingError::Forbidden(format!(
            "staff account {} works for region {}, not {region}",
            account.login,
            account.region.as_deref().unwrap_or("none")
        )));
    }
    if account.has_role(Role::Operator) {
        return Ok(Channel::ServiceCenter);
    }
    if account.has_role(Role::Employee) {
        return Ok(Channel::Provider);
    }
    Err(FilingError::Forbidden(format!(
        "account {} has no role that files applications (applicant, employee or operator)",
        account.login
    )))
}

/// Check the request, pin the rules and store the application with its first event.
#[instrument(skip_all, fields(region = %request.region, service = %request.service))]
pub async fn file(
    ctx: &Context,
    account: &Account,
    request: FilingRequest,
) -> Result<Application, FilingError> {
    let now = ctx.clock.now();
    let applicant =
        TaxpayerId::parse(&request.applicant).map_err(|e| field("applicant", e.to_string()))?;
    if !request.form.is_object() {
        return Err(field("form", "must be a JSON object"));
    }
    let channel = channel_of(account, &request.region)?;
    let (rules, filed_on) = rules_in_force(ctx, &request.region, now)?;
    let service = rules
        .regulation()
        .service(&request.service)
        .ok_or_else(|| {
            let known: Vec<_> = rules
                .regulation()
                .services
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            field(
                "service",
                format!(
                    "unknown service {:?} in region {}; known: {}",
                    request.service,
                    request.region,
                    known.join(", ")
                ),
            )
        })?;
    if !service.kinds.contains(&request.kind) {
        return Err(field(
            "kind",
            format!(
                "service {} does not take a {} request",
                service.id,
                request.kind.name()
            ),
        ));
    }
    let route = service.route(channel).ok_or_else(|| {
        FilingError::Forbidden(format!(
            "service {} cannot be filed through the {channel} channel",
            service.id
        ))
    })?;
    check_category(&service.categories, request.category.as_deref())?;
    let first = route.steps.first().map(|r| r.step).ok_or_else(|| {
        FilingError::Internal(format!(
            "the {channel} route of {} has no steps",
            service.id
        ))
    })?;

    let mut app = Application::filed(
        uuid::Uuid::new_v4().to_string(),
        Filing {
            region: request.region,
            service: request.service,
            kind: request.kind,
            channel,
            applicant: applicant.to_string(),
            applicant_kind: applicant.kind(),
            category: request.category,
            form: request.form,
            documents: request.documents,
            signature: request.signature,
            filed_by: account.login.clone(),
            filed_at: timestamp(now),
            filed_on,
        },
        rules.digest().to_string(),
        first,
    );
    let problems = rules
        .check_form(&app.for_rules())
        .map_err(|e| FilingError::Internal(e.to_string()))?;
    if !problems.is_empty() {
        return Err(FilingError::Form(problems));
    }
    if app.filing.kind.refers_to_held_document() {
        check_held_licence(ctx, &app).await?;
    }
    app.step_due = step_due(ctx, &app, rules.as_ref(), first, now)
        .map_err(|e| FilingError::Internal(e.to_string()))?;

    let mut t = Transition::of(&app, "filing", now);
    t.outcome = Outcome::Filed;
    t.actor = account.login.clone();
    t.due = app.step_due.clone();
    t.detail = serde_json::json!({ "channel": channel, "act": rules.regulation().act });
    t.writes.push(Write::Put {
        item: Item::from_value(request_key(&app.id), &RequestContent::of(&app.filing))
            .map_err(|e| FilingError::Internal(e.to_string()))?,
        condition: Condition::NotExists,
    });
    t.writes.push(Write::Put {
        item: Item::new(
            Key::new(
                format!("FILED#{}", account.login),
                format!("{}#{}", app.filing.filed_at, app.id),
            ),
            serde_json::Map::from_iter([(
                "application".to_string(),
                serde_json::Value::String(app.id.clone()),
            )]),
        ),
        condition: Condition::None,
    });
    ctx.commit(None, t).await.map_err(|e| match e {
        CommitError::Lost => FilingError::Internal("application id collision; file again".into()),
        other => FilingError::Internal(other.to_string()),
    })
}

/// The region's rules in force today (in the region's time zone), and today's date there.
fn rules_in_force(
    ctx: &Context,
    region: &str,
    now: DateTime<Utc>,
) -> Result<(std::sync::Arc<dyn RegionRules>, String), FilingError> {
    let any = ctx
        .rules
        .catalogue()
        .into_iter()
        .find(|r| r.regulation().region == region)
        .ok_or_else(|| {
            let mut known: Vec<_> = ctx
                .rules
                .catalogue()
                .iter()
                .map(|r| r.regulation().region.clone())
                .collect();
            known.sort();
            known.dedup();
            field(
                "region",
                format!("unknown region {region:?}; known: {}", known.join(", ")),
            )
        })?;
    let tz = term::parse_time_zone(&any.regulation().time_zone)
        .map_err(|e| FilingError::Internal(e.to_string()))?;
    let today = now.with_timezone(&tz).date_naive().to_string();
    match ctx.rules.in_force(region, &today) {
        Ok(rules) => Ok((rules, today)),
        Err(RulesError::NotFound(why)) => Err(FilingError::NoRules(why)),
        Err(e) => Err(FilingError::Internal(e.to_string())),
    }
}

fn check_category(categories: &[String], category: Option<&str>) -> Result<(), FilingError> {
    match (categories.is_empty(), category) {
        (true, None) => Ok(()),
        (true, Some(c)) => Err(field(
            "category",
            format!("this service has no object categories; remove {c:?}"),
        )),
        (false, None) => Err(field(
            "category",
            format!("required: one of {}", categories.join(", ")),
        )),
        (false, Some(c)) if categories.iter().any(|k| k == c) => Ok(()),
        (false, Some(c)) => Err(field(
            "category",
            format!("{c:?} is not one of {}", categories.join(", ")),
        )),
    }
}

/// A re-issue or duplicate must name a valid licence of the same holder and service
/// (DECISIONS 5).
async fn check_held_licence(ctx: &Context, app: &Application) -> Result<(), FilingError> {
    let number = app
        .filing
        .form
        .get("licence_number")
        .and_then(|v| v.as_str())
        .ok_or_else(|| {
            field(
                "form.licence_number",
                "required for a re-issue or duplicate: the number of the licence held",
            )
        })?;
    let record: Option<DocumentRecord> = match ctx.store.get(&document_key(number)).await {
        Ok(Some(item)) => item.to_value().ok(),
        Ok(None) => None,
        Err(e) => return Err(FilingError::Internal(e.to_string())),
    };
    match record {
        Some(r)
            if r.holder == app.filing.applicant
                && r.service == app.filing.service
                && r.kind != "refusal"
                && r.status == DocumentStatus::Valid =>
        {
            Ok(())
        }
        Some(r) if r.status == DocumentStatus::Superseded => Err(field(
            "form.licence_number",
            format!("licence {number} was re-issued and is no longer valid; name the current one"),
        )),
        _ => Err(field(
            "form.licence_number",
            format!(
                "no valid {} licence {number} is held by {}",
                app.filing.service, app.filing.applicant
            ),
        )),
    }
}
