//! The `register` step as a Lambda function: it registers the application under the region's next registration number.
//!
//! Woken by the table's stream (new `EVT#` items whose `next` is `register`); the handler is
//! `reglament_lambda::step::handle_batch`.

use reglament_core::rules::Step;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    reglament_lambda::step::run(Step::Register).await
}
