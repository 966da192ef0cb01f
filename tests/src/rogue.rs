//! The hostile Akmola rules of `tests/rogue`, built for `wasm32-unknown-unknown` (release) by a
//! nested cargo into the workspace's `target/components` — where the bundled components are
//! built, so their dependencies are compiled already — once per test binary.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// The core module of the hostile rules (publishing makes a component of it).
pub fn rogue_module() -> Vec<u8> {
    static MODULE: OnceLock<Vec<u8>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            let target_dir = workspace.join("target/components");
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let mut build = Command::new(cargo);
            build
                .current_dir(&workspace)
                .args(["build", "-p", "reglament-rogue", "--release"])
                .args(["--target", "wasm32-unknown-unknown", "--target-dir"])
                .arg(&target_dir);
            for var in [
                "CARGO_TARGET_DIR",
                "RUSTFLAGS",
                "CARGO_ENCODED_RUSTFLAGS",
                "CARGO_BUILD_RUSTFLAGS",
                "CARGO_BUILD_TARGET",
            ] {
                build.env_remove(var);
            }
            let status = build
                .status()
                .expect("running cargo to build the hostile rules");
            assert!(
                status.success(),
                "building reglament-rogue for wasm32-unknown-unknown failed"
            );
            let built = target_dir.join("wasm32-unknown-unknown/release/reglament_rogue.wasm");
            std::fs::read(&built).unwrap_or_else(|e| panic!("reading {}: {e}", built.display()))
        })
        .clone()
}
