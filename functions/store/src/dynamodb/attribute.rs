//! Item attributes between JSON and DynamoDB's attribute values.
//!
//! JSON maps onto DynamoDB's document types one to one: strings `S`, numbers `N`, booleans
//! `BOOL`, null `NULL`, arrays `L`, objects `M`. A number reads back as an integer when it is one
//! (DynamoDB keeps numbers, not their spelling: `1.0` reads back as `1`), otherwise as a float.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Map, Number, Value};

use crate::{Item, Key, StoreError};

/// A DynamoDB item: attribute name to value.
pub(crate) type Attrs = HashMap<String, AttributeValue>;

/// The attribute value of a JSON value.
pub(crate) fn to_attr(value: &Value) -> AttributeValue {
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(b) => AttributeValue::Bool(*b),
        Value::Number(n) => AttributeValue::N(n.to_string()),
        Value::String(s) => AttributeValue::S(s.clone()),
        Value::Array(list) => AttributeValue::L(list.iter().map(to_attr).collect()),
        Value::Object(map) => AttributeValue::M(
            map.iter()
                .map(|(name, value)| (name.clone(), to_attr(value)))
                .collect(),
        ),
    }
}

/// The JSON value of an attribute value; `at` names the attribute for the error.
pub(crate) fn from_attr(value: &AttributeValue, at: &str) -> Result<Value, StoreError> {
    Ok(match value {
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::N(n) => Value::Number(parse_number(n, at)?),
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::L(list) => Value::Array(
            list.iter()
                .enumerate()
                .map(|(i, v)| from_attr(v, &format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::M(map) => Value::Object(
            map.iter()
                .map(|(name, v)| Ok((name.clone(), from_attr(v, &format!("{at}.{name}"))?)))
                .collect::<Result<_, StoreError>>()?,
        ),
        other => {
            return Err(StoreError::Encoding(format!(
                "attribute {at} is {other:?}, a DynamoDB type reglament never writes \
                 (sets and binaries); rewrite the item with JSON types"
            )));
        }
    })
}

/// A DynamoDB number as a JSON number: an integer when it is one.
pub(crate) fn parse_number(n: &str, at: &str) -> Result<Number, StoreError> {
    if let Ok(i) = n.parse::<i64>() {
        return Ok(i.into());
    }
    if let Ok(u) = n.parse::<u64>() {
        return Ok(u.into());
    }
    let float = n
        .parse::<f64>()
        .map_err(|e| StoreError::Encoding(format!("attribute {at}: number {n:?}: {e}")))?;
    if float.fract() == 0.0 && float.abs() < 9.0e15 {
        return Ok((float as i64).into());
    }
    Number::from_f64(float)
        .ok_or_else(|| StoreError::Encoding(format!("attribute {at}: number {n:?} is not finite")))
}

/// The DynamoDB item of a store item: its attributes plus `pk` and `sk`.
pub(crate) fn to_attrs(item: &Item) -> Attrs {
    let mut attrs: Attrs = item
        .attrs
        .iter()
        .map(|(name, value)| (name.clone(), to_attr(value)))
        .collect();
    attrs.extend(key_attrs(&item.key));
    attrs
}

/// The key attributes of a key.
pub(crate) fn key_attrs(key: &Key) -> Attrs {
    HashMap::from([
        ("pk".to_owned(), AttributeValue::S(key.pk.clone())),
        ("sk".to_owned(), AttributeValue::S(key.sk.clone())),
    ])
}

/// The store item of a DynamoDB item.
pub(crate) fn from_attrs(attrs: &Attrs) -> Result<Item, StoreError> {
    let key = key_of(attrs)?;
    let mut map = Map::new();
    for (name, value) in attrs {
        if name != "pk" && name != "sk" {
            map.insert(name.clone(), from_attr(value, &format!("{key} {name}"))?);
        }
    }
    Ok(Item::new(key, map))
}

/// The key of a DynamoDB item.
pub(crate) fn key_of(attrs: &Attrs) -> Result<Key, StoreError> {
    let part = |name: &str| match attrs.get(name) {
        Some(AttributeValue::S(s)) => Ok(s.clone()),
        other => Err(StoreError::Encoding(format!(
            "a DynamoDB item has key attribute `{name}` = {other:?}; the table's keys are strings"
        ))),
    };
    Ok(Key::new(part("pk")?, part("sk")?))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_round_trips() {
        let value = json!({
            "s": "Алматы", "empty": "", "i": -7, "u": 18_000_000_000_000_000_000u64,
            "f": 0.25, "b": true, "n": null, "l": [1, "two", [], {}], "m": {"a": {"b": [null]}}
        });
        assert_eq!(from_attr(&to_attr(&value), "v").unwrap(), value);
    }

    #[test]
    fn integral_numbers_read_back_as_integers() {
        assert_eq!(parse_number("1.0", "v").unwrap(), Number::from(1));
        assert_eq!(parse_number("1E+2", "v").unwrap(), Number::from(100));
        assert!(parse_number("twelve", "v").is_err());
    }

    #[test]
    fn sets_are_refused_with_the_attribute_named() {
        let set = AttributeValue::Ss(vec!["a".into()]);
        let err = from_attr(&set, "APP#1 / STATE tags")
            .unwrap_err()
            .to_string();
        assert!(err.contains("APP#1 / STATE tags"), "{err}");
    }

    #[test]
    fn items_carry_their_key() {
        let item = Item::new(
            Key::new("APP#1", "STATE"),
            json!({"v": 1}).as_object().unwrap().clone(),
        );
        let attrs = to_attrs(&item);
        assert_eq!(attrs["pk"], AttributeValue::S("APP#1".into()));
        assert_eq!(from_attrs(&attrs).unwrap(), item);
    }
}
