//! `chorus-ner`: a fast named-entity recognizer for news (PER / ORG / LOC / MISC).
//!
//! Model: two first-order averaged structured perceptrons over BILOU tags with constrained
//! Viterbi decoding, trained on CoNLL-2003 `train` by [`train::train`]. Stage 1 tags each
//! sentence alone; stage 2 re-tags the sentences of a document with the same features plus
//! document features from stage 1's tags (`features::doc_extend`: the token's own stage-1
//! tags, and how the same word is tagged and cased elsewhere in the document), trained on
//! jackknifed stage-1 tags. [`NerModel::entities`] treats its text as one document,
//! [`NerModel::tag_document`] takes the sentences of one, and a one-sentence document is tagged
//! by stage 1 alone. Stage-1 features
//! (`features.rs`): word, lowercase, prefixes/suffixes 1–4, word shapes, ±2 context words and
//! shapes, word-pair conjunctions, sentence-initial and headline (all-caps / all-lowercase
//! line) flags, "common lowercase word" flag, and gazetteer features built from the names
//! annotated in the training split (jackknifed during training so the model does not learn to
//! trust them blindly), and, optionally, word clusters learned from unlabeled news text
//! (`clusters.rs`: path prefixes of 4/8/12 bits for the word and its ±1 neighbours).
//! Features are hashed into a table of `2^bits` rows × 17 tags of `i16` weights (the
//! averaged weights, quantized).
//!
//! File format (`save`/`load`): magic `CHORUSNER`, format version (u32 LE), payload length
//! (u64 LE), FNV-1a 64 checksum of the payload (u64 LE), then the deflate-compressed payload.
//! Version 2 adds the word clusters (word hash → path) after the gazetteers; a model without
//! clusters is written as version 1 (no cluster section). Version 3 (two-stage model) always
//! has the cluster section (possibly empty), then the stage-2 transitions and sparse weights.

pub mod builtin;
pub mod clusters;
pub mod conll;
mod features;
mod lstm;
pub mod resources;
pub mod tokenize;
pub mod train;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

pub use features::Gazetteer;
pub use lstm::Lstm;
use features::{doc_extend, extract, viterbi, SentFeats};
pub use features::{ExtLists, EXT_LIST_NAMES};

/// Number of tags: O plus B/I/L/U for each of the four kinds.
pub const NT: usize = 17;

const MAGIC: &[u8; 9] = b"CHORUSNER";
const VERSION: u32 = 6;

/// Entity kinds of CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Per = 0,
    Org = 1,
    Loc = 2,
    Misc = 3,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] = [EntityKind::Per, EntityKind::Org, EntityKind::Loc, EntityKind::Misc];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Per => "PER",
            EntityKind::Org => "ORG",
            EntityKind::Loc => "LOC",
            EntityKind::Misc => "MISC",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PER" => Some(EntityKind::Per),
            "ORG" => Some(EntityKind::Org),
            "LOC" => Some(EntityKind::Loc),
            "MISC" => Some(EntityKind::Misc),
            _ => None,
        }
    }

    fn from_index(i: usize) -> Self {
        Self::ALL[i]
    }
}

/// A BILOU tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(EntityKind),
    I(EntityKind),
    L(EntityKind),
    U(EntityKind),
}

impl Tag {
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(k) => 1 + 4 * k as usize,
            Tag::I(k) => 2 + 4 * k as usize,
            Tag::L(k) => 3 + 4 * k as usize,
            Tag::U(k) => 4 + 4 * k as usize,
        }
    }

    pub fn from_index(i: usize) -> Tag {
        if i == 0 || i >= NT {
            return Tag::O;
        }
        let k = EntityKind::from_index((i - 1) / 4);
        match (i - 1) % 4 {
            0 => Tag::B(k),
            1 => Tag::I(k),
            2 => Tag::L(k),
            _ => Tag::U(k),
        }
    }
}

/// A named entity in raw text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("NER model {path}: file not found (train one with `chorus train ner`)")]
    Missing { path: String },
    #[error("NER model {path}: {msg}")]
    Corrupt { path: String, msg: String },
    #[error("NER model {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Data(String),
}

