//! Numbering: counters give 1, 2, 3… with no gaps, whatever fails and however many race.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::json;

use super::support::{condition_failed, equals, must_be_absent, must_get, namespace, obj, ok, put};
use crate::{Committed, Condition, Key, Numbering, Store, StoreError, Transaction, Write};

/// A transaction that registers application `app` under the next number of `counter`: a
/// registry item `REG#<n>` (which must be new) and the application's state.
fn register(ns: &str, counter: &Key, app: &str, state_condition: Condition) -> Transaction {
    let (ns, app_pk) = (ns.to_owned(), format!("{ns}APP#{app}"));
    let state = put(
        &app_pk,
        "STATE",
        json!({"status": "registering"}),
        state_condition,
    );
    Transaction::new(vec![state]).with_numbering(Numbering {
        counter: counter.clone(),
        fill: Box::new(move |n| {
            vec![put(
                &format!("{ns}REG#{n:06}"),
                "META",
                json!({"number": n, "application": app_pk}),
                Condition::NotExists,
            )]
        }),
    })
}

fn number_of(result: Result<Committed, StoreError>, doing: &str) -> u64 {
    match ok(result, doing).number {
        Some(n) => n,
        None => panic!("{doing}: a transaction with a numbering reported no number"),
    }
}

/// Numbers go 1, 2, 3; failed transactions (a failed own write, a failed filled write) consume
/// no number and leave nothing; the counter keeps its other attributes.
pub async fn numbering_without_gaps(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("numbering");
    let counter = Key::new(format!("{ns}SEQ#almaty#2026"), "COUNTER");

    let first = store
        .transact(register(&ns, &counter, "1", Condition::NotExists))
        .await;
    assert_eq!(number_of(first, "first number"), 1);
    let counted = must_get(store, &counter.pk, &counter.sk).await;
    assert_eq!(
        counted.attrs.get("value"),
        Some(&json!(1)),
        "the counter holds the last number"
    );
    let registry = must_get(store, &format!("{ns}REG#000001"), "META").await;
    assert_eq!(
        registry.attrs.get("number"),
        Some(&json!(1)),
        "filled writes carry the number"
    );

    let own_write_fails = store
        .transact(register(&ns, &counter, "1", Condition::NotExists))
        .await;
    condition_failed(
        own_write_fails,
        0,
        &Key::new(format!("{ns}APP#1"), "STATE"),
        "a failed own write",
    );
    must_be_absent(
        store,
        &format!("{ns}REG#000002"),
        "META",
        "a failed transaction's filled write",
    )
    .await;

    // Someone took REG#000002 by hand: the filled write (index 1, after the one own write) fails.
    let taken = put(
        &format!("{ns}REG#000002"),
        "META",
        json!({"by": "hand"}),
        Condition::None,
    );
    ok(
        store.transact(Transaction::new(vec![taken])).await,
        "take REG#000002",
    );
    let filled_fails = store
        .transact(register(&ns, &counter, "2", Condition::NotExists))
        .await;
    condition_failed(
        filled_fails,
        1,
        &Key::new(format!("{ns}REG#000002"), "META"),
        "a failed filled write",
    );
    must_be_absent(
        store,
        &format!("{ns}APP#2"),
        "STATE",
        "a failed transaction's own write",
    )
    .await;
    let counted = must_get(store, &counter.pk, &counter.sk).await;
    assert_eq!(
        counted.attrs.get("value"),
        Some(&json!(1)),
        "failed transactions consume no number"
    );

    let labelled = put(
        &counter.pk,
        &counter.sk,
        json!({"value": 1, "region": "almaty"}),
        equals("value", json!(1)),
    );
    ok(
        store.transact(Transaction::new(vec![labelled])).await,
        "label the counter",
    );
    let delete_reg2 = Write::Delete {
        key: Key::new(format!("{ns}REG#000002"), "META"),
        condition: Condition::None,
    };
    ok(
        store.transact(Transaction::new(vec![delete_reg2])).await,
        "free REG#000002",
    );
    let second = store
        .transact(register(&ns, &counter, "2", Condition::NotExists))
        .await;
    assert_eq!(number_of(second, "second number"), 2);
    let third = store
        .transact(register(&ns, &counter, "3", Condition::NotExists))
        .await;
    assert_eq!(number_of(third, "third number"), 3);
    let counted = must_get(store, &counter.pk, &counter.sk).await;
    assert_eq!(
        counted.attrs,
        obj(json!({"value": 3, "region": "almaty"})),
        "the counter keeps its other attributes"
    );

    let only_numbering = Transaction::default().with_numbering(Numbering {
        counter: counter.clone(),
        fill: Box::new(|_| vec![]),
    });
    assert_eq!(
        number_of(store.transact(only_numbering).await, "a numbering alone"),
        4
    );
    let onto_counter = Transaction::default().with_numbering(Numbering {
        counter: counter.clone(),
        fill: Box::new({
            let counter = counter.clone();
            move |_| {
                vec![Write::Check {
                    key: counter.clone(),
                    condition: Condition::Exists,
                }]
            }
        }),
    });
    super::support::invalid(
        store.transact(onto_counter).await,
        "a filled write on the counter",
    );
    let counted = must_get(store, &counter.pk, &counter.sk).await;
    assert_eq!(
        counted.attrs.get("value"),
        Some(&json!(4)),
        "an invalid numbering consumes no number"
    );
}

/// Many transactions numbering one counter at once get distinct numbers with no gaps, while
/// those that fail consume none.
pub async fn concurrent_numbering(store: Arc<dyn Store>) {
    const TASKS: u64 = 24;
    let ns = namespace("numbering-race");
    let counter = Key::new(format!("{ns}SEQ#almaty#2026"), "COUNTER");
    let doomed = put(
        &format!("{ns}APP#doomed"),
        "STATE",
        json!({}),
        Condition::None,
    );
    ok(
        store.transact(Transaction::new(vec![doomed])).await,
        "seed an application that exists",
    );

    let mut tasks = Vec::new();
    for i in 0..TASKS {
        let (store, ns, counter) = (Arc::clone(&store), ns.clone(), counter.clone());
        // Every fourth transaction fails: it wants to create an application that exists.
        let app = if i % 4 == 3 {
            "doomed".to_owned()
        } else {
            i.to_string()
        };
        tasks.push(tokio::spawn(async move {
            store
                .transact(register(&ns, &counter, &app, Condition::NotExists))
                .await
        }));
    }
    let mut numbers = BTreeSet::new();
    let mut failed = 0;
    for task in tasks {
        match task.await {
            Ok(Ok(committed)) => {
                let n = committed
                    .number
                    .unwrap_or_else(|| panic!("a concurrent numbering reported no number"));
                assert!(numbers.insert(n), "number {n} was given twice");
            }
            Ok(Err(StoreError::ConditionFailed { .. })) => failed += 1,
            Ok(Err(e)) => panic!("a concurrent numbering failed unexpectedly: {e}"),
            Err(e) => panic!("a concurrent numbering task panicked: {e}"),
        }
    }
    assert_eq!(
        failed,
        TASKS / 4,
        "the doomed transactions fail and only they"
    );
    let want: BTreeSet<u64> = (1..=TASKS - TASKS / 4).collect();
    assert_eq!(numbers, want, "concurrent numbers are 1..n without gaps");
}
