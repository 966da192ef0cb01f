//! Optimistic concurrency: racing writers guarded by `Equals { version }`, exactly one wins.

use std::sync::Arc;

use serde_json::json;
use tokio::sync::Barrier;

use super::support::{commit, equals, must_get, namespace, put};
use crate::{Condition, Store, StoreError, Transaction};

/// Several runs of a step race to move an application from version 1 to 2, each appending the
/// same next event; exactly one commits, the others get `ConditionFailed`, and the state and
/// event are the winner's.
pub async fn racing_versions(store: Arc<dyn Store>) {
    const RACERS: usize = 16;
    let ns = namespace("race");
    let pk = format!("{ns}APP#1");
    commit(
        &*store,
        vec![put(&pk, "STATE", json!({"version": 1}), Condition::None)],
        "seed",
    )
    .await;

    let start = Arc::new(Barrier::new(RACERS));
    let mut tasks = Vec::new();
    for racer in 0..RACERS {
        let (store, pk, start) = (Arc::clone(&store), pk.clone(), Arc::clone(&start));
        tasks.push(tokio::spawn(async move {
            let writes = vec![
                put(
                    &pk,
                    "STATE",
                    json!({"version": 2, "by": racer}),
                    equals("version", json!(1)),
                ),
                put(
                    &pk,
                    "EVT#0000000002",
                    json!({"next": "issue", "by": racer}),
                    Condition::NotExists,
                ),
            ];
            start.wait().await;
            (racer, store.transact(Transaction::new(writes)).await)
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        match task.await {
            Ok((racer, Ok(_))) => winners.push(racer),
            Ok((_, Err(StoreError::ConditionFailed { .. }))) => {}
            Ok((racer, Err(e))) => {
                panic!("racer {racer} failed with something other than a condition: {e}")
            }
            Err(e) => panic!("a racer panicked: {e}"),
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "exactly one racer must win, these did: {winners:?}"
    );
    let state = must_get(&*store, &pk, "STATE").await;
    assert_eq!(
        state.attrs.get("by"),
        Some(&json!(winners[0])),
        "the state is the winner's"
    );
    let event = must_get(&*store, &pk, "EVT#0000000002").await;
    assert_eq!(
        event.attrs.get("by"),
        Some(&json!(winners[0])),
        "the event is the winner's"
    );
}
