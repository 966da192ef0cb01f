//! The EDS check end to end, with certificates from the development CA. Keys are generated once
//! per test binary (RSA generation is slow in debug builds).

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;

use super::dev_ca::testing::{self, GOST_34_310_2004_KEY, GOST_34_310_2004_SIGNATURE};
use super::dev_ca::{CertValidity, Credential, DevCa, DevCaError, KeyAlgorithm};
use super::*;

const IIN: &str = "900101300123";
const OTHER_IIN: &str = "850512400456";
const BIN: &str = "120540001234";

fn utc(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 0, 0, 0)
        .single()
        .expect("valid date")
}

/// When the tests sign: inside every default validity period.
fn signing_time() -> DateTime<Utc> {
    utc(2013, 3, 1)
}

fn ca_validity() -> CertValidity {
    CertValidity::new(utc(2000, 1, 1), utc(2049, 12, 31))
}

fn person_validity() -> CertValidity {
    CertValidity::new(utc(2012, 1, 1), utc(2014, 1, 1))
}

fn p256_root() -> &'static DevCa {
    static CA: OnceLock<DevCa> = OnceLock::new();
    CA.get_or_init(|| {
        DevCa::generate(
            "reglament test root",
            KeyAlgorithm::EcdsaP256,
            ca_validity(),
        )
        .expect("CA")
    })
}

fn rsa_root() -> &'static DevCa {
    static CA: OnceLock<DevCa> = OnceLock::new();
    CA.get_or_init(|| {
        DevCa::generate(
            "reglament test RSA root",
            KeyAlgorithm::Rsa2048,
            ca_validity(),
        )
        .expect("CA")
    })
}

/// An ordinary P-256 person credential under the P-256 root.
fn person() -> &'static Credential {
    static PERSON: OnceLock<Credential> = OnceLock::new();
    PERSON.get_or_init(|| {
        p256_root()
            .issue_person(
                IIN,
                "АСАНОВ АСАН",
                person_validity(),
                KeyAlgorithm::EcdsaP256,
            )
            .expect("person")
    })
}

fn trust(ca: &DevCa) -> TrustStore {
    TrustStore::from_pem(ca.certificate_pem(), &[]).expect("trust store")
}

fn fields() -> SignedFields {
    SignedFields {
        region: "akmola".into(),
        service: "pesticide-sale".into(),
        kind: "issue".into(),
        applicant: IIN.into(),
        category: None,
        form: json!({"address": "Кокшетау, ул. Абая 1", "area": 12.5, "warehouses": [1, 2]}),
        documents: vec!["charter.pdf".into()],
    }
}

fn payload() -> Vec<u8> {
    canonical_request(&fields())
}

fn check(
    trust: &TrustStore,
    signed: &SignedRequest,
    expected_id: &str,
) -> Result<Signer, SignatureFailure> {
    verify(trust, signed, &payload(), expected_id, signing_time())
}

fn failure(result: Result<Signer, SignatureFailure>) -> SignatureFailure {
    match result {
        Ok(signer) => panic!("expected a refusal, the check passed for {signer:?}"),
        Err(failure) => failure,
    }
}

// --- passes -----------------------------------------------------------------------------------

#[test]
fn valid_p256_signature_passes() {
    let signer = check(
        &trust(p256_root()),
        &person().signed_request(&payload()),
        IIN,
    )
    .expect("valid");
    assert_eq!(
        signer,
        Signer {
            iin: IIN.into(),
            bin: None,
            common_name: "АСАНОВ АСАН".into(),
            serial: person().serial().into(),
            issuer: p256_root().subject(),
            not_after: utc(2014, 1, 1),
        }
    );
}

#[test]
fn valid_rsa_signature_passes() {
    let ca = rsa_root();
    let credential = ca
        .issue_person(IIN, "Asanov Asan", person_validity(), KeyAlgorithm::Rsa2048)
        .expect("person");
    let signer = check(&trust(ca), &credential.signed_request(&payload()), IIN).expect("valid");
    assert_eq!(signer.iin, IIN);
    assert_eq!(
        signer.issuer,
        "CN=reglament test RSA root,O=reglament development CA,C=KZ"
    );
}

