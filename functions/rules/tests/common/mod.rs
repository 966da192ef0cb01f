//! What the rules host tests share: the real Akmola component, a misbehaving component, a
//! store, and an application.

#![allow(dead_code)]

pub mod rogue;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reglament_core::rules::{ApplicantKind, Channel, RequestKind, RulesApplication};
use reglament_rules::{Limits, RulesEngine, RulesHost};
use reglament_store::Store;
use reglament_store::sqlite::SqliteStore;

/// The Akmola rule component, as a component. Its core module comes from
/// `$REGLAMENT_AKMOLA_WASM` if set, else from building `reglament-akmola` for
/// `wasm32-unknown-unknown` (release) into `$CARGO_TARGET_DIR` (or the workspace's `target`).
pub fn akmola_component() -> Vec<u8> {
    static COMPONENT: OnceLock<Vec<u8>> = OnceLock::new();
    COMPONENT
        .get_or_init(|| {
            let path = match std::env::var_os("REGLAMENT_AKMOLA_WASM") {
                Some(path) => PathBuf::from(path),
                None => build_akmola(),
            };
            let module =
                std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            reglament_rules::componentize(&module).expect("the Akmola module componentizes")
        })
        .clone()
}

fn build_akmola() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace.join(dir),
        None => workspace.join("target"),
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&workspace)
        .args([
            "build",
            "-p",
            "reglament-akmola",
            "--target",
            "wasm32-unknown-unknown",
            "--release",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .status()
        .expect("running cargo to build the Akmola component");
    assert!(
        status.success(),
        "building reglament-akmola for wasm32-unknown-unknown failed"
    );
    target_dir.join("wasm32-unknown-unknown/release/reglament_akmola.wasm")
}

/// An engine with the default limits (50 ms, 16 MiB) and a small pool.
pub fn engine() -> RulesEngine {
    engine_with(Limits {
        concurrent_calls: 16,
        ..Limits::default()
    })
}

pub fn engine_with(limits: Limits) -> RulesEngine {
    RulesEngine::new(limits).expect("the engine builds")
}

/// The embedded (SQLite) store in `data/reglament.db`: opening it again on the same directory
/// is what a restarted process does.
pub fn store(data: &Path) -> Arc<dyn Store> {
    Arc::new(SqliteStore::open(data.join("reglament.db")).expect("the SQLite store opens"))
}

/// A host on a data directory and a store.
pub fn host(data: &Path, store: &Arc<dyn Store>) -> RulesHost {
    RulesHost::new(engine(), data, Arc::clone(store))
}

/// Limits with a custom deadline.
pub fn deadline(ms: u64) -> Limits {
    Limits {
        call_deadline: Duration::from_millis(ms),
        concurrent_calls: 16,
        ..Limits::default()
    }
}

/// A complete veterinary licence form: the specialist and premises meet the requirements.
pub fn veterinary_form() -> serde_json::Value {
    serde_json::json!({
        "applicant_name": "ИП Серікбаев А.",
        "activity_region": "akmola",
        "activity_address": "г. Кокшетау, ул. Абая, 1",
        "specialist": {
            "full_name": "Серікбаев А.",
            "education": "higher",
            "speciality": "veterinary-medicine",
            "diploma_number": "ЖБ 0012345"
        },
        "premises": { "area_m2": 80, "sanitary_conclusion": true }
    })
}

/// An Akmola portal application by an individual, filed in the act's time.
pub fn application(service: &str, form: serde_json::Value) -> RulesApplication {
    RulesApplication {
        id: "app-1".into(),
        service: service.into(),
        kind: RequestKind::Issue,
        channel: Channel::Portal,
        applicant: "880101300012".into(),
        applicant_kind: ApplicantKind::Individual,
        category: None,
        filed_on: "2013-02-01".into(),
        form: form.to_string(),
        documents: vec![],
    }
}
