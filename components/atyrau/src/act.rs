//! Act No. 194 as data: one service (the emission permit), three channels (§6 portal, §7
//! provider, §15 service centre), their steps with process ids and the Annex 2 limits.
//!
//! Decisions (DECISIONS 2, 8; spec §7):
//! - The portal route has **no payment**: Annex 2 Table 1's payment step (T4/T5) is a template
//!   artefact the text does not have.
//! - The act gives **no overall term**: the service's term is 1 month from registration.
//! - Annex 2's tables are truncated after action 5–7: the steps they do not reach (P6–P9, C3)
//!   have no limit.
//! - The provider's check C3 has no procedure: one review by a provider employee
//!   ([`reglament_ecology::review`]).
//! - The service-centre operator's login (P1) and EDS (P5) have no failure branch in the text; the
//!   host checks both and refuses with the project's texts ([`crate::messages`]).

use reglament_ecology::act::{Act, CATEGORIES, EVERYONE, Outcome, Service, term};
use reglament_ecology::text::Text;
use reglament_ecology::types::{RequestKind, Unit};

use crate::messages::{DATA_VIOLATIONS, REQUIREMENTS_NOT_MET};

/// The template's three routes (§6 portal, §7 provider, §15 service centre); the tables give the
/// registration no limit.
pub mod routes {
    reglament_ecology::e_service_routes!(
        register: None,
        centre_register: None,
        register_refusals: &[]
    );
}

/// The act.
pub static ATYRAU: Act = Act {
    region: "atyrau",
    act: Text {
        ru: "Постановление акимата Атырауской области от 31 мая 2013 года № 194 «Об утверждении \
             регламента электронной государственной услуги «Выдача разрешений на эмиссии в \
             окружающую среду для объектов II, III и IV категорий»»",
        kk: "Атырау облысы әкімдігінің 2013 жылғы 31 мамырдағы № 194 «\"II, III және IV санат \
             объектілері үшін қоршаған ортаға эмиссияға рұқсат беру\" электрондық мемлекеттік \
             қызмет көрсету регламентін бекіту туралы» қаулысы",
        en: "Atyrau akimat resolution No. 194 of 31.05.2013 on the e-service regulation \"Issuing \
             permits for emissions into the environment for category II, III and IV objects\"",
    },
    // In force from state registration (27.06.2013) until the repealing resolution No. 213.
    in_force_from: "2013-06-27",
    in_force_until: Some("2014-07-22"),
    time_zone: "Asia/Atyrau",
    provider: Text {
        ru: "ГУ «Управление природных ресурсов и регулирования природопользования Атырауской \
             области»",
        kk: "«Атырау облысының табиғи ресурстар және табиғат пайдалануды реттеу басқармасы» ММ",
        en: "State institution \"Department of Natural Resources and Nature-Use Regulation of \
             Atyrau Region\"",
    },
    services: &[Service {
        id: "emission-permit",
        title: Text {
            ru: "Выдача разрешений на эмиссии в окружающую среду для объектов II, III и IV \
                 категорий",
            kk: "II, III және IV санат объектілері үшін қоршаған ортаға эмиссияға рұқсат беру",
            en: "Issuing permits for emissions into the environment for category II, III and IV \
                 objects",
        },
        outcome: Outcome::Permit,
        kinds: &[RequestKind::Issue],
        applicants: EVERYONE,
        categories: CATEGORIES,
        routes: routes::ALL_CHANNELS,
    }],
    term: |_| term(1, Unit::Months),
    decide: reglament_ecology::review::decide,
    review_limit: |_| None,
    documents: None,
    refusal_statement: DATA_VIOLATIONS,
    requirements_not_met: REQUIREMENTS_NOT_MET,
    service_centre_term: None,
};

#[cfg(test)]
mod tests {
    use super::*;
    use reglament_ecology::types::{Channel, Step};

    #[test]
    fn three_channels_without_payment_and_a_month_term() {
        let regulation = ATYRAU.regulation();
        assert_eq!(regulation.region, "atyrau");
        assert_eq!(regulation.in_force_from, "2013-06-27");
        let service = &regulation.services[0];
        assert_eq!(service.result, "permit");
        let channels: Vec<_> = service.routes.iter().map(|r| r.channel).collect();
        assert_eq!(
            channels,
            [Channel::Portal, Channel::Provider, Channel::ServiceCenter]
        );
        for route in &service.routes {
            assert!(route.steps.iter().all(|s| s.step != Step::PaymentCheck));
        }
        let centre = &service.routes[2];
        assert_eq!(centre.steps[1].step, Step::SignatureCheck);
        assert_eq!(centre.steps[0].refusals[1].process, "P4");
        assert_eq!(ATYRAU.fee("emission-permit", RequestKind::Issue), None);
    }
}