#[test]
fn p256_signer_under_rsa_root_passes() {
    let ca = rsa_root();
    let credential = ca
        .issue_person(
            IIN,
            "Asanov Asan",
            person_validity(),
            KeyAlgorithm::EcdsaP256,
        )
        .expect("person");
    check(&trust(ca), &credential.signed_request(&payload()), IIN).expect("valid");
}

#[test]
fn fixed_size_ecdsa_signature_passes() {
    let der = STANDARD.decode(person().sign(&payload())).expect("base64");
    let fixed = p256::ecdsa::Signature::from_der(&der)
        .expect("DER signature")
        .to_bytes();
    assert_eq!(fixed.len(), 64);
    let signed = SignedRequest {
        certificate: person().certificate_pem().into(),
        signature: STANDARD.encode(fixed),
    };
    check(&trust(p256_root()), &signed, IIN).expect("fixed-size signature accepted");
}

#[test]
fn the_signature_covers_the_canonical_form_not_its_key_order() {
    let signed = person().signed_request(&payload());
    let mut reordered = fields();
    reordered.form = serde_json::from_str(
        r#"{"warehouses":[1,2],"area":1.25e1,"address":"Кокшетау, ул. Абая 1"}"#,
    )
    .expect("json");
    verify(
        &trust(p256_root()),
        &signed,
        &canonical_request(&reordered),
        IIN,
        signing_time(),
    )
    .expect("same bytes");
}

#[test]
fn a_signature_with_line_breaks_passes() {
    let mut signed = person().signed_request(&payload());
    signed.signature = signed
        .signature
        .as_bytes()
        .chunks(16)
        .map(|chunk| String::from_utf8_lossy(chunk) + "\n")
        .collect();
    check(&trust(p256_root()), &signed, IIN).expect("whitespace ignored");
}

// --- validity ---------------------------------------------------------------------------------

#[test]
fn expired_certificate_is_refused() {
    let validity = CertValidity::new(utc(2010, 1, 1), utc(2012, 1, 1));
    let credential = p256_root()
        .issue_person(IIN, "Asan", validity, KeyAlgorithm::EcdsaP256)
        .expect("person");
    let refused = failure(check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    ));
    assert_eq!(
        refused,
        SignatureFailure::Expired {
            certificate: format!("CN=Asan,SERIALNUMBER=IIN{IIN},C=KZ"),
            not_after: utc(2012, 1, 1)
        }
    );
    assert_eq!(refused.reason_code(), "expired");
    assert!(
        refused
            .to_string()
            .contains("expired on 2012-01-01T00:00:00Z; sign with a valid certificate"),
        "{refused}"
    );
}

#[test]
fn not_yet_valid_certificate_is_refused() {
    let validity = CertValidity::new(utc(2013, 6, 1), utc(2015, 6, 1));
    let credential = p256_root()
        .issue_person(IIN, "Asan", validity, KeyAlgorithm::EcdsaP256)
        .expect("person");
    let refused = failure(check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    ));
    assert!(
        matches!(&refused, SignatureFailure::NotYetValid { not_before, .. } if *not_before == utc(2013, 6, 1)),
        "{refused:?}"
    );
    assert_eq!(refused.reason_code(), "not-yet-valid");
}

#[test]
fn the_validity_bounds_are_included() {
    let signed = person().signed_request(&payload());
    for at in [utc(2012, 1, 1), utc(2014, 1, 1)] {
        verify(&trust(p256_root()), &signed, &payload(), IIN, at).expect("bound included");
    }
}

