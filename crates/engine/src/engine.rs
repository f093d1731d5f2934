//! The engine: one writer that places prepared documents in the corpus,
//! stores them batch by batch, and builds briefs.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chorus_brief::{build_brief, StoryInput};
use chorus_corpus::cluster::ClusterParams;
use chorus_corpus::dedup::rewrite;
use chorus_corpus::features::decode;
use chorus_corpus::{Deduper, SentenceTerms, StoryClusterer};
use chorus_model::{Brief, BriefSet, Diagnostic, DocId, RawInput, Relation, RelationKind, StorySummary};
use chorus_store::{Batch, NewDocument, SqliteStore, Store, StoreError, StoryId, StoryMeta};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::prepare::{prepare, Prepared};

/// Errors that stop the engine (bad input never does: it becomes a
/// [`Diagnostic`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("corrupt features for document {0}; the store may have been written by another version")]
    Corrupt(String),
    #[error("no story {0:?} (see `chorus stories`)")]
    NoStory(String),
}

/// Options of [`Engine::ingest`].
#[derive(Clone)]
pub struct IngestOptions {
    /// Documents prepared and stored per transaction.
    pub batch_size: usize,
    /// Keep the external id → story mapping of every record (for eval).
    pub track_assignments: bool,
    /// Build and store briefs of the stories that changed.
    pub build_briefs: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { batch_size: 2048, track_assignments: false, build_briefs: true }
    }
}

/// Wall time spent in each stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    /// Reading and parsing input records (on the caller's iterator).
    pub read: Duration,
    /// Extract/clean, segment, features (parallel).
    pub prepare: Duration,
    /// Duplicates, rewrites and story assignment (sequential).
    pub corpus: Duration,
    /// Store writes of documents and relations.
    pub store: Duration,
    /// Brief building and storing.
    pub briefs: Duration,
}

/// What an ingest did.
#[derive(Debug, Default)]
pub struct IngestReport {
    /// Records read (good and bad).
    pub records: u64,
    /// New documents stored.
    pub ingested: u64,
    /// Records that were already stored (same outlet, title and text).
    pub already_stored: u64,
    /// Bytes of article text stored.
    pub text_bytes: u64,
    pub relations: u64,
    /// Stories that received documents.
    pub stories_touched: u64,
    pub diagnostics: Vec<Diagnostic>,
    /// External id (or origin) → story, when tracking was asked for.
    pub assignments: Vec<(String, StoryId)>,
    /// True when the ingest stopped early on request.
    pub interrupted: bool,
    pub times: StageTimes,
}

struct DocEntry {
    id: DocId,
    story: StoryId,
    published: Option<String>,
}

/// The chorus engine over a [`Store`].
pub struct Engine {
    store: Box<dyn Store>,
    clusterer: StoryClusterer,
    deduper: Deduper,
    /// Index given by the deduper → document.
    entries: Vec<DocEntry>,
    by_id: FxHashMap<DocId, u32>,
    /// Story → its documents (indices into `entries`), newest last.
    story_docs: FxHashMap<StoryId, Vec<u32>>,
    /// Sentence terms of recently placed documents (rewrite candidates).
    sentence_cache: FxHashMap<u32, SentenceTerms>,
}

/// How many of a story's latest documents are compared for rewrites.
const REWRITE_CANDIDATES: usize = 24;

impl Engine {
    /// Opens the SQLite store at `path` (created if missing).
    pub fn open(path: &Path) -> Result<Self, EngineError> {
        Self::with_store(Box::new(SqliteStore::open(path)?))
    }

    /// An engine over an in-memory store.
    pub fn open_in_memory() -> Result<Self, EngineError> {
        Self::with_store(Box::new(SqliteStore::in_memory()?))
    }

    /// An engine over any store; rebuilds the corpus index from it.
    pub fn with_store(store: Box<dyn Store>) -> Result<Self, EngineError> {
        Self::with_params(store, ClusterParams::default())
    }

    /// Like [`Engine::with_store`] with explicit clustering parameters.
    pub fn with_params(store: Box<dyn Store>, params: ClusterParams) -> Result<Self, EngineError> {
        let mut e = Engine {
            store,
            clusterer: StoryClusterer::new(params),
            deduper: Deduper::new(),
            entries: Vec::new(),
            by_id: FxHashMap::default(),
            story_docs: FxHashMap::default(),
            sentence_cache: FxHashMap::default(),
        };
        for sf in e.store.all_features()? {
            let f = decode(&sf.features).ok_or_else(|| EngineError::Corrupt(sf.id.clone()))?;
            e.clusterer.restore(&f, sf.story);
            let idx = e.deduper.add(&f);
            e.by_id.insert(sf.id.clone(), idx);
            e.story_docs.entry(sf.story).or_default().push(idx);
            e.entries.push(DocEntry { id: sf.id, story: sf.story, published: sf.published });
        }
        Ok(e)
    }

