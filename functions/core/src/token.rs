//! Bearer tokens: a login and an expiry, signed with the server's HMAC-SHA256 key.
//!
//! Tokens are stateless, so every API instance (and every Lambda) checks them with the shared
//! secret alone. `<login>.<expiry unix seconds>.<hex mac>`.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The key that signs and checks bearer tokens.
#[derive(Clone)]
pub struct TokenKey {
    secret: Vec<u8>,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

impl TokenKey {
    pub fn new(secret: &[u8]) -> TokenKey {
        TokenKey {
            secret: secret.to_vec(),
        }
    }

    /// A token for `login`, valid until `expires`.
    pub fn issue(&self, login: &str, expires: DateTime<Utc>) -> String {
        let body = format!("{login}.{}", expires.timestamp());
        format!("{body}.{}", hex::encode(self.mac(&body)))
    }

    /// The login the token names, if the token is genuine and not expired at `now`.
    pub fn check(&self, token: &str, now: DateTime<Utc>) -> Option<String> {
        let (body, mac) = token.rsplit_once('.')?;
        let mac = hex::decode(mac).ok()?;
        let mut check = HmacSha256::new_from_slice(&self.secret).ok()?;
        check.update(body.as_bytes());
        check.verify_slice(&mac).ok()?;
        let (login, expires) = body.rsplit_once('.')?;
        let expires: i64 = expires.parse().ok()?;
        (now.timestamp() < expires).then(|| login.to_string())
    }

    fn mac(&self, body: &str) -> Vec<u8> {
        let mut mac = HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length");
        mac.update(body.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

/// Whether `signature_hex` is the HMAC-SHA256 of `body` under `secret` (constant time).
pub fn hmac_matches(secret: &[u8], body: &[u8], signature_hex: &str) -> bool {
    let Ok(signature) = hex::decode(signature_hex.trim()) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&signature).is_ok()
}

/// The hex HMAC-SHA256 of `body` under `secret` (what the payment gateway sends).
pub fn hmac_hex(secret: &[u8], body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_token_checks_until_it_expires() {
        let key = TokenKey::new(b"secret");
        let now = Utc::now();
        let token = key.issue("clerk.1", now + Duration::hours(1));
        assert_eq!(key.check(&token, now).as_deref(), Some("clerk.1"));
        assert_eq!(key.check(&token, now + Duration::hours(2)), None);
    }

    #[test]
    fn a_forged_token_is_refused() {
        let key = TokenKey::new(b"secret");
        let now = Utc::now();
        let token = key.issue("clerk", now + Duration::hours(1));
        let forged = token.replacen("clerk", "admin", 1);
        assert_eq!(key.check(&forged, now), None);
        assert_eq!(TokenKey::new(b"other").check(&token, now), None);
    }

    #[test]
    fn gateway_mac_matches_only_its_body() {
        let mac = hmac_hex(b"k", b"{\"a\":1}");
        assert!(hmac_matches(b"k", b"{\"a\":1}", &mac));
        assert!(!hmac_matches(b"k", b"{\"a\":2}", &mac));
        assert!(!hmac_matches(b"k", b"{\"a\":1}", "zz"));
    }
}
