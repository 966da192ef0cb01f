//! The request forms of the two services and `check-form`.
//!
//! The acts publish their forms on the portal or www.elicense.kz; Almaty's annexes give the
//! fields (emissions Annex 3, expertise Annex 2). These schemas keep what the result document
//! needs. A form is a JSON object of text fields; fields not listed are ignored.
//!
//! - **Emission permit, issue**: `applicant_name` (the nature user), `object_name` (the
//!   production object), `object_address` (where its sites are), and `limits`, optional: the
//!   limits by year requested (Almaty Annex 3 item 3), which the permit sets (see
//!   [`crate::limits`]).
//! - **Emission permit, re-issue**: `licence_number` (the number of the permit held, which the
//!   host finds in its registry of issued documents), `reason` (why it is re-issued).
//! - **Expertise**: `applicant_name`, `project_name` (the object of the expertise), and
//!   `object_type`, optional: `project` (the default), `regional-programme` or `legal-act-draft`
//!   (Almaty para 11: drafts of regional programmes and of normative legal acts, category II
//!   only). A **repeat** expertise also names `previous_conclusion`, the earlier conclusion.

use crate::act::{Act, Outcome};
use crate::form::Form;
use crate::limits::Limits;
use crate::text::message;
use crate::types::{Application, Message, RequestKind};

/// What may be submitted for expertise.
pub const OBJECT_TYPES: &[&str] = &["project", "regional-programme", "legal-act-draft"];

/// `check-form`: one message per problem; empty when the form is acceptable.
pub fn check_form(act: &'static Act, app: &Application) -> Vec<Message> {
    let Some(service) = act.service(&app.service) else {
        return vec![message(
            format!("Услуга «{}» не предусмотрена регламентом.", app.service),
            format!("«{}» қызметі регламентте көзделмеген.", app.service),
            format!("The service \"{}\" is not in the regulation.", app.service),
        )];
    };
    if !service.kinds.contains(&app.kind) {
        return vec![message(
            format!(
                "Вид заявления «{}» для этой услуги не предусмотрен.",
                kind_name(app.kind)
            ),
            format!(
                "Бұл қызмет үшін «{}» өтініш түрі көзделмеген.",
                kind_name(app.kind)
            ),
            format!(
                "The request kind \"{}\" is not provided for this service.",
                kind_name(app.kind)
            ),
        )];
    }
    let form = match Form::parse(&app.form) {
        Ok(form) => form,
        Err(problem) => return vec![problem],
    };
    let mut problems: Vec<Message> = required(service.outcome, app.kind)
        .iter()
        .filter(|field| form.text(field.0).is_none())
        .map(|field| missing(field.0, field.1))
        .collect();
    if service.outcome == Outcome::Permit
        && app.kind != RequestKind::Reissue
        && let Err(found) = Limits::parse(&form)
    {
        problems.extend(found);
    }
    if service.outcome == Outcome::Conclusion {
        match form.text("object_type") {
            None if form.has("object_type") => problems.push(bad_object_type()),
            Some(t) if !OBJECT_TYPES.contains(&t) => problems.push(bad_object_type()),
            Some(t) if t != "project" && app.category.as_deref() != Some("II") => {
                problems.push(message(
                    format!("Объект «{t}» (object_type) относится к категории II; указана другая категория."),
                    format!("«{t}» объектісі (object_type) II санатқа жатады; басқа санат көрсетілген."),
                    format!("An object of type {t} (object_type) is of category II; another category was given."),
                ))
            }
            _ => {}
        }
    }
    problems
}

/// The object of an expertise: `project` unless the form says otherwise.
pub fn object_type(form: &Form) -> &str {
    form.text("object_type").unwrap_or("project")
}

/// The fields a request must give: (name, label in Russian).
fn required(outcome: Outcome, kind: RequestKind) -> &'static [(&'static str, &'static str)] {
    match (outcome, kind) {
        (Outcome::Permit, RequestKind::Reissue) => &[
            ("licence_number", "Номер переоформляемого разрешения"),
            ("reason", "Основание переоформления"),
        ],
        (Outcome::Permit, _) => &[
            ("applicant_name", "Наименование природопользователя"),
            ("object_name", "Наименование производственного объекта"),
            (
                "object_address",
                "Местонахождение производственного объекта",
            ),
        ],
        (Outcome::Conclusion, RequestKind::Repeat) => &[
            ("applicant_name", "Наименование заявителя"),
            ("project_name", "Наименование проекта"),
            ("previous_conclusion", "Номер ранее выданного заключения"),
        ],
        (Outcome::Conclusion, _) => &[
            ("applicant_name", "Наименование заявителя"),
            ("project_name", "Наименование проекта"),
        ],
    }
}

fn missing(name: &str, label: &str) -> Message {
    message(
        format!("Не заполнено поле «{label}» ({name})."),
        format!("«{label}» ({name}) өрісі толтырылмаған."),
        format!("The field {name} is missing or blank."),
    )
}

fn bad_object_type() -> Message {
    let allowed = OBJECT_TYPES.join(", ");
    message(
        format!("Поле object_type должно быть одним из значений: {allowed}."),
        format!("object_type өрісі мына мәндердің бірі болуы тиіс: {allowed}."),
        format!("The field object_type must be one of: {allowed}."),
    )
}

/// The WIT name of a request kind.
pub fn kind_name(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Issue => "issue",
        RequestKind::Reissue => "reissue",
        RequestKind::Duplicate => "duplicate",
        RequestKind::Preliminary => "preliminary",
        RequestKind::Main => "main",
        RequestKind::Repeat => "repeat",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ACT, application};

    #[test]
    fn a_complete_form_passes_and_each_missing_field_is_named() {
        let app = application("emission-permit", RequestKind::Issue);
        assert!(check_form(&ACT, &app).is_empty());
        let mut bare = app.clone();
        bare.form = r#"{"applicant_name": "ТОО"}"#.into();
        let problems = check_form(&ACT, &bare);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].en.contains("object_name"));
        bare.form = r#"{"applicant_name": "ТОО", "object_name": "Котельная", "object_address": "ул. 1", "limits": {"emissions": {"2014": "много"}}}"#.into();
        let problems = check_form(&ACT, &bare);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].en.contains("limits.emissions.2014"));
        bare.form = "[]".into();
        assert_eq!(check_form(&ACT, &bare).len(), 1);
    }

    #[test]
    fn a_repeat_expertise_names_the_earlier_conclusion_and_a_known_object_type() {
        let mut app = application("ecological-expertise", RequestKind::Repeat);
        assert!(
            check_form(&ACT, &app)
                .iter()
                .any(|m| m.en.contains("previous_conclusion"))
        );
        app.form = r#"{"applicant_name":"a","project_name":"b","previous_conclusion":"c","object_type":"dam"}"#.into();
        assert_eq!(check_form(&ACT, &app).len(), 1);
        app.form = r#"{"applicant_name":"a","project_name":"b","previous_conclusion":"c","object_type":"legal-act-draft"}"#.into();
        app.category = Some("IV".into());
        assert!(check_form(&ACT, &app)[0].en.contains("category II"));
        app.category = Some("II".into());
        assert!(check_form(&ACT, &app).is_empty());
        app.kind = RequestKind::Reissue;
        assert!(check_form(&ACT, &app)[0].en.contains("not provided"));
    }
}
