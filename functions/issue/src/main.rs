//! The `issue` step as a Lambda function: it forms and signs the result document or the motivated refusal.
//!
//! Woken by the table's stream (new `EVT#` items whose `next` is `issue`); the handler is
//! `reglament_lambda::step::handle_batch`.

use reglament_core::rules::Step;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    reglament_lambda::step::run(Step::Issue).await
}
