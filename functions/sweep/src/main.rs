//! The sweep as a Lambda function, run on a schedule: it wakes payment waits whose window closed
//! and corrections whose term passed, and marks open staff tasks past their due time overdue.
//!
//! The handler is `reglament_lambda::sweep::handle`; the schedule's event carries nothing it
//! needs.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    reglament_lambda::sweep::run().await
}
