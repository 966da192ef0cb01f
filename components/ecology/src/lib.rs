//! What the ecological e-service regulations share — emission permits and state ecological
//! expertise (SEE) conclusions for objects of categories II, III and IV, as the akimats of
//! Almaty, West Kazakhstan and Atyrau approved them in 2013–2015.
//!
//! This crate is a library, not a component: each regional rule component (`components/almaty`,
//! `components/west-kazakhstan-2013`, `components/west-kazakhstan-2015`, `components/atyrau`)
//! describes its act as data — an [`act::Act`] — and exports it with [`export!`]. The answers to
//! the `kz:reglament` contract are computed here from that data:
//!
//! | module | what it holds |
//! |---|---|
//! | [`text`] | texts in Russian, Kazakh and English |
//! | [`act`] | an act as data: dates, provider, services, channels, steps, terms, workflow |
//! | [`routes`] | the routes as the host sees them |
//! | [`template`] | the routes of the 2013 e-service template (Almaty, WKO 2013, Atyrau) |
//! | [`form`] | reading the request form |
//! | [`forms`] | the request forms of the two services and `check-form` |
//! | [`limits`] | the emission limits by year a permit request asks for and the permit sets |
//! | [`documents`] | the documents a request must carry, and `check-completeness` |
//! | [`review`] | the provider's check as one staff review (Almaty, WKO 2013, Atyrau); the staff answers every workflow shares |
//! | [`result`] | `render`: the permit, the conclusion with its verdict, the motivated refusal |
//!
//! Nothing here imports anything: every answer depends only on the arguments.

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use reglament_arena::CallArena;

wit_bindgen::generate!({
    path: "../../wit",
    world: "regional-rules",
    additional_derives: [PartialEq],
    pub_export_macro: true,
    default_bindings_module: "reglament_ecology",
});

pub mod act;
pub mod documents;
pub mod form;
pub mod forms;
pub mod limits;
pub mod result;
pub mod review;
pub mod routes;
pub mod template;
pub mod text;

#[cfg(test)]
mod testing;

/// The WIT vocabulary (`kz:reglament/types`) as Rust types.
pub use kz::reglament::types;

/// The trait a component implements to export the rules.
pub use exports::kz::reglament::rules::Guest;

use act::Act;
use types::{Application, Decision, Message, Regulation, RequestKind, StaffAction, Term};

/// Every export of the contract answered from one act. A component's `Guest` implementation
/// calls these, one line each.
impl Act {
    /// `regulation`.
    pub fn regulation(&'static self) -> Regulation {
        routes::regulation(self)
    }

    /// `check-form`.
    pub fn check_form(&'static self, app: &Application) -> Vec<Message> {
        forms::check_form(self, app)
    }

    /// `check-completeness`.
    pub fn check_completeness(&'static self, app: &Application) -> Vec<Message> {
        documents::check_completeness(self, app)
    }

    /// `fee`: every ecological service of these acts is free of charge.
    pub fn fee(&'static self, _service: &str, _kind: RequestKind) -> Option<u64> {
        None
    }

    /// `term`.
    pub fn term(&'static self, app: &Application) -> Term {
        (self.term)(app)
    }

    /// `decide`.
    pub fn decide(&'static self, app: &Application, staff: &[StaffAction]) -> Decision {
        (self.decide)(self, app, staff)
    }

    /// `render`.
    pub fn render(&'static self, app: &Application, outcome: &Decision) -> String {
        result::render(self, app, outcome)
    }
}

/// Implements the component's exports for a type from a static [`Act`], and exports them on
/// wasm: `rules_component!(AlmatyRules, act::ALMATY);`.
#[macro_export]
macro_rules! rules_component {
    ($name:ident, $act:expr) => {
        /// The component: each export answers from the act.
        #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
        pub struct $name;

        impl $crate::Guest for $name {
            fn regulation() -> $crate::types::Regulation {
                $act.regulation()
            }
            fn check_form(app: $crate::types::Application) -> Vec<$crate::types::Message> {
                $act.check_form(&app)
            }
            fn check_completeness(
                app: $crate::types::Application,
            ) -> Vec<$crate::types::Message> {
                $act.check_completeness(&app)
            }
            fn fee(service: String, kind: $crate::types::RequestKind) -> Option<u64> {
                $act.fee(&service, kind)
            }
            fn term(app: $crate::types::Application) -> $crate::types::Term {
                $act.term(&app)
            }
            fn decide(
                app: $crate::types::Application,
                staff: Vec<$crate::types::StaffAction>,
            ) -> $crate::types::Decision {
                $act.decide(&app, &staff)
            }
            fn render(
                app: $crate::types::Application,
                outcome: $crate::types::Decision,
            ) -> String {
                $act.render(&app, &outcome)
            }
        }

        // Exported on wasm only: a native `cdylib` cannot carry the component's export names.
        #[cfg(target_arch = "wasm32")]
        $crate::export!($name with_types_in $crate);

        // Every rules call runs in a fresh instance: its memory comes from an arena.
        #[cfg(target_arch = "wasm32")]
        #[global_allocator]
        static ARENA: $crate::CallArena = $crate::CallArena::new();
    };
}