/// Spans `(start, end_exclusive, kind)` of a tag sequence; tolerant of invalid sequences
/// (an I/L without an opening B starts a new entity, like conlleval does).
pub fn tags_to_spans(tags: &[Tag]) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match t {
            Tag::O => {
                if let Some((s, k)) = open.take() {
                    out.push((s, i, k));
                }
            }
            Tag::U(k) => {
                if let Some((s, k0)) = open.take() {
                    out.push((s, i, k0));
                }
                out.push((i, i + 1, k));
            }
            Tag::B(k) => {
                if let Some((s, k0)) = open.take() {
                    out.push((s, i, k0));
                }
                open = Some((i, k));
            }
            Tag::I(k) | Tag::L(k) => {
                match open {
                    Some((_, k0)) if k0 == k => {}
                    Some((s, k0)) => {
                        out.push((s, i, k0));
                        open = Some((i, k));
                    }
                    None => open = Some((i, k)),
                }
                if matches!(t, Tag::L(_)) {
                    let (s, k) = open.take().unwrap();
                    out.push((s, i + 1, k));
                }
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k));
    }
    out
}

/// BILOU tags of entity spans over `n` tokens.
pub fn spans_to_tags(spans: &[(usize, usize, EntityKind)], n: usize) -> Vec<Tag> {
    let mut tags = vec![Tag::O; n];
    for &(s, e, k) in spans {
        if e == s + 1 {
            tags[s] = Tag::U(k);
        } else {
            tags[s] = Tag::B(k);
            for t in tags.iter_mut().take(e - 1).skip(s + 1) {
                *t = Tag::I(k);
            }
            tags[e - 1] = Tag::L(k);
        }
    }
    tags
}

/// Weights of one tagging stage.
#[derive(Debug, Clone)]
pub(crate) struct Stage {
    /// Quantized averaged weights: row `r` is `weights[r * stride + offset..][..NT]`. A
    /// two-stage model keeps both stages in one table, row by row (stride `2 × NT`), so
    /// stage 2 finds the rows stage 1 just read for the same document already in cache.
    weights: Arc<Vec<i16>>,
    stride: usize,
    offset: usize,
    /// `(NT + 1) × NT` transitions, previous tag `NT` = sentence start.
    pub(crate) trans: Vec<i32>,
}

impl Stage {
    /// A stage with its own `rows × NT` table.
    pub(crate) fn dense(weights: Vec<i16>, trans: Vec<i32>) -> Self {
        Stage { weights: Arc::new(weights), stride: NT, offset: 0, trans }
    }

    fn rows(&self) -> usize {
        self.weights.len() / self.stride
    }

    #[inline]
    fn row(&self, r: usize) -> &[i16] {
        let b = r * self.stride + self.offset;
        &self.weights[b..b + NT]
    }

    /// Both stages' weights interleaved row by row (the same values, another layout).
    fn interleave(a: &Stage, b: &Stage) -> (Stage, Stage) {
        let rows = a.rows();
        let mut w = Vec::with_capacity(rows * 2 * NT);
        for r in 0..rows {
            w.extend_from_slice(a.row(r));
            w.extend_from_slice(b.row(r));
        }
        let w = Arc::new(w);
        (
            Stage { weights: w.clone(), stride: 2 * NT, offset: 0, trans: a.trans.clone() },
            Stage { weights: w, stride: 2 * NT, offset: NT, trans: b.trans.clone() },
        )
    }

