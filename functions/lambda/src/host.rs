//! The one place a function loads its rules host: at cold start, every published version of
//! every region, from the precompiled artifacts alone (this build has no compiler).

use std::path::Path;
use std::sync::Arc;

use reglament_rules::{Limits, RulesEngine, RulesHost};
use reglament_store::Store;

/// The rules host over the registry in `store` and the artifacts under `<data>/rules`, with every
/// published version loaded.
#[tracing::instrument(skip(store))]
pub async fn load_rules(data: &Path, store: Arc<dyn Store>) -> anyhow::Result<Arc<RulesHost>> {
    use anyhow::Context as _;
    let engine = RulesEngine::new(Limits::default()).context("configure the wasmtime engine")?;
    let host = Arc::new(RulesHost::new(engine, &data.join("rules"), store));
    host.load_published()
        .await
        .context("load the published rule versions from their precompiled artifacts")?;
    Ok(host)
}
