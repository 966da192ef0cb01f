//! What every request handler shares.

use reglament_core::Context;
use reglament_core::token::TokenKey;

/// The API's shared state: the domain context and the secrets of the edge.
#[derive(Clone)]
pub struct ApiState {
    pub ctx: Context,
    /// Signs and checks bearer tokens.
    pub tokens: TokenKey,
    /// The payment gateway's HMAC-SHA256 secret for callbacks.
    pub gateway_secret: Vec<u8>,
}
