//! The EDS check itself: from a signed request to the verified [`Signer`] or the first failure.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use x509_cert::Certificate;

use super::algorithm;
use super::certificate;
use super::chain::{self, Chain};
use super::failure::{AlgorithmRole, SignatureFailure};
use super::identity::{self, CertIdentity};
use super::pem;
use super::public_key::{KeyProblem, PublicKey, SignatureProblem};
use super::trust::TrustStore;

/// The applicant's EDS on a request, as the portal submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRequest {
    /// PEM: the signer's certificate, optionally followed by intermediate CA certificates.
    pub certificate: String,
    /// Base64 (standard alphabet): the signature over the request's canonical bytes.
    pub signature: String,
}

/// The verified signer of a request, as the certificate names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// The holder's IIN (subject SERIALNUMBER without the `IIN` prefix).
    pub iin: String,
    /// The legal entity's BIN (subject OU without the `BIN` prefix), on a legal entity's certificate.
    pub bin: Option<String>,
    /// The holder's full name (subject CN).
    pub common_name: String,
    /// The certificate's serial number, upper-case hex.
    pub serial: String,
    /// The issuing CA, as an RFC 4514 string.
    pub issuer: String,
    /// The end of the certificate's validity period.
    pub not_after: DateTime<Utc>,
}

/// Checks the EDS on a request: `payload` is the request's canonical bytes
/// ([`super::canonical_request`]), `expected_id` the IIN or BIN the request is filed for, `at` the
/// signing (submission) time. The checks run in the order of [`SignatureFailure`]'s variants and
/// the first failure is returned.
pub fn verify(
    trust: &TrustStore,
    signed: &SignedRequest,
    payload: &[u8],
    expected_id: &str,
    at: DateTime<Utc>,
) -> Result<Signer, SignatureFailure> {
    let (certificates, signature) = parse(signed)?;
    let (leaf, extra) = certificates
        .split_first()
        .ok_or_else(|| malformed("no certificate"))?;
    check_algorithms(&certificates)?;
    let chain =
        chain::build(trust, leaf, extra).map_err(|problem| SignatureFailure::UntrustedChain {
            certificate: problem.certificate,
            reason: problem.reason,
        })?;
    check_validity(&chain, at)?;
    check_revocation(trust, &chain, at)?;
    let identity = identity::from_subject(&leaf.tbs_certificate.subject).map_err(|reason| {
        SignatureFailure::NoIdentity {
            certificate: certificate::subject(leaf),
            reason,
        }
    })?;
    check_identity(&identity, expected_id)?;
    check_signature(leaf, payload, &signature)?;
    Ok(signer(leaf, identity))
}

fn malformed(reason: impl Into<String>) -> SignatureFailure {
    SignatureFailure::Malformed(reason.into())
}

/// Step 1: the certificates and the raw signature.
fn parse(signed: &SignedRequest) -> Result<(Vec<Certificate>, Vec<u8>), SignatureFailure> {
    let certificates = pem::certificates(&signed.certificate)
        .map_err(|error| malformed(format!("certificate: {error}")))?;
    if let Some(cert) = certificates
        .iter()
        .find(|cert| cert.signature_algorithm != cert.tbs_certificate.signature)
    {
        return Err(malformed(format!(
            "certificate \"{}\" names two different signature algorithms",
            certificate::subject(cert)
        )));
    }
    let compact: String = signed
        .signature
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if compact.is_empty() {
        return Err(malformed("the signature is empty"));
    }
    let signature = STANDARD
        .decode(compact)
        .map_err(|error| malformed(format!("signature is not base64: {error}")))?;
    Ok((certificates, signature))
}