#[test]
fn an_expired_intermediate_ca_is_refused() {
    let sub = p256_root()
        .issue_sub_ca(
            "short-lived sub CA",
            KeyAlgorithm::EcdsaP256,
            CertValidity::new(utc(2010, 1, 1), utc(2012, 6, 1)),
        )
        .expect("sub CA");
    let credential = sub
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    let refused = failure(check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    ));
    assert_eq!(
        refused,
        SignatureFailure::Expired {
            certificate: sub.subject(),
            not_after: utc(2012, 6, 1)
        },
        "the intermediate, not the signer's certificate, expired"
    );
}

// --- revocation -------------------------------------------------------------------------------

#[test]
fn revoked_certificate_is_refused() {
    let ca = p256_root();
    let crl = ca
        .crl(
            &[(person().serial(), utc(2012, 6, 1))],
            utc(2013, 1, 1),
            utc(2013, 12, 1),
        )
        .expect("CRL");
    let trust = TrustStore::from_pem(ca.certificate_pem(), &[&crl]).expect("trust");
    let refused = failure(check(&trust, &person().signed_request(&payload()), IIN));
    assert_eq!(
        refused,
        SignatureFailure::Revoked {
            certificate: format!("CN=АСАНОВ АСАН,SERIALNUMBER=IIN{IIN},C=KZ"),
            serial: person().serial().into(),
            revoked_at: utc(2012, 6, 1),
        }
    );
    assert_eq!(refused.reason_code(), "revoked");
}

#[test]
fn a_crl_listing_other_serials_lets_the_signer_pass() {
    let ca = p256_root();
    let crl = ca
        .crl(
            &[("0A1B2C", utc(2012, 6, 1))],
            utc(2013, 1, 1),
            utc(2013, 12, 1),
        )
        .expect("CRL");
    let trust = TrustStore::from_pem(ca.certificate_pem(), &[&crl]).expect("trust");
    check(&trust, &person().signed_request(&payload()), IIN).expect("not revoked");
}

#[test]
fn a_revocation_after_the_signing_time_does_not_refuse() {
    let ca = p256_root();
    let crl = ca
        .crl(
            &[(person().serial(), utc(2013, 6, 1))],
            utc(2013, 6, 1),
            utc(2013, 12, 1),
        )
        .expect("CRL");
    let trust = TrustStore::from_pem(ca.certificate_pem(), &[&crl]).expect("trust");
    check(&trust, &person().signed_request(&payload()), IIN).expect("signed before the revocation");
}

#[test]
fn a_crl_of_an_unknown_ca_is_rejected_at_load() {
    let foreign =
        DevCa::generate("foreign root", KeyAlgorithm::EcdsaP256, ca_validity()).expect("CA");
    let crl = foreign
        .crl(
            &[(person().serial(), utc(2012, 6, 1))],
            utc(2013, 1, 1),
            utc(2013, 12, 1),
        )
        .expect("CRL");
    let error =
        TrustStore::from_pem(p256_root().certificate_pem(), &[&crl]).expect_err("unknown issuer");
    assert!(
        matches!(error, TrustStoreError::CrlIssuerUnknown { .. }),
        "{error:?}"
    );
}

#[test]
fn a_forged_crl_is_rejected_at_load() {
    // Same name as the trusted root, different key: the CRL claims the root issued it.
    let forger = DevCa::generate(
        "reglament test root",
        KeyAlgorithm::EcdsaP256,
        ca_validity(),
    )
    .expect("CA");
    let crl = forger
        .crl(
            &[(person().serial(), utc(2012, 6, 1))],
            utc(2013, 1, 1),
            utc(2013, 12, 1),
        )
        .expect("CRL");
    let error = TrustStore::from_pem(p256_root().certificate_pem(), &[&crl]).expect_err("forged");
    assert!(
        matches!(error, TrustStoreError::CrlSignatureInvalid { .. }),
        "{error:?}"
    );
}

