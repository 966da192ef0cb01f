//! The regional rule components built from `components/` by the build script.

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
