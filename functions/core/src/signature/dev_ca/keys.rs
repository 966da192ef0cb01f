//! The private keys of the development CA and of the credentials it issues.

use std::fmt;
use std::str::FromStr;

use ::signature::{SignatureEncoding as _, Signer as _};
use const_oid::db::rfc5912::{ID_EC_PUBLIC_KEY, RSA_ENCRYPTION};
use der::pem::LineEnding;
use p256::ecdsa::{DerSignature, SigningKey as EcdsaSigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, PrivateKeyInfo};
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::{Signature as RsaSignature, SigningKey as RsaSigningKey};
use rsa::traits::PublicKeyParts;
use sha2::Sha256;
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

use super::DevCaError;

/// The smallest RSA key the development CA loads or generates.
const MIN_RSA_BITS: usize = 2048;

/// The key algorithm of a development CA or credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    /// RSA with a 2048-bit modulus, signing PKCS#1 v1.5 with SHA-256 (slow to generate in debug
    /// builds).
    Rsa2048,
    /// ECDSA on NIST P-256, signing with SHA-256.
    EcdsaP256,
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyAlgorithm::Rsa2048 => f.write_str("rsa2048"),
            KeyAlgorithm::EcdsaP256 => f.write_str("p256"),
        }
    }
}

impl FromStr for KeyAlgorithm {
    type Err = DevCaError;

    /// `rsa2048` (or `rsa`) and `p256` (or `ecdsa-p256`), as the CLI takes them.
    fn from_str(text: &str) -> Result<Self, DevCaError> {
        match text.to_ascii_lowercase().as_str() {
            "rsa2048" | "rsa" => Ok(KeyAlgorithm::Rsa2048),
            "p256" | "ecdsa-p256" | "ecdsap256" => Ok(KeyAlgorithm::EcdsaP256),
            _ => Err(DevCaError::UnsupportedKey(format!(
                "unknown key algorithm \"{text}\"; use rsa2048 or p256"
            ))),
        }
    }
}

/// A private key: RSA (2048 bits or more) or ECDSA P-256.
#[derive(Clone)]
pub(crate) enum KeyPair {
    Rsa(Box<RsaPrivateKey>),
    EcdsaP256(EcdsaSigningKey),
}

impl KeyPair {
    /// A fresh random key.
    pub(crate) fn generate(algorithm: KeyAlgorithm) -> Result<Self, DevCaError> {
        let mut rng = rand::rngs::OsRng;
        match algorithm {
            KeyAlgorithm::Rsa2048 => RsaPrivateKey::new(&mut rng, MIN_RSA_BITS)
                .map(|key| KeyPair::Rsa(Box::new(key)))
                .map_err(|error| DevCaError::KeyGeneration(error.to_string())),
            KeyAlgorithm::EcdsaP256 => Ok(KeyPair::EcdsaP256(EcdsaSigningKey::random(&mut rng))),
        }
    }

    /// The key of a PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`).
    pub(crate) fn from_pkcs8_pem(pem_text: &str) -> Result<Self, DevCaError> {
        let invalid = |reason: String| DevCaError::Key(reason);
        let (label, der) = der::pem::decode_vec(pem_text.trim().as_bytes())
            .map_err(|error| invalid(format!("not a PEM private key: {error}")))?;
        if label != "PRIVATE KEY" {
            return Err(invalid(format!(
                "PEM block is a \"{label}\", expected a PKCS#8 \"PRIVATE KEY\""
            )));
        }
        let info = PrivateKeyInfo::try_from(der.as_slice())
            .map_err(|error| invalid(format!("not PKCS#8: {error}")))?;
        match info.algorithm.oid {
            oid if oid == RSA_ENCRYPTION => Self::rsa_from_pkcs8(&der),
            oid if oid == ID_EC_PUBLIC_KEY => EcdsaSigningKey::from_pkcs8_der(&der)
                .map(KeyPair::EcdsaP256)
                .map_err(|error| {
                    DevCaError::UnsupportedKey(format!("not an EC P-256 key: {error}"))
                }),
            oid => Err(DevCaError::UnsupportedKey(format!(
                "key algorithm {oid} is neither RSA nor EC P-256"
            ))),
        }
    }

