//! Every step is idempotent: with every event delivered twice by two workers racing, and then
//! all of them replayed again, each application gets exactly one registration number and one
//! document, and no transition is lost.

use std::collections::HashSet;
use std::sync::Arc;

use reglament::samples::akmola_form;
use reglament_core::event::Event;
use reglament_core::identity::TaxpayerId;
use reglament_core::rules::RequestKind;
use reglament_core::runner::{self, RunnerOptions, StepTimings};
use reglament_core::steps::{self, Handled};
use reglament_store::Key;
use reglament_tests::Harness;
use serde_json::json;

const MONDAY: &str = "2013-02-11T09:00:00+06:00";
const APPLICATIONS: u32 = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn duplicate_and_racing_deliveries_draw_one_number_and_one_document() {
    // One runner is started by the harness; a second one races it over the same stream, so every
    // event is delivered at least twice, concurrently.
    let h = Harness::start(MONDAY).await;
    let (stop_second, stop_rx) = tokio::sync::watch::channel(false);
    let second = tokio::spawn(runner::run(
        h.system.ctx.clone(),
        RunnerOptions::default(),
        Arc::new(StepTimings::default()),
        stop_rx,
    ));

    let fee = h.fee("akmola", "veterinary", RequestKind::Issue).unwrap();
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for n in 0..APPLICATIONS {
        let applicant = TaxpayerId::individual_for_tests(2000 + n)
            .unwrap()
            .to_string();
        let token = h.applicant(&applicant).await;
        let mut body = json!({
            "region": "akmola", "service": "veterinary", "kind": "issue", "applicant": applicant,
            "form": akmola_form("veterinary"), "documents": [],
        });
        Harness::sign(&mut body, &h.person(&applicant));
        let id = h.file_ok(&token, body).await;
        // Pay at once, often before the payment step has run: the payment must not be lost.
        h.pay(&id, &format!("pay-{n}"), fee, "paid").await;
        ids.push(id);
        tokens.push(token);
    }
    let mut registration_numbers = HashSet::new();
    let mut documents = HashSet::new();
    for (id, token) in ids.iter().zip(&tokens) {
        let view = h.settle(token, id).await;
        assert_eq!(view["status"], "issued", "{view}");
        let history = view["history"].as_array().unwrap();
        assert_eq!(
            history.iter().filter(|e| e["step"] == "register").count(),
            1,
            "{view}"
        );
        assert_eq!(
            history.iter().filter(|e| e["step"] == "issue").count(),
            1,
            "{view}"
        );
        assert!(
            registration_numbers.insert(view["registration_number"].as_str().unwrap().to_string())
        );
        assert!(documents.insert(view["result"]["number"].as_str().unwrap().to_string()));
    }
    let _ = stop_second.send(true);
    second.await.unwrap().unwrap();

    // No number was drawn by a run that lost: the counters stand at exactly N.
    let store = h.system.ctx.store.clone();
    for counter in ["REGISTRATION", "DOCUMENT"] {
        let item = store
            .get(&Key::new("SEQ#akmola#2013", counter))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            item.get("value").and_then(|v| v.as_u64()),
            Some(u64::from(APPLICATIONS)),
            "{counter}"
        );
    }

    // Replay the whole stream once more: every delivery is stale and changes nothing.
    let before: Vec<_> = versions(&h, &ids).await;
    let records = store
        .stream(0, 100_000, std::time::Duration::from_millis(10))
        .await
        .unwrap();
    assert!(!records.is_empty());
    for record in records {
        let event: Event = record.item.to_value().unwrap();
        if let Some(step) = event.next {
            let handled = steps::handle(&h.system.ctx, &event.application, event.seq, step)
                .await
                .unwrap();
            assert_eq!(
                handled,
                Handled::Stale,
                "replayed {} #{}",
                event.application,
                event.seq
            );
        }
    }
    assert_eq!(before, versions(&h, &ids).await);
}

async fn versions(h: &Harness, ids: &[String]) -> Vec<u64> {
    let mut out = Vec::new();
    for id in ids {
        out.push(
            steps::load(h.system.ctx.store.as_ref(), id)
                .await
                .unwrap()
                .unwrap()
                .version,
        );
    }
    out
}
