//! Helpers shared by the conformance checks: unique namespaces, item builders, and assertions
//! that say what was being done when they fail.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::{Committed, Condition, Item, Key, Store, StoreError, StreamRecord, Transaction, Write};

/// A partition-key prefix no other check or run uses, so the suite can share a table.
pub(super) fn namespace(check: &str) -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    format!("CONF-{check}-{nanos:x}-{seq}-{}#", std::process::id())
}

/// A JSON object from a `json!` literal.
pub(super) fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("conformance helper: {other} is not a JSON object"),
    }
}

/// An item from a key and a `json!` object.
pub(super) fn item(pk: &str, sk: &str, attrs: Value) -> Item {
    Item::new(Key::new(pk, sk), obj(attrs))
}

/// A put of a whole item under a condition.
pub(super) fn put(pk: &str, sk: &str, attrs: Value, condition: Condition) -> Write {
    Write::Put {
        item: item(pk, sk, attrs),
        condition,
    }
}

/// The `Equals` condition on one attribute.
pub(super) fn equals(attr: &str, value: Value) -> Condition {
    Condition::Equals {
        attr: attr.into(),
        value,
    }
}

/// The value of a result, or a panic that says what was being done.
pub(super) fn ok<T>(result: Result<T, StoreError>, doing: &str) -> T {
    match result {
        Ok(value) => value,
        Err(e) => panic!("{doing}: expected success, got error: {e}"),
    }
}

/// Commits the writes as one transaction, which must succeed.
pub(super) async fn commit(store: &dyn Store, writes: Vec<Write>, doing: &str) -> Committed {
    ok(store.transact(Transaction::new(writes)).await, doing)
}

/// Requires a `ConditionFailed` on the given write.
pub(super) fn condition_failed<T: std::fmt::Debug>(
    result: Result<T, StoreError>,
    index: usize,
    key: &Key,
    doing: &str,
) {
    match result {
        Err(StoreError::ConditionFailed { index: i, key: k }) if i == index && &k == key => {}
        other => {
            panic!("{doing}: expected ConditionFailed on write {index} ({key}), got {other:?}")
        }
    }
}

/// Requires an `Invalid` error.
pub(super) fn invalid<T: std::fmt::Debug>(result: Result<T, StoreError>, doing: &str) {
    match result {
        Err(StoreError::Invalid(_)) => {}
        other => panic!("{doing}: expected Invalid, got {other:?}"),
    }
}

/// The item at the key, which must exist.
pub(super) async fn must_get(store: &dyn Store, pk: &str, sk: &str) -> Item {
    let key = Key::new(pk, sk);
    match ok(store.get(&key).await, &format!("get {key}")) {
        Some(item) => item,
        None => panic!("get {key}: expected the item, found none"),
    }
}

/// Requires that the item does not exist.
pub(super) async fn must_be_absent(store: &dyn Store, pk: &str, sk: &str, why: &str) {
    let key = Key::new(pk, sk);
    if let Some(item) = ok(store.get(&key).await, &format!("get {key}")) {
        panic!("{why}: {key} should not exist, found {:?}", item.attrs);
    }
}

/// The keys of items, in order, as `pk / sk` strings without the namespace.
pub(super) fn keys(items: &[Item], ns: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| format!("{} {}", i.key.pk.trim_start_matches(ns), i.key.sk))
        .collect()
}

/// Reads the whole stream from the start; returns this namespace's records and the position of
/// the last record of any namespace.
pub(super) async fn stream_of(store: &dyn Store, ns: &str) -> (Vec<StreamRecord>, u64) {
    let mut mine = Vec::new();
    let mut after = 0;
    loop {
        let page = ok(
            store.stream(after, 100, Duration::ZERO).await,
            &format!("read the stream after {after}"),
        );
        let Some(last) = page.last() else {
            return (mine, after);
        };
        for pair in page.windows(2) {
            assert!(
                pair[0].position < pair[1].position,
                "stream positions must increase: {pair:?}"
            );
        }
        assert!(
            page[0].position > after,
            "stream after {after} returned position {}",
            page[0].position
        );
        after = last.position;
        mine.extend(page.into_iter().filter(|r| r.item.key.pk.starts_with(ns)));
    }
}
