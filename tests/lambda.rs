//! Akmola end to end as it runs in the cloud: the state in DynamoDB (moto's emulator), the rule
//! artifacts, keys and trusted roots in S3 (the emulator's), the six real step binaries under a
//! Lambda Runtime API, and the stream relay invoking them as the event-source mappings do —
//! every event delivered twice. The API is the same router, called in-process. A new Akmola
//! version activated while the functions run is picked up by them within their refresh period.
//!
//! The sweep binary runs under the same Runtime API and is invoked as its schedule invokes it.
//!
//! The binaries are the deployable build, taken from the directory `REGLAMENT_LAMBDA_BINARIES`
//! names: `.ci/test` builds the function packages alone (`cargo build -p reglament-authorize …
//! -p reglament-sweep -p reglament-api --features reglament-api/lambda --bins`, so that no other
//! workspace member's features, such as the rules compiler, are unified into them), copies them
//! to `target/lambda` and sets the variable. The test refuses to run without them, or with a
//! binary built before a change to its sources that this test was built with.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{NaiveDate, Utc};
use reglament::samples::akmola_form;
use reglament_core::identity::TaxpayerId;
use reglament_core::rules::{RequestKind, Step};
use reglament_emulator::Emulator;
use reglament_local::invoke::Invoker;
use reglament_local::relay::{self, RelayOptions};
use reglament_store::dynamodb::{DynamoStore, create_table};
use reglament_store::{Key, Store};
use reglament_tests::lambda_service::LambdaService;
use reglament_tests::{Harness, akmola_variant, history_digests, step_order};
use serde_json::{Value, json};

/// The day the functions' clocks show: a Monday while the Akmola act was in force.
const AS_OF: &str = "2013-02-11";
/// How often the functions look for newly activated rules in this test.
const REFRESH_MS: u64 = 200;

const PORTAL_ROUTE: [&str; 6] = [
    "authorize",
    "payment-check",
    "signature-check",
    "register",
    "qualification-check",
    "issue",
];

/// The environment variable naming the directory of the function binaries.
const BINARIES_ENV: &str = "REGLAMENT_LAMBDA_BINARIES";

/// How to make that directory.
const BUILD: &str = "run ./.ci/test, or: cargo build --locked -p reglament-authorize \
    -p reglament-payment-check -p reglament-signature-check -p reglament-register \
    -p reglament-qualification-check -p reglament-issue -p reglament-sweep --bins, copy \
    target/debug/{authorize,payment-check,signature-check,register,qualification-check,issue,sweep} \
    to target/lambda and set REGLAMENT_LAMBDA_BINARIES=$PWD/target/lambda";

