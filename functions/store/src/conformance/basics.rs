//! Items in and out: put and get, whole-item replacement, delete, check, and malformed
//! transactions.

use std::sync::Arc;

use serde_json::json;

use super::support::{
    commit, condition_failed, invalid, item, must_be_absent, must_get, namespace, ok, put,
};
use crate::{Condition, Key, MAX_TRANSACTION_WRITES, Store, Transaction, Write};

/// A put item comes back exactly; a second put replaces it whole; a missing item is `None`.
pub async fn get_put_round_trip(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("round-trip");
    let pk = format!("{ns}APP#1");
    let attrs = json!({
        "status": "submitted", "version": 1, "fee": 1_250_000u64, "ratio": 0.25, "negative": -7,
        "region": "Алматы", "flags": [true, false, null], "nested": {"a": {"b": [1, "two"]}}, "empty": {}
    });
    commit(
        store,
        vec![put(&pk, "STATE", attrs.clone(), Condition::None)],
        "put an item",
    )
    .await;
    assert_eq!(
        must_get(store, &pk, "STATE").await,
        item(&pk, "STATE", attrs),
        "item read back differs"
    );

    commit(
        store,
        vec![put(
            &pk,
            "STATE",
            json!({"status": "issued"}),
            Condition::None,
        )],
        "replace",
    )
    .await;
    let replaced = must_get(store, &pk, "STATE").await;
    assert_eq!(
        replaced.attrs,
        super::support::obj(json!({"status": "issued"})),
        "a put replaces the whole item"
    );

    must_be_absent(store, &pk, "NOPE", "never written").await;
    must_be_absent(store, &format!("{ns}OTHER"), "STATE", "never written").await;
}

/// Delete removes an item (missing is fine without a condition); Check writes nothing but
/// guards the transaction.
pub async fn delete_and_check(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("delete-check");
    let pk = format!("{ns}APP#1");
    let key = |sk: &str| Key::new(&pk, sk);
    let seed = vec![
        put(&pk, "A", json!({"v": 1}), Condition::None),
        put(&pk, "B", json!({"v": 2}), Condition::None),
    ];
    commit(store, seed, "seed").await;

    commit(
        store,
        vec![Write::Delete {
            key: key("A"),
            condition: Condition::Exists,
        }],
        "delete A",
    )
    .await;
    must_be_absent(store, &pk, "A", "deleted").await;
    commit(
        store,
        vec![Write::Delete {
            key: key("A"),
            condition: Condition::None,
        }],
        "delete a missing item",
    )
    .await;
    let again = store.transact(Transaction::new(vec![Write::Delete {
        key: key("A"),
        condition: Condition::Exists,
    }]));
    condition_failed(
        again.await,
        0,
        &key("A"),
        "delete a missing item that must exist",
    );

    let checked = vec![
        Write::Check {
            key: key("B"),
            condition: super::support::equals("v", json!(2)),
        },
        put(&pk, "C", json!({"v": 3}), Condition::NotExists),
    ];
    commit(store, checked, "a passing check with a put").await;
    assert_eq!(
        must_get(store, &pk, "B").await.attrs,
        super::support::obj(json!({"v": 2})),
        "a check writes nothing"
    );
    must_get(store, &pk, "C").await;

    let blocked = vec![
        put(&pk, "D", json!({"v": 4}), Condition::None),
        Write::Delete {
            key: key("C"),
            condition: Condition::None,
        },
        Write::Check {
            key: key("A"),
            condition: Condition::Exists,
        },
    ];
    condition_failed(
        store.transact(Transaction::new(blocked)).await,
        2,
        &key("A"),
        "a failing check",
    );
    must_be_absent(
        store,
        &pk,
        "D",
        "the put of a transaction whose check failed",
    )
    .await;
    must_get(store, &pk, "C").await;
}

/// Malformed transactions are refused whole with `Invalid`.
pub async fn invalid_transactions(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("invalid");
    let pk = format!("{ns}APP#1");
    let doing = "a transaction with two writes to one item";
    let twice = vec![
        put(&pk, "A", json!({}), Condition::None),
        put(&pk, "A", json!({"x": 1}), Condition::None),
    ];
    invalid(store.transact(Transaction::new(twice)).await, doing);
    must_be_absent(store, &pk, "A", doing).await;

    let mixed = vec![
        put(&pk, "B", json!({}), Condition::None),
        Write::Check {
            key: Key::new(&pk, "B"),
            condition: Condition::NotExists,
        },
    ];
    invalid(
        store.transact(Transaction::new(mixed)).await,
        "a put and a check of one item",
    );
    must_be_absent(store, &pk, "B", "a put and a check of one item").await;

    invalid(
        store.transact(Transaction::default()).await,
        "an empty transaction",
    );
    let reserved = vec![put(&pk, "C", json!({"pk": "x"}), Condition::None)];
    invalid(
        store.transact(Transaction::new(reserved)).await,
        "an attribute named pk",
    );
    let numeric_index = vec![put(
        &pk,
        "C",
        json!({"gsi2pk": "p", "gsi2sk": 17}),
        Condition::None,
    )];
    invalid(
        store.transact(Transaction::new(numeric_index)).await,
        "a numeric index key",
    );
    let empty_index = vec![put(
        &pk,
        "C",
        json!({"gsi1pk": "", "gsi1sk": "s"}),
        Condition::None,
    )];
    invalid(
        store.transact(Transaction::new(empty_index)).await,
        "an empty index key",
    );
    let empty_key = vec![put(&pk, "", json!({}), Condition::None)];
    invalid(
        store.transact(Transaction::new(empty_key)).await,
        "an empty sort key",
    );
    let many = (0..=MAX_TRANSACTION_WRITES)
        .map(|i| put(&pk, &format!("M#{i:03}"), json!({}), Condition::None));
    invalid(
        store.transact(Transaction::new(many.collect())).await,
        "too many writes",
    );
    must_be_absent(store, &pk, "M#000", "too many writes").await;
    must_be_absent(store, &pk, "C", "refused transactions").await;
    let most = (1..=MAX_TRANSACTION_WRITES)
        .map(|i| put(&pk, &format!("M#{i:03}"), json!({}), Condition::None));
    commit(
        store,
        most.collect(),
        "a transaction of the most writes allowed",
    )
    .await;
    assert_eq!(
        ok(store.query(&pk, "M#").await, "query").len(),
        MAX_TRANSACTION_WRITES
    );
}

/// `get_many` answers in the order asked, `None` for a missing item, and nothing for no keys.
pub async fn get_many_in_order(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("get-many");
    let pk = format!("{ns}APP#1");
    commit(
        store,
        vec![
            put(&pk, "REQUEST", json!({"form": {"a": 1}}), Condition::None),
            put(&pk, "STATE", json!({"version": 3}), Condition::None),
        ],
        "put two items",
    )
    .await;
    let keys = [
        Key::new(&pk, "STATE"),
        Key::new(&pk, "MISSING"),
        Key::new(&pk, "REQUEST"),
    ];
    let items = store
        .get_many(&keys)
        .await
        .unwrap_or_else(|e| panic!("get_many of three keys failed: {e}"));
    assert_eq!(
        items,
        vec![
            Some(item(&pk, "STATE", json!({"version": 3}))),
            None,
            Some(item(&pk, "REQUEST", json!({"form": {"a": 1}}))),
        ],
        "get_many answers in the order asked, None where missing"
    );
    let none = store
        .get_many(&[])
        .await
        .unwrap_or_else(|e| panic!("get_many of no keys failed: {e}"));
    assert!(none.is_empty(), "get_many of no keys answers nothing");
}
