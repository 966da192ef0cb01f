//! Switching versions while the host runs: the refresh that picks up what another process
//! published or activated, the rollback, and the [`RulesAdmin`] operations over the host.
//!
//! Every publish and activation rewrites one registry item (`RULES / CHANGE`). A running host
//! polls that item ([`RulesHost::watch`]); when it changed, it reloads the registry off the request
//! path: new versions are loaded from their precompiled artifacts, then each region's active
//! pointer is swapped under the registry lock. A call in flight holds the `Arc` of the version it
//! started with and finishes on it; the next filing gets the new active version; applications
//! already filed keep their pinned digest.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reglament_core::rules::RulesError;
use reglament_core::rules_admin::{Publication, RulesAdmin, RulesVersion};
use tokio::sync::watch;

use crate::record::{PublishedVersion, RegistryChange, change_key};
use crate::registry::RulesHost;

impl RulesHost {
    /// Reload the registry if it changed since this host last loaded it. Returns whether it did.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn refresh(&self) -> Result<bool, RulesError> {
        let mut seen = self.change_seen.lock().await;
        let change = self.last_change().await?;
        let token = change.as_ref().map(|c| c.token.clone());
        if token.is_none() || token == *seen {
            return Ok(false);
        }
        self.load_published().await?;
        if let Some(change) = &change {
            tracing::info!(
                region = %change.region,
                digest = %change.digest,
                active = ?self.active(&change.region),
                "rules registry changed; reloaded"
            );
        }
        *seen = token;
        Ok(true)
    }

    /// Whether the registry changed since this host last loaded it (one read), without
    /// reloading: a host whose artifacts live elsewhere fetches the new ones first.
    pub async fn change_pending(&self) -> Result<bool, RulesError> {
        let token = self.last_change().await?.map(|c| c.token);
        Ok(token.is_some() && token != *self.change_seen.lock().await)
    }

    async fn last_change(&self) -> Result<Option<RegistryChange>, RulesError> {
        self.store
            .get(&change_key())
            .await
            .and_then(|item| item.map(|i| i.to_value::<RegistryChange>()).transpose())
            .map_err(|e| refresh_failed(format!("reading the registry's last change: {e}")))
    }

    /// Poll for registry changes every `every` until `stop` turns true. A failed refresh is
    /// logged and tried again at the next poll; the versions loaded stay in service.
    pub fn watch(
        self: Arc<Self>,
        every: Duration,
        mut stop: watch::Receiver<bool>,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            while !*stop.borrow() {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stop.changed() => break,
                }
                if let Err(e) = self.refresh().await {
                    tracing::warn!(error = %e, "refreshing the rules registry failed");
                }
            }
        })
    }

    /// Make the version that was active before the current one active again.
    #[tracing::instrument(skip(self))]
    pub async fn rollback(&self, region: &str) -> Result<String, RulesError> {
        let current = self
            .stored_active(region)
            .await
            .map_err(|e| refresh_failed(format!("reading the {region} active pointer: {e}")))?
            .ok_or_else(|| {
                RulesError::NotFound(format!("{region} has no active rules version to roll back"))
            })?;
        let previous = current.previous.ok_or_else(|| {
            RulesError::NotFound(format!(
                "{region}'s active version {} has no version active before it to roll back to",
                current.digest
            ))
        })?;
        self.activate(region, &previous).await?;
        Ok(previous)
    }

    /// The region of a published version, by digest.
    fn region_of(&self, digest: &str) -> Result<String, RulesError> {
        self.published()
            .into_iter()
            .find(|v| v.digest == digest)
            .map(|v| v.region)
            .ok_or_else(|| {
                RulesError::NotFound(format!(
                    "no published rules version has digest {digest}: see `reglament rules list`"
                ))
            })
    }

    fn version_view(&self, version: PublishedVersion) -> RulesVersion {
        let active = self.active(&version.region).as_deref() == Some(version.digest.as_str());
        RulesVersion {
            active,
            region: version.region,
            digest: version.digest,
            act: version.act,
            in_force_from: version.in_force_from,
            in_force_until: version.in_force_until,
            published_at: version.published_at.to_rfc3339(),
        }
    }

    fn view_of(&self, digest: &str) -> Result<RulesVersion, RulesError> {
        self.published()
            .into_iter()
            .find(|v| v.digest == digest)
            .map(|v| self.version_view(v))
            .ok_or_else(|| RulesError::NotFound(format!("no published version {digest}")))
    }
}

#[async_trait]
impl RulesAdmin for RulesHost {
    async fn publish(
        &self,
        component: Vec<u8>,
        region: &str,
        publication: Publication,
    ) -> Result<RulesVersion, RulesError> {
        #[cfg(feature = "compiler")]
        {
            let version = self.publish_with(&component, region, &publication).await?;
            Ok(self.version_view(version))
        }
        #[cfg(not(feature = "compiler"))]
        {
            let _ = (component, publication);
            Err(RulesError::Invalid(format!(
                "this build of the rules host cannot compile components; publish the {region} \
                 rules with `reglament rules publish`, which can"
            )))
        }
    }

    fn versions(&self) -> Vec<RulesVersion> {
        self.published()
            .into_iter()
            .map(|v| self.version_view(v))
            .collect()
    }

    async fn activate(&self, digest: &str) -> Result<RulesVersion, RulesError> {
        let region = self.region_of(digest)?;
        RulesHost::activate(self, &region, digest).await?;
        self.view_of(digest)
    }

    async fn rollback(&self, region: &str) -> Result<RulesVersion, RulesError> {
        let digest = RulesHost::rollback(self, region).await?;
        self.view_of(&digest)
    }
}

fn refresh_failed(reason: String) -> RulesError {
    RulesError::Failed {
        digest: "registry".into(),
        call: "refresh",
        reason,
    }
}
