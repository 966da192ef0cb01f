//! The rules host: the published versions of every region's rules, loaded and ready, and the
//! choice of the version that governs an application.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

use chrono::Utc;
use reglament_core::rules::{RegionRules, RulesError, RulesSource};
use reglament_store::{Condition, Item, Store, StoreError, Transaction, Write};

use crate::artifacts::{ArtifactDir, is_digest};
use crate::dates::parse_iso_date;
use crate::engine::RulesEngine;
use crate::loaded::LoadedRules;
#[cfg(feature = "compiler")]
use crate::record::region_key;
use crate::record::{
    ActivePointer, PublishedVersion, REGION_PREFIX, REGIONS_PK, RegionEntry, RegistryChange,
    VERSION_PREFIX, active_key, change_key, region_pk, version_key,
};
use crate::versions::RegionVersions;
#[cfg(feature = "compiler")]
use reglament_core::rules_admin::Publication;

/// The regional rules host of one process: it publishes rule components (validated, compiled
/// once, recorded in the store), loads the published versions at start, and answers which
/// version governs a region on a date or a pinned digest.
///
/// Every loaded version stays loaded: applications filed under an older version keep being
/// served by it. Loaded versions are shared as `Arc`s, so a newer version can later be swapped
/// in without disturbing calls in flight.
pub struct RulesHost {
    engine: RulesEngine,
    artifacts: ArtifactDir,
    pub(crate) store: Arc<dyn Store>,
    registry: RwLock<Registry>,
    /// The registry change this host has loaded (see [`RulesHost::refresh`]).
    pub(crate) change_seen: tokio::sync::Mutex<Option<String>>,
}

/// What the host knows in memory: every loaded version by digest, and each region's published
/// versions and active pointer.
#[derive(Default)]
struct Registry {
    loaded: HashMap<String, Arc<LoadedRules>>,
    regions: BTreeMap<String, RegionVersions>,
}

impl std::fmt::Debug for RulesHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RulesHost")
            .field("engine", &self.engine)
            .field("artifacts", &self.artifacts.dir())
            .finish_non_exhaustive()
    }
}

impl RulesHost {
    /// A host keeping its artifacts in `<data_dir>/rules` and its registry in `store`. It knows
    /// no versions until [`RulesHost::load_published`] or [`RulesHost::publish`].
    pub fn new(engine: RulesEngine, data_dir: &Path, store: Arc<dyn Store>) -> Self {
        RulesHost {
            engine,
            artifacts: ArtifactDir::new(data_dir.join("rules")),
            store,
            registry: RwLock::new(Registry::default()),
            change_seen: tokio::sync::Mutex::new(None),
        }
    }

    pub fn engine(&self) -> &RulesEngine {
        &self.engine
    }

    /// Publish a rule component (or a `wit-bindgen` core module, which is turned into one) as a
    /// version of `region`'s rules, and make it the region's active version if `activate`.
    ///
    /// The component must compile, import nothing, export the `regional-rules` world, and answer
    /// `regulation()` within the limits with a regulation that names `region`, has ISO dates and
    /// services that each have a route; otherwise it is refused with
    /// [`RulesError::Invalid`] saying why. It is then compiled once to a `.cwasm` artifact (kept
    /// with the original under `<data>/rules/<digest>`), recorded in the store and loaded.
    ///
    /// Publishing the same component again changes nothing but, if asked, the active pointer.
    /// Publishing never changes the rules of applications already filed: they pin their digest.
    #[cfg(feature = "compiler")]
    #[tracing::instrument(skip(self, bytes), fields(bytes = bytes.len(), digest))]
    pub async fn publish(
        &self,
        bytes: &[u8],
        region: &str,
        activate: bool,
    ) -> Result<PublishedVersion, RulesError> {
        let publication = Publication {
            activate,
            in_force_from: None,
        };
        self.publish_with(bytes, region, &publication).await
    }

