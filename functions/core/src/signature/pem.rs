//! PEM text as the check receives it: one or more `-----BEGIN …-----` blocks, text between
//! blocks ignored, each block decoded and checked for its label.

use std::fmt;

use der::Decode;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

/// The PEM label of an X.509 certificate.
pub(crate) const CERTIFICATE: &str = "CERTIFICATE";
/// The PEM label of an X.509 certificate revocation list.
pub(crate) const X509_CRL: &str = "X509 CRL";

/// What is wrong with a piece of PEM text; the block number counts from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemError {
    /// The text holds no `-----BEGIN …-----` line.
    NoBlock { expected: &'static str },
    /// A block has no matching `-----END …-----` line.
    Unterminated { block: usize, label: String },
    /// A block is labelled for something else, e.g. a private key where a certificate belongs.
    WrongLabel {
        block: usize,
        expected: &'static str,
        found: String,
    },
    /// The base64 body or the boundaries of a block do not decode.
    Encoding { block: usize, reason: String },
    /// The block decodes, but its DER is not the expected structure.
    Der {
        block: usize,
        expected: &'static str,
        reason: String,
    },
}

impl fmt::Display for PemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PemError::NoBlock { expected } => {
                write!(
                    f,
                    "no PEM block found (expected \"-----BEGIN {expected}-----\")"
                )
            }
            PemError::Unterminated { block, label } => {
                write!(
                    f,
                    "PEM block {block} (\"{label}\") has no \"-----END {label}-----\" line"
                )
            }
            PemError::WrongLabel {
                block,
                expected,
                found,
            } => {
                write!(
                    f,
                    "PEM block {block} is a \"{found}\", expected a \"{expected}\""
                )
            }
            PemError::Encoding { block, reason } => {
                write!(f, "PEM block {block} does not decode: {reason}")
            }
            PemError::Der {
                block,
                expected,
                reason,
            } => {
                write!(f, "PEM block {block} is not a valid {expected}: {reason}")
            }
        }
    }
}

impl std::error::Error for PemError {}

/// Decodes every certificate of a PEM text, in order; at least one.
pub(crate) fn certificates(text: &str) -> Result<Vec<Certificate>, PemError> {
    decode_all(text, CERTIFICATE, |der| Certificate::from_der(der))
}

/// Decodes every CRL of a PEM text, in order; at least one.
pub(crate) fn crls(text: &str) -> Result<Vec<CertificateList>, PemError> {
    decode_all(text, X509_CRL, |der| CertificateList::from_der(der))
}

fn decode_all<T>(
    text: &str,
    expected: &'static str,
    decode: impl Fn(&[u8]) -> der::Result<T>,
) -> Result<Vec<T>, PemError> {
    let blocks = blocks(text)?;
    if blocks.is_empty() {
        return Err(PemError::NoBlock { expected });
    }
    blocks
        .iter()
        .enumerate()
        .map(|(index, block)| {
            let number = index + 1;
            let (label, der) =
                der::pem::decode_vec(block.as_bytes()).map_err(|error| PemError::Encoding {
                    block: number,
                    reason: error.to_string(),
                })?;
            if label != expected {
                return Err(PemError::WrongLabel {
                    block: number,
                    expected,
                    found: label.to_string(),
                });
            }
            decode(&der).map_err(|error| PemError::Der {
                block: number,
                expected,
                reason: error.to_string(),
            })
        })
        .collect()
}

/// Splits PEM text into its blocks, each from its BEGIN line to the end of its END line.
fn blocks(text: &str) -> Result<Vec<&str>, PemError> {
    const BEGIN: &str = "-----BEGIN ";
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let block = &rest[start..];
        let label = block[BEGIN.len()..]
            .split("-----")
            .next()
            .unwrap_or_default()
            .to_string();
        let end_line = format!("-----END {label}-----");
        let Some(end) = block.find(&end_line) else {
            return Err(PemError::Unterminated {
                block: found.len() + 1,
                label,
            });
        };
        let length = end + end_line.len();
        found.push(&block[..length]);
        rest = &block[length..];
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_has_no_block() {
        assert_eq!(
            certificates("hello").expect_err("no block"),
            PemError::NoBlock {
                expected: CERTIFICATE
            }
        );
    }

    #[test]
    fn a_private_key_is_not_a_certificate() {
        let text = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(matches!(
            certificates(text),
            Err(PemError::WrongLabel { block: 1, found, .. }) if found == "PRIVATE KEY"
        ));
    }

    #[test]
    fn a_missing_end_line_is_reported() {
        let text = "-----BEGIN CERTIFICATE-----\nAAAA\n";
        assert!(matches!(
            certificates(text),
            Err(PemError::Unterminated { block: 1, .. })
        ));
    }

    #[test]
    fn bad_base64_is_reported() {
        let text = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            certificates(text),
            Err(PemError::Encoding { block: 1, .. })
        ));
    }

    #[test]
    fn garbage_der_is_reported() {
        let text = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            certificates(text),
            Err(PemError::Der { block: 1, .. })
        ));
    }
}