    /// Hints the CPU to load these weight rows into cache (no effect on results).
    #[inline]
    fn prefetch(&self, rows: &[u32]) {
        #[cfg(target_arch = "x86_64")]
        for &r in rows {
            let i = r as usize * self.stride + self.offset;
            if i < self.weights.len() {
                // SAFETY: `_mm_prefetch` is only a cache hint; it never faults or reads into
                // the program, and the pointer is in bounds of `weights`.
                unsafe {
                    std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                        self.weights.as_ptr().add(i).cast::<i8>(),
                    );
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = rows;
    }

    /// Tag indices of a sentence from its extracted features.
    fn decode(&self, f: &SentFeats, n: usize) -> Vec<usize> {
        viterbi(&self.emissions(f, n), &self.trans, n)
    }

    /// Per-token scores of every tag (`n × NT`) from a sentence's extracted features.
    fn emissions(&self, f: &SentFeats, n: usize) -> Vec<i64> {
        let mut emit = vec![0i64; n * NT];
        let rows_of = |i: usize| &f.rows[f.offsets[i] as usize..f.offsets[i + 1] as usize];
        if n > 0 {
            self.prefetch(rows_of(0));
        }
        for i in 0..n {
            // The weight table is far larger than the caches: ask for the next token's rows
            // while this token's are summed.
            if i + 1 < n {
                self.prefetch(rows_of(i + 1));
            }
            let mut acc = [0i32; NT];
            for &r in rows_of(i) {
                let row = self.row(r as usize);
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += w as i32;
                }
            }
            for t in 0..NT {
                emit[i * NT + t] = acc[t] as i64;
            }
        }
        emit
    }
}

/// The trained recognizer: stage 1 tags each sentence on its own; stage 2 (when present)
/// re-tags it with document features computed from stage 1's tags of the whole document.
#[derive(Debug, Clone)]
pub struct NerModel {
    bits: u32,
    /// Stage 1 (sentence features).
    stage1: Stage,
    gaz: Gazetteer,
    /// Stage 2 (document features), over the same `2^bits` rows.
    stage2: Option<Stage>,
    /// Stage 2 also uses context aggregation (`features::doc_extend`; format 6 and later).
    context: bool,
    /// A BiLSTM whose tag log-probabilities are added to the final stage's scores.
    lstm: Option<Arc<Lstm>>,
}

impl NerModel {
    pub(crate) fn from_parts(bits: u32, stage1: Stage, gaz: Gazetteer) -> Self {
        assert_eq!(stage1.rows(), 1 << bits);
        assert_eq!(stage1.trans.len(), (NT + 1) * NT);
        NerModel { bits, stage1, gaz, stage2: None, context: false, lstm: None }
    }

    /// Adds stage 2; `context`: it was trained with context aggregation features.
    pub(crate) fn with_stage2(mut self, stage2: Stage, context: bool) -> Self {
        assert_eq!(stage2.rows(), 1 << self.bits);
        self.context = context;
        assert_eq!(stage2.trans.len(), (NT + 1) * NT);
        let (a, b) = Stage::interleave(&self.stage1, &stage2);
        self.stage1 = a;
        self.stage2 = Some(b);
        self
    }

    /// The stage-1 (sentence-level) tagger alone, for comparisons.
    pub fn first_stage(&self) -> NerModel {
        NerModel { stage2: None, context: false, lstm: None, ..self.clone() }
    }

    /// The same model with `lstm`'s tag log-probabilities added to its final scores.
    pub fn with_lstm(mut self, lstm: Arc<Lstm>) -> Self {
        self.lstm = Some(lstm);
        self
    }

    /// Whether the model has a document-level second stage.
    pub fn is_two_stage(&self) -> bool {
        self.stage2.is_some()
    }

    /// Weight-table size in rows (log2).
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Tags one sentence of CoNLL-style tokens (a document of one sentence: stage 1 alone).
    pub fn tag_tokens(&self, tokens: &[&str]) -> Vec<Tag> {
        if tokens.is_empty() {
            return Vec::new();
        }
        self.tag_document(&[tokens]).pop().unwrap_or_default()
    }

