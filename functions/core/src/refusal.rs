//! A refusal: the code, the regulation process that forms it, and the message in ru/kk/en.

use serde::{Deserialize, Serialize};

use crate::rules::{Message, RefusalCode, RefusalRule};

/// Why an application ended without its result (DECISIONS 6, 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub code: RefusalCode,
    /// The regulation process that forms the refusal, e.g. "P5".
    pub process: String,
    pub message: Message,
    /// What exactly was wrong, e.g. the certificate's expiry or each unmet requirement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Message>,
    /// A short machine-readable reason, e.g. "revoked".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

impl Refusal {
    /// The refusal a step's rule prescribes, with the particular reasons.
    pub fn from_rule(rule: &RefusalRule, reasons: Vec<Message>) -> Refusal {
        Refusal {
            code: rule.code,
            process: rule.process.clone(),
            message: rule.message.clone(),
            reasons,
            reason_code: None,
        }
    }

    pub fn with_reason_code(mut self, code: impl Into<String>) -> Refusal {
        self.reason_code = Some(code.into());
        self
    }
}

/// A message in three languages from `format!`-ed parts.
pub fn message(ru: impl Into<String>, kk: impl Into<String>, en: impl Into<String>) -> Message {
    Message {
        ru: ru.into(),
        kk: kk.into(),
        en: en.into(),
    }
}
