//! The request form: a JSON object whose top-level text fields the rules read.

use serde_json::{Map, Value};

use crate::text::message;
use crate::types::Message;

/// A parsed request form; reading a field never fails (absent, blank or not text is `None`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form(Map<String, Value>);

impl Form {
    /// The form an application carries, or the message saying why it is not a JSON object.
    pub fn parse(json: &str) -> Result<Form, Message> {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(fields)) => Ok(Form(fields)),
            Ok(_) => Err(message(
                "Форма запроса должна быть JSON-объектом.".into(),
                "Сұрау салу нысаны JSON-объект болуы тиіс.".into(),
                "The request form must be a JSON object.".into(),
            )),
            Err(e) => Err(message(
                format!(
                    "Форма запроса не читается: ожидается JSON-объект (строка {}, позиция {}).",
                    e.line(),
                    e.column()
                ),
                format!(
                    "Сұрау салу нысаны оқылмайды: JSON-объект күтіледі ({}-жол, {}-позиция).",
                    e.line(),
                    e.column()
                ),
                format!(
                    "The request form cannot be read: a JSON object is expected (line {}, column {}).",
                    e.line(),
                    e.column()
                ),
            )),
        }
    }

    /// A top-level text field, trimmed; `None` when absent, blank or not text.
    pub fn text(&self, name: &str) -> Option<&str> {
        let text = self.0.get(name)?.as_str()?.trim();
        (!text.is_empty()).then_some(text)
    }

    /// A top-level field of any kind; `None` when absent or `null`.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    /// Whether the field is present with any value other than `null`.
    pub fn has(&self, name: &str) -> bool {
        self.value(name).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_fields_and_refuses_what_is_not_an_object() {
        let form = Form::parse(r#"{"a": " x ", "b": " ", "c": 3, "d": null}"#).unwrap();
        assert_eq!(form.text("a"), Some("x"));
        assert_eq!(form.text("b"), None);
        assert_eq!(form.text("c"), None);
        assert!(form.has("c") && !form.has("d") && !form.has("e"));
        assert!(Form::parse("[1]").is_err());
        assert!(Form::parse("{").unwrap_err().en.contains("line 1"));
    }
}
