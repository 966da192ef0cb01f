//! What the embedded store promises beyond the port: durability across reopen and process kill,
//! shutdown that commits what was queued, group commit, and a writer that survives a panicking
//! numbering.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use reglament_store::sqlite::SqliteStore;
use reglament_store::{Condition, Item, Key, Numbering, Store, StoreError, Transaction, Write};
use serde_json::{Value, json};

fn put(pk: &str, sk: &str, attrs: Value, condition: Condition) -> Write {
    let Value::Object(attrs) = attrs else {
        panic!("attrs must be an object")
    };
    Write::Put {
        item: Item::new(Key::new(pk, sk), attrs),
        condition,
    }
}

fn open(path: &Path) -> SqliteStore {
    SqliteStore::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reopening_keeps_items_stream_and_counters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.db");
    let numbering = || Numbering {
        counter: Key::new("SEQ#almaty#2026", "COUNTER"),
        fill: Box::new(|_| Vec::new()),
    };

    let store = open(&path);
    let first = Transaction::new(vec![
        put(
            "APP#1",
            "STATE",
            json!({"version": 1, "gsi1pk": "IIN#1", "gsi1sk": "2026-01-01"}),
            Condition::NotExists,
        ),
        put(
            "APP#1",
            "EVT#0000000001",
            json!({"next": "authorize"}),
            Condition::NotExists,
        ),
    ])
    .with_numbering(numbering());
    assert_eq!(store.transact(first).await.expect("commit").number, Some(1));
    let before = store.stream(0, 10, Duration::ZERO).await.expect("stream");
    drop(store);

    let store = open(&path);
    let state = store
        .get(&Key::new("APP#1", "STATE"))
        .await
        .expect("get")
        .expect("state survives");
    assert_eq!(state.attrs.get("version"), Some(&json!(1)));
    let index = store
        .query_index(reglament_store::Index::Applicant, "IIN#1", 10)
        .await
        .expect("index");
    assert_eq!(index.len(), 1, "the index survives");
    assert_eq!(
        store.stream(0, 10, Duration::ZERO).await.expect("stream"),
        before,
        "the stream survives"
    );

    let second = Transaction::new(vec![put(
        "APP#1",
        "EVT#0000000002",
        json!({"next": "register"}),
        Condition::NotExists,
    )])
    .with_numbering(numbering());
    assert_eq!(
        store.transact(second).await.expect("commit").number,
        Some(2),
        "numbering continues"
    );
    let after = store
        .stream(before[0].position, 10, Duration::ZERO)
        .await
        .expect("stream");
    assert_eq!(after.len(), 1);
    assert!(
        after[0].position > before[0].position,
        "positions keep increasing across reopen"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_transaction_is_committed_when_the_store_is_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.db");
    let store = open(&path);
    let tx = Transaction::new(vec![put(
        "APP#1",
        "STATE",
        json!({"v": 1}),
        Condition::NotExists,
    )]);
    // The first poll queues the transaction; then the caller stops waiting.
    let _ = tokio::time::timeout(Duration::ZERO, store.transact(tx)).await;
    drop(store);
    let store = open(&path);
    assert!(
        store
            .get(&Key::new("APP#1", "STATE"))
            .await
            .expect("get")
            .is_some(),
        "queued work is committed on drop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_transactions_share_commits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(open(&dir.path().join("store.db")));
    let tasks: Vec<_> = (0..64)
        .map(|t| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                for i in 0..10 {
                    let tx = Transaction::new(vec![put(
                        &format!("APP#{t}-{i}"),
                        "STATE",
                        json!({}),
                        Condition::NotExists,
                    )]);
                    store.transact(tx).await.expect("commit");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
    let stats = store.stats();
    assert_eq!(stats.transactions, 640);
    assert!(
        stats.batches < stats.transactions,
        "64 concurrent callers never shared a commit: {stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_numbering_fails_only_its_transaction() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir.path().join("store.db"));
    let counter = Key::new("SEQ#x", "COUNTER");
    let panicking = Transaction::new(vec![put("APP#1", "STATE", json!({}), Condition::None)])
        .with_numbering(Numbering {
            counter: counter.clone(),
            fill: Box::new(|_| panic!("fill failed on purpose")),
        });
    match store.transact(panicking).await {
        Err(StoreError::Invalid(message)) => assert!(message.contains("panicked"), "{message}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(
        store
            .get(&Key::new("APP#1", "STATE"))
            .await
            .expect("get")
            .is_none()
    );
    let fine = Transaction::default().with_numbering(Numbering {
        counter,
        fill: Box::new(|_| Vec::new()),
    });
    assert_eq!(
        store
            .transact(fine)
            .await
            .expect("the writer still works")
            .number,
        Some(1)
    );
}

/// The environment variable that turns `kill_child` into the writing child of
/// `acknowledged_commits_survive_a_kill`.
const CHILD_DB: &str = "REGLAMENT_STORE_KILL_CHILD_DB";

/// Kills (SIGKILL) a process in the middle of a write load and checks that every transaction it
/// acknowledged is in the file when it is opened again.
#[test]
fn acknowledged_commits_survive_a_kill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.db");
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "kill_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, &path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the writing child");
    let stdout = child.stdout.take().expect("child stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut acked = Vec::new();
    while acked.len() < 400 {
        match lines.next() {
            Some(Ok(line)) => acked.extend(line.strip_prefix("ACK ").map(str::to_owned)),
            _ => panic!("the child stopped after {} acknowledgements", acked.len()),
        }
    }
    child.kill().expect("kill the child");
    // Acknowledgements printed before the kill still count.
    acked.extend(
        lines
            .map_while(Result::ok)
            .filter_map(|line| line.strip_prefix("ACK ").map(str::to_owned)),
    );
    child.wait().expect("reap the child");

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = open(&path);
        for pk in &acked {
            let item = store
                .get(&Key::new(pk.as_str(), "STATE"))
                .await
                .expect("get");
            assert!(
                item.is_some(),
                "{pk} was acknowledged before the kill but is not in the file"
            );
        }
    });
}

/// The writing child of `acknowledged_commits_survive_a_kill`; does nothing when run alone.
#[test]
#[ignore = "run by acknowledged_commits_survive_a_kill as a child process"]
fn kill_child() {
    let Ok(path) = std::env::var(CHILD_DB) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = Arc::new(open(Path::new(&path)));
        let tasks: Vec<_> = (0..16)
            .map(|t| {
                let store = Arc::clone(&store);
                tokio::spawn(async move {
                    // Bounded, in case the parent never kills us.
                    for i in 0..100_000 {
                        let pk = format!("APP#{t}-{i}");
                        let tx = Transaction::new(vec![put(
                            &pk,
                            "STATE",
                            json!({"t": t, "i": i}),
                            Condition::NotExists,
                        )]);
                        store.transact(tx).await.expect("commit");
                        println!("ACK {pk}");
                    }
                })
            })
            .collect();
        for task in tasks {
            let _ = task.await;
        }
    });
}
