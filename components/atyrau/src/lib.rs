//! Atyrau regional rules: the e-service "Issuing permits for emissions into the environment for
//! category II, III and IV objects" of Atyrau akimat resolution No. 194 of 31.05.2013
//! (registered 27.06.2013, No. 2741; repealed by resolution No. 213 of 22.07.2014), as a
//! `kz:reglament` WebAssembly component. The answers are computed by `reglament-ecology` from
//! the act as data ([`act::ATYRAU`]).

pub mod act;
pub mod messages;

reglament_ecology::rules_component!(AtyrauRules, act::ATYRAU);
