//! Test-only certificates the check must refuse as unsupported: a GOST-like public key, or a
//! GOST signature algorithm. Not for use outside tests; hidden from the docs.

use const_oid::ObjectIdentifier;
use der::asn1::BitString;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use super::credential::to_pem;
use super::{CertValidity, DevCa, DevCaError, subject};
use crate::signature::pem;

/// The Kazakh national GOST 34.310-2004 public key algorithm.
pub const GOST_34_310_2004_KEY: &str = "1.2.398.3.10.1.1.1.1";
/// The Kazakh national GOST 34.311-95 with GOST 34.310-2004 signature algorithm.
pub const GOST_34_310_2004_SIGNATURE: &str = "1.2.398.3.10.1.1.1.2";

impl DevCa {
    /// A person's certificate, signed by this CA, whose public key claims the algorithm
    /// `key_algorithm_oid` (e.g. [`GOST_34_310_2004_KEY`]) over 64 arbitrary bytes. There is no
    /// private key: it only serves to test that such certificates are refused.
    #[doc(hidden)]
    pub fn issue_with_foreign_key_algorithm(
        &self,
        iin: &str,
        full_name: &str,
        key_algorithm_oid: &str,
        validity: CertValidity,
    ) -> Result<String, DevCaError> {
        let oid = parse_oid(key_algorithm_oid)?;
        let mut key_bytes = [0u8; 64];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key_bytes);
        let subject_key = SubjectPublicKeyInfoOwned {
            algorithm: AlgorithmIdentifierOwned {
                oid,
                parameters: None,
            },
            subject_public_key: BitString::from_bytes(&key_bytes)
                .map_err(|error| DevCaError::Certificate(error.to_string()))?,
        };
        let certificate = self.key.certify(
            self.leaf_profile(),
            super::random_serial()?,
            validity.to_x509()?,
            subject::person(iin, full_name)?,
            subject_key,
        )?;
        to_pem(&certificate)
    }
}

/// The certificate of `certificate_pem` (the first one) with both its signature algorithm fields
/// replaced by `signature_algorithm_oid` (e.g. [`GOST_34_310_2004_SIGNATURE`]); its signature no
/// longer verifies, which the algorithm check must not even get to.
#[doc(hidden)]
pub fn replace_signature_algorithm(
    certificate_pem: &str,
    signature_algorithm_oid: &str,
) -> Result<String, DevCaError> {
    let oid = parse_oid(signature_algorithm_oid)?;
    let mut certificates = pem::certificates(certificate_pem).map_err(DevCaError::Pem)?;
    let certificate = certificates
        .first_mut()
        .ok_or(DevCaError::Pem(pem::PemError::NoBlock {
            expected: pem::CERTIFICATE,
        }))?;
    let algorithm = AlgorithmIdentifierOwned {
        oid,
        parameters: None,
    };
    certificate.tbs_certificate.signature = algorithm.clone();
    certificate.signature_algorithm = algorithm;
    to_pem(certificate)
}

fn parse_oid(text: &str) -> Result<ObjectIdentifier, DevCaError> {
    ObjectIdentifier::new(text)
        .map_err(|error| DevCaError::Certificate(format!("OID \"{text}\": {error}")))
}
