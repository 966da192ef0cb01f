//! The regulation as the host sees it: the act's data turned into the WIT records.

use crate::act::{self, Act};
use crate::types::{Channel, RefusalRule, Regulation, Route, Service, StepRule};

/// `regulation`.
pub fn regulation(act: &'static Act) -> Regulation {
    Regulation {
        region: act.region.to_owned(),
        act: act.act.message(),
        in_force_from: act.in_force_from.to_owned(),
        in_force_until: act.in_force_until.map(str::to_owned),
        time_zone: act.time_zone.to_owned(),
        provider: act.provider.message(),
        services: act.services.iter().map(|s| service(act, s)).collect(),
    }
}

fn service(act: &Act, service: &act::Service) -> Service {
    Service {
        id: service.id.to_owned(),
        title: service.title.message(),
        result: service.outcome.name().to_owned(),
        kinds: service.kinds.to_vec(),
        applicants: service.applicants.to_vec(),
        categories: service.categories.iter().map(|c| (*c).to_owned()).collect(),
        routes: service.routes.iter().map(|r| route(act, r)).collect(),
    }
}

fn route(act: &Act, route: &act::Route) -> Route {
    let centre = act
        .service_centre_term
        .filter(|_| route.channel == Channel::ServiceCenter);
    Route {
        channel: route.channel,
        skip_acceptance_day: centre.is_some_and(|c| c.skip_acceptance_day),
        hand_over_before: centre.and_then(|c| c.hand_over_before),
        steps: route
            .steps
            .iter()
            .map(|rule| StepRule {
                step: rule.step,
                processes: rule.processes.iter().map(|p| (*p).to_owned()).collect(),
                limit: rule.limit,
                refusals: rule
                    .refusals
                    .iter()
                    .map(|r| RefusalRule {
                        code: r.code,
                        process: r.process.to_owned(),
                        message: r.message.message(),
                    })
                    .collect(),
            })
            .collect(),
    }
}
