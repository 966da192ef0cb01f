//! A hostile version of a region's rules, published and activated while the system runs: its
//! `decide` loops forever, allocates without end or traps. Each application filed under it is
//! contained — it stalls at the qualification check with the reason recorded, visible to the
//! region's staff, its state untouched — while an application filed under the good version goes
//! on to its licence.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use reglament::samples::akmola_form;
use reglament_core::account::Role;
use reglament_core::identity::TaxpayerId;
use reglament_core::rules::RequestKind;
use reglament_core::runner::RunnerOptions;
use reglament_tests::Harness;
use reglament_tests::rogue::rogue_module;
use serde_json::{Value, json};

const MONDAY: &str = "2013-02-11T09:00:00+06:00";
const SERVICE: &str = "veterinary";

/// A signed portal filing of the veterinary licence; `rogue` asks the hostile rules to misbehave.
fn filing(h: &Harness, applicant: &str, rogue: Option<&str>) -> Value {
    let mut form = akmola_form(SERVICE);
    if let Some(rogue) = rogue {
        form["rogue"] = json!(rogue);
    }
    let mut body = json!({
        "region": "akmola", "service": SERVICE, "kind": "issue", "applicant": applicant,
        "form": form, "documents": ["application-form"],
    });
    Harness::sign(&mut body, &h.person(applicant));
    body
}

/// File, and wait at the payment step; answers the id.
async fn file_to_payment(h: &Harness, token: &str, body: Value, digest: &str) -> String {
    let (status, filed) = h.file(token, body).await;
    assert_eq!(status, StatusCode::ACCEPTED, "filing refused: {filed}");
    assert_eq!(filed["rules_digest"], digest, "{filed}");
    let id = filed["id"].as_str().expect("id").to_string();
    let waiting = h.settle(token, &id).await;
    assert_eq!(waiting["status"], "waiting", "{waiting}");
    assert_eq!(waiting["step"], "payment-check", "{waiting}");
    id
}

async fn pay(h: &Harness, id: &str) {
    let fee = h
        .fee("akmola", SERVICE, RequestKind::Issue)
        .expect("the licence is paid");
    let (status, answer) = h.pay(id, &format!("pay-{id}"), fee, "paid").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// Wait until the runner has given up on the application's step.
async fn stalled(h: &Harness, token: &str, id: &str) -> Value {
    for _ in 0..400 {
        let view = h.status(token, id).await;
        if !view["stalled"].is_null() {
            return view;
        }
        assert_eq!(view["status"], "in-progress", "{view}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{id} did not stall: {}", h.status(token, id).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_rules_stall_their_applications_and_the_others_go_on() {
    let h = Harness::start_with(
        MONDAY,
        RunnerOptions {
            attempts: 2,
            ..RunnerOptions::default()
        },
    )
    .await;
    let admin = h
        .staff("akmola-admin", "akmola", &[Role::Admin], None)
        .await;
    let employee = h
        .staff("akmola-employee", "akmola", &[Role::Employee], None)
        .await;
    let applicant = TaxpayerId::individual_for_tests(42).unwrap().to_string();
    let token = h.applicant(&applicant).await;
    let (status, versions) = h.call(Method::GET, "/v1/rules", Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK, "{versions}");
    let good = versions
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["region"] == "akmola" && v["active"] == true)
        .and_then(|v| v["digest"].as_str())
        .expect("an active Akmola version")
        .to_string();

    // Filed under the good version, before the hostile one arrives.
    let pinned = file_to_payment(&h, &token, filing(&h, &applicant, None), &good).await;

    // The hostile version passes publishing (its regulation is Akmola's) and becomes active.
    let request = Request::builder()
        .method(Method::POST)
        .uri("/v1/rules?region=akmola&activate=true")
        .header("authorization", format!("Bearer {admin}"))
        .header("content-type", "application/wasm")
        .body(Body::from(rogue_module()))
        .expect("request");
    let (status, hostile) = h.send(request).await;
    assert_eq!(status, StatusCode::CREATED, "{hostile}");
    assert_eq!(hostile["active"], true, "{hostile}");
    let hostile = hostile["digest"].as_str().expect("digest").to_string();
    assert_ne!(hostile, good);

    for (rogue, reason) in [
        ("loop", "timed out after 50 ms"),
        ("grow", "memory limit 16 MiB exceeded"),
        ("trap", "trap: "),
    ] {
        let id = file_to_payment(&h, &token, filing(&h, &applicant, Some(rogue)), &hostile).await;
        pay(&h, &id).await;
        let view = stalled(&h, &token, &id).await;
        let stall = &view["stalled"];
        assert_eq!(stall["step"], "qualification-check", "{rogue}: {view}");
        assert_eq!(stall["attempts"], 2, "{rogue}: {view}");
        let error = stall["error"].as_str().expect("the stall's error");
        assert!(
            error.contains(&format!("rules {hostile} failed in decide: {reason}")),
            "{rogue}: {error}"
        );

        // The application is left as it was: still at the qualification check under the hostile
        // digest, no refusal, no result, no event after the stall.
        assert_eq!(view["status"], "in-progress", "{rogue}: {view}");
        assert_eq!(view["step"], "qualification-check", "{rogue}: {view}");
        assert_eq!(view["rules_digest"], hostile.as_str(), "{rogue}: {view}");
        assert!(
            view["refusal"].is_null() && view["result"].is_null(),
            "{view}"
        );
        let history = view["history"].as_array().expect("history");
        assert_eq!(
            history.last().expect("events")["seq"],
            stall["seq"],
            "{rogue}: the stall is at the last event"
        );
        assert!(
            history
                .iter()
                .all(|e| e["rules_digest"] == hostile.as_str()),
            "{rogue}: {view}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        let later = h.status(&token, &id).await;
        assert_eq!(later["history"], view["history"], "{rogue}: nothing moved");
        assert_eq!(later["stalled"], view["stalled"], "{rogue}");

        // The region's staff see the stall and its reason.
        let seen = h.status(&employee, &id).await;
        assert_eq!(seen["stalled"], view["stalled"], "{rogue}: {seen}");
    }

    // Under the hostile version, an application that does not provoke it goes on.
    let tame = file_to_payment(&h, &token, filing(&h, &applicant, None), &hostile).await;
    pay(&h, &tame).await;
    let view = h.settle(&token, &tame).await;
    assert_eq!(view["status"], "issued", "{view}");

    // The application pinned to the good version goes on to its licence.
    pay(&h, &pinned).await;
    let view = h.settle(&token, &pinned).await;
    assert_eq!(view["status"], "issued", "{view}");
    assert!(view["stalled"].is_null(), "{view}");
    assert!(
        view["history"]
            .as_array()
            .expect("history")
            .iter()
            .all(|e| e["rules_digest"] == good.as_str()),
        "{view}"
    );
}
