//! Act No. 72 as data: the emission permit (portal §6, provider §7, service centre §8) and the
//! SEE conclusion (portal §6, provider §7; no service centre), with the process ids of the text
//! and the Annex 1 limits (spec §2.1–§2.5).
//!
//! Decisions (DECISIONS 2, 6, 8; spec §7): routes follow the text, not the "next" cells; the
//! service's term is the A9 "не более 1 месяца", counted from registration, for both services
//! and for a refusal too (the act has no refusal term); the provider's check C3 is one review by
//! a provider employee; a conclusion carries the verdict agreed / not agreed in every channel;
//! the service-centre operator's login (P1) and EDS (P5) have no failure branch in the text and
//! are still checked by the host.

use reglament_ecology::act::{
    Act, CATEGORIES, ECOLOGICAL_EXPERTISE, EMISSION_PERMIT, EVERYONE, Outcome, Service, term,
};
use reglament_ecology::text::Text;
use reglament_ecology::types::{RequestKind, Unit};

use crate::messages::{DATA_VIOLATIONS, PERMIT_REQUIREMENTS_NOT_MET};

/// The template's routes: §6 portal, §7 provider, §8 service centre (emissions only); the
/// registration "1,5 мин" (IS-CON: "1 мин").
pub mod routes {
    use reglament_ecology::act::{SECONDS_60, SECONDS_90};
    reglament_ecology::e_service_routes!(
        register: SECONDS_90,
        centre_register: SECONDS_60,
        register_refusals: &[]
    );
}

/// The act.
pub static WKO_2013: Act = Act {
    region: "west-kazakhstan",
    act: Text {
        ru: "Постановление акимата Западно-Казахстанской области от 20 мая 2013 года № 72 «Об \
             утверждении регламентов электронных государственных услуг в сфере охраны \
             окружающей среды Западно-Казахстанской области»",
        kk: "Батыс Қазақстан облысы әкімдігінің 2013 жылғы 20 мамырдағы № 72 «Батыс Қазақстан \
             облысының қоршаған ортаны қорғау саласындағы электрондық мемлекеттік қызметтер \
             регламенттерін бекіту туралы» қаулысы",
        en: "West Kazakhstan akimat resolution No. 72 of 20.05.2013 on the e-service regulations \
             in environmental protection",
    },
    // From state registration (28.06.2013) until the repealing resolution No. 1 of 15.01.2014.
    in_force_from: "2013-06-28",
    in_force_until: Some("2014-01-15"),
    time_zone: "Asia/Oral",
    provider: Text {
        ru: "ГУ «Управление природных ресурсов и регулирования природопользования \
             Западно-Казахстанской области»",
        kk: "«Батыс Қазақстан облысының табиғи ресурстар және табиғат пайдалануды реттеу \
             басқармасы» ММ",
        en: "State institution \"Department of Natural Resources and Nature-Use Regulation of \
             West Kazakhstan Region\"",
    },
    services: &[
        Service {
            id: "emission-permit",
            title: EMISSION_PERMIT,
            outcome: Outcome::Permit,
            kinds: &[RequestKind::Issue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: routes::ALL_CHANNELS,
        },
        Service {
            id: "ecological-expertise",
            title: ECOLOGICAL_EXPERTISE,
            outcome: Outcome::Conclusion,
            kinds: &[RequestKind::Issue],
            applicants: EVERYONE,
            categories: CATEGORIES,
            routes: routes::PORTAL_AND_PROVIDER,
        },
    ],
    term: |_| term(1, Unit::Months),
    decide: reglament_ecology::review::decide,
    review_limit: |_| None,
    documents: None,
    refusal_statement: DATA_VIOLATIONS,
    requirements_not_met: PERMIT_REQUIREMENTS_NOT_MET,
    service_centre_term: None,
};

#[cfg(test)]
mod tests {
    use super::*;
    use reglament_ecology::types::{Channel, Step};

    #[test]
    fn emissions_have_three_channels_and_expertise_two() {
        let regulation = WKO_2013.regulation();
        assert_eq!(regulation.region, "west-kazakhstan");
        assert_eq!(regulation.in_force_until.as_deref(), Some("2014-01-15"));
        let channels = |i: usize| -> Vec<Channel> {
            regulation.services[i]
                .routes
                .iter()
                .map(|r| r.channel)
                .collect()
        };
        assert_eq!(
            channels(0),
            [Channel::Portal, Channel::Provider, Channel::ServiceCenter]
        );
        assert_eq!(channels(1), [Channel::Portal, Channel::Provider]);
        assert_eq!(regulation.services[1].result, "conclusion");
        let portal = &regulation.services[0].routes[0];
        let steps: Vec<_> = portal.steps.iter().map(|s| s.step).collect();
        assert_eq!(
            steps,
            [
                Step::Authorize,
                Step::SignatureCheck,
                Step::Register,
                Step::QualificationCheck,
                Step::Issue
            ]
        );
    }
}
