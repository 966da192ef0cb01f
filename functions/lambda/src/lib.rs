//! What every reglament Lambda function shares, so that each function's `main.rs` is a handful of
//! lines:
//!
//! - [`Config`]: the function's configuration from its environment (table, data location, clock);
//! - [`data`]: the data location (a directory locally, an S3 bucket in the cloud) holding the
//!   precompiled rule artifacts, provider keys, trusted roots and the API's secrets, laid out as
//!   the embedded data directory is;
//! - [`host::load_rules`]: the one place the rules host is loaded at cold start;
//! - [`Function`]: the loaded [`Context`](reglament_core::Context) over DynamoDB;
//! - [`refresh`]: picking up rules activated while the function runs;
//! - [`step`]: the DynamoDB stream handler of a step and [`step::run`], a step function's main;
//! - [`stall`]: marking an application stalled when its step fails;
//! - [`sweep`]: the scheduled sweep of expired waits and overdue tasks, and [`sweep::run`].

pub mod config;
pub mod data;
pub mod function;
pub mod host;
pub mod refresh;
pub mod stall;
pub mod step;
pub mod sweep;
#[cfg(test)]
mod testing;
pub mod trust;

pub use config::Config;
pub use function::Function;

/// Logs as JSON lines, as Lambda expects (`RUST_LOG` filters, `info` by default).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .without_time()
        .try_init();
}
