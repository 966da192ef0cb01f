//! `check-completeness`: what registration checks. For Akmola, nothing: every application is
//! complete at registration.
//!
//! Why: the act gives registration (portal P9, provider P7) no failure branch — the request is
//! registered with a number and goes straight to the provider's check C4 / C3. It lists no
//! documents either: the document list is in the state service standard (decree No. 1108), which
//! is not in the seed, and the forms are "on www.elicense.kz" (§8). A missing or unsuitable
//! document is therefore a matter of the qualification check, refused by the motivated refusal
//! P10 / P8 with its reason ([`crate::qualification`]). Accordingly the `register` steps of
//! [`crate::routes`] carry no refusal, and this check cannot produce one.

use crate::types::{Application, Message};

/// Always complete: the act has no completeness check at registration (see the module
/// documentation).
pub fn check_completeness(_app: &Application) -> Vec<Message> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::application;
    use crate::types::RequestKind;

    #[test]
    fn every_application_is_complete_at_registration() {
        let mut app = application("veterinary", RequestKind::Issue, "not even json");
        app.documents.clear();
        assert!(check_completeness(&app).is_empty());
    }
}
