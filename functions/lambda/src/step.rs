//! A step function: the handler of a batch of DynamoDB stream records, and its `main`.
//!
//! Each record is an event item (`APP#id / EVT#seq`). The handler acknowledges what is not its
//! step's (an event waking another step, a replaced item, anything not an event: the event-source
//! mapping's filter normally keeps those away) and runs the step for the rest through
//! [`reglament_core::steps::handle`], which commits the step's transition — a refusal included —
//! as one conditional transaction and treats a duplicate or stale delivery as done.
//!
//! Only an infrastructure failure (the store, the rules sandbox) fails a record: it is reported in
//! `batchItemFailures`, with every record after it, so the event-source mapping retries from
//! there (bisecting, then the on-failure queue). An application whose data contradicts its rules
//! will never succeed: it is recorded as stalled for operators and acknowledged.

use aws_lambda_events::event::dynamodb::{Event as StreamEvent, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use lambda_runtime::{LambdaEvent, service_fn};
use reglament_core::Context;
use reglament_core::error::StepError;
use reglament_core::event::Event;
use reglament_core::rules::Step;
use reglament_core::runner::record_stall;
use reglament_core::steps::{self, Handled};
use reglament_store::{EVENT_PREFIX, Item};
use tracing::{Instrument, info, info_span, warn};

use crate::function::{Function, PARTS};

/// What became of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Not this step's: acknowledged untouched.
    Skipped,
    /// Handled (committed, stale or lost to a concurrent run).
    Handled(Handled),
    /// The application's data contradicts its rules: recorded as stalled, acknowledged.
    Stalled(String),
    /// An infrastructure failure: to be retried.
    Failed(String),
}

/// Handles a batch of stream records for `step`.
pub async fn handle_batch(ctx: &Context, step: Step, batch: StreamEvent) -> DynamoDbEventResponse {
    let mut failures = Vec::new();
    for record in &batch.records {
        if !failures.is_empty() {
            // After a failure the mapping retries from there: report the rest as not done.
            failures.push(failure(record));
            continue;
        }
        let delivery = deliver(ctx, step, record).await;
        if let Delivery::Failed(_) = delivery {
            failures.push(failure(record));
        }
    }
    DynamoDbEventResponse {
        batch_item_failures: failures,
    }
}

fn failure(record: &EventRecord) -> DynamoDbBatchItemFailure {
    DynamoDbBatchItemFailure {
        item_identifier: record.change.sequence_number.clone(),
    }
}

/// Delivers one record to the step.
pub async fn deliver(ctx: &Context, step: Step, record: &EventRecord) -> Delivery {
    let event = match parse(record) {
        Ok(Some(event)) if event.next == Some(step) => event,
        Ok(_) => return Delivery::Skipped,
        Err(why) => {
            warn!(%why, "a stream record that is not an event item; skipped");
            return Delivery::Skipped;
        }
    };
    let span = info_span!("step", application = %event.application, seq = event.seq, step = %step);
    async {
        match steps::handle(ctx, &event.application, event.seq, step).await {
            Ok(handled) => {
                info!(?handled, "delivered");
                Delivery::Handled(handled)
            }
            Err(StepError::Invariant(why)) => {
                warn!(%why, "the application cannot go on; recorded as stalled");
                record_stall(ctx, &event, step, &why, 1).await;
                Delivery::Stalled(why)
            }
            Err(e) => {
                warn!(error = %e, "the step failed; the delivery will be retried");
                Delivery::Failed(e.to_string())
            }
        }
    }
    .instrument(span)
    .await
}

/// The event an `INSERT` record of an event item carries; `None` for any other record.
pub fn parse(record: &EventRecord) -> Result<Option<Event>, String> {
    if record.event_name != "INSERT" {
        return Ok(None);
    }
    let image: serde_json::Value = serde_dynamo::from_item(record.change.new_image.clone())
        .map_err(|e| format!("new image: {e}"))?;
    let serde_json::Value::Object(mut attrs) = image else {
        return Err("the new image is not an item".into());
    };
    let text = |attrs: &serde_json::Map<String, serde_json::Value>, name: &str| {
        attrs.get(name).and_then(|v| v.as_str()).map(str::to_owned)
    };
    let (Some(pk), Some(sk)) = (text(&attrs, "pk"), text(&attrs, "sk")) else {
        return Err("the new image has no pk and sk".into());
    };
    if !sk.starts_with(EVENT_PREFIX) {
        return Ok(None);
    }
    attrs.remove("pk");
    attrs.remove("sk");
    let item = Item::new(reglament_store::Key::new(pk, sk), attrs);
    item.to_value::<Event>()
        .map(Some)
        .map_err(|e| e.to_string())
}

/// The `main` of a step function: load once, then handle batches until the runtime stops.
pub async fn run(step: Step) -> Result<(), lambda_runtime::Error> {
    crate::init_tracing();
    let function = Function::from_env(&PARTS).await?;
    let ctx = &function.ctx;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<StreamEvent>| async move {
            Ok::<_, lambda_runtime::Error>(handle_batch(ctx, step, event.payload).await)
        },
    ))
    .await
}
