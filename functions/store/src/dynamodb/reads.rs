//! Reads: one item, many items (`BatchGetItem`), a partition by sort-key prefix and an index
//! partition (`Query`, following pages). Table reads are strongly consistent; index reads are
//! eventually consistent, as DynamoDB's global secondary indexes are.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};

use super::DynamoStore;
use super::attribute::{Attrs, from_attrs, key_attrs};
use super::error::backend;
use super::table::{index_keys, index_name};
use crate::{Index, Item, Key, StoreError};

/// The most keys one `BatchGetItem` takes.
const BATCH_GET: usize = 100;

impl DynamoStore {
    pub(crate) async fn get_item(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key_attrs(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| backend(&format!("get {key}"), e))?;
        out.item().map(from_attrs).transpose()
    }

    /// The items in the order of `keys`; a key asked twice is read once.
    pub(crate) async fn get_items(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let mut distinct: Vec<&Key> = keys.iter().collect();
        distinct.sort();
        distinct.dedup();
        let mut found: HashMap<Key, Item> = HashMap::new();
        for chunk in distinct.chunks(BATCH_GET) {
            let mut pending: Vec<Attrs> = chunk.iter().map(|k| key_attrs(k)).collect();
            let mut rounds = 0u32;
            while !pending.is_empty() {
                let request = KeysAndAttributes::builder()
                    .set_keys(Some(std::mem::take(&mut pending)))
                    .consistent_read(true)
                    .build()
                    .map_err(|e| StoreError::Invalid(e.to_string()))?;
                let out = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, request)
                    .send()
                    .await
                    .map_err(|e| backend("batch get items", e))?;
                for attrs in out
                    .responses()
                    .and_then(|r| r.get(&self.table))
                    .into_iter()
                    .flatten()
                {
                    let item = from_attrs(attrs)?;
                    found.insert(item.key.clone(), item);
                }
                if let Some(unprocessed) = out.unprocessed_keys().and_then(|u| u.get(&self.table)) {
                    pending = unprocessed.keys().to_vec();
                    rounds += 1;
                    if rounds > 10 {
                        return Err(StoreError::Backend(format!(
                            "batch get: {} keys still unprocessed after {rounds} rounds",
                            pending.len()
                        )));
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(20 << rounds.min(5))).await;
                }
            }
        }
        Ok(keys.iter().map(|k| found.get(k).cloned()).collect())
    }

    pub(crate) async fn query_prefix(
        &self,
        pk: &str,
        sk_prefix: &str,
    ) -> Result<Vec<Item>, StoreError> {
        let mut values = HashMap::from([(":pk".to_owned(), AttributeValue::S(pk.to_owned()))]);
        // DynamoDB refuses an empty string in a key condition: no prefix is the whole partition.
        let condition = if sk_prefix.is_empty() {
            "pk = :pk"
        } else {
            values.insert(":sk".to_owned(), AttributeValue::S(sk_prefix.to_owned()));
            "pk = :pk AND begins_with(sk, :sk)"
        };
        let mut items = Vec::new();
        let mut start: Option<Attrs> = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression(condition)
                .set_expression_attribute_values(Some(values.clone()))
                .consistent_read(true)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(|e| backend(&format!("query {pk} / {sk_prefix}*"), e))?;
            for attrs in out.items() {
                items.push(from_attrs(attrs)?);
            }
            match out.last_evaluated_key() {
                Some(last) if !last.is_empty() => start = Some(last.clone()),
                _ => return Ok(items),
            }
        }
    }

    pub(crate) async fn query_index_partition(
        &self,
        index: Index,
        pk: &str,
        limit: usize,
    ) -> Result<Vec<Item>, StoreError> {
        let (pk_attr, _) = index_keys(index);
        let mut items = Vec::new();
        let mut start: Option<Attrs> = None;
        while items.len() < limit {
            let page = i32::try_from(limit - items.len()).unwrap_or(i32::MAX);
            let out = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(index_name(index))
                .key_condition_expression("#p = :p")
                .expression_attribute_names("#p", pk_attr)
                .expression_attribute_values(":p", AttributeValue::S(pk.to_owned()))
                .limit(page)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(|e| backend(&format!("query index {} {pk}", index_name(index)), e))?;
            for attrs in out.items() {
                items.push(from_attrs(attrs)?);
            }
            match out.last_evaluated_key() {
                Some(last) if !last.is_empty() => start = Some(last.clone()),
                _ => break,
            }
        }
        items.truncate(limit);
        Ok(items)
    }
}
