//! The five licence e-services of act А-11/464, in the order of the resolution (S1–S5).
//!
//! Titles follow the resolution's item 1, which is also the wording of each §2 and of the
//! standard (decree No. 1108): the stray ")" of the S3 heading is dropped, and S5 is "для занятия
//! деятельностью в области ветеринарии" as in the resolution, not the heading's "на
//! осуществление деятельности" (spec §8 items 26–27).

use crate::messages::Text;
use crate::types::{ApplicantKind, RequestKind};

/// One licence e-service of the act. Each is provided as issue, re-issue and duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LicenceService {
    /// S1: production (formulation) of pesticides.
    PesticideProduction,
    /// S2: sale of pesticides.
    PesticideSale,
    /// S3: application of pesticides by aerosol and fumigation methods.
    PesticideApplication,
    /// S4: grain warehouse services with the issue of grain receipts; legal entities only.
    GrainWarehouse,
    /// S5: veterinary activity.
    Veterinary,
}

/// What every service of the act provides: the licence, its re-issue and its duplicate.
pub const KINDS: [RequestKind; 3] = [
    RequestKind::Issue,
    RequestKind::Reissue,
    RequestKind::Duplicate,
];

/// What every service gives the applicant: an electronic licence (P11 / P9).
pub const RESULT: &str = "licence";

impl LicenceService {
    /// All five, in the order of the resolution.
    pub const ALL: [LicenceService; 5] = [
        LicenceService::PesticideProduction,
        LicenceService::PesticideSale,
        LicenceService::PesticideApplication,
        LicenceService::GrainWarehouse,
        LicenceService::Veterinary,
    ];

