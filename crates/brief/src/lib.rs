//! The brief writer of chorus: extractive and grounded.
//!
//! [`build_brief`] turns the documents of one story and their relations
//! into a [`chorus_model::Brief`]: sentences of the sources grouped into
//! claims across documents ([`claims`]), independent sources counted
//! ([`sources`]), claims sorted into sections by cue words ([`cues`]), and
//! every item checked against the stored text before it is kept
//! ([`verify`]). Nothing is generated: each item's text is a sentence of a
//! source, cited with its exact byte span.
//!
//! [`render`] writes a brief as Markdown, JSON or HTML.

pub mod claims;
pub mod cues;
pub mod entities;
pub mod facts;
mod numbers;
pub mod render;
pub mod sources;
mod writer;
pub mod verify;

pub use writer::{build_brief, StoryInput};
