//! How an item is laid out in a row: attributes as JSON text, index keys projected into columns.

use serde_json::{Map, Value};

use crate::{GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK, Item, Key, StoreError};

/// An item's row without its key, ready to be bound: the attributes as JSON text and the keys
/// it has in each index.
#[derive(Debug)]
pub(super) struct Row {
    pub attrs: String,
    pub gsi1: Option<(String, String)>,
    pub gsi2: Option<(String, String)>,
}

impl Row {
    /// Encodes an item's attributes and picks out its index keys.
    pub fn encode(key: &Key, attrs: &Map<String, Value>) -> Result<Self, StoreError> {
        Ok(Row {
            attrs: encode(key, attrs)?,
            gsi1: index_key(attrs, GSI1_PK, GSI1_SK),
            gsi2: index_key(attrs, GSI2_PK, GSI2_SK),
        })
    }
}

/// The attributes as JSON text.
pub(super) fn encode(key: &Key, attrs: &Map<String, Value>) -> Result<String, StoreError> {
    serde_json::to_string(attrs).map_err(|e| StoreError::Encoding(format!("item {key}: {e}")))
}

/// The attributes read back from JSON text.
pub(super) fn decode(key: &Key, text: &str) -> Result<Map<String, Value>, StoreError> {
    serde_json::from_str(text).map_err(|e| {
        StoreError::Encoding(format!(
            "item {key}: stored attributes are not a JSON object: {e}"
        ))
    })
}

/// An item from the columns of a row.
pub(super) fn item(pk: String, sk: String, attrs: &str) -> Result<Item, StoreError> {
    let key = Key { pk, sk };
    let attrs = decode(&key, attrs)?;
    Ok(Item { key, attrs })
}

/// The item's key in an index: both attributes present and strings, or not in the index.
fn index_key(attrs: &Map<String, Value>, pk: &str, sk: &str) -> Option<(String, String)> {
    match (attrs.get(pk), attrs.get(sk)) {
        (Some(Value::String(pk)), Some(Value::String(sk))) => Some((pk.clone(), sk.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn attrs(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn projects_only_complete_index_keys() {
        let key = Key::new("A", "1");
        let both = attrs(json!({"gsi1pk": "p", "gsi1sk": "s", "gsi2pk": "q"}));
        let row = Row::encode(&key, &both).expect("row");
        assert_eq!(row.gsi1, Some(("p".into(), "s".into())));
        assert_eq!(row.gsi2, None);
    }

    #[test]
    fn round_trips_attributes() {
        let key = Key::new("A", "1");
        let original = attrs(json!({"n": 1.5, "s": "Алматы", "l": [1, {"x": null}]}));
        let text = encode(&key, &original).expect("encode");
        assert_eq!(decode(&key, &text).expect("decode"), original);
        assert!(matches!(decode(&key, "[1]"), Err(StoreError::Encoding(_))));
    }
}
