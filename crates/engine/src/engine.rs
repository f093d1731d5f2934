//! The engine: one writer that places prepared documents in the corpus,
//! stores them batch by batch, and builds briefs.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chorus_brief::entities::EntityTagger;
use chorus_brief::{build_brief, StoryInput};
use chorus_corpus::cluster::ClusterParams;
use chorus_ner::NerModel;
use chorus_corpus::dedup::rewrite;
use chorus_corpus::features::decode;
use chorus_corpus::dedup::DuplicateHit;
use chorus_corpus::{Deduper, SentenceTerms, StoryClusterer};
use chorus_model::{Brief, BriefSet, Diagnostic, DocId, Document, RawInput, Relation, RelationKind, StorySummary};
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
    #[error(transparent)]
    Ner(#[from] chorus_ner::NerError),
}

/// Options of [`Engine::ingest`].
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Documents prepared and stored per transaction.
    pub batch_size: usize,
    /// Keep the external id → story mapping of every record (for eval).
    pub track_assignments: bool,
    /// Build and store briefs of the stories that changed.
    pub build_briefs: bool,
    /// Bytes of article text of new stories kept in memory so their
    /// briefs are built without reading the store back; past it, briefs
    /// read the store (same result, slower).
    pub brief_memory: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { batch_size: 1024, track_assignments: false, build_briefs: true, brief_memory: 256 << 20 }
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

/// What the corpus knows about placed documents: the in-memory indexes
/// that decide duplicates, rewrites and stories.
#[derive(Default)]
struct Corpus {
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

/// Stories created during the current ingest, with their documents,
/// sentence terms and relations, so that their briefs are built without
/// reading them back from the store. Bounded: past `budget` bytes of text
/// it is dropped and briefs read the store instead.
#[derive(Default)]
struct Fresh {
    stories: FxHashMap<StoryId, FreshStory>,
    bytes: usize,
    budget: usize,
    spilled: bool,
}

#[derive(Default)]
struct FreshStory {
    docs: Vec<Document>,
    terms: Vec<SentenceTerms>,
    relations: Vec<Relation>,
}

impl Fresh {
    /// Moves the documents of a stored batch (and their sentence terms, in
    /// the same order) into the stories kept in memory.
    fn keep(&mut self, batch: &mut Batch, terms: &mut Vec<(StoryId, SentenceTerms)>) {
        if self.spilled {
            return;
        }
        for (nd, (story, t)) in batch.documents.drain(..).zip(terms.drain(..)) {
            if let Some(f) = self.stories.get_mut(&story) {
                self.bytes += nd.doc.text.len();
                f.docs.push(nd.doc);
                f.terms.push(t);
            }
        }
        if self.bytes > self.budget {
            self.stories = FxHashMap::default();
            self.spilled = true;
        }
    }
}

/// The chorus engine over a [`Store`].
pub struct Engine {
    store: Box<dyn Store>,
    corpus: Corpus,
    /// The entity tagger briefs use; `None` leaves briefs without entities.
    ner: Option<Arc<EntityTagger>>,
}

/// How many of a story's latest documents are compared for rewrites.
const REWRITE_CANDIDATES: usize = 24;

/// Most input bytes per batch (besides [`IngestOptions::batch_size`]).
const BATCH_BYTES: usize = 384 << 10;

/// One batch read and prepared off the placing thread.
struct Prepped {
    records: u64,
    diagnostics: Vec<Diagnostic>,
    prepared: Vec<(String, Result<Prepared, Diagnostic>)>,
    read: Duration,
    prepare: Duration,
}

/// Reads and prepares batches and hands them over one at a time; returns
/// true when it stopped on `cancel` with input left.
fn produce(
    inputs: impl Iterator<Item = Result<RawInput, Diagnostic>>,
    batch_size: usize,
    cancel: &AtomicBool,
    tx: std::sync::mpsc::SyncSender<Prepped>,
) -> bool {
    let mut inputs = inputs.peekable();
    loop {
        if cancel.load(Ordering::SeqCst) {
            return inputs.peek().is_some();
        }
        let t = Instant::now();
        let (mut records, mut bytes, mut diagnostics, mut raws) = (0, 0, Vec::new(), Vec::with_capacity(batch_size));
        // small batches keep the stages overlapped on long articles
        while raws.len() < batch_size && bytes < BATCH_BYTES {
            let Some(r) = inputs.next() else { break };
            records += 1;
            match r {
                Ok(raw) => {
                    bytes += raw.body.len();
                    raws.push(raw);
                }
                Err(d) => diagnostics.push(d),
            }
        }
        let read = t.elapsed();
        if records == 0 {
            return false;
        }
        let t = Instant::now();
        let prepared = raws
            .into_par_iter()
            .map(|raw| (raw.ext_id.clone().unwrap_or_else(|| raw.origin.clone()), prepare(raw)))
            .collect();
        let prepare = t.elapsed();
        if tx.send(Prepped { records, diagnostics, prepared, read, prepare }).is_err() {
            return false;
        }
    }
}

/// A batch being written on its own thread while the next one is placed.
type Writing<'s> = std::thread::ScopedJoinHandle<'s, (&'s mut dyn Store, Batch, Duration, Result<(), StoreError>)>;

/// The store during an ingest: idle, or lent to the thread writing a
/// batch. Taking it back waits for that write.
struct StoreSlot<'s> {
    idle: Option<&'s mut dyn Store>,
    busy: Option<Writing<'s>>,
    /// Writes finished but not yet accounted for.
    done: Vec<(Batch, Duration, Result<(), StoreError>)>,
}

impl<'s> StoreSlot<'s> {
    fn get(&mut self) -> &mut dyn Store {
        if let Some(h) = self.busy.take() {
            let (store, batch, took, result) = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            self.done.push((batch, took, result));
            self.idle = Some(store);
        }
        self.idle.as_deref_mut().expect("store is idle after join")
    }

