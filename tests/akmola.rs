//! Akmola 2012 (resolution А-11/464): every path of both routes for all five licence services,
//! through the API, checking the history's step order against the route, the refusal's code and
//! regulation process, and the result.

use axum::http::{Method, StatusCode};
use chrono::Duration;
use reglament::samples::{AKMOLA_SERVICES, akmola_form};
use reglament_core::account::Role;
use reglament_core::identity::TaxpayerId;
use reglament_core::rules::RequestKind;
use reglament_core::signature::dev_ca::{CertValidity, DevCa, KeyAlgorithm};
use reglament_tests::{Harness, step_order};
use serde_json::{Value, json};

/// A Monday while the act was in force (05.11.2012 – 03.06.2013), 09:00 in Astana.
const MONDAY: &str = "2013-02-11T09:00:00+06:00";

const PORTAL_ROUTE: [&str; 6] = [
    "authorize",
    "payment-check",
    "signature-check",
    "register",
    "qualification-check",
    "issue",
];
const PROVIDER_ROUTE: [&str; 4] = ["authorize", "register", "qualification-check", "issue"];

fn iin(n: u32) -> String {
    TaxpayerId::individual_for_tests(n).unwrap().to_string()
}

fn bin(n: u32) -> String {
    TaxpayerId::legal_entity_for_tests(n).unwrap().to_string()
}

/// The applicant a service admits: a legal entity for grain warehouses, a person otherwise.
fn applicant_for(service: &str, n: u32) -> String {
    if service == "grain-warehouse" {
        bin(n)
    } else {
        iin(n)
    }
}

fn filing(service: &str, applicant: &str) -> Value {
    json!({
        "region": "akmola", "service": service, "kind": "issue", "applicant": applicant,
        "form": akmola_form(service), "documents": ["application-form"],
    })
}

/// A portal applicant with a signed filing of `service`; answers (token, body).
async fn portal_filing(h: &Harness, service: &str, n: u32) -> (String, Value) {
    let applicant = applicant_for(service, n);
    let token = h.applicant(&applicant).await;
    let mut body = filing(service, &applicant);
    let credential = if service == "grain-warehouse" {
        h.legal_entity(&applicant, &iin(n + 5000))
    } else {
        h.person(&applicant)
    };
    Harness::sign(&mut body, &credential);
    (token, body)
}

fn fee(h: &Harness, service: &str, kind: RequestKind) -> u64 {
    h.fee("akmola", service, kind)
        .expect("Akmola licences are paid on the portal")
}

/// File, wait for the payment step, pay the fee, and let it run to its end.
async fn file_and_pay(
    h: &Harness,
    token: &str,
    body: Value,
    service: &str,
    kind: RequestKind,
) -> (String, Value) {
    let id = h.file_ok(token, body).await;
    let waiting = h.settle(token, &id).await;
    assert_eq!(waiting["status"], "waiting", "{waiting}");
    assert_eq!(waiting["step"], "payment-check");
    let (status, answer) = h
        .pay(&id, &format!("pay-{id}"), fee(h, service, kind), "paid")
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let view = h.settle(token, &id).await;
    (id, view)
}

fn assert_refused(view: &Value, code: &str, process: &str) {
    assert_eq!(view["status"], "refused", "{view}");
    assert_eq!(view["refusal"]["code"], code, "{view}");
    assert_eq!(view["refusal"]["process"], process, "{view}");
    for lang in ["ru", "kk", "en"] {
        assert!(
            !view["refusal"]["message"][lang]
                .as_str()
                .unwrap_or_default()
                .is_empty(),
            "refusal message in {lang}: {view}"
        );
    }
}

fn assert_chain(view: &Value) {
    let history = view["history"].as_array().unwrap();
    let mut prev = "0".repeat(64);
    for (i, event) in history.iter().enumerate() {
        assert_eq!(event["seq"], (i + 1) as u64);
        assert_eq!(
            event["prev_hash"],
            prev.as_str(),
            "event {} chains to its predecessor",
            i + 1
        );
        assert_eq!(
            event["rules_digest"], view["rules_digest"],
            "one digest governs the whole history"
        );
        prev = event["hash"].as_str().unwrap().to_string();
    }
}

