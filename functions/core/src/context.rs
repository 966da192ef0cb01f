//! What the steps work with: the ports (store, rules, clock) and the host's configuration.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Duration;
use reglament_store::Store;

use crate::application::Application;
use crate::calendar::Calendar;
use crate::clock::Clock;
use crate::document::ProviderKey;
use crate::recent::Recent;
use crate::rules::RulesSource;
use crate::signature::TrustStore;
use crate::transition::{self, CommitError, Transition};

/// The host's settings that no regulation decides.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long the payment step waits for the gateway before refusing with `not-paid`.
    pub payment_window: Duration,
    /// How long a bearer token is valid.
    pub session_length: Duration,
    /// Where the public reaches the API (e.g. `https://reglament.example.kz`): the base of the
    /// verification URL printed as a QR code on every result document.
    pub public_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            payment_window: Duration::hours(24),
            session_length: Duration::hours(12),
            public_url: "http://127.0.0.1:8080".to_string(),
        }
    }
}

/// The signing keys of the providers, one per region.
#[derive(Debug, Default, Clone)]
pub struct ProviderKeys {
    keys: BTreeMap<String, ProviderKey>,
}

impl ProviderKeys {
    pub fn insert(&mut self, region: &str, key: ProviderKey) {
        self.keys.insert(region.to_string(), key);
    }

    pub fn get(&self, region: &str) -> Option<&ProviderKey> {
        self.keys.get(region)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &ProviderKey)> {
        self.keys.iter()
    }
}

/// Everything a step may touch.
#[derive(Clone)]
pub struct Context {
    pub store: Arc<dyn Store>,
    pub rules: Arc<dyn RulesSource>,
    pub trust: Arc<TrustStore>,
    pub clock: Arc<dyn Clock>,
    pub calendar: &'static Calendar,
    pub provider_keys: Arc<ProviderKeys>,
    pub settings: Settings,
    /// States this process just committed, so the next step need not read them back.
    pub recent: Arc<Recent>,
}

impl Context {
    /// Commit a transition of `before` (or, with `None`, a new filing) and remember the state
    /// it wrote for the step that follows.
    pub async fn commit(
        &self,
        before: Option<&Application>,
        t: Transition,
    ) -> Result<Application, CommitError> {
        let state = transition::commit(self.store.as_ref(), before, t).await?;
        self.recent.remember(&state);
        Ok(state)
    }
}
