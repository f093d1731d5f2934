//! Plain data passed between chorus stages.
//!
//! Every stage of the pipeline takes one of these types and returns another:
//! [`RawInput`] (read) → [`Extracted`] (extract + clean) → [`Document`]
//! (segmented, stored) → [`Relation`]s and story assignments (corpus) →
//! [`Brief`] (brief). Spans are **byte** offsets into [`Document::text`];
//! the text of a document never changes after it is stored.
//!
//! The brief types ([`Brief`], [`Section`], [`Item`], [`Citation`]) are the
//! stable JSON contract documented in `docs/json-brief.md`.

mod brief;
mod doc;

pub use brief::*;
pub use doc::*;
