//! `chorus-entities`: who is who across the documents of a story.
//!
//! - [`canon`]: name cleaning, transliteration keys, aliases, and the
//!   matching rules with their reasons.

pub mod canon;
pub mod roles;
pub mod coref_score;
pub mod ecb;
pub mod resolve;
pub mod across;
