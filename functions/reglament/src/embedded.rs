//! The embedded system: everything of reglament in one process on one data directory — the
//! SQLite store, the rules host with the bundled components published, the provider keys, the
//! trust store, the API and the event runner. `reglament serve`, `reglament bench` and the
//! scenario tests all start it the same way.
//!
//! The data directory holds:
//! - `reglament.db` — the store (SQLite, WAL);
//! - `rules/` — published components and their precompiled artifacts;
//! - `keys/<region>.pem` — each provider's document signing key (made on first start);
//! - `secrets/token.key`, `secrets/gateway.key` — the bearer-token and payment-gateway secrets;
//! - `trust/roots/*.pem`, `trust/crls/*.pem` — trusted EDS roots and revocation lists.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use reglament_api::ApiState;
use reglament_core::calendar::Calendar;
use reglament_core::clock::Clock;
use reglament_core::document::ProviderKey;
use reglament_core::rules::RulesSource;
use reglament_core::runner::{self, RunnerOptions, StepTimings};
use reglament_core::signature::TrustStore;
use reglament_core::token::TokenKey;
use reglament_core::{Context, ProviderKeys, Settings};
use reglament_rules::RulesHost;
use reglament_rules::{Limits, RulesEngine};
use reglament_store::Store;
use reglament_store::sqlite::{SqliteOptions, SqliteStore};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::bundled::BUNDLED;

/// How to start the embedded system.
pub struct Options {
    pub data_dir: PathBuf,
    pub clock: Arc<dyn Clock>,
    pub settings: Settings,
    /// Publish and activate the bundled components at start.
    pub publish_bundled: bool,
}

/// A started embedded system.
pub struct System {
    pub ctx: Context,
    /// The embedded store itself (also `ctx.store`), for its writer statistics; `None` when the
    /// state lives elsewhere (`open_on`).
    pub sqlite: Option<Arc<SqliteStore>>,
    pub rules: Arc<RulesHost>,
    pub tokens: TokenKey,
    pub gateway_secret: Vec<u8>,
    pub data_dir: PathBuf,
}

impl System {
    /// Open (or create) the data directory and everything in it.
    pub async fn open(options: Options) -> Result<System> {
        System::open_tuned(options, SqliteOptions::default()).await
    }

    /// Open (or create) the data directory, running its store with `store` instead of the
    /// defaults (`reglament bench` measures a slower disk this way).
    pub async fn open_tuned(options: Options, store: SqliteOptions) -> Result<System> {
        let dir = &options.data_dir;
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
        let sqlite = SqliteStore::open_with(dir.join("reglament.db"), store)
            .with_context(|| format!("open the store {}", dir.join("reglament.db").display()))?;
        let sqlite = Arc::new(sqlite);
        System::open_with(options, sqlite.clone(), Some(sqlite)).await
    }

    /// Open (or create) the data directory's files, with the state in `store` instead of the
    /// directory's SQLite file (the local Lambda run keeps it in the DynamoDB emulator).
    pub async fn open_on(options: Options, store: Arc<dyn Store>) -> Result<System> {
        System::open_with(options, store, None).await
    }

    async fn open_with(
        options: Options,
        store: Arc<dyn Store>,
        sqlite: Option<Arc<SqliteStore>>,
    ) -> Result<System> {
        let dir = options.data_dir;
        for sub in ["rules", "keys", "secrets", "trust/roots", "trust/crls"] {
            std::fs::create_dir_all(dir.join(sub))
                .with_context(|| format!("create {}", dir.join(sub).display()))?;
        }
        let engine =
            RulesEngine::new(Limits::default()).context("configure the wasmtime engine")?;
        let rules = Arc::new(RulesHost::new(engine, &dir.join("rules"), store.clone()));
        rules
            .load_published()
            .await
            .context("load the published rule versions")?;
        if options.publish_bundled {
            for (name, module) in BUNDLED {
                let region = bundled_region(name);
                // A region whose administrators chose an active version keeps it.
                let activate = rules.active(&region).is_none();
                let version = rules
                    .publish(module, &region, activate)
                    .await
                    .with_context(|| format!("publish the bundled {name} component"))?;
                let active = rules.active(&region);
                if active.as_deref() != Some(version.digest.as_str()) {
                    tracing::info!(
                        %region,
                        bundled = %version.digest,
                        active = ?active,
                        "the bundled rules are published but the region keeps its active version; \
                         switch with `reglament rules activate <digest>`"
                    );
                }
            }
        }
        let mut keys = ProviderKeys::default();
        for version in rules.catalogue() {
            let region = version.regulation().region.clone();
            if keys.get(&region).is_none() {
                keys.insert(&region, provider_key(&dir, &region)?);
            }
        }
        let trust = load_trust(&dir)?;
        let ctx = Context {
            recent: Default::default(),
            store,
            rules: rules.clone() as Arc<dyn RulesSource>,
            trust: Arc::new(trust),
            clock: options.clock,
            calendar: Calendar::kazakhstan(),
            provider_keys: Arc::new(keys),
            settings: options.settings,
        };
        Ok(System {
            ctx,
            sqlite,
            rules,
            tokens: TokenKey::new(&secret(&dir, "token.key")?),
            gateway_secret: secret(&dir, "gateway.key")?,
            data_dir: dir,
        })
    }