/// Step 2: every presented certificate has a supported key and signature algorithm.
fn check_algorithms(certificates: &[Certificate]) -> Result<(), SignatureFailure> {
    for cert in certificates {
        let unsupported =
            |role, refused: algorithm::Unsupported| SignatureFailure::UnsupportedAlgorithm {
                certificate: certificate::subject(cert),
                role,
                oid: refused.oid,
                name: refused.name,
            };
        algorithm::key_kind(&cert.tbs_certificate.subject_public_key_info)
            .map_err(|refused| unsupported(AlgorithmRole::Key, refused))?;
        algorithm::signature_kind(&cert.signature_algorithm)
            .map_err(|refused| unsupported(AlgorithmRole::Signature, refused))?;
    }
    Ok(())
}

/// Step 4: every certificate of the chain is valid at `at` (bounds included).
fn check_validity(chain: &Chain<'_>, at: DateTime<Utc>) -> Result<(), SignatureFailure> {
    for cert in &chain.certificates {
        let not_before = certificate::not_before(cert);
        if at < not_before {
            return Err(SignatureFailure::NotYetValid {
                certificate: certificate::subject(cert),
                not_before,
            });
        }
        let not_after = certificate::not_after(cert);
        if at > not_after {
            return Err(SignatureFailure::Expired {
                certificate: certificate::subject(cert),
                not_after,
            });
        }
    }
    Ok(())
}

/// Step 5: no certificate of the chain was revoked, on its issuer's CRL, at or before `at`.
fn check_revocation(
    trust: &TrustStore,
    chain: &Chain<'_>,
    at: DateTime<Utc>,
) -> Result<(), SignatureFailure> {
    for (cert, issuer) in chain.issued_pairs() {
        let revoked_at = trust
            .crls()
            .iter()
            .filter_map(|crl| crl.revocation_of(cert, issuer))
            .min();
        if let Some(revoked_at) = revoked_at.filter(|revoked_at| *revoked_at <= at) {
            return Err(SignatureFailure::Revoked {
                certificate: certificate::subject(cert),
                serial: certificate::serial_hex(&cert.tbs_certificate.serial_number),
                revoked_at,
            });
        }
    }
    Ok(())
}

/// Step 6: the request is filed for the certificate's BIN (legal entity) or IIN (person).
fn check_identity(identity: &CertIdentity, expected_id: &str) -> Result<(), SignatureFailure> {
    if identity.applicant_id() == expected_id.trim() {
        return Ok(());
    }
    Err(SignatureFailure::IdentityMismatch {
        expected: expected_id.to_string(),
        found: identity.describe(),
    })
}

/// Step 7: the signature over the payload verifies with the signer's key.
fn check_signature(
    leaf: &Certificate,
    payload: &[u8],
    signature: &[u8],
) -> Result<(), SignatureFailure> {
    let bad = |reason: String| SignatureFailure::BadSignature { reason };
    let key =
        PublicKey::from_spki(&leaf.tbs_certificate.subject_public_key_info).map_err(|problem| {
            match problem {
                KeyProblem::Invalid(reason) => {
                    malformed(format!("the signer's public key is invalid: {reason}"))
                }
                KeyProblem::Unsupported(refused) => SignatureFailure::UnsupportedAlgorithm {
                    certificate: certificate::subject(leaf),
                    role: AlgorithmRole::Key,
                    oid: refused.oid,
                    name: refused.name,
                },
            }
        })?;
    key.verify_payload(payload, signature)
        .map_err(|problem| match problem {
            SignatureProblem::Encoding(reason) => {
                bad(format!("the signature is not well-formed: {reason}"))
            }
            SignatureProblem::Mismatch => {
                bad("it does not verify with the certificate's key".into())
            }
            SignatureProblem::Unsupported(_) | SignatureProblem::AlgorithmMismatch => {
                bad("its algorithm does not fit the certificate's key".into())
            }
        })
}

fn signer(leaf: &Certificate, identity: CertIdentity) -> Signer {
    Signer {
        iin: identity.iin,
        bin: identity.bin,
        common_name: identity.common_name,
        serial: certificate::serial_hex(&leaf.tbs_certificate.serial_number),
        issuer: certificate::issuer(leaf),
        not_after: certificate::not_after(leaf),
    }
}
