//! A certificate's public key, ready to verify signatures: of certificates and CRLs it issued
//! (by their signature algorithm) and of the request it signed (by its key type, SHA-256).
//!
//! Keys and signatures are parsed and validated with the RustCrypto types (which tell a malformed
//! key or signature from a mismatch); the ECDSA P-256 arithmetic itself runs in `ring`, about five
//! times faster, since every application's signature check verifies two such signatures.

use ::signature::Verifier;
use der::Encode;
use p256::ecdsa::{Signature as EcdsaSignature, VerifyingKey as EcdsaKey};
use rsa::RsaPublicKey;
use rsa::pkcs1v15::{Signature as RsaSignature, VerifyingKey as RsaKey};
use sha2::{Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, SubjectPublicKeyInfoOwned};

use super::algorithm::{self, KeyKind, SignatureKind, Unsupported};

/// Why a public key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyProblem {
    /// The algorithm is not RSA or ECDSA P-256.
    Unsupported(Unsupported),
    /// The algorithm is supported but the key bytes are not a valid key.
    Invalid(String),
}

/// Why a signature does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SignatureProblem {
    /// The signature algorithm is not one the check supports.
    Unsupported(Unsupported),
    /// The signature algorithm does not fit the key, e.g. ECDSA over an RSA key.
    AlgorithmMismatch,
    /// The bytes are not a signature of this kind at all.
    Encoding(String),
    /// A well-formed signature that does not match the message and key.
    Mismatch,
}

/// An RSA or ECDSA P-256 public key.
#[derive(Debug, Clone)]
pub(crate) enum PublicKey {
    Rsa(RsaPublicKey),
    /// A validated P-256 point, SEC1 uncompressed (`04 ‖ x ‖ y`).
    EcdsaP256(Vec<u8>),
}

impl PublicKey {
    /// The key of a subject public key info.
    pub(crate) fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<Self, KeyProblem> {
        let kind = algorithm::key_kind(spki).map_err(KeyProblem::Unsupported)?;
        let der = spki
            .to_der()
            .map_err(|error| KeyProblem::Invalid(error.to_string()))?;
        let invalid = |error: spki::Error| KeyProblem::Invalid(error.to_string());
        match kind {
            KeyKind::Rsa => RsaPublicKey::from_public_key_der(&der)
                .map(PublicKey::Rsa)
                .map_err(invalid),
            KeyKind::EcdsaP256 => EcdsaKey::from_public_key_der(&der)
                .map(|key| PublicKey::EcdsaP256(key.to_encoded_point(false).as_bytes().to_vec()))
                .map_err(invalid),
        }
    }

    /// Verifies the signature of a certificate or CRL over its to-be-signed DER.
    pub(crate) fn verify_signed_object(
        &self,
        algorithm: &AlgorithmIdentifierOwned,
        tbs: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureProblem> {
        let kind = algorithm::signature_kind(algorithm).map_err(SignatureProblem::Unsupported)?;
        match (self, kind) {
            (PublicKey::Rsa(key), SignatureKind::RsaSha256) => {
                verify_rsa::<Sha256>(key, tbs, signature)
            }
            (PublicKey::Rsa(key), SignatureKind::RsaSha384) => {
                verify_rsa::<Sha384>(key, tbs, signature)
            }
            (PublicKey::Rsa(key), SignatureKind::RsaSha512) => {
                verify_rsa::<Sha512>(key, tbs, signature)
            }
            (PublicKey::EcdsaP256(point), SignatureKind::EcdsaSha256) => {
                let signature = EcdsaSignature::from_der(signature)
                    .map_err(|error| SignatureProblem::Encoding(error.to_string()))?;
                verify_ecdsa(point, tbs, &signature)
            }
            _ => Err(SignatureProblem::AlgorithmMismatch),
        }
    }

    /// Verifies a request signature: RSA PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256
    /// in DER or fixed-size (r ‖ s, 64 bytes) encoding.
    pub(crate) fn verify_payload(
        &self,
        payload: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureProblem> {
        match self {
            PublicKey::Rsa(key) => verify_rsa::<Sha256>(key, payload, signature),
            PublicKey::EcdsaP256(point) => {
                verify_ecdsa(point, payload, &ecdsa_signature(signature)?)
            }
        }
    }
}

fn verify_rsa<D>(
    key: &RsaPublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureProblem>
where
    D: sha2::Digest + const_oid::AssociatedOid,
{
    let signature = RsaSignature::try_from(signature)
        .map_err(|error| SignatureProblem::Encoding(error.to_string()))?;
    RsaKey::<D>::new(key.clone())
        .verify(message, &signature)
        .map_err(|_| SignatureProblem::Mismatch)
}

/// ECDSA P-256 with SHA-256 over `message`, by the key at SEC1 `point`.
fn verify_ecdsa(
    point: &[u8],
    message: &[u8],
    signature: &EcdsaSignature,
) -> Result<(), SignatureProblem> {
    use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
        .verify(message, &signature.to_bytes())
        .map_err(|_| SignatureProblem::Mismatch)
}

/// An ECDSA P-256 signature in either encoding: DER first, then fixed-size (64 bytes).
fn ecdsa_signature(bytes: &[u8]) -> Result<EcdsaSignature, SignatureProblem> {
    let decoded = EcdsaSignature::from_der(bytes).or_else(|error| match bytes.len() {
        64 => EcdsaSignature::from_slice(bytes),
        _ => Err(error),
    });
    decoded.map_err(|_| {
        SignatureProblem::Encoding(format!(
            "{} bytes are neither a DER nor a 64-byte ECDSA P-256 signature",
            bytes.len()
        ))
    })
}
