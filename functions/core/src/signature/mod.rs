//! The EDS (electronic digital signature) check of the `signature-check` host step, and a
//! development CA that issues certificates in the national CA's layout.
//!
//! What the step verifies (DECISIONS items 13 and 14; Akmola portal condition C3), in this order,
//! each failure with its own [`SignatureFailure`] variant:
//!
//! 1. the signed request parses: PEM certificates and a base64 signature;
//! 2. no certificate uses a GOST (Russian or Kazakh national) or other unsupported algorithm:
//!    only RSA and ECDSA P-256 keys are accepted;
//! 3. the certificates chain to a root of the configured [`TrustStore`], each signature checked;
//! 4. every certificate of the chain is within its validity period at signing time;
//! 5. no certificate of the chain is on a configured revocation list (CRL) of its issuer;
//! 6. the certificate names the applicant: subject SERIALNUMBER `IIN` + 12 digits, and for a legal
//!    entity OU `BIN` + 12 digits; the IIN/BIN of the request equals the certificate's;
//! 7. the signature over the canonical bytes of the request ([`canonical_request`]) verifies with
//!    the certificate's key.
//!
//! [`dev_ca::DevCa`] lets tests and newcomers sign requests without the national CA.

mod algorithm;
mod canonical;
mod certificate;
mod chain;
pub mod dev_ca;
mod failure;
mod identity;
mod pem;
mod public_key;
mod revocation;
mod time;
mod trust;
mod verify;

pub use canonical::{SignedFields, canonical_request};
pub use failure::{AlgorithmRole, SignatureFailure};
pub use pem::PemError;
pub use trust::{TrustStore, TrustStoreError};
pub use verify::{SignedRequest, Signer, verify};

#[cfg(test)]
mod tests;
