//! The shape a transaction must have before any adapter applies it.
//!
//! These are the rules DynamoDB enforces on `TransactWriteItems` and on index keys; every adapter
//! checks them here, the same way, so a transaction the embedded store accepts is one the cloud
//! store accepts too.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::{
    GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK, Key, MAX_TRANSACTION_WRITES, StoreError, Transaction, Write,
};

/// Checks what is known before the transaction runs: its own writes and the numbering counter.
pub(crate) fn check_transaction(tx: &Transaction) -> Result<(), StoreError> {
    let counter = tx.numbering.as_ref().map(|n| &n.counter);
    if tx.writes.is_empty() && counter.is_none() {
        return Err(StoreError::Invalid(
            "the transaction has no write and no numbering; it must touch at least one item".into(),
        ));
    }
    let mut touched = Touched::new(counter);
    for (index, write) in tx.writes.iter().enumerate() {
        touched.add(index, write)?;
    }
    touched.within_limit()
}

/// Checks the writes a numbering filled in for `counter`, after the transaction's own writes
/// (whose keys are `own`, already checked).
pub(crate) fn check_filled<'a>(
    own: impl ExactSizeIterator<Item = &'a Key>,
    counter: &'a Key,
    filled: &'a [Write],
) -> Result<(), StoreError> {
    let mut touched = Touched::new(Some(counter));
    let first = own.len();
    for key in own {
        touched.keys.insert(key);
        touched.count += 1;
    }
    for (i, write) in filled.iter().enumerate() {
        touched.add(first + i, write)?;
    }
    touched.within_limit()
}

/// The items a transaction touches so far.
struct Touched<'a> {
    keys: HashSet<&'a Key>,
    counter: Option<&'a Key>,
    count: usize,
}

impl<'a> Touched<'a> {
    fn new(counter: Option<&'a Key>) -> Self {
        Touched {
            keys: HashSet::new(),
            counter,
            count: usize::from(counter.is_some()),
        }
    }

    /// Adds write `index`: a well-formed item that no earlier write touched.
    fn add(&mut self, index: usize, write: &'a Write) -> Result<(), StoreError> {
        let key = write.key();
        check_key(index, key)?;
        if self.counter == Some(key) {
            return Err(StoreError::Invalid(format!(
                "write {index} touches the numbering counter {key}; only the numbering writes it"
            )));
        }
        if !self.keys.insert(key) {
            return Err(StoreError::Invalid(format!(
                "two writes touch {key} (the second is write {index}); a transaction may touch an item once"
            )));
        }
        if let Write::Put { item, .. } = write {
            check_attrs(index, key, &item.attrs)?;
        }
        self.count += 1;
        Ok(())
    }

    fn within_limit(&self) -> Result<(), StoreError> {
        if self.count > MAX_TRANSACTION_WRITES {
            return Err(StoreError::Invalid(format!(
                "the transaction touches {} items (numbering counter included); \
                 at most {MAX_TRANSACTION_WRITES} are allowed, split it",
                self.count
            )));
        }
        Ok(())
    }
}

fn check_key(index: usize, key: &Key) -> Result<(), StoreError> {
    if key.pk.is_empty() || key.sk.is_empty() {
        return Err(StoreError::Invalid(format!(
            "write {index} has an empty partition or sort key ({key}); both must be non-empty"
        )));
    }
    Ok(())
}

/// The key lives in [`Key`], never in the attributes; index attributes must be index keys.
fn check_attrs(index: usize, key: &Key, attrs: &Map<String, Value>) -> Result<(), StoreError> {
    for reserved in ["pk", "sk"] {
        if attrs.contains_key(reserved) {
            return Err(StoreError::Invalid(format!(
                "write {index} ({key}) has an attribute `{reserved}`; the key holds it, remove it from the attributes"
            )));
        }
    }
    for name in [GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK] {
        match attrs.get(name) {
            None => {}
            Some(Value::String(s)) if !s.is_empty() => {}
            Some(other) => {
                return Err(StoreError::Invalid(format!(
                    "write {index} ({key}): index attribute `{name}` is {other}; \
                     it must be a non-empty string, or absent to leave the item out of the index"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{Condition, Item, Numbering};

    fn put(pk: &str, sk: &str, attrs: Value) -> Write {
        let Value::Object(attrs) = attrs else {
            panic!("attrs must be an object")
        };
        Write::Put {
            item: Item::new(Key::new(pk, sk), attrs),
            condition: Condition::None,
        }
    }

    fn invalid(result: Result<(), StoreError>) -> String {
        match result {
            Err(StoreError::Invalid(message)) => message,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn accepts_distinct_writes() {
        let tx = Transaction::new(vec![
            put("A", "1", json!({"x": 1})),
            put("A", "2", json!({"gsi1pk": "p"})),
        ]);
        assert!(check_transaction(&tx).is_ok());
    }

    #[test]
    fn rejects_an_empty_transaction() {
        assert!(invalid(check_transaction(&Transaction::default())).contains("no write"));
    }

    #[test]
    fn rejects_two_writes_to_one_item() {
        let tx = Transaction::new(vec![
            put("A", "1", json!({})),
            Write::Delete {
                key: Key::new("A", "1"),
                condition: Condition::None,
            },
        ]);
        assert!(invalid(check_transaction(&tx)).contains("A / 1"));
    }

    #[test]
    fn rejects_writes_to_the_counter() {
        let tx =
            Transaction::new(vec![put("SEQ", "COUNTER", json!({}))]).with_numbering(Numbering {
                counter: Key::new("SEQ", "COUNTER"),
                fill: Box::new(|_| vec![]),
            });
        assert!(invalid(check_transaction(&tx)).contains("counter"));
        let tx = Transaction::default().with_numbering(Numbering {
            counter: Key::new("SEQ", "COUNTER"),
            fill: Box::new(|_| vec![]),
        });
        let counter = Key::new("SEQ", "COUNTER");
        let filled = vec![put("SEQ", "COUNTER", json!({}))];
        assert!(
            invalid(check_filled(
                tx.writes.iter().map(Write::key),
                &counter,
                &filled
            ))
            .contains("counter")
        );
        let own = [Key::new("A", "1")];
        let filled = vec![put("B", "1", json!({})), put("A", "1", json!({}))];
        assert!(invalid(check_filled(own.iter(), &counter, &filled)).contains("write 2"));
    }

    #[test]
    fn rejects_reserved_and_malformed_attributes() {
        let tx = Transaction::new(vec![put("A", "1", json!({"pk": "A"}))]);
        assert!(invalid(check_transaction(&tx)).contains("`pk`"));
        let tx = Transaction::new(vec![put("A", "1", json!({"gsi2sk": 17}))]);
        assert!(invalid(check_transaction(&tx)).contains("gsi2sk"));
        let tx = Transaction::new(vec![put("A", "1", json!({"gsi1pk": ""}))]);
        assert!(invalid(check_transaction(&tx)).contains("gsi1pk"));
        let tx = Transaction::new(vec![put("A", "", json!({}))]);
        assert!(invalid(check_transaction(&tx)).contains("empty"));
    }

    #[test]
    fn rejects_too_many_writes() {
        let writes = (0..=MAX_TRANSACTION_WRITES)
            .map(|i| put("A", &i.to_string(), json!({})))
            .collect();
        assert!(invalid(check_transaction(&Transaction::new(writes))).contains("at most"));
    }
}
