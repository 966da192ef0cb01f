//! The configured trust: the root certificates of the national CA (or the development CA), its
//! intermediate CAs, and the revocation lists (CRLs) they publish.

use der::Decode;
use thiserror::Error;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::certificate;
use super::pem::{self, PemError};
use super::revocation::{CrlProblem, RevocationList};

/// The trusted roots, known intermediate CAs and verified CRLs the signature check relies on.
///
/// Load roots first, then intermediates (each must be signed by a root or an intermediate
/// already loaded), then CRLs (each must be signed by a root or intermediate it names as its
/// issuer). Nothing unverified enters the store: a forged or unattributable CRL is an error.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    roots: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    crls: Vec<RevocationList>,
}

/// Why a root, intermediate or CRL could not be added to the [`TrustStore`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TrustStoreError {
    /// The PEM text of a root, intermediate or CRL is broken.
    #[error("{what}: {source}")]
    Pem {
        /// `trusted root`, `intermediate CA` or `CRL`.
        what: &'static str,
        source: PemError,
    },
    /// A DER CRL does not decode.
    #[error("CRL: not a DER X.509 CRL: {0}")]
    CrlDer(String),
    /// A root certificate has basicConstraints without cA: it cannot issue certificates.
    #[error("trusted root \"{subject}\" is not a CA certificate (basicConstraints cA is not set)")]
    RootNotCa { subject: String },
    /// An intermediate certificate is not a CA certificate.
    #[error(
        "intermediate CA \"{subject}\" is not a CA certificate (basicConstraints cA is not set)"
    )]
    IntermediateNotCa { subject: String },
    /// An intermediate certificate is not signed by a root or intermediate already loaded.
    #[error(
        "intermediate CA \"{subject}\" is not signed by a trusted root or a loaded intermediate CA (issuer \"{issuer}\")"
    )]
    IntermediateUntrusted { subject: String, issuer: String },
    /// No loaded root or intermediate has the CRL's issuer name.
    #[error(
        "CRL of \"{issuer}\": its issuer is not a trusted root or loaded intermediate CA; load that CA first"
    )]
    CrlIssuerUnknown { issuer: String },
    /// The CRL's signature algorithm is not supported (e.g. GOST).
    #[error("CRL of \"{issuer}\": unsupported signature algorithm {oid} ({name})")]
    CrlUnsupportedAlgorithm {
        issuer: String,
        oid: String,
        name: String,
    },
    /// The CRL's signature does not verify with its issuer's key: forged or corrupted.
    #[error("CRL of \"{issuer}\": signature invalid ({reason}); the list is forged or corrupted")]
    CrlSignatureInvalid { issuer: String, reason: String },
}

impl TrustStore {
    /// An empty store: trusts nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store with the roots of one PEM text (one or more certificates) and the given CRLs
    /// (each a PEM text of one or more CRLs).
    pub fn from_pem(roots: &str, crls: &[&str]) -> Result<Self, TrustStoreError> {
        let mut store = Self::new();
        store.add_root_pem(roots)?;
        for crl in crls {
            store.add_crl_pem(crl)?;
        }
        Ok(store)
    }

    /// Adds the trusted root certificates of a PEM text; returns how many.
    pub fn add_root_pem(&mut self, pem_text: &str) -> Result<usize, TrustStoreError> {
        let roots = pem::certificates(pem_text).map_err(|source| TrustStoreError::Pem {
            what: "trusted root",
            source,
        })?;
        if let Some(root) = roots.iter().find(|root| !root_may_issue(root)) {
            return Err(TrustStoreError::RootNotCa {
                subject: certificate::subject(root),
            });
        }
        let count = roots.len();
        self.roots.extend(roots);
        Ok(count)
    }

    /// Adds intermediate CA certificates of a PEM text, each signed by a root or an
    /// intermediate loaded before it; returns how many. Requests may then omit them.
    pub fn add_intermediate_pem(&mut self, pem_text: &str) -> Result<usize, TrustStoreError> {
        let intermediates = pem::certificates(pem_text).map_err(|source| TrustStoreError::Pem {
            what: "intermediate CA",
            source,
        })?;
        let count = intermediates.len();
        for intermediate in intermediates {
            self.add_intermediate(intermediate)?;
        }
        Ok(count)
    }

