//! The chorus library: one [`Engine`] that reads inputs ([`read`]),
//! prepares documents ([`prepare`]: extract, clean, segment, features),
//! places them in the corpus (duplicates, rewrites, stories) and stores
//! them, then builds briefs.
//!
//! ```no_run
//! use chorus_engine::{Engine, IngestOptions};
//! let mut engine = Engine::open_in_memory().unwrap();
//! let inputs = chorus_engine::demo::inputs();
//! let report = engine.ingest(inputs.into_iter().map(Ok), &IngestOptions::default()).unwrap();
//! let briefs = engine.briefs(None).unwrap();
//! println!("{} documents, {} stories", report.ingested, briefs.stories.len());
//! ```

pub mod demo;
mod engine;
pub mod extraction;
pub mod prepare;
pub mod read;
mod warc;
pub use warc::host_of;

pub use engine::{Engine, EngineError, IngestOptions, IngestReport, StageTimes};
pub use chorus_corpus::cluster::ClusterParams;
pub use chorus_store::{SqliteStore, Store, StoreError};
pub use read::ReadOptions;
