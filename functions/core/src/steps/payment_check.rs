//! `payment-check`: the payment through the payment gateway and its check (Akmola portal P4, C2).
//!
//! The fee is the rules' answer for the service and kind. Paid at least the fee → pass. Paid
//! less, or declined by the gateway → `not-paid` (P5). Nothing yet → wait for the gateway's
//! callback (which wakes this step) until the payment window closes, then `not-paid`.

use chrono::{DateTime, Utc};
use reglament_store::{Condition, Write};
use tracing::instrument;

use crate::application::{Application, Status};
use crate::context::Context;
use crate::error::StepError;
use crate::event::Outcome;
use crate::payment::{self, Payment, PaymentVerdict};
use crate::refusal::{Refusal, message};
use crate::rules::{RefusalCode, RegionRules, Step};
use crate::steps::{pass, refusal_rule, refuse, rule_of};
use crate::transition::{Transition, task_item, task_key};

/// The queue of applications waiting for the payment gateway, by due time.
pub const PAYMENT_QUEUE: &str = "WAIT#payment";

#[instrument(level = "debug", skip_all, fields(application = %app.id))]
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let Some(fee) = rules.fee(&app.filing.service, app.filing.kind)? else {
        let mut t = pass(ctx, app, rules, Step::PaymentCheck, now)?;
        t.detail = serde_json::json!({ "fee": null });
        return Ok(t);
    };
    let payments: Vec<Payment> = ctx
        .store
        .query(&payment::payments_pk(&app.id), "")
        .await?
        .iter()
        .map(|item| item.to_value())
        .collect::<Result<_, _>>()?;
    let close_task = Write::Delete {
        key: task_key(&app.id, "payment"),
        condition: Condition::None,
    };
    let rule = rule_of(app, rules, Step::PaymentCheck)?;
    let refusal = |reason, code: &str| -> Result<Refusal, StepError> {
        Ok(
            Refusal::from_rule(refusal_rule(rule, RefusalCode::NotPaid)?, vec![reason])
                .with_reason_code(code),
        )
    };
    let mut t = match payment::verdict(&payments, fee) {
        PaymentVerdict::Paid { total } => {
            let mut t = pass(ctx, app, rules, Step::PaymentCheck, now)?;
            t.detail = serde_json::json!({ "fee": fee, "paid": total });
            t
        }
        PaymentVerdict::Short { total, fee } => {
            let reason = message(
                format!("Оплачено {} тиын из {} тиын", total, fee),
                format!("{} тиыннан {} тиын төленді", fee, total),
                format!("paid {total} tiyn of the {fee} tiyn fee"),
            );
            refuse(
                app,
                rules,
                Step::PaymentCheck,
                refusal(reason, "short")?,
                now,
            )?
        }
        PaymentVerdict::Declined { payment_id } => {
            let reason = message(
                format!("Платёжный шлюз отклонил платёж {payment_id}"),
                format!("Төлем шлюзі {payment_id} төлемін қабылдамады"),
                format!("the payment gateway declined payment {payment_id}"),
            );
            refuse(
                app,
                rules,
                Step::PaymentCheck,
                refusal(reason, "declined")?,
                now,
            )?
        }
        PaymentVerdict::Nothing => return wait_or_expire(app, rules, now, fee, refusal),
    };
    t.writes.push(close_task);
    Ok(t)
}

/// No payment yet: wait until the window closes, then refuse.
fn wait_or_expire(
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
    fee: u64,
    refusal: impl Fn(crate::rules::Message, &str) -> Result<Refusal, StepError>,
) -> Result<Transition, StepError> {
    let window_closes = app
        .step_due
        .as_deref()
        .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(now);
    if now >= window_closes {
        let reason = message(
            "Оплата не поступила в установленный срок",
            "Төлем белгіленген мерзімде түскен жоқ",
            "no payment arrived within the payment window",
        );
        let mut t = refuse(
            app,
            rules,
            Step::PaymentCheck,
            refusal(reason, "no-payment")?,
            now,
        )?;
        t.writes.push(Write::Delete {
            key: task_key(&app.id, "payment"),
            condition: Condition::None,
        });
        return Ok(t);
    }
    let rule = rule_of(app, rules, Step::PaymentCheck)?;
    let due = app.step_due.clone().unwrap_or_default();
    let mut t = Transition::of(app, Step::PaymentCheck.name(), now);
    t.outcome = Outcome::Waiting;
    t.processes = rule.processes.clone();
    t.limit = rule.limit;
    t.due = Some(due.clone());
    t.detail = serde_json::json!({ "fee": fee, "waiting_for": "payment" });
    t.state.status = Status::Waiting;
    t.writes.push(Write::Put {
        item: task_item(
            app,
            "payment",
            PAYMENT_QUEUE,
            &due,
            serde_json::json!({ "fee": fee }),
        )?,
        condition: Condition::None,
    });
    Ok(t)
}
