//! An event: one committed transition of an application, the `APP#<id> / EVT#<seq>` item.
//!
//! The events of an application are its "History of receiving services" and its audit log. Each
//! carries the hash of the one before, so a changed or removed event breaks the chain. An event
//! with `next` set wakes that step (DynamoDB Streams in the cloud, the embedded runner locally).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::rules::{Limit, Step};

/// What a transition did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The application was filed.
    Filed,
    /// The step passed; `next` runs.
    Passed,
    /// The step waits for the outside world (payment, staff).
    Waiting,
    /// The outside world answered (payment received, staff decided, a wait expired).
    Woken,
    /// The step refused the application.
    Refused,
    /// The result (or the motivated refusal) was issued; the application ended.
    Issued,
    /// The sweep found the open step or task past its due time; nothing else changed.
    Overdue,
}

/// One entry of an application's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub application: String,
    pub seq: u64,
    /// The step that ran, or "filing", "payment-gateway", "staff", "sweep" for outside events.
    pub step: String,
    pub outcome: Outcome,
    /// The step this event wakes; none when nothing runs next.
    pub next: Option<Step>,
    /// Who acted: an account login, "system", "payment-gateway".
    pub actor: String,
    /// RFC 3339 time of the transition.
    pub at: String,
    /// The regulation processes the step covers.
    pub processes: Vec<String>,
    /// The step's time limit from the annex tables.
    pub limit: Option<Limit>,
    /// When the work this event starts is due (RFC 3339).
    pub due: Option<String>,
    /// The rule component that governed the transition.
    pub rules_digest: String,
    /// Details: the refusal, the registration number, the staff action…
    #[serde(default)]
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

impl Event {
    /// Seal the event: compute its hash over every other field and the previous hash.
    pub fn seal(mut self) -> Event {
        self.hash = String::new();
        self.hash = self.compute_hash();
        self
    }

    /// Whether the stored hash matches the content.
    pub fn verify(&self) -> bool {
        let mut copy = self.clone();
        copy.hash = String::new();
        copy.compute_hash() == self.hash
    }

    fn compute_hash(&self) -> String {
        let mut unsealed = self.clone();
        unsealed.hash = String::new();
        let bytes = serde_json_canonicalizer::to_vec(&unsealed).unwrap_or_default();
        hex::encode(Sha256::digest(bytes))
    }
}

/// The sort key of event `seq`.
pub fn event_sk(seq: u64) -> String {
    format!("EVT#{seq:010}")
}

/// The partition key of application `id`.
pub fn app_pk(id: &str) -> String {
    format!("APP#{id}")
}

/// The hash an application's first event chains to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
