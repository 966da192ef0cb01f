//! `signature-check`: the EDS over the request (portal C3; the operator's EDS in the
//! service-centre channel).
//!
//! The certificate must chain to a configured trusted root, be valid when the request was filed,
//! not be on a configured revocation list, carry the expected IIN/BIN, and its key must have
//! signed the canonical request (`signature::canonical_request`). Any failure is
//! `signature-invalid` (portal P7), with the exact reason.

use chrono::{DateTime, Utc};
use tracing::instrument;

use crate::account;
use crate::application::Application;
use crate::context::Context;
use crate::error::StepError;
use crate::refusal::{Refusal, message};
use crate::rules::{Channel, Message, RefusalCode, RegionRules, Step};
use crate::signature::{self, SignatureFailure, SignedFields};
use crate::steps::{pass, refusal_rule, refuse, rule_of};
use crate::transition::Transition;

#[instrument(level = "debug", skip_all, fields(application = %app.id))]
pub async fn run(
    ctx: &Context,
    app: &Application,
    rules: &dyn RegionRules,
    now: DateTime<Utc>,
) -> Result<Transition, StepError> {
    let expected = expected_signer(ctx, app).await?;
    let rule = rule_of(app, rules, Step::SignatureCheck)?;
    let verdict = match (&app.filing.signature, expected) {
        (None, _) => Err((
            message(
                "Запрос не подписан ЭЦП",
                "Сұрау салу ЭЦҚ-мен қол қойылмаған",
                "the request carries no EDS signature",
            ),
            "unsigned".to_string(),
        )),
        (Some(_), None) => Err((
            message(
                "У оператора нет ИИН для проверки ЭЦП",
                "Операторда ЭЦҚ тексеру үшін ЖСН жоқ",
                "the operator's account has no IIN to check the EDS against",
            ),
            "no-signer-id".to_string(),
        )),
        (Some(signed), Some(expected)) => {
            let payload = signature::canonical_request(&signed_fields(app));
            let filed_at = DateTime::parse_from_rfc3339(&app.filing.filed_at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(now);
            signature::verify(&ctx.trust, signed, &payload, &expected, filed_at)
                .map_err(|f| (failure_message(&f), f.reason_code().to_string()))
        }
    };
    match verdict {
        Ok(signer) => {
            let mut t = pass(ctx, app, rules, Step::SignatureCheck, now)?;
            t.detail = serde_json::json!({ "signer": {
                "iin": signer.iin, "bin": signer.bin, "name": signer.common_name,
                "serial": signer.serial, "issuer": signer.issuer,
            }});
            Ok(t)
        }
        Err((reason, code)) => {
            let refusal = Refusal::from_rule(
                refusal_rule(rule, RefusalCode::SignatureInvalid)?,
                vec![reason],
            )
            .with_reason_code(code);
            refuse(app, rules, Step::SignatureCheck, refusal, now)
        }
    }
}

/// The fields of the application that the EDS covers.
pub fn signed_fields(app: &Application) -> SignedFields {
    SignedFields {
        region: app.filing.region.clone(),
        service: app.filing.service.clone(),
        kind: app.filing.kind.name().to_string(),
        applicant: app.filing.applicant.clone(),
        category: app.filing.category.clone(),
        form: app.filing.form.clone(),
        documents: app.filing.documents.clone(),
    }
}

/// Whose IIN/BIN the certificate must carry: the applicant's on the portal, the operator's own
/// in a service centre.
async fn expected_signer(ctx: &Context, app: &Application) -> Result<Option<String>, StepError> {
    match app.filing.channel {
        Channel::ServiceCenter => Ok(account::load(ctx.store.as_ref(), &app.filing.filed_by)
            .await?
            .and_then(|a| a.taxpayer_id)),
        _ => Ok(Some(app.filing.applicant.clone())),
    }
}

/// The reason in three languages; the English one is the check's own precise words.
fn failure_message(failure: &SignatureFailure) -> Message {
    let (ru, kk) = match failure.reason_code() {
        "expired" => (
            "Срок действия сертификата ЭЦП истёк",
            "ЭЦҚ сертификатының қолданылу мерзімі өтті",
        ),
        "not-yet-valid" => (
            "Срок действия сертификата ЭЦП ещё не начался",
            "ЭЦҚ сертификатының қолданылу мерзімі әлі басталған жоқ",
        ),
        "revoked" => ("Сертификат ЭЦП отозван", "ЭЦҚ сертификаты кері қайтарылған"),
        "untrusted" => (
            "Сертификат ЭЦП выдан не доверенным удостоверяющим центром",
            "ЭЦҚ сертификатын сенімді емес куәландырушы орталық берген",
        ),
        "identity-mismatch" => (
            "ИИН/БИН в запросе не совпадает с ИИН/БИН в сертификате ЭЦП",
            "Сұрау салудағы ЖСН/БСН ЭЦҚ сертификатындағы ЖСН/БСН-мен сәйкес келмейді",
        ),
        "bad-signature" => (
            "Подпись не соответствует содержанию запроса",
            "Қолтаңба сұрау салудың мазмұнына сәйкес келмейді",
        ),
        "no-identity" => (
            "В сертификате ЭЦП нет ИИН/БИН владельца",
            "ЭЦҚ сертификатында иесінің ЖСН/БСН жоқ",
        ),
        "unsupported-algorithm" => (
            "Алгоритм ключа ЭЦП не поддерживается",
            "ЭЦҚ кілтінің алгоритмі қолданылмайды",
        ),
        _ => (
            "Подпись или сертификат ЭЦП повреждены",
            "Қолтаңба немесе ЭЦҚ сертификаты бүлінген",
        ),
    };
    message(ru, kk, failure.to_string())
}
