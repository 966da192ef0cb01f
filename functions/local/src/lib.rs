//! The local Lambda run: what AWS does around the functions, done against the emulator.
//!
//! - [`setup`]: the table (as the template makes it), the bundled rule components published into
//!   it with their precompiled artifacts, the providers' keys and the API's secrets in the data
//!   directory, and optionally the same files in an S3 bucket;
//! - [`relay`]: polls the table's stream and invokes the step function each new event wakes,
//!   through the Lambda Invoke API (`cargo lambda watch` serves it), retrying failed records as an
//!   event-source mapping does.

pub mod invoke;
pub mod relay;
pub mod setup;
