//! Corpus-level stages of chorus. They see compact features of documents,
//! never the store, and they propose results without applying them:
//!
//! - [`features`]: per-document term vectors, MinHash signatures and
//!   per-sentence term sets ([`DocFeatures`], [`SentenceTerms`]).
//! - [`dedup`]: exact / near duplicate and rewrite detection
//!   ([`Deduper`], MinHash-LSH candidates plus sentence alignment).
//! - [`cluster`]: online, incremental story clustering ([`StoryClusterer`]).
//! - [`align`]: sentence alignment between two documents, shared by
//!   rewrite detection and the brief.
//! - [`eval`]: B-cubed scores for clustering.

pub mod align;
pub mod cluster;
pub mod dedup;
pub mod eval;
pub mod features;

pub use cluster::{StoryClusterer, StoryId};
pub use dedup::Deduper;
pub use features::{DocFeatures, SentenceTerms};