    fn add_intermediate(&mut self, cert: Certificate) -> Result<(), TrustStoreError> {
        if !certificate::is_ca(&cert) {
            return Err(TrustStoreError::IntermediateNotCa {
                subject: certificate::subject(&cert),
            });
        }
        let signed = self.issuers().any(|issuer| {
            issuer.tbs_certificate.subject == cert.tbs_certificate.issuer
                && certificate::issued_by(&cert, issuer).is_ok()
        });
        if !signed {
            return Err(TrustStoreError::IntermediateUntrusted {
                subject: certificate::subject(&cert),
                issuer: certificate::issuer(&cert),
            });
        }
        self.intermediates.push(cert);
        Ok(())
    }

    /// Adds the CRLs of a PEM text (`-----BEGIN X509 CRL-----`), each verified against its issuer.
    pub fn add_crl_pem(&mut self, pem_text: &str) -> Result<usize, TrustStoreError> {
        let crls = pem::crls(pem_text).map_err(|source| TrustStoreError::Pem {
            what: "CRL",
            source,
        })?;
        let count = crls.len();
        for crl in &crls {
            self.add_crl(crl)?;
        }
        Ok(count)
    }

    /// Adds one DER-encoded CRL, verified against its issuer.
    pub fn add_crl_der(&mut self, der: &[u8]) -> Result<(), TrustStoreError> {
        let crl = CertificateList::from_der(der)
            .map_err(|error| TrustStoreError::CrlDer(error.to_string()))?;
        self.add_crl(&crl)
    }

    fn add_crl(&mut self, crl: &CertificateList) -> Result<(), TrustStoreError> {
        let issuer = crl.tbs_cert_list.issuer.to_string();
        let list =
            RevocationList::verified(crl, self.issuers()).map_err(|problem| match problem {
                CrlProblem::UnknownIssuer => TrustStoreError::CrlIssuerUnknown {
                    issuer: issuer.clone(),
                },
                CrlProblem::InconsistentAlgorithm => TrustStoreError::CrlSignatureInvalid {
                    issuer: issuer.clone(),
                    reason: "its two signature algorithm fields differ".into(),
                },
                CrlProblem::Unsupported(unsupported) => TrustStoreError::CrlUnsupportedAlgorithm {
                    issuer: issuer.clone(),
                    oid: unsupported.oid,
                    name: unsupported.name,
                },
                CrlProblem::BadSignature(reason) => TrustStoreError::CrlSignatureInvalid {
                    issuer: issuer.clone(),
                    reason,
                },
            })?;
        self.crls.push(list);
        Ok(())
    }

    /// The trusted roots.
    pub(crate) fn roots(&self) -> &[Certificate] {
        &self.roots
    }

    /// The loaded intermediate CAs.
    pub(crate) fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// The verified CRLs.
    pub(crate) fn crls(&self) -> &[RevocationList] {
        &self.crls
    }

    /// Every CA certificate the store trusts: roots, then intermediates.
    fn issuers(&self) -> impl Iterator<Item = &Certificate> {
        self.roots.iter().chain(self.intermediates.iter())
    }

    /// How many trusted roots the store holds.
    pub fn root_count(&self) -> usize {
        self.roots.len()
    }

    /// How many intermediate CAs the store holds.
    pub fn intermediate_count(&self) -> usize {
        self.intermediates.len()
    }

    /// How many verified CRLs the store holds.
    pub fn crl_count(&self) -> usize {
        self.crls.len()
    }
}

/// A root may issue unless it has basicConstraints without cA (a v1 root has no extensions).
fn root_may_issue(root: &Certificate) -> bool {
    match root
        .tbs_certificate
        .get::<x509_cert::ext::pkix::BasicConstraints>()
    {
        Ok(Some((_, constraints))) => constraints.ca,
        Ok(None) => true,
        Err(_) => false,
    }
}
