//! The ordered stream of inserted event items, read from the table's DynamoDB stream.
//!
//! DynamoDB Streams numbers records with sequence numbers per shard (decimal strings too long for
//! a `u64`). The reader of one [`DynamoStore`](super::DynamoStore) walks the shards from their
//! oldest retained record (parents before children, as a shard's lineage requires), keeps the
//! `INSERT` records of `EVT#` items, and numbers them 1, 2, 3… in the order it read them: a
//! position means something only to the store that returned it. Within a shard (in AWS, within
//! an item's partition key) the order is the commit order; DynamoDB orders nothing across shards.
//! The reader keeps the records it read, up to [`RETAINED`]; a read after an older position
//! starts at the oldest record kept.
//!
//! In AWS the steps are not woken through this reader but by event-source mappings; it serves the
//! local stream relay and the conformance suite.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use aws_sdk_dynamodbstreams::error::ProvideErrorMetadata;
use aws_sdk_dynamodbstreams::types::{
    AttributeValue as StreamValue, OperationType, ShardIteratorType,
};
use tokio::time::Instant;

use super::DynamoStore;
use super::attribute::{Attrs, from_attrs};
use crate::{EVENT_PREFIX, StoreError, StreamRecord};

/// Records kept for reads after older positions.
pub const RETAINED: usize = 100_000;

/// How often an idle stream is polled while a read waits.
const POLL: Duration = Duration::from_millis(100);

/// How often the shards are listed again while some are open (shards split over time).
const DISCOVERY: Duration = Duration::from_secs(10);

/// The reader's state: the records read so far and where each shard goes on.
#[derive(Default)]
pub(crate) struct StreamReader {
    stream_arn: Option<String>,
    shards: BTreeMap<String, Shard>,
    /// When the shards were last listed.
    discovered: Option<Instant>,
    records: VecDeque<StreamRecord>,
    last_position: u64,
}

/// One shard of the stream.
struct Shard {
    parent: Option<String>,
    /// Where reading goes on; `None` before the first read.
    iterator: Option<String>,
    /// The last sequence number read, to start again after an expired iterator.
    last_sequence: Option<String>,
    /// The shard is closed and read to its end.
    done: bool,
}

impl DynamoStore {
    pub(crate) async fn read_stream(
        &self,
        after: u64,
        limit: usize,
        wait: Duration,
    ) -> Result<Vec<StreamRecord>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let deadline = Instant::now() + wait;
        let mut reader = self.stream.lock().await;
        loop {
            let page = reader.after(after, limit);
            if !page.is_empty() {
                return Ok(page);
            }
            if self.poll(&mut reader).await? == 0 {
                if Instant::now() >= deadline {
                    return Ok(Vec::new());
                }
                tokio::time::sleep(POLL.min(deadline - Instant::now())).await;
            }
        }
    }

    /// Reads every open shard once; returns how many event records were added.
    async fn poll(&self, reader: &mut StreamReader) -> Result<usize, StoreError> {
        let arn = match &reader.stream_arn {
            Some(arn) => arn.clone(),
            None => {
                let arn = self.stream_arn().await?;
                reader.stream_arn = Some(arn.clone());
                arn
            }
        };
        let open = reader.shards.values().any(|s| !s.done);
        if !open || reader.discovered.is_none_or(|at| at.elapsed() >= DISCOVERY) {
            self.discover_shards(&arn, reader).await?;
            reader.discovered = Some(Instant::now());
        }
        let mut added = 0;
        let ids: Vec<String> = reader.shards.keys().cloned().collect();
        for id in ids {
            let ready = {
                let shard = &reader.shards[&id];
                !shard.done
                    && shard
                        .parent
                        .as_ref()
                        .and_then(|p| reader.shards.get(p))
                        .is_none_or(|parent| parent.done)
            };
            if ready {
                added += self.read_shard(&arn, &id, reader).await?;
            }
        }
        Ok(added)
    }

    async fn stream_arn(&self) -> Result<String, StoreError> {
        let described = self
            .client
            .describe_table()
            .table_name(&self.table)
            .send()
            .await
            .map_err(|e| super::error::backend(&format!("describe table {}", self.table), e))?;
        described
            .table()
            .and_then(|t| t.latest_stream_arn())
            .map(str::to_owned)
            .ok_or_else(|| {
                StoreError::Backend(format!(
                    "table {} has no stream; enable its stream with new images",
                    self.table
                ))
            })
    }

    async fn discover_shards(
        &self,
        arn: &str,
        reader: &mut StreamReader,
    ) -> Result<(), StoreError> {
        let mut start: Option<String> = None;
        loop {
            let out = self
                .streams
                .describe_stream()
                .stream_arn(arn)
                .set_exclusive_start_shard_id(start.take())
                .send()
                .await
                .map_err(|e| stream_error("describe the stream", e))?;
            let Some(description) = out.stream_description() else {
                return Ok(());
            };
            for shard in description.shards() {
                let Some(id) = shard.shard_id() else { continue };
                reader.shards.entry(id.to_owned()).or_insert_with(|| Shard {
                    parent: shard.parent_shard_id().map(str::to_owned),
                    iterator: None,
                    last_sequence: None,
                    done: false,
                });
            }
            match description.last_evaluated_shard_id() {
                Some(last) => start = Some(last.to_owned()),
                None => return Ok(()),
            }
        }
    }

    /// Reads one shard as far as it goes now.
    async fn read_shard(
        &self,
        arn: &str,
        id: &str,
        reader: &mut StreamReader,
    ) -> Result<usize, StoreError> {
        let mut added = 0;
        // Each poll starts from the last sequence number read rather than from a kept iterator:
        // an iterator outlives neither its 15 minutes nor, in moto, a failed transaction (which
        // swaps in a copy of the table and its shard).
        if let Some(shard) = reader.shards.get_mut(id) {
            shard.iterator = None;
        }
        loop {
            let iterator = match reader.shards[id].iterator.clone() {
                Some(it) => it,
                None => {
                    self.shard_iterator(arn, id, reader.shards[id].last_sequence.clone())
                        .await?
                }
            };
            let out = match self
                .streams
                .get_records()
                .shard_iterator(&iterator)
                .limit(1000)
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) if e.code() == Some("ExpiredIteratorException") => {
                    if let Some(shard) = reader.shards.get_mut(id) {
                        shard.iterator = None;
                    }
                    continue;
                }
                Err(e) => return Err(stream_error("read the stream", e)),
            };
            let records = out.records();
            for record in records {
                let Some(change) = record.dynamodb() else {
                    continue;
                };
                if let (Some(seq), Some(shard)) =
                    (change.sequence_number(), reader.shards.get_mut(id))
                {
                    shard.last_sequence = Some(seq.to_owned());
                }
                if record.event_name() != Some(&OperationType::Insert) {
                    continue;
                }
                let Some(image) = change.new_image() else {
                    return Err(StoreError::Backend(format!(
                        "the stream of table {} carries no new images; set its view type to NEW_IMAGE",
                        self.table
                    )));
                };
                let attrs: Attrs = image
                    .iter()
                    .map(|(name, value)| Ok((name.clone(), from_stream_value(value)?)))
                    .collect::<Result<_, StoreError>>()?;
                let item = from_attrs(&attrs)?;
                if item.key.sk.starts_with(EVENT_PREFIX) {
                    reader.push(item);
                    added += 1;
                }
            }
            let shard = reader.shards.get_mut(id).expect("the shard being read");
            match out.next_shard_iterator() {
                Some(next) => shard.iterator = Some(next.to_owned()),
                None => {
                    shard.iterator = None;
                    shard.done = true;
                    return Ok(added);
                }
            }
            if records.is_empty() {
                return Ok(added);
            }
        }
    }

    async fn shard_iterator(
        &self,
        arn: &str,
        id: &str,
        after: Option<String>,
    ) -> Result<String, StoreError> {
        let kind = if after.is_some() {
            ShardIteratorType::AfterSequenceNumber
        } else {
            ShardIteratorType::TrimHorizon
        };
        let out = self
            .streams
            .get_shard_iterator()
            .stream_arn(arn)
            .shard_id(id)
            .shard_iterator_type(kind)
            .set_sequence_number(after)
            .send()
            .await
            .map_err(|e| stream_error("start reading a shard", e))?;
        out.shard_iterator()
            .map(str::to_owned)
            .ok_or_else(|| StoreError::Backend(format!("shard {id} gave no iterator")))
    }
}

