//! The `payment-check` step as a Lambda function: it waits for the state fee and checks the gateway's payment.
//!
//! Woken by the table's stream (new `EVT#` items whose `next` is `payment-check`); the handler is
//! `reglament_lambda::step::handle_batch`.

use reglament_core::rules::Step;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    reglament_lambda::step::run(Step::PaymentCheck).await
}