#[tokio::test]
async fn portal_issues_each_licence_after_payment_and_signature() {
    let h = Harness::start(MONDAY).await;
    for (n, service) in AKMOLA_SERVICES.iter().enumerate() {
        let (token, body) = portal_filing(&h, service, n as u32 + 1).await;
        let (_, view) = file_and_pay(&h, &token, body, service, RequestKind::Issue).await;
        assert_eq!(view["status"], "issued", "{service}: {view}");
        assert_eq!(step_order(&view), PORTAL_ROUTE, "{service}");
        assert!(
            view["registration_number"]
                .as_str()
                .unwrap()
                .starts_with("akmola-2013-")
        );
        // 15 working days from Monday 11.02.2013 (day 0): Monday 04.03.2013, end of day in Astana.
        assert!(
            view["due"].as_str().unwrap().starts_with("2013-03-04T"),
            "{service}: due {}",
            view["due"]
        );
        let result = &view["result"];
        assert_eq!(result["type"], "licence");
        assert_eq!(result["holder"], applicant_for(service, n as u32 + 1));
        assert_eq!(result["service"], *service);
        assert!(result["signature"]["value"].as_str().is_some());
        let register = view["history"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["step"] == "register")
            .unwrap();
        assert_eq!(register["processes"], json!(["P9"]));
        assert_eq!(register["limit"]["high"], 15);
        assert_chain(&view);
    }
}