    /// Tags the sentences of one document together: stage 2 sees how stage 1 tagged the same
    /// words elsewhere in `sents`.
    ///
    /// A lowercase or headline-title-case line is first recased to how its words are
    /// usually written (`ExtLists::truecase`, models with a capitalization prior), so
    /// "Talks in Geneva Stall as …" reads like prose; the tags align with the given tokens.
    /// An all-capitals headline is recased only when it is the whole document: with its
    /// story around it, stage 2 reads its words from how the story writes them.
    /// With an LSTM (`with_lstm`), its tag scores × its weight are added to the final stage's
    /// before decoding.
    pub fn tag_document(&self, sents: &[&[&str]]) -> Vec<Vec<Tag>> {
        let recased: Vec<Option<Vec<String>>> = sents
            .iter()
            .map(|t| {
                self.gaz.lists.truecase(t).or_else(|| {
                    // A capitals headline alone has no story to tell its names apart.
                    if sents.len() == 1 {
                        self.gaz.lists.truecase_capitals(t).or_else(|| self.gaz.lists.truecase_short_title(t))
                    } else {
                        None
                    }
                })
            })
            .collect();
        let words: Vec<Vec<&str>> = sents
            .iter()
            .zip(&recased)
            .map(|(t, rc)| match rc {
                Some(rc) => rc.iter().map(String::as_str).collect(),
                None => t.to_vec(),
            })
            .collect();
        let feats: Vec<SentFeats> = words.iter().map(|w| extract(w, &self.gaz, self.bits)).collect();
        let scores = self.doc_scores(&feats);
        let extra: Vec<Vec<f32>> = match &self.lstm {
            Some(l) => l.document_scores(&words.iter().map(Vec::as_slice).collect::<Vec<_>>()),
            None => Vec::new(),
        };
        let k = self.lstm.as_ref().map_or(0.0, |l| l.weight());
        scores
            .into_iter()
            .enumerate()
            .map(|(i, (mut emit, trans))| {
                if let Some(x) = extra.get(i) {
                    for (e, p) in emit.iter_mut().zip(x) {
                        *e += (k * p).round() as i64;
                    }
                }
                viterbi(&emit, trans, words[i].len()).into_iter().map(Tag::from_index).collect()
            })
            .collect()
    }

    /// The final stage's tag scores of each sentence (`n × NT`) and that stage's transitions.
    fn doc_scores(&self, feats: &[SentFeats]) -> Vec<(Vec<i64>, &[i32])> {
        let st1 = &self.stage1;
        let Some(st2) = self.stage2.as_ref().filter(|_| feats.len() > 1) else {
            return feats.iter().map(|f| (st1.emissions(f, f.keys.len()), &st1.trans[..])).collect();
        };
        let first: Vec<Vec<usize>> = feats.iter().map(|f| self.decode(f, f.keys.len())).collect();
        let refs: Vec<&SentFeats> = feats.iter().collect();
        let tags: Vec<&[usize]> = first.iter().map(Vec::as_slice).collect();
        doc_extend(&refs, &tags, self.bits, self.context)
            .iter()
            .map(|f| (st2.emissions(f, f.keys.len()), &st2.trans[..]))
            .collect()
    }

    /// The model's external name lists and capitalization prior (empty for models trained
    /// without `--resources`).
    pub fn external_lists(&self) -> &ExtLists {
        &self.gaz.lists
    }

    /// Stage-1 tag indices of a sentence from its extracted features.
    pub(crate) fn decode(&self, f: &SentFeats, n: usize) -> Vec<usize> {
        self.stage1.decode(f, n)
    }

    /// Tokenizes raw news text and returns its entities with byte offsets; the whole text is
    /// one document.
    pub fn entities(&self, text: &str) -> Vec<Entity> {
        let sents = tokenize::tokenize(text);
        let words: Vec<Vec<&str>> = sents.iter().map(|s| s.iter().map(|t| &text[t.start..t.end]).collect()).collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let mut out = Vec::new();
        for (sent, tags) in sents.iter().zip(self.tag_document(&refs)) {
            for (s, e, kind) in tags_to_spans(&tags) {
                out.push(Entity { start: sent[s].start, end: sent[e - 1].end, kind });
            }
        }
        out
    }