    /// [`RulesHost::publish`], optionally governing filings only from a day later than the act's
    /// own first day (`publication.in_force_from`, which must lie within the act's days).
    #[cfg(feature = "compiler")]
    #[tracing::instrument(skip(self, bytes), fields(bytes = bytes.len(), digest))]
    pub async fn publish_with(
        &self,
        bytes: &[u8],
        region: &str,
        publication: &Publication,
    ) -> Result<PublishedVersion, RulesError> {
        let activate = publication.activate;
        let engine = self.engine.clone();
        let artifacts = self.artifacts.clone();
        let (bytes, owned_region) = (bytes.to_vec(), region.to_string());
        let prepared = tokio::task::spawn_blocking(move || {
            crate::publish::prepare(&engine, &artifacts, &bytes, &owned_region)
        })
        .await
        .map_err(|e| RulesError::Failed {
            digest: "unknown".into(),
            call: "publish",
            reason: format!("the publishing task failed: {e}"),
        })??;
        let digest = prepared.rules.digest().to_string();
        tracing::Span::current().record("digest", digest.as_str());

        let now = Utc::now();
        let regulation = prepared.rules.regulation();
        let in_force_from = match &publication.in_force_from {
            None => regulation.in_force_from.clone(),
            Some(from) => crate::dates::later_start(
                from,
                &regulation.in_force_from,
                regulation.in_force_until.as_deref(),
            )
            .map_err(RulesError::Invalid)?,
        };
        let candidate = PublishedVersion {
            region: region.to_string(),
            digest: digest.clone(),
            act: prepared.rules.regulation().act.clone(),
            in_force_from,
            in_force_until: prepared.rules.regulation().in_force_until.clone(),
            published_at: now,
            artifact: ArtifactDir::artifact_name(&digest),
            engine: prepared.engine_fingerprint,
        };
        let version = self.record(candidate, activate).await?;
        self.remember(Arc::new(prepared.rules), version.clone(), activate)?;
        tracing::info!(
            %region,
            %digest,
            in_force_from = %version.in_force_from,
            in_force_until = ?version.in_force_until,
            activate,
            "rules published"
        );
        Ok(version)
    }

    /// Record a new version in the store (with the region's index entry and, if asked, the
    /// active pointer), or find it already recorded.
    #[cfg(feature = "compiler")]
    async fn record(
        &self,
        candidate: PublishedVersion,
        activate: bool,
    ) -> Result<PublishedVersion, RulesError> {
        let (region, digest) = (candidate.region.clone(), candidate.digest.clone());
        let store_failed = |e: StoreError| RulesError::Failed {
            digest: digest.clone(),
            call: "publish",
            reason: format!("recording the version in the store: {e}"),
        };
        let version_item =
            Item::from_value(version_key(&region, &digest), &candidate).map_err(store_failed)?;
        let region_item = Item::from_value(
            region_key(&region),
            &RegionEntry {
                region: region.clone(),
            },
        )
        .map_err(store_failed)?;
        let mut writes = vec![
            Write::Put {
                item: version_item,
                condition: Condition::NotExists,
            },
            Write::Put {
                item: region_item,
                condition: Condition::None,
            },
            change_write(&region, &digest).map_err(store_failed)?,
        ];
        if activate {
            let current = self.stored_active(&region).await.map_err(store_failed)?;
            writes.push(active_write(&region, &digest, current.as_ref()).map_err(store_failed)?);
        }
        match self.store.transact(Transaction::new(writes)).await {
            Ok(_) => Ok(candidate),
            Err(StoreError::ConditionFailed { index: 0, .. }) => {
                // Published before: the first record stands.
                let recorded = self
                    .store
                    .get(&version_key(&region, &digest))
                    .await
                    .map_err(store_failed)?
                    .ok_or_else(|| {
                        store_failed(StoreError::Backend(
                            "the version vanished while publishing".into(),
                        ))
                    })?
                    .to_value::<PublishedVersion>()
                    .map_err(store_failed)?;
                if activate {
                    self.write_active(&region, &digest)
                        .await
                        .map_err(store_failed)?;
                }
                tracing::info!(%region, %digest, "already published");
                Ok(recorded)
            }
            Err(e) => Err(store_failed(e)),
        }
    }

    /// Make a published version the region's active one (the rollback is the same call with the
    /// previous digest).
    #[tracing::instrument(skip(self))]
    pub async fn activate(&self, region: &str, digest: &str) -> Result<(), RulesError> {
        let known = self
            .read()
            .regions
            .get(region)
            .is_some_and(|versions| versions.versions().any(|v| v.digest == digest));
        if !known {
            return Err(RulesError::NotFound(format!(
                "no published {region} rules with digest {digest}: publish it first"
            )));
        }
        self.write_active(region, digest)
            .await
            .map_err(|e| RulesError::Failed {
                digest: digest.to_string(),
                call: "activate",
                reason: format!("recording the active pointer: {e}"),
            })?;
        let mut registry = self.write();
        if let Some(versions) = registry.regions.get_mut(region) {
            versions.set_active(Some(digest.to_string()));
        }
        Ok(())
    }

