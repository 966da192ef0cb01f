//! The bytes the applicant signs: the RFC 8785 (JCS) canonical JSON of the request's fields.

use serde::{Deserialize, Serialize};

/// The fields of an application that the applicant's signature covers.
///
/// The applicant's software and the host both build this object from the request and sign or
/// verify its canonical JSON ([`canonical_request`]), so the key order, whitespace and number
/// formatting of the submitted JSON never matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedFields {
    /// The regional rule component, e.g. `akmola`.
    pub region: String,
    /// The service the applicant asks for, as the component names it.
    pub service: String,
    /// The request kind, e.g. `issue`, `re-issue`, `duplicate`.
    pub kind: String,
    /// The applicant's IIN or BIN.
    pub applicant: String,
    /// The category of the object (emission permits, expertise), if the service has one.
    pub category: Option<String>,
    /// The filled request form, a JSON object.
    pub form: serde_json::Value,
    /// The attached documents, by name or digest.
    pub documents: Vec<String>,
}

/// The canonical bytes of a request: RFC 8785 JSON of
/// `{region, service, kind, applicant, category, form, documents}`, keys sorted, no whitespace,
/// numbers in their shortest ECMAScript form, `category` `null` when absent.
pub fn canonical_request(req: &SignedFields) -> Vec<u8> {
    match serde_json_canonicalizer::to_vec(req) {
        Ok(bytes) => bytes,
        // Serialising strings, vectors and a `serde_json::Value` cannot fail: a `Value` holds no
        // non-string map keys and no non-finite numbers.
        Err(error) => unreachable!("canonical JSON of SignedFields failed: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(form: serde_json::Value) -> SignedFields {
        SignedFields {
            region: "akmola".into(),
            service: "pesticide-sale".into(),
            kind: "issue".into(),
            applicant: "900101300123".into(),
            category: None,
            form,
            documents: vec!["charter.pdf".into(), "b.pdf".into()],
        }
    }

    #[test]
    fn keys_are_sorted_and_whitespace_dropped() {
        let bytes = canonical_request(&fields(json!({"z": 1, "a": {"y": true, "b": null}})));
        assert_eq!(
            String::from_utf8(bytes).expect("utf-8"),
            r#"{"applicant":"900101300123","category":null,"documents":["charter.pdf","b.pdf"],"form":{"a":{"b":null,"y":true},"z":1},"kind":"issue","region":"akmola","service":"pesticide-sale"}"#
        );
    }

    #[test]
    fn differently_ordered_forms_give_identical_bytes() {
        let one: serde_json::Value =
            serde_json::from_str(r#"{"area": 12.50, "name": "Склад", "rooms": [1, 2]}"#)
                .expect("json");
        let two: serde_json::Value =
            serde_json::from_str(r#"{ "rooms":[1,2],"name":"Склад","area":1.25e1 }"#)
                .expect("json");
        assert_eq!(
            canonical_request(&fields(one)),
            canonical_request(&fields(two))
        );
    }

    #[test]
    fn numbers_follow_rfc_8785() {
        let form: serde_json::Value = serde_json::from_str(
            r#"{"a": 1.0, "b": 1e21, "c": 0.000001, "d": 1e-7, "e": -0.0, "f": 100}"#,
        )
        .expect("json");
        let bytes = canonical_request(&fields(form));
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(
            text.contains(r#""form":{"a":1,"b":1e+21,"c":0.000001,"d":1e-7,"e":0,"f":100}"#),
            "{text}"
        );
    }

    #[test]
    fn category_is_part_of_the_signed_bytes() {
        let mut with = fields(json!({}));
        with.category = Some("II".into());
        assert_ne!(
            canonical_request(&with),
            canonical_request(&fields(json!({})))
        );
        assert!(
            String::from_utf8(canonical_request(&with))
                .expect("utf-8")
                .contains(r#""category":"II""#)
        );
    }
}
