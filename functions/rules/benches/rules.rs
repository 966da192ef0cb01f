//! The rules host's costs: one rules call on the Akmola component against the same decision
//! compiled natively, loading a published version from its precompiled artifact, and the swap
//! of a region's active version picked up by a running host.
//!
//! ```sh
//! cargo bench -p reglament-rules --bench rules
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use reglament_core::rules::{RequestKind, RulesSource};
use reglament_rules::{LoadedRules, RulesHost};

use common::{akmola_component, application, engine, host, store, veterinary_form};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// The native twin of `common::application`: the component's own types, compiled for the host.
fn native_application() -> reglament_akmola::types::Application {
    use reglament_akmola::types::{ApplicantKind, Application, Channel, RequestKind};
    Application {
        id: "app-1".into(),
        service: "veterinary".into(),
        kind: RequestKind::Issue,
        channel: Channel::Portal,
        applicant: "880101300012".into(),
        applicant_kind: ApplicantKind::Individual,
        category: None,
        filed_on: "2013-02-01".into(),
        form: veterinary_form().to_string(),
        documents: vec![],
    }
}

fn rules_call(c: &mut Criterion) {
    let rt = runtime();
    let data = tempfile::tempdir().expect("tempdir");
    let host = host(data.path(), &store(data.path()));
    rt.block_on(host.publish(&akmola_component(), "akmola", true))
        .expect("published");
    let rules = host.in_force("akmola", "2013-02-01").expect("in force");
    let app = application("veterinary", veterinary_form());
    let native = native_application();
    assert!(matches!(
        reglament_akmola::qualification::decide(&native, &[]),
        reglament_akmola::types::Decision::Approve
    ));

    let mut group = c.benchmark_group("decide");
    group.bench_function("component (instantiate + call)", |b| {
        b.iter(|| rules.decide(&app, &[]).expect("decide"))
    });
    group.bench_function("native Rust", |b| {
        b.iter(|| reglament_akmola::qualification::decide(&native, &[]))
    });
    // The floor of any rules call: the same fresh instance and one trivial export (a fee
    // lookup), so that the share of a call that is the sandbox's own is visible.
    group.bench_function("component, trivial call (fee)", |b| {
        b.iter(|| rules.fee("veterinary", RequestKind::Issue).expect("fee"))
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let rt = runtime();
    let data = tempfile::tempdir().expect("tempdir");
    let host = host(data.path(), &store(data.path()));
    let version = rt
        .block_on(host.publish(&akmola_component(), "akmola", true))
        .expect("published");
    let engine = engine();
    let artifacts = data.path().join("rules");
    c.bench_function("load a precompiled artifact", |b| {
        b.iter(|| LoadedRules::load_published(&engine, &artifacts, &version.digest).expect("load"))
    });
}

fn swap(c: &mut Criterion) {
    let rt = runtime();
    let data = tempfile::tempdir().expect("tempdir");
    let store = store(data.path());
    let serving = Arc::new(host(data.path(), &store));
    let first = rt
        .block_on(serving.publish(&akmola_component(), "akmola", true))
        .expect("published");
    let mut variant = akmola_component();
    variant.extend_from_slice(&[0, 5, 4, b'b', b'e', b'n', b'c']);
    let second = rt
        .block_on(serving.publish(&variant, "akmola", false))
        .expect("published");
    let admin = RulesHost::new(engine(), data.path(), store.clone());
    rt.block_on(admin.load_published()).expect("loaded");
    rt.block_on(serving.refresh()).expect("refreshed");
    let mut next = [second.digest.clone(), first.digest.clone()]
        .into_iter()
        .cycle();
    c.bench_function("swap: refresh after another process activated", |b| {
        b.iter_batched(
            || {
                let digest = next.next().expect("cycle");
                rt.block_on(admin.activate("akmola", &digest))
                    .expect("activate");
                digest
            },
            |digest| {
                assert!(rt.block_on(serving.refresh()).expect("refresh"));
                assert_eq!(serving.active("akmola"), Some(digest));
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5));
    targets = rules_call, load, swap
}
criterion_main!(benches);
