//! Reading many items: a partition by sort-key prefix, and both secondary indexes.

use std::sync::Arc;

use serde_json::json;

use super::support::{commit, keys, namespace, ok, put};
use crate::{Condition, Index, Key, Store, Write};

/// `query` returns exactly the partition's items whose sort key starts with the prefix, in
/// sort-key (byte) order.
pub async fn query_prefix(store: Arc<dyn Store>) {
    let store = &*store;
    let ns = namespace("query");
    let pk = format!("{ns}APP#1");
    let other = format!("{ns}APP#10");
    let sks = [
        "EVT#0000000002",
        "STATE",
        "EVT#0000000010",
        "EVT$",
        "EVT",
        "EVT#0000000001",
        "TASK#pay",
        "Жалоба",
        "a",
    ];
    let mut writes: Vec<Write> = sks
        .iter()
        .map(|sk| put(&pk, sk, json!({"label": sk}), Condition::None))
        .collect();
    writes.push(put(&other, "EVT#0000000001", json!({}), Condition::None));
    commit(store, writes, "seed").await;

    let events = ok(store.query(&pk, "EVT#").await, "query EVT#");
    let want =
        ["EVT#0000000001", "EVT#0000000002", "EVT#0000000010"].map(|sk| format!("APP#1 {sk}"));
    assert_eq!(keys(&events, &ns), want, "query by prefix EVT#");
    assert_eq!(
        events[0].attrs.get("label"),
        Some(&json!("EVT#0000000001")),
        "query returns the attributes"
    );

    let all = ok(store.query(&pk, "").await, "query the whole partition");
    let mut sorted: Vec<&str> = sks.to_vec();
    sorted.sort_unstable();
    let want: Vec<String> = sorted.iter().map(|sk| format!("APP#1 {sk}")).collect();
    assert_eq!(keys(&all, &ns), want, "a whole partition in byte order");

    assert_eq!(
        keys(&ok(store.query(&pk, "Жа").await, "query Жа"), &ns),
        ["APP#1 Жалоба"],
        "a Cyrillic prefix"
    );
    assert_eq!(
        keys(&ok(store.query(&pk, "STATE").await, "query STATE"), &ns),
        ["APP#1 STATE"],
        "a whole sort key"
    );
    assert!(
        ok(store.query(&pk, "ZZZ").await, "query ZZZ").is_empty(),
        "a prefix matching nothing"
    );
    assert!(
        ok(store.query(&format!("{ns}NONE"), "").await, "query").is_empty(),
        "an empty partition"
    );
}

/// Both indexes: items in index sort-key order, `limit` respected, items in an index only while
/// both index attributes are present, moving between index partitions when they change.
pub async fn secondary_indexes(store: Arc<dyn Store>) {
    for (index, pk_attr, sk_attr) in [
        (Index::Applicant, "gsi1pk", "gsi1sk"),
        (Index::Inbox, "gsi2pk", "gsi2sk"),
    ] {
        one_index(&*store, index, pk_attr, sk_attr).await;
    }
}

async fn one_index(store: &dyn Store, index: Index, pk_attr: &str, sk_attr: &str) {
    let ns = namespace(&format!("index-{index:?}"));
    let part = format!("{ns}IIN#900101300123");
    let moved_to = format!("{ns}IIN#other");
    let indexed = |app: &str, sk: &str| {
        put(
            &format!("{ns}APP#{app}"),
            "STATE",
            json!({pk_attr: part, sk_attr: sk, "app": app}),
            Condition::None,
        )
    };
    let seed = vec![
        indexed("3", "2026-03-01"),
        indexed("1", "2026-01-01"),
        indexed("2", "2026-02-01"),
        indexed("4", "2026-04-01"),
        put(
            &format!("{ns}APP#5"),
            "STATE",
            json!({pk_attr: part}),
            Condition::None,
        ),
        put(
            &format!("{ns}APP#6"),
            "STATE",
            json!({sk_attr: "2026-01-01"}),
            Condition::None,
        ),
    ];
    commit(store, seed, "seed the index").await;
    let doing = format!("query index {index:?}");
    let apps = |items: Vec<crate::Item>| -> Vec<String> {
        items
            .iter()
            .map(|i| {
                i.attrs
                    .get("app")
                    .and_then(|a| a.as_str())
                    .unwrap_or("?")
                    .to_owned()
            })
            .collect()
    };

    let all = ok(store.query_index(index, &part, 100).await, &doing);
    assert_eq!(
        apps(all),
        ["1", "2", "3", "4"],
        "{doing}: index sort-key order, complete keys only"
    );
    let first = ok(store.query_index(index, &part, 2).await, &doing);
    assert_eq!(apps(first), ["1", "2"], "{doing}: limit 2");
    assert!(
        ok(store.query_index(index, &part, 0).await, &doing).is_empty(),
        "{doing}: limit 0"
    );

    let removed = put(
        &format!("{ns}APP#1"),
        "STATE",
        json!({pk_attr: part, "app": "1"}),
        Condition::None,
    );
    let moved = put(
        &format!("{ns}APP#2"),
        "STATE",
        json!({pk_attr: moved_to, sk_attr: "x", "app": "2"}),
        Condition::None,
    );
    let resorted = indexed("4", "2025-12-31");
    let deleted = Write::Delete {
        key: Key::new(format!("{ns}APP#3"), "STATE"),
        condition: Condition::None,
    };
    commit(
        store,
        vec![removed, moved, resorted, deleted],
        "change index attributes",
    )
    .await;
    let after = ok(store.query_index(index, &part, 100).await, &doing);
    assert_eq!(
        apps(after),
        ["4"],
        "{doing}: after removing, moving, re-sorting and deleting"
    );
    let elsewhere = ok(store.query_index(index, &moved_to, 100).await, &doing);
    assert_eq!(
        apps(elsewhere),
        ["2"],
        "{doing}: the moved item in its new partition"
    );
}
