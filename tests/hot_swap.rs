//! Hot swap of regional rules while applications are filed: publishing, activating (from another
//! process's host, picked up by the server's refresh) and rolling back (through the admin API),
//! with no failed request, one digest per application, and new filings switching within the
//! bound. Plus the admin API's refusals.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use reglament::samples::akmola_form;
use reglament_core::account::Role;
use reglament_core::identity::TaxpayerId;
use reglament_rules::{Limits, RulesEngine, RulesHost};
use reglament_tests::{Harness, akmola_variant, history_digests};
use serde_json::{Value, json};

const MONDAY: &str = "2013-02-11T09:00:00+06:00";
/// How often the server looks for registry changes in this test.
const REFRESH: Duration = Duration::from_millis(100);
/// The bound the server promises for picking up a change (the embedded default is 1 s).
const BOUND: Duration = Duration::from_secs(1);

async fn publish(h: &Harness, token: &str, query: &str, component: Vec<u8>) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/v1/rules?{query}"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/wasm")
        .body(Body::from(component))
        .expect("request");
    h.send(request).await
}

fn active_digest(versions: &Value, region: &str) -> String {
    versions
        .as_array()
        .expect("a list of versions")
        .iter()
        .find(|v| v["region"] == region && v["active"] == true)
        .and_then(|v| v["digest"].as_str())
        .unwrap_or_else(|| panic!("no active {region} version in {versions}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_swap_and_roll_back_while_applications_are_filed() {
    let h = Arc::new(Harness::start(MONDAY).await);
    let (_stop_watch, _watch) = h.system.watch_rules(REFRESH);
    let admin = h
        .staff("akmola-admin", "akmola", &[Role::Admin], None)
        .await;
    let (status, versions) = h.call(Method::GET, "/v1/rules", Some(&admin), None).await;
    assert_eq!(status, StatusCode::OK, "{versions}");
    let v1 = active_digest(&versions, "akmola");

    // Publish a second version, not yet active.
    let (status, v2) = publish(&h, &admin, "region=akmola", akmola_variant("v2")).await;
    assert_eq!(status, StatusCode::CREATED, "{v2}");
    let v2 = v2["digest"].as_str().expect("digest").to_string();
    assert_ne!(v1, v2);

    // File continuously.
    let applicant = TaxpayerId::individual_for_tests(77).unwrap().to_string();
    let token = h.applicant(&applicant).await;
    let mut body = json!({
        "region": "akmola", "service": "veterinary", "kind": "issue", "applicant": applicant,
        "form": akmola_form("veterinary"), "documents": ["application-form"],
    });
    Harness::sign(&mut body, &h.person(&applicant));
    let filing = Arc::new(AtomicBool::new(true));
    let filer = tokio::spawn({
        let (h, token, filing) = (h.clone(), token.clone(), filing.clone());
        async move {
            let mut filed = Vec::new();
            while filing.load(Ordering::Relaxed) {
                let started = Instant::now();
                let (status, answer) = h.file(&token, body.clone()).await;
                filed.push((started, status, answer));
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            filed
        }
    });

    // Another process (the `reglament rules` command) activates v2 through its own host on the
    // same store; the server learns of it only by its refresh.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let other = RulesHost::new(
        RulesEngine::new(Limits::default()).expect("engine"),
        &h.data_dir().join("rules"),
        h.system.ctx.store.clone(),
    );
    other.load_published().await.expect("the other host loads");
    let activated = Instant::now();
    other.activate("akmola", &v2).await.expect("activate v2");
    tokio::time::sleep(BOUND + Duration::from_millis(500)).await;

    // Roll back through the admin API: the serving host switches at once.
    let rolling_back = Instant::now();
    let (status, back) = h
        .call(
            Method::POST,
            "/v1/rules/akmola/rollback",
            Some(&admin),
            None,
        )
        .await;
    let rolled_back = Instant::now();
    assert_eq!(status, StatusCode::OK, "{back}");
    assert_eq!(back["digest"], v1.as_str());
    tokio::time::sleep(Duration::from_millis(500)).await;
    filing.store(false, Ordering::Relaxed);
    let filed = filer.await.expect("the filer ran");

    let (mut before, mut during, mut after, mut rolled) = (0, 0, 0, 0);
    for (started, status, answer) in &filed {
        assert_eq!(
            *status,
            StatusCode::ACCEPTED,
            "a filing failed during the swap: {answer}"
        );
        let id = answer["id"].as_str().expect("id");
        let view = h.settle(&token, id).await;
        let digests = history_digests(&view);
        assert_eq!(
            digests.len(),
            1,
            "{id} names more than one digest: {digests:?}"
        );
        let digest = &digests[0];
        if *started < activated {
            assert_eq!(digest, &v1, "filed before the activation");
            before += 1;
        } else if *started < activated + BOUND {
            during += 1;
        } else if *started < rolling_back {
            assert_eq!(digest, &v2, "filed a bound after the activation");
            after += 1;
        } else if *started < rolled_back {
            during += 1;
        } else {
            assert_eq!(digest, &v1, "filed after the rollback");
            rolled += 1;
        }
    }
    assert!(
        before > 0 && after > 0 && rolled > 0,
        "filings before {before}, while switching {during}, after {after}, after rollback {rolled}"
    );
}

#[tokio::test]
async fn the_admin_api_refuses_what_it_must() {
    let h = Harness::start(MONDAY).await;
    let admin = h
        .staff("akmola-admin", "akmola", &[Role::Admin], None)
        .await;
    let employee = h
        .staff("akmola-employee", "akmola", &[Role::Employee], None)
        .await;

    let (status, body) = h
        .call(Method::GET, "/v1/rules", Some(&employee), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let (status, body) = publish(&h, &admin, "region=akmola", b"not a component".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "rules-refused");

    let (status, body) = publish(&h, &admin, "region=atyrau", akmola_variant("x")).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an Akmola admin publishes for Akmola: {body}"
    );

    let (status, body) = publish(
        &h,
        &admin,
        "region=akmola&in_force_from=2011-01-01",
        akmola_variant("early"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("outside the act's days"),
        "{body}"
    );

    let (status, body) = h
        .call(
            Method::POST,
            "/v1/rules/akmola/rollback",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "nothing to roll back to: {body}"
    );

    let (status, body) = h
        .call(
            Method::POST,
            &format!("/v1/rules/{}/activation", "0".repeat(64)),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    // A later first day is kept: the version governs filings only from then.
    let (status, body) = publish(
        &h,
        &admin,
        "region=akmola&in_force_from=2013-03-01",
        akmola_variant("march"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["in_force_from"], "2013-03-01");
    assert_eq!(body["active"], false);
}