#[test]
fn a_corrupted_crl_is_rejected_at_load() {
    let ca = p256_root();
    let crl = ca
        .crl(
            &[(person().serial(), utc(2012, 6, 1))],
            utc(2013, 1, 1),
            utc(2013, 12, 1),
        )
        .expect("CRL");
    let (_, mut der) = der::pem::decode_vec(crl.as_bytes()).expect("PEM");
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let mut store = trust(ca);
    let error = store.add_crl_der(&der).expect_err("corrupted");
    assert!(
        matches!(error, TrustStoreError::CrlSignatureInvalid { .. }),
        "{error:?}"
    );
    assert_eq!(store.crl_count(), 0);
}

// --- chain ------------------------------------------------------------------------------------

#[test]
fn a_foreign_root_is_untrusted() {
    let foreign =
        DevCa::generate("foreign root", KeyAlgorithm::EcdsaP256, ca_validity()).expect("CA");
    let credential = foreign
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    let refused = failure(check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    ));
    assert!(
        matches!(&refused, SignatureFailure::UntrustedChain { reason, .. } if reason.contains("foreign root")),
        "{refused:?}"
    );
    assert_eq!(refused.reason_code(), "untrusted");
}

#[test]
fn a_root_impersonating_the_trusted_name_is_untrusted() {
    let impostor = DevCa::generate(
        "reglament test root",
        KeyAlgorithm::EcdsaP256,
        ca_validity(),
    )
    .expect("CA");
    let credential = impostor
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    let refused = failure(check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    ));
    assert!(
        matches!(&refused, SignatureFailure::UntrustedChain { reason, .. } if reason.contains("did not sign it")),
        "{refused:?}"
    );
}

#[test]
fn an_empty_trust_store_trusts_nothing() {
    let refused = failure(check(
        &TrustStore::new(),
        &person().signed_request(&payload()),
        IIN,
    ));
    assert!(
        matches!(refused, SignatureFailure::UntrustedChain { .. }),
        "{refused:?}"
    );
}

#[test]
fn an_intermediate_ca_sent_with_the_request_completes_the_chain() {
    let sub = p256_root()
        .issue_sub_ca(
            "reglament test sub CA",
            KeyAlgorithm::EcdsaP256,
            ca_validity(),
        )
        .expect("sub");
    let credential = sub
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    assert_eq!(credential.chain_pem(), sub.certificate_pem());
    let signer = check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    )
    .expect("valid");
    assert_eq!(signer.issuer, sub.subject());

    let without_chain = SignedRequest {
        certificate: credential.certificate_pem().into(),
        signature: credential.sign(&payload()),
    };
    let refused = failure(check(&trust(p256_root()), &without_chain, IIN));
    assert!(
        matches!(refused, SignatureFailure::UntrustedChain { .. }),
        "{refused:?}"
    );

    let mut store = trust(p256_root());
    store
        .add_intermediate_pem(sub.certificate_pem())
        .expect("intermediate");
    check(&store, &without_chain, IIN).expect("the store knows the intermediate");
}

#[test]
fn a_crl_of_an_intermediate_ca_revokes_its_certificates() {
    let sub = p256_root()
        .issue_sub_ca(
            "reglament test sub CA",
            KeyAlgorithm::EcdsaP256,
            ca_validity(),
        )
        .expect("sub");
    let credential = sub
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    let crl = sub
        .crl(
            &[(credential.serial(), utc(2012, 6, 1))],
            utc(2013, 1, 1),
            utc(2013, 12, 1),
        )
        .expect("CRL");

    let mut store = trust(p256_root());
    let error = store
        .add_crl_pem(&crl)
        .expect_err("the intermediate is not loaded yet");
    assert!(
        matches!(error, TrustStoreError::CrlIssuerUnknown { .. }),
        "{error:?}"
    );

    store
        .add_intermediate_pem(sub.certificate_pem())
        .expect("intermediate");
    store
        .add_crl_pem(&crl)
        .expect("CRL of a loaded intermediate");
    let refused = failure(check(&store, &credential.signed_request(&payload()), IIN));
    assert!(
        matches!(refused, SignatureFailure::Revoked { ref serial, .. } if serial == credential.serial()),
        "{refused:?}"
    );
}

