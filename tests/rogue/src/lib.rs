//! A hostile version of the Akmola rules, for the scenario tests only (it lives under `tests/`,
//! so the product never bundles it). It answers `regulation`, `check-form`, `check-completeness`,
//! `fee`, `term` and `render` exactly as the Akmola component does — its modules are compiled in
//! from `components/akmola/src` — so it passes publishing and lets applications be filed. Its
//! `decide` misbehaves as the form's `rogue` field says:
//!
//! - `"loop"`: never returns (the host's deadline must stop it);
//! - `"grow"`: allocates without end (the host's memory cap must stop it);
//! - `"trap"`: panics, which traps;
//! - absent or anything else: decides as Akmola does.

wit_bindgen::generate!({
    path: "../../wit",
    world: "regional-rules",
    additional_derives: [PartialEq],
});

/// The same allocator as the real components, so that `grow` meets the host's memory cap the
/// way a real component would.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ARENA: reglament_arena::CallArena = reglament_arena::CallArena::new();

#[path = "../../../components/akmola/src/completeness.rs"]
pub mod completeness;
#[path = "../../../components/akmola/src/fees.rs"]
pub mod fees;
#[path = "../../../components/akmola/src/form.rs"]
pub mod form;
#[path = "../../../components/akmola/src/forms.rs"]
pub mod forms;
#[path = "../../../components/akmola/src/messages.rs"]
pub mod messages;
#[path = "../../../components/akmola/src/qualification.rs"]
pub mod qualification;
#[path = "../../../components/akmola/src/regulation.rs"]
pub mod regulation;
#[path = "../../../components/akmola/src/result.rs"]
pub mod result;
#[path = "../../../components/akmola/src/routes.rs"]
pub mod routes;
#[path = "../../../components/akmola/src/schema.rs"]
pub mod schema;
#[path = "../../../components/akmola/src/service.rs"]
pub mod service;
#[cfg(test)]
#[path = "../../../components/akmola/src/testing.rs"]
mod testing;

pub use kz::reglament::types;

use exports::kz::reglament::rules::Guest;
use types::{Application, Decision, Message, Regulation, RequestKind, StaffAction, Term};

/// How `decide` misbehaves, as the form's `rogue` field asks.
enum Misbehaviour {
    Loop,
    Grow,
    Trap,
}

impl Misbehaviour {
    fn parse(form: &str) -> Option<Misbehaviour> {
        let form: serde_json::Value = serde_json::from_str(form).ok()?;
        match form.get("rogue")?.as_str()? {
            "loop" => Some(Misbehaviour::Loop),
            "grow" => Some(Misbehaviour::Grow),
            "trap" => Some(Misbehaviour::Trap),
            _ => None,
        }
    }

    fn apply(self) -> ! {
        match self {
            Misbehaviour::Loop => {
                let mut turns = 0u64;
                loop {
                    turns = std::hint::black_box(turns.wrapping_add(1));
                }
            }
            Misbehaviour::Grow => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(std::hint::black_box(vec![1u8; 1 << 20]));
                }
            }
            Misbehaviour::Trap => panic!("the rogue rules trap on purpose"),
        }
    }
}

/// The component: Akmola's answers, but a `decide` that may misbehave.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct RogueRules;

impl Guest for RogueRules {
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
        if let Some(misbehaviour) = Misbehaviour::parse(&app.form) {
            misbehaviour.apply();
        }
        qualification::decide(&app, &staff)
    }

    fn render(app: Application, outcome: Decision) -> String {
        result::render(&app, &outcome)
    }
}

#[cfg(target_arch = "wasm32")]
export!(RogueRules);
