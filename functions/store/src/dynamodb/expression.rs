//! Conditions as DynamoDB condition expressions.
//!
//! Attribute names always go through placeholders (`#k`, `#a`): many of reglament's names
//! (`status`, `value`, `step`) are DynamoDB reserved words.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use super::attribute::to_attr;
use crate::Condition;

/// A condition expression with its placeholders.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Expression {
    pub text: String,
    pub names: HashMap<String, String>,
    pub values: HashMap<String, AttributeValue>,
}

impl Expression {
    fn new(text: &str) -> Self {
        Expression {
            text: text.to_owned(),
            names: HashMap::from([("#k".to_owned(), "pk".to_owned())]),
            values: HashMap::new(),
        }
    }

    /// The placeholder maps as the SDK builders take them (`None` when empty).
    pub fn names(&self) -> Option<HashMap<String, String>> {
        (!self.names.is_empty()).then(|| self.names.clone())
    }

    pub fn values(&self) -> Option<HashMap<String, AttributeValue>> {
        (!self.values.is_empty()).then(|| self.values.clone())
    }
}

/// The expression of a condition; `None` for [`Condition::None`].
pub(crate) fn condition(condition: &Condition) -> Option<Expression> {
    match condition {
        Condition::None => None,
        Condition::NotExists => Some(Expression::new("attribute_not_exists(#k)")),
        Condition::Exists => Some(Expression::new("attribute_exists(#k)")),
        // `attribute_exists` spells out that a missing attribute never equals, not even null
        // (DynamoDB holds to that; moto compares a missing attribute equal to NULL).
        Condition::Equals { attr, value } => Some(Expression {
            text: "attribute_exists(#a) AND #a = :a".to_owned(),
            names: HashMap::from([("#a".to_owned(), attr.clone())]),
            values: HashMap::from([(":a".to_owned(), to_attr(value))]),
        }),
    }
}

/// An expression that always holds: a condition check must carry an expression.
pub(crate) fn always() -> Expression {
    Expression::new("attribute_exists(#k) OR attribute_not_exists(#k)")
}

/// The numbering counter's guard: its `value` is still the one read (`None`: the attribute, or
/// with `exists == false` the whole item, was missing).
pub(crate) fn counter_unchanged(exists: bool, value: Option<u64>) -> Expression {
    match (exists, value) {
        (false, _) => Expression::new("attribute_not_exists(#k)"),
        (true, None) => {
            let mut e = Expression::new("attribute_exists(#k) AND attribute_not_exists(#v)");
            e.names.insert("#v".to_owned(), "value".to_owned());
            e
        }
        (true, Some(old)) => Expression {
            text: "#v = :old".to_owned(),
            names: HashMap::from([("#v".to_owned(), "value".to_owned())]),
            values: HashMap::from([(":old".to_owned(), AttributeValue::N(old.to_string()))]),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn equals_uses_placeholders() {
        let e = condition(&Condition::Equals {
            attr: "status".into(),
            value: json!("issued"),
        })
        .unwrap();
        assert_eq!(e.text, "attribute_exists(#a) AND #a = :a");
        assert_eq!(e.names["#a"], "status");
        assert_eq!(e.values[":a"], AttributeValue::S("issued".into()));
        assert!(condition(&Condition::None).is_none());
    }

    #[test]
    fn counter_guard_names_every_placeholder_it_uses() {
        for (exists, value) in [(false, None), (true, None), (true, Some(3))] {
            let e = counter_unchanged(exists, value);
            for name in e.names.keys() {
                assert!(
                    e.text.contains(name.as_str()),
                    "{name} unused in {}",
                    e.text
                );
            }
        }
    }
}
