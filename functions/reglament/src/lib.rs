//! The `reglament` command and the embedded system it runs.

pub mod bundled;
pub mod cli;
pub mod cmd;
pub mod embedded;
pub mod samples;
