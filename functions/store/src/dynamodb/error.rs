//! SDK errors as store errors: a request DynamoDB refused as malformed is `Invalid` (nothing was
//! written, retrying will not help); everything else is `Backend` (the operation may be retried).

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};

use crate::StoreError;

/// The store error of a failed SDK call; `doing` says what was being done.
pub(crate) fn backend<E, R>(doing: &str, err: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let code = err.code().unwrap_or_default().to_owned();
    let message = match err.message() {
        Some(m) => m.to_owned(),
        None => aws_sdk_dynamodb::error::DisplayErrorContext(&err).to_string(),
    };
    if code == "ValidationException" {
        StoreError::Invalid(format!("{doing}: DynamoDB refused the request: {message}"))
    } else if code.is_empty() {
        StoreError::Backend(format!("{doing}: {message}"))
    } else {
        StoreError::Backend(format!("{doing}: {code}: {message}"))
    }
}
