//! What every request handler shares.

use std::sync::Arc;

use reglament_core::Context;
use reglament_core::rules_admin::RulesAdmin;
use reglament_core::token::TokenKey;

/// The API's shared state: the domain context and the secrets of the edge.
#[derive(Clone)]
pub struct ApiState {
    pub ctx: Context,
    /// Signs and checks bearer tokens.
    pub tokens: TokenKey,
    /// The payment gateway's HMAC-SHA256 secret for callbacks.
    pub gateway_secret: Vec<u8>,
    /// Publishing and switching regional rules, where this deployment does it (admin routes).
    pub rules_admin: Option<Arc<dyn RulesAdmin>>,
}
