//! The local stream relay: what DynamoDB Streams and the event-source mappings do in AWS.
//!
//! It reads the table's stream of new event items ([`Store::stream`] of the DynamoDB adapter),
//! and for each event that wakes a step invokes that step's function with a DynamoDB stream event
//! of one record, exactly the shape AWS delivers. A record the function reports in
//! `batchItemFailures` (or an invocation that fails) is retried with backoff, up to `attempts`;
//! then it is logged as sent to the on-failure destination and the relay goes on, as a mapping
//! with an on-failure queue does. With `repeat` > 1 every event is delivered that many times, to
//! show that a repeated delivery changes nothing.

use std::sync::Arc;
use std::time::Duration;

use aws_lambda_events::dynamodb::StreamViewType;
use aws_lambda_events::event::dynamodb::{
    Event as StreamEvent, EventRecord, StreamRecord as Change,
};
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use reglament_core::event::Event;
use reglament_store::{Store, StoreError, StreamRecord};
use tokio::sync::watch;
use tracing::{info, warn};

use crate::invoke::Invoker;

/// How the relay delivers.
#[derive(Debug, Clone)]
pub struct RelayOptions {
    /// Attempts per record before it goes to the on-failure destination.
    pub attempts: u32,
    /// Deliveries of each event (1 in AWS; more shows idempotency).
    pub repeat: u32,
    /// How long one read of the stream waits for new records.
    pub poll: Duration,
}

impl Default for RelayOptions {
    fn default() -> Self {
        RelayOptions {
            attempts: 5,
            repeat: 1,
            poll: Duration::from_secs(1),
        }
    }
}

/// What the relay did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelayStats {
    /// Invocations that succeeded with no failed record.
    pub delivered: u64,
    /// Records given up on after every attempt.
    pub abandoned: u64,
}

/// Relays until `stop` turns true (or its sender is dropped).
pub async fn run(
    store: Arc<dyn Store>,
    invoker: Invoker,
    table: &str,
    options: RelayOptions,
    mut stop: watch::Receiver<bool>,
) -> Result<RelayStats, StoreError> {
    let mut stats = RelayStats::default();
    let mut after = 0;
    while !*stop.borrow() {
        let records = tokio::select! {
            records = store.stream(after, 100, options.poll) => records?,
            _ = stop.changed() => break,
        };
        for record in records {
            after = record.position;
            let Some(function) = woken_step(&record) else {
                continue;
            };
            let event = stream_event(&record, table);
            for _ in 0..options.repeat {
                if deliver(&invoker, &function, &event, &options).await {
                    stats.delivered += 1;
                } else {
                    stats.abandoned += 1;
                }
            }
        }
    }
    Ok(stats)
}

/// The step function an event record wakes, by its name.
pub fn woken_step(record: &StreamRecord) -> Option<String> {
    let event: Event = record.item.to_value().ok()?;
    event.next.map(|step| step.name().to_owned())
}

/// Delivers one event, retrying; whether it was handled.
async fn deliver(
    invoker: &Invoker,
    function: &str,
    event: &serde_json::Value,
    options: &RelayOptions,
) -> bool {
    for attempt in 1..=options.attempts.max(1) {
        let outcome = match invoker.invoke(function, event).await {
            Ok(response) => match serde_json::from_value::<DynamoDbEventResponse>(response) {
                Ok(r) if r.batch_item_failures.is_empty() => return true,
                Ok(r) => format!("{} records failed", r.batch_item_failures.len()),
                Err(e) => format!("the response is not a batch response: {e}"),
            },
            Err(e) => e.to_string(),
        };
        warn!(function, attempt, %outcome, "delivery failed; retrying");
        tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
    }
    warn!(
        function,
        "delivery abandoned: sent to the on-failure destination"
    );
    false
}

/// The DynamoDB stream event of one inserted event item, as Lambda receives it.
pub fn stream_event(record: &StreamRecord, table: &str) -> serde_json::Value {
    let mut image = record.item.attrs.clone();
    image.insert("pk".into(), record.item.key.pk.clone().into());
    image.insert("sk".into(), record.item.key.sk.clone().into());
    let keys = serde_json::json!({"pk": record.item.key.pk, "sk": record.item.key.sk});
    let change = Change {
        approximate_creation_date_time: chrono::Utc::now(),
        keys: serde_dynamo::to_item(keys).unwrap_or_default(),
        new_image: serde_dynamo::to_item(serde_json::Value::Object(image)).unwrap_or_default(),
        sequence_number: Some(format!("{:021}", record.position)),
        stream_view_type: Some(StreamViewType::NewImage),
        ..Change::default()
    };
    let record = EventRecord {
        aws_region: "local".into(),
        change,
        event_id: format!("local-{}", record.position),
        event_name: "INSERT".into(),
        event_source: Some("aws:dynamodb".into()),
        event_version: Some("1.1".into()),
        event_source_arn: Some(format!(
            "arn:aws:dynamodb:local:000000000000:table/{table}/stream/local"
        )),
        ..EventRecord::default()
    };
    let event = StreamEvent {
        records: vec![record],
    };
    let value = serde_json::to_value(&event).unwrap_or_default();
    info!(position = %event.records[0].change.sequence_number.clone().unwrap_or_default(), "relaying");
    value
}

#[cfg(test)]
mod tests {
    use reglament_core::rules::Step;
    use reglament_store::{Item, Key};
    use serde_json::json;

    use super::*;

    fn event_item(next: Option<&str>) -> StreamRecord {
        let attrs = json!({
            "application": "A1", "seq": 3, "step": "authorize", "outcome": "passed",
            "next": next, "actor": "system", "at": "2013-02-11T03:00:00Z",
            "processes": ["P2"], "limit": null, "due": null, "rules_digest": "d",
            "detail": {"fee": 1_250_000, "ratio": 0.5}, "prev_hash": "p", "hash": "h"
        });
        let serde_json::Value::Object(attrs) = attrs else {
            unreachable!()
        };
        StreamRecord {
            position: 7,
            item: Item::new(Key::new("APP#A1", "EVT#0000000003"), attrs),
        }
    }

    #[test]
    fn the_step_function_reads_back_what_the_relay_sends() {
        let record = event_item(Some("payment-check"));
        assert_eq!(woken_step(&record).as_deref(), Some("payment-check"));
        let sent = stream_event(&record, "reglament");
        let received: StreamEvent = serde_json::from_value(sent).expect("a DynamoDB stream event");
        assert_eq!(received.records.len(), 1);
        let event = reglament_lambda::step::parse(&received.records[0])
            .expect("an event item")
            .expect("an inserted event");
        assert_eq!(event.application, "A1");
        assert_eq!(event.seq, 3);
        assert_eq!(event.next, Some(Step::PaymentCheck));
        assert_eq!(event.detail, json!({"fee": 1_250_000, "ratio": 0.5}));
    }

    #[test]
    fn events_that_wake_nothing_are_not_relayed() {
        assert_eq!(woken_step(&event_item(None)), None);
    }
}
