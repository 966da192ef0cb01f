//! The `qualification-check` step as a Lambda function: it asks the region's rules to decide, with the staff's actions.
//!
//! Woken by the table's stream (new `EVT#` items whose `next` is `qualification-check`); the handler is
//! `reglament_lambda::step::handle_batch`.

use reglament_core::rules::Step;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    reglament_lambda::step::run(Step::QualificationCheck).await
}
