//! An application: what was filed, and where it stands.
//!
//! Stored as the `APP#<id> / STATE` item. Every committed transition replaces it whole, guarded by
//! its `version` (the sequence number of the last event), so a duplicate or concurrent step loses
//! the condition and changes nothing.

use serde::{Deserialize, Serialize};

use crate::refusal::Refusal;
use crate::rules::{
    ApplicantKind, Channel, Conclusion, RequestKind, RulesApplication, StaffAction, Step,
};
use crate::signature::SignedRequest;

/// Where an application stands, as the applicant sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A step is due to run.
    InProgress,
    /// Waiting for the outside world: a payment, a staff decision, the applicant's correction.
    Waiting,
    /// Ended with the result issued.
    Issued,
    /// Ended with a refusal.
    Refused,
}

impl Status {
    pub fn is_final(self) -> bool {
        matches!(self, Status::Issued | Status::Refused)
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::InProgress => "in-progress",
            Status::Waiting => "waiting",
            Status::Issued => "issued",
            Status::Refused => "refused",
        }
    }
}

/// What the applicant (or an employee or operator for them) filed. Never changes after filing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filing {
    pub region: String,
    pub service: String,
    pub kind: RequestKind,
    pub channel: Channel,
    /// IIN or BIN of the applicant.
    pub applicant: String,
    pub applicant_kind: ApplicantKind,
    pub category: Option<String>,
    /// The request form, a JSON object. Kept in the `REQUEST` item, not in `STATE` (see
    /// [`RequestContent`]).
    #[serde(skip)]
    pub form: serde_json::Value,
    /// Kinds of the attached documents (in the `REQUEST` item).
    #[serde(skip)]
    pub documents: Vec<String>,
    /// The EDS over the canonical request, when the channel signs (in the `REQUEST` item).
    #[serde(skip)]
    pub signature: Option<SignedRequest>,
    /// Login of the account that filed it.
    pub filed_by: String,
    /// RFC 3339 time of filing.
    pub filed_at: String,
    /// ISO date of filing in the region's time zone: it chooses the rules.
    pub filed_on: String,
}

/// The `STATE` item of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: String,
    pub filing: Filing,
    /// SHA-256 of the rule component pinned at filing; governs the application for its life.
    pub rules_digest: String,
    /// The step that runs next, or is waiting; none once the application has ended.
    pub step: Option<Step>,
    pub status: Status,
    /// Sequence number of the last event.
    pub version: u64,
    /// Hash of the last event: the next one chains to it.
    pub last_hash: String,
    pub registration_number: Option<String>,
    /// RFC 3339 time of registration.
    pub registered_at: Option<String>,
    /// The service's overall deadline (RFC 3339), from registration.
    pub due: Option<String>,
    /// When the current step or wait is due (RFC 3339).
    pub step_due: Option<String>,
    /// Set when a step refused; the application ends (or, for a motivated refusal, goes to the
    /// issue step to form the signed refusal).
    pub refusal: Option<Refusal>,
    /// What provider staff did while the application was under review.
    pub staff_actions: Vec<StaffAction>,
    /// Number of the issued result document (licence, permit, conclusion or motivated refusal).
    pub document: Option<String>,
    /// The expertise conclusion the rules decided on (its verdict), issued by the issue step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<Conclusion>,
    /// The due time (RFC 3339) of the open step or task the sweep found missed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<String>,
    /// RFC 3339 time the application ended.
    pub finished_at: Option<String>,
}

impl Application {
    /// A just-filed application: `id`, governed by the rules at `rules_digest`, in progress at
    /// its route's `first` step, with no event yet and nothing decided.
    pub fn filed(id: String, filing: Filing, rules_digest: String, first: Step) -> Application {
        Application {
            id,
            filing,
            rules_digest,
            step: Some(first),
            status: Status::InProgress,
            version: 0,
            last_hash: crate::event::GENESIS_HASH.to_string(),
            registration_number: None,
            registered_at: None,
            due: None,
            step_due: None,
            refusal: None,
            staff_actions: Vec::new(),
            document: None,
            conclusion: None,
            overdue: None,
            finished_at: None,
        }
    }

    /// The application as a regional rule component sees it.
    pub fn for_rules(&self) -> RulesApplication {
        RulesApplication {
            id: self.id.clone(),
            service: self.filing.service.clone(),
            kind: self.filing.kind,
            channel: self.filing.channel,
            applicant: self.filing.applicant.clone(),
            applicant_kind: self.filing.applicant_kind,
            category: self.filing.category.clone(),
            filed_on: self.filing.filed_on.clone(),
            form: self.filing.form.to_string(),
            documents: self.filing.documents.clone(),
        }
    }
}

/// The bulky, never-changing part of a filing — form, documents and signature — kept in its own
/// `APP#<id> / REQUEST` item, written once at filing, so that every transition rewrites only the
/// small `STATE` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestContent {
    pub form: serde_json::Value,
    pub documents: Vec<String>,
    pub signature: Option<SignedRequest>,
}

impl RequestContent {
    pub fn of(filing: &Filing) -> RequestContent {
        RequestContent {
            form: filing.form.clone(),
            documents: filing.documents.clone(),
            signature: filing.signature.clone(),
        }
    }

    pub fn fill(self, filing: &mut Filing) {
        filing.form = self.form;
        filing.documents = self.documents;
        filing.signature = self.signature;
    }
}
