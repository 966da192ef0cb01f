//! A step function: the handler of a batch of DynamoDB stream records, and its `main`.
//!
//! Each record is an event item (`APP#id / EVT#seq`). The handler acknowledges what is not its
//! step's (an event waking another step, a replaced item, anything not an event: the event-source
//! mapping's filter normally keeps those away) and runs the step for the rest through
//! [`reglament_core::steps::handle`], which commits the step's transition — a refusal included —
//! as one conditional transaction and treats a duplicate or stale delivery as done.
//!
//! Only an infrastructure failure (the store, the rules sandbox: a trap, a timeout, the memory
//! cap) fails a record: the application is recorded as stalled for operators, with the error and
//! the attempts so far ([`crate::stall`]), and the record is reported in `batchItemFailures`
//! with every record after it, so the event-source mapping retries from there (bisecting, then
//! the on-failure queue). An application whose data contradicts its rules will never succeed: it
//! is recorded as stalled and acknowledged.

use aws_lambda_events::event::dynamodb::{Event as StreamEvent, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use lambda_runtime::{LambdaEvent, service_fn};
use reglament_core::Context;
use reglament_core::error::StepError;
use reglament_core::event::Event;
use reglament_core::rules::Step;
use reglament_core::steps::{self, Handled};
use reglament_store::{EVENT_PREFIX, Item};
use tracing::{Instrument, info, info_span, warn};

use crate::function::{Function, PARTS};
use crate::stall::record_failure;

/// What became of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Not this step's: acknowledged untouched.
    Skipped,
    /// Handled (committed, stale or lost to a concurrent run).
    Handled(Handled),
    /// The application's data contradicts its rules: recorded as stalled, acknowledged.
    Stalled(String),
    /// An infrastructure failure: recorded as stalled, to be retried.
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
                record_failure(ctx, &event, step, &why).await;
                Delivery::Stalled(why)
            }
            Err(e) => {
                let error = e.to_string();
                let attempts = record_failure(ctx, &event, step, &error).await;
                warn!(%error, attempts, "the step failed; recorded as stalled, to be retried");
                Delivery::Failed(error)
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
    let function = &Function::from_env(&PARTS).await?;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<StreamEvent>| async move {
            function.refresh.if_due().await;
            Ok::<_, lambda_runtime::Error>(handle_batch(&function.ctx, step, event.payload).await)
        },
    ))
    .await
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A stream record as Lambda delivers it, with the image's sort key and event name given.
    fn record(event_name: &str, sk: &str) -> EventRecord {
        serde_json::from_value(json!({
            "eventID": "1", "eventName": event_name, "eventVersion": "1.1",
            "eventSource": "aws:dynamodb", "awsRegion": "eu-central-1",
            "dynamodb": {
                "ApproximateCreationDateTime": 1_700_000_000.0,
                "Keys": {"pk": {"S": "APP#A1"}, "sk": {"S": sk}},
                "NewImage": {
                    "pk": {"S": "APP#A1"}, "sk": {"S": sk},
                    "application": {"S": "A1"}, "seq": {"N": "2"}, "step": {"S": "filing"},
                    "outcome": {"S": "filed"}, "next": {"S": "authorize"},
                    "actor": {"S": "870412300416"}, "at": {"S": "2013-02-11T03:00:00Z"},
                    "processes": {"L": [{"S": "P1"}]}, "limit": {"NULL": true},
                    "due": {"NULL": true}, "rules_digest": {"S": "d"},
                    "detail": {"M": {}}, "prev_hash": {"S": ""}, "hash": {"S": "h"}
                },
                "SequenceNumber": "111", "SizeBytes": 26, "StreamViewType": "NEW_IMAGE"
            }
        }))
        .expect("a stream record")
    }

    #[test]
    fn an_inserted_event_item_is_parsed() {
        let event = parse(&record("INSERT", "EVT#0000000002")).unwrap().unwrap();
        assert_eq!(event.application, "A1");
        assert_eq!(event.seq, 2);
        assert_eq!(event.next, Some(Step::Authorize));
    }

    #[test]
    fn replaced_items_and_other_items_are_not_events() {
        assert_eq!(parse(&record("MODIFY", "EVT#0000000002")).unwrap(), None);
        assert_eq!(parse(&record("INSERT", "STATE")).unwrap(), None);
    }

    /// One batch of the payment check's mapping: another step's event, a refusal, the same event
    /// again, a state item, an application whose rules trap, and two records after it.
    #[tokio::test]
    async fn a_batch_acknowledges_what_it_handled_and_reports_a_failure_with_every_record_after_it()
    {
        use chrono::Duration;
        use reglament_core::application::Status;
        use reglament_core::event::{Outcome, app_pk, event_sk};
        use reglament_core::transition::state_key;
        use reglament_store::Key;

        use crate::testing::{GOOD, Rig, TRAPPING, batch, failed};

        let rig = Rig::new();
        let now = rig.ctx.clock.now();
        let (closed, open) = (now - Duration::minutes(5), now + Duration::hours(23));
        rig.file("A-authorize", GOOD, Step::Authorize, None).await;
        rig.file("A-unpaid", GOOD, Step::PaymentCheck, Some(closed))
            .await;
        rig.file("A-trapping", TRAPPING, Step::PaymentCheck, Some(open))
            .await;
        rig.file("A-later", GOOD, Step::PaymentCheck, Some(open))
            .await;
        let records = vec![
            rig.event_record("A-authorize", 1, "101").await,
            rig.event_record("A-unpaid", 1, "102").await,
            rig.event_record("A-unpaid", 1, "103").await,
            rig.record("INSERT", state_key("A-unpaid"), "104").await,
            rig.event_record("A-trapping", 1, "105").await,
            rig.event_record("A-later", 1, "106").await,
            rig.record("MODIFY", Key::new(app_pk("A-later"), event_sk(1)), "107")
                .await,
        ];

        let response = handle_batch(&rig.ctx, Step::PaymentCheck, batch(records.clone())).await;
        assert_eq!(
            failed(&response),
            ["105", "106", "107"],
            "the failure and every record after it, nothing before"
        );

        // Another step's event: untouched.
        let other = rig.app("A-authorize").await;
        assert_eq!((other.version, other.status), (1, Status::InProgress));
        assert_eq!(rig.events("A-authorize").await.len(), 1);
        // The refusal is committed as the application's event and acknowledged; its second
        // delivery is stale and changes nothing.
        let unpaid = rig.app("A-unpaid").await;
        assert_eq!((unpaid.version, unpaid.status), (2, Status::Refused));
        let history = rig.events("A-unpaid").await;
        assert_eq!(history.len(), 2, "one refusal, not two: {history:?}");
        assert_eq!(history[1].outcome, Outcome::Refused);
        assert_eq!(history[1].next, None);
        assert_eq!(
            history[1].detail["refusal"]["code"], "not-paid",
            "{history:?}"
        );
        assert!(rig.stall("A-unpaid").await.is_none());
        // The trapping rules leave their application as it was, marked stalled.
        let trapping = rig.app("A-trapping").await;
        assert_eq!((trapping.version, trapping.status), (1, Status::InProgress));
        let stall = rig.shown_stall("A-trapping").await.expect("shown stalled");
        assert!(stall.error.contains("failed in fee"), "{}", stall.error);
        // The records after the failure were not run: the later application did not move,
        // though it would have.
        assert_eq!(rig.app("A-later").await.version, 1);
        assert_eq!(
            deliver(&rig.ctx, Step::PaymentCheck, &records[5]).await,
            Delivery::Handled(Handled::Committed {
                status: Status::Waiting,
                next: None
            })
        );
        assert_eq!(
            deliver(&rig.ctx, Step::PaymentCheck, &records[6]).await,
            Delivery::Skipped
        );
    }
}
