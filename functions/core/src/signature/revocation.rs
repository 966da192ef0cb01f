//! A configured certificate revocation list (CRL), checked against its issuer when loaded.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use der::Encode;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::name::Name;

use super::algorithm::{self, Unsupported};
use super::certificate::{self, IssuedProblem};
use super::public_key::PublicKey;
use super::time;

/// A CRL whose signature was verified with the key of the CA that issued it.
#[derive(Debug, Clone)]
pub(crate) struct RevocationList {
    /// The issuing CA's name.
    issuer: Name,
    /// The issuing CA's key: the CRL applies only to certificates issued under this key.
    issuer_key: SubjectPublicKeyInfoOwned,
    /// Revoked serial numbers (upper-case hex) and their revocation dates.
    revoked: HashMap<String, DateTime<Utc>>,
}

/// Why a CRL was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CrlProblem {
    /// No known CA certificate has the CRL's issuer name.
    UnknownIssuer,
    /// The CRL's two signature algorithm fields differ.
    InconsistentAlgorithm,
    /// The CRL is signed with an algorithm the check does not support.
    Unsupported(Unsupported),
    /// No CA certificate with the issuer's name verifies the signature.
    BadSignature(String),
}

impl RevocationList {
    /// Accepts a CRL if one of `issuers` (same name as the CRL's issuer) signed it.
    pub(crate) fn verified<'a>(
        crl: &CertificateList,
        issuers: impl IntoIterator<Item = &'a Certificate>,
    ) -> Result<Self, CrlProblem> {
        if crl.signature_algorithm != crl.tbs_cert_list.signature {
            return Err(CrlProblem::InconsistentAlgorithm);
        }
        algorithm::signature_kind(&crl.signature_algorithm).map_err(CrlProblem::Unsupported)?;
        let tbs = crl
            .tbs_cert_list
            .to_der()
            .map_err(|error| CrlProblem::BadSignature(error.to_string()))?;
        let candidates: Vec<&Certificate> = issuers
            .into_iter()
            .filter(|ca| ca.tbs_certificate.subject == crl.tbs_cert_list.issuer)
            .collect();
        if candidates.is_empty() {
            return Err(CrlProblem::UnknownIssuer);
        }
        let mut last_problem = String::new();
        for ca in candidates {
            match signed_by(crl, &tbs, ca) {
                Ok(()) => return Ok(Self::accepted(crl, ca)),
                Err(problem) => last_problem = problem,
            }
        }
        Err(CrlProblem::BadSignature(last_problem))
    }

    fn accepted(crl: &CertificateList, ca: &Certificate) -> Self {
        let revoked = crl
            .tbs_cert_list
            .revoked_certificates
            .iter()
            .flatten()
            .map(|entry| {
                (
                    certificate::serial_hex(&entry.serial_number),
                    time::from_x509(&entry.revocation_date),
                )
            })
            .collect();
        RevocationList {
            issuer: crl.tbs_cert_list.issuer.clone(),
            issuer_key: ca.tbs_certificate.subject_public_key_info.clone(),
            revoked,
        }
    }

    /// When this list says `cert`, issued by `issuer`, was revoked; `None` if it does not cover
    /// that issuer or does not list the serial.
    pub(crate) fn revocation_of(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
    ) -> Option<DateTime<Utc>> {
        let covers = self.issuer == issuer.tbs_certificate.subject
            && self.issuer_key == issuer.tbs_certificate.subject_public_key_info;
        if !covers {
            return None;
        }
        self.revoked
            .get(&certificate::serial_hex(
                &cert.tbs_certificate.serial_number,
            ))
            .copied()
    }
}

fn signed_by(crl: &CertificateList, tbs: &[u8], ca: &Certificate) -> Result<(), String> {
    let key = PublicKey::from_spki(&ca.tbs_certificate.subject_public_key_info)
        .map_err(|problem| IssuedProblem::IssuerKey(problem).to_string())?;
    key.verify_signed_object(&crl.signature_algorithm, tbs, crl.signature.raw_bytes())
        .map_err(|problem| IssuedProblem::Signature(problem).to_string())
}
