//! Texts shown to people: the regulation's refusal messages and the phrases several modules share.
//!
//! **Russian** refusal messages quote the act (seed 001, §6 and §7 of each regulation), keeping
//! its spelling ("в связи с не подтверждением" is printed so in the act).
//!
//! **Kazakh**: there is no Kazakh text of act А-11/464. Every Kazakh text in this crate is the
//! project's translation, reusing the official wording of the Kazakh regulations of the same
//! period (seeds 003 and 004) for the same notions: «көрсетілетін қызметті алушы» (consumer),
//! «авторландырудан бас тарту» (refusal of authorization), «ЭЦҚ түпнұсқалығының расталмауы»
//! (EDS not confirmed), «төлемнің болмауы» (no payment), «"Е-лицензиялау" МДҚ АЖ» (IS-EL),
//! «ЖТ МДҚ / ЗТ МДҚ» (GBD-FL / GBD-UL), «біліктілік талаптары» (qualification requirements).
//!
//! **English** is the project's translation too.

use crate::service::LicenceService;
use crate::types::{Message, RequestKind};

/// A text in Russian, Kazakh and English fixed at compile time; [`Text::message`] turns it into
/// the WIT `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Russian: the act's wording where the act has one.
    pub ru: &'static str,
    /// Kazakh: the project's translation.
    pub kk: &'static str,
    /// English: the project's translation.
    pub en: &'static str,
}

impl Text {
    /// The text as a WIT message.
    pub fn message(self) -> Message {
        Message {
            ru: self.ru.to_owned(),
            kk: self.kk.to_owned(),
            en: self.en.to_owned(),
        }
    }
}

/// A message from three owned strings.
pub fn message(ru: String, kk: String, en: String) -> Message {
    Message { ru, kk, en }
}

/// Portal P2: the portal refuses the applicant's login (C1 failed).
pub const AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации в связи с имеющимися нарушениями в данных потребителя.",
    kk: "Көрсетілетін қызметті алушының деректерінде бұзушылықтардың болуына байланысты \
         авторландырудан бас тартылды.",
    en: "Authorization refused because of violations in the applicant's data.",
};

/// Provider P2: IS-EL refuses the provider employee's login (C1 failed).
pub const EMPLOYEE_AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации в связи с имеющимися нарушениями в данных сотрудника услугодателя.",
    kk: "Көрсетілетін қызметті беруші қызметкерінің деректерінде бұзушылықтардың болуына \
         байланысты авторландырудан бас тартылды.",
    en: "Authorization refused because of violations in the provider employee's data.",
};

/// Portal P5: IS-EL has no payment for the service (C2 failed).
pub const NOT_PAID: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с отсутствием оплаты за оказание услуги в ИС ГБД \
         «Е-лицензирование».",
    kk: "\"Е-лицензиялау\" МДҚ АЖ-да қызметке төлемнің болмауына байланысты сұрау салынған \
         қызметтен бас тартылды.",
    en: "The requested service is refused: no payment for the service is recorded in the \
         E-licensing system.",
};

/// Portal P7: the applicant's EDS did not pass (C3 failed: expired, revoked or IIN/BIN mismatch).
pub const SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с не подтверждением подлинности ЭЦП потребителя.",
    kk: "Көрсетілетін қызметті алушының ЭЦҚ түпнұсқалығының расталмауына байланысты сұрау \
         салынған қызметтен бас тартылды.",
    en: "The requested service is refused: the authenticity of the applicant's EDS was not \
         confirmed.",
};

/// Portal P10 and provider P8: the provider found the qualification requirements or grounds not
/// met (C4 / C3 failed). The motivated refusal carries this statement and each reason.
pub const DATA_VIOLATIONS: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с имеющимися нарушениями в данных потребителя в ИС \
         ГБД «Е-лицензирование».",
    kk: "\"Е-лицензиялау\" МДҚ АЖ-да көрсетілетін қызметті алушының деректерінде \
         бұзушылықтардың болуына байланысты сұрау салынған қызметті көрсетуден бас тартылды.",
    en: "The requested service is refused because of violations in the applicant's data in the \
         E-licensing system.",
};

/// Provider P5 for S1–S3 and S5: the applicant is in neither state registry (C2 failed).
const APPLICANT_NOT_FOUND: Text = Text {
    ru: "Невозможно получить данные в связи с отсутствием данных потребителя в ГБД ФЛ/ГБД ЮЛ.",
    kk: "ЖТ МДҚ/ЗТ МДҚ-да көрсетілетін қызметті алушының деректерінің болмауына байланысты \
         деректерді алу мүмкін емес.",
    en: "The applicant's data cannot be obtained: the applicant is not in the state database \
         \"Individuals\" or \"Legal entities\".",
};

