//! The trusted EDS roots and revocation lists, and the providers' document signing keys, read
//! from the data directory. A function never makes a key: a missing one is the deployment's to
//! provide.

use std::path::Path;

use anyhow::{Context as _, Result};
use reglament_core::ProviderKeys;
use reglament_core::document::ProviderKey;
use reglament_core::signature::TrustStore;

/// The `.pem` files of a directory, in name order (none if it does not exist).
fn pem_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "pem") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("read {}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
    }
    files.sort();
    Ok(files)
}

/// `trust/roots/*.pem` and `trust/crls/*.pem`.
pub fn trust_store(data: &Path) -> Result<TrustStore> {
    let mut trust = TrustStore::default();
    for (name, pem) in pem_files(&data.join("trust/roots"))? {
        trust
            .add_root_pem(&pem)
            .with_context(|| format!("trusted root {name}"))?;
    }
    for (name, pem) in pem_files(&data.join("trust/crls"))? {
        trust
            .add_crl_pem(&pem)
            .with_context(|| format!("revocation list {name}"))?;
    }
    Ok(trust)
}

/// `keys/<region>.pem`: each provider's Ed25519 signing key.
pub fn provider_keys(data: &Path) -> Result<ProviderKeys> {
    let mut keys = ProviderKeys::default();
    for (name, pem) in pem_files(&data.join("keys"))? {
        let region = Path::new(&name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let key = ProviderKey::from_pkcs8_pem(&pem)
            .with_context(|| format!("{name} is not an Ed25519 PKCS#8 key"))?;
        keys.insert(&region, key);
    }
    Ok(keys)
}

/// `secrets/<name>`: a hex secret of the API.
pub fn secret(data: &Path, name: &str) -> Result<Vec<u8>> {
    let path = data.join("secrets").join(name);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("read the secret {}", path.display()))?;
    hex::decode(text.trim()).with_context(|| format!("{} must hold a hex secret", path.display()))
}
