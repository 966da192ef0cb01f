//! Why a signed request was refused: one variant per check, in the order the checks run.

use std::fmt;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::time::display;

/// Which algorithm of a certificate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlgorithmRole {
    /// The algorithm of the certificate's own public key (what signs the request).
    Key,
    /// The algorithm the issuing CA signed the certificate with.
    Signature,
}

impl fmt::Display for AlgorithmRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlgorithmRole::Key => f.write_str("key algorithm"),
            AlgorithmRole::Signature => f.write_str("signature algorithm"),
        }
    }
}

/// Why the EDS check refused a signed request: the reason of a `signature-invalid` refusal.
///
/// The message (`Display`) says what was wrong and what the applicant can do; [`reason_code`]
/// gives a short stable code the host records with the refusal. Certificates are named by their
/// subject as an RFC 4514 string.
///
/// [`reason_code`]: SignatureFailure::reason_code
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignatureFailure {
    /// The certificate PEM, the signature base64 or a certificate's structure is broken.
    #[error(
        "the signed request is malformed: {0}; attach the signer's certificate in PEM and the signature in base64"
    )]
    Malformed(String),

    /// A certificate uses a GOST or another algorithm other than RSA and ECDSA P-256.
    #[error(
        "certificate \"{certificate}\" uses the unsupported {role} {oid} ({name}); sign with an RSA or ECDSA P-256 certificate"
    )]
    UnsupportedAlgorithm {
        certificate: String,
        role: AlgorithmRole,
        oid: String,
        name: String,
    },

    /// The certificates do not lead to a configured trusted root, or a CA signature in the chain
    /// does not verify.
    #[error(
        "certificate \"{certificate}\" does not chain to a trusted root: {reason}; sign with a certificate issued by the national certification authority"
    )]
    UntrustedChain { certificate: String, reason: String },

    /// A certificate of the chain had expired at signing time.
    #[error("certificate \"{certificate}\" expired on {}; sign with a valid certificate", display(.not_after))]
    Expired {
        certificate: String,
        not_after: DateTime<Utc>,
    },

    /// A certificate of the chain was not yet valid at signing time.
    #[error("certificate \"{certificate}\" is not valid before {}; sign with a certificate already in force", display(.not_before))]
    NotYetValid {
        certificate: String,
        not_before: DateTime<Utc>,
    },

    /// A certificate of the chain is on its issuer's revocation list.
    #[error(
        "certificate \"{certificate}\" (serial {serial}) was revoked on {}; sign with a certificate that has not been revoked",
        display(.revoked_at)
    )]
    Revoked {
        certificate: String,
        serial: String,
        revoked_at: DateTime<Utc>,
    },

    /// The certificate does not name its holder in the national CA's layout (SERIALNUMBER
    /// `IIN…`, OU `BIN…`).
    #[error(
        "certificate \"{certificate}\" does not identify its holder: {reason}; sign with a personal or legal-entity certificate of the national certification authority"
    )]
    NoIdentity { certificate: String, reason: String },

    /// The request's IIN/BIN differs from the certificate's.
    #[error(
        "the request is filed for {expected} but the certificate belongs to {found}; sign with the applicant's own certificate"
    )]
    IdentityMismatch { expected: String, found: String },

    /// The signature does not verify over the request's canonical bytes with the certificate's key.
    #[error(
        "the signature does not match the request ({reason}); the request was changed after signing or signed with another key"
    )]
    BadSignature { reason: String },
}

impl SignatureFailure {
    /// A short stable code for the refusal record, e.g. `expired` or `identity-mismatch`.
    pub fn reason_code(&self) -> &'static str {
        match self {
            SignatureFailure::Malformed(_) => "malformed",
            SignatureFailure::UnsupportedAlgorithm { .. } => "unsupported-algorithm",
            SignatureFailure::UntrustedChain { .. } => "untrusted",
            SignatureFailure::Expired { .. } => "expired",
            SignatureFailure::NotYetValid { .. } => "not-yet-valid",
            SignatureFailure::Revoked { .. } => "revoked",
            SignatureFailure::NoIdentity { .. } => "no-identity",
            SignatureFailure::IdentityMismatch { .. } => "identity-mismatch",
            SignatureFailure::BadSignature { .. } => "bad-signature",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn expired_message_names_the_date() {
        let failure = SignatureFailure::Expired {
            certificate: "CN=Asan".into(),
            not_after: Utc
                .with_ymd_and_hms(2012, 1, 1, 0, 0, 0)
                .single()
                .expect("date"),
        };
        assert_eq!(
            failure.to_string(),
            "certificate \"CN=Asan\" expired on 2012-01-01T00:00:00Z; sign with a valid certificate"
        );
        assert_eq!(failure.reason_code(), "expired");
    }

    #[test]
    fn unsupported_message_names_oid_and_algorithm() {
        let failure = SignatureFailure::UnsupportedAlgorithm {
            certificate: "CN=Asan".into(),
            role: AlgorithmRole::Key,
            oid: "1.2.398.3.10.1.1.1.1".into(),
            name: "GOST 34.310-2004 public key (Kazakhstan)".into(),
        };
        assert_eq!(
            failure.to_string(),
            "certificate \"CN=Asan\" uses the unsupported key algorithm 1.2.398.3.10.1.1.1.1 (GOST 34.310-2004 public key (Kazakhstan)); sign with an RSA or ECDSA P-256 certificate"
        );
    }
}
