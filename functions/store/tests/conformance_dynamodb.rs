//! The conformance suite against the DynamoDB store, on moto's emulator (started once for this
//! test process on a free loopback port): one test per check, each on a table of its own, and
//! the whole suite twice on one shared table.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use reglament_emulator::Emulator;
use reglament_store::Store;
use reglament_store::dynamodb::{DynamoStore, create_table};

/// A store on a new table of the emulator.
async fn emulated_store() -> (Arc<dyn Store>, ()) {
    static TABLES: AtomicU32 = AtomicU32::new(0);
    let emulator = Emulator::shared();
    let table = format!(
        "conformance-{}-{}",
        std::process::id(),
        TABLES.fetch_add(1, Ordering::Relaxed)
    );
    let store = DynamoStore::new(&emulator.sdk_config(), &table);
    create_table(store.client(), &table)
        .await
        .unwrap_or_else(|e| panic!("create the table {table}: {e}"));
    (Arc::new(store), ())
}

reglament_store::conformance_tests!(emulated_store().await);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_suite_on_one_shared_table() {
    let (store, ()) = emulated_store().await;
    reglament_store::conformance::run_all(Arc::clone(&store)).await;
    // Twice on the same table: the checks must not trip over an earlier run's items.
    reglament_store::conformance::run_all(store).await;
}

/// Numberings of one counter from several stores (as from several Lambda instances) race in
/// DynamoDB itself, not in a store's turn-taking: the counter's guard still gives 1..n once each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbering_races_across_stores() {
    use reglament_store::{Condition, Item, Key, Numbering, StoreError, Transaction, Write};
    const STORES: usize = 4;
    const EACH: usize = 5;
    let emulator = Emulator::shared();
    let table = format!("numbering-race-{}", std::process::id());
    let first = DynamoStore::new(&emulator.sdk_config(), &table);
    create_table(first.client(), &table)
        .await
        .expect("create the table");
    let counter = Key::new("SEQ#race#2026", "COUNTER");
    let mut tasks = Vec::new();
    for s in 0..STORES {
        let store = Arc::new(DynamoStore::new(&emulator.sdk_config(), &table));
        let counter = counter.clone();
        tasks.push(tokio::spawn(async move {
            let mut numbers = Vec::new();
            for i in 0..EACH {
                let tx = Transaction::default().with_numbering(Numbering {
                    counter: counter.clone(),
                    fill: Box::new(move |n| {
                        vec![Write::Put {
                            item: Item::new(Key::new(format!("REG#{n:06}"), "META"), {
                                let mut attrs = serde_json::Map::new();
                                attrs.insert("by".into(), format!("{s}-{i}").into());
                                attrs
                            }),
                            condition: Condition::NotExists,
                        }]
                    }),
                });
                let committed: Result<_, StoreError> = store.transact(tx).await;
                numbers.push(
                    committed
                        .expect("a racing numbering")
                        .number
                        .expect("a number"),
                );
            }
            numbers
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("a racing store panicked"));
    }
    all.sort_unstable();
    let want: Vec<u64> = (1..=(STORES * EACH) as u64).collect();
    assert_eq!(all, want, "numbers from racing stores are 1..n, each once");
}
