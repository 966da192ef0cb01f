//! `check-completeness`: the documents a request must carry, checked at registration. An act
//! that lists its documents (Almaty para 11) gives [`crate::act::Act::documents`]; each document
//! missing from the filing's list is one reason of the `incomplete` motivated refusal. An act
//! that lists none (WKO, Atyrau: the documents are in the Standard) checks nothing here.

use crate::act::Act;
use crate::text::message;
use crate::types::{Application, Message};

/// One message per required document the application does not carry.
pub fn check_completeness(act: &'static Act, app: &Application) -> Vec<Message> {
    let Some(documents) = act.documents else {
        return Vec::new();
    };
    documents(app)
        .into_iter()
        .filter(|d| !app.documents.iter().any(|given| given == d.kind))
        .map(|d| {
            message(
                format!("Не представлен документ: {} ({}).", d.name.ru, d.kind),
                format!("Құжат ұсынылмаған: {} ({}).", d.name.kk, d.kind),
                format!("Document missing: {} ({}).", d.name.en, d.kind),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ACT, application};
    use crate::types::RequestKind;

    #[test]
    fn each_missing_document_is_named() {
        let mut app = application("emission-permit", RequestKind::Issue);
        app.documents = vec!["application".into()];
        let missing = check_completeness(&ACT, &app);
        assert_eq!(missing.len(), 1);
        assert!(missing[0].en.ends_with("(action-plan)."));
        app.documents.push("action-plan".into());
        assert!(check_completeness(&ACT, &app).is_empty());
    }
}