#[test]
fn an_intermediate_of_a_foreign_root_is_not_loaded() {
    let foreign =
        DevCa::generate("foreign root", KeyAlgorithm::EcdsaP256, ca_validity()).expect("CA");
    let sub = foreign
        .issue_sub_ca("foreign sub CA", KeyAlgorithm::EcdsaP256, ca_validity())
        .expect("sub");
    let error = trust(p256_root())
        .add_intermediate_pem(sub.certificate_pem())
        .expect_err("foreign");
    assert!(
        matches!(error, TrustStoreError::IntermediateUntrusted { .. }),
        "{error:?}"
    );
}

// --- identity ---------------------------------------------------------------------------------

#[test]
fn an_iin_mismatch_is_refused() {
    let refused = failure(check(
        &trust(p256_root()),
        &person().signed_request(&payload()),
        OTHER_IIN,
    ));
    assert_eq!(
        refused,
        SignatureFailure::IdentityMismatch {
            expected: OTHER_IIN.into(),
            found: format!("IIN {IIN}")
        }
    );
    assert_eq!(refused.reason_code(), "identity-mismatch");
    assert_eq!(
        refused.to_string(),
        format!(
            "the request is filed for {OTHER_IIN} but the certificate belongs to IIN {IIN}; sign with the applicant's own certificate"
        )
    );
}

fn legal_entity() -> &'static Credential {
    static ENTITY: OnceLock<Credential> = OnceLock::new();
    ENTITY.get_or_init(|| {
        p256_root()
            .issue_legal_entity(
                BIN,
                IIN,
                "АСАНОВ АСАН",
                "ТОО «Астык»",
                person_validity(),
                KeyAlgorithm::EcdsaP256,
            )
            .expect("legal entity")
    })
}

#[test]
fn a_legal_entity_signs_for_its_bin() {
    let signer = check(
        &trust(p256_root()),
        &legal_entity().signed_request(&payload()),
        BIN,
    )
    .expect("valid");
    assert_eq!(signer.bin.as_deref(), Some(BIN));
    assert_eq!(signer.iin, IIN);
    assert_eq!(signer.common_name, "АСАНОВ АСАН");
}

#[test]
fn a_legal_entity_certificate_does_not_sign_for_another_bin() {
    let refused = failure(check(
        &trust(p256_root()),
        &legal_entity().signed_request(&payload()),
        "120540009999",
    ));
    assert_eq!(
        refused,
        SignatureFailure::IdentityMismatch {
            expected: "120540009999".into(),
            found: format!("BIN {BIN}")
        }
    );
}

#[test]
fn a_legal_entity_certificate_does_not_sign_for_its_signer_as_a_person() {
    let refused = failure(check(
        &trust(p256_root()),
        &legal_entity().signed_request(&payload()),
        IIN,
    ));
    assert_eq!(
        refused,
        SignatureFailure::IdentityMismatch {
            expected: IIN.into(),
            found: format!("BIN {BIN}")
        }
    );
}

// --- signature --------------------------------------------------------------------------------

#[test]
fn a_tampered_payload_is_refused() {
    let signed = person().signed_request(&payload());
    let mut tampered = payload();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    let refused = failure(verify(
        &trust(p256_root()),
        &signed,
        &tampered,
        IIN,
        signing_time(),
    ));
    assert!(
        matches!(refused, SignatureFailure::BadSignature { .. }),
        "{refused:?}"
    );
    assert_eq!(refused.reason_code(), "bad-signature");
}