/// Provider P5 for the grain warehouse (S4): the act looks up the legal-entity registry only.
const LEGAL_ENTITY_NOT_FOUND: Text = Text {
    ru: "Невозможно получить данные в связи с отсутствием данных потребителя в ГБД ЮЛ.",
    kk: "ЗТ МДҚ-да көрсетілетін қызметті алушының деректерінің болмауына байланысты деректерді \
         алу мүмкін емес.",
    en: "The applicant's data cannot be obtained: the applicant is not in the state database \
         \"Legal entities\".",
};

/// The generic reason of a motivated refusal when a staff member refused without giving one:
/// the wording of condition C4/C3 itself.
pub const REQUIREMENTS_NOT_MET: Text = Text {
    ru: "Потребитель не соответствует квалификационным требованиям и основаниям для выдачи \
         лицензии.",
    kk: "Көрсетілетін қызметті алушы біліктілік талаптарына және лицензия беру негіздеріне \
         сәйкес келмейді.",
    en: "The applicant does not meet the qualification requirements and the grounds for issuing \
         the licence.",
};

/// Provider P5 for a service, naming the registries the act looks the applicant up in: GBD-UL
/// only for S4. The host adds the precise reason (not found, or an individual for S4).
pub fn applicant_not_found(service: LicenceService) -> Message {
    if service.legal_entities_only() {
        LEGAL_ENTITY_NOT_FOUND.message()
    } else {
        APPLICANT_NOT_FOUND.message()
    }
}

/// A service id the act does not provide.
pub fn unknown_service(id: &str) -> Message {
    message(
        format!(
            "Услуга «{id}» не предусмотрена регламентами постановления акимата Акмолинской области № А-11/464."
        ),
        format!(
            "«{id}» қызметі Ақмола облысы әкімдігінің № А-11/464 қаулысымен бекітілген регламенттерде көзделмеген."
        ),
        format!(
            "The service \"{id}\" is not provided by the regulations of Akmola akimat resolution А-11/464."
        ),
    )
}

/// A request kind the act does not provide (it knows issue, re-issue and duplicate only).
pub fn kind_not_provided(kind: RequestKind) -> Message {
    let kind = kind_name(kind);
    message(
        format!(
            "Вид заявления «{kind}» не предусмотрен: возможны выдача лицензии, переоформление и выдача дубликата."
        ),
        format!(
            "«{kind}» өтініш түрі көзделмеген: лицензия беру, қайта ресімдеу және телнұсқа беру ғана мүмкін."
        ),
        format!(
            "The request kind \"{kind}\" is not provided: a licence can only be issued, re-issued or duplicated."
        ),
    )
}

/// A channel the act does not provide (it has the portal and the provider only; no service centre).
pub const CHANNEL_NOT_PROVIDED: Text = Text {
    ru: "Регламент предусматривает подачу заявления только через ПЭП или через услугодателя.",
    kk: "Регламент өтінішті тек ЭҮП арқылы немесе көрсетілетін қызметті беруші арқылы беруді \
         көздейді.",
    en: "The regulation provides filing only through the e-government portal or through the \
         provider.",
};

/// The WIT name of a request kind, as the host writes it.
pub fn kind_name(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Issue => "issue",
        RequestKind::Reissue => "reissue",
        RequestKind::Duplicate => "duplicate",
        RequestKind::Preliminary => "preliminary",
        RequestKind::Main => "main",
        RequestKind::Repeat => "repeat",
    }
}

/// Fills the empty languages of a staff member's message from the first language given, so a
/// motivated refusal never shows an empty reason. `None` when every language is empty.
pub fn completed(reason: &Message) -> Option<Message> {
    let given = [&reason.ru, &reason.kk, &reason.en]
        .into_iter()
        .map(|text| text.trim())
        .find(|text| !text.is_empty())?;
    let or_given = |text: &str| {
        let text = text.trim();
        if text.is_empty() {
            given.to_owned()
        } else {
            text.to_owned()
        }
    };
    Some(message(
        or_given(&reason.ru),
        or_given(&reason.kk),
        or_given(&reason.en),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grain_warehouse_lookup_names_the_legal_entity_registry_only() {
        let refusal = applicant_not_found(LicenceService::GrainWarehouse);
        assert!(refusal.ru.ends_with("в ГБД ЮЛ."));
        assert!(refusal.kk.starts_with("ЗТ МДҚ-да"));
        assert!(
            applicant_not_found(LicenceService::Veterinary)
                .ru
                .contains("ГБД ФЛ/ГБД ЮЛ")
        );
    }

    #[test]
    fn a_staff_reason_in_one_language_fills_the_others() {
        let reason = message("Нет диплома".into(), " ".into(), String::new());
        let done = completed(&reason).expect("a reason");
        assert_eq!(done.kk, "Нет диплома");
        assert_eq!(done.en, "Нет диплома");
        assert_eq!(
            completed(&message(String::new(), " ".into(), String::new())),
            None
        );
    }
}
