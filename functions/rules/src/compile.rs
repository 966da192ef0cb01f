//! Compiling a component ahead of time into the artifact the runtime deserializes.

use sha2::{Digest, Sha256};

use crate::engine::RulesEngine;

/// Compile the component with Cranelift into a `.cwasm` artifact for this engine's
/// configuration. Fails if the bytes are not a valid component.
pub fn precompile(engine: &RulesEngine, component: &[u8]) -> Result<Vec<u8>, String> {
    engine
        .engine()
        .precompile_component(component)
        .map_err(|e| format!("{e:#}"))
}

/// The engine's compatibility fingerprint (hex SHA-256 of
/// `Engine::precompile_compatibility_hash`): two engines with the same fingerprint read each
/// other's artifacts. Recorded with each published version for operators; wasmtime itself
/// checks compatibility again when it deserializes an artifact.
pub fn compatibility(engine: &RulesEngine) -> String {
    use std::hash::Hash;
    let mut hasher = Sha256Hasher(Sha256::new());
    engine
        .engine()
        .precompile_compatibility_hash()
        .hash(&mut hasher);
    hex::encode(hasher.0.finalize())
}

/// A `Hasher` feeding SHA-256, so the fingerprint does not depend on the toolchain's
/// `DefaultHasher`.
struct Sha256Hasher(Sha256);

impl std::hash::Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }
}
