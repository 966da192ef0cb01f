//! How published versions of the rules are recorded in the store.
//!
//! | PK | SK | holds |
//! |---|---|---|
//! | `RULES#<region>` | `V#<digest>` | a [`PublishedVersion`] |
//! | `RULES#<region>` | `ACTIVE` | the [`ActivePointer`]: the region's active version |
//! | `RULES` | `REGION#<region>` | a [`RegionEntry`]: the region has published versions |
//! | `RULES` | `CHANGE` | the [`RegistryChange`]: rewritten by every publish and activation |
//!
//! The `RULES / REGION#…` items are the index the host reads at start to find the regions
//! (one query), before it reads each region's versions (one query per region). Each is written
//! unconditionally in the same transaction as a region's version, so publishing never contends
//! on a shared list.

use chrono::{DateTime, Utc};
use reglament_core::rules::Message;
use reglament_store::Key;
use serde::{Deserialize, Serialize};

/// The partition of the region index.
pub const REGIONS_PK: &str = "RULES";
/// The sort-key prefix of a region index entry.
pub const REGION_PREFIX: &str = "REGION#";
/// The sort-key prefix of a published version.
pub const VERSION_PREFIX: &str = "V#";

/// The partition of a region's rules.
pub fn region_pk(region: &str) -> String {
    format!("RULES#{region}")
}

/// Where a published version is recorded.
pub fn version_key(region: &str, digest: &str) -> Key {
    Key::new(region_pk(region), format!("{VERSION_PREFIX}{digest}"))
}

/// Where a region's active pointer is recorded.
pub fn active_key(region: &str) -> Key {
    Key::new(region_pk(region), "ACTIVE")
}

/// Where the last change to the registry is recorded: running hosts poll this one item and
/// reload the registry only when it changed.
pub fn change_key() -> Key {
    Key::new(REGIONS_PK, "CHANGE")
}

/// The last change to the registry: a token unique to each publish or activation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryChange {
    pub token: String,
    pub region: String,
    pub digest: String,
    pub at: DateTime<Utc>,
}

/// Where a region's index entry is recorded (written when publishing).
#[cfg(feature = "compiler")]
pub fn region_key(region: &str) -> Key {
    Key::new(REGIONS_PK, format!("{REGION_PREFIX}{region}"))
}

/// A version of a region's rules as the registry records it: the component, the act it carries,
/// the days that act is in force, when the version was published, and its precompiled artifact.
/// Applications filed under it pin its digest for their whole life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedVersion {
    pub region: String,
    /// Hex SHA-256 of the component.
    pub digest: String,
    /// The act (resolution of the akimat) the component carries.
    pub act: Message,
    /// First day in force (ISO date).
    pub in_force_from: String,
    /// Last day in force (ISO date); none while in force.
    pub in_force_until: Option<String>,
    pub published_at: DateTime<Utc>,
    /// The precompiled artifact's file name in the host's artifact directory (`<digest>.cwasm`).
    pub artifact: String,
    /// Compatibility fingerprint of the engine that compiled the artifact (for operators; wasmtime
    /// checks compatibility itself when it loads the artifact).
    pub engine: String,
}

/// The version of a region's rules that is active: in force first when several published
/// versions cover a date. Switching it is the rollback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivePointer {
    pub digest: String,
    pub activated_at: DateTime<Utc>,
    /// The version active before this one: what a rollback returns to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// An entry of the index of regions that have published rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionEntry {
    pub region: String,
}
