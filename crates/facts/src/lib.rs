//! Facts in a document's text: who said what ([`quotes`]), how many
//! ([`quantities`]) and when ([`timex`]). Pure functions over a document's
//! text: byte offsets in, spans out, no I/O, never a panic.

pub mod quantities;
pub mod quotes;
pub mod quotes_eval;
pub mod timex;
pub mod timex_eval;