    fn write(&mut self, scope: &'s std::thread::Scope<'s, '_>, batch: Batch) {
        self.get();
        let store = self.idle.take().expect("store is idle");
        self.busy = Some(scope.spawn(move || {
            let t = Instant::now();
            let result = store.write_batch(&batch);
            (store, batch, t.elapsed(), result)
        }));
    }
}

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
        let mut c = Corpus { clusterer: StoryClusterer::new(params), ..Default::default() };
        for sf in store.all_features()? {
            let f = decode(&sf.features).ok_or_else(|| EngineError::Corrupt(sf.id.clone()))?;
            c.clusterer.restore(&f, sf.story);
            let idx = c.deduper.add(&f);
            c.by_id.insert(sf.id.clone(), idx);
            c.story_docs.entry(sf.story).or_default().push(idx);
            c.entries.push(DocEntry { id: sf.id, story: sf.story, published: sf.published });
        }
        let ner = match std::env::var("CHORUS_NER").as_deref() {
            Ok("off") => None,
            _ => Some(Arc::new(EntityTagger::new(chorus_ner::builtin::default_model()?))),
        };
        Ok(Engine { store, corpus: c, ner })
    }

    /// Sets the entity tagger of briefs (`None`: briefs without entities).
    /// By default it is `chorus_ner::builtin::default_model()`, or none
    /// when the environment has `CHORUS_NER=off`.
    pub fn set_ner(&mut self, model: Option<Arc<NerModel>>) {
        self.ner = model.map(|m| Arc::new(EntityTagger::new(m)));
    }

    /// The underlying store.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The underlying store, for state that is not documents (e.g. the
    /// watch mode's feed state). Documents go through [`Engine::ingest`].
    pub fn store_mut(&mut self) -> &mut dyn Store {
        self.store.as_mut()
    }

    /// Ingests records: reads and prepares them in parallel on one
    /// thread, places them in the corpus on this one, and stores each
    /// batch (one transaction) on a third while the next batch is placed;
    /// then rebuilds the briefs of the stories that changed. A record that
    /// cannot be used becomes a diagnostic. When `cancel` is set, the
    /// ingest stops after the batch in hand; everything reported through
    /// `progress` as stored is complete and consistent.
    pub fn ingest_with(
        &mut self,
        inputs: impl Iterator<Item = Result<RawInput, Diagnostic>> + Send,
        opts: &IngestOptions,
        cancel: &AtomicBool,
        progress: &dyn Fn(&IngestReport),
    ) -> Result<IngestReport, EngineError> {
        let mut report = IngestReport::default();
        let mut dirty: FxHashSet<StoryId> = FxHashSet::default();
        let mut fresh = Fresh { budget: opts.brief_memory, ..Default::default() };
        let batch_size = opts.batch_size.max(1);
        // Early briefs: a story touched by batch N-2 and by no batch since
        // has its brief built on a spare core while batch N+1 is placed; it
        // is built again at the end only if a later batch touches it.
        let mut touched_at: FxHashMap<StoryId, u64> = FxHashMap::default();
        let mut built_at: FxHashMap<StoryId, u64> = FxHashMap::default();
        let mut prebuilt: Vec<BuiltBrief> = Vec::new();
        let Engine { store, corpus, ner } = self;
        let ner = ner.as_deref();
        let store: &mut dyn Store = store.as_mut();
        std::thread::scope(|scope| -> Result<(), EngineError> {
            type Job = (Vec<(StoryId, FreshStory, bool)>, Vec<BuiltBrief>, u64);
            let mut job: Option<std::thread::ScopedJoinHandle<'_, Job>> = None;
            let mut last_touched: std::collections::VecDeque<Vec<StoryId>> = Default::default();
            let mut batch_no = 0u64;
            // takes back an early-brief job's stories; briefs of stories
            // touched meanwhile are stale and dropped
            let finish = |job: &mut Option<std::thread::ScopedJoinHandle<'_, Job>>,
                          fresh: &mut Fresh,
                          touched_at: &FxHashMap<StoryId, u64>,
                          built_at: &mut FxHashMap<StoryId, u64>|
             -> Vec<BuiltBrief> {
                let Some(h) = job.take() else { return Vec::new() };
                let (stories, built, at) = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                let settled = |s: &StoryId| touched_at.get(s).is_none_or(|t| *t <= at);
                for (s, f, _) in stories {
                    // a story that grew meanwhile was not kept in memory: its
                    // final brief reads the store
                    if settled(&s) && !fresh.spilled {
                        fresh.stories.insert(s, f);
                    }
                }
                built
                    .into_iter()
                    .filter(|(_, (s, _))| settled(s))
                    .inspect(|(_, (s, _))| {
                        built_at.insert(*s, at);
                    })
                    .collect()
            };
            let (tx, rx) = std::sync::mpsc::sync_channel::<Prepped>(1);
            let producer = scope.spawn(move || produce(inputs, batch_size, cancel, tx));
            let mut slot = StoreSlot { idle: Some(store), busy: None, done: Vec::new() };
            // sentence terms of the batch being written, in document order
            let mut pending_terms: std::collections::VecDeque<Vec<(StoryId, SentenceTerms)>> = Default::default();
            let account = |slot: &mut StoreSlot<'_>,
                           pending: &mut std::collections::VecDeque<Vec<(StoryId, SentenceTerms)>>,
                           report: &mut IngestReport,
                           fresh: &mut Fresh| {
                for (mut batch, took, result) in slot.done.drain(..) {
                    result?;
                    let mut terms = pending.pop_front().unwrap_or_default();
                    report.ingested += batch.documents.len() as u64;
                    report.relations += batch.relations.len() as u64;
                    report.text_bytes += batch.documents.iter().map(|d| d.doc.text.len() as u64).sum::<u64>();
                    report.times.store += took;
                    fresh.keep(&mut batch, &mut terms);
                    progress(report);
                }
                Ok::<(), EngineError>(())
            };
            for msg in rx.iter() {
                if cancel.load(Ordering::SeqCst) {
                    report.interrupted = true;
                    break;
                }
                report.records += msg.records;
                report.diagnostics.extend(msg.diagnostics);
                report.times.read += msg.read;
                report.times.prepare += msg.prepare;
                let t = Instant::now();
                let mut batch = Batch::default();
                let mut terms = Vec::new();
                let mut keys = Vec::with_capacity(msg.prepared.len());
                let mut docs = Vec::with_capacity(msg.prepared.len());
                for (key, p) in msg.prepared {
                    match p {
                        Err(d) => report.diagnostics.push(d),
                        Ok(p) => {
                            keys.push(key);
                            docs.push(p);
                        }
                    }
                }
                let stories = corpus.place_batch(docs, &mut batch, &mut terms, &mut report, &mut fresh, &mut |id| {
                    slot.get().documents(std::slice::from_ref(id)).ok().and_then(|mut d| d.pop())
                });
                batch_no += 1;
                dirty.extend(stories.iter().copied());
                for s in &stories {
                    touched_at.insert(*s, batch_no);
                }
                if opts.track_assignments {
                    report.assignments.extend(keys.into_iter().zip(stories.iter().copied()));
                }
                report.times.corpus += t.elapsed();
                account(&mut slot, &mut pending_terms, &mut report, &mut fresh)?;
                if opts.build_briefs {
                    let built = finish(&mut job, &mut fresh, &touched_at, &mut built_at);
                    for (meta, brief) in built {
                        batch.stories.push(meta);
                        batch.briefs.push(brief);
                    }
                    // stories of the batch before the previous one (stored, its
                    // documents kept) that no batch since has touched
                    let mut seen = FxHashSet::default();
                    last_touched.push_back(stories.into_iter().filter(|s| seen.insert(*s)).collect());
                    if last_touched.len() > 2 {
                        let at = batch_no - 2;
                        let settled: Vec<(StoryId, FreshStory, bool)> = last_touched
                            .pop_front()
                            .unwrap_or_default()
                            .into_iter()
                            .filter(|s| touched_at.get(s) == Some(&at))
                            .filter_map(|s| {
                                let mut f = fresh.stories.remove(&s)?;
                                settle_relations(&mut f);
                                Some((s, f, true))
                            })
                            .collect();
                        if !settled.is_empty() {
                            job = Some(scope.spawn(move || {
                                let built = build_story_briefs(&settled, ner);
                                (settled, built, at)
                            }));
                        }
                    }
                }
                pending_terms.push_back(terms);
                slot.write(scope, batch);
                account(&mut slot, &mut pending_terms, &mut report, &mut fresh)?;
            }
            drop(rx);
            prebuilt = finish(&mut job, &mut fresh, &touched_at, &mut built_at);
            slot.get();
            account(&mut slot, &mut pending_terms, &mut report, &mut fresh)?;
            let left = producer.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            report.interrupted |= left;
            Ok(())
        })?;
        report.stories_touched = dirty.len() as u64;
        if opts.build_briefs {
            let t = Instant::now();
            // stories whose early brief is still current are done
            let mut stories: Vec<StoryId> = dirty
                .into_iter()
                .filter(|s| built_at.get(s).is_none_or(|b| touched_at.get(s).is_some_and(|t| t > b)))
                .collect();
            stories.sort_unstable();
            self.build_briefs(&stories, fresh, prebuilt)?;
            report.times.briefs += t.elapsed();
        }
        Ok(report)
    }

    /// [`Engine::ingest_with`] without cancellation or progress.
    pub fn ingest(
        &mut self,
        inputs: impl Iterator<Item = Result<RawInput, Diagnostic>> + Send,
        opts: &IngestOptions,
    ) -> Result<IngestReport, EngineError> {
        self.ingest_with(inputs, opts, &AtomicBool::new(false), &|_| {})
    }

    /// Rebuilds and stores the briefs of `stories` from the store.
    pub fn rebuild_briefs(&mut self, stories: &[StoryId]) -> Result<(), EngineError> {
        self.build_briefs(stories, Fresh { spilled: true, ..Default::default() }, Vec::new())
    }

    /// Builds and stores the briefs of `stories` (in parallel, stored in
    /// batches), taking documents from `fresh` where it has them and from
    /// the store otherwise.
    fn build_briefs(&mut self, stories: &[StoryId], mut fresh: Fresh, mut prebuilt: Vec<BuiltBrief>) -> Result<(), EngineError> {
        let store: &mut dyn Store = self.store.as_mut();
        std::thread::scope(|scope| -> Result<(), EngineError> {
            // each chunk is stored on its own thread while the next is built
            let mut slot = StoreSlot { idle: Some(store), busy: None, done: Vec::new() };
            for chunk in stories.chunks(512) {
                let mut inputs: Vec<(StoryId, FreshStory, bool)> = Vec::with_capacity(chunk.len());
                for &s in chunk {
                    match fresh.stories.remove(&s) {
                        Some(mut f) => {
                            settle_relations(&mut f);
                            inputs.push((s, f, true));
                        }
                        None => {
                            let store = slot.get();
                            let ids = store.story_documents(s)?;
                            let docs = store.documents(&ids)?;
                            let relations = store.relations(&ids)?;
                            inputs.push((s, FreshStory { docs, terms: Vec::new(), relations }, false));
                        }
                    }
                }
                let mut built = build_story_briefs(&inputs, self.ner.as_deref());
                built.append(&mut prebuilt);
                let (metas, briefs) = built.into_iter().unzip();
                slot.write(scope, Batch { stories: metas, briefs, ..Default::default() });
                for (_, _, result) in slot.done.drain(..) {
                    result?;
                }
            }
            if !prebuilt.is_empty() {
                let (metas, briefs) = prebuilt.into_iter().unzip();
                slot.write(scope, Batch { stories: metas, briefs, ..Default::default() });
            }
            slot.get();
            for (_, _, result) in slot.done.drain(..) {
                result?;
            }
            Ok(())
        })
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

/// Sorts a fresh story's relations as the store returns them (by pair,
/// the later of two records of one pair kept).
fn settle_relations(f: &mut FreshStory) {
    f.relations.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    f.relations.dedup_by(|later, earlier| {
        let same = later.a == earlier.a && later.b == earlier.b;
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
}

/// A built brief as stored: the story's listing row and its JSON.
type BuiltBrief = (StoryMeta, (StoryId, String));

/// Builds the briefs of stories in parallel (`true`: the sentence terms
/// in the input are complete and reused).
fn build_story_briefs(inputs: &[(StoryId, FreshStory, bool)], ner: Option<&EntityTagger>) -> Vec<BuiltBrief> {
    inputs
        .par_iter()
        .map(|(s, f, with_terms)| {
            let input = StoryInput {
                id: s.to_string(),
                docs: &f.docs,
                relations: &f.relations,
                terms: with_terms.then_some(f.terms.as_slice()),
                ner,
            };
            let b = build_brief(&input);
            let meta = StoryMeta { id: *s, title: b.title.clone(), independent_sources: b.independent_sources.len() as u32 };
            (meta, (*s, serde_json::to_string(&b).unwrap_or_default()))
        })
        .collect()
}

/// A document whose story is decided, waiting for its relations.
struct Placed {
    p: Prepared,
    story: StoryId,
    /// Exact/near duplicates in the same story (unique).
    dups: Vec<DuplicateHit>,
    /// Rewrite candidates: the story's latest documents (none for a copy).
    members: Vec<u32>,
}

impl Corpus {
    /// Places a batch of prepared documents and returns each one's story,
    /// in order. Stories are decided one document after another (each
    /// decision sees the ones before it); duplicate evidence and rewrites,
    /// which never change a story, are then found for all documents in
    /// parallel. Documents go to `batch` and their sentence terms to
    /// `terms` (same order); `load` reads a stored document when an older
    /// rewrite candidate's sentence terms are not cached.
    fn place_batch(
        &mut self,
        prepared: Vec<Prepared>,
        batch: &mut Batch,
        terms: &mut Vec<(StoryId, SentenceTerms)>,
        report: &mut IngestReport,
        fresh: &mut Fresh,
        load: &mut dyn FnMut(&DocId) -> Option<Document>,
    ) -> Vec<StoryId> {
        let first = self.entries.len() as u32;
        let mut stories = Vec::with_capacity(prepared.len());
        let mut placed: Vec<Placed> = Vec::with_capacity(prepared.len());
        let mut evict = Vec::new();
        for p in prepared {
            if let Some(&idx) = self.by_id.get(&p.doc.id) {
                report.already_stored += 1;
                stories.push(self.entries[idx as usize].story);
                continue;
            }
            let dups = self.deduper.find(&p.features);
            let forced = dups.first().map(|h| self.entries[h.doc as usize].story);
            let story = self.clusterer.assign(&p.features, forced);
            let earlier = self.story_docs.get(&story).map_or(&[][..], Vec::as_slice);
            if earlier.is_empty() && !fresh.spilled {
                fresh.stories.insert(story, FreshStory::default());
            }
            // a copy of a placed document inherits that document's
            // relations; only original text is compared for rewrites
            let members: Vec<u32> = if dups.is_empty() {
                earlier.iter().rev().take(REWRITE_CANDIDATES).copied().collect()
            } else {
                Vec::new()
            };
            let mut seen = FxHashSet::default();
            let dups: Vec<DuplicateHit> =
                dups.into_iter().filter(|h| self.entries[h.doc as usize].story == story && seen.insert(h.doc)).collect();
            for &m in &members {
                if m < first {
                    self.ensure_sentence_terms(m, load);
                }
            }
            let idx = self.deduper.add(&p.features);
            debug_assert_eq!(idx as usize, self.entries.len());
            self.by_id.insert(p.doc.id.clone(), idx);
            let docs = self.story_docs.entry(story).or_default();
            docs.push(idx);
            // keep sentence terms only for the documents that can still be
            // rewrite candidates of their story (dropped once this batch is done)
            if docs.len() > REWRITE_CANDIDATES {
                evict.push(docs[docs.len() - 1 - REWRITE_CANDIDATES]);
            }
            self.entries.push(DocEntry { id: p.doc.id.clone(), story, published: p.doc.published.clone() });
            stories.push(story);
            placed.push(Placed { p, story, dups, members });
        }
        // sentence terms of a placed document: this batch's, or cached
        let this = &*self;
        let sentences = |m: u32| -> Option<&SentenceTerms> {
            if m >= first {
                placed.get((m - first) as usize).map(|x| &x.p.sentences)
            } else {
                this.sentence_cache.get(&m)
            }
        };
        let relations: Vec<Vec<Relation>> = placed
            .par_iter()
            .map(|x| {
                let mut out = Vec::new();
                for h in &x.dups {
                    let evidence = sentences(h.doc)
                        .map(|s| chorus_corpus::align::align(s, &x.p.sentences, Default::default()))
                        .unwrap_or_default();
                    out.push(this.relation(h.doc, &x.p, h.kind, h.score, evidence));
                }
                for &m in &x.members {
                    let Some(other) = sentences(m) else { continue };
                    if let Some((cov, pairs)) = rewrite(other, &x.p.sentences) {
                        out.push(this.relation(m, &x.p, RelationKind::Rewrite, cov, pairs));
                    }
                }
                out
            })
            .collect();
        for (x, rels) in placed.into_iter().zip(relations) {
            let Placed { p, story, .. } = x;
            if let Some(f) = fresh.stories.get_mut(&story) {
                f.relations.extend(rels.iter().cloned());
            }
            batch.relations.extend(rels);
            let idx = self.by_id[&p.doc.id];
            let Prepared { doc, features: f, sentences, encoded } = p;
            let keep = if fresh.stories.contains_key(&story) { sentences.clone() } else { SentenceTerms::default() };
            terms.push((story, keep));
            self.sentence_cache.insert(idx, sentences);
            batch.documents.push(NewDocument { features: encoded, text_hash: f.text_hash, story, doc });
        }
        for old in evict {
            self.sentence_cache.remove(&old);
        }
        stories
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
    /// (loading it when needed); false if it cannot be read.
    fn ensure_sentence_terms(&mut self, idx: u32, load: &mut dyn FnMut(&DocId) -> Option<Document>) -> bool {
        if self.sentence_cache.contains_key(&idx) {
            return true;
        }
        let Some(doc) = load(&self.entries[idx as usize].id) else { return false };
        self.sentence_cache.insert(idx, chorus_corpus::features::sentence_terms(&doc));
        true
    }
}
