//! `issue`: the result e-document, signed by the provider's key and recorded in the registry of
//! issued documents (Akmola P11 / P9); or, after a motivated refusal, the signed refusal
//! (DECISIONS 6); or the expertise conclusion with its verdict, agreed or not agreed (an issued
//! result either way).
//!
//! The document number is drawn in the same transaction as the transition, so there is exactly
//! one document per application whatever the delivery count. A re-issue supersedes the licence
//! it replaces; a duplicate copies it.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use reglament_store::{Condition, Item, Key, Write};
use tracing::instrument;

use crate::application::{Application, Status};
use crate::context::Context;
use crate::document::{Document, DocumentRecord, DocumentStatus, document_key};
use crate::error::StepError;
use crate::event::Outcome;
use crate::population;
use crate::rules::{Decision, RefusalCode, RegionRules, RequestKind, RulesError, Step};
use crate::steps::rule_of;
use crate::term;
use crate::transition::{Transition, timestamp};

#[instrument(level = "debug", skip_all, fields(application = %app.id))]
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let regulation = rules.regulation();
    let service = regulation.service(&app.filing.service).ok_or_else(|| {
        StepError::Invariant(format!("rules have no service {}", app.filing.service))
    })?;
    let outcome = match (&app.refusal, &app.conclusion) {
        (Some(refusal), _) if refusal.code == RefusalCode::Incomplete => {
            Decision::Incomplete(refusal.reasons.clone())
        }
        (Some(refusal), _) => Decision::Refuse(refusal.reasons.clone()),
        (None, Some(conclusion)) => Decision::Conclude(conclusion.clone()),
        (None, None) => Decision::Approve,
    };
    let content = render(rules, app, &outcome)?;
    let key = ctx
        .provider_keys
        .get(&app.filing.region)
        .cloned()
        .ok_or_else(|| {
            StepError::Invariant(format!(
                "no provider signing key for region {}",
                app.filing.region
            ))
        })?;
    let holder_name = population::lookup(ctx.store.as_ref(), &app.filing.applicant)
        .await?
        .map(|e| e.name);
    let superseded = superseded_record(ctx, app).await?;

    let rule = rule_of(app, rules, Step::Issue)?;
    let mut t = Transition::of(app, Step::Issue.name(), now);
    t.outcome = Outcome::Issued;
    t.processes = rule.processes.clone();
    t.limit = rule.limit;
    t.state.step = None;
    t.state.step_due = None;
    t.state.finished_at = Some(timestamp(now));
    t.state.status = if app.refusal.is_some() {
        Status::Refused
    } else {
        Status::Issued
    };

    let tz = term::parse_time_zone(&regulation.time_zone)?;
    let year = now.with_timezone(&tz).year();
    let region = app.filing.region.clone();
    let draft = Document {
        number: String::new(),
        kind: if app.refusal.is_some() {
            "refusal".into()
        } else {
            service.result.clone()
        },
        region: region.clone(),
        service: app.filing.service.clone(),
        request_kind: app.filing.kind.name().to_string(),
        holder: app.filing.applicant.clone(),
        holder_name,
        provider: regulation.provider.clone(),
        act: regulation.act.clone(),
        application: app.id.clone(),
        registration_number: app.registration_number.clone(),
        issued_at: timestamp(now),
        refers_to: app
            .filing
            .form
            .get("licence_number")
            .and_then(|v| v.as_str())
            .map(String::from),
        content,
        rules_digest: app.rules_digest.clone(),
        signature: None,
    };
    t.numbering = Some((
        document_counter(&region, year),
        Arc::new(move |n, t: &mut Transition| {
            let mut document = draft.clone();
            document.number = document_number(&region, year, n);
            key.sign(&mut document);
            let record = DocumentRecord {
                number: document.number.clone(),
                kind: document.kind.clone(),
                holder: document.holder.clone(),
                status: DocumentStatus::Valid,
                application: document.application.clone(),
                service: document.service.clone(),
                region: document.region.clone(),
                content_hash: document.content_hash(),
                document: document.clone(),
            };
            t.state.document = Some(document.number.clone());
            t.detail = serde_json::json!({
                "document": document.number, "type": document.kind, "content_hash": record.content_hash,
                "verdict": document.content.get("verdict"),
            });
            t.writes.clear();
            if let Ok(item) = Item::from_value(document_key(&document.number), &record) {
                t.writes.push(Write::Put {
                    item,
                    condition: Condition::NotExists,
                });
            }
            if let Some(old) = &superseded {
                let mut old = old.clone();
                old.status = DocumentStatus::Superseded;
                if let Ok(item) = Item::from_value(document_key(&old.number), &old) {
                    t.writes.push(Write::Put {
                        item,
                        condition: Condition::Exists,
                    });
                }
            }
        }),
    ));
    Ok(t)
}

/// The result content the rules render, which must be a JSON object.
fn render(
    rules: &dyn RegionRules,
    app: &Application,
    outcome: &Decision,
) -> Result<serde_json::Value, StepError> {
    let text = rules.render(&app.for_rules(), outcome)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value @ serde_json::Value::Object(_)) => Ok(value),
        _ => Err(RulesError::Failed {
            digest: rules.digest().to_string(),
            call: "render",
            reason: "the result content is not a JSON object".to_string(),
        }
        .into()),
    }
}

/// The licence a re-issue replaces (it becomes superseded when the new one is issued).
async fn superseded_record(
    ctx: &Context,
    app: &Application,
) -> Result<Option<DocumentRecord>, StepError> {
    if app.filing.kind != RequestKind::Reissue || app.refusal.is_some() {
        return Ok(None);
    }
    let Some(number) = app
        .filing
        .form
        .get("licence_number")
        .and_then(|v| v.as_str())
    else {
        return Ok(None);
    };
    match ctx.store.get(&document_key(number)).await? {
        Some(item) => Ok(Some(item.to_value()?)),
        None => Ok(None),
    }
}

/// The counter of a region's issued documents in a year.
pub fn document_counter(region: &str, year: i32) -> Key {
    Key::new(format!("SEQ#{region}#{year}"), "DOCUMENT")
}

/// A document number, e.g. `KZ-AKMOLA-2013-000042`.
pub fn document_number(region: &str, year: i32, n: u64) -> String {
    format!("KZ-{}-{year}-{n:06}", region.to_uppercase())
}