#[tokio::test]
async fn a_wrong_login_is_refused_with_p2() {
    let h = Harness::start(MONDAY).await;
    h.applicant(&iin(1)).await;
    let (status, body) = h.login(&iin(1), "wrong password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "auth-refused");
    assert_eq!(body["error"]["refusal"]["code"], "auth-refused");
    assert_eq!(body["error"]["refusal"]["process"], "P2");
    assert!(
        body["error"]["refusal"]["message"]["ru"]
            .as_str()
            .unwrap()
            .contains("авторизац")
    );
    let (status, _) = h.login("nobody", "whatever password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn portal_refuses_an_application_for_someone_else_at_authorize() {
    let h = Harness::start(MONDAY).await;
    for (n, service) in AKMOLA_SERVICES.iter().enumerate() {
        let n = n as u32 + 10;
        let token = h.applicant(&applicant_for(service, n)).await;
        let other = applicant_for(service, n + 100);
        let mut body = filing(service, &other);
        Harness::sign(&mut body, &h.person(&iin(n + 100)));
        let id = h.file_ok(&token, body).await;
        let view = h.settle(&token, &id).await;
        assert_refused(&view, "auth-refused", "P2");
        assert_eq!(step_order(&view), ["authorize"]);
    }
}

#[tokio::test]
async fn grain_warehouses_admit_legal_entities_only() {
    let h = Harness::start(MONDAY).await;
    let person = iin(20);
    let token = h.applicant(&person).await;
    let mut body = filing("grain-warehouse", &person);
    Harness::sign(&mut body, &h.person(&person));
    let id = h.file_ok(&token, body).await;
    let view = h.settle(&token, &id).await;
    assert_refused(&view, "applicant-not-found", "P2");
    assert!(
        view["refusal"]["reasons"][0]["en"]
            .as_str()
            .unwrap()
            .contains("legal entities")
    );
}

#[tokio::test]
async fn portal_refuses_short_declined_and_missing_payments_with_p5() {
    let h = Harness::start(MONDAY).await;
    for (n, service) in AKMOLA_SERVICES.iter().enumerate() {
        let n = n as u32 + 30;
        // Paid less than the fee.
        let (token, body) = portal_filing(&h, service, n).await;
        let id = h.file_ok(&token, body).await;
        h.settle(&token, &id).await;
        h.pay(
            &id,
            "short-1",
            fee(&h, service, RequestKind::Issue) - 1,
            "paid",
        )
        .await;
        let view = h.settle(&token, &id).await;
        assert_refused(&view, "not-paid", "P5");
        assert_eq!(step_order(&view), ["authorize", "payment-check"]);
        // Declined by the gateway.
        let (token, body) = portal_filing(&h, service, n + 100).await;
        let id = h.file_ok(&token, body).await;
        h.settle(&token, &id).await;
        h.pay(
            &id,
            "declined-1",
            fee(&h, service, RequestKind::Issue),
            "declined",
        )
        .await;
        assert_refused(&h.settle(&token, &id).await, "not-paid", "P5");
    }
    // Nothing paid within the window: the sweep wakes the step, which refuses.
    let (token, body) = portal_filing(&h, "veterinary", 300).await;
    let id = h.file_ok(&token, body).await;
    assert_eq!(h.settle(&token, &id).await["status"], "waiting");
    h.clock.advance(Duration::hours(25));
    let token = h.token(&iin(300)).await;
    let mut view = h.status(&token, &id).await;
    for _ in 0..200 {
        if view["status"] == "refused" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        view = h.status(&token, &id).await;
    }
    assert_refused(&view, "not-paid", "P5");
    assert_eq!(view["refusal"]["reason_code"], "no-payment");
}

#[tokio::test]
async fn a_repeated_payment_callback_is_recorded_once_and_a_forged_one_refused() {
    let h = Harness::start(MONDAY).await;
    let (token, body) = portal_filing(&h, "veterinary", 40).await;
    let id = h.file_ok(&token, body).await;
    h.settle(&token, &id).await;
    let fee = fee(&h, "veterinary", RequestKind::Issue);
    let (_, first) = h.pay(&id, "p-1", fee, "paid").await;
    let (_, second) = h.pay(&id, "p-1", fee, "paid").await;
    assert_eq!(first["recorded"], true);
    assert_eq!(second["recorded"], false);
    assert_eq!(h.settle(&token, &id).await["status"], "issued");
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/v1/payments")
        .header("content-type", "application/json")
        .header("x-signature", "00")
        .body(axum::body::Body::from("{}"))
        .unwrap();
    let (status, body) = h.send(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

/// How a test case signs (or fails to sign) a filing body for an applicant.
type Signing<'a> = Box<dyn Fn(&mut Value, &str) + 'a>;

/// Each way an EDS fails is `signature-invalid`, formed by P7, with its own reason.
#[tokio::test]
async fn portal_refuses_every_kind_of_bad_signature_with_p7() {
    let h = Harness::start(MONDAY).await;
    let now = h.clock_now();
    let foreign = DevCa::generate(
        "foreign CA",
        KeyAlgorithm::EcdsaP256,
        CertValidity::days_from(now - Duration::days(100), 3650),
    )
    .unwrap();
    for (n, service) in AKMOLA_SERVICES.iter().enumerate() {
        let n = n as u32 * 10 + 400;
        let signer = |n: u32| {
            if *service == "grain-warehouse" {
                iin(n + 5000)
            } else {
                applicant_for(service, n)
            }
        };
        let cases: Vec<(&str, Signing)> = vec![
            (
                "expired",
                Box::new(|body, applicant| {
                    let c = if *service == "grain-warehouse" {
                        h.ca.issue_legal_entity(
                            applicant,
                            &signer(n),
                            "S",
                            "LLP",
                            CertValidity::new(now - Duration::days(400), now - Duration::days(1)),
                            KeyAlgorithm::EcdsaP256,
                        )
                    } else {
                        h.ca.issue_person(
                            applicant,
                            "P",
                            CertValidity::new(now - Duration::days(400), now - Duration::days(1)),
                            KeyAlgorithm::Rsa2048,
                        )
                    };
                    Harness::sign(body, &c.unwrap());
                }),
            ),
            (
                "untrusted",
                Box::new(|body, applicant| {
                    let c = if *service == "grain-warehouse" {
                        foreign.issue_legal_entity(
                            applicant,
                            &signer(n),
                            "S",
                            "LLP",
                            CertValidity::days_from(now - Duration::days(10), 100),
                            KeyAlgorithm::EcdsaP256,
                        )
                    } else {
                        foreign.issue_person(
                            applicant,
                            "P",
                            CertValidity::days_from(now - Duration::days(10), 100),
                            KeyAlgorithm::EcdsaP256,
                        )
                    };
                    Harness::sign(body, &c.unwrap());
                }),
            ),
            (
                "identity-mismatch",
                Box::new(|body, _applicant| {
                    let stranger = if *service == "grain-warehouse" {
                        h.legal_entity(&bin(n + 7000), &iin(n + 7000))
                    } else {
                        h.person(&iin(n + 7000))
                    };
                    Harness::sign(body, &stranger);
                }),
            ),
            (
                "bad-signature",
                Box::new(|body, applicant| {
                    let c = if *service == "grain-warehouse" {
                        h.legal_entity(applicant, &signer(n))
                    } else {
                        h.person(applicant)
                    };
                    Harness::sign(body, &c);
                    body["form"]["activity_address"] = json!("г. Кокшетау, ул. Абая, 2");
                }),
            ),
            ("unsigned", Box::new(|_body, _applicant| {})),
        ];
        for (i, (reason, sign)) in cases.iter().enumerate() {
            let applicant = applicant_for(service, n + i as u32);
            let token = h.applicant(&applicant).await;
            let mut body = filing(service, &applicant);
            sign(&mut body, &applicant);
            let (id, view) = file_and_pay(&h, &token, body, service, RequestKind::Issue).await;
            assert_refused(&view, "signature-invalid", "P7");
            assert_eq!(
                view["refusal"]["reason_code"], *reason,
                "{service} {id}: {view}"
            );
            assert_eq!(
                step_order(&view),
                ["authorize", "payment-check", "signature-check"]
            );
        }
    }
}

#[tokio::test]
async fn a_revoked_certificate_is_refused_with_p7() {
    let h = Harness::start(MONDAY).await;
    let applicant = iin(500);
    let credential = h.person(&applicant);
    let now = h.clock_now();
    let crl =
        h.ca.crl(
            &[(credential.serial(), now - Duration::days(1))],
            now - Duration::days(1),
            now + Duration::days(30),
        )
        .unwrap();
    let token = h.applicant(&applicant).await;
    // The trust store is loaded at start: restart on the same data with the CRL added.
    let mut h = h;
    h.restart_with_crl(&crl).await;
    let mut body = filing("veterinary", &applicant);
    Harness::sign(&mut body, &credential);
    let (_, view) = file_and_pay(&h, &token, body, "veterinary", RequestKind::Issue).await;
    assert_refused(&view, "signature-invalid", "P7");
    assert_eq!(view["refusal"]["reason_code"], "revoked");
}

#[tokio::test]
async fn portal_refuses_unmet_qualification_requirements_with_a_signed_p10_refusal() {
    let h = Harness::start(MONDAY).await;
    for (n, service) in AKMOLA_SERVICES.iter().enumerate() {
        let applicant = applicant_for(service, n as u32 + 600);
        let token = h.applicant(&applicant).await;
        let mut body = filing(service, &applicant);
        // A declaration that fails the requirements: no sanitary conclusion / no laboratory.
        if *service == "grain-warehouse" {
            body["form"]["laboratory"] = json!(false);
        } else if *service == "veterinary" {
            body["form"]["premises"]["sanitary_conclusion"] = json!(false);
        } else {
            body["form"]["specialist"]["speciality"] = json!("other");
        }
        let credential = if *service == "grain-warehouse" {
            h.legal_entity(&applicant, &iin(n as u32 + 5600))
        } else {
            h.person(&applicant)
        };
        Harness::sign(&mut body, &credential);
        let (_, view) = file_and_pay(&h, &token, body, service, RequestKind::Issue).await;
        assert_refused(&view, "refused", "P10");
        assert!(
            !view["refusal"]["reasons"].as_array().unwrap().is_empty(),
            "{service}: reasons given"
        );
        assert_eq!(
            step_order(&view),
            PORTAL_ROUTE,
            "a motivated refusal is issued by the issue step"
        );
        assert_eq!(view["result"]["type"], "refusal");
        assert!(view["result"]["signature"]["value"].as_str().is_some());
    }
}

#[tokio::test]
async fn provider_employee_files_and_staff_review_approves_or_refuses() {
    let h = Harness::start(MONDAY).await;
    let clerk = h
        .staff("clerk.akmola", "akmola", &[Role::Employee], None)
        .await;
    for (n, service) in AKMOLA_SERVICES.iter().enumerate() {
        let approved = applicant_for(service, n as u32 + 700);
        let refused = applicant_for(service, n as u32 + 800);
        h.registry(&[&approved, &refused]).await;

        let id = h.file_ok(&clerk, filing(service, &approved)).await;
        let waiting = h.settle(&clerk, &id).await;
        assert_eq!(waiting["status"], "waiting", "{waiting}");
        assert_eq!(waiting["step"], "qualification-check");
        let (status, inbox) = h.call(Method::GET, "/v1/inbox", Some(&clerk), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            inbox
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["application"] == id.as_str())
        );
        let (status, answer) = h
            .call(
                Method::POST,
                &format!("/v1/applications/{id}/decisions"),
                Some(&clerk),
                Some(json!({"action": "approve"})),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
        let view = h.settle(&clerk, &id).await;
        assert_eq!(view["status"], "issued", "{view}");
        assert_eq!(step_order(&view), PROVIDER_ROUTE);
        assert_eq!(view["channel"], "provider");

        let id = h.file_ok(&clerk, filing(service, &refused)).await;
        h.settle(&clerk, &id).await;
        let reason = json!({"ru": "Диплом не подтверждён", "kk": "Диплом расталмады", "en": "the diploma was not confirmed"});
        let (status, _) = h
            .call(
                Method::POST,
                &format!("/v1/applications/{id}/decisions"),
                Some(&clerk),
                Some(json!({"action": "refuse", "reasons": [reason]})),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let view = h.settle(&clerk, &id).await;
        assert_refused(&view, "refused", "P8");
        assert_eq!(
            view["refusal"]["reasons"][0]["en"],
            "the diploma was not confirmed"
        );
        assert_eq!(view["result"]["type"], "refusal");
        assert_eq!(step_order(&view), PROVIDER_ROUTE);
    }
}

#[tokio::test]
async fn provider_refuses_an_applicant_missing_from_the_registries_with_p5() {
    let h = Harness::start(MONDAY).await;
    let clerk = h
        .staff("clerk.akmola", "akmola", &[Role::Employee], None)
        .await;
    for (n, service) in AKMOLA_SERVICES.iter().enumerate() {
        let id = h
            .file_ok(
                &clerk,
                filing(service, &applicant_for(service, n as u32 + 900)),
            )
            .await;
        let view = h.settle(&clerk, &id).await;
        assert_refused(&view, "applicant-not-found", "P5");
        assert_eq!(step_order(&view), ["authorize"]);
    }
    // An individual in the registry still cannot hold a grain warehouse licence.
    let person = iin(990);
    h.registry(&[&person]).await;
    let id = h.file_ok(&clerk, filing("grain-warehouse", &person)).await;
    assert_refused(&h.settle(&clerk, &id).await, "applicant-not-found", "P5");
}

#[tokio::test]
async fn staff_of_another_region_cannot_file_or_decide() {
    let h = Harness::start(MONDAY).await;
    let stranger = h
        .staff("clerk.almaty", "almaty", &[Role::Employee], None)
        .await;
    let (status, body) = h.file(&stranger, filing("veterinary", &iin(1000))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}

#[tokio::test]
async fn reissue_supersedes_the_licence_and_duplicate_copies_it() {
    let h = Harness::start(MONDAY).await;
    let applicant = iin(1100);
    let credential = h.person(&applicant);
    let token = h.applicant(&applicant).await;
    let mut body = filing("veterinary", &applicant);
    Harness::sign(&mut body, &credential);
    let (_, first) = file_and_pay(&h, &token, body, "veterinary", RequestKind::Issue).await;
    let licence = first["result"]["number"].as_str().unwrap().to_string();

    // A re-issue or duplicate must name a licence the applicant holds.
    let mut bad = filing("veterinary", &applicant);
    bad["kind"] = json!("duplicate");
    bad["form"]["licence_number"] = json!("KZ-AKMOLA-2013-999999");
    let (status, answer) = h.file(&token, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["field"], "form.licence_number");

    let mut duplicate = filing("veterinary", &applicant);
    duplicate["kind"] = json!("duplicate");
    duplicate["form"]["licence_number"] = json!(licence);
    Harness::sign(&mut duplicate, &credential);
    let (_, view) = file_and_pay(&h, &token, duplicate, "veterinary", RequestKind::Duplicate).await;
    assert_eq!(view["status"], "issued", "{view}");
    assert_eq!(view["result"]["refers_to"], licence.as_str());

    let mut reissue = filing("veterinary", &applicant);
    reissue["kind"] = json!("reissue");
    reissue["form"]["licence_number"] = json!(licence);
    reissue["form"]["reason"] = json!("change of address");
    Harness::sign(&mut reissue, &credential);
    let (_, view) = file_and_pay(&h, &token, reissue, "veterinary", RequestKind::Reissue).await;
    assert_eq!(view["status"], "issued", "{view}");

    // The re-issued licence is superseded: it can no longer be named.
    let mut again = filing("veterinary", &applicant);
    again["kind"] = json!("duplicate");
    again["form"]["licence_number"] = json!(licence);
    let (status, answer) = h.file(&token, again).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
}

#[tokio::test]
async fn bad_input_at_the_door_is_named_and_stores_nothing() {
    let h = Harness::start(MONDAY).await;
    let applicant = iin(1200);
    let token = h.applicant(&applicant).await;
    let cases = [
        (
            json!({"applicant": "123"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "applicant",
        ),
        (
            json!({"service": "fishing"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "service",
        ),
        (
            json!({"region": "mars"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "region",
        ),
        (
            json!({"kind": "main"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "kind",
        ),
        (
            json!({"category": "II"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "category",
        ),
        (
            json!({"form": {}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "form",
        ),
        (
            json!({"form": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "form",
        ),
    ];
    for (change, expected, field) in cases {
        let mut body = filing("veterinary", &applicant);
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, answer) = h.file(&token, body).await;
        assert_eq!(status, expected, "{field}: {answer}");
        assert_eq!(answer["error"]["field"], field, "{answer}");
    }
    let (status, answer) = h
        .call(
            Method::POST,
            "/v1/applications",
            Some(&token),
            Some(json!({"region": "akmola"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, _) = h
        .call(
            Method::POST,
            "/v1/applications",
            None,
            Some(filing("veterinary", &applicant)),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, list) = h
        .call(Method::GET, "/v1/applications", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([]), "nothing was stored");
}

#[tokio::test]
async fn only_the_applicant_or_the_providers_staff_may_read_an_application() {
    let h = Harness::start(MONDAY).await;
    let (token, body) = portal_filing(&h, "veterinary", 1300).await;
    let id = h.file_ok(&token, body).await;
    let other = h.applicant(&iin(1301)).await;
    let (status, _) = h
        .call(
            Method::GET,
            &format!("/v1/applications/{id}"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let staff = h
        .staff("head.akmola", "akmola", &[Role::Employee], None)
        .await;
    let (status, _) = h
        .call(
            Method::GET,
            &format!("/v1/applications/{id}"),
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, list) = h
        .call(Method::GET, "/v1/applications", Some(&token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_catalogue_lists_akmola_and_the_provider_key_is_published() {
    let h = Harness::start(MONDAY).await;
    let (status, list) = h.call(Method::GET, "/v1/regulations", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let akmola = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "akmola")
        .expect("akmola listed");
    assert_eq!(akmola["services"].as_array().unwrap().len(), 5);
    let (status, key) = h
        .call(Method::GET, "/v1/providers/akmola/key", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        key["public_key_pem"]
            .as_str()
            .unwrap()
            .contains("PUBLIC KEY")
    );
}