    /// The API router over this system.
    pub fn router(&self) -> axum::Router {
        reglament_api::router(ApiState {
            ctx: self.ctx.clone(),
            tokens: self.tokens.clone(),
            gateway_secret: self.gateway_secret.clone(),
            rules_admin: Some(self.rules.clone()),
        })
    }

    /// Start the event runner; it stops (finishing the steps in flight) when the returned
    /// sender sends `true` or is dropped.
    pub fn start_runner(
        &self,
        options: RunnerOptions,
        timings: Arc<StepTimings>,
    ) -> (watch::Sender<bool>, JoinHandle<()>) {
        let (stop_tx, stop_rx) = watch::channel(false);
        let ctx = self.ctx.clone();
        let handle = tokio::spawn(async move {
            if let Err(e) = runner::run(ctx, options, timings, stop_rx).await {
                tracing::error!(error = %e, "the event runner stopped");
            }
        });
        (stop_tx, handle)
    }
}

impl System {
    /// Poll the rules registry every `every` and swap in versions other processes published or
    /// activated (see `reglament_rules::admin`); it stops when the returned sender sends `true`
    /// or is dropped.
    pub fn watch_rules(&self, every: std::time::Duration) -> (watch::Sender<bool>, JoinHandle<()>) {
        let (stop_tx, stop_rx) = watch::channel(false);
        let handle = self.rules.clone().watch(every, stop_rx);
        (stop_tx, handle)
    }
}

/// The region a bundled component is published for: its directory name without a version
/// suffix (`west-kazakhstan-2015` → `west-kazakhstan`).
pub fn bundled_region(name: &str) -> String {
    match name.rsplit_once('-') {
        Some((region, year)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => {
            region.to_string()
        }
        _ => name.to_string(),
    }
}

/// The provider's signing key, made and saved on first use.
fn provider_key(dir: &Path, region: &str) -> Result<ProviderKey> {
    let path = dir.join("keys").join(format!("{region}.pem"));
    if path.exists() {
        let pem =
            std::fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?;
        return ProviderKey::from_pkcs8_pem(&pem)
            .with_context(|| format!("{} is not an Ed25519 PKCS#8 key", path.display()));
    }
    let key = ProviderKey::generate();
    write_private(&path, key.to_pkcs8_pem()?.as_bytes())?;
    Ok(key)
}

/// A 32-byte secret, made and saved on first use.
fn secret(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let path = dir.join("secrets").join(name);
    if path.exists() {
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?;
        return hex::decode(text.trim())
            .with_context(|| format!("{} must hold a hex secret", path.display()));
    }
    let bytes: [u8; 32] = rand::random();
    write_private(&path, hex::encode(bytes).as_bytes())?;
    Ok(bytes.to_vec())
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("create {}", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// The trusted roots and revocation lists under `trust/`.
pub fn load_trust(dir: &Path) -> Result<TrustStore> {
    let read_all = |sub: &str| -> Result<Vec<(PathBuf, String)>> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir.join(sub))
            .with_context(|| format!("read {}", dir.join(sub).display()))?
        {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "pem") {
                files.push((
                    path.clone(),
                    std::fs::read_to_string(&path)
                        .with_context(|| format!("read {}", path.display()))?,
                ));
            }
        }
        files.sort();
        Ok(files)
    };
    let mut trust = TrustStore::default();
    for (path, pem) in read_all("trust/roots")? {
        trust
            .add_root_pem(&pem)
            .with_context(|| format!("trusted root {}", path.display()))?;
    }
    for (path, pem) in read_all("trust/crls")? {
        trust
            .add_crl_pem(&pem)
            .with_context(|| format!("revocation list {}", path.display()))?;
    }
    Ok(trust)
}