    /// File format version: 1 one stage without word clusters (the same bytes as before
    /// clusters existed), 2 one stage with them, 3 two stages (cluster section always present,
    /// possibly empty, then the stage-2 weights), 4 as 3 with the external name lists (word
    /// hashes → list mask) between the clusters and the stage-2 weights (stage 2 optional), 5 as
    /// 4 with the first tokens of the lists' longer names after the capitalization prior, 6 as
    /// 5 with a byte of document-feature flags after the stage-2 byte (bit 0: context
    /// aggregation).
    fn version(&self) -> u32 {
        if self.context {
            6
        } else if !self.gaz.lists.is_empty() {
            5
        } else if self.stage2.is_some() {
            3
        } else if self.gaz.clusters.is_empty() {
            1
        } else {
            2
        }
    }

    fn payload(&self) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&self.bits.to_le_bytes());
        p.extend_from_slice(&(NT as u32).to_le_bytes());
        write_stage(&mut p, &self.stage1, self.bits);
        let g = &self.gaz;
        write_map(&mut p, g.spans.iter().map(|(&k, &v)| (k, v)), |p, v| p.push(v));
        write_map(&mut p, g.tokens.iter().map(|(&k, &v)| (k, v)), |p, v| p.extend_from_slice(&v.to_le_bytes()));
        write_map(&mut p, g.common.iter().map(|&k| (k, ())), |_, ()| {});
        if self.version() >= 2 {
            write_map(&mut p, g.clusters.paths.iter().map(|(&k, &v)| (k, v)), |p, v| {
                p.extend_from_slice(&v.to_le_bytes())
            });
        }
        if self.version() >= 4 {
            let l = &g.lists;
            write_map(&mut p, l.spans.iter().map(|(&k, &v)| (k, v)), |p, v| p.push(v));
            write_map(&mut p, l.caps.iter().map(|(&k, &v)| (k, v)), |p, v| p.extend_from_slice(&v.to_le_bytes()));
            write_map(&mut p, l.firsts.iter().map(|&k| (k, ())), |_, ()| {});
            p.push(u8::from(self.stage2.is_some()));
        }
        if self.version() >= 6 {
            p.push(u8::from(self.context));
        }
        if let Some(st2) = &self.stage2 {
            write_stage(&mut p, st2, self.bits);
        }
        p
    }

    /// Writes the model (deterministic bytes for a given model).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), NerError> {
        let path = path.as_ref();
        let io = |source| NerError::Io { path: path.display().to_string(), source };
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&self.payload()).map_err(io)?;
        let body = enc.finish().map_err(io)?;
        let mut out = Vec::with_capacity(body.len() + 32);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.version().to_le_bytes());
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(&fnv64(&body).to_le_bytes());
        out.extend_from_slice(&body);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(path, out).map_err(io)
    }

    /// Reads a model written by [`NerModel::save`]; a clear error when it is missing or corrupt.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, NerError> {
        let path = path.as_ref();
        let ps = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(NerError::Missing { path: ps }),
            Err(source) => return Err(NerError::Io { path: ps, source }),
        };
        Self::from_bytes(&bytes, &ps)
    }

    /// Reads a model from the bytes of a model file (`label` names it in
    /// errors, e.g. a path or "built-in model").
    pub fn from_bytes(bytes: &[u8], label: &str) -> Result<Self, NerError> {
        let ps = label.to_string();
        let corrupt = |msg: &str| NerError::Corrupt { path: ps.clone(), msg: msg.to_string() };
        if bytes.len() < 29 || &bytes[..9] != MAGIC {
            return Err(corrupt("not a chorus NER model (bad magic header)"));
        }
        let version = u32::from_le_bytes(bytes[9..13].try_into().unwrap());
        if !(1..=VERSION).contains(&version) {
            return Err(corrupt(&format!("format version {version}, this build reads versions 1 to {VERSION}")));
        }
        let len = u64::from_le_bytes(bytes[13..21].try_into().unwrap()) as usize;
        let sum = u64::from_le_bytes(bytes[21..29].try_into().unwrap());
        let body = &bytes[29..];
        if body.len() != len {
            return Err(corrupt(&format!("truncated or padded: payload {} bytes, header says {len}", body.len())));
        }
        if fnv64(body) != sum {
            return Err(corrupt("checksum mismatch (file is damaged)"));
        }
        let mut p = Vec::new();
        flate2::read::DeflateDecoder::new(body)
            .read_to_end(&mut p)
            .map_err(|_| corrupt("payload does not decompress"))?;
        Self::parse_payload(&p, version).ok_or_else(|| corrupt("payload is malformed"))
    }

    /// Version 1 files have no cluster section.
    fn parse_payload(p: &[u8], version: u32) -> Option<Self> {
        let mut r = Reader { p, at: 0 };
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) || r.u32()? as usize != NT {
            return None;
        }
        // Versions 3 and later are usually two-stage: stage 1 goes straight into the
        // interleaved table (see `Stage::interleave`), stage 2 later beside it, so loading
        // builds one table and copies nothing.
        let rows = 1usize << bits;
        let (mut table, stride) = if version >= 3 { (vec![0i16; rows * 2 * NT], 2 * NT) } else { (vec![0i16; rows * NT], NT) };
        advise_huge_pages(&mut table);
        let trans1 = read_stage_into(&mut r, bits, &mut table, stride, 0)?;
        let mut gaz = Gazetteer {
            spans: r.map(Reader::u8)?,
            tokens: r.map(Reader::u16)?,
            common: r.set()?,
            ..Gazetteer::default()
        };
        if version >= 2 {
            gaz.clusters = std::sync::Arc::new(clusters::Clusters { paths: r.map(Reader::u32)? });
        }
        let mut has_stage2 = version == 3;
        if version >= 4 {
            let mut lists = features::ExtLists { spans: r.map(Reader::u8)?, caps: r.map(Reader::u16)?, ..Default::default() };
            if version >= 5 {
                lists.firsts = r.set()?;
                lists.has_firsts = true;
            }
            gaz.lists = std::sync::Arc::new(lists);
            has_stage2 = r.u8()? != 0;
        }
        let mut context = false;
        if version >= 6 {
            let flags = r.u8()?;
            if flags > 1 {
                return None;
            }
            context = flags & 1 != 0 && has_stage2;
        }
        let (stage1, stage2) = if has_stage2 {
            let trans2 = read_stage_into(&mut r, bits, &mut table, stride, NT)?;
            let w = Arc::new(table);
            (
                Stage { weights: w.clone(), stride, offset: 0, trans: trans1 },
                Some(Stage { weights: w, stride, offset: NT, trans: trans2 }),
            )
        } else if stride == NT {
            (Stage::dense(table, trans1), None)
        } else {
            // a one-stage model in a two-stage format: keep stage 1 alone
            let dense: Vec<i16> = table.chunks_exact(2 * NT).flat_map(|row| row[..NT].iter().copied()).collect();
            (Stage::dense(dense, trans1), None)
        };
        (r.at == p.len()).then_some(NerModel { bits, stage1, gaz, stage2, context, lstm: None })
    }
}

