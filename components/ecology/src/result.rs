//! `render`: the content of the result as a JSON object. The host adds the number, the dates and
//! the provider's signature ("электронный документ формируется с использованием ЭЦП
//! уполномоченного лица услугодателя").
//!
//! - `approve` → the emission permit: `{"type": "permit", "service", "kind", "title",
//!   "holder": {"id", "kind", "name"}, "object": {"name", "address", "category"},
//!   "referenced_permit" (re-issue), "tables" (the limits by year the request gave, see
//!   [`crate::limits`]), "act", "provider", "region", "application"}`;
//! - `conclude` → the expertise conclusion: `{"type": "conclusion", "verdict": "agreed" |
//!   "not-agreed", "verdict_text": {"ru": "согласовывается", …}, "project", "object_type",
//!   "reasons", …}` — a `not-agreed` conclusion is an issued result, not a refusal;
//! - `refuse` / `incomplete` → the motivated refusal: `{"type": "refusal", "code", "process",
//!   "statement", "reasons", …}`, the process being the one the channel's route names;
//! - `review` / `remarks` have no result document: `{"type": "none", "outcome"}`.

use serde_json::{Value, json};

use crate::act::Act;
use crate::form::Form;
use crate::forms::{kind_name, object_type};
use crate::limits::Limits;
use crate::text::{Text, localized};
use crate::types::{ApplicantKind, Application, Decision, Message, RefusalCode, Verdict};

/// «согласовывается» / «келісіледі».
pub const AGREED: Text = Text {
    ru: "согласовывается",
    kk: "келісіледі",
    en: "agreed",
};

/// «не согласовывается» / «келісілмейді».
pub const NOT_AGREED: Text = Text {
    ru: "не согласовывается",
    kk: "келісілмейді",
    en: "not agreed",
};

/// `render`.
pub fn render(act: &'static Act, app: &Application, outcome: &Decision) -> String {
    let form = Form::parse(&app.form).unwrap_or_default();
    let mut content = heading(act, app, &form);
    let extra = match outcome {
        Decision::Approve => json!({
            "type": "permit",
            "object": {
                "name": form.text("object_name"),
                "address": form.text("object_address"),
                "category": app.category,
            },
            "referenced_permit": form.text("licence_number"),
            "tables": Limits::parse(&form).ok().filter(|l| !l.is_empty()).map(|l| l.tables()),
        }),
        Decision::Conclude(conclusion) => json!({
            "type": "conclusion",
            "verdict": match conclusion.verdict {
                Verdict::Agreed => "agreed",
                Verdict::NotAgreed => "not-agreed",
            },
            "verdict_text": localized(match conclusion.verdict {
                Verdict::Agreed => AGREED.message(),
                Verdict::NotAgreed => NOT_AGREED.message(),
            }),
            "project": form.text("project_name"),
            "object_type": object_type(&form),
            "category": app.category,
            "previous_conclusion": form.text("previous_conclusion"),
            "reasons": conclusion.reasons.iter().cloned().map(localized).collect::<Vec<_>>(),
        }),
        Decision::Refuse(reasons) => refusal(act, app, RefusalCode::Refused, reasons),
        Decision::Incomplete(reasons) => refusal(act, app, RefusalCode::Incomplete, reasons),
        Decision::Review(_) => json!({"type": "none", "outcome": "review"}),
        Decision::Remarks(_) => json!({"type": "none", "outcome": "remarks"}),
    };
    if let (Value::Object(content), Value::Object(extra)) = (&mut content, extra) {
        content.extend(extra.into_iter().filter(|(_, v)| !v.is_null()));
    }
    content.to_string()
}

/// The motivated refusal of the channel's route.
fn refusal(act: &'static Act, app: &Application, code: RefusalCode, reasons: &[Message]) -> Value {
    let route = act.service(&app.service).and_then(|s| s.route(app.channel));
    let process = route
        .and_then(|r| r.refusal_process(code))
        .or_else(|| route.and_then(|r| r.refusal_process(RefusalCode::Refused)));
    let mut reasons: Vec<Value> = reasons.iter().cloned().map(localized).collect();
    if reasons.is_empty() {
        reasons.push(localized(act.requirements_not_met.message()));
    }
    json!({
        "type": "refusal",
        "code": match code {
            RefusalCode::Incomplete => "incomplete",
            _ => "refused",
        },
        "process": process,
        "statement": localized(act.refusal_statement.message()),
        "reasons": reasons,
    })
}

/// What every document says about the application.
fn heading(act: &'static Act, app: &Application, form: &Form) -> Value {
    let title = act
        .service(&app.service)
        .map_or_else(|| json!(app.service), |s| localized(s.title.message()));
    json!({
        "service": app.service,
        "kind": kind_name(app.kind),
        "title": title,
        "holder": {
            "id": app.applicant,
            "kind": match app.applicant_kind {
                ApplicantKind::Individual => "individual",
                ApplicantKind::LegalEntity => "legal-entity",
            },
            "name": form.text("applicant_name"),
        },
        "act": localized(act.act.message()),
        "provider": localized(act.provider.message()),
        "region": act.region,
        "application": app.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ACT, application};
    use crate::types::{Channel, Conclusion, RequestKind};

    fn rendered(app: &Application, outcome: &Decision) -> Value {
        serde_json::from_str(&render(&ACT, app, outcome)).expect("JSON")
    }

    #[test]
    fn the_permit_the_conclusion_and_the_refusal() {
        let app = application("emission-permit", RequestKind::Issue);
        let permit = rendered(&app, &Decision::Approve);
        assert_eq!(permit["type"], "permit");
        assert!(
            permit.get("tables").is_none(),
            "no limits requested: {permit}"
        );
        let mut limited = app.clone();
        limited.form =
            r#"{"applicant_name": "ТОО «Эко»", "limits": {"sulphur": {"2014": 2.5}}}"#.into();
        let tables = &rendered(&limited, &Decision::Approve)["tables"];
        assert_eq!(tables[0]["title"]["kk"], "Күкірт орналастыру (4-қосымша)");
        assert_eq!(tables[0]["rows"], json!([["2014", 2.5]]));
        assert_eq!(permit["object"]["category"], "II");
        assert_eq!(permit["holder"]["name"], "ТОО «Эко»");
        let expertise = application("ecological-expertise", RequestKind::Main);
        let conclusion = rendered(
            &expertise,
            &Decision::Conclude(Conclusion {
                verdict: Verdict::NotAgreed,
                reasons: vec![],
            }),
        );
        assert_eq!(conclusion["type"], "conclusion");
        assert_eq!(conclusion["verdict"], "not-agreed");
        assert_eq!(conclusion["verdict_text"]["ru"], "не согласовывается");
        let mut app = app;
        app.channel = Channel::Provider;
        let refusal = rendered(&app, &Decision::Incomplete(vec![]));
        assert_eq!(refusal["type"], "refusal");
        assert_eq!(refusal["code"], "incomplete");
        assert_eq!(refusal["process"], "P8");
        assert_eq!(refusal["reasons"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn anything_renders_to_a_json_object() {
        let mut app = application("nothing", RequestKind::Duplicate);
        app.form = "\u{0}{".into();
        for outcome in [
            Decision::Approve,
            Decision::Refuse(vec![]),
            Decision::Review(vec![]),
        ] {
            assert!(rendered(&app, &outcome).is_object());
        }
    }
}
