//! Who a certificate names, in the national CA's layout (DECISIONS item 14): the subject's
//! SERIALNUMBER (2.5.4.5) holds `IIN` + 12 digits; a legal entity's certificate also has an OU
//! holding `BIN` + 12 digits.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519::{COMMON_NAME, ORGANIZATIONAL_UNIT_NAME, SERIAL_NUMBER};
use der::asn1::Any;
use der::{Tag, Tagged};
use x509_cert::name::Name;

/// The applicant identity a certificate carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CertIdentity {
    /// The holder's IIN, 12 digits.
    pub iin: String,
    /// The legal entity's BIN, 12 digits, on a legal entity's certificate.
    pub bin: Option<String>,
    /// The subject's common name (the holder's full name), empty when absent.
    pub common_name: String,
}

impl CertIdentity {
    /// The identifier that must equal the request's: the BIN of a legal entity's certificate,
    /// else the IIN.
    pub(crate) fn applicant_id(&self) -> &str {
        self.bin.as_deref().unwrap_or(&self.iin)
    }

    /// The identifier with its kind, for messages: `BIN 123456789012` or `IIN …`.
    pub(crate) fn describe(&self) -> String {
        match &self.bin {
            Some(bin) => format!("BIN {bin}"),
            None => format!("IIN {}", self.iin),
        }
    }
}

/// Reads the identity from a certificate subject; the error says what is missing or malformed.
pub(crate) fn from_subject(subject: &Name) -> Result<CertIdentity, String> {
    let serials = texts(subject, SERIAL_NUMBER);
    let iin = match serials.iter().find(|value| value.starts_with("IIN")) {
        Some(value) => prefixed_digits(value, "IIN")
            .ok_or_else(|| format!("SERIALNUMBER \"{value}\" is not IIN followed by 12 digits"))?,
        None if serials.is_empty() => {
            return Err("the subject has no SERIALNUMBER with the holder's IIN".into());
        }
        None => {
            return Err(format!(
                "the subject's SERIALNUMBER \"{}\" does not hold an IIN",
                serials.join("\", \"")
            ));
        }
    };
    let bin = match texts(subject, ORGANIZATIONAL_UNIT_NAME)
        .iter()
        .find(|value| value.starts_with("BIN"))
    {
        Some(value) => Some(
            prefixed_digits(value, "BIN")
                .ok_or_else(|| format!("OU \"{value}\" is not BIN followed by 12 digits"))?,
        ),
        None => None,
    };
    let common_name = texts(subject, COMMON_NAME)
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok(CertIdentity {
        iin,
        bin,
        common_name,
    })
}

/// The 12 digits after `prefix`, if the value is exactly that.
fn prefixed_digits(value: &str, prefix: &str) -> Option<String> {
    let digits = value.strip_prefix(prefix)?;
    (digits.len() == 12 && digits.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| digits.to_string())
}

/// Every value of an attribute type in a name, as text, in order.
fn texts(name: &Name, oid: ObjectIdentifier) -> Vec<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter(|attribute| attribute.oid == oid)
        .filter_map(|attribute| text(&attribute.value))
        .collect()
}

/// A directory string as text: UTF8String, PrintableString, IA5String, VisibleString,
/// TeletexString (read as Latin-1) or BMPString.
fn text(value: &Any) -> Option<String> {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            String::from_utf8(bytes.to_vec()).ok()
        }
        Tag::TeletexString => Some(bytes.iter().map(|byte| char::from(*byte)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn name(text: &str) -> Name {
        Name::from_str(text).expect("name")
    }

    #[test]
    fn reads_a_person() {
        let identity = from_subject(&name("CN=АСАНОВ АСАН,SERIALNUMBER=IIN900101300123,C=KZ"))
            .expect("identity");
        assert_eq!(identity.iin, "900101300123");
        assert_eq!(identity.bin, None);
        assert_eq!(identity.common_name, "АСАНОВ АСАН");
        assert_eq!(identity.applicant_id(), "900101300123");
    }

    #[test]
    fn reads_a_legal_entity() {
        let identity = from_subject(&name(
            "CN=Asan,SERIALNUMBER=IIN900101300123,O=Astyq,OU=BIN120540001234",
        ))
        .expect("identity");
        assert_eq!(identity.bin.as_deref(), Some("120540001234"));
        assert_eq!(identity.applicant_id(), "120540001234");
        assert_eq!(identity.describe(), "BIN 120540001234");
    }

    #[test]
    fn refuses_a_missing_or_malformed_iin() {
        assert!(
            from_subject(&name("CN=Asan"))
                .expect_err("no iin")
                .contains("no SERIALNUMBER")
        );
        assert!(
            from_subject(&name("CN=Asan,SERIALNUMBER=IIN90010130012"))
                .expect_err("11 digits")
                .contains("12 digits")
        );
        assert!(
            from_subject(&name("CN=Asan,SERIALNUMBER=12345"))
                .expect_err("no prefix")
                .contains("does not hold an IIN")
        );
    }

    #[test]
    fn refuses_a_malformed_bin() {
        let error = from_subject(&name("CN=Asan,SERIALNUMBER=IIN900101300123,OU=BIN12"))
            .expect_err("bad bin");
        assert!(error.contains("OU \"BIN12\""), "{error}");
    }
}
