//! The checks and compilation of a component being published, off the async runtime.

use reglament_core::rules::{RegionRules, RulesError};

use crate::artifacts::ArtifactDir;
use crate::compile::{compatibility, precompile};
use crate::component::componentize;
use crate::engine::RulesEngine;
use crate::loaded::{LoadedRules, component_digest};
use crate::validate::check_regulation;

/// A component that passed the checks, compiled, loaded and kept in the artifact directory,
/// ready to be recorded.
pub(crate) struct Prepared {
    pub(crate) rules: LoadedRules,
    pub(crate) engine_fingerprint: String,
}

/// Turn the bytes into a component, compile it to its artifact, load the artifact exactly as the
/// runtime will, check the regulation it answers for `region`, and keep both files.
pub(crate) fn prepare(
    engine: &RulesEngine,
    artifacts: &ArtifactDir,
    bytes: &[u8],
    region: &str,
) -> Result<Prepared, RulesError> {
    let component = componentize(bytes).map_err(|e| RulesError::Invalid(e.to_string()))?;
    let digest = component_digest(&component);
    let artifact = precompile(engine, &component)
        .map_err(|e| RulesError::Invalid(format!("it does not compile: {e}")))?;
    // SAFETY: the artifact was just produced by this engine's `precompile_component`.
    let rules = unsafe { LoadedRules::from_artifact_bytes(engine, digest.clone(), &artifact) }
        .map_err(|e| match e {
            RulesError::Failed {
                call: "load",
                reason,
                ..
            } => RulesError::Invalid(format!("it does not load: {reason}")),
            RulesError::Failed { call, reason, .. } => {
                RulesError::Invalid(format!("its {call}() failed: {reason}"))
            }
            other => other,
        })?;
    check_regulation(rules.regulation(), region).map_err(RulesError::Invalid)?;

    let keep = |path: std::path::PathBuf, bytes: &[u8]| {
        artifacts
            .write_atomically(&path, bytes)
            .map_err(|e| RulesError::Failed {
                digest: rules.digest().to_string(),
                call: "publish",
                reason: format!("writing {}: {e}", path.display()),
            })
    };
    keep(artifacts.component_path(&digest), &component)?;
    keep(artifacts.artifact_path(&digest), &artifact)?;
    Ok(Prepared {
        engine_fingerprint: compatibility(engine),
        rules,
    })
}
