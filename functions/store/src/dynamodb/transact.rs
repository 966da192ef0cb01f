//! Transactions as `TransactWriteItems`: every write with its condition, and a numbering as a
//! guarded update of the counter item in the same request.
//!
//! A numbering reads the counter, fills its writes with the next number and commits them
//! together with `SET value = n` conditioned on the counter still holding the value read. When
//! another transaction took the number first, only the counter's condition fails; the whole
//! transaction is then built again from a fresh read, so numbers have no gaps and a failed
//! transaction consumes none.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeValue, CancellationReason, ConditionCheck, Delete, Put, TransactWriteItem, Update,
};
use serde_json::Value;

use super::DynamoStore;
use super::attribute::{key_attrs, to_attrs};
use super::expression::{self, Expression};
use crate::validate::check_filled;
use crate::{Committed, Key, StoreError, Transaction, Write};

/// Attempts of one transaction that keeps losing races (to the counter, or DynamoDB's
/// `TransactionConflict` with a concurrent transaction on one of its items).
const ATTEMPTS: u32 = 200;

/// How one attempt ended.
enum Attempt {
    Committed(Committed),
    /// Lost a race; build and try again.
    Retry(String),
}

impl DynamoStore {
    pub(crate) async fn transact_items(&self, tx: Transaction) -> Result<Committed, StoreError> {
        // Numberings of one counter from this process take turns: racing them would only make
        // all but one lose and retry. Other processes still race, and the guard settles that.
        let turn = tx
            .numbering
            .as_ref()
            .map(|numbering| self.counter_turn(&numbering.counter));
        let _turn = match &turn {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(backoff(attempt)).await;
            }
            match self.attempt(&tx).await? {
                Attempt::Committed(committed) => return Ok(committed),
                Attempt::Retry(why) => last = why,
            }
        }
        Err(StoreError::Backend(format!(
            "the transaction lost {ATTEMPTS} races in a row ({last}); nothing was written, retry later"
        )))
    }

    async fn attempt(&self, tx: &Transaction) -> Result<Attempt, StoreError> {
        let mut keys: Vec<Key> = tx.writes.iter().map(|w| w.key().clone()).collect();
        let mut items = tx
            .writes
            .iter()
            .map(|w| self.write_item(w))
            .collect::<Result<Vec<_>, _>>()?;
        let mut number = None;
        if let Some(numbering) = &tx.numbering {
            let counter = &numbering.counter;
            let (exists, value) = self.read_counter(counter).await?;
            let next = value.unwrap_or(0).checked_add(1).ok_or_else(|| {
                StoreError::Invalid(format!("the counter {counter} is at its maximum"))
            })?;
            let filled = (numbering.fill)(next);
            check_filled(tx.writes.iter().map(Write::key), counter, &filled)?;
            for write in &filled {
                keys.push(write.key().clone());
                items.push(self.write_item(write)?);
            }
            keys.push(counter.clone());
            items.push(self.counter_item(counter, exists, value, next)?);
            number = Some(next);
        }
        let result = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        let err = match result {
            Ok(_) => return Ok(Attempt::Committed(Committed { number })),
            Err(err) => err,
        };
        let err = match err.into_service_error() {
            TransactWriteItemsError::TransactionCanceledException(cancelled) => {
                return cancelled_attempt(
                    cancelled.cancellation_reasons(),
                    &keys,
                    number.is_some(),
                );
            }
            TransactWriteItemsError::TransactionInProgressException(e) => {
                return Ok(Attempt::Retry(format!(
                    "in progress: {}",
                    e.message().unwrap_or_default()
                )));
            }
            other => other,
        };
        Err(service_error(err))
    }

    /// The lock that numberings of `counter` from this store take turns on.
    fn counter_turn(&self, counter: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut turns = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        turns.entry(counter.clone()).or_default().clone()
    }

    /// The counter's `value` as read now: whether the item exists and its value.
    async fn read_counter(&self, counter: &Key) -> Result<(bool, Option<u64>), StoreError> {
        let Some(item) = self.get_item(counter).await? else {
            return Ok((false, None));
        };
        match item.get("value") {
            None => Ok((true, None)),
            Some(Value::Number(n)) if n.as_u64().is_some() => Ok((true, n.as_u64())),
            Some(other) => Err(StoreError::Invalid(format!(
                "the counter {counter} has value {other}; a counter's `value` must be a non-negative integer"
            ))),
        }
    }

    /// The request item of one write.
    fn write_item(&self, write: &Write) -> Result<TransactWriteItem, StoreError> {
        let built = |e: aws_sdk_dynamodb::error::BuildError| StoreError::Invalid(e.to_string());
        let item = match write {
            Write::Put { item, condition } => {
                let guard = expression::condition(condition);
                let put = Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(to_attrs(item)))
                    .set_condition_expression(guard.as_ref().map(|g| g.text.clone()))
                    .set_expression_attribute_names(guard.as_ref().and_then(Expression::names))
                    .set_expression_attribute_values(guard.as_ref().and_then(Expression::values))
                    .build()
                    .map_err(built)?;
                TransactWriteItem::builder().put(put).build()
            }
            Write::Delete { key, condition } => {
                let guard = expression::condition(condition);
                let delete = Delete::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_attrs(key)))
                    .set_condition_expression(guard.as_ref().map(|g| g.text.clone()))
                    .set_expression_attribute_names(guard.as_ref().and_then(Expression::names))
                    .set_expression_attribute_values(guard.as_ref().and_then(Expression::values))
                    .build()
                    .map_err(built)?;
                TransactWriteItem::builder().delete(delete).build()
            }
            Write::Check { key, condition } => {
                let guard = expression::condition(condition).unwrap_or_else(expression::always);
                let check = ConditionCheck::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_attrs(key)))
                    .condition_expression(guard.text.clone())
                    .set_expression_attribute_names(guard.names())
                    .set_expression_attribute_values(guard.values())
                    .build()
                    .map_err(built)?;
                TransactWriteItem::builder().condition_check(check).build()
            }
        };
        Ok(item)
    }

    /// The counter's update to `next`, guarded by the value read.
    fn counter_item(
        &self,
        counter: &Key,
        exists: bool,
        value: Option<u64>,
        next: u64,
    ) -> Result<TransactWriteItem, StoreError> {
        let mut guard = expression::counter_unchanged(exists, value);
        guard.names.insert("#v".to_owned(), "value".to_owned());
        guard
            .values
            .insert(":next".to_owned(), AttributeValue::N(next.to_string()));
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key_attrs(counter)))
            .update_expression("SET #v = :next")
            .condition_expression(guard.text.clone())
            .set_expression_attribute_names(guard.names())
            .set_expression_attribute_values(guard.values())
            .build()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok(TransactWriteItem::builder().update(update).build())
    }
}

