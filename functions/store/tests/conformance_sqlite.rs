//! The conformance suite against the embedded SQLite store, on a temp file: one test per check,
//! and the whole suite on one shared store.

use std::sync::Arc;

use reglament_store::Store;
use reglament_store::sqlite::SqliteStore;

/// A store in a fresh temp dir; the dir lives as long as the returned guard.
fn temp_store() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("create a temp dir");
    let store = SqliteStore::open(dir.path().join("store.db")).expect("open the store");
    (Arc::new(store), dir)
}

reglament_store::conformance_tests!(temp_store());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_suite_on_one_shared_store() {
    let (store, _dir) = temp_store();
    reglament_store::conformance::run_all(Arc::clone(&store)).await;
    // Twice on the same table: the checks must not trip over an earlier run's items.
    reglament_store::conformance::run_all(store).await;
}
