//! Akmola regional rules: the five licence e-services of Akmola akimat resolution А-11/464 of
//! 28.09.2012 (in force 05.11.2012 – 03.06.2013), as a `kz:reglament` WebAssembly component.
//!
//! This file holds only the WIT bindings and the export glue. The rules live one concept per
//! module:
//!
//! | module | what it holds |
//! |---|---|
//! | [`regulation`] | the act, its dates, the provider, the service term, the `regulation()` answer |
//! | [`service`] | the five licence services: ids, titles, licensed activities, admitted applicants |
//! | [`routes`] | the two channels' routes: process ids, annex-table time limits, refusals |
//! | [`messages`] | texts shown to people: the regulation's refusal messages and shared phrases |
//! | [`form`] | reading the request form (a JSON object) field by field |
//! | [`schema`] | how a form field is described and checked |
//! | [`forms`] | the form schema of each service and `check-form` |
//! | [`completeness`] | `check-completeness` (always complete for Akmola, and why) |
//! | [`fees`] | the licence fee in MCI and tiyn (an assumption: the act gives no amount) |
//! | [`qualification`] | the qualification requirements of each service and `decide` |
//! | [`result`] | `render`: the licence or the motivated refusal as JSON |
//!
//! The component imports nothing: every answer depends only on its arguments, and no input
//! makes it trap.

wit_bindgen::generate!({
    path: "../../wit",
    world: "regional-rules",
    additional_derives: [PartialEq],
});

/// Every rules call runs in a fresh instance: its memory comes from an arena (see
/// `reglament-arena`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ARENA: reglament_arena::CallArena = reglament_arena::CallArena::new();

pub mod completeness;
pub mod fees;
pub mod form;
pub mod forms;
pub mod messages;
pub mod qualification;
pub mod regulation;
pub mod result;
pub mod routes;
pub mod schema;
pub mod service;

#[cfg(test)]
mod testing;

/// The WIT vocabulary (`kz:reglament/types`) as Rust types, for the modules and for native users
/// of this crate.
pub use kz::reglament::types;

use exports::kz::reglament::rules::Guest;
use types::{Application, Decision, Message, Regulation, RequestKind, StaffAction, Term};

/// The component: each export calls the plain Rust function that answers it.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct AkmolaRules;

impl Guest for AkmolaRules {
    fn regulation() -> Regulation {
        regulation::regulation()
    }

    fn check_form(app: Application) -> Vec<Message> {
        forms::check_form(&app)
    }

    fn check_completeness(app: Application) -> Vec<Message> {
        completeness::check_completeness(&app)
    }

    fn fee(service: String, kind: RequestKind) -> Option<u64> {
        fees::fee(&service, kind)
    }

    fn term(app: Application) -> Term {
        regulation::term(&app)
    }

    fn decide(app: Application, staff: Vec<StaffAction>) -> Decision {
        qualification::decide(&app, &staff)
    }

    fn render(app: Application, outcome: Decision) -> String {
        result::render(&app, &outcome)
    }
}

// Exported on wasm only: a native `cdylib` cannot carry the component's export names (they
// contain ':' and '/', which the native linker's version script rejects). Native builds are for
// the unit tests, which call the functions behind the exports directly.
#[cfg(target_arch = "wasm32")]
export!(AkmolaRules);
