//! One file per command.

pub mod account;
pub mod bench;
pub mod ca;
pub mod gateway;
pub mod registry;
pub mod rules;
pub mod serve;

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use reglament_core::clock::{Clock, ShiftedClock, SystemClock};

use crate::embedded::{Options, System};

/// Parse `--as-of`: a date (the clock starts at 09:00 UTC that day) or an RFC 3339 time.
pub fn parse_as_of(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(9, 0, 0).expect("09:00 exists").and_utc())
        .map_err(|_| format!("{text:?} is neither a date (2013-02-11) nor an RFC 3339 time (2013-02-11T09:00:00+06:00)"))
}

/// The clock for `--as-of`, or the machine's.
pub fn clock(as_of: Option<DateTime<Utc>>) -> Arc<dyn Clock> {
    match as_of {
        Some(start) => Arc::new(ShiftedClock::starting_at(start)),
        None => Arc::new(SystemClock),
    }
}

/// Open the data directory for an administrative command (no publishing, no runner). With
/// `REGLAMENT_TABLE` set, the state is that DynamoDB table's (the local Lambda run), not the
/// directory's SQLite file.
pub async fn open_admin(data: &Path) -> Result<System> {
    let options = Options {
        data_dir: data.to_path_buf(),
        clock: Arc::new(SystemClock),
        settings: Default::default(),
        publish_bundled: false,
    };
    let opened = match std::env::var_os(reglament_store::dynamodb::TABLE_ENV) {
        Some(_) => {
            let store = reglament_store::dynamodb::DynamoStore::from_env().await?;
            System::open_on(options, Arc::new(store)).await
        }
        None => System::open(options).await,
    };
    opened.with_context(|| format!("open the data directory {}", data.display()))
}
