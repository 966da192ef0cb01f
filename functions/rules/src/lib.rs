//! The regional rules host: runs each region's rules — a WebAssembly component of the
//! `kz:reglament/regional-rules` world (`wit/reglament.wit`) — under wasmtime, as the
//! [`reglament_core::rules::RulesSource`] the steps use.
//!
//! - [`engine`]: the one wasmtime configuration for compiling and running, and the per-call
//!   [`Limits`] (time, memory) enforced by an epoch ticker and a memory cap.
//! - [`LoadedRules`]: one version, pre-linked once; every call instantiates it afresh in its own
//!   sandbox.
//! - [`RulesHost`]: publishing (feature `compiler`: validation and precompilation), loading the
//!   published versions at start, and the version in force on a date.
//! - `admin`: hot swap — the refresh that picks up versions published or activated by another
//!   process, the rollback, and the [`reglament_core::rules_admin::RulesAdmin`] operations.
//!
//! Without the `compiler` feature (the Lambda functions) the crate links no Cranelift: it only
//! deserializes `.cwasm` artifacts written by a publishing build with the same configuration.

pub mod admin;
mod artifacts;
#[cfg(feature = "compiler")]
mod compile;
pub mod component;
mod convert;
mod dates;
pub mod engine;
mod loaded;
#[cfg(feature = "compiler")]
mod publish;
mod record;
mod registry;
mod sandbox;
#[cfg(feature = "compiler")]
mod validate;
mod versions;

#[cfg(feature = "compiler")]
pub use compile::{compatibility, precompile};
#[cfg(feature = "compiler")]
pub use component::{ComponentizeError, componentize};
pub use engine::{EngineError, Limits, RulesEngine};
pub use loaded::{LoadedRules, component_digest};
pub use record::{ActivePointer, PublishedVersion};
pub use registry::RulesHost;