    /// The stable identifier the host and the API use.
    pub fn id(self) -> &'static str {
        match self {
            LicenceService::PesticideProduction => "pesticide-production",
            LicenceService::PesticideSale => "pesticide-sale",
            LicenceService::PesticideApplication => "pesticide-application",
            LicenceService::GrainWarehouse => "grain-warehouse",
            LicenceService::Veterinary => "veterinary",
        }
    }

    /// The service with this identifier, if the act provides it.
    pub fn from_id(id: &str) -> Option<LicenceService> {
        LicenceService::ALL
            .into_iter()
            .find(|service| service.id() == id)
    }

    /// The service's name as the act approves it.
    pub fn title(self) -> Text {
        match self {
            LicenceService::PesticideProduction => Text {
                ru: "Выдача лицензии, переоформление, выдача дубликатов лицензии на осуществление \
                     деятельности по производству (формуляции) пестицидов (ядохимикатов)",
                kk: "Пестицидтерді (улы химикаттарды) өндіру (формуляциялау) жөніндегі қызметті \
                     жүзеге асыруға лицензия беру, қайта ресімдеу, лицензияның телнұсқаларын беру",
                en: "Issue, re-issue and duplicates of the licence for the production \
                     (formulation) of pesticides (toxic chemicals)",
            },
            LicenceService::PesticideSale => Text {
                ru: "Выдача лицензии, переоформление, выдача дубликатов лицензии на осуществление \
                     деятельности по реализации пестицидов (ядохимикатов)",
                kk: "Пестицидтерді (улы химикаттарды) өткізу жөніндегі қызметті жүзеге асыруға \
                     лицензия беру, қайта ресімдеу, лицензияның телнұсқаларын беру",
                en: "Issue, re-issue and duplicates of the licence for the sale of pesticides \
                     (toxic chemicals)",
            },
            LicenceService::PesticideApplication => Text {
                ru: "Выдача лицензии, переоформление, выдача дубликатов лицензии на осуществление \
                     деятельности по применению пестицидов (ядохимикатов) аэрозольным и \
                     фумигационным способами",
                kk: "Пестицидтерді (улы химикаттарды) аэрозольдық және фумигациялық тәсілдермен \
                     қолдану жөніндегі қызметті жүзеге асыруға лицензия беру, қайта ресімдеу, \
                     лицензияның телнұсқаларын беру",
                en: "Issue, re-issue and duplicates of the licence for the application of \
                     pesticides (toxic chemicals) by aerosol and fumigation methods",
            },
            LicenceService::GrainWarehouse => Text {
                ru: "Выдача лицензии, переоформление, выдача дубликатов лицензии на оказание услуг \
                     по складской деятельности с выдачей зерновых расписок",
                kk: "Астық қолхаттарын бере отырып, қойма қызметі бойынша қызметтер көрсетуге \
                     лицензия беру, қайта ресімдеу, лицензияның телнұсқаларын беру",
                en: "Issue, re-issue and duplicates of the licence for grain warehouse services \
                     with the issue of grain receipts",
            },
            LicenceService::Veterinary => Text {
                ru: "Выдача лицензии, переоформление, выдача дубликатов лицензии для занятия \
                     деятельностью в области ветеринарии",
                kk: "Ветеринария саласындағы қызметпен айналысуға лицензия беру, қайта ресімдеу, \
                     лицензияның телнұсқаларын беру",
                en: "Issue, re-issue and duplicates of the licence for veterinary activity",
            },
        }
    }

    /// The licensed activity, as the licence names it.
    pub fn activity(self) -> Text {
        match self {
            LicenceService::PesticideProduction => Text {
                ru: "производство (формуляция) пестицидов (ядохимикатов)",
                kk: "пестицидтерді (улы химикаттарды) өндіру (формуляциялау)",
                en: "production (formulation) of pesticides (toxic chemicals)",
            },
            LicenceService::PesticideSale => Text {
                ru: "реализация пестицидов (ядохимикатов)",
                kk: "пестицидтерді (улы химикаттарды) өткізу",
                en: "sale of pesticides (toxic chemicals)",
            },
            LicenceService::PesticideApplication => Text {
                ru: "применение пестицидов (ядохимикатов) аэрозольным и фумигационным способами",
                kk: "пестицидтерді (улы химикаттарды) аэрозольдық және фумигациялық тәсілдермен \
                     қолдану",
                en: "application of pesticides (toxic chemicals) by aerosol and fumigation methods",
            },
            LicenceService::GrainWarehouse => Text {
                ru: "оказание услуг по складской деятельности с выдачей зерновых расписок",
                kk: "астық қолхаттарын бере отырып, қойма қызметі бойынша қызметтер көрсету",
                en: "grain warehouse services with the issue of grain receipts",
            },
            LicenceService::Veterinary => Text {
                ru: "деятельность в области ветеринарии",
                kk: "ветеринария саласындағы қызмет",
                en: "veterinary activity",
            },
        }
    }

    /// Whether only legal entities may apply: S4, whose §5 defines the consumer as a legal entity
    /// and whose login, EDS match and registry lookup use the BIN only (DECISIONS 3).
    pub fn legal_entities_only(self) -> bool {
        self == LicenceService::GrainWarehouse
    }

    /// Who may apply for the service.
    pub fn applicants(self) -> Vec<ApplicantKind> {
        if self.legal_entities_only() {
            vec![ApplicantKind::LegalEntity]
        } else {
            vec![ApplicantKind::Individual, ApplicantKind::LegalEntity]
        }
    }
}

/// Whether a request is about a licence the applicant already holds (re-issue or duplicate).
/// The host has checked the held licence in its registry before the rules see it (DECISIONS 5).
pub fn refers_to_held_licence(kind: RequestKind) -> bool {
    matches!(kind, RequestKind::Reissue | RequestKind::Duplicate)
}

/// Whether the act provides this request kind.
pub fn provides(kind: RequestKind) -> bool {
    KINDS.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_round_trip() {
        let ids: Vec<_> = LicenceService::ALL.iter().map(|s| s.id()).collect();
        assert_eq!(
            ids,
            [
                "pesticide-production",
                "pesticide-sale",
                "pesticide-application",
                "grain-warehouse",
                "veterinary"
            ]
        );
        for service in LicenceService::ALL {
            assert_eq!(LicenceService::from_id(service.id()), Some(service));
        }
        assert_eq!(LicenceService::from_id("emission-permit"), None);
    }

    #[test]
    fn only_the_grain_warehouse_is_for_legal_entities_only() {
        assert_eq!(
            LicenceService::GrainWarehouse.applicants(),
            [ApplicantKind::LegalEntity]
        );
        assert_eq!(
            LicenceService::Veterinary.applicants(),
            [ApplicantKind::Individual, ApplicantKind::LegalEntity]
        );
    }
}
