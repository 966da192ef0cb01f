//! Almaty regional rules: the e-services "Issuing permits for emissions into the environment for
//! category II, III and IV objects" and "Issuing state ecological expertise conclusions for
//! category II, III and IV objects" of Almaty akimat resolution No. 1/226 of 26.03.2013 (as
//! amended by No. 4/1047 of 05.12.2013; registered 23.04.2013, No. 974; repealed by No. 3/553 of
//! 08.07.2014), as a `kz:reglament` WebAssembly component. The answers are computed by
//! `reglament-ecology` from the act as data ([`act::ALMATY`]); the document lists of para 11 are
//! in [`documents`].

pub mod act;
pub mod documents;
pub mod messages;

reglament_ecology::rules_component!(AlmatyRules, act::ALMATY);
