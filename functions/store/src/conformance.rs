//! The behaviour every [`Store`] adapter must show, as checks that run against any of them.
//!
//! Each check is a `pub async fn(Arc<dyn Store>)` that panics, saying what it was doing, when
//! the adapter misbehaves. Each works in its own fresh partition-key namespace, so the checks
//! can share a table with each other, with earlier runs and with other data. They need a tokio
//! runtime with timers (the race checks spawn tasks; a multi-thread runtime exercises them best).
//!
//! Run them all with [`run_all`], or one test per check with [`conformance_tests!`](crate::conformance_tests):
//!
//! ```ignore
//! reglament_store::conformance_tests!({
//!     let dir = tempfile::tempdir().expect("temp dir");
//!     let store = SqliteStore::open(dir.path().join("store.db")).expect("open");
//!     (std::sync::Arc::new(store) as std::sync::Arc<dyn reglament_store::Store>, dir)
//! });
//! ```

mod basics;
mod conditions;
mod numbering;
mod queries;
mod races;
mod stream;
mod support;

use std::sync::Arc;

pub use self::basics::{
    delete_and_check, get_many_in_order, get_put_round_trip, invalid_transactions,
};
pub use self::conditions::{each_condition, failed_transaction_leaves_nothing};
pub use self::numbering::{concurrent_numbering, numbering_without_gaps};
pub use self::queries::{query_prefix, secondary_indexes};
pub use self::races::racing_versions;
pub use self::stream::{stream_gets_inserted_events, stream_waits_for_commits};
use crate::Store;

/// Runs every check, one after the other, against the store.
pub async fn run_all(store: Arc<dyn Store>) {
    get_put_round_trip(Arc::clone(&store)).await;
    get_many_in_order(Arc::clone(&store)).await;
    delete_and_check(Arc::clone(&store)).await;
    invalid_transactions(Arc::clone(&store)).await;
    each_condition(Arc::clone(&store)).await;
    failed_transaction_leaves_nothing(Arc::clone(&store)).await;
    query_prefix(Arc::clone(&store)).await;
    secondary_indexes(Arc::clone(&store)).await;
    numbering_without_gaps(Arc::clone(&store)).await;
    concurrent_numbering(Arc::clone(&store)).await;
    racing_versions(Arc::clone(&store)).await;
    stream_gets_inserted_events(Arc::clone(&store)).await;
    stream_waits_for_commits(store).await;
}

/// One `#[tokio::test]` per conformance check. The argument is an expression, evaluated in each
/// test (inside an async fn, so it may `.await`), giving `(Arc<dyn Store>, guard)`: the guard
/// (a temp dir, a server handle, `()`) lives until the check is done. The calling crate needs
/// `tokio` with the `macros` and `rt-multi-thread` features.
#[macro_export]
macro_rules! conformance_tests {
    ($setup:expr) => {
        $crate::conformance_tests!(@each $setup;
            get_put_round_trip, get_many_in_order, delete_and_check, invalid_transactions, each_condition,
            failed_transaction_leaves_nothing, query_prefix, secondary_indexes,
            numbering_without_gaps, concurrent_numbering, racing_versions,
            stream_gets_inserted_events, stream_waits_for_commits);
    };
    (@each $setup:expr; $($check:ident),+) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $check() {
                let (store, _guard): (::std::sync::Arc<dyn $crate::Store>, _) = $setup;
                $crate::conformance::$check(store).await;
            }
        )+
    };
}
