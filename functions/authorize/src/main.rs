//! The `authorize` step as a Lambda function: it confirms who the applicant is (the portal account or the employee and the registry).
//!
//! Woken by the table's stream (new `EVT#` items whose `next` is `authorize`); the handler is
//! `reglament_lambda::step::handle_batch`.

use reglament_core::rules::Step;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    reglament_lambda::step::run(Step::Authorize).await
}