    /// Point the region's active version at `digest`, remembering the one before for a
    /// rollback. Conditioned on the pointer read, so two administrators switching at once cannot
    /// lose either switch unnoticed: the later one fails and may look again.
    pub(crate) async fn write_active(&self, region: &str, digest: &str) -> Result<(), StoreError> {
        let current = self.stored_active(region).await?;
        if current.as_ref().is_some_and(|c| c.digest == digest) {
            return Ok(());
        }
        let writes = vec![
            Write::Check {
                key: version_key(region, digest),
                condition: Condition::Exists,
            },
            active_write(region, digest, current.as_ref())?,
            change_write(region, digest)?,
        ];
        self.store
            .transact(Transaction::new(writes))
            .await
            .map(|_| ())
    }

    /// The region's active pointer as stored.
    pub(crate) async fn stored_active(
        &self,
        region: &str,
    ) -> Result<Option<ActivePointer>, StoreError> {
        self.store
            .get(&active_key(region))
            .await?
            .map(|item| item.to_value::<ActivePointer>())
            .transpose()
    }

    /// Load every version recorded in the store: the regions from the `RULES / REGION#…` index,
    /// each region's `V#…` versions and `ACTIVE` pointer, and each version's artifact (recompiled
    /// from the kept component when the artifact is missing or was built by an incompatible
    /// engine, if this build has the compiler). Versions already loaded stay as they are. Fails on
    /// the first version that cannot be loaded: serving a region with a version missing could
    /// give an application the wrong rules.
    #[tracing::instrument(skip(self))]
    pub async fn load_published(&self) -> Result<Vec<PublishedVersion>, RulesError> {
        let regions = self
            .store
            .query(REGIONS_PK, REGION_PREFIX)
            .await
            .map_err(|e| registry_failed(format!("reading the regions index: {e}")))?;
        let mut published = Vec::new();
        for entry in regions {
            let RegionEntry { region } = entry
                .to_value()
                .map_err(|e| registry_failed(format!("reading the regions index: {e}")))?;
            let items = self
                .store
                .query(&region_pk(&region), VERSION_PREFIX)
                .await
                .map_err(|e| registry_failed(format!("reading the {region} versions: {e}")))?;
            let active = self
                .store
                .get(&active_key(&region))
                .await
                .and_then(|item| item.map(|i| i.to_value::<ActivePointer>()).transpose())
                .map_err(|e| registry_failed(format!("reading the {region} active pointer: {e}")))?
                .map(|pointer| pointer.digest);
            for item in items {
                let version: PublishedVersion = item
                    .to_value()
                    .map_err(|e| registry_failed(format!("reading a {region} version: {e}")))?;
                let loaded = self.read().loaded.get(&version.digest).cloned();
                let rules = match loaded {
                    Some(rules) => rules,
                    None => Arc::new(self.load_version(&version).await?),
                };
                if rules.regulation().region != version.region {
                    return Err(RulesError::Failed {
                        digest: version.digest.clone(),
                        call: "load",
                        reason: format!(
                            "recorded for region {}, but its regulation names {}",
                            version.region,
                            rules.regulation().region
                        ),
                    });
                }
                self.remember(rules, version.clone(), false)?;
                published.push(version);
            }
            self.write()
                .regions
                .entry(region.clone())
                .or_default()
                .set_active(active);
        }
        tracing::info!(versions = published.len(), "published rules loaded");
        Ok(published)
    }

    /// Load one recorded version from its artifact, or recompile it from the kept component.
    async fn load_version(&self, version: &PublishedVersion) -> Result<LoadedRules, RulesError> {
        let digest = version.digest.clone();
        if !is_digest(&digest) {
            return Err(RulesError::Failed {
                digest,
                call: "load",
                reason: "the recorded digest is not a SHA-256 hex digest".into(),
            });
        }
        let engine = self.engine.clone();
        let artifacts = self.artifacts.clone();
        tokio::task::spawn_blocking(move || LoadedRules::from_kept(&engine, &artifacts, digest))
            .await
            .map_err(|e| RulesError::Failed {
                digest: version.digest.clone(),
                call: "load",
                reason: format!("the loading task failed: {e}"),
            })?
    }