#[test]
fn a_tampered_rsa_payload_is_refused() {
    let ca = rsa_root();
    let credential = ca
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::Rsa2048)
        .expect("person");
    let signed = credential.signed_request(&payload());
    let mut tampered = payload();
    tampered[0] ^= 0x20;
    let refused = failure(verify(&trust(ca), &signed, &tampered, IIN, signing_time()));
    assert!(
        matches!(refused, SignatureFailure::BadSignature { .. }),
        "{refused:?}"
    );
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let other = p256_root()
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    let signed = SignedRequest {
        certificate: person().certificate_pem().into(),
        signature: other.sign(&payload()),
    };
    let refused = failure(check(&trust(p256_root()), &signed, IIN));
    assert!(
        matches!(refused, SignatureFailure::BadSignature { .. }),
        "{refused:?}"
    );
}

#[test]
fn a_truncated_signature_is_refused() {
    let signed = SignedRequest {
        certificate: person().certificate_pem().into(),
        signature: STANDARD.encode([1u8; 10]),
    };
    let refused = failure(check(&trust(p256_root()), &signed, IIN));
    assert!(
        matches!(refused, SignatureFailure::BadSignature { .. }),
        "{refused:?}"
    );
}

// --- algorithms -------------------------------------------------------------------------------

#[test]
fn a_gost_key_is_unsupported() {
    let certificate = p256_root()
        .issue_with_foreign_key_algorithm(IIN, "Asan", GOST_34_310_2004_KEY, person_validity())
        .expect("GOST-like certificate");
    let signed = SignedRequest {
        certificate,
        signature: STANDARD.encode([7u8; 64]),
    };
    let refused = failure(check(&trust(p256_root()), &signed, IIN));
    assert_eq!(
        refused,
        SignatureFailure::UnsupportedAlgorithm {
            certificate: format!("CN=Asan,SERIALNUMBER=IIN{IIN},C=KZ"),
            role: AlgorithmRole::Key,
            oid: GOST_34_310_2004_KEY.into(),
            name: "GOST 34.310-2004 public key (Kazakhstan)".into(),
        }
    );
    assert_eq!(refused.reason_code(), "unsupported-algorithm");
}

#[test]
fn the_algorithm_check_comes_before_the_chain_and_identity_checks() {
    let foreign =
        DevCa::generate("foreign root", KeyAlgorithm::EcdsaP256, ca_validity()).expect("CA");
    let certificate = foreign
        .issue_with_foreign_key_algorithm(IIN, "Asan", GOST_34_310_2004_KEY, person_validity())
        .expect("GOST-like certificate");
    let signed = SignedRequest {
        certificate,
        signature: STANDARD.encode([7u8; 64]),
    };
    let refused = failure(check(&trust(p256_root()), &signed, OTHER_IIN));
    assert!(
        matches!(refused, SignatureFailure::UnsupportedAlgorithm { .. }),
        "{refused:?}"
    );
}

#[test]
fn a_russian_gost_2012_key_is_unsupported() {
    let certificate = p256_root()
        .issue_with_foreign_key_algorithm(IIN, "Asan", "1.2.643.7.1.1.1.1", person_validity())
        .expect("GOST-like certificate");
    let signed = SignedRequest {
        certificate,
        signature: STANDARD.encode([7u8; 64]),
    };
    let refused = failure(check(&trust(p256_root()), &signed, IIN));
    assert!(
        matches!(&refused, SignatureFailure::UnsupportedAlgorithm { name, .. } if name.contains("GOST R 34.10-2012")),
        "{refused:?}"
    );
}

#[test]
fn a_gost_signature_algorithm_is_unsupported() {
    let certificate = testing::replace_signature_algorithm(
        person().certificate_pem(),
        GOST_34_310_2004_SIGNATURE,
    )
    .expect("certificate");
    let signed = SignedRequest {
        certificate,
        signature: person().sign(&payload()),
    };
    let refused = failure(check(&trust(p256_root()), &signed, IIN));
    assert!(
        matches!(
            &refused,
            SignatureFailure::UnsupportedAlgorithm { role: AlgorithmRole::Signature, oid, .. }
                if oid == GOST_34_310_2004_SIGNATURE
        ),
        "{refused:?}"
    );
}

// --- malformed --------------------------------------------------------------------------------

