//! Conditions: each kind passing and failing, and a failed transaction leaving nothing behind.

use std::sync::Arc;

use serde_json::json;

use super::support::{
    commit, condition_failed, equals, must_be_absent, must_get, namespace, obj, put,
};
use crate::{Condition, Key, Store, Transaction, Write};

/// `NotExists`, `Exists` and `Equals` pass when they hold and fail with `ConditionFailed`
/// (naming the write) when they do not.
pub async fn each_condition(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("conditions");
    let pk = format!("{ns}APP#1");
    let key = Key::new(&pk, "STATE");
    let state = json!({"version": 1, "step": "register", "doc": {"a": [1, 2]}});
    let try_put = |condition: Condition| {
        store.transact(Transaction::new(vec![put(
            &pk,
            "STATE",
            json!({"version": 2}),
            condition,
        )]))
    };

    condition_failed(
        try_put(Condition::Exists).await,
        0,
        &key,
        "Exists on a missing item",
    );
    condition_failed(
        try_put(equals("version", json!(1))).await,
        0,
        &key,
        "Equals on a missing item",
    );
    commit(
        store,
        vec![put(&pk, "STATE", state.clone(), Condition::NotExists)],
        "NotExists on a missing item",
    )
    .await;
    condition_failed(
        try_put(Condition::NotExists).await,
        0,
        &key,
        "NotExists on an existing item",
    );

    condition_failed(
        try_put(equals("version", json!(2))).await,
        0,
        &key,
        "Equals with another value",
    );
    condition_failed(
        try_put(equals("version", json!("1"))).await,
        0,
        &key,
        "Equals with a string for a number",
    );
    condition_failed(
        try_put(equals("missing", json!(null))).await,
        0,
        &key,
        "Equals on a missing attribute",
    );
    condition_failed(
        try_put(equals("doc", json!({"a": [2, 1]}))).await,
        0,
        &key,
        "Equals on another list order",
    );
    assert_eq!(
        must_get(store, &pk, "STATE").await.attrs,
        obj(state.clone()),
        "failed puts changed the item"
    );

    let passing = [
        equals("version", json!(1)),
        equals("version", json!(1.0)),
        equals("step", json!("register")),
        equals("doc", json!({"a": [1, 2]})),
        Condition::Exists,
    ];
    for condition in passing {
        let doing = format!("{condition:?} that holds");
        let guarded = put(&pk, "STATE", state.clone(), condition);
        commit(store, vec![guarded], &doing).await;
    }

    let delete = |condition| Write::Delete {
        key: key.clone(),
        condition,
    };
    let refused = store
        .transact(Transaction::new(vec![delete(equals("version", json!(7)))]))
        .await;
    condition_failed(refused, 0, &key, "a delete whose Equals fails");
    must_get(store, &pk, "STATE").await;
    commit(
        store,
        vec![delete(equals("version", json!(1)))],
        "a delete whose Equals holds",
    )
    .await;
    must_be_absent(store, &pk, "STATE", "deleted under a condition that held").await;
}

/// A transaction whose last write fails leaves nothing of its earlier writes: no put, no
/// delete, no replacement.
pub async fn failed_transaction_leaves_nothing(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("atomicity");
    let pk = format!("{ns}APP#1");
    let seed = vec![
        put(&pk, "KEEP", json!({"v": 1}), Condition::None),
        put(&pk, "STATE", json!({"version": 3}), Condition::None),
    ];
    commit(store, seed, "seed").await;

    let writes = vec![
        put(&pk, "NEW", json!({"v": 1}), Condition::NotExists),
        Write::Delete {
            key: Key::new(&pk, "KEEP"),
            condition: Condition::Exists,
        },
        put(
            &pk,
            "EVT#0000000001",
            json!({"next": "register"}),
            Condition::NotExists,
        ),
        put(
            &pk,
            "STATE",
            json!({"version": 4}),
            equals("version", json!(2)),
        ),
    ];
    let result = store.transact(Transaction::new(writes)).await;
    condition_failed(
        result,
        3,
        &Key::new(&pk, "STATE"),
        "a stale version at the end of a transaction",
    );
    must_be_absent(store, &pk, "NEW", "put by a failed transaction").await;
    must_be_absent(
        store,
        &pk,
        "EVT#0000000001",
        "event put by a failed transaction",
    )
    .await;
    must_get(store, &pk, "KEEP").await;
    assert_eq!(
        must_get(store, &pk, "STATE").await.attrs,
        obj(json!({"version": 3})),
        "state changed by a failed transaction"
    );
    let (records, _) = super::support::stream_of(store, &ns).await;
    assert!(
        records.is_empty(),
        "a failed transaction's event reached the stream: {records:?}"
    );
}
