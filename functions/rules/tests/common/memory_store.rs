//! A store in memory with the port's conditional, all-or-nothing transactions: enough for the
//! rules registry's items.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use reglament_store::{
    Committed, Condition, Index, Item, Key, Store, StoreError, StreamRecord, Transaction, Write,
};

#[derive(Default)]
pub struct MemoryStore {
    items: Mutex<BTreeMap<Key, Item>>,
}

fn holds(condition: &Condition, item: Option<&Item>) -> bool {
    match condition {
        Condition::None => true,
        Condition::NotExists => item.is_none(),
        Condition::Exists => item.is_some(),
        Condition::Equals { attr, value } => item.and_then(|i| i.get(attr)) == Some(value),
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        Ok(self.items.lock().expect("lock").get(key).cloned())
    }

    async fn query(&self, pk: &str, sk_prefix: &str) -> Result<Vec<Item>, StoreError> {
        let items = self.items.lock().expect("lock");
        Ok(items
            .values()
            .filter(|i| i.key.pk == pk && i.key.sk.starts_with(sk_prefix))
            .cloned()
            .collect())
    }

    async fn query_index(&self, _: Index, _: &str, _: usize) -> Result<Vec<Item>, StoreError> {
        Ok(vec![])
    }

    async fn transact(&self, tx: Transaction) -> Result<Committed, StoreError> {
        if tx.numbering.is_some() {
            return Err(StoreError::Invalid("numbering is not supported here".into()));
        }
        let mut items = self.items.lock().expect("lock");
        for (index, write) in tx.writes.iter().enumerate() {
            let condition = match write {
                Write::Put { condition, .. }
                | Write::Delete { condition, .. }
                | Write::Check { condition, .. } => condition,
            };
            if !holds(condition, items.get(write.key())) {
                return Err(StoreError::ConditionFailed { index, key: write.key().clone() });
            }
        }
        for write in tx.writes {
            match write {
                Write::Put { item, .. } => {
                    items.insert(item.key.clone(), item);
                }
                Write::Delete { key, .. } => {
                    items.remove(&key);
                }
                Write::Check { .. } => {}
            }
        }
        Ok(Committed::default())
    }

    async fn stream(&self, _: u64, _: usize, _: Duration) -> Result<Vec<StreamRecord>, StoreError> {
        Ok(vec![])
    }
}
