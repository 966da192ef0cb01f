//! The domain of reglament: what an application is, what a regulation prescribes, and the six
//! host steps as plain functions over ports (the [`reglament_store::Store`] and the regional
//! [`rules::RegionRules`]). Nothing here opens a socket or a file.
//!
//! Where things are:
//! - an application and its history: [`application`], [`event`], [`transition`];
//! - filing at the door: [`filing`]; the steps: [`steps`]; the outside world answering: [`wake`];
//! - identities: [`identity`] (IIN/BIN), [`account`], [`token`], [`population`] (state registries);
//! - the EDS check: [`signature`]; payments: [`payment`]; result documents: [`document`];
//! - time: [`calendar`] (working days), [`term`] (deadlines), [`clock`];
//! - the survey and the indicators report: [`survey`], [`indicators`];
//! - the embedded event runner: [`runner`].

pub mod account;
pub mod application;
pub mod calendar;
pub mod clock;
pub mod context;
pub mod document;
pub mod error;
pub mod event;
pub mod filing;
pub mod identity;
pub mod indicators;
pub mod payment;
pub mod population;
pub mod recent;
pub mod refusal;
pub mod rules;
pub mod rules_admin;
pub mod runner;
pub mod signature;
pub mod steps;
pub mod survey;
pub mod term;
pub mod token;
pub mod transition;
pub mod wake;

pub use context::{Context, ProviderKeys, Settings};
pub use error::StepError;
