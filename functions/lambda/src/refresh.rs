//! Picking up rules activated while a function runs.
//!
//! A function instance may live for hours, between invocations frozen. Before it handles an
//! invocation, it looks at the rules registry's last change (`RULES / CHANGE`, one read) if it
//! has not looked for [`RulesRefresh::every`] (`REGLAMENT_RULES_REFRESH_MS`, default 5 s); when
//! the registry changed, it copies the artifacts it lacks from the data location and reloads the
//! registry, swapping each region's active version. So an invocation that starts more than
//! `every` after an activation runs on the new version; one in flight keeps the version it
//! started with; applications already filed keep their pinned digest.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reglament_rules::RulesHost;
use tokio::sync::Mutex;

use crate::data::DataLocation;

/// The default time between two looks at the registry.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(5);

/// A function's watch on the rules registry.
pub struct RulesRefresh {
    host: Arc<RulesHost>,
    location: DataLocation,
    aws: aws_config::SdkConfig,
    /// The local directory of the function's files (the data directory, or the copy of the
    /// bucket).
    local: PathBuf,
    /// The most time that may pass between two looks at the registry.
    pub every: Duration,
    last: Mutex<Option<Instant>>,
}

impl RulesRefresh {
    pub fn new(
        host: Arc<RulesHost>,
        location: DataLocation,
        aws: aws_config::SdkConfig,
        local: PathBuf,
        every: Duration,
    ) -> RulesRefresh {
        RulesRefresh {
            host,
            location,
            aws,
            local,
            every,
            last: Mutex::new(Some(Instant::now())),
        }
    }

    /// Look at the registry if it is time to. A failure is logged and tried again at the next
    /// invocation; the versions loaded stay in service.
    pub async fn if_due(&self) {
        let mut last = self.last.lock().await;
        if last.is_some_and(|at| at.elapsed() < self.every) {
            return;
        }
        match self.refresh().await {
            Ok(reloaded) => {
                *last = Some(Instant::now());
                if reloaded {
                    tracing::info!("rules registry changed; reloaded");
                }
            }
            Err(error) => tracing::warn!(%error, "refreshing the rules registry failed"),
        }
    }

    /// Copy new artifacts and reload the registry if it changed; returns whether it did.
    async fn refresh(&self) -> anyhow::Result<bool> {
        if !self.host.change_pending().await? {
            return Ok(false);
        }
        self.location
            .fetch_new(&self.aws, "rules", &self.local)
            .await?;
        Ok(self.host.refresh().await?)
    }
}