    /// The underlying store.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Ingests records: prepares them in parallel, places and stores them
    /// one batch (one transaction) at a time, then rebuilds the briefs of
    /// the stories that changed. A record that cannot be used becomes a
    /// diagnostic. When `cancel` is set between batches, the ingest stops;
    /// everything stored so far is complete and consistent.
    pub fn ingest_with(
        &mut self,
        inputs: impl Iterator<Item = Result<RawInput, Diagnostic>>,
        opts: &IngestOptions,
        cancel: &AtomicBool,
        progress: &dyn Fn(&IngestReport),
    ) -> Result<IngestReport, EngineError> {
        let mut report = IngestReport::default();
        let mut dirty: FxHashSet<StoryId> = FxHashSet::default();
        let mut inputs = inputs.peekable();
        let batch_size = opts.batch_size.max(1);
        loop {
            if cancel.load(Ordering::SeqCst) {
                report.interrupted = inputs.peek().is_some();
                break;
            }
            let t = Instant::now();
            let mut raws = Vec::with_capacity(batch_size);
            for r in inputs.by_ref().take(batch_size) {
                report.records += 1;
                match r {
                    Ok(raw) => raws.push(raw),
                    Err(d) => report.diagnostics.push(d),
                }
            }
            report.times.read += t.elapsed();
            if raws.is_empty() && inputs.peek().is_none() {
                break;
            }
            let t = Instant::now();
            let prepared: Vec<(String, Result<Prepared, Diagnostic>)> = raws
                .into_par_iter()
                .map(|raw| (raw.ext_id.clone().unwrap_or_else(|| raw.origin.clone()), prepare(raw)))
                .collect();
            report.times.prepare += t.elapsed();
            let t = Instant::now();
            let mut batch = Batch::default();
            for (key, p) in prepared {
                match p {
                    Err(d) => report.diagnostics.push(d),
                    Ok(p) => {
                        let story = self.place(p, &mut batch, &mut report);
                        dirty.insert(story);
                        if opts.track_assignments {
                            report.assignments.push((key, story));
                        }
                    }
                }
            }
            report.times.corpus += t.elapsed();
            let t = Instant::now();
            self.store.write_batch(&batch)?;
            report.ingested += batch.documents.len() as u64;
            report.relations += batch.relations.len() as u64;
            report.text_bytes += batch.documents.iter().map(|d| d.doc.text.len() as u64).sum::<u64>();
            report.times.store += t.elapsed();
            progress(&report);
        }
        report.stories_touched = dirty.len() as u64;
        if opts.build_briefs {
            let t = Instant::now();
            let mut stories: Vec<StoryId> = dirty.into_iter().collect();
            stories.sort_unstable();
            self.rebuild_briefs(&stories)?;
            report.times.briefs += t.elapsed();
        }
        Ok(report)
    }

    /// [`Engine::ingest_with`] without cancellation or progress.
    pub fn ingest(
        &mut self,
        inputs: impl Iterator<Item = Result<RawInput, Diagnostic>>,
        opts: &IngestOptions,
    ) -> Result<IngestReport, EngineError> {
        self.ingest_with(inputs, opts, &AtomicBool::new(false), &|_| {})
    }

    /// Places one prepared document: duplicate check, story, rewrites.
    fn place(&mut self, p: Prepared, batch: &mut Batch, report: &mut IngestReport) -> StoryId {
        if let Some(&idx) = self.by_id.get(&p.doc.id) {
            report.already_stored += 1;
            return self.entries[idx as usize].story;
        }
        let dups = self.deduper.find(&p.features);
        let forced = dups.first().map(|h| self.entries[h.doc as usize].story);
        let story = self.clusterer.assign(&p.features, forced);
        let members: Vec<u32> = self
            .story_docs
            .get(&story)
            .map(|m| m.iter().rev().take(REWRITE_CANDIDATES).copied().collect())
            .unwrap_or_default();
        let mut related: FxHashSet<u32> = FxHashSet::default();
        for h in &dups {
            let other = &self.entries[h.doc as usize];
            if other.story == story && related.insert(h.doc) {
                let evidence = self
                    .sentence_cache
                    .get(&h.doc)
                    .map(|s| chorus_corpus::align::align(s, &p.sentences, Default::default()))
                    .unwrap_or_default();
                batch.relations.push(self.relation(h.doc, &p, h.kind, h.score, evidence));
            }
        }
        // a copy of a placed document inherits that document's relations;
        // only original text is compared for rewrites
        let rewrite_candidates = if dups.is_empty() { REWRITE_CANDIDATES } else { 0 };
        for &m in members.iter().take(rewrite_candidates) {
            if related.contains(&m) || !self.ensure_sentence_terms(m) {
                continue;
            }
            if let Some((cov, pairs)) = rewrite(&self.sentence_cache[&m], &p.sentences) {
                related.insert(m);
                batch.relations.push(self.relation(m, &p, RelationKind::Rewrite, cov, pairs));
            }
        }
        let idx = self.deduper.add(&p.features);
        self.by_id.insert(p.doc.id.clone(), idx);
        let docs = self.story_docs.entry(story).or_default();
        docs.push(idx);
        // keep sentence terms only for the documents that can still be
        // rewrite candidates of their story
        if docs.len() > REWRITE_CANDIDATES {
            let old = docs[docs.len() - 1 - REWRITE_CANDIDATES];
            self.sentence_cache.remove(&old);
        }
        self.entries.push(DocEntry { id: p.doc.id.clone(), story, published: p.doc.published.clone() });
        let features = p.encoded_features();
        let Prepared { doc, features: f, sentences } = p;
        self.sentence_cache.insert(idx, sentences);
        batch.documents.push(NewDocument { features, text_hash: f.text_hash, story, doc });
        story
    }

