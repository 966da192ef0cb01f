//! `render`: the content of the result as a JSON object. The host adds the number, the dates and
//! the provider's signature (the act: "электронный документ формируется с использованием ЭЦП
//! уполномоченного лица услугодателя").
//!
//! An approval renders the electronic licence (portal P11, provider P9):
//!
//! ```json
//! { "type": "licence", "service": "grain-warehouse", "kind": "issue",
//!   "title": {"ru","kk","en"}, "activity": {"ru","kk","en"},
//!   "holder": {"id": "<IIN/BIN>", "kind": "legal-entity", "name": "<applicant_name, if given>"},
//!   "place_of_activity": "<activity_address, if given>",
//!   "methods": ["aerosol", "fumigation"],           // pesticide-application only
//!   "referenced_licence": "<licence_number>",       // re-issue and duplicate only
//!   "act": {..}, "provider": {..}, "region": "akmola", "application": "<id>" }
//! ```
//!
//! A refusal renders the motivated refusal (portal P10, provider P8): `"type": "refusal"`, the
//! same service, kind, holder (as `applicant`), act, provider, region and application, plus
//! `"process"`, the act's refusal `"statement"` and the `"reasons"` (at least one).
//!
//! An `incomplete` refusal renders the same motivated refusal. `review`, `remarks` and
//! `conclude` (the act has no expertise conclusions) have no result document: they render `{"type": "none", "outcome": …}`
//! so that a call at the wrong moment is visible rather than a trap.

use serde::Serialize;

use crate::form::Form;
use crate::messages::{self, Text, kind_name};
use crate::regulation::{ACT, PROVIDER, REGION};
use crate::routes::motivated_refusal_process;
use crate::service::LicenceService;
use crate::types::{ApplicantKind, Application, Decision, Message, RequestKind};

/// A text in three languages, as the result carries it.
#[derive(Debug, Serialize)]
struct Localized {
    ru: String,
    kk: String,
    en: String,
}

impl From<Text> for Localized {
    fn from(text: Text) -> Localized {
        Localized {
            ru: text.ru.to_owned(),
            kk: text.kk.to_owned(),
            en: text.en.to_owned(),
        }
    }
}

impl From<&Message> for Localized {
    fn from(message: &Message) -> Localized {
        Localized {
            ru: message.ru.clone(),
            kk: message.kk.clone(),
            en: message.en.clone(),
        }
    }
}

impl Localized {
    /// The same text in every language (an id the act does not know).
    fn same(text: &str) -> Localized {
        Localized {
            ru: text.to_owned(),
            kk: text.to_owned(),
            en: text.to_owned(),
        }
    }
}

