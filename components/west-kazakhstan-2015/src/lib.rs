//! West Kazakhstan regional rules, second version: the state services "Issuing permits for
//! emissions into the environment for category II, III and IV objects" and "Issuing state
//! ecological expertise conclusions for category II, III and IV objects" of WKO akimat
//! resolution No. 263 of 14.09.2015 (registered 15.10.2015, No. 4104; text as amended by No. 143
//! of 2016; repealed by No. 74 of 20.04.2020), as a `kz:reglament` WebAssembly component
//! published for the region `west-kazakhstan`. The act as data is [`act::WKO_2015`]; the
//! provider's internal staff workflow and the expertise remarks loop are [`workflow`].

pub mod act;
pub mod messages;
pub mod workflow;

reglament_ecology::rules_component!(WestKazakhstan2015Rules, act::WKO_2015);
