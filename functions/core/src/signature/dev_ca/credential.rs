//! A certificate with its private key: what an applicant holds to sign requests.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use der::Encode;
use der::pem::LineEnding;

use super::DevCaError;
use super::keys::{KeyAlgorithm, KeyPair};
use crate::signature::certificate;
use crate::signature::pem;
use crate::signature::verify::SignedRequest;

/// An EDS credential issued by the development CA: the holder's certificate (with the
/// intermediate CAs above it, if any) and the PKCS#8 private key that signs requests.
///
/// `Debug` never prints the private key.
#[derive(Clone)]
pub struct Credential {
    certificate_pem: String,
    chain_pem: String,
    private_key_pem: String,
    serial: String,
    key: KeyPair,
}

impl Credential {
    pub(crate) fn new(
        certificate_pem: String,
        chain_pem: String,
        key: KeyPair,
        serial: String,
    ) -> Result<Self, DevCaError> {
        let private_key_pem = key.to_pkcs8_pem()?;
        Ok(Credential {
            certificate_pem,
            chain_pem,
            private_key_pem,
            serial,
            key,
        })
    }

    /// Loads a saved credential: `certificate_pem` is the holder's certificate optionally
    /// followed by intermediate CA certificates; `private_key_pem` is PKCS#8. The key must belong
    /// to the certificate.
    pub fn from_pem(certificate_pem: &str, private_key_pem: &str) -> Result<Self, DevCaError> {
        let certificates = pem::certificates(certificate_pem).map_err(DevCaError::Pem)?;
        let key = KeyPair::from_pkcs8_pem(private_key_pem)?;
        let (leaf, chain) =
            certificates
                .split_first()
                .ok_or(DevCaError::Pem(pem::PemError::NoBlock {
                    expected: pem::CERTIFICATE,
                }))?;
        if key.public_key_info()? != leaf.tbs_certificate.subject_public_key_info {
            return Err(DevCaError::KeyMismatch);
        }
        let serial = certificate::serial_hex(&leaf.tbs_certificate.serial_number);
        Credential::new(
            to_pem(leaf)?,
            chain.iter().map(to_pem).collect::<Result<String, _>>()?,
            key,
            serial,
        )
    }

    /// The holder's certificate, PEM.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    /// The intermediate CA certificates above the holder's, PEM; empty when the root issued it.
    pub fn chain_pem(&self) -> &str {
        &self.chain_pem
    }

    /// The private key, PKCS#8 PEM.
    pub fn private_key_pem(&self) -> &str {
        &self.private_key_pem
    }

    /// The certificate's serial number, upper-case hex (as CRLs and [`crate::signature::Signer`]
    /// give it).
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// The key algorithm.
    pub fn algorithm(&self) -> KeyAlgorithm {
        self.key.algorithm()
    }

    /// Signs `payload` (the canonical bytes of a request): base64 of an RSA PKCS#1 v1.5 / SHA-256
    /// or a DER ECDSA P-256 / SHA-256 signature.
    pub fn sign(&self, payload: &[u8]) -> String {
        STANDARD.encode(self.key.sign(payload))
    }

    /// The signed request the portal submits: the certificate with its chain, and the signature.
    pub fn signed_request(&self, payload: &[u8]) -> SignedRequest {
        SignedRequest {
            certificate: format!("{}{}", self.certificate_pem, self.chain_pem),
            signature: self.sign(payload),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("serial", &self.serial)
            .field("algorithm", &self.key.algorithm())
            .finish_non_exhaustive()
    }
}

/// A certificate as PEM text ending in a newline.
pub(crate) fn to_pem(cert: &x509_cert::Certificate) -> Result<String, DevCaError> {
    let der = cert
        .to_der()
        .map_err(|error| DevCaError::Certificate(error.to_string()))?;
    der::pem::encode_string(pem::CERTIFICATE, LineEnding::LF, &der)
        .map_err(|error| DevCaError::Certificate(error.to_string()))
}