    fn rsa_from_pkcs8(der: &[u8]) -> Result<Self, DevCaError> {
        let key = RsaPrivateKey::from_pkcs8_der(der)
            .map_err(|error| DevCaError::Key(format!("not an RSA key: {error}")))?;
        let bits = key.size() * 8;
        if bits < MIN_RSA_BITS {
            return Err(DevCaError::UnsupportedKey(format!(
                "RSA key of {bits} bits; at least {MIN_RSA_BITS} needed"
            )));
        }
        Ok(KeyPair::Rsa(Box::new(key)))
    }

    /// The key as PKCS#8 PEM.
    pub(crate) fn to_pkcs8_pem(&self) -> Result<String, DevCaError> {
        let pem = match self {
            KeyPair::Rsa(key) => key.to_pkcs8_pem(LineEnding::LF),
            KeyPair::EcdsaP256(key) => key.to_pkcs8_pem(LineEnding::LF),
        };
        pem.map(|text| text.to_string())
            .map_err(|error| DevCaError::Key(error.to_string()))
    }

    /// Which algorithm the key is for (a loaded RSA key larger than 2048 bits reports
    /// [`KeyAlgorithm::Rsa2048`] too: it signs the same way).
    pub(crate) fn algorithm(&self) -> KeyAlgorithm {
        match self {
            KeyPair::Rsa(_) => KeyAlgorithm::Rsa2048,
            KeyPair::EcdsaP256(_) => KeyAlgorithm::EcdsaP256,
        }
    }

    /// The public half, as it goes into a certificate.
    pub(crate) fn public_key_info(&self) -> Result<SubjectPublicKeyInfoOwned, DevCaError> {
        let info = match self {
            KeyPair::Rsa(key) => SubjectPublicKeyInfoOwned::from_key(key.to_public_key()),
            KeyPair::EcdsaP256(key) => SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()),
        };
        info.map_err(|error| DevCaError::Key(error.to_string()))
    }

    /// The algorithm identifier of this key's signatures: sha256WithRSAEncryption or
    /// ecdsa-with-SHA256.
    pub(crate) fn signature_algorithm(&self) -> Result<AlgorithmIdentifierOwned, DevCaError> {
        let identifier = match self {
            KeyPair::Rsa(key) => {
                RsaSigningKey::<Sha256>::new(key.as_ref().clone()).signature_algorithm_identifier()
            }
            KeyPair::EcdsaP256(key) => key.signature_algorithm_identifier(),
        };
        identifier.map_err(|error| DevCaError::Key(error.to_string()))
    }

    /// Signs a message: RSA PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256 (DER).
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            KeyPair::Rsa(key) => {
                let signature: RsaSignature =
                    RsaSigningKey::<Sha256>::new(key.as_ref().clone()).sign(message);
                signature.to_vec()
            }
            KeyPair::EcdsaP256(key) => {
                let signature: DerSignature = key.sign(message);
                signature.as_bytes().to_vec()
            }
        }
    }

    /// Issues a certificate for `subject_key` under this key, with the builder's `profile`
    /// extensions (basicConstraints, keyUsage, key identifiers).
    pub(crate) fn certify(
        &self,
        profile: Profile,
        serial: SerialNumber,
        validity: Validity,
        subject: Name,
        subject_key: SubjectPublicKeyInfoOwned,
    ) -> Result<Certificate, DevCaError> {
        let failed = |error: x509_cert::builder::Error| DevCaError::Certificate(error.to_string());
        match self {
            KeyPair::Rsa(key) => {
                let signer = RsaSigningKey::<Sha256>::new(key.as_ref().clone());
                CertificateBuilder::new(profile, serial, validity, subject, subject_key, &signer)
                    .and_then(|builder| builder.build::<RsaSignature>())
                    .map_err(failed)
            }
            KeyPair::EcdsaP256(key) => {
                CertificateBuilder::new(profile, serial, validity, subject, subject_key, key)
                    .and_then(|builder| builder.build::<DerSignature>())
                    .map_err(failed)
            }
        }
    }
}

/// Signature bytes as a DER BIT STRING, for structures signed by hand (CRLs).
pub(crate) fn bit_string(signature: &[u8]) -> Result<der::asn1::BitString, DevCaError> {
    der::asn1::BitString::from_bytes(signature)
        .map_err(|error| DevCaError::Certificate(error.to_string()))
}

impl fmt::Debug for KeyPair {
    /// Names the algorithm only: a private key never goes to logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyPair({})", self.algorithm())
    }
}
