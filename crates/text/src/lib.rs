//! Text stages of chorus: [`extract`] (HTML → article text and metadata),
//! [`clean`] (boilerplate lines out, bylines/datelines kept as metadata) and
//! [`segment`] (blocks and sentences with byte offsets).
//!
//! All functions here are pure: no I/O, and they never panic on any input.

pub mod clean;
pub mod dates;
pub mod depth;
pub mod encoding;
pub mod extract;
pub mod segment;
pub mod words;

pub use clean::clean_text;
pub use encoding::{decode_html, Decoded};
pub use extract::extract_html;
pub use segment::segment;