/// What a cancelled transaction means: a race to retry, or the first failed condition.
/// `keys` are the request's items in order; with a numbering the counter is the last.
fn cancelled_attempt(
    reasons: &[CancellationReason],
    keys: &[Key],
    numbered: bool,
) -> Result<Attempt, StoreError> {
    let code = |i: usize| reasons.get(i).and_then(|r| r.code()).unwrap_or("None");
    if reasons
        .iter()
        .any(|r| matches!(r.code(), Some("TransactionConflict" | "ThrottlingError")))
    {
        return Ok(Attempt::Retry(
            "a concurrent transaction on one of its items".into(),
        ));
    }
    if numbered && code(keys.len() - 1) == "ConditionalCheckFailed" {
        return Ok(Attempt::Retry(format!(
            "the counter {} moved",
            keys[keys.len() - 1]
        )));
    }
    if let Some(index) = (0..keys.len()).find(|&i| code(i) == "ConditionalCheckFailed") {
        return Err(StoreError::ConditionFailed {
            index,
            key: keys[index].clone(),
        });
    }
    let codes: Vec<String> = reasons
        .iter()
        .map(|r| {
            format!(
                "{}: {}",
                r.code().unwrap_or("None"),
                r.message().unwrap_or_default()
            )
        })
        .collect();
    if reasons.iter().any(|r| r.code() == Some("ValidationError")) {
        return Err(StoreError::Invalid(format!(
            "DynamoDB refused the transaction: {}",
            codes.join("; ")
        )));
    }
    Err(StoreError::Backend(format!(
        "DynamoDB cancelled the transaction: {}",
        codes.join("; ")
    )))
}

fn service_error(err: TransactWriteItemsError) -> StoreError {
    let code = err.code().unwrap_or_default().to_owned();
    let message = err.message().unwrap_or_default().to_owned();
    match code.as_str() {
        "ValidationException" => {
            StoreError::Invalid(format!("DynamoDB refused the transaction: {message}"))
        }
        "" => StoreError::Backend(format!(
            "transact write items: {}",
            aws_sdk_dynamodb::error::DisplayErrorContext(&err)
        )),
        _ => StoreError::Backend(format!("transact write items: {code}: {message}")),
    }
}

/// A short, growing, jittered pause between attempts.
fn backoff(attempt: u32) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let cap = 2u64 << attempt.min(6);
    Duration::from_millis(1 + u64::from(nanos) % cap)
}