#[test]
fn malformed_certificate_pem_is_refused() {
    for certificate in [
        "",
        "not a certificate",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ] {
        let signed = SignedRequest {
            certificate: certificate.into(),
            signature: person().sign(&payload()),
        };
        let refused = failure(check(&trust(p256_root()), &signed, IIN));
        assert!(
            matches!(refused, SignatureFailure::Malformed(_)),
            "{certificate:?}: {refused:?}"
        );
        assert_eq!(refused.reason_code(), "malformed");
    }
}

#[test]
fn a_private_key_in_place_of_the_certificate_is_refused() {
    let signed = SignedRequest {
        certificate: person().private_key_pem().into(),
        signature: person().sign(&payload()),
    };
    let refused = failure(check(&trust(p256_root()), &signed, IIN));
    assert!(
        matches!(&refused, SignatureFailure::Malformed(reason) if reason.contains("\"PRIVATE KEY\"")),
        "{refused:?}"
    );
}

#[test]
fn malformed_base64_is_refused() {
    for signature in ["", "   ", "not base64!", "QUJD="] {
        let signed = SignedRequest {
            certificate: person().certificate_pem().into(),
            signature: signature.into(),
        };
        let refused = failure(check(&trust(p256_root()), &signed, IIN));
        assert!(
            matches!(refused, SignatureFailure::Malformed(_)),
            "{signature:?}: {refused:?}"
        );
    }
}

#[test]
fn signed_request_deserialises_from_the_portal_json() {
    let text =
        json!({"certificate": person().certificate_pem(), "signature": person().sign(&payload())})
            .to_string();
    let signed: SignedRequest = serde_json::from_str(&text).expect("json");
    check(&trust(p256_root()), &signed, IIN).expect("valid");
}

// --- trust store ------------------------------------------------------------------------------

