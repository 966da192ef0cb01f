//! How a form field is described (name, label, kind, required) and checked against the JSON the
//! applicant sent. Checking gives one message per problem, naming the field by its label and its
//! dotted path. Fields a schema does not describe are ignored.

use serde_json::{Map, Value};

use crate::messages::{Text, message};
use crate::types::Message;

/// One field of a request form.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The JSON key.
    pub name: &'static str,
    /// What the field is called on the form.
    pub label: Text,
    /// What its value must be.
    pub kind: Kind,
    /// Whether the form is unacceptable without it. `null` counts as absent.
    pub required: bool,
}

/// What a field's value must be.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string with at least one non-space character.
    Text,
    /// A number greater than zero.
    PositiveNumber,
    /// `true` or `false`: a declaration the qualification check reads.
    Flag,
    /// One of the listed strings.
    OneOf(&'static [&'static str]),
    /// A non-empty array of the listed strings.
    ListOf(&'static [&'static str]),
    /// An object with these fields.
    Object(&'static [Field]),
}

impl Field {
    /// A field the form must have.
    pub const fn required(name: &'static str, label: Text, kind: Kind) -> Field {
        Field {
            name,
            label,
            kind,
            required: true,
        }
    }

    /// A field the form may have.
    pub const fn optional(name: &'static str, label: Text, kind: Kind) -> Field {
        Field {
            name,
            label,
            kind,
            required: false,
        }
    }
}

impl Kind {
    /// Whether a value fits this kind. Objects are checked field by field instead.
    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Text => value.as_str().is_some_and(|text| !text.trim().is_empty()),
            Kind::PositiveNumber => value.as_f64().is_some_and(|number| number > 0.0),
            Kind::Flag => value.is_boolean(),
            Kind::OneOf(allowed) => value.as_str().is_some_and(|text| allowed.contains(&text)),
            Kind::ListOf(allowed) => value.as_array().is_some_and(|items| {
                !items.is_empty()
                    && items
                        .iter()
                        .all(|item| item.as_str().is_some_and(|t| allowed.contains(&t)))
            }),
            Kind::Object(_) => value.is_object(),
        }
    }

    /// What the value must be: completes "the field … must be …" in Russian and English, and in
    /// Kazakh is the whole predicate ("… болуы тиіс"), whose list must come last.
    fn expectation(self) -> Message {
        match self {
            Kind::Text => texts(
                "непустой строкой",
                "бос емес мәтін болуы тиіс",
                "a non-empty text",
            ),
            Kind::PositiveNumber => texts(
                "положительным числом",
                "оң сан болуы тиіс",
                "a positive number",
            ),
            Kind::Flag => texts(
                "значением true или false",
                "true немесе false мәні болуы тиіс",
                "true or false",
            ),
            Kind::OneOf(allowed) => {
                let allowed = allowed.join(", ");
                message(
                    format!("одним из значений: {allowed}"),
                    format!("мына мәндердің бірі болуы тиіс: {allowed}"),
                    format!("one of: {allowed}"),
                )
            }
            Kind::ListOf(allowed) => {
                let allowed = allowed.join(", ");
                message(
                    format!("непустым списком из значений: {allowed}"),
                    format!("мына мәндерден тұратын бос емес тізім болуы тиіс: {allowed}"),
                    format!("a non-empty list of: {allowed}"),
                )
            }
            Kind::Object(_) => texts("объектом", "объект болуы тиіс", "an object"),
        }
    }
}

/// Checks an object against its fields, adding one message per problem. `parent` is the dotted
/// path of the object ("" at the top).
pub fn check_fields(
    fields: &[Field],
    object: &Map<String, Value>,
    parent: &str,
    problems: &mut Vec<Message>,
) {
    for field in fields {
        let path = if parent.is_empty() {
            field.name.to_owned()
        } else {
            format!("{parent}.{}", field.name)
        };
        match object.get(field.name) {
            None | Some(Value::Null) if field.required => problems.push(missing(field, &path)),
            None | Some(Value::Null) => {}
            Some(value) => check_value(field, value, &path, problems),
        }
    }
}

/// Checks one present value, descending into objects.
fn check_value(field: &Field, value: &Value, path: &str, problems: &mut Vec<Message>) {
    match (field.kind, value.as_object()) {
        (Kind::Object(inner), Some(object)) => check_fields(inner, object, path, problems),
        (kind, _) if kind.accepts(value) => {}
        (kind, _) => problems.push(invalid(field, path, kind.expectation())),
    }
}

/// "The field … is missing."
fn missing(field: &Field, path: &str) -> Message {
    let label = field.label;
    message(
        format!("Не заполнено поле «{}» ({path}).", label.ru),
        format!("«{}» ({path}) өрісі толтырылмаған.", label.kk),
        format!("The field \"{}\" ({path}) is missing.", label.en),
    )
}

/// "The field … must be …."
fn invalid(field: &Field, path: &str, expected: Message) -> Message {
    let label = field.label;
    message(
        format!("Поле «{}» ({path}) должно быть {}.", label.ru, expected.ru),
        format!("«{}» ({path}) өрісі {}.", label.kk, expected.kk),
        format!(
            "The field \"{}\" ({path}) must be {}.",
            label.en, expected.en
        ),
    )
}

/// A message from three borrowed texts.
fn texts(ru: &str, kk: &str, en: &str) -> Message {
    message(ru.to_owned(), kk.to_owned(), en.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: Text = Text {
        ru: "Поле",
        kk: "Өріс",
        en: "Field",
    };
    const INNER: &[Field] = &[Field::required("tonnes", LABEL, Kind::PositiveNumber)];
    const FIELDS: &[Field] = &[
        Field::required("name", LABEL, Kind::Text),
        Field::required("store", LABEL, Kind::Object(INNER)),
        Field::optional("note", LABEL, Kind::Text),
        Field::required("methods", LABEL, Kind::ListOf(&["aerosol", "fumigation"])),
    ];

    fn problems(json: &str) -> Vec<Message> {
        let object: Map<String, Value> = serde_json::from_str(json).expect("an object");
        let mut problems = Vec::new();
        check_fields(FIELDS, &object, "", &mut problems);
        problems
    }

    #[test]
    fn a_complete_object_has_no_problems() {
        assert!(
            problems(r#"{"name":"x","store":{"tonnes":5},"methods":["aerosol"],"extra":1}"#)
                .is_empty()
        );
    }

    #[test]
    fn each_problem_names_its_field_path() {
        let found = problems(r#"{"name":" ","store":{"tonnes":0},"note":null,"methods":[]}"#);
        let en: Vec<_> = found.iter().map(|m| m.en.as_str()).collect();
        assert_eq!(
            en,
            [
                "The field \"Field\" (name) must be a non-empty text.",
                "The field \"Field\" (store.tonnes) must be a positive number.",
                "The field \"Field\" (methods) must be a non-empty list of: aerosol, fumigation.",
            ]
        );
        assert_eq!(
            found[2].kk,
            "«Өріс» (methods) өрісі мына мәндерден тұратын бос емес тізім болуы тиіс: aerosol, fumigation."
        );
        assert_eq!(problems(r#"{"store":"x"}"#).len(), 3);
    }
}
