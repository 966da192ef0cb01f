//! Builds the workspace's regional rule components (`components/*`) for `wasm32-unknown-unknown`
//! and bundles them into the `reglament` binary, so that `reglament serve` can publish them at
//! start. The wasm target is added with rustup when it is missing.
//!
//! The components are built by a nested cargo in their own target directory
//! (`target/components`), so it never waits on the lock of the build that runs this script.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

const TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let workspace = manifest
        .join("../..")
        .canonicalize()
        .expect("workspace root");
    let components = workspace.join("components");
    println!("cargo:rerun-if-changed={}", components.display());
    println!("cargo:rerun-if-changed={}", workspace.join("wit").display());
    println!(
        "cargo:rerun-if-changed={}",
        workspace.join("Cargo.lock").display()
    );

    let names = component_names(&components);
    for name in fs::read_dir(&components)
        .expect("read components/")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
    {
        let dir = components.join(name);
        println!("cargo:rerun-if-changed={}", dir.join("src").display());
        println!(
            "cargo:rerun-if-changed={}",
            dir.join("Cargo.toml").display()
        );
    }
    ensure_target();

    let target_dir = workspace.join("target").join("components");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .current_dir(&workspace)
        .args(["build", "--release", "--target", TARGET, "--target-dir"])
        .arg(&target_dir);
    for name in &names {
        build.args(["-p", &format!("reglament-{name}")]);
    }
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
        .expect("run cargo to build the rule components");
    if !status.success() {
        panic!("building the rule components for {TARGET} failed (see the errors above)");
    }

    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut listing = String::from(
        "/// The rule components built from `components/`: (directory name, core wasm module).\npub const BUNDLED: &[(&str, &[u8])] = &[\n",
    );
    for name in &names {
        let built = target_dir
            .join(TARGET)
            .join("release")
            .join(format!("reglament_{}.wasm", name.replace('-', "_")));
        let copy = out.join(format!("{name}.wasm"));
        fs::copy(&built, &copy).unwrap_or_else(|e| panic!("copy {}: {e}", built.display()));
        listing.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            copy.display().to_string()
        ));
    }
    listing.push_str("];\n");
    fs::write(out.join("bundled.rs"), listing).expect("write bundled.rs");
}

/// Every `components/<name>/Cargo.toml` that builds a component (a `cdylib`), sorted. Libraries
/// the components share (e.g. `components/ecology`) are built as their dependencies.
fn component_names(components: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(components)
        .expect("read components/")
        .filter_map(|e| e.ok())
        .filter(|e| {
            fs::read_to_string(e.path().join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.contains("cdylib"))
        })
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// Add the wasm target with rustup if the toolchain lacks it.
fn ensure_target() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .expect("run rustc --print sysroot");
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if sysroot.join("lib/rustlib").join(TARGET).is_dir() {
        return;
    }
    let mut add = Command::new("rustup");
    add.args(["target", "add", TARGET]);
    if let Ok(toolchain) = env::var("RUSTUP_TOOLCHAIN") {
        add.args(["--toolchain", &toolchain]);
    }
    let ok = add.status().map(|s| s.success()).unwrap_or(false);
    if !ok {
        panic!(
            "the {TARGET} target is missing and `rustup target add {TARGET}` failed; run it by hand"
        );
    }
}
