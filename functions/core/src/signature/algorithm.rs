//! Which key and signature algorithms the check accepts, and the names of those it refuses.
//!
//! Accepted: RSA keys and ECDSA keys on P-256; certificate and CRL signatures RSA PKCS#1 v1.5 with
//! SHA-256/384/512 and ECDSA with SHA-256. Everything else, the GOST family above all (the
//! national CA of Kazakhstan issues GOST 34.310-2004 and GOST R 34.10-2015 certificates besides
//! RSA ones), is refused as unsupported (DECISIONS item 14).

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP_256_R_1,
    SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

/// The GOST algorithms by OID: the Kazakh national ones (arc 1.2.398.3.10), the Russian ones
/// (arc 1.2.643) and the legacy Tumar CSP one.
const GOST_NAMES: &[(&str, &str)] = &[
    (
        "1.2.398.3.10.1.1.1.1",
        "GOST 34.310-2004 public key (Kazakhstan)",
    ),
    (
        "1.2.398.3.10.1.1.1.2",
        "GOST 34.311-95 with GOST 34.310-2004 signature (Kazakhstan)",
    ),
    (
        "1.2.398.3.10.1.1.2.1",
        "GOST R 34.10-2015 256-bit public key (Kazakhstan)",
    ),
    (
        "1.2.398.3.10.1.1.2.2",
        "GOST R 34.10-2015 512-bit public key (Kazakhstan)",
    ),
    (
        "1.2.398.3.10.1.1.2.3.1",
        "GOST R 34.10-2015 with GOST R 34.11-2015 256-bit signature (Kazakhstan)",
    ),
    (
        "1.2.398.3.10.1.1.2.3.2",
        "GOST R 34.10-2015 with GOST R 34.11-2015 512-bit signature (Kazakhstan)",
    ),
    (
        "1.3.6.1.4.1.6801.1.2.2",
        "GOST 34.311-95 with GOST 34.310-2004 signature (Tumar CSP)",
    ),
    ("1.2.643.2.2.19", "GOST R 34.10-2001 public key"),
    ("1.2.643.2.2.20", "GOST R 34.10-94 public key"),
    (
        "1.2.643.2.2.3",
        "GOST R 34.11-94 with GOST R 34.10-2001 signature",
    ),
    (
        "1.2.643.2.2.4",
        "GOST R 34.11-94 with GOST R 34.10-94 signature",
    ),
    ("1.2.643.7.1.1.1.1", "GOST R 34.10-2012 256-bit public key"),
    ("1.2.643.7.1.1.1.2", "GOST R 34.10-2012 512-bit public key"),
    (
        "1.2.643.7.1.1.3.2",
        "GOST R 34.10-2012 with GOST R 34.11-2012 256-bit signature",
    ),
    (
        "1.2.643.7.1.1.3.3",
        "GOST R 34.10-2012 with GOST R 34.11-2012 512-bit signature",
    ),
];

/// A key algorithm the check accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa,
    EcdsaP256,
}

/// A certificate or CRL signature algorithm the check accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignatureKind {
    RsaSha256,
    RsaSha384,
    RsaSha512,
    EcdsaSha256,
}

/// An algorithm the check refuses, by OID and human name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported {
    pub oid: String,
    pub name: String,
}

impl Unsupported {
    fn of(oid: &ObjectIdentifier) -> Self {
        Unsupported {
            oid: oid.to_string(),
            name: algorithm_name(oid),
        }
    }
}

/// The key algorithm of a subject public key, if the check accepts it.
pub(crate) fn key_kind(spki: &SubjectPublicKeyInfoOwned) -> Result<KeyKind, Unsupported> {
    let oid = spki.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        return Ok(KeyKind::Rsa);
    }
    if oid != ID_EC_PUBLIC_KEY {
        return Err(Unsupported::of(&oid));
    }
    match ec_curve(&spki.algorithm) {
        Some(curve) if curve == SECP_256_R_1 => Ok(KeyKind::EcdsaP256),
        Some(curve) => Err(Unsupported {
            oid: curve.to_string(),
            name: format!("elliptic curve {}", algorithm_name(&curve)),
        }),
        None => Err(Unsupported {
            oid: oid.to_string(),
            name: "elliptic-curve public key without a named curve".into(),
        }),
    }
}

/// The signature algorithm of a certificate or CRL, if the check accepts it.
pub(crate) fn signature_kind(alg: &AlgorithmIdentifierOwned) -> Result<SignatureKind, Unsupported> {
    match alg.oid {
        oid if oid == SHA_256_WITH_RSA_ENCRYPTION => Ok(SignatureKind::RsaSha256),
        oid if oid == SHA_384_WITH_RSA_ENCRYPTION => Ok(SignatureKind::RsaSha384),
        oid if oid == SHA_512_WITH_RSA_ENCRYPTION => Ok(SignatureKind::RsaSha512),
        oid if oid == ECDSA_WITH_SHA_256 => Ok(SignatureKind::EcdsaSha256),
        oid => Err(Unsupported::of(&oid)),
    }
}

/// The named curve of an `id-ecPublicKey` algorithm identifier.
fn ec_curve(alg: &AlgorithmIdentifierOwned) -> Option<ObjectIdentifier> {
    alg.parameters
        .as_ref()?
        .decode_as::<ObjectIdentifier>()
        .ok()
}

/// A human name for an algorithm OID: the GOST table, then the OID database, then the arc.
pub(crate) fn algorithm_name(oid: &ObjectIdentifier) -> String {
    let dotted = oid.to_string();
    if let Some((_, name)) = GOST_NAMES.iter().find(|(known, _)| *known == dotted) {
        return (*name).to_string();
    }
    if dotted.starts_with("1.2.398.3.10.") {
        return "GOST (Kazakh national algorithm)".into();
    }
    if dotted.starts_with("1.2.643.") {
        return "GOST (Russian national algorithm)".into();
    }
    match const_oid::db::DB.by_oid(oid) {
        Some(name) => name.to_string(),
        None => "unknown algorithm".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(text: &str) -> ObjectIdentifier {
        ObjectIdentifier::new(text).expect("oid")
    }

    #[test]
    fn kazakh_gost_oids_are_named() {
        assert_eq!(
            algorithm_name(&oid("1.2.398.3.10.1.1.1.1")),
            "GOST 34.310-2004 public key (Kazakhstan)"
        );
        assert!(algorithm_name(&oid("1.2.398.3.10.1.1.1.2")).contains("GOST 34.311-95"));
        assert_eq!(
            algorithm_name(&oid("1.2.398.3.10.1.9")),
            "GOST (Kazakh national algorithm)"
        );
    }

    #[test]
    fn russian_gost_oids_are_named() {
        assert_eq!(
            algorithm_name(&oid("1.2.643.2.2.19")),
            "GOST R 34.10-2001 public key"
        );
        assert!(algorithm_name(&oid("1.2.643.7.1.1.3.2")).contains("GOST R 34.10-2012"));
        assert_eq!(
            algorithm_name(&oid("1.2.643.100.1")),
            "GOST (Russian national algorithm)"
        );
    }

    #[test]
    fn gost_signature_algorithm_is_unsupported() {
        let alg = AlgorithmIdentifierOwned {
            oid: oid("1.2.398.3.10.1.1.1.2"),
            parameters: None,
        };
        let refused = signature_kind(&alg).expect_err("GOST refused");
        assert_eq!(refused.oid, "1.2.398.3.10.1.1.1.2");
    }

    #[test]
    fn other_algorithms_use_the_oid_database() {
        assert_eq!(algorithm_name(&oid("1.3.101.112")), "id-Ed25519");
    }
}
