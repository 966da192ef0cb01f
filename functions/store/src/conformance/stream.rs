//! The event stream: exactly the inserted event items, in commit order, and waiting for them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use super::support::{commit, namespace, ok, put, stream_of};
use crate::{Condition, Key, Store, StreamRecord, Write};

/// The `pk sk` of records, without the namespace.
fn keys(records: &[StreamRecord], ns: &str) -> Vec<String> {
    records
        .iter()
        .map(|r| format!("{} {}", r.item.key.pk.trim_start_matches(ns), r.item.key.sk))
        .collect()
}

/// Inserted `EVT#` items reach the stream once each, in commit order, with their attributes,
/// whatever the put's condition; replacing one (with or without a condition), writing other
/// items, or deleting one does not; inserting one again after a delete does. Paging with a small limit yields the same records.
pub async fn stream_gets_inserted_events(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("stream");
    let (a, b) = (format!("{ns}APP#a"), format!("{ns}APP#b"));
    let event = |pk: &str, seq: u32| {
        put(
            pk,
            &format!("EVT#{seq:010}"),
            json!({"seq": seq, "v": 1}),
            Condition::NotExists,
        )
    };
    commit(
        store,
        vec![
            put(&a, "STATE", json!({"version": 1}), Condition::None),
            event(&a, 1),
        ],
        "a1",
    )
    .await;
    commit(store, vec![event(&b, 1)], "b1").await;
    commit(store, vec![event(&a, 2), event(&b, 2)], "a2 b2").await;
    let replace = put(
        &a,
        "EVT#0000000001",
        json!({"seq": 1, "v": 2}),
        Condition::Exists,
    );
    commit(
        store,
        vec![replace, put(&a, "TASK#pay", json!({}), Condition::None)],
        "replace a1, write a task",
    )
    .await;
    commit(
        store,
        vec![put(&a, "NOTEVT#0000000003", json!({}), Condition::None)],
        "not an event",
    )
    .await;
    // Without a condition: replacing an event is not an insert, a new one is.
    let unconditional = |sk: &str| put(&b, sk, json!({"v": 3}), Condition::None);
    commit(
        store,
        vec![
            unconditional("EVT#0000000002"),
            unconditional("EVT#0000000003"),
        ],
        "b2 replaced and b3 inserted without a condition",
    )
    .await;
    let delete = Write::Delete {
        key: Key::new(&b, "EVT#0000000001"),
        condition: Condition::None,
    };
    commit(store, vec![delete], "delete b1").await;
    commit(store, vec![event(&b, 1)], "insert b1 again").await;

    let (records, _) = stream_of(store, &ns).await;
    let want = [
        "APP#a EVT#0000000001",
        "APP#b EVT#0000000001",
        "APP#a EVT#0000000002",
        "APP#b EVT#0000000002",
        "APP#b EVT#0000000003",
        "APP#b EVT#0000000001",
    ];
    assert_eq!(
        keys(&records, &ns),
        want,
        "the stream holds the inserted events in commit order"
    );
    assert_eq!(
        records[0].item.attrs.get("v"),
        Some(&json!(1)),
        "a record holds the item as inserted"
    );
    assert_eq!(
        records[2].item.attrs.get("seq"),
        Some(&json!(2)),
        "a record holds the item's attributes"
    );

    let mut paged = Vec::new();
    let mut after = records[0].position.saturating_sub(1);
    while paged.len() < records.len() {
        let page = ok(
            store.stream(after, 2, Duration::ZERO).await,
            "page through the stream",
        );
        assert!(
            !page.is_empty() && page.len() <= 2,
            "a page of at most 2, not empty while records remain: {page:?}"
        );
        after = page[page.len() - 1].position;
        paged.extend(page.into_iter().filter(|r| r.item.key.pk.starts_with(&ns)));
    }
    assert_eq!(paged, records, "paging yields the same records");
    assert!(
        ok(store.stream(after, 0, Duration::ZERO).await, "limit 0").is_empty(),
        "limit 0 reads nothing"
    );
}

/// A `stream` call with nothing new waits, and returns as soon as an event is committed; with
/// nothing committed it returns after the wait with nothing of ours.
pub async fn stream_waits_for_commits(store: Arc<dyn Store>) {
    let ns = namespace("stream-wait");
    let pk = format!("{ns}APP#1");
    let (_, tail) = stream_of(&*store, &ns).await;

    let started = Instant::now();
    let quiet = ok(
        store.stream(tail, 10, Duration::from_millis(200)).await,
        "wait on a quiet stream",
    );
    let waited = started.elapsed();
    assert!(
        quiet.iter().all(|r| !r.item.key.pk.starts_with(&ns)),
        "records of ours appeared from nowhere"
    );
    if quiet.is_empty() {
        assert!(
            waited >= Duration::from_millis(150),
            "an empty stream returned after {waited:?}, before the wait"
        );
    }

    let writer = {
        let (store, pk) = (Arc::clone(&store), pk.clone());
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(150)).await;
            let event = put(
                &pk,
                "EVT#0000000001",
                json!({"next": "register"}),
                Condition::NotExists,
            );
            store.transact(crate::Transaction::new(vec![event])).await
        })
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs(20);
    let mut after = tail;
    let record = loop {
        let wait = deadline.saturating_duration_since(Instant::now());
        let page = ok(store.stream(after, 10, wait).await, "wait for a commit");
        if let Some(last) = page.last() {
            after = last.position;
        }
        if let Some(mine) = page.into_iter().find(|r| r.item.key.pk.starts_with(&ns)) {
            break mine;
        }
        assert!(
            Instant::now() < deadline,
            "no record arrived within 20 s of a commit"
        );
    };
    let waited = started.elapsed();
    ok(
        writer
            .await
            .unwrap_or_else(|e| panic!("the writer task panicked: {e}")),
        "commit the awaited event",
    );
    assert_eq!(record.item.key, Key::new(&pk, "EVT#0000000001"));
    assert!(
        waited < Duration::from_secs(10),
        "the waiting read returned {waited:?} after the commit, not at once"
    );
}