    /// Keep a loaded version and its record in memory (a version already loaded keeps its
    /// `Arc`).
    fn remember(
        &self,
        rules: Arc<LoadedRules>,
        version: PublishedVersion,
        activate: bool,
    ) -> Result<(), RulesError> {
        let mut registry = self.write();
        registry
            .loaded
            .entry(version.digest.clone())
            .or_insert(rules);
        let versions = registry.regions.entry(version.region.clone()).or_default();
        let digest = version.digest.clone();
        versions
            .insert(version)
            .map_err(|reason| RulesError::Failed {
                digest: digest.clone(),
                call: "load",
                reason,
            })?;
        if activate {
            versions.set_active(Some(digest));
        }
        Ok(())
    }

    /// Every published version this host knows, by region and first day in force.
    pub fn published(&self) -> Vec<PublishedVersion> {
        let registry = self.read();
        let mut all: Vec<PublishedVersion> = registry
            .regions
            .values()
            .flat_map(|r| r.versions().cloned())
            .collect();
        all.sort_by(|a, b| {
            (&a.region, &a.in_force_from, a.published_at).cmp(&(
                &b.region,
                &b.in_force_from,
                b.published_at,
            ))
        });
        all
    }

    /// The digest of the region's active version, if it has one.
    pub fn active(&self, region: &str) -> Option<String> {
        self.read()
            .regions
            .get(region)
            .and_then(|r| r.active().map(str::to_string))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Registry> {
        // The registry is only ever changed by whole inserts, so a panic elsewhere cannot leave it
        // half-changed: a poisoned lock is still consistent.
        self.registry.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Registry> {
        self.registry
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn loaded(&self, registry: &Registry, digest: &str) -> Result<Arc<LoadedRules>, RulesError> {
        registry.loaded.get(digest).cloned().ok_or_else(|| {
            RulesError::NotFound(format!(
                "no rules with digest {digest} are loaded: publish them, or load the published \
                 versions at start"
            ))
        })
    }
}

/// The write of a new active pointer over `current` (conditioned on it being unchanged).
fn active_write(
    region: &str,
    digest: &str,
    current: Option<&ActivePointer>,
) -> Result<Write, StoreError> {
    let pointer = ActivePointer {
        digest: digest.to_string(),
        activated_at: Utc::now(),
        previous: current.map(|c| c.digest.clone()),
    };
    let condition = match current {
        Some(current) => Condition::Equals {
            attr: "digest".into(),
            value: current.digest.clone().into(),
        },
        None => Condition::NotExists,
    };
    Ok(Write::Put {
        item: Item::from_value(active_key(region), &pointer)?,
        condition,
    })
}

/// The write that tells running hosts the registry changed.
fn change_write(region: &str, digest: &str) -> Result<Write, StoreError> {
    let at = Utc::now();
    let change = RegistryChange {
        token: format!(
            "{}/{}/{region}/{digest}",
            at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            std::process::id()
        ),
        region: region.to_string(),
        digest: digest.to_string(),
        at,
    };
    Ok(Write::Put {
        item: Item::from_value(change_key(), &change)?,
        condition: Condition::None,
    })
}

fn registry_failed(reason: String) -> RulesError {
    RulesError::Failed {
        digest: "registry".into(),
        call: "load",
        reason,
    }
}

impl RulesSource for RulesHost {
    fn in_force(&self, region: &str, date: &str) -> Result<Arc<dyn RegionRules>, RulesError> {
        let day = parse_iso_date(date).ok_or_else(|| {
            RulesError::NotFound(format!(
                "no {region} rules for {date:?}: the date is not an ISO date (YYYY-MM-DD)"
            ))
        })?;
        let registry = self.read();
        let versions = registry.regions.get(region).ok_or_else(|| {
            RulesError::NotFound(format!(
                "no {region} rules in force on {date}: none are published for region {region:?}"
            ))
        })?;
        let version = versions.in_force(day).map_err(|covered| {
            RulesError::NotFound(format!("no {region} rules in force on {date}: {covered}"))
        })?;
        Ok(self.loaded(&registry, &version.digest)?)
    }

    fn by_digest(&self, digest: &str) -> Result<Arc<dyn RegionRules>, RulesError> {
        Ok(self.loaded(&self.read(), digest)?)
    }

    fn catalogue(&self) -> Vec<Arc<dyn RegionRules>> {
        let registry = self.read();
        registry
            .regions
            .values()
            .flat_map(|versions| versions.catalogue())
            .filter_map(|version| registry.loaded.get(&version.digest))
            .map(|rules| Arc::clone(rules) as Arc<dyn RegionRules>)
            .collect()
    }
}
