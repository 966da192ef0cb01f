//! The sweep function: on a schedule, what the embedded runner does at each tick besides running
//! steps — [`reglament_core::wake::sweep`]. It wakes the payment waits whose window closed (the
//! payment check then refuses them `not-paid`) and the corrections of remarks whose term passed
//! (`correction-expired`), and appends one `overdue` event to every application whose open staff
//! task is past due. What it wakes is an event like any other: the table's stream carries it to
//! the step function.
//!
//! Two sweeps at once (a slow one overlapping the next) are harmless: every change is a
//! transition conditioned on the application's version.

use lambda_runtime::{LambdaEvent, service_fn};
use reglament_core::Context;
use reglament_core::transition::timestamp;
use reglament_core::wake::{self, WakeError};
use serde::Serialize;
use tracing::info;

use crate::function::Function;

/// The parts of the data location the sweep reads: the rules, for the regions they name.
pub const PARTS: [&str; 1] = ["rules"];

/// What one sweep did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Swept {
    /// The time swept up to (the function's clock).
    pub at: String,
    /// The waits woken: expired payment windows and corrections.
    pub woken: usize,
}

/// Sweeps everything due by the context's clock.
pub async fn handle(ctx: &Context) -> Result<Swept, WakeError> {
    let now = ctx.clock.now();
    let woken = wake::sweep(ctx, now).await?;
    info!(woken, "swept");
    Ok(Swept {
        at: timestamp(now),
        woken,
    })
}

/// The `main` of the sweep function: load once, then sweep at each invocation (the schedule's
/// event says nothing the sweep needs: it goes by its own clock).
pub async fn run() -> Result<(), lambda_runtime::Error> {
    crate::init_tracing();
    let function = &Function::from_env(&PARTS).await?;
    lambda_runtime::run(service_fn(
        move |_: LambdaEvent<serde_json::Value>| async move {
            function.refresh.if_due().await;
            Ok::<_, lambda_runtime::Error>(handle(&function.ctx).await?)
        },
    ))
    .await
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use reglament_core::application::Status;
    use reglament_core::event::Outcome;
    use reglament_core::rules::Step;

    use super::*;
    use crate::step::handle_batch;
    use crate::testing::{GOOD, Rig, batch, failed};

    #[tokio::test]
    async fn the_sweep_wakes_closed_payment_windows_and_the_payment_check_then_refuses() {
        let rig = Rig::new();
        let now = rig.ctx.clock.now();
        for (id, window) in [
            ("A-soon", Duration::hours(1)),
            ("A-later", Duration::hours(5)),
        ] {
            rig.file(id, GOOD, Step::PaymentCheck, Some(now + window))
                .await;
            let record = rig.event_record(id, 1, "1").await;
            assert!(
                failed(&handle_batch(&rig.ctx, Step::PaymentCheck, batch(vec![record])).await)
                    .is_empty()
            );
            assert_eq!(rig.app(id).await.status, Status::Waiting);
        }

        let swept = handle(&rig.ctx).await.expect("sweep");
        assert_eq!(swept.woken, 0, "no window has closed yet");

        rig.clock.advance(Duration::hours(2));
        let swept = handle(&rig.ctx).await.expect("sweep");
        assert_eq!(swept.woken, 1);
        assert_eq!(swept.at, timestamp(rig.ctx.clock.now()));
        let history = rig.events("A-soon").await;
        let woken = history.last().expect("an event");
        assert_eq!(
            (woken.seq, woken.step.as_str(), woken.outcome, woken.next),
            (3, "sweep", Outcome::Woken, Some(Step::PaymentCheck))
        );
        assert_eq!(rig.app("A-later").await.status, Status::Waiting);

        // Swept again, nothing more: the woken application no longer waits.
        assert_eq!(handle(&rig.ctx).await.expect("sweep").woken, 0);

        // The stream carries the woken event to the payment check, which refuses.
        let record = rig.event_record("A-soon", 3, "2").await;
        assert!(
            failed(&handle_batch(&rig.ctx, Step::PaymentCheck, batch(vec![record])).await)
                .is_empty()
        );
        let app = rig.app("A-soon").await;
        assert_eq!(app.status, Status::Refused);
        assert_eq!(app.refusal.map(|r| r.code.name()), Some("not-paid"));
    }
}
