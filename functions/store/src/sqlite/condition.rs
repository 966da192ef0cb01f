//! Whether a write's [`Condition`] holds of the item as it is now.
//!
//! `Equals` compares JSON values the way DynamoDB compares attribute values: numbers by numeric
//! value (`1` equals `1.0`), lists element by element, objects key by key, anything else exactly.

use serde_json::{Map, Number, Value};

use crate::{Condition, StoreError};

/// The current item, as its stored attributes text, or `None` when it does not exist.
pub(super) fn holds(
    condition: &Condition,
    current: Option<&str>,
    decode: impl FnOnce(&str) -> Result<Map<String, Value>, StoreError>,
) -> Result<bool, StoreError> {
    Ok(match (condition, current) {
        (Condition::None, _) => true,
        (Condition::NotExists, current) => current.is_none(),
        (Condition::Exists, current) => current.is_some(),
        (Condition::Equals { .. }, None) => false,
        (Condition::Equals { attr, value }, Some(text)) => decode(text)?
            .get(attr)
            .is_some_and(|stored| same(stored, value)),
    })
}

/// Whether the condition needs the current item at all.
pub(super) fn needs_current(condition: &Condition) -> bool {
    !matches!(condition, Condition::None)
}

/// JSON equality with numbers compared by value.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => same_number(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn same_number(x: &Number, y: &Number) -> bool {
    match (integer(x), integer(y)) {
        (Some(x), Some(y)) => x == y,
        _ => x.as_f64() == y.as_f64(),
    }
}

fn integer(n: &Number) -> Option<i128> {
    n.as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn decode(text: &str) -> Result<Map<String, Value>, StoreError> {
        serde_json::from_str(text).map_err(|e| StoreError::Encoding(e.to_string()))
    }

    fn equals(attr: &str, value: Value) -> Condition {
        Condition::Equals {
            attr: attr.into(),
            value,
        }
    }

    #[test]
    fn existence_conditions() {
        assert!(holds(&Condition::None, None, decode).expect("ok"));
        assert!(holds(&Condition::NotExists, None, decode).expect("ok"));
        assert!(!holds(&Condition::NotExists, Some("{}"), decode).expect("ok"));
        assert!(holds(&Condition::Exists, Some("{}"), decode).expect("ok"));
        assert!(!holds(&Condition::Exists, None, decode).expect("ok"));
    }

    #[test]
    fn equality_condition() {
        let stored = r#"{"version": 3, "doc": {"a": [1, 2.5]}, "n": null}"#;
        assert!(holds(&equals("version", json!(3)), Some(stored), decode).expect("ok"));
        assert!(holds(&equals("version", json!(3.0)), Some(stored), decode).expect("ok"));
        assert!(!holds(&equals("version", json!("3")), Some(stored), decode).expect("ok"));
        assert!(
            holds(
                &equals("doc", json!({"a": [1.0, 2.5]})),
                Some(stored),
                decode
            )
            .expect("ok")
        );
        assert!(holds(&equals("n", Value::Null), Some(stored), decode).expect("ok"));
        assert!(!holds(&equals("missing", Value::Null), Some(stored), decode).expect("ok"));
        assert!(!holds(&equals("version", json!(3)), None, decode).expect("ok"));
    }

    #[test]
    fn large_integers_compare_exactly() {
        assert!(same(&json!(u64::MAX), &json!(u64::MAX)));
        assert!(!same(&json!(u64::MAX), &json!(u64::MAX - 1)));
        assert!(!same(&json!(-1), &json!(u64::MAX)));
    }
}
