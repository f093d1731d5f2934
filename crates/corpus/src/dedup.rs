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
///
/// The LSH buckets are chains through flat arrays (no allocation per
/// bucket): `heads` maps a band key to the last (doc, band) slot that had
/// it, and `next` links each slot to the previous one with the same key.
#[derive(Debug)]
pub struct Deduper {
    by_hash: FxHashMap<u64, u32>,
    heads: FxHashMap<u64, u32>,
    /// Slot `doc * BANDS + band` → previous slot in its bucket, or NONE.
    next: Vec<u32>,
    /// MinHash signatures, `MINHASH_LEN` values per document.
    sigs: Vec<u32>,
    len: u32,
}

const NONE: u32 = u32::MAX;

/// A duplicate found by [`Deduper::find`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicateHit {
    /// Index given by [`Deduper::add`].
    pub doc: u32,
    pub kind: RelationKind,
    pub score: f32,
}

impl Default for Deduper {
    fn default() -> Self {
        Self::new()
    }
}

impl Deduper {
    pub fn new() -> Self {
        Deduper { by_hash: FxHashMap::default(), heads: FxHashMap::default(), next: Vec::new(), sigs: Vec::new(), len: 0 }
    }

    /// Adds a document; returns its index.
    pub fn add(&mut self, f: &DocFeatures) -> u32 {
        let idx = self.len;
        self.len += 1;
        self.by_hash.entry(f.text_hash).or_insert(idx);
        let usable = f.minhash.len() == MINHASH_LEN && f.minhash[0] != u32::MAX;
        for b in 0..BANDS {
            let slot = idx * BANDS as u32 + b as u32;
            let prev = if usable { self.heads.insert(band_key(&f.minhash, b), slot).unwrap_or(NONE) } else { NONE };
            self.next.push(prev);
        }
        if usable {
            self.sigs.extend_from_slice(&f.minhash);
        } else {
            self.sigs.extend(std::iter::repeat_n(u32::MAX, MINHASH_LEN));
        }
        idx
    }

    fn sig(&self, doc: u32) -> &[u32] {
        let i = doc as usize * MINHASH_LEN;
        &self.sigs[i..i + MINHASH_LEN]
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
        for b in 0..BANDS {
            // the 64 latest documents of each bucket
            let mut slot = self.heads.get(&band_key(&f.minhash, b)).copied().unwrap_or(NONE);
            let mut n = 0;
            while slot != NONE && n < 64 {
                seen.push(slot / BANDS as u32);
                slot = self.next[slot as usize];
                n += 1;
            }
        }
        seen.sort_unstable();
        seen.dedup();
        let mut hits: Vec<DuplicateHit> = seen
            .into_iter()
            .filter_map(|doc| {
                let score = minhash_similarity(&f.minhash, self.sig(doc));
                (score >= NEAR_THRESHOLD).then_some(DuplicateHit { doc, kind: RelationKind::Near, score })
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits
    }
}

/// Key of one band of a signature; the band number is part of the key,
/// so all bands share one table.
fn band_key(sig: &[u32], band: usize) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64 ^ (band as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
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
    fn default_is_new() {
        // a default-built index must search its LSH bands too
        let mut d = Deduper::default();
        let base = "the harbour board voted on monday to suspend the night ferry service until the safety inquiry is complete";
        d.add(&f(base));
        let near = d.find(&f(&base.replace("monday", "tuesday")));
        assert_eq!(near.first().map(|h| h.kind), Some(RelationKind::Near));
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
