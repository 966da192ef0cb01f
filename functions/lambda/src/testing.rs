//! What this crate's tests share: a [`Context`] over the SQLite adapter in a temporary directory,
//! the rules of one made-up region (a paid portal licence: authorize, payment check, issue) whose
//! `fee` call can be made to fail as a trapping component's does, applications committed the way
//! a filing commits them, and the DynamoDB stream records Lambda would deliver for their items.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use aws_lambda_events::event::dynamodb::{Event as StreamEvent, EventRecord};
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use chrono::{DateTime, Duration, TimeZone, Utc};
use reglament_core::application::{Application, Filing};
use reglament_core::calendar::Calendar;
use reglament_core::clock::ManualClock;
use reglament_core::event::{Event, Outcome, app_pk, event_sk};
use reglament_core::rules::{
    ApplicantKind, Channel, Decision, Message, RegionRules, Regulation, RequestKind,
    RulesApplication, RulesError, RulesSource, StaffAction, Step, Term, Unit,
};
use reglament_core::runner::{Stall, stall_key};
use reglament_core::signature::TrustStore;
use reglament_core::transition::{Transition, timestamp};
use reglament_core::{Context, Settings};
use reglament_store::sqlite::SqliteStore;
use reglament_store::{Item, Key};
use serde_json::json;

/// The digest of rules that answer every call.
pub const GOOD: &str = "good";
/// The digest of rules whose `fee` call fails (a trap) while [`FakeRules::failing`] is set.
pub const TRAPPING: &str = "trapping";
/// The made-up region.
pub const REGION: &str = "testland";
/// The licence's fee, in tiyn.
pub const FEE: u64 = 5_000;

/// One made-up rule version.
pub struct FakeRules {
    digest: &'static str,
    regulation: Regulation,
    /// While set, `fee` fails as a component that trapped does.
    pub failing: AtomicBool,
}

impl FakeRules {
    fn new(digest: &'static str, failing: bool) -> FakeRules {
        let refusal = |code: &str, process: &str| {
            json!({"code": code, "process": process,
                   "message": {"ru": "Отказ", "kk": "Бас тарту", "en": "refused"}})
        };
        let rule = |step: &str, refusals: Vec<serde_json::Value>| json!({"step": step, "processes": ["P1"], "limit": null, "refusals": refusals});
        let regulation = serde_json::from_value(json!({
            "region": REGION,
            "act": {"ru": "Регламент", "kk": "Регламент", "en": "regulation"},
            "in_force_from": "2013-01-01", "in_force_until": null, "time_zone": "Asia/Almaty",
            "provider": {"ru": "Управление", "kk": "Басқарма", "en": "department"},
            "services": [{
                "id": "licence",
                "title": {"ru": "Лицензия", "kk": "Лицензия", "en": "licence"},
                "result": "licence", "kinds": ["issue"], "applicants": ["individual"],
                "categories": [],
                "routes": [{"channel": "portal", "steps": [
                    rule("authorize", vec![refusal("auth-refused", "P2")]),
                    rule("payment-check", vec![refusal("not-paid", "P5")]),
                    rule("issue", vec![]),
                ]}],
            }],
        }))
        .expect("the made-up regulation");
        FakeRules {
            digest,
            regulation,
            failing: AtomicBool::new(failing),
        }
    }
}

impl RegionRules for FakeRules {
    fn digest(&self) -> &str {
        self.digest
    }
    fn regulation(&self) -> &Regulation {
        &self.regulation
    }
    fn check_form(&self, _: &RulesApplication) -> Result<Vec<Message>, RulesError> {
        Ok(Vec::new())
    }
    fn check_completeness(&self, _: &RulesApplication) -> Result<Vec<Message>, RulesError> {
        Ok(Vec::new())
    }
    fn fee(&self, _: &str, _: RequestKind) -> Result<Option<u64>, RulesError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(RulesError::Failed {
                digest: self.digest.to_owned(),
                call: "fee",
                reason: "wasm trap: wasm `unreachable` instruction executed".to_owned(),
            });
        }
        Ok(Some(FEE))
    }
    fn term(&self, _: &RulesApplication) -> Result<Term, RulesError> {
        Ok(Term {
            amount: 10,
            unit: Unit::WorkingDays,
        })
    }
    fn decide(&self, _: &RulesApplication, _: &[StaffAction]) -> Result<Decision, RulesError> {
        Ok(Decision::Approve)
    }
    fn render(&self, _: &RulesApplication, _: &Decision) -> Result<String, RulesError> {
        Ok("{}".to_owned())
    }
}

/// The rule versions by digest.
struct FakeSource(HashMap<&'static str, Arc<FakeRules>>);

impl RulesSource for FakeSource {
    fn in_force(&self, _: &str, _: &str) -> Result<Arc<dyn RegionRules>, RulesError> {
        self.by_digest(GOOD)
    }
    fn by_digest(&self, digest: &str) -> Result<Arc<dyn RegionRules>, RulesError> {
        self.0
            .get(digest)
            .map(|r| r.clone() as Arc<dyn RegionRules>)
            .ok_or_else(|| RulesError::NotFound(format!("no rules {digest}")))
    }
    fn catalogue(&self) -> Vec<Arc<dyn RegionRules>> {
        vec![self.0[GOOD].clone()]
    }
}

/// A context over a fresh store, its clock and its trapping rules.
pub struct Rig {
    pub ctx: Context,
    pub clock: Arc<ManualClock>,
    pub trapping: Arc<FakeRules>,
    _dir: tempfile::TempDir,
}

/// Monday 11 February 2013, 09:00 in Astana.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2013, 2, 11, 3, 0, 0).unwrap()
}

