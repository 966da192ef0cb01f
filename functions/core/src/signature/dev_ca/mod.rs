//! A development certification authority: issues personal and legal-entity EDS certificates in
//! the national CA's layout, and CRLs, so that tests and newcomers can sign requests without the
//! national CA. Never trust a development CA in production.
//!
//! ```text
//! let ca = DevCa::generate("reglament dev root", KeyAlgorithm::EcdsaP256, validity)?;
//! let trust = TrustStore::from_pem(ca.certificate_pem(), &[])?;
//! let applicant = ca.issue_person("900101300123", "АСАНОВ АСАН", validity, KeyAlgorithm::EcdsaP256)?;
//! let signed = applicant.signed_request(&canonical_request(&fields));
//! ```

mod credential;
mod crl;
mod keys;
mod subject;
#[doc(hidden)]
pub mod testing;

use chrono::{DateTime, Duration, Utc};
use thiserror::Error;
use x509_cert::Certificate;
use x509_cert::builder::Profile;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

pub use credential::Credential;
pub use keys::KeyAlgorithm;

use self::credential::to_pem;
use self::keys::KeyPair;
use super::pem::{self, PemError};
use super::{certificate, time};

/// Length of generated serial numbers, in bytes (RFC 5280 allows up to 20).
const SERIAL_BYTES: usize = 16;

/// Why the development CA could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DevCaError {
    /// Key generation failed.
    #[error("key generation failed: {0}")]
    KeyGeneration(String),
    /// A private key does not decode or encode.
    #[error("private key: {0}")]
    Key(String),
    /// A key algorithm other than RSA (2048 bits or more) or ECDSA P-256.
    #[error("unsupported key: {0}")]
    UnsupportedKey(String),
    /// A certificate PEM text is broken.
    #[error("certificate: {0}")]
    Pem(PemError),
    /// The private key does not belong to the certificate.
    #[error("the private key does not belong to the certificate")]
    KeyMismatch,
    /// The certificate loaded as a CA cannot issue certificates.
    #[error("certificate \"{subject}\" is not a CA certificate (basicConstraints cA is not set)")]
    NotACa { subject: String },
    /// An IIN or BIN that is not 12 digits.
    #[error("{what} \"{value}\" is not 12 digits")]
    InvalidIdentifier { what: &'static str, value: String },
    /// A serial number that is not positive hex of at most 20 bytes.
    #[error("serial number \"{0}\" is not positive hex of at most 20 bytes")]
    InvalidSerial(String),
    /// A validity period that ends before it starts, or a time X.509 cannot hold.
    #[error("invalid time: {0}")]
    Time(String),
    /// Building or encoding a certificate or CRL failed.
    #[error("cannot build the certificate: {0}")]
    Certificate(String),
}

/// The validity period of a certificate to issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertValidity {
    /// The first instant the certificate is valid.
    pub not_before: DateTime<Utc>,
    /// The last instant the certificate is valid.
    pub not_after: DateTime<Utc>,
}

impl CertValidity {
    /// The period from `not_before` to `not_after`, both included.
    pub fn new(not_before: DateTime<Utc>, not_after: DateTime<Utc>) -> Self {
        CertValidity {
            not_before,
            not_after,
        }
    }

    /// `days` days from `start`.
    pub fn days_from(start: DateTime<Utc>, days: i64) -> Self {
        CertValidity {
            not_before: start,
            not_after: start + Duration::days(days),
        }
    }

    fn to_x509(self) -> Result<Validity, DevCaError> {
        if self.not_after < self.not_before {
            return Err(DevCaError::Time(format!(
                "the validity ends ({}) before it starts ({})",
                time::display(&self.not_after),
                time::display(&self.not_before)
            )));
        }
        let convert = |at: DateTime<Utc>| {
            time::to_x509(at)
                .map_err(|error| DevCaError::Time(format!("{}: {error}", time::display(&at))))
        };
        Ok(Validity {
            not_before: convert(self.not_before)?,
            not_after: convert(self.not_after)?,
        })
    }
}

/// A development CA saved as text: its certificate (followed by the intermediate CAs above it,
/// for a subordinate CA) and its PKCS#8 private key.
#[derive(Clone, PartialEq, Eq)]
pub struct DevCaPem {
    pub certificate_pem: String,
    pub private_key_pem: String,
}

impl std::fmt::Debug for DevCaPem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevCaPem")
            .field("certificate_pem", &self.certificate_pem)
            .finish_non_exhaustive()
    }
}

/// A development certification authority: a root (self-signed) or subordinate CA with its key.
#[derive(Debug, Clone)]
pub struct DevCa {
    key: KeyPair,
    certificate: Certificate,
    certificate_pem: String,
    /// The intermediate CAs above this one (not the root), PEM; empty for a root or a CA the root
    /// issued directly.
    ancestors_pem: String,
}

impl DevCa {
    /// A new self-signed root CA named `name` (its CN).
    pub fn generate(
        name: &str,
        algorithm: KeyAlgorithm,
        validity: CertValidity,
    ) -> Result<Self, DevCaError> {
        let key = KeyPair::generate(algorithm)?;
        let certificate = key.certify(
            Profile::Root,
            random_serial()?,
            validity.to_x509()?,
            subject::ca(name)?,
            key.public_key_info()?,
        )?;
        Self::assemble(key, certificate, String::new())
    }

