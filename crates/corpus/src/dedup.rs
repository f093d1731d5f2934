//! Exact duplicates, near duplicates and rewrites.
//!
//! Candidates come from two sub-quadratic sources: a hash table of
//! normalized text (exact) and MinHash LSH buckets (near, 16 bands of 4
//! rows). Rewrites have low shingle overlap, so their candidates are the
//! documents of the story a new document joins (the story index already
//! retrieved them); [`rewrite`] then aligns sentences.

use chorus_model::{AlignedPair, RelationKind};
use rustc_hash::FxHashMap;

use crate::align::{align, AlignParams};
use crate::features::{minhash_similarity, MINHASH_LEN};
use crate::{DocFeatures, SentenceTerms};

const BANDS: usize = 16;
const ROWS: usize = MINHASH_LEN / BANDS;

/// Estimated Jaccard above which two documents are near duplicates.
pub const NEAR_THRESHOLD: f32 = 0.6;

/// Index of seen documents for exact / near duplicate lookup.
#[derive(Debug, Default)]
pub struct Deduper {
    by_hash: FxHashMap<u64, u32>,
    bands: Vec<FxHashMap<u64, Vec<u32>>>,
    sigs: Vec<Vec<u32>>,
}

/// A duplicate found by [`Deduper::find`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicateHit {
    /// Index given by [`Deduper::add`].
    pub doc: u32,
    pub kind: RelationKind,
    pub score: f32,
}

impl Deduper {
    pub fn new() -> Self {
        Deduper { bands: (0..BANDS).map(|_| FxHashMap::default()).collect(), ..Default::default() }
    }

    /// Adds a document; returns its index.
    pub fn add(&mut self, f: &DocFeatures) -> u32 {
        let idx = self.sigs.len() as u32;
        self.by_hash.entry(f.text_hash).or_insert(idx);
        if f.minhash.len() == MINHASH_LEN && f.minhash[0] != u32::MAX {
            for (b, table) in self.bands.iter_mut().enumerate() {
                table.entry(band_key(&f.minhash, b)).or_default().push(idx);
            }
        }
        self.sigs.push(f.minhash.clone());
        idx
    }

    /// Exact and near duplicates of `f` among the added documents, best
    /// first (an exact hit comes alone).
    pub fn find(&self, f: &DocFeatures) -> Vec<DuplicateHit> {
        if let Some(&doc) = self.by_hash.get(&f.text_hash) {
            return vec![DuplicateHit { doc, kind: RelationKind::Exact, score: 1.0 }];
        }
        if f.minhash.len() != MINHASH_LEN || f.minhash[0] == u32::MAX {
            return Vec::new();
        }
        let mut seen: Vec<u32> = Vec::new();
        for (b, table) in self.bands.iter().enumerate() {
            if let Some(list) = table.get(&band_key(&f.minhash, b)) {
                seen.extend(list.iter().take(64));
            }
        }
        seen.sort_unstable();
        seen.dedup();
        let mut hits: Vec<DuplicateHit> = seen
            .into_iter()
            .filter_map(|doc| {
                let score = minhash_similarity(&f.minhash, &self.sigs[doc as usize]);
                (score >= NEAR_THRESHOLD).then_some(DuplicateHit { doc, kind: RelationKind::Near, score })
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits
    }
}

fn band_key(sig: &[u32], band: usize) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64 ^ band as u64;
    for v in &sig[band * ROWS..(band + 1) * ROWS] {
        h = (h ^ *v as u64).wrapping_mul(0x100_0000_01b3).rotate_left(17);
    }
    h
}

/// Minimum share of the shorter document's substantive sentences that
/// must align for a rewrite.
pub const REWRITE_COVERAGE: f32 = 0.66;

/// Decides whether `a` and `b` (documents of one story, not duplicates)
/// are a rewrite pair: most substantive sentences of the shorter one
/// align with a sentence of the other. Returns the coverage and the
/// aligned pairs (indices into `a` and `b`).
pub fn rewrite(a: &SentenceTerms, b: &SentenceTerms) -> Option<(f32, Vec<AlignedPair>)> {
    let params = AlignParams { min_score: 0.4, min_shared: 3 };
    let substantive = |s: &SentenceTerms| s.sentences.iter().filter(|t| t.len() >= 4).count();
    let (na, nb) = (substantive(a), substantive(b));
    if na < 2 || nb < 2 {
        return None;
    }
    // Align from the shorter document so every one of its sentences looks
    // for a partner; report pairs in (a, b) order.
    let pairs = if na <= nb {
        align(a, b, params)
    } else {
        align(b, a, params).into_iter().map(|p| AlignedPair { a: p.b, b: p.a, score: p.score }).collect()
    };
    let strong = pairs.iter().filter(|p| p.score >= 0.5).count();
    let coverage = pairs.len() as f32 / na.min(nb) as f32;
    (pairs.len() >= 2 && strong >= 2 && coverage >= REWRITE_COVERAGE).then_some((coverage.min(1.0), pairs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::minhash;

    fn f(text: &str) -> DocFeatures {
        DocFeatures { terms: vec![], minhash: minhash(text), text_hash: crate::features::text_hash(text) }
    }

    #[test]
    fn finds_exact_and_near() {
        let mut d = Deduper::new();
        let base = "the harbour board voted on monday to suspend the night ferry service until the safety inquiry into the collision is complete and the report is published";
        d.add(&f(base));
        d.add(&f("a different story entirely about the mountain railway timetable and its new winter schedule for the valley towns"));
        let exact = d.find(&f(&base.to_uppercase()));
        assert_eq!(exact[0].kind, RelationKind::Exact);
        let near = d.find(&f(&base.replace("monday", "tuesday")));
        assert_eq!(near.len(), 1);
        assert_eq!((near[0].doc, near[0].kind), (0, RelationKind::Near));
        assert!(d.find(&f("nothing in common with anything above at all, just words about cheese")).is_empty());
    }
}