/// Asks the kernel to back a large, not yet touched weight table with huge pages: the taggers
/// read it at random, and 2 MB pages spare most TLB misses. Only a hint; ignored elsewhere.
fn advise_huge_pages(w: &mut [i16]) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let start = w.as_mut_ptr() as usize;
        let end = start + std::mem::size_of_val(w);
        let (a, b) = (start.div_ceil(PAGE) * PAGE, end / PAGE * PAGE);
        if b > a {
            // SAFETY: [a, b) lies inside `w`'s allocation; MADV_HUGEPAGE changes how the
            // kernel backs those pages, never their contents, and its result is only a hint.
            unsafe {
                libc::madvise(a as *mut libc::c_void, b - a, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = w;
}

/// A map (or set, with `()` values) as its length, then its `(key, value)` pairs in key order,
/// so the same model always gives the same bytes.
fn write_map<V: Copy + Ord>(p: &mut Vec<u8>, map: impl Iterator<Item = (u64, V)>, put: impl Fn(&mut Vec<u8>, V)) {
    let mut v: Vec<(u64, V)> = map.collect();
    v.sort_unstable();
    p.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for (k, x) in v {
        p.extend_from_slice(&k.to_le_bytes());
        put(p, x);
    }
}

/// Transitions, then the sparse weight rows (only rows with a non-zero weight).
fn write_stage(p: &mut Vec<u8>, st: &Stage, bits: u32) {
    for &t in &st.trans {
        p.extend_from_slice(&t.to_le_bytes());
    }
    let rows = 1usize << bits;
    let nz: Vec<usize> = (0..rows).filter(|&r| st.row(r).iter().any(|&w| w != 0)).collect();
    p.extend_from_slice(&(nz.len() as u32).to_le_bytes());
    let mut prev = 0usize;
    for &r in &nz {
        p.extend_from_slice(&((r - prev) as u32).to_le_bytes());
        prev = r;
    }
    for &r in &nz {
        for &w in st.row(r) {
            p.extend_from_slice(&w.to_le_bytes());
        }
    }
}

/// Reads a stage's rows into `w` (row `r` at `r * stride + offset`); returns its transitions.
fn read_stage_into(r: &mut Reader, bits: u32, w: &mut [i16], stride: usize, offset: usize) -> Option<Vec<i32>> {
    let mut trans = Vec::with_capacity((NT + 1) * NT);
    for _ in 0..(NT + 1) * NT {
        trans.push(r.u32()? as i32);
    }
    let rows = 1usize << bits;
    let nnz = r.u32()? as usize;
    if nnz > rows {
        return None;
    }
    let mut idx = Vec::with_capacity(nnz);
    let mut prev = 0usize;
    for k in 0..nnz {
        let d = r.u32()? as usize;
        if k > 0 && d == 0 {
            return None;
        }
        prev += d;
        if prev >= rows {
            return None;
        }
        idx.push(prev);
    }
    for &row in &idx {
        for t in 0..NT {
            w[row * stride + offset + t] = r.u16()? as i16;
        }
    }
    Some(trans)
}

/// Little-endian reader over a model file's payload; `None` when it runs out.
pub(crate) struct Reader<'a> {
    pub(crate) p: &'a [u8],
    pub(crate) at: usize,
}

impl Reader<'_> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.p.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(crate) fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    /// `n` f32 values.
    pub(crate) fn f32s(&mut self, n: usize) -> Option<Vec<f32>> {
        let b = self.take(n.checked_mul(4)?)?;
        Some(b.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect())
    }

    /// A section written by [`write_map`]: its length, then `(key, value)` pairs (the
    /// reservation is bounded by the bytes left, so a corrupt length cannot over-allocate).
    fn map<V>(&mut self, value: impl Fn(&mut Self) -> Option<V>) -> Option<FxHashMap<u64, V>> {
        let n = self.u32()? as usize;
        let mut m = FxHashMap::with_capacity_and_hasher(n.min(self.left() / 8), Default::default());
        for _ in 0..n {
            let k = self.u64()?;
            m.insert(k, value(self)?);
        }
        Some(m)
    }

    /// A set written by [`write_map`] with `()` values.
    fn set(&mut self) -> Option<FxHashSet<u64>> {
        let n = self.u32()? as usize;
        let mut m = FxHashSet::with_capacity_and_hasher(n.min(self.left() / 8), Default::default());
        for _ in 0..n {
            m.insert(self.u64()?);
        }
        Some(m)
    }

    fn left(&self) -> usize {
        self.p.len() - self.at
    }
}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_index_round_trip() {
        for i in 0..NT {
            assert_eq!(Tag::from_index(i).index(), i);
        }
    }

    #[test]
    fn spans_and_tags_round_trip() {
        let spans = vec![(0, 2, EntityKind::Per), (3, 4, EntityKind::Loc), (5, 8, EntityKind::Org)];
        let tags = spans_to_tags(&spans, 9);
        assert_eq!(tags[0], Tag::B(EntityKind::Per));
        assert_eq!(tags[6], Tag::I(EntityKind::Org));
        assert_eq!(tags_to_spans(&tags), spans);
    }
}
