//! The request form an application carries: a JSON object, read field by field.
//!
//! Nested fields are named by a dotted path, e.g. `specialist.education`. Reading never fails:
//! a field that is absent or of another type reads as `None`.

use serde_json::{Map, Value};

use crate::messages::message;
use crate::types::Message;

/// A parsed request form.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    fields: Map<String, Value>,
}

/// Why a form could not be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    /// The text is not JSON.
    NotJson {
        /// The line where the parser stopped, from 1.
        line: usize,
        /// The column where the parser stopped, from 1.
        column: usize,
    },
    /// The JSON is not an object.
    NotObject,
}

impl FormError {
    /// What to tell the person who filed the form.
    pub fn message(self) -> Message {
        match self {
            FormError::NotJson { line, column } => message(
                format!(
                    "Форма запроса не читается: ожидается JSON-объект (ошибка в строке {line}, позиция {column})."
                ),
                format!(
                    "Сұрау салу нысаны оқылмайды: JSON-объект күтіледі ({line}-жолда, {column}-позицияда қате)."
                ),
                format!(
                    "The request form cannot be read: a JSON object is expected (error at line {line}, column {column})."
                ),
            ),
            FormError::NotObject => message(
                "Форма запроса должна быть JSON-объектом.".to_owned(),
                "Сұрау салу нысаны JSON-объект болуы тиіс.".to_owned(),
                "The request form must be a JSON object.".to_owned(),
            ),
        }
    }
}

impl Form {
    /// Reads the form JSON an application carries.
    pub fn parse(json: &str) -> Result<Form, FormError> {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(fields)) => Ok(Form { fields }),
            Ok(_) => Err(FormError::NotObject),
            Err(error) => Err(FormError::NotJson {
                line: error.line(),
                column: error.column(),
            }),
        }
    }

    /// The top-level fields.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// The value at a dotted path, if present.
    pub fn value(&self, path: &str) -> Option<&Value> {
        let mut names = path.split('.');
        let first = self.fields.get(names.next()?)?;
        names.try_fold(first, |value, name| value.as_object()?.get(name))
    }

    /// A text field, trimmed; `None` when absent or blank.
    pub fn text(&self, path: &str) -> Option<&str> {
        let text = self.value(path)?.as_str()?.trim();
        (!text.is_empty()).then_some(text)
    }

    /// A numeric field.
    pub fn number(&self, path: &str) -> Option<f64> {
        self.value(path)?.as_f64()
    }

    /// A yes/no field.
    pub fn flag(&self, path: &str) -> Option<bool> {
        self.value(path)?.as_bool()
    }

    /// The texts of a list field; empty when absent. Non-text items are skipped.
    pub fn texts(&self, path: &str) -> Vec<&str> {
        self.value(path)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_fields_by_dotted_path() {
        let form = Form::parse(
            r#"{"name": " ТОО Агро ", "warehouse": {"capacity_tonnes": 1200, "owned": true},
                "methods": ["aerosol", 3], "blank": "  "}"#,
        )
        .expect("a form");
        assert_eq!(form.text("name"), Some("ТОО Агро"));
        assert_eq!(form.number("warehouse.capacity_tonnes"), Some(1200.0));
        assert_eq!(form.flag("warehouse.owned"), Some(true));
        assert_eq!(form.texts("methods"), ["aerosol"]);
        assert_eq!(form.text("blank"), None);
        assert_eq!(form.text("name.inner"), None);
        assert_eq!(form.flag("warehouse.missing"), None);
    }

    #[test]
    fn a_form_that_is_not_an_object_is_an_error() {
        assert_eq!(Form::parse("[1, 2]"), Err(FormError::NotObject));
        assert!(matches!(
            Form::parse("{\"a\": "),
            Err(FormError::NotJson { line: 1, .. })
        ));
        assert!(matches!(Form::parse(""), Err(FormError::NotJson { .. })));
    }
}
