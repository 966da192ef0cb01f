//! The rules host with the real Akmola component and a misbehaving one: publishing, loading the
//! published versions again, every export, the sandbox per call, and the version in force.

#![cfg(feature = "compiler")]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reglament_core::rules::{
    Decision, RegionRules, RequestKind, RulesError, RulesSource, Term, Unit,
};
use reglament_rules::{Limits, RulesHost};
use serde_json::json;

use common::{akmola_component, application, engine_with, host, rogue, store, veterinary_form};

fn expect_invalid<T: std::fmt::Debug>(result: Result<T, RulesError>) -> String {
    match result {
        Err(RulesError::Invalid(reason)) => reason,
        other => panic!("expected the component to be refused, got {other:?}"),
    }
}

fn expect_failed<T: std::fmt::Debug>(
    result: Result<T, RulesError>,
) -> (String, &'static str, String) {
    match result {
        Err(RulesError::Failed {
            digest,
            call,
            reason,
        }) => (digest, call, reason),
        other => panic!("expected the call to fail, got {other:?}"),
    }
}

#[tokio::test]
async fn publishing_validates_the_component_and_the_region_it_names() {
    let data = tempfile::tempdir().expect("tempdir");
    let store = store(data.path());
    let host = host(data.path(), &store);
    let akmola = akmola_component();

    let reason = expect_invalid(host.publish(&akmola, "almaty", true).await);
    assert!(
        reason.contains(r#"region "akmola", not "almaty""#),
        "the refusal names both regions: {reason}"
    );
    assert!(
        host.published().is_empty(),
        "a refused component is not recorded"
    );

    let version = host
        .publish(&akmola, "akmola", true)
        .await
        .expect("published");
    assert_eq!(version.region, "akmola");
    assert_eq!(version.digest, reglament_rules::component_digest(&akmola));
    assert_eq!(version.in_force_from, "2012-11-05");
    assert_eq!(version.in_force_until.as_deref(), Some("2013-06-03"));
    assert!(
        version.act.ru.contains("А-11/464"),
        "the act: {:?}",
        version.act
    );
    let kept = data.path().join("rules");
    assert!(kept.join(format!("{}.wasm", version.digest)).is_file());
    assert!(kept.join(format!("{}.cwasm", version.digest)).is_file());
    assert_eq!(
        host.active("akmola").as_deref(),
        Some(version.digest.as_str())
    );

    // The same component again: idempotent, the first record stands.
    let again = host
        .publish(&akmola, "akmola", false)
        .await
        .expect("republished");
    assert_eq!(again, version);
    assert_eq!(host.published().len(), 1);
}

#[tokio::test]
async fn publishing_refuses_what_is_not_a_rules_component() {
    let data = tempfile::tempdir().expect("tempdir");
    let host = host(data.path(), &store(data.path()));

    let reason = expect_invalid(host.publish(b"definitely not wasm", "akmola", false).await);
    assert!(reason.contains("not a WebAssembly"), "{reason}");

    // A module without the world's component type becomes a component that exports nothing.
    let bare = wat::parse_str("(module)").expect("wat");
    let reason = expect_invalid(host.publish(&bare, "akmola", false).await);
    assert!(
        reason.contains("does not export the world kz:reglament/regional-rules"),
        "{reason}"
    );

    // The world, but a `regulation()` that never answers.
    let endless = rogue::endless_regulation_module();
    let reason = expect_invalid(host.publish(&endless, "rogue", false).await);
    assert_eq!(reason, "its regulation() failed: timed out after 50 ms");

    // A component of another world: it answers, but none of the rules.
    let other = rogue::other_world_module();
    let reason = expect_invalid(host.publish(&other, "akmola", false).await);
    assert!(
        reason.contains("does not export the world kz:reglament/regional-rules"),
        "{reason}"
    );

    // The world, but a `regulation()` that allocates without end, or traps.
    let hoarding = rogue::hoarding_regulation_module();
    let reason = expect_invalid(host.publish(&hoarding, "rogue", false).await);
    assert_eq!(
        reason,
        "its regulation() failed: memory limit 16 MiB exceeded"
    );
    let trapping = rogue::trapping_regulation_module();
    let reason = expect_invalid(host.publish(&trapping, "rogue", false).await);
    assert!(
        reason.starts_with("its regulation() failed: trap: "),
        "{reason}"
    );
    assert!(host.published().is_empty());
}

#[tokio::test]
async fn a_component_over_the_memory_cap_is_refused() {
    let data = tempfile::tempdir().expect("tempdir");
    let tiny = Limits {
        memory: 64 << 10,
        concurrent_calls: 4,
        ..Limits::default()
    };
    let host = RulesHost::new(engine_with(tiny), data.path(), store(data.path()));
    let reason = expect_invalid(host.publish(&akmola_component(), "akmola", true).await);
    assert!(reason.starts_with("it does not load"), "{reason}");
    assert!(
        reason.contains("exceeds the limit of 0x10000 bytes"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_published_artifact_loads_again_in_a_new_host() {
    let data = tempfile::tempdir().expect("tempdir");
    let (version, fee) = {
        let store = store(data.path());
        let first = host(data.path(), &store);
        let version = first
            .publish(&akmola_component(), "akmola", true)
            .await
            .expect("published");
        let rules = first.by_digest(&version.digest).expect("loaded");
        (
            version,
            rules.fee("veterinary", RequestKind::Issue).expect("fee"),
        )
    };

    // A new process: a new engine, the same data directory, the store opened again.
    let second = host(data.path(), &store(data.path()));
    assert!(
        second.by_digest(&version.digest).is_err(),
        "nothing loaded before start"
    );
    let loaded = second.load_published().await.expect("loaded");
    assert_eq!(loaded, vec![version.clone()]);
    assert_eq!(
        second.active("akmola").as_deref(),
        Some(version.digest.as_str())
    );
    let rules = second.by_digest(&version.digest).expect("by digest");
    assert_eq!(rules.digest(), version.digest);
    assert_eq!(rules.regulation().region, "akmola");
    assert_eq!(
        rules.fee("veterinary", RequestKind::Issue).expect("fee"),
        fee,
        "the same digest answers the same"
    );
    let rules = second
        .in_force("akmola", "2013-02-01")
        .expect("in force after a restart");
    assert_eq!(rules.digest(), version.digest);
    drop(second);

    // Without its artifact, the version is recompiled from the kept component.
    let artifact = data.path().join("rules").join(&version.artifact);
    std::fs::remove_file(&artifact).expect("remove the artifact");
    let third = host(data.path(), &store(data.path()));
    third.load_published().await.expect("recompiled");
    assert!(artifact.is_file(), "the artifact is written again");
    assert_eq!(
        third
            .by_digest(&version.digest)
            .expect("loaded")
            .regulation()
            .region,
        "akmola"
    );
    drop(third);

    // An artifact that is not one (a truncated write cannot happen, but a stray file can) is
    // recompiled too.
    std::fs::write(&artifact, b"not an artifact").expect("overwrite the artifact");
    let fourth = host(data.path(), &store(data.path()));
    fourth.load_published().await.expect("recompiled");
    assert_eq!(
        fourth.by_digest(&version.digest).expect("loaded").digest(),
        version.digest
    );
}

#[tokio::test]
async fn the_version_in_force_follows_the_filing_date() {
    let data = tempfile::tempdir().expect("tempdir");
    let host = host(data.path(), &store(data.path()));
    let version = host
        .publish(&akmola_component(), "akmola", true)
        .await
        .expect("published");

    for date in ["2012-11-05", "2013-02-01", "2013-06-03"] {
        let rules = host.in_force("akmola", date).expect("in force");
        assert_eq!(rules.digest(), version.digest, "on {date}");
    }
    for date in ["2012-11-04", "2013-06-04", "2014-01-01"] {
        match host.in_force("akmola", date) {
            Err(RulesError::NotFound(message)) => assert_eq!(
                message,
                format!(
                    "no akmola rules in force on {date}: published versions cover \
                     2012-11-05..2013-06-03"
                )
            ),
            other => panic!(
                "expected no rules on {date}, got {:?}",
                other.map(|r| r.digest().to_string())
            ),
        }
    }
    assert!(matches!(
        host.in_force("almaty", "2013-06-01"),
        Err(RulesError::NotFound(_))
    ));
    assert!(matches!(
        host.in_force("akmola", "01.02.2013"),
        Err(RulesError::NotFound(_))
    ));
    assert!(matches!(
        host.by_digest(&"0".repeat(64)),
        Err(RulesError::NotFound(_))
    ));

    let catalogue = host.catalogue();
    assert_eq!(catalogue.len(), 1);
    assert_eq!(catalogue[0].digest(), version.digest);
}

#[tokio::test]
async fn every_export_answers() {
    let data = tempfile::tempdir().expect("tempdir");
    let host = host(data.path(), &store(data.path()));
    host.publish(&akmola_component(), "akmola", true)
        .await
        .expect("published");
    let rules = host.in_force("akmola", "2013-02-01").expect("in force");

    let regulation = rules.regulation();
    assert_eq!(regulation.services.len(), 5, "five licences");
    for service in &regulation.services {
        assert!(!service.routes.is_empty(), "{} has routes", service.id);
        for kind in &service.kinds {
            let fee = rules.fee(&service.id, *kind).expect("fee");
            assert!(
                fee.is_some_and(|tiyn| tiyn > 0),
                "{} {kind:?} is paid: {fee:?}",
                service.id
            );
        }
    }

    let empty = application("veterinary", json!({}));
    let remarks = rules.check_form(&empty).expect("check-form");
    assert!(!remarks.is_empty(), "an empty form is not acceptable");
    assert!(
        remarks.iter().all(|m| !m.ru.is_empty() && !m.kk.is_empty()),
        "{remarks:?}"
    );

    let complete = application("veterinary", veterinary_form());
    assert_eq!(rules.check_form(&complete).expect("check-form"), vec![]);
    assert_eq!(
        rules
            .check_completeness(&complete)
            .expect("check-completeness"),
        vec![]
    );
    assert_eq!(
        rules.term(&complete).expect("term"),
        Term {
            amount: 15,
            unit: Unit::WorkingDays
        }
    );
    assert!(
        rules
            .fee("veterinary", RequestKind::Issue)
            .expect("fee")
            .is_some_and(|f| f > 0)
    );

    let decision = rules.decide(&complete, &[]).expect("decide");
    assert_eq!(decision, Decision::Approve);
    let licence: serde_json::Value =
        serde_json::from_str(&rules.render(&complete, &decision).expect("render")).expect("JSON");
    assert!(licence.is_object(), "{licence}");

    let refusal = Decision::Refuse(vec![remarks[0].clone()]);
    let refused: serde_json::Value =
        serde_json::from_str(&rules.render(&complete, &refusal).expect("render")).expect("JSON");
    assert!(refused.is_object(), "{refused}");
    assert_ne!(licence, refused, "a refusal is not a licence");
}

#[tokio::test]
async fn each_call_runs_in_a_fresh_sandbox() {
    let data = tempfile::tempdir().expect("tempdir");
    let host = host(data.path(), &store(data.path()));
    let version = host
        .publish(&rogue::rogue_module(), "rogue", true)
        .await
        .expect("rogue published");
    let rules = host.by_digest(&version.digest).expect("loaded");

    // The instance counts its calls; a fresh instance per call always answers 1.
    for _ in 0..3 {
        assert_eq!(
            rules.fee("count", RequestKind::Issue).expect("fee"),
            Some(1)
        );
    }

    let started = Instant::now();
    let (digest, call, reason) = expect_failed(rules.fee("loop", RequestKind::Issue));
    let took = started.elapsed();
    assert_eq!((digest.as_str(), call), (version.digest.as_str(), "fee"));
    assert_eq!(reason, "timed out after 50 ms");
    assert!(
        took >= Duration::from_millis(50) && took < Duration::from_secs(2),
        "{took:?}"
    );

    let (_, _, reason) = expect_failed(rules.fee("grow", RequestKind::Issue));
    assert_eq!(reason, "memory limit 16 MiB exceeded");

    let (_, _, reason) = expect_failed(rules.fee("trap", RequestKind::Issue));
    assert!(reason.starts_with("trap: "), "{reason}");
    assert!(reason.contains("unreachable"), "{reason}");

    // A failed call harms no other.
    assert_eq!(
        rules.fee("count", RequestKind::Issue).expect("fee"),
        Some(1)
    );

    // The failure reads well for operators.
    let error = rules
        .fee("loop", RequestKind::Issue)
        .expect_err("times out");
    assert_eq!(
        error.to_string(),
        format!(
            "rules {} failed in fee: timed out after 50 ms",
            version.digest
        )
    );
}

#[tokio::test]
async fn the_deadline_is_the_configured_one() {
    let data = tempfile::tempdir().expect("tempdir");
    let host = RulesHost::new(
        engine_with(common::deadline(10)),
        data.path(),
        store(data.path()),
    );
    let version = host
        .publish(&rogue::rogue_module(), "rogue", true)
        .await
        .expect("published");
    let rules = host.by_digest(&version.digest).expect("loaded");
    let started = Instant::now();
    let (_, _, reason) = expect_failed(rules.fee("loop", RequestKind::Issue));
    assert_eq!(reason, "timed out after 10 ms");
    assert!(started.elapsed() < Duration::from_millis(500));
}

/// Not a benchmark (see `reglament bench`): a rough figure for one `decide` call — a fresh store,
/// instantiation from the cached `InstancePre`, the call and the conversions.
#[tokio::test]
async fn time_of_one_decide_call() {
    let data = tempfile::tempdir().expect("tempdir");
    let host = host(data.path(), &store(data.path()));
    host.publish(&akmola_component(), "akmola", true)
        .await
        .expect("published");
    let rules: Arc<dyn RegionRules> = host.in_force("akmola", "2013-02-01").expect("in force");
    let app = application("veterinary", veterinary_form());
    let time = |name: &str, call: &dyn Fn()| {
        for _ in 0..200 {
            call();
        }
        let mut times: Vec<Duration> = (0..2000)
            .map(|_| {
                let started = Instant::now();
                call();
                started.elapsed()
            })
            .collect();
        times.sort();
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
        println!(
            "{name}, {} calls: p50 {:?}, p90 {:?}, p99 {:?}",
            times.len(),
            at(0.5),
            at(0.9),
            at(0.99)
        );
    };
    time(
        "decide (fresh store + instantiate + call + conversions)",
        &|| {
            assert_eq!(rules.decide(&app, &[]).expect("decide"), Decision::Approve);
        },
    );
    time("fee (fresh store + instantiate + a trivial call)", &|| {
        rules.fee("veterinary", RequestKind::Issue).expect("fee");
    });
}