/// The functions this test runs, by name: the six steps and the sweep, from the directory
/// `REGLAMENT_LAMBDA_BINARIES` names, none built before a change to its sources that this test
/// was built with.
fn function_binaries() -> Vec<(String, PathBuf)> {
    let dir = std::env::var_os(BINARIES_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{BINARIES_ENV} is not set; {BUILD}"));
    let this_test = std::env::current_exe()
        .and_then(|exe| std::fs::metadata(exe)?.modified())
        .expect("the test's build time");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root");
    let shared = ["core", "store", "rules", "lambda"];
    let names: Vec<&str> = Step::ALL
        .iter()
        .map(|s| s.name())
        .chain(["sweep"])
        .collect();
    names
        .iter()
        .map(|name| {
            let binary = dir.join(name);
            let built = std::fs::metadata(&binary)
                .and_then(|m| m.modified())
                .unwrap_or_else(|e| panic!("{}: {e}; {BUILD}", binary.display()));
            // What goes into the binary: each crate's `src/` and manifest, and the lock file.
            let crates = shared
                .iter()
                .chain([name])
                .map(|c| root.join("functions").join(c));
            let mut sources = crates.flat_map(|c| [c.join("src"), c.join("Cargo.toml")]);
            let lock = root.join("Cargo.lock");
            if let Some(newer) = sources
                .find_map(|path| changed_between(&path, built, this_test))
                .or_else(|| changed_between(&lock, built, this_test))
            {
                panic!(
                    "{} was built before {} changed, and this test after; {BUILD}",
                    binary.display(),
                    newer.display()
                );
            }
            (name.to_string(), binary)
        })
        .collect()
}

/// The file at `path`, or a source file (`.rs`, `Cargo.toml`) under the directory at `path`,
/// last changed between `from` and `to`, if any.
fn changed_between(path: &std::path::Path, from: SystemTime, to: SystemTime) -> Option<PathBuf> {
    if path.is_file() {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
        return (from < modified && modified < to).then(|| path.to_path_buf());
    }
    for entry in std::fs::read_dir(path).ok()?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Some(changed) = changed_between(&path, from, to) {
                return Some(changed);
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            || path.file_name().is_some_and(|n| n == "Cargo.toml")
        {
            let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
            if from < modified && modified < to {
                return Some(path);
            }
        }
    }
    None
}

fn iin(n: u32) -> String {
    TaxpayerId::individual_for_tests(n).unwrap().to_string()
}

/// A signed portal filing of a veterinary licence by a new applicant; answers (token, id).
async fn file_veterinary(h: &Harness, n: u32) -> (String, String) {
    let applicant = iin(n);
    let token = h.applicant(&applicant).await;
    let mut body = json!({
        "region": "akmola", "service": "veterinary", "kind": "issue", "applicant": applicant,
        "form": akmola_form("veterinary"), "documents": ["application-form"],
    });
    Harness::sign(&mut body, &h.person(&applicant));
    let id = h.file_ok(&token, body).await;
    (token, id)
}

/// Waits until the application's status is `status` (the functions run on their own time).
async fn wait_for(h: &Harness, token: &str, id: &str, status: &str) -> Value {
    for _ in 0..600 {
        let view = h.status(token, id).await;
        if view["status"] == status {
            return view;
        }
        if view["status"] == "issued" || view["status"] == "refused" {
            panic!(
                "application {id} ended {} instead of {status}: {view}",
                view["status"]
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "application {id} did not become {status} within a minute: {}",
        h.status(token, id).await
    );
}

/// The last number a counter gave.
async fn counter(store: &dyn Store, key: Key) -> u64 {
    store
        .get(&key)
        .await
        .expect("read a counter")
        .and_then(|item| item.get("value").and_then(Value::as_u64))
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn akmola_portal_applications_run_through_the_step_functions() {
    let emulator = Emulator::shared();
    let aws = emulator.sdk_config();
    let table = format!("e2e-{}", std::process::id());
    let dynamo = DynamoStore::new(&aws, &table);
    create_table(dynamo.client(), &table)
        .await
        .expect("create the table");
    let store: Arc<dyn Store> = Arc::new(dynamo);

    // The API's clock shows what the functions' clocks show: AS_OF at today's time of day.
    let day = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let start = day.and_time(Utc::now().time()).and_utc().to_rfc3339();
    let h = Harness::start_on(&start, store.clone()).await;
    let bucket = format!("e2e-rules-{}", std::process::id());
    reglament_local::setup::upload(&aws, &bucket, h.data_dir())
        .await
        .expect("upload the functions' files");

    let mut env: Vec<(String, String)> = emulator
        .env()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    env.extend([
        ("REGLAMENT_TABLE".to_owned(), table.clone()),
        ("REGLAMENT_DATA".to_owned(), format!("s3://{bucket}")),
        ("REGLAMENT_AS_OF".to_owned(), AS_OF.to_owned()),
        ("RUST_LOG".to_owned(), "info".to_owned()),
        (
            "REGLAMENT_RULES_REFRESH_MS".to_owned(),
            REFRESH_MS.to_string(),
        ),
    ]);
    let logs = tempfile::tempdir().expect("a log dir");
    let functions = LambdaService::start(&function_binaries(), &env, logs.path()).await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let options = RelayOptions {
        attempts: 3,
        repeat: 2,
        poll: Duration::from_millis(200),
    };
    let relaying = {
        let (store, invoker, table) = (
            store.clone(),
            Invoker::new(functions.invoke_url()),
            table.clone(),
        );
        tokio::spawn(async move { relay::run(store, invoker, &table, options, stopped).await })
    };
    let fee = h
        .fee("akmola", "veterinary", RequestKind::Issue)
        .expect("the veterinary licence is paid");

    // Paid in full: issued.
    let (token, issued) = file_veterinary(&h, 1).await;
    wait_for(&h, &token, &issued, "waiting").await;
    h.pay(&issued, "pay-1", fee, "paid").await;
    let view = wait_for(&h, &token, &issued, "issued").await;
    let mut filed = vec![(token, issued)];
    assert_eq!(step_order(&view), PORTAL_ROUTE, "{view}");
    assert!(view["registration_number"].is_string(), "{view}");
    assert!(view["result"].is_object(), "{view}");

    // Paid short: refused at the payment check with P5.
    let (token, refused) = file_veterinary(&h, 2).await;
    wait_for(&h, &token, &refused, "waiting").await;
    h.pay(&refused, "pay-2", fee - 1, "paid").await;
    let view = wait_for(&h, &token, &refused, "refused").await;
    filed.push((token, refused));
    assert_eq!(view["refusal"]["code"], "not-paid", "{view}");
    assert_eq!(view["refusal"]["process"], "P5", "{view}");
    assert_eq!(step_order(&view), ["authorize", "payment-check"], "{view}");

    // A new Akmola version, published, uploaded and activated while the functions run: the
    // next filing is pinned to it, and the functions load it before they run its steps.
    let v2 = h
        .system
        .rules
        .publish(&akmola_variant("lambda-v2"), "akmola", true)
        .await
        .expect("publish the new version");
    reglament_local::setup::upload(&aws, &bucket, h.data_dir())
        .await
        .expect("upload the new artifact");
    tokio::time::sleep(Duration::from_millis(REFRESH_MS)).await;
    let (token, swapped) = file_veterinary(&h, 3).await;
    wait_for(&h, &token, &swapped, "waiting").await;
    h.pay(&swapped, "pay-3", fee, "paid").await;
    let view = wait_for(&h, &token, &swapped, "issued").await;
    assert_eq!(history_digests(&view), [v2.digest], "{view}");
    filed.push((token, swapped));

    // The sweep, invoked as its schedule invokes it: it loads from the bucket and the table,
    // and finds nothing due (the payment windows are a day long).
    let swept = Invoker::new(functions.invoke_url())
        .invoke(
            "sweep",
            &json!({"version": "0", "detail-type": "Scheduled Event", "source": "aws.scheduler"}),
        )
        .await
        .unwrap_or_else(|e| {
            panic!(
                "invoke the sweep: {e}; logs in {}",
                functions.logs.display()
            )
        });
    assert_eq!(swept["woken"], 0, "{swept}");
    assert!(
        swept["at"].as_str().is_some_and(|at| at.starts_with(AS_OF)),
        "the sweep's clock shows the functions' day: {swept}"
    );

    let _ = stop.send(true);
    let stats = relaying
        .await
        .expect("the relay panicked")
        .expect("the relay failed");
    assert_eq!(stats.abandoned, 0, "logs in {}", functions.logs.display());
    assert!(stats.delivered >= 2 * 12, "every event twice: {stats:?}");

    // Every event delivered twice changed nothing: one history entry per transition, one
    // registration number, one document.
    for (token, id) in &filed {
        let view = h.status(token, id).await;
        let seqs: Vec<u64> = view["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_u64().unwrap())
            .collect();
        let want: Vec<u64> = (1..=seqs.len() as u64).collect();
        assert_eq!(seqs, want, "a gapless history without repeats: {view}");
    }
    let year = &AS_OF[..4];
    assert_eq!(
        counter(
            &*store,
            Key::new(format!("SEQ#akmola#{year}"), "REGISTRATION")
        )
        .await,
        2
    );
    assert_eq!(
        counter(&*store, Key::new(format!("SEQ#akmola#{year}"), "DOCUMENT")).await,
        2
    );
}
