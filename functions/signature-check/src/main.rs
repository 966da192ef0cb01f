//! The `signature-check` step as a Lambda function: it verifies the request's EDS signature against the trusted roots and revocation lists.
//!
//! Woken by the table's stream (new `EVT#` items whose `next` is `signature-check`); the handler is
//! `reglament_lambda::step::handle_batch`.

use reglament_core::rules::Step;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    reglament_lambda::step::run(Step::SignatureCheck).await
}
