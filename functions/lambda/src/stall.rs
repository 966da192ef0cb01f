//! Marking an application stalled when its step fails in a Lambda function.
//!
//! The embedded runner retries a failing step itself and marks the application stalled
//! (`APP#id / STALL`, [`reglament_core::runner::record_stall`]) once every attempt failed. In the
//! cloud the event-source mapping retries, and a function never knows whether an attempt is the
//! last before the record goes to the on-failure queue; so each failed attempt records the stall
//! at once, counting the attempts at the same event. Operators see the application stalled, with
//! the error and the attempts so far, from its first failure on.
//!
//! Nothing removes a stall, in either mode: the application's view shows it only while it is at
//! the application's current event and the application is open, so a retry that succeeds (the
//! application moves on), or an operator's fix that moves it on, clears it in both.

use reglament_core::Context;
use reglament_core::event::Event;
use reglament_core::rules::Step;
use reglament_core::runner::{Stall, record_stall, stall_key};
use tracing::warn;

/// Records that `step` failed for `event` with `error`: the attempts at this event so far,
/// this one included, which it answers. A failure to read or record is logged. A stall already
/// recorded at a later event stays: a late redelivery of an older event that fails does not
/// hide the application's real stall.
pub async fn record_failure(ctx: &Context, event: &Event, step: Step, error: &str) -> u32 {
    let recorded = recorded(ctx, event).await;
    if let Some(later) = recorded.as_ref().filter(|stall| stall.seq > event.seq) {
        warn!(
            stale = event.seq,
            stalled_at = later.seq,
            %error,
            "an older event failed again; the stall at the later event stays"
        );
        return 1;
    }
    let attempts = recorded
        .filter(|stall| stall.seq == event.seq && stall.step == step)
        .map_or(0, |stall| stall.attempts)
        + 1;
    record_stall(ctx, event, step, error, attempts).await;
    attempts
}

/// The stall recorded for the event's application, if any.
async fn recorded(ctx: &Context, event: &Event) -> Option<Stall> {
    match ctx.store.get(&stall_key(&event.application)).await {
        Ok(item) => item.and_then(|item| item.to_value::<Stall>().ok()),
        Err(error) => {
            warn!(%error, "could not read the stall; counting from this attempt");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use chrono::Duration;
    use reglament_core::application::Status;

    use super::Step;
    use crate::step::handle_batch;
    use crate::testing::{Rig, TRAPPING, batch, failed};

    #[tokio::test]
    async fn a_trapping_rules_call_stalls_the_application_at_each_attempt_until_a_retry_passes() {
        let rig = Rig::new();
        let open = rig.ctx.clock.now() + Duration::hours(23);
        rig.file("A-trap", TRAPPING, Step::PaymentCheck, Some(open))
            .await;
        let record = rig.event_record("A-trap", 1, "200").await;
        for attempt in 1..=3 {
            let response =
                handle_batch(&rig.ctx, Step::PaymentCheck, batch(vec![record.clone()])).await;
            assert_eq!(
                failed(&response),
                ["200"],
                "reported for the mapping to retry"
            );
            let stall = rig.shown_stall("A-trap").await.expect("shown as stalled");
            assert_eq!(
                (stall.step, stall.seq, stall.attempts),
                (Step::PaymentCheck, 1, attempt)
            );
            assert!(
                stall.error.contains("rules trapping failed in fee")
                    && stall.error.contains("unreachable"),
                "{}",
                stall.error
            );
            let app = rig.app("A-trap").await;
            assert_eq!((app.version, app.status), (1, Status::InProgress));
        }

        // The call passes at the next retry (a timeout on a busy machine, say): the step runs,
        // the application moves on and the stall no longer shows, though its item stays.
        rig.trapping.failing.store(false, Ordering::SeqCst);
        let response = handle_batch(&rig.ctx, Step::PaymentCheck, batch(vec![record])).await;
        assert!(failed(&response).is_empty());
        let app = rig.app("A-trap").await;
        assert_eq!((app.version, app.status), (2, Status::Waiting));
        assert!(rig.stall("A-trap").await.is_some());
        assert!(rig.shown_stall("A-trap").await.is_none());

        // A failure at a later event counts its attempts from one again.
        rig.clock.advance(Duration::days(1));
        reglament_core::wake::sweep(&rig.ctx, rig.ctx.clock.now())
            .await
            .expect("the sweep wakes the expired payment wait");
        rig.trapping.failing.store(true, Ordering::SeqCst);
        let woken = rig.event_record("A-trap", 3, "201").await;
        let response = handle_batch(&rig.ctx, Step::PaymentCheck, batch(vec![woken])).await;
        assert_eq!(failed(&response), ["201"]);
        let stall = rig.shown_stall("A-trap").await.expect("stalled again");
        assert_eq!((stall.seq, stall.attempts), (3, 1));

        // A late redelivery of the first event that fails (the store briefly away, say) leaves
        // the stall at the later event as it was.
        let first = rig.events("A-trap").await.remove(0);
        assert_eq!(first.seq, 1);
        super::record_failure(&rig.ctx, &first, Step::PaymentCheck, "store unavailable").await;
        let stall = rig.shown_stall("A-trap").await.expect("still stalled");
        assert_eq!((stall.seq, stall.attempts), (3, 1));
        assert!(stall.error.contains("rules trapping failed in fee"));
    }
}
