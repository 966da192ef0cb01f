//! What a region's rules decide, as the host sees it: the Rust side of the `kz:reglament` WIT
//! contract (`wit/reglament.wit`), and the [`RegionRules`] port the steps call.
//!
//! The types mirror the WIT records one to one; `functions/rules` converts between them and the
//! component's bindings.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How an application reaches the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// The applicant on the e-government portal, signing with their EDS.
    Portal,
    /// A provider employee, for an applicant with paper documents.
    Provider,
    /// A public service centre operator, signing with the operator's EDS.
    ServiceCenter,
}

/// A host step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Authorize,
    PaymentCheck,
    SignatureCheck,
    Register,
    QualificationCheck,
    Issue,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Authorize,
        Step::PaymentCheck,
        Step::SignatureCheck,
        Step::Register,
        Step::QualificationCheck,
        Step::Issue,
    ];

    /// The kebab-case name used in events, URLs and Lambda filters.
    pub fn name(self) -> &'static str {
        match self {
            Step::Authorize => "authorize",
            Step::PaymentCheck => "payment-check",
            Step::SignatureCheck => "signature-check",
            Step::Register => "register",
            Step::QualificationCheck => "qualification-check",
            Step::Issue => "issue",
        }
    }

    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Channel::Portal => "portal",
            Channel::Provider => "provider",
            Channel::ServiceCenter => "service-center",
        })
    }
}

/// What the applicant asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    Issue,
    Reissue,
    Duplicate,
    Preliminary,
    Main,
    Repeat,
}

impl RequestKind {
    pub fn name(self) -> &'static str {
        match self {
            RequestKind::Issue => "issue",
            RequestKind::Reissue => "reissue",
            RequestKind::Duplicate => "duplicate",
            RequestKind::Preliminary => "preliminary",
            RequestKind::Main => "main",
            RequestKind::Repeat => "repeat",
        }
    }

    /// Whether the request is about a document the applicant already holds.
    pub fn refers_to_held_document(self) -> bool {
        matches!(self, RequestKind::Reissue | RequestKind::Duplicate)
    }
}

/// Who may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApplicantKind {
    /// A person, identified by IIN.
    Individual,
    /// A legal entity, identified by BIN.
    LegalEntity,
}

/// The unit of a time limit or term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Seconds,
    Minutes,
    Hours,
    WorkingDays,
    CalendarDays,
    Months,
}

/// A duration as a regulation states it ("15 working days", "1 month").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Term {
    pub amount: u32,
    pub unit: Unit,
}

/// A step's time limit from the annex tables; a range keeps both ends, the upper one counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Limit {
    pub low: u32,
    pub high: u32,
    pub unit: Unit,
}

impl Limit {
    /// The limit that counts: the upper end.
    pub fn term(&self) -> Term {
        Term {
            amount: self.high,
            unit: self.unit,
        }
    }
}

/// A text shown to people: Russian and Kazakh from the regulation, and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    pub ru: String,
    pub kk: String,
    pub en: String,
}

/// Why an application ended without its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalCode {
    AuthRefused,
    ApplicantNotFound,
    NotPaid,
    SignatureInvalid,
    Incomplete,
    Refused,
}

impl RefusalCode {
    pub fn name(self) -> &'static str {
        match self {
            RefusalCode::AuthRefused => "auth-refused",
            RefusalCode::ApplicantNotFound => "applicant-not-found",
            RefusalCode::NotPaid => "not-paid",
            RefusalCode::SignatureInvalid => "signature-invalid",
            RefusalCode::Incomplete => "incomplete",
            RefusalCode::Refused => "refused",
        }
    }

    /// A refusal after registration is a motivated refusal: a signed e-document formed by the
    /// issue step (DECISIONS 6).
    pub fn is_motivated(self) -> bool {
        matches!(self, RefusalCode::Incomplete | RefusalCode::Refused)
    }
}

/// The refusal a step gives when it fails, and the regulation process that forms it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalRule {
    pub code: RefusalCode,
    pub process: String,
    pub message: Message,
}

/// One step of a route as the regulation prescribes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRule {
    pub step: Step,
    pub processes: Vec<String>,
    pub limit: Option<Limit>,
    /// The refusals the step can give, one per refusal code.
    pub refusals: Vec<RefusalRule>,
}

/// The ordered steps one channel takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub channel: Channel,
    pub steps: Vec<StepRule>,
    /// The service term leaves out the day the application is accepted (Almaty para 8(5)).
    #[serde(default)]
    pub skip_acceptance_day: bool,
    /// The provider hands the result over this long before the term ends (Almaty para 8(6)).
    #[serde(default)]
    pub hand_over_before: Option<Term>,
}

impl Route {
    pub fn rule(&self, step: Step) -> Option<&StepRule> {
        self.steps.iter().find(|r| r.step == step)
    }

    /// The step after `step` on this route, if any.
    pub fn next_after(&self, step: Step) -> Option<Step> {
        let at = self.steps.iter().position(|r| r.step == step)?;
        self.steps.get(at + 1).map(|r| r.step)
    }
}

/// One electronic government service of a regulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub title: Message,
    /// "licence", "permit" or "conclusion".
    pub result: String,
    pub kinds: Vec<RequestKind>,
    pub applicants: Vec<ApplicantKind>,
    pub categories: Vec<String>,
    pub routes: Vec<Route>,
}

