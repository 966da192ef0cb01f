//! The table reglament keeps everything in, as DESIGN.md lays it out: keys `pk`/`sk`, the
//! indexes `gsi1` (an applicant's applications) and `gsi2` (a provider's open work by due time),
//! projecting whole items, and a stream of new images.
//!
//! In AWS the table comes from `infra/template.yaml`; [`create_table`] makes the same table in
//! an emulator (tests, the local run) and waits until it is active.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType, TableStatus,
};

use super::error::backend;
use crate::{GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK, Index, StoreError};

/// The name of an index in the table.
pub fn index_name(index: Index) -> &'static str {
    match index {
        Index::Applicant => "gsi1",
        Index::Inbox => "gsi2",
    }
}

/// The key attributes of an index.
pub(crate) fn index_keys(index: Index) -> (&'static str, &'static str) {
    match index {
        Index::Applicant => (GSI1_PK, GSI1_SK),
        Index::Inbox => (GSI2_PK, GSI2_SK),
    }
}

fn key(name: &str, kind: KeyType) -> Result<KeySchemaElement, StoreError> {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()
        .map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Creates the table (on demand capacity, stream of new images) unless it exists, and waits
/// until it is active.
#[tracing::instrument(skip(client))]
pub async fn create_table(client: &Client, table: &str) -> Result<(), StoreError> {
    let exists = client
        .describe_table()
        .table_name(table)
        .send()
        .await
        .is_ok();
    if !exists {
        let mut request = client
            .create_table()
            .table_name(table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(key("pk", KeyType::Hash)?)
            .key_schema(key("sk", KeyType::Range)?)
            .stream_specification(
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::NewImage)
                    .build()
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
            );
        for name in ["pk", "sk", GSI1_PK, GSI1_SK, GSI2_PK, GSI2_SK] {
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(name)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
            );
        }
        for index in [Index::Applicant, Index::Inbox] {
            let (pk, sk) = index_keys(index);
            request = request.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(index_name(index))
                    .key_schema(key(pk, KeyType::Hash)?)
                    .key_schema(key(sk, KeyType::Range)?)
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::All)
                            .build(),
                    )
                    .build()
                    .map_err(|e| StoreError::Invalid(e.to_string()))?,
            );
        }
        request
            .send()
            .await
            .map_err(|e| backend(&format!("create table {table}"), e))?;
    }
    for _ in 0..600 {
        let described = client
            .describe_table()
            .table_name(table)
            .send()
            .await
            .map_err(|e| backend(&format!("describe table {table}"), e))?;
        if described.table().and_then(|t| t.table_status()) == Some(&TableStatus::Active) {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(StoreError::Backend(format!(
        "table {table} did not become active within a minute"
    )))
}
