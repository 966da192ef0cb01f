//! Result documents: the licence, permit or conclusion, or the motivated refusal, signed by the
//! provider's key and kept in the registry of issued documents (`DOC#<number> / META`).
//!
//! A document is JSON; its signature is Ed25519 over the RFC 8785 canonical JSON of the document
//! without its `signature` field. The provider's public key is published by the API, so anyone
//! can check a document they were shown.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use reglament_store::Key;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Whether an issued document still stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentStatus {
    Valid,
    /// Replaced by a re-issued document.
    Superseded,
}

/// The signature block of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSignature {
    pub algorithm: String,
    /// Identifies the provider key: hex SHA-256 of its public key (SPKI DER), first 16 chars.
    pub key_id: String,
    /// Base64 signature.
    pub value: String,
}

/// A result e-document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub number: String,
    /// "licence", "permit", "conclusion" or "refusal".
    #[serde(rename = "type")]
    pub kind: String,
    pub region: String,
    pub service: String,
    pub request_kind: String,
    /// IIN/BIN of the holder.
    pub holder: String,
    pub holder_name: Option<String>,
    pub provider: crate::rules::Message,
    pub act: crate::rules::Message,
    pub application: String,
    pub registration_number: Option<String>,
    /// RFC 3339 time of issue.
    pub issued_at: String,
    /// For a re-issue or duplicate: the number of the document it replaces or copies.
    pub refers_to: Option<String>,
    /// What the regional rules rendered: the licence content or the refusal's reasons.
    pub content: serde_json::Value,
    pub rules_digest: String,
    pub signature: Option<DocumentSignature>,
}

impl Document {
    /// The bytes the provider signs: canonical JSON without the signature.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature = None;
        serde_json_canonicalizer::to_vec(&unsigned).unwrap_or_default()
    }

    /// Hex SHA-256 of the signed bytes.
    pub fn content_hash(&self) -> String {
        hex::encode(Sha256::digest(self.signed_bytes()))
    }
}

/// The registry entry of an issued document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub number: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub holder: String,
    pub status: DocumentStatus,
    pub application: String,
    pub service: String,
    pub region: String,
    pub content_hash: String,
    pub document: Document,
}

pub fn document_key(number: &str) -> Key {
    Key::new(format!("DOC#{number}"), "META")
}

/// A provider's signing key.
#[derive(Clone)]
pub struct ProviderKey {
    key: SigningKey,
}

impl std::fmt::Debug for ProviderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProviderKey({})", self.key_id())
    }
}

/// Why a document's signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the document carries no signature")]
    Unsigned,
    #[error("the document was signed by key {found}, not the provider's key {expected}")]
    OtherKey { expected: String, found: String },
    #[error("the signature does not match the document's content: it was changed after signing")]
    Mismatch,
    #[error("provider key: {0}")]
    Key(String),
}

impl ProviderKey {
    pub fn generate() -> ProviderKey {
        ProviderKey {
            key: SigningKey::generate(&mut rand::rngs::OsRng),
        }
    }

    pub fn from_pkcs8_pem(pem: &str) -> Result<ProviderKey, DocumentError> {
        SigningKey::from_pkcs8_pem(pem)
            .map(|key| ProviderKey { key })
            .map_err(|e| DocumentError::Key(e.to_string()))
    }

    pub fn to_pkcs8_pem(&self) -> Result<String, DocumentError> {
        self.key
            .to_pkcs8_pem(Default::default())
            .map(|pem| pem.to_string())
            .map_err(|e| DocumentError::Key(e.to_string()))
    }

    /// The public key as PEM (SPKI), what the API publishes.
    pub fn public_pem(&self) -> String {
        self.key
            .verifying_key()
            .to_public_key_pem(Default::default())
            .unwrap_or_default()
    }

    pub fn key_id(&self) -> String {
        key_id(&self.key.verifying_key())
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// Sign the document in place.
    pub fn sign(&self, document: &mut Document) {
        document.signature = None;
        let signature = self.key.sign(&document.signed_bytes());
        document.signature = Some(DocumentSignature {
            algorithm: "Ed25519".to_string(),
            key_id: self.key_id(),
            value: BASE64.encode(signature.to_bytes()),
        });
    }
}

fn key_id(key: &VerifyingKey) -> String {
    let der = key
        .to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .unwrap_or_default();
    hex::encode(Sha256::digest(der))[..16].to_string()
}

/// Check a document's signature with the provider's public key.
pub fn verify(document: &Document, key: &VerifyingKey) -> Result<(), DocumentError> {
    let block = document.signature.as_ref().ok_or(DocumentError::Unsigned)?;
    let expected = key_id(key);
    if block.key_id != expected {
        return Err(DocumentError::OtherKey {
            expected,
            found: block.key_id.clone(),
        });
    }
    let bytes = BASE64
        .decode(&block.value)
        .map_err(|_| DocumentError::Mismatch)?;
    let signature = Signature::from_slice(&bytes).map_err(|_| DocumentError::Mismatch)?;
    key.verify(&document.signed_bytes(), &signature)
        .map_err(|_| DocumentError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Message;

    fn sample() -> Document {
        let m = Message {
            ru: "р".into(),
            kk: "қ".into(),
            en: "e".into(),
        };
        Document {
            number: "KZ-AKM-2013-000001".into(),
            kind: "licence".into(),
            region: "akmola".into(),
            service: "veterinary".into(),
            request_kind: "issue".into(),
            holder: "870101300019".into(),
            holder_name: None,
            provider: m.clone(),
            act: m,
            application: "a1".into(),
            registration_number: Some("akmola-2013-000001".into()),
            issued_at: "2013-03-01T10:00:00Z".into(),
            refers_to: None,
            content: serde_json::json!({"activity": "veterinary"}),
            rules_digest: "d".into(),
            signature: None,
        }
    }

    #[test]
    fn a_signed_document_verifies_and_a_changed_one_does_not() {
        let key = ProviderKey::generate();
        let mut doc = sample();
        key.sign(&mut doc);
        assert_eq!(verify(&doc, &key.verifying_key()), Ok(()));
        doc.holder = "870101300027".into();
        assert_eq!(
            verify(&doc, &key.verifying_key()),
            Err(DocumentError::Mismatch)
        );
    }

    #[test]
    fn another_providers_key_is_named() {
        let key = ProviderKey::generate();
        let mut doc = sample();
        key.sign(&mut doc);
        let other = ProviderKey::generate();
        assert!(matches!(
            verify(&doc, &other.verifying_key()),
            Err(DocumentError::OtherKey { .. })
        ));
    }

    #[test]
    fn keys_round_trip_through_pem() {
        let key = ProviderKey::generate();
        let again = ProviderKey::from_pkcs8_pem(&key.to_pkcs8_pem().unwrap()).unwrap();
        assert_eq!(key.key_id(), again.key_id());
    }
}
