//! Storage for chorus behind the [`Store`] trait.
//!
//! [`SqliteStore`] is the default (WAL journal, one transaction per
//! [`Batch`]). Everything the pipeline persists goes through
//! [`Store::write_batch`], so a batch is either fully stored or not at all:
//! a crash or Ctrl-C never leaves half a batch behind. A later PostgreSQL
//! store implements the same trait.

mod codec;
mod sqlite;

pub use sqlite::SqliteStore;

use chorus_model::{DocId, Document, Relation, StorySummary};

/// Errors of a store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("corrupt data in store: {0}")]
    Corrupt(String),
    #[error("the store at {path} has schema version {found}; this chorus understands version {expected}")]
    Schema { path: String, found: i64, expected: i64 },
    #[error("no such story: {0}")]
    NoStory(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A story identifier as stored.
pub type StoryId = u64;

/// A document with its corpus features, as written by the pipeline.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub doc: Document,
    /// Opaque feature blob (see `chorus_corpus::features::encode`).
    pub features: Vec<u8>,
    pub text_hash: u64,
    pub story: StoryId,
}

/// Everything one pipeline step writes, applied atomically.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub documents: Vec<NewDocument>,
    pub relations: Vec<Relation>,
    /// Stories that are new or changed.
    pub stories: Vec<StoryMeta>,
    /// Briefs rendered as JSON: (story, json).
    pub briefs: Vec<(StoryId, String)>,
}

/// Title and counts of a story, refreshed whenever its brief is rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryMeta {
    pub id: StoryId,
    pub title: String,
    pub independent_sources: u32,
}

/// What the clusterer needs to resume: features and story of each stored
/// document, in ingest order.
#[derive(Debug, Clone)]
pub struct StoredFeatures {
    pub id: DocId,
    pub features: Vec<u8>,
    pub story: StoryId,
    pub published: Option<String>,
}

/// The storage interface of the pipeline.
pub trait Store: Send {
    /// True when a document with this id is stored.
    fn contains(&self, id: &str) -> Result<bool>;
    /// Applies a batch in one transaction.
    fn write_batch(&mut self, batch: &Batch) -> Result<()>;
    /// Features of all stored documents in ingest order.
    fn all_features(&self) -> Result<Vec<StoredFeatures>>;
    /// Documents with the given ids (missing ids are skipped).
    fn documents(&self, ids: &[DocId]) -> Result<Vec<Document>>;
    /// Ids of the documents of a story in ingest order.
    fn story_documents(&self, story: StoryId) -> Result<Vec<DocId>>;
    /// Relations touching any of the given documents.
    fn relations(&self, ids: &[DocId]) -> Result<Vec<Relation>>;
    /// All stories, largest first, with counts.
    fn stories(&self) -> Result<Vec<StorySummary>>;
    /// The stored brief JSON of a story, if one was written.
    fn brief(&self, story: StoryId) -> Result<Option<String>>;
    /// Number of stored documents.
    fn document_count(&self) -> Result<u64>;
    /// A value of the key–value state kept for long-running inputs (the
    /// watch mode's feed validators and seen items).
    fn get_state(&self, key: &str) -> Result<Option<String>>;
    /// Sets (`Some`) or deletes (`None`) state values in one transaction.
    fn put_state(&mut self, entries: &[(String, Option<String>)]) -> Result<()>;
    /// All state entries whose key starts with `prefix`, sorted by key.
    fn state_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>>;
}
