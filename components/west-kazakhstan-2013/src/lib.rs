//! West Kazakhstan regional rules, first version: the e-services "Issuing permits for emissions
//! into the environment for category II, III and IV objects" and "Issuing state ecological
//! expertise conclusions for category II, III and IV objects" of WKO akimat resolution No. 72 of
//! 20.05.2013 (registered 28.06.2013, No. 3301; repealed by resolution No. 1 of 15.01.2014), as
//! a `kz:reglament` WebAssembly component, published for the region `west-kazakhstan`. The
//! answers are computed by `reglament-ecology` from the act as data ([`act::WKO_2013`]).

pub mod act;
pub mod messages;

reglament_ecology::rules_component!(WestKazakhstan2013Rules, act::WKO_2013);
