//! Certificate subjects in the national CA's layout: C=KZ, SERIALNUMBER `IIN…`, CN the full name;
//! for a legal entity also O (its name) and OU `BIN…`.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519::{
    COMMON_NAME, COUNTRY_NAME, ORGANIZATION_NAME, ORGANIZATIONAL_UNIT_NAME, SERIAL_NUMBER,
};
use der::Tag;
use der::asn1::{Any, SetOfVec};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

use super::DevCaError;

/// The organisation named in every development CA certificate.
const DEV_ORGANISATION: &str = "reglament development CA";

/// The subject of a development CA: CN the given name.
pub(crate) fn ca(name: &str) -> Result<Name, DevCaError> {
    build(&[
        (COUNTRY_NAME, Tag::PrintableString, "KZ"),
        (ORGANIZATION_NAME, Tag::Utf8String, DEV_ORGANISATION),
        (COMMON_NAME, Tag::Utf8String, name),
    ])
}

/// The subject of an individual's certificate.
pub(crate) fn person(iin: &str, full_name: &str) -> Result<Name, DevCaError> {
    let serial = format!("IIN{}", twelve_digits("IIN", iin)?);
    build(&[
        (COUNTRY_NAME, Tag::PrintableString, "KZ"),
        (SERIAL_NUMBER, Tag::PrintableString, &serial),
        (COMMON_NAME, Tag::Utf8String, full_name),
    ])
}

/// The subject of a legal entity's certificate, held by the signer with `iin`.
pub(crate) fn legal_entity(
    bin: &str,
    organisation: &str,
    iin: &str,
    signer_name: &str,
) -> Result<Name, DevCaError> {
    let serial = format!("IIN{}", twelve_digits("IIN", iin)?);
    let unit = format!("BIN{}", twelve_digits("BIN", bin)?);
    build(&[
        (COUNTRY_NAME, Tag::PrintableString, "KZ"),
        (ORGANIZATION_NAME, Tag::Utf8String, organisation),
        (ORGANIZATIONAL_UNIT_NAME, Tag::Utf8String, &unit),
        (SERIAL_NUMBER, Tag::PrintableString, &serial),
        (COMMON_NAME, Tag::Utf8String, signer_name),
    ])
}

/// The value if it is exactly 12 ASCII digits (the check digit is the caller's business).
pub(crate) fn twelve_digits<'a>(what: &'static str, value: &'a str) -> Result<&'a str, DevCaError> {
    if value.len() == 12 && value.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(value)
    } else {
        Err(DevCaError::InvalidIdentifier {
            what,
            value: value.to_string(),
        })
    }
}

/// A name of single-attribute RDNs, most significant first.
fn build(attributes: &[(ObjectIdentifier, Tag, &str)]) -> Result<Name, DevCaError> {
    let failed = |error: der::Error| DevCaError::Certificate(format!("subject name: {error}"));
    let rdns = attributes
        .iter()
        .map(|(oid, tag, text)| {
            let value = Any::new(*tag, text.as_bytes()).map_err(failed)?;
            let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid: *oid, value }])
                .map_err(failed)?;
            Ok(RelativeDistinguishedName(set))
        })
        .collect::<Result<Vec<_>, DevCaError>>()?;
    Ok(RdnSequence(rdns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_subject_prints_in_rfc_4514_order() {
        let name = person("900101300123", "АСАНОВ АСАН").expect("name");
        assert_eq!(
            name.to_string(),
            "CN=АСАНОВ АСАН,SERIALNUMBER=IIN900101300123,C=KZ"
        );
    }

    #[test]
    fn legal_entity_subject_has_bin_and_organisation() {
        let name = legal_entity("120540001234", "ТОО Астык", "900101300123", "Asan").expect("name");
        assert_eq!(
            name.to_string(),
            "CN=Asan,SERIALNUMBER=IIN900101300123,OU=BIN120540001234,O=ТОО Астык,C=KZ"
        );
    }

    #[test]
    fn refuses_an_iin_that_is_not_twelve_digits() {
        assert!(matches!(
            person("12345", "X"),
            Err(DevCaError::InvalidIdentifier { what: "IIN", .. })
        ));
    }
}
