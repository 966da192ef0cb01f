//! What the check reads from an X.509 certificate: names, serial, validity, CA flag, and whether
//! another certificate's key signed it.

use std::fmt;

use chrono::{DateTime, Utc};
use der::Encode;
use x509_cert::Certificate;
use x509_cert::ext::pkix::BasicConstraints;
use x509_cert::serial_number::SerialNumber;

use super::public_key::{KeyProblem, PublicKey, SignatureProblem};
use super::time;

/// The subject of a certificate as an RFC 4514 string, for messages and the [`super::Signer`].
pub(crate) fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate.subject.to_string()
}

/// The issuer of a certificate as an RFC 4514 string.
pub(crate) fn issuer(cert: &Certificate) -> String {
    cert.tbs_certificate.issuer.to_string()
}

/// A serial number as upper-case hex without leading zero bytes, e.g. `3F09A1…`.
pub(crate) fn serial_hex(serial: &SerialNumber) -> String {
    let bytes = serial.as_bytes();
    let significant = bytes
        .iter()
        .position(|byte| *byte != 0)
        .map_or(&bytes[bytes.len()..], |at| &bytes[at..]);
    match significant.is_empty() {
        true => "00".into(),
        false => hex::encode_upper(significant),
    }
}

/// The start of the certificate's validity period.
pub(crate) fn not_before(cert: &Certificate) -> DateTime<Utc> {
    time::from_x509(&cert.tbs_certificate.validity.not_before)
}

/// The end of the certificate's validity period.
pub(crate) fn not_after(cert: &Certificate) -> DateTime<Utc> {
    time::from_x509(&cert.tbs_certificate.validity.not_after)
}

/// Whether the certificate may issue certificates: basicConstraints with cA set.
pub(crate) fn is_ca(cert: &Certificate) -> bool {
    matches!(cert.tbs_certificate.get::<BasicConstraints>(), Ok(Some((_, constraints))) if constraints.ca)
}

/// Why a certificate's signature does not check out against a would-be issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IssuedProblem {
    /// The issuer's key cannot be used.
    IssuerKey(KeyProblem),
    /// The certificate cannot be re-encoded to check its signature.
    Encoding(String),
    /// The signature does not verify with the issuer's key.
    Signature(SignatureProblem),
}

impl fmt::Display for IssuedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssuedProblem::IssuerKey(KeyProblem::Unsupported(unsupported)) => write!(
                f,
                "the CA key algorithm {} ({}) is not supported",
                unsupported.oid, unsupported.name
            ),
            IssuedProblem::IssuerKey(KeyProblem::Invalid(reason)) => {
                write!(f, "the CA key is invalid: {reason}")
            }
            IssuedProblem::Encoding(reason) => write!(f, "it cannot be re-encoded: {reason}"),
            IssuedProblem::Signature(SignatureProblem::Unsupported(unsupported)) => write!(
                f,
                "the signature algorithm {} ({}) is not supported",
                unsupported.oid, unsupported.name
            ),
            IssuedProblem::Signature(SignatureProblem::AlgorithmMismatch) => {
                write!(f, "the signature algorithm does not fit the CA's key type")
            }
            IssuedProblem::Signature(SignatureProblem::Encoding(reason)) => {
                write!(f, "the signature is malformed: {reason}")
            }
            IssuedProblem::Signature(SignatureProblem::Mismatch) => {
                write!(f, "the signature does not verify with the CA's key")
            }
        }
    }
}

/// Checks that `issuer`'s key signed `cert`.
pub(crate) fn issued_by(cert: &Certificate, issuer: &Certificate) -> Result<(), IssuedProblem> {
    let key = PublicKey::from_spki(&issuer.tbs_certificate.subject_public_key_info)
        .map_err(IssuedProblem::IssuerKey)?;
    let tbs = cert
        .tbs_certificate
        .to_der()
        .map_err(|error| IssuedProblem::Encoding(error.to_string()))?;
    key.verify_signed_object(&cert.signature_algorithm, &tbs, cert.signature.raw_bytes())
        .map_err(IssuedProblem::Signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_hex_drops_the_sign_byte() {
        let serial = SerialNumber::new(&[0x80, 0x01]).expect("serial");
        assert_eq!(serial_hex(&serial), "8001");
        let serial = SerialNumber::new(&[0x7f, 0x00, 0x0a]).expect("serial");
        assert_eq!(serial_hex(&serial), "7F000A");
    }
}
