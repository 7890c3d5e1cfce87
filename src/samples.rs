//! The sample recaps of `data/recaps/`, embedded by build.rs so the binary analyzes
//! them from any working directory.

include!(concat!(env!("OUT_DIR"), "/samples.rs"));
