//! Why a step could not run. A step error leaves the application exactly as it was; the delivery
//! is retried, and an application whose step keeps failing is shown to operators as stalled.
//! Domain failures (a refusal) are never step errors: they are committed as events.

use reglament_store::StoreError;

use crate::calendar::CalendarError;
use crate::rules::RulesError;

#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("rules: {0}")]
    Rules(#[from] RulesError),
    #[error("calendar: {0}")]
    Calendar(#[from] CalendarError),
    /// The application's data or its rules contradict what the step needs (e.g. the route has
    /// no such step). Needs an operator.
    #[error("{0}")]
    Invariant(String),
}