    /// A CA subordinate to this one, e.g. to test chains with an intermediate CA.
    pub fn issue_sub_ca(
        &self,
        name: &str,
        algorithm: KeyAlgorithm,
        validity: CertValidity,
    ) -> Result<DevCa, DevCaError> {
        let key = KeyPair::generate(algorithm)?;
        let profile = Profile::SubCA {
            issuer: self.subject_name(),
            path_len_constraint: None,
        };
        let certificate = self.key.certify(
            profile,
            random_serial()?,
            validity.to_x509()?,
            subject::ca(name)?,
            key.public_key_info()?,
        )?;
        Self::assemble(key, certificate, self.chain_pem())
    }

    /// Loads a saved CA: its certificate PEM (optionally followed by the intermediate CAs above
    /// it) and its PKCS#8 private key PEM, as [`DevCa::to_pem`] wrote them.
    pub fn from_pem(certificate_pem: &str, private_key_pem: &str) -> Result<Self, DevCaError> {
        let certificates = pem::certificates(certificate_pem).map_err(DevCaError::Pem)?;
        let (certificate, ancestors) =
            certificates
                .split_first()
                .ok_or(DevCaError::Pem(PemError::NoBlock {
                    expected: pem::CERTIFICATE,
                }))?;
        if !certificate::is_ca(certificate) {
            return Err(DevCaError::NotACa {
                subject: certificate::subject(certificate),
            });
        }
        let key = KeyPair::from_pkcs8_pem(private_key_pem)?;
        if key.public_key_info()? != certificate.tbs_certificate.subject_public_key_info {
            return Err(DevCaError::KeyMismatch);
        }
        let ancestors_pem = ancestors
            .iter()
            .map(to_pem)
            .collect::<Result<String, _>>()?;
        Self::assemble(key, certificate.clone(), ancestors_pem)
    }

    fn assemble(
        key: KeyPair,
        certificate: Certificate,
        ancestors_pem: String,
    ) -> Result<Self, DevCaError> {
        let certificate_pem = to_pem(&certificate)?;
        Ok(DevCa {
            key,
            certificate,
            certificate_pem,
            ancestors_pem,
        })
    }

    /// The CA as text to save: certificate (with the intermediate CAs above it) and private key.
    pub fn to_pem(&self) -> Result<DevCaPem, DevCaError> {
        Ok(DevCaPem {
            certificate_pem: format!("{}{}", self.certificate_pem, self.ancestors_pem),
            private_key_pem: self.key.to_pkcs8_pem()?,
        })
    }

    /// This CA's own certificate, PEM: what a [`crate::signature::TrustStore`] trusts as a root
    /// (or loads as an intermediate, for a subordinate CA).
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    /// This CA's subject, as an RFC 4514 string (what [`crate::signature::Signer::issuer`] shows).
    pub fn subject(&self) -> String {
        certificate::subject(&self.certificate)
    }

    /// The key algorithm of this CA.
    pub fn algorithm(&self) -> KeyAlgorithm {
        self.key.algorithm()
    }

    /// An individual's credential: subject SERIALNUMBER `IIN…`, CN `full_name`, C=KZ;
    /// keyUsage digitalSignature and nonRepudiation.
    pub fn issue_person(
        &self,
        iin: &str,
        full_name: &str,
        validity: CertValidity,
        algorithm: KeyAlgorithm,
    ) -> Result<Credential, DevCaError> {
        self.issue_leaf(
            subject::person(iin, full_name)?,
            validity,
            KeyPair::generate(algorithm)?,
        )
    }

    /// A legal entity's credential held by one of its signers: OU `BIN…`, O `organisation`,
    /// SERIALNUMBER `IIN…` of the signer, CN the signer's name.
    pub fn issue_legal_entity(
        &self,
        bin: &str,
        iin_of_signer: &str,
        signer_name: &str,
        organisation: &str,
        validity: CertValidity,
        algorithm: KeyAlgorithm,
    ) -> Result<Credential, DevCaError> {
        let subject = subject::legal_entity(bin, organisation, iin_of_signer, signer_name)?;
        self.issue_leaf(subject, validity, KeyPair::generate(algorithm)?)
    }

    fn issue_leaf(
        &self,
        subject: x509_cert::name::Name,
        validity: CertValidity,
        key: KeyPair,
    ) -> Result<Credential, DevCaError> {
        let serial = random_serial()?;
        let serial_hex = certificate::serial_hex(&serial);
        let certificate = self.key.certify(
            self.leaf_profile(),
            serial,
            validity.to_x509()?,
            subject,
            key.public_key_info()?,
        )?;
        Credential::new(to_pem(&certificate)?, self.chain_pem(), key, serial_hex)
    }

    fn leaf_profile(&self) -> Profile {
        Profile::Leaf {
            issuer: self.subject_name(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        }
    }

    fn subject_name(&self) -> x509_cert::name::Name {
        self.certificate.tbs_certificate.subject.clone()
    }

    /// The certificates a request signed under this CA carries after the signer's: this CA and
    /// the intermediates above it, unless this CA is a self-signed root.
    fn chain_pem(&self) -> String {
        let tbs = &self.certificate.tbs_certificate;
        match tbs.subject == tbs.issuer {
            true => String::new(),
            false => format!("{}{}", self.certificate_pem, self.ancestors_pem),
        }
    }
}

/// A random positive serial number of [`SERIAL_BYTES`] bytes without a leading zero byte.
fn random_serial() -> Result<SerialNumber, DevCaError> {
    let mut bytes = [0u8; SERIAL_BYTES];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    bytes[0] = (bytes[0] & 0x7f).max(1);
    SerialNumber::new(&bytes).map_err(|error| DevCaError::Certificate(error.to_string()))
}