impl Rig {
    pub fn new() -> Rig {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(dir.path().join("reglament.db")).expect("a SQLite store");
        let trapping = Arc::new(FakeRules::new(TRAPPING, true));
        let source = FakeSource(HashMap::from([
            (GOOD, Arc::new(FakeRules::new(GOOD, false))),
            (TRAPPING, trapping.clone()),
        ]));
        let clock = Arc::new(ManualClock::at(monday()));
        let ctx = Context {
            store: Arc::new(store),
            rules: Arc::new(source),
            trust: Arc::new(TrustStore::default()),
            clock: clock.clone(),
            calendar: Calendar::kazakhstan(),
            provider_keys: Default::default(),
            settings: Settings::default(),
            recent: Default::default(),
        };
        Rig {
            ctx,
            clock,
            trapping,
            _dir: dir,
        }
    }

    /// Commits application `id` filed an hour ago under `digest`, at `step` in progress, whose
    /// current step is due at `step_due`; answers its first event (the one that wakes `step`).
    pub async fn file(
        &self,
        id: &str,
        digest: &str,
        step: Step,
        step_due: Option<DateTime<Utc>>,
    ) -> Event {
        let filed = self.ctx.clock.now() - Duration::hours(1);
        let filing = Filing {
            region: REGION.to_owned(),
            service: "licence".to_owned(),
            kind: RequestKind::Issue,
            channel: Channel::Portal,
            applicant: "870412300416".to_owned(),
            applicant_kind: ApplicantKind::Individual,
            category: None,
            form: json!({}),
            documents: Vec::new(),
            signature: None,
            filed_by: "870412300416".to_owned(),
            filed_at: timestamp(filed),
            filed_on: filed.date_naive().to_string(),
        };
        let app = Application {
            step_due: step_due.map(timestamp),
            ..Application::filed(id.to_owned(), filing, digest.to_owned(), step)
        };
        let mut t = Transition::of(&app, "filing", filed);
        t.outcome = Outcome::Filed;
        t.actor = app.filing.filed_by.clone();
        self.ctx.commit(None, t).await.expect("commit the filing");
        self.events(id).await.remove(0)
    }

    /// The application as stored.
    pub async fn app(&self, id: &str) -> Application {
        reglament_core::steps::load(self.ctx.store.as_ref(), id)
            .await
            .expect("read the application")
            .expect("the application exists")
    }

    /// The application's history.
    pub async fn events(&self, id: &str) -> Vec<Event> {
        self.ctx
            .store
            .query(&app_pk(id), "EVT#")
            .await
            .expect("read the history")
            .iter()
            .map(|item| item.to_value().expect("an event"))
            .collect()
    }

    /// The application's `STALL` item, if any.
    pub async fn stall(&self, id: &str) -> Option<Stall> {
        self.ctx
            .store
            .get(&stall_key(id))
            .await
            .expect("read the stall")
            .map(|item| item.to_value().expect("a stall"))
    }

    /// The stall operators see in the application's status: the one at its current event while
    /// it is open (the API's view, `reglament_api::applications::view`, shows exactly that).
    pub async fn shown_stall(&self, id: &str) -> Option<Stall> {
        let app = self.app(id).await;
        self.stall(id)
            .await
            .filter(|s| !app.status.is_final() && s.seq == app.version)
    }

    /// The stream record Lambda delivers for the item at `key` as the store holds it.
    pub async fn record(&self, event_name: &str, key: Key, sequence: &str) -> EventRecord {
        let item = self
            .ctx
            .store
            .get(&key)
            .await
            .expect("read the item")
            .expect("the item exists");
        stream_record(event_name, &item, sequence)
    }

    /// The stream record of event `seq` of application `id`.
    pub async fn event_record(&self, id: &str, seq: u64, sequence: &str) -> EventRecord {
        self.record("INSERT", Key::new(app_pk(id), event_sk(seq)), sequence)
            .await
    }
}

/// A stream record of `item`'s new image, as Lambda delivers it.
pub fn stream_record(event_name: &str, item: &Item, sequence: &str) -> EventRecord {
    let mut image = item.attrs.clone();
    image.insert("pk".into(), item.key.pk.clone().into());
    image.insert("sk".into(), item.key.sk.clone().into());
    let mut record: EventRecord = serde_json::from_value(json!({
        "eventID": sequence, "eventName": event_name, "eventVersion": "1.1",
        "eventSource": "aws:dynamodb", "awsRegion": "eu-central-1",
        "dynamodb": {
            "ApproximateCreationDateTime": 1_700_000_000.0,
            "Keys": {"pk": {"S": item.key.pk}, "sk": {"S": item.key.sk}},
            "SequenceNumber": sequence, "SizeBytes": 100, "StreamViewType": "NEW_IMAGE"
        }
    }))
    .expect("a stream record");
    record.change.new_image =
        serde_dynamo::to_item(serde_json::Value::Object(image)).expect("a DynamoDB image");
    record
}

/// A batch of records.
pub fn batch(records: Vec<EventRecord>) -> StreamEvent {
    StreamEvent { records }
}

/// The sequence numbers a response reports as failed, in order.
pub fn failed(response: &DynamoDbEventResponse) -> Vec<String> {
    response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.clone().unwrap_or_default())
        .collect()
}