impl StreamReader {
    fn push(&mut self, item: crate::Item) {
        self.last_position += 1;
        self.records.push_back(StreamRecord {
            position: self.last_position,
            item,
        });
        if self.records.len() > RETAINED {
            self.records.pop_front();
        }
    }

    fn after(&self, after: u64, limit: usize) -> Vec<StreamRecord> {
        let first = self.records.front().map_or(0, |r| r.position);
        let skip = usize::try_from((after + 1).saturating_sub(first)).unwrap_or(usize::MAX);
        self.records
            .iter()
            .skip(skip)
            .take(limit)
            .cloned()
            .collect()
    }
}

/// A DynamoDB Streams attribute value as a DynamoDB one (the two SDKs have one type each).
fn from_stream_value(
    value: &StreamValue,
) -> Result<aws_sdk_dynamodb::types::AttributeValue, StoreError> {
    use aws_sdk_dynamodb::types::AttributeValue as V;
    Ok(match value {
        StreamValue::S(s) => V::S(s.clone()),
        StreamValue::N(n) => V::N(n.clone()),
        StreamValue::Bool(b) => V::Bool(*b),
        StreamValue::Null(b) => V::Null(*b),
        StreamValue::L(list) => V::L(
            list.iter()
                .map(from_stream_value)
                .collect::<Result<_, _>>()?,
        ),
        StreamValue::M(map) => V::M(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), from_stream_value(v)?)))
                .collect::<Result<_, StoreError>>()?,
        ),
        StreamValue::Ss(set) => V::Ss(set.clone()),
        StreamValue::Ns(set) => V::Ns(set.clone()),
        StreamValue::B(b) => V::B(aws_sdk_dynamodb::primitives::Blob::new(b.as_ref())),
        StreamValue::Bs(set) => V::Bs(
            set.iter()
                .map(|b| aws_sdk_dynamodb::primitives::Blob::new(b.as_ref()))
                .collect(),
        ),
        other => {
            return Err(StoreError::Encoding(format!(
                "a stream record holds an attribute of a type this reader does not know: {other:?}"
            )));
        }
    })
}

fn stream_error<E, R>(
    doing: &str,
    err: aws_sdk_dynamodbstreams::error::SdkError<E, R>,
) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let message = match err.message() {
        Some(m) => format!("{}: {m}", err.code().unwrap_or_default()),
        None => aws_sdk_dynamodbstreams::error::DisplayErrorContext(&err).to_string(),
    };
    StoreError::Backend(format!("{doing}: {message}"))
}
