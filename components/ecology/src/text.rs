//! Texts shown to people, in Russian, Kazakh and English.
//!
//! Each act's module says which language is quoted from its seed and which is the project's
//! translation: seeds 000 (WKO 2013) and 002 (Almaty) are Russian, seeds 003 (WKO 2015) and 004
//! (Atyrau) Kazakh. English is always the project's.

use serde_json::{Value, json};

use crate::types::Message;

/// A text fixed at compile time; [`Text::message`] turns it into the WIT `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub ru: &'static str,
    pub kk: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text as a WIT message.
    pub fn message(self) -> Message {
        Message {
            ru: self.ru.to_owned(),
            kk: self.kk.to_owned(),
            en: self.en.to_owned(),
        }
    }
}

/// A message as JSON: `{"ru", "kk", "en"}`.
pub fn localized(m: Message) -> Value {
    json!({"ru": m.ru, "kk": m.kk, "en": m.en})
}

/// A message from three owned strings.
pub fn message(ru: String, kk: String, en: String) -> Message {
    Message { ru, kk, en }
}

/// Fills the empty languages of a staff member's message from the first language given, so a
/// refusal never shows an empty reason. `None` when every language is empty.
pub fn completed(reason: &Message) -> Option<Message> {
    let given = [&reason.ru, &reason.kk, &reason.en]
        .into_iter()
        .map(|text| text.trim())
        .find(|text| !text.is_empty())?;
    let or_given = |text: &str| {
        let text = text.trim();
        if text.is_empty() {
            given.to_owned()
        } else {
            text.to_owned()
        }
    };
    Some(message(
        or_given(&reason.ru),
        or_given(&reason.kk),
        or_given(&reason.en),
    ))
}

/// The staff member's reasons, each completed; `fallback` when none has any text.
pub fn reasons_or(reasons: &[Message], fallback: Text) -> Vec<Message> {
    let given: Vec<Message> = reasons.iter().filter_map(completed).collect();
    if given.is_empty() {
        vec![fallback.message()]
    } else {
        given
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FALLBACK: Text = Text {
        ru: "нет",
        kk: "жоқ",
        en: "none",
    };

    #[test]
    fn a_reason_in_one_language_fills_the_others_and_empty_ones_fall_back() {
        let reason = message("Нет плана".into(), " ".into(), String::new());
        assert_eq!(completed(&reason).map(|m| m.en), Some("Нет плана".into()));
        let empty = message(String::new(), String::new(), " ".into());
        assert_eq!(reasons_or(&[empty], FALLBACK), vec![FALLBACK.message()]);
    }
}
