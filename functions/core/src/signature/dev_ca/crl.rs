//! The development CA's certificate revocation list (X.509 v2 CRL, PEM `X509 CRL`).

use chrono::{DateTime, Utc};
use der::Encode;
use der::pem::LineEnding;
use x509_cert::Version;
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::serial_number::SerialNumber;

use super::keys::{self, KeyPair};
use super::{DevCa, DevCaError};
use crate::signature::{pem, time};

impl DevCa {
    /// A CRL signed by this CA listing `revoked` (serial as upper- or lower-case hex, as
    /// [`super::Credential::serial`] gives it, and the revocation time), valid from `this_update`
    /// until `next_update`.
    pub fn crl(
        &self,
        revoked: &[(&str, DateTime<Utc>)],
        this_update: DateTime<Utc>,
        next_update: DateTime<Utc>,
    ) -> Result<String, DevCaError> {
        let entries = revoked
            .iter()
            .map(|(serial, at)| {
                Ok(RevokedCert {
                    serial_number: serial_number(serial)?,
                    revocation_date: x509_time(*at)?,
                    crl_entry_extensions: None,
                })
            })
            .collect::<Result<Vec<_>, DevCaError>>()?;
        let tbs = TbsCertList {
            version: Version::V2,
            signature: self.key.signature_algorithm()?,
            issuer: self.certificate.tbs_certificate.subject.clone(),
            this_update: x509_time(this_update)?,
            next_update: Some(x509_time(next_update)?),
            revoked_certificates: (!entries.is_empty()).then_some(entries),
            crl_extensions: None,
        };
        encode(signed(&self.key, tbs)?)
    }
}

fn signed(key: &KeyPair, tbs: TbsCertList) -> Result<CertificateList, DevCaError> {
    let der = tbs
        .to_der()
        .map_err(|error| DevCaError::Certificate(error.to_string()))?;
    let signature = keys::bit_string(&key.sign(&der))?;
    Ok(CertificateList {
        signature_algorithm: tbs.signature.clone(),
        tbs_cert_list: tbs,
        signature,
    })
}

fn encode(crl: CertificateList) -> Result<String, DevCaError> {
    let der = crl
        .to_der()
        .map_err(|error| DevCaError::Certificate(error.to_string()))?;
    der::pem::encode_string(pem::X509_CRL, LineEnding::LF, &der)
        .map_err(|error| DevCaError::Certificate(error.to_string()))
}

/// A serial number from hex; it must be positive and at most 20 bytes.
pub(crate) fn serial_number(text: &str) -> Result<SerialNumber, DevCaError> {
    let invalid = || DevCaError::InvalidSerial(text.to_string());
    let digits = text.trim().trim_start_matches("0x").replace(':', "");
    let padded = if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits
    };
    let bytes = hex::decode(padded).map_err(|_| invalid())?;
    SerialNumber::new(&bytes).map_err(|_| invalid())
}

fn x509_time(at: DateTime<Utc>) -> Result<x509_cert::time::Time, DevCaError> {
    time::to_x509(at).map_err(|error| DevCaError::Time(format!("{}: {error}", time::display(&at))))
}
