//! Texts of act No. 263.
//!
//! **Kazakh** quotes the act (seed 003, the only language of the seed): the portal messages of
//! §8 and the completeness refusal of the expertise regulation's §5. **Russian** is the project's
//! translation (the act's Russian text is not in the seeds). **English** is the project's.

use reglament_ecology::text::Text;

/// Portal P2 (C1 failed).
pub const AUTH_REFUSED: Text = Text {
    ru: "Отказ в авторизации на портале в связи с имеющимися недостатками в данных услугополучателя.",
    kk: "Көрсетілетін қызметті алушының деректерінде кемшіліктердің болуына байланысты порталда авторландырудан бас тарту туралы хабарлама.",
    en: "Portal login refused because of deficiencies in the applicant's data.",
};

/// Portal P5 (C2 failed).
pub const SIGNATURE_NOT_CONFIRMED: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с неподтверждением подлинности ЭЦП услугополучателя на портале.",
    kk: "Көрсетілетін қызметті алушының порталда түпнұсқалығының расталмауына байланысты сұратылатын қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused: the authenticity of the applicant's EDS was not confirmed on the portal.",
};

/// Portal P8 (C3 failed); the statement of every motivated refusal of the act.
pub const DATA_DEFICIENCIES: Text = Text {
    ru: "Отказ в запрашиваемой услуге в связи с имеющимися недостатками в данных услугополучателя в ИС ГБД «Е-лицензирование».",
    kk: "\"Е-лицензиялау\" МДҚ АЖО-да көрсетілетін қызметті алушының деректерінде кемшіліктердің болуына байланысты сұратылатын қызметтен бас тарту туралы хабарлама.",
    en: "The requested service is refused because of deficiencies in the applicant's data in the E-licensing system.",
};

/// The executor's completeness check failed (expertise §5; the permit regulation gives no text
/// and mirrors it, spec §7 item 9): a motivated refusal to consider the application further.
pub const INCOMPLETE: Text = Text {
    ru: "Мотивированный отказ в дальнейшем рассмотрении заявления в связи с неполнотой представленных документов и (или) документами с истекшим сроком действия.",
    kk: "Ұсынылған құжаттардың толық еместігі және (немесе) қолдану мерзімі өткен құжаттар анықталған жағдайда, өтінішті әрі қарай қараудан бас тарту туралы уәжді жауап.",
    en: "Motivated refusal to consider the application further: the documents are incomplete or have expired.",
};

/// The reason given when the executor refuses a permit without one: C3 itself (which the permit
/// regulation words "for issuing the conclusion", a copy-paste; read "permit").
pub const REQUIREMENTS_NOT_MET: Text = Text {
    ru: "Услугополучатель не соответствует требованиям и основаниям для выдачи разрешения.",
    kk: "Көрсетілетін қызметті алушы рұқсат беру үшін талаптар мен негіздерге сәйкес келмейді.",
    en: "The applicant does not meet the requirements and grounds for issuing the permit.",
};

/// The reason given when the executor refuses a conclusion without one: C3 of the expertise
/// regulation (§8: "көрсетілетін қызметті алушының қорытынды беруге арналған талаптарына және
/// негіздемелеріне сәйкестігін тексереді").
pub const CONCLUSION_REQUIREMENTS_NOT_MET: Text = Text {
    ru: "Услугополучатель не соответствует требованиям и основаниям для выдачи заключения.",
    kk: "Көрсетілетін қызметті алушы қорытынды беру үшін талаптар мен негіздерге сәйкес келмейді.",
    en: "The applicant does not meet the requirements and grounds for issuing the conclusion.",
};

/// The reason of a negative conclusion: the remarks were not corrected in time.
pub const REMARKS_NOT_CORRECTED: Text = Text {
    ru: "Замечания не устранены в установленный срок: выдается отрицательное заключение государственной экологической экспертизы.",
    kk: "Олар белгіленген мерзімде жойылмаған жағдайда, мемлекеттік экологиялық сараптаманың теріс қорытындысы беріледі.",
    en: "The remarks were not corrected in time: a negative state ecological expertise conclusion is issued.",
};