impl Service {
    pub fn route(&self, channel: Channel) -> Option<&Route> {
        self.routes.iter().find(|r| r.channel == channel)
    }
}

/// The regulation a regional rule component carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regulation {
    pub region: String,
    pub act: Message,
    /// First day in force (ISO date).
    pub in_force_from: String,
    /// Last day in force (ISO date), none while in force.
    pub in_force_until: Option<String>,
    /// IANA time zone of the region.
    pub time_zone: String,
    pub provider: Message,
    pub services: Vec<Service>,
}

impl Regulation {
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

/// An application as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesApplication {
    pub id: String,
    pub service: String,
    pub kind: RequestKind,
    pub channel: Channel,
    pub applicant: String,
    pub applicant_kind: ApplicantKind,
    pub category: Option<String>,
    /// ISO date of filing.
    pub filed_on: String,
    /// The request form, a JSON object.
    pub form: String,
    pub documents: Vec<String>,
}

/// What a staff member did with an application under review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAction {
    pub role: String,
    pub login: String,
    pub action: String,
    pub reasons: Vec<Message>,
    /// RFC 3339 time of the action.
    pub at: String,
}

/// Work the provider's staff must do before the rules can decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffTask {
    /// The staff role that does it; "provider" for any member of the provider's staff.
    pub role: String,
    pub action: String,
    pub instruction: Message,
    pub limit: Option<Term>,
    /// The answers that complete the task; empty means "approve" or "refuse".
    #[serde(default)]
    pub outcomes: Vec<String>,
    /// Whether `limit` counts from registration rather than from the task's start.
    #[serde(default)]
    pub from_registration: bool,
}

impl StaffTask {
    /// The answers that complete the task.
    pub fn answers(&self) -> Vec<String> {
        if self.outcomes.is_empty() {
            vec!["approve".into(), "refuse".into()]
        } else {
            self.outcomes.clone()
        }
    }
}

/// Whether a staff answer must give reasons: a refusal, incompleteness or remarks.
pub fn answer_needs_reasons(answer: &str) -> bool {
    matches!(answer, "refuse" | "refusal" | "incomplete" | "remarks")
}

/// The verdict of an ecological expertise conclusion (согласовывается / не согласовывается).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Agreed,
    NotAgreed,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Agreed => "agreed",
            Verdict::NotAgreed => "not-agreed",
        }
    }
}

/// An expertise conclusion the rules decided on; issued as the result whatever its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conclusion {
    pub verdict: Verdict,
    pub reasons: Vec<Message>,
}

/// Remarks sent to the applicant and the term to correct them, from the day they are sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemarksRequest {
    pub remarks: Vec<Message>,
    pub correction: Term,
}

/// The qualification decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", content = "details", rename_all = "kebab-case")]
pub enum Decision {
    Approve,
    Refuse(Vec<Message>),
    Review(Vec<StaffTask>),
    Remarks(RemarksRequest),
    /// Documents found incomplete by staff after registration: a motivated `incomplete` refusal.
    Incomplete(Vec<Message>),
    /// An expertise conclusion with its verdict.
    Conclude(Conclusion),
}

/// Why a call into a region's rules failed. A rules failure is a step failure: the application
/// stays as it was and operators see it stalled; it never becomes a refusal.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RulesError {
    /// The component trapped, ran out of time or memory, or answered something malformed.
    #[error("rules {digest} failed in {call}: {reason}")]
    Failed {
        digest: String,
        call: &'static str,
        reason: String,
    },
    /// No published rules for the region on the date, or the pinned digest is unknown.
    #[error("{0}")]
    NotFound(String),
    /// Publishing refused the component.
    #[error("component refused: {0}")]
    Invalid(String),
}

/// One loaded version of a region's rules, identified by the SHA-256 digest of its component.
///
/// Every call runs the component in a fresh sandbox with a time and memory limit.
pub trait RegionRules: Send + Sync {
    /// Hex SHA-256 of the component's `.wasm`.
    fn digest(&self) -> &str;
    /// The regulation, as the component answered at load.
    fn regulation(&self) -> &Regulation;
    fn check_form(&self, app: &RulesApplication) -> Result<Vec<Message>, RulesError>;
    fn check_completeness(&self, app: &RulesApplication) -> Result<Vec<Message>, RulesError>;
    fn fee(&self, service: &str, kind: RequestKind) -> Result<Option<u64>, RulesError>;
    fn term(&self, app: &RulesApplication) -> Result<Term, RulesError>;
    fn decide(&self, app: &RulesApplication, staff: &[StaffAction])
    -> Result<Decision, RulesError>;
    fn render(&self, app: &RulesApplication, outcome: &Decision) -> Result<String, RulesError>;
}

/// Where the steps find rules: the version in force on a date, or a pinned digest.
pub trait RulesSource: Send + Sync {
    /// The version of the region's rules in force on `date` (ISO), the newest published first.
    fn in_force(&self, region: &str, date: &str) -> Result<Arc<dyn RegionRules>, RulesError>;
    /// The version with this digest.
    fn by_digest(&self, digest: &str) -> Result<Arc<dyn RegionRules>, RulesError>;
    /// Every loaded version currently in force or active, one per region and act (the catalogue).
    fn catalogue(&self) -> Vec<Arc<dyn RegionRules>>;
}