/// Who holds the licence, or whom the refusal is addressed to.
#[derive(Debug, Serialize)]
struct Holder {
    /// IIN or BIN.
    id: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

/// What both documents say about the application.
#[derive(Debug, Serialize)]
struct Heading {
    service: String,
    kind: &'static str,
    title: Localized,
    activity: Localized,
    act: Localized,
    provider: Localized,
    region: &'static str,
    application: String,
}

/// The electronic licence.
#[derive(Debug, Serialize)]
struct Licence {
    #[serde(rename = "type")]
    document: &'static str,
    #[serde(flatten)]
    heading: Heading,
    holder: Holder,
    #[serde(skip_serializing_if = "Option::is_none")]
    place_of_activity: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    methods: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    referenced_licence: Option<String>,
}

/// The motivated refusal.
#[derive(Debug, Serialize)]
struct Refusal {
    #[serde(rename = "type")]
    document: &'static str,
    #[serde(flatten)]
    heading: Heading,
    applicant: Holder,
    process: &'static str,
    statement: Localized,
    reasons: Vec<Localized>,
}

/// No result document for this outcome.
#[derive(Debug, Serialize)]
struct NoResult {
    #[serde(rename = "type")]
    document: &'static str,
    outcome: &'static str,
    application: String,
}

/// `render`: the result content for an outcome, as a JSON object.
pub fn render(app: &Application, outcome: &Decision) -> String {
    let form = Form::parse(&app.form).ok();
    let json = match outcome {
        Decision::Approve => serde_json::to_string(&licence(app, form.as_ref())),
        Decision::Refuse(reasons) | Decision::Incomplete(reasons) => {
            serde_json::to_string(&refusal(app, form.as_ref(), reasons))
        }
        Decision::Review(_) => serde_json::to_string(&no_result(app, "review")),
        Decision::Remarks(_) => serde_json::to_string(&no_result(app, "remarks")),
        // The act issues licences, not expertise conclusions.
        Decision::Conclude(_) => serde_json::to_string(&no_result(app, "conclusion")),
    };
    // These documents always serialise; the fallback only keeps the promise never to trap.
    json.unwrap_or_else(|_| r#"{"type":"none"}"#.to_owned())
}

/// The licence: what the application and its form say about the holder and the activity.
fn licence(app: &Application, form: Option<&Form>) -> Licence {
    let read = |path: &str| form.and_then(|form| form.text(path)).map(str::to_owned);
    let methods = form.map(|form| form.texts("methods")).unwrap_or_default();
    Licence {
        document: "licence",
        heading: heading(app),
        holder: holder(app, form),
        place_of_activity: read("activity_address"),
        methods: methods.into_iter().map(str::to_owned).collect(),
        referenced_licence: match app.kind {
            RequestKind::Reissue | RequestKind::Duplicate => read("licence_number"),
            _ => None,
        },
    }
}

/// The motivated refusal of the application's channel, with at least one reason.
fn refusal(app: &Application, form: Option<&Form>, reasons: &[Message]) -> Refusal {
    let mut reasons: Vec<Localized> = reasons.iter().map(Localized::from).collect();
    if reasons.is_empty() {
        reasons.push(messages::REQUIREMENTS_NOT_MET.into());
    }
    Refusal {
        document: "refusal",
        heading: heading(app),
        applicant: holder(app, form),
        process: motivated_refusal_process(app.channel),
        statement: messages::DATA_VIOLATIONS.into(),
        reasons,
    }
}

/// The answer for an outcome that has no result document.
fn no_result(app: &Application, outcome: &'static str) -> NoResult {
    NoResult {
        document: "none",
        outcome,
        application: app.id.clone(),
    }
}

/// The service, act and provider, named as the act names them.
fn heading(app: &Application) -> Heading {
    let service = LicenceService::from_id(&app.service);
    Heading {
        service: app.service.clone(),
        kind: kind_name(app.kind),
        title: service.map_or_else(|| Localized::same(&app.service), |s| s.title().into()),
        activity: service.map_or_else(|| Localized::same(&app.service), |s| s.activity().into()),
        act: ACT.into(),
        provider: PROVIDER.into(),
        region: REGION,
        application: app.id.clone(),
    }
}

/// The applicant: IIN/BIN from the application, name from the form if it gives one.
fn holder(app: &Application, form: Option<&Form>) -> Holder {
    Holder {
        id: app.applicant.clone(),
        kind: match app.applicant_kind {
            ApplicantKind::Individual => "individual",
            ApplicantKind::LegalEntity => "legal-entity",
        },
        name: form
            .and_then(|form| form.text("applicant_name"))
            .map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{application, issue_form};
    use crate::types::Channel;
    use serde_json::{Value, json};

    fn rendered(app: &Application, outcome: &Decision) -> Value {
        serde_json::from_str(&render(app, outcome)).expect("render gives JSON")
    }

    #[test]
    fn an_approval_renders_the_licence() {
        let app = application(
            "pesticide-application",
            RequestKind::Issue,
            &issue_form(LicenceService::PesticideApplication),
        );
        let licence = rendered(&app, &Decision::Approve);
        assert_eq!(licence["type"], "licence");
        assert_eq!(licence["service"], "pesticide-application");
        assert_eq!(licence["kind"], "issue");
        assert_eq!(
            licence["holder"],
            json!({"id": "120340005678", "kind": "legal-entity", "name": "ТОО «Агро»"})
        );
        assert_eq!(licence["methods"], json!(["aerosol", "fumigation"]));
        assert_eq!(licence["place_of_activity"], "г. Кокшетау, ул. Абая, 1");
        assert!(
            licence["activity"]["ru"]
                .as_str()
                .is_some_and(|a| a.contains("аэрозольным"))
        );
        assert!(
            licence["act"]["kk"]
                .as_str()
                .is_some_and(|a| a.contains("А-11/464"))
        );
        assert!(
            licence["provider"]["en"]
                .as_str()
                .is_some_and(|p| p.contains("Agriculture"))
        );
        assert_eq!(licence["region"], "akmola");
        assert!(licence.get("referenced_licence").is_none());
    }

    #[test]
    fn a_duplicate_names_the_licence_it_duplicates() {
        let app = application(
            "veterinary",
            RequestKind::Duplicate,
            r#"{"licence_number":"12000345"}"#,
        );
        let licence = rendered(&app, &Decision::Approve);
        assert_eq!(licence["kind"], "duplicate");
        assert_eq!(licence["referenced_licence"], "12000345");
        assert!(licence["holder"].get("name").is_none());
    }

    #[test]
    fn a_refusal_renders_the_motivated_refusal_of_its_channel() {
        let reason = messages::REQUIREMENTS_NOT_MET.message();
        let mut app = application("grain-warehouse", RequestKind::Issue, "{}");
        let portal = rendered(&app, &Decision::Refuse(vec![reason.clone()]));
        assert_eq!(portal["type"], "refusal");
        assert_eq!(portal["process"], "P10");
        assert_eq!(portal["reasons"][0]["ru"], reason.ru.as_str());
        assert!(
            portal["statement"]["ru"]
                .as_str()
                .is_some_and(|s| s.contains("Е-лицензирование"))
        );

        app.channel = Channel::Provider;
        let provider = rendered(&app, &Decision::Refuse(Vec::new()));
        assert_eq!(provider["process"], "P8");
        assert_eq!(provider["reasons"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn anything_renders_to_a_json_object() {
        let app = application("no-such-service", RequestKind::Main, "\u{0}{[");
        for outcome in [
            Decision::Approve,
            Decision::Refuse(vec![]),
            Decision::Review(vec![]),
            Decision::Remarks(crate::testing::remarks()),
            Decision::Incomplete(vec![]),
        ] {
            assert!(rendered(&app, &outcome).is_object());
        }
        assert_eq!(rendered(&app, &Decision::Review(vec![]))["type"], "none");
    }
}