    /// A relation between stored document `other` and the new one; the
    /// earlier published is `a`.
    fn relation(&self, other: u32, p: &Prepared, kind: RelationKind, score: f32, evidence: Vec<chorus_model::AlignedPair>) -> Relation {
        let o = &self.entries[other as usize];
        let new_first = matches!((&p.doc.published, &o.published), (Some(n), Some(e)) if n < e);
        if new_first {
            let evidence = evidence.into_iter().map(|x| chorus_model::AlignedPair { a: x.b, b: x.a, score: x.score }).collect();
            Relation { a: p.doc.id.clone(), b: o.id.clone(), kind, score, evidence }
        } else {
            Relation { a: o.id.clone(), b: p.doc.id.clone(), kind, score, evidence }
        }
    }

    /// Makes sure the sentence terms of a placed document are cached
    /// (loading it from the store when needed); false if it cannot be read.
    fn ensure_sentence_terms(&mut self, idx: u32) -> bool {
        if self.sentence_cache.contains_key(&idx) {
            return true;
        }
        let id = self.entries[idx as usize].id.clone();
        let Some(doc) = self.store.documents(&[id]).ok().and_then(|mut d| d.pop()) else { return false };
        self.sentence_cache.insert(idx, chorus_corpus::features::sentence_terms(&doc));
        true
    }

    /// Rebuilds and stores the briefs of `stories` (in parallel, stored in
    /// batches).
    pub fn rebuild_briefs(&mut self, stories: &[StoryId]) -> Result<(), EngineError> {
        for chunk in stories.chunks(512) {
            let mut inputs = Vec::with_capacity(chunk.len());
            for &s in chunk {
                let ids = self.store.story_documents(s)?;
                let docs = self.store.documents(&ids)?;
                let relations = self.store.relations(&ids)?;
                inputs.push((s, docs, relations));
            }
            let briefs: Vec<(StoryId, Brief)> = inputs
                .par_iter()
                .map(|(s, docs, rel)| (*s, build_brief(&StoryInput { id: s.to_string(), docs, relations: rel })))
                .collect();
            let mut batch = Batch::default();
            for (s, b) in briefs {
                batch.stories.push(StoryMeta { id: s, title: b.title.clone(), independent_sources: b.independent_sources.len() as u32 });
                batch.briefs.push((s, serde_json::to_string(&b).unwrap_or_default()));
            }
            self.store.write_batch(&batch)?;
        }
        Ok(())
    }

    /// Stories, largest first.
    pub fn stories(&self) -> Result<Vec<StorySummary>, EngineError> {
        Ok(self.store.stories()?)
    }

    /// Briefs of one story (`Some(id)`) or of all stories, largest first.
    pub fn briefs(&mut self, story: Option<&str>) -> Result<BriefSet, EngineError> {
        let ids: Vec<StoryId> = match story {
            Some(s) => vec![s.trim().trim_start_matches('s').parse().map_err(|_| EngineError::NoStory(s.to_string()))?],
            None => self.stories()?.iter().filter_map(|s| s.id.parse().ok()).collect(),
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let json = match self.store.brief(id) {
                Ok(j) => j,
                Err(StoreError::NoStory(s)) => return Err(EngineError::NoStory(s)),
                Err(e) => return Err(e.into()),
            };
            let brief = match json.and_then(|j| serde_json::from_str::<Brief>(&j).ok()) {
                Some(b) => b,
                None => {
                    self.rebuild_briefs(&[id])?;
                    let j = self.store.brief(id)?.unwrap_or_default();
                    serde_json::from_str(&j).map_err(|_| EngineError::Corrupt(format!("brief of story {id}")))?
                }
            };
            out.push(brief);
        }
        Ok(BriefSet { version: 1, stories: out })
    }
}