#[test]
fn trust_store_reports_bad_root_pem() {
    let error = TrustStore::from_pem("garbage", &[]).expect_err("no PEM");
    assert!(matches!(
        error,
        TrustStoreError::Pem {
            what: "trusted root",
            source: PemError::NoBlock { .. }
        }
    ));
    assert_eq!(
        error.to_string(),
        "trusted root: no PEM block found (expected \"-----BEGIN CERTIFICATE-----\")"
    );

    let error = TrustStore::from_pem(person().private_key_pem(), &[]).expect_err("a key");
    assert!(
        matches!(
            error,
            TrustStoreError::Pem {
                source: PemError::WrongLabel { .. },
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn trust_store_refuses_a_leaf_as_root() {
    let error = TrustStore::from_pem(person().certificate_pem(), &[]).expect_err("not a CA");
    assert!(
        matches!(error, TrustStoreError::RootNotCa { .. }),
        "{error:?}"
    );
}

#[test]
fn trust_store_reports_bad_crl_pem() {
    let error = TrustStore::from_pem(
        p256_root().certificate_pem(),
        &["-----BEGIN X509 CRL-----\n"],
    )
    .expect_err("bad");
    assert!(
        matches!(
            error,
            TrustStoreError::Pem {
                what: "CRL",
                source: PemError::Unterminated { .. }
            }
        ),
        "{error:?}"
    );
    let error = trust(p256_root())
        .add_crl_der(b"\x30\x03\x02\x01\x01")
        .expect_err("bad DER");
    assert!(matches!(error, TrustStoreError::CrlDer(_)), "{error:?}");
}

#[test]
fn trust_store_takes_several_roots_in_one_pem() {
    let both = format!(
        "{}{}",
        p256_root().certificate_pem(),
        rsa_root().certificate_pem()
    );
    let store = TrustStore::from_pem(&both, &[]).expect("two roots");
    assert_eq!(store.root_count(), 2);
    check(&store, &person().signed_request(&payload()), IIN).expect("valid");
}

// --- development CA ---------------------------------------------------------------------------

#[test]
fn dev_ca_round_trips_through_pem() {
    let saved = p256_root().to_pem().expect("PEM");
    let loaded = DevCa::from_pem(&saved.certificate_pem, &saved.private_key_pem).expect("loaded");
    assert_eq!(loaded.certificate_pem(), p256_root().certificate_pem());
    let credential = loaded
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    )
    .expect("issued after reload");
}

#[test]
fn rsa_dev_ca_round_trips_through_pem() {
    let saved = rsa_root().to_pem().expect("PEM");
    assert!(
        saved
            .private_key_pem
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    let loaded = DevCa::from_pem(&saved.certificate_pem, &saved.private_key_pem).expect("loaded");
    assert_eq!(loaded.algorithm(), KeyAlgorithm::Rsa2048);
}

#[test]
fn sub_ca_round_trips_with_its_chain() {
    let sub = p256_root()
        .issue_sub_ca(
            "reglament test sub CA",
            KeyAlgorithm::EcdsaP256,
            ca_validity(),
        )
        .expect("sub");
    let saved = sub.to_pem().expect("PEM");
    let loaded = DevCa::from_pem(&saved.certificate_pem, &saved.private_key_pem).expect("loaded");
    let credential = loaded
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    check(
        &trust(p256_root()),
        &credential.signed_request(&payload()),
        IIN,
    )
    .expect("chain kept");
}

#[test]
fn dev_ca_refuses_a_key_of_another_certificate() {
    let saved = p256_root().to_pem().expect("PEM");
    let error =
        DevCa::from_pem(&saved.certificate_pem, person().private_key_pem()).expect_err("mismatch");
    assert_eq!(error, DevCaError::KeyMismatch);
}

#[test]
fn dev_ca_refuses_a_leaf_certificate() {
    let error =
        DevCa::from_pem(person().certificate_pem(), person().private_key_pem()).expect_err("leaf");
    assert!(matches!(error, DevCaError::NotACa { .. }), "{error:?}");
}

#[test]
fn credential_round_trips_through_pem() {
    let loaded = Credential::from_pem(person().certificate_pem(), person().private_key_pem())
        .expect("loaded");
    assert_eq!(loaded.serial(), person().serial());
    check(&trust(p256_root()), &loaded.signed_request(&payload()), IIN).expect("valid");
}

#[test]
fn serials_are_random_positive_hex() {
    let other = p256_root()
        .issue_person(IIN, "Asan", person_validity(), KeyAlgorithm::EcdsaP256)
        .expect("person");
    assert_ne!(other.serial(), person().serial());
    assert_eq!(person().serial().len(), 32);
    assert!(
        u8::from_str_radix(&person().serial()[..2], 16).expect("hex") < 0x80,
        "positive"
    );
}

#[test]
fn dev_ca_refuses_a_malformed_iin_or_bin() {
    let error = p256_root().issue_person(
        "9001013001",
        "Asan",
        person_validity(),
        KeyAlgorithm::EcdsaP256,
    );
    assert!(matches!(
        error,
        Err(DevCaError::InvalidIdentifier { what: "IIN", .. })
    ));
    let error = p256_root().issue_legal_entity(
        "BIN1",
        IIN,
        "Asan",
        "TOO",
        person_validity(),
        KeyAlgorithm::EcdsaP256,
    );
    assert!(matches!(
        error,
        Err(DevCaError::InvalidIdentifier { what: "BIN", .. })
    ));
}

#[test]
fn dev_ca_refuses_a_validity_that_ends_before_it_starts() {
    let backwards = CertValidity::new(utc(2014, 1, 1), utc(2012, 1, 1));
    let error = p256_root().issue_person(IIN, "Asan", backwards, KeyAlgorithm::EcdsaP256);
    assert!(matches!(error, Err(DevCaError::Time(_))), "{error:?}");
}

#[test]
fn credential_debug_hides_the_private_key() {
    let debug = format!("{:?}", person());
    assert!(!debug.contains("PRIVATE KEY"), "{debug}");
    assert!(debug.contains(person().serial()));
}
