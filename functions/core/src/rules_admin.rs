//! The administration of regional rules: publishing a version, listing the versions, making one
//! the active one, and rolling back to the one active before. The rules host implements it; the
//! admin API and the `reglament rules` commands call it.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::rules::{Message, RulesError};

/// A published version of a region's rules, as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesVersion {
    pub region: String,
    /// Hex SHA-256 of the component: what applications filed under it pin.
    pub digest: String,
    /// The act the component carries.
    pub act: Message,
    /// First day this version governs filings (ISO date).
    pub in_force_from: String,
    /// Last day it governs filings (ISO date), if the act has ended.
    pub in_force_until: Option<String>,
    /// When it was published (RFC 3339).
    pub published_at: String,
    /// Whether it is the region's active version (the one chosen when several cover a date).
    pub active: bool,
}

/// What to publish a component as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    /// Make it the region's active version at once.
    pub activate: bool,
    /// Govern filings only from this day (ISO date), later than the act's own first day.
    pub in_force_from: Option<String>,
}

/// Publishing and switching versions of regional rules. Running processes pick a change up on
/// their own (see the rules host's refresh); nothing here touches applications already filed.
#[async_trait]
pub trait RulesAdmin: Send + Sync {
    /// Validate, precompile and record a component as a version of `region`'s rules.
    async fn publish(
        &self,
        component: Vec<u8>,
        region: &str,
        publication: Publication,
    ) -> Result<RulesVersion, RulesError>;

    /// Every published version, by region and first day in force.
    fn versions(&self) -> Vec<RulesVersion>;

    /// Make the published version with this digest its region's active one.
    async fn activate(&self, digest: &str) -> Result<RulesVersion, RulesError>;

    /// Make the version active before the current one active again.
    async fn rollback(&self, region: &str) -> Result<RulesVersion, RulesError>;
}
