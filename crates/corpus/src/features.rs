//! Compact features of a document.

use chorus_model::Document;
use chorus_text::words;
use rustc_hash::FxHashMap;

/// Number of MinHash permutations (4 bytes each).
pub const MINHASH_LEN: usize = 64;

/// Features computed once per document and stored alongside it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocFeatures {
    /// Content term → raw weight (term frequency, boosted for capitalized
    /// tokens and for the title/lead), sorted by term.
    pub terms: Vec<(u64, f32)>,
    /// MinHash over word 3-shingles of the whole text.
    pub minhash: Vec<u32>,
    /// Hash of the text with whitespace and case normalized.
    pub text_hash: u64,
}

/// Content-term sets of each sentence of a document (sorted, deduplicated).
#[derive(Debug, Clone, Default)]
pub struct SentenceTerms {
    pub sentences: Vec<Vec<u64>>,
    /// (term, sentence) pairs sorted by term: the inverted index that
    /// [`crate::align::align`] looks sentences up in, built on first use
    /// and kept, since one document is compared with many.
    postings: std::sync::OnceLock<Vec<(u64, u32)>>,
}

impl PartialEq for SentenceTerms {
    fn eq(&self, other: &Self) -> bool {
        self.sentences == other.sentences
    }
}

impl SentenceTerms {
    pub fn new(sentences: Vec<Vec<u64>>) -> Self {
        SentenceTerms { sentences, postings: Default::default() }
    }

    /// Sentences containing term `t`, as (t, sentence) pairs.
    pub(crate) fn postings(&self, t: u64) -> &[(u64, u32)] {
        let all = self.postings.get_or_init(|| {
            let mut v: Vec<(u64, u32)> = Vec::with_capacity(self.sentences.iter().map(Vec::len).sum());
            for (j, terms) in self.sentences.iter().enumerate() {
                v.extend(terms.iter().map(|t| (*t, j as u32)));
            }
            v.sort_unstable();
            v
        });
        let lo = all.partition_point(|p| p.0 < t);
        let n = all[lo..].partition_point(|p| p.0 == t);
        &all[lo..lo + n]
    }
}

/// Computes [`DocFeatures`] of a stored document.
pub fn doc_features(doc: &Document) -> DocFeatures {
    analyze(doc).0
}

/// Computes [`DocFeatures`] and [`SentenceTerms`] in one pass over the
/// tokens of the document's sentences.
pub fn analyze(doc: &Document) -> (DocFeatures, SentenceTerms) {
    let mut tf: FxHashMap<u64, f32> = FxHashMap::default();
    if let Some(title) = &doc.title {
        words::content_terms(title, |h, tok| {
            *tf.entry(h).or_default() += if tok.capitalized { 2.0 } else { 1.5 };
        });
    }
    let mut sig = vec![u32::MAX; MINHASH_LEN];
    let mut window = [0u64; 3];
    let mut count = 0usize;
    let mut text_hash = 0xcbf2_9ce4_8422_2325u64;
    let mut lower = String::with_capacity(32);
    let mut stem = String::with_capacity(32);
    let mut sentences = Vec::with_capacity(doc.segments.sentences.len());
    for (si, s) in doc.segments.sentences.iter().enumerate() {
        let mut terms = Vec::new();
        let Some(text) = s.span.slice(&doc.text) else {
            sentences.push(terms);
            continue;
        };
        // the first three sentences are the lead: weighted up
        let lead = if si < 3 { 1.5 } else { 1.0 };
        words::for_each_token(text, |tok| {
            lower.clear();
            lower.push_str(tok.text);
            lower.make_ascii_lowercase();
            let raw = words::term_hash(&lower);
            text_hash = (text_hash.rotate_left(5) ^ raw).wrapping_mul(0x100_0000_01b3);
            window = [window[1], window[2], raw];
            count += 1;
            if count >= 3 {
                update_signature(&mut sig, window);
            }
            if tok.text.len() < 2 && !tok.text.as_bytes()[0].is_ascii_digit() {
                return;
            }
            let norm = words::normalize(tok.text, &mut stem);
            if words::is_stopword(norm) {
                return;
            }
            let h = words::term_hash(norm);
            terms.push(h);
            // capitalized tokens (names, places) say most about which event
            let w = if tok.capitalized { 2.5 } else { 1.0 };
            *tf.entry(h).or_default() += w * lead;
        });
        terms.sort_unstable();
        terms.dedup();
        sentences.push(terms);
    }
    let mut terms: Vec<(u64, f32)> = tf.into_iter().collect();
    terms.sort_unstable_by_key(|t| t.0);
    (DocFeatures { terms, minhash: sig, text_hash }, SentenceTerms::new(sentences))
}

/// Hash of text with case and whitespace normalized (the same value
/// [`analyze`] computes when the sentences cover the text).
pub fn text_hash(text: &str) -> u64 {
    let mut acc = 0xcbf2_9ce4_8422_2325u64;
    let mut buf = String::new();
    words::for_each_token(text, |tok| {
        buf.clear();
        buf.push_str(tok.text);
        buf.make_ascii_lowercase();
        acc = (acc.rotate_left(5) ^ words::term_hash(&buf)).wrapping_mul(0x100_0000_01b3);
    });
    acc
}

/// Seeds of the MinHash permutations (splitmix64 sequence, made odd).
const SEEDS: [u64; MINHASH_LEN] = {
    let mut out = [0u64; MINHASH_LEN];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut i = 0;
    while i < MINHASH_LEN {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out[i] = (z ^ (z >> 31)) | 1;
        i += 1;
    }
    out
};

/// Folds one word 3-shingle into a MinHash signature: one strong hash of
/// the shingle, then one multiply per permutation.
fn update_signature(sig: &mut [u32], window: [u64; 3]) {
    let sh = mix(window[0] ^ window[1].rotate_left(21) ^ window[2].rotate_left(42));
    for (slot, seed) in sig.iter_mut().zip(SEEDS.iter()) {
        let v = (sh.wrapping_mul(*seed) >> 32) as u32;
        if v < *slot {
            *slot = v;
        }
    }
}

fn mix(mut x: u64) -> u64 {
    // splitmix64 finalizer
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// MinHash signature over word 3-shingles (lowercased words).
pub fn minhash(text: &str) -> Vec<u32> {
    let mut sig = vec![u32::MAX; MINHASH_LEN];
    let mut buf = String::new();
    let mut window = [0u64; 3];
    let mut count = 0usize;
    words::for_each_token(text, |tok| {
        buf.clear();
        buf.push_str(tok.text);
        buf.make_ascii_lowercase();
        window = [window[1], window[2], words::term_hash(&buf)];
        count += 1;
        if count >= 3 {
            update_signature(&mut sig, window);
        }
    });
    sig
}

/// Estimated Jaccard similarity of two MinHash signatures.
pub fn minhash_similarity(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || a.len() != b.len() || a[0] == u32::MAX {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / a.len() as f32
}

/// Content-term sets of every sentence of `doc` (the same sets
/// [`analyze`] returns, without the document-level features).
pub fn sentence_terms(doc: &Document) -> SentenceTerms {
    let sentences = doc
        .segments
        .sentences
        .iter()
        .map(|s| s.span.slice(&doc.text).map(term_set).unwrap_or_default())
        .collect();
    SentenceTerms::new(sentences)
}

/// The sorted, deduplicated content terms of one piece of text.
pub fn term_set(text: &str) -> Vec<u64> {
    let mut v = Vec::new();
    words::content_terms(text, |h, _| v.push(h));
    v.sort_unstable();
    v.dedup();
    v
}

/// Serializes features into a compact byte blob (little endian).
pub fn encode(f: &DocFeatures) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + f.terms.len() * 12 + f.minhash.len() * 4);
    out.extend_from_slice(&f.text_hash.to_le_bytes());
    out.extend_from_slice(&(f.minhash.len() as u32).to_le_bytes());
    for m in &f.minhash {
        out.extend_from_slice(&m.to_le_bytes());
    }
    out.extend_from_slice(&(f.terms.len() as u32).to_le_bytes());
    for (t, w) in &f.terms {
        out.extend_from_slice(&t.to_le_bytes());
        out.extend_from_slice(&w.to_le_bytes());
    }
    out
}

/// Inverse of [`encode`]; `None` on a corrupt blob.
pub fn decode(b: &[u8]) -> Option<DocFeatures> {
    let mut r = Reader { b, i: 0 };
    let text_hash = r.u64()?;
    let n = r.u32()? as usize;
    if n > 4096 {
        return None;
    }
    let minhash = (0..n).map(|_| r.u32()).collect::<Option<Vec<_>>>()?;
    let n = r.u32()? as usize;
    if n > b.len() {
        return None;
    }
    let mut terms = Vec::with_capacity(n);
    for _ in 0..n {
        terms.push((r.u64()?, f32::from_bits(r.u32()?)));
    }
    (r.i == b.len()).then_some(DocFeatures { terms, minhash, text_hash })
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let s = self.b.get(self.i..self.i + N)?;
        self.i += N;
        s.try_into().ok()
    }
    fn u32(&mut self) -> Option<u32> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take::<8>().map(u64::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chorus_model::{Segments, Sentence, Span};

    pub(crate) fn doc(text: &str) -> Document {
        let sentences = text
            .split_inclusive(". ")
            .scan(0usize, |pos, s| {
                let start = *pos;
                *pos += s.len();
                Some(Sentence { span: Span::new(start, start + s.trim_end().len()), block: 0 })
            })
            .collect();
        Document { segments: Segments { blocks: vec![], sentences }, ..Document::plain("d", text) }
    }

    #[test]
    fn analyze_agrees_with_parts() {
        let d = doc("The harbour board voted on Monday. Ferries resumed after the strike ended. Crews cheered.");
        let (f, st) = analyze(&d);
        assert_eq!(st, sentence_terms(&d));
        assert_eq!(f.text_hash, text_hash(&d.text));
        assert_eq!(f.minhash, minhash(&d.text));
    }

    #[test]
    fn roundtrip_encoding() {
        let f = doc_features(&doc("The harbour board voted on Monday. Ferries resumed."));
        assert_eq!(decode(&encode(&f)), Some(f.clone()));
        assert_eq!(decode(&encode(&f)[1..]), None);
    }

    #[test]
    fn text_hash_ignores_case_and_spacing() {
        assert_eq!(text_hash("Ferry  crews\nstrike."), text_hash("ferry crews strike"));
        assert_ne!(text_hash("Ferry crews strike"), text_hash("Ferry crews stay"));
    }

    #[test]
    fn minhash_tracks_overlap() {
        let a = minhash("the harbour board voted on monday to suspend the night ferry service until the inquiry ends");
        let b = minhash("the harbour board voted on monday to suspend the night ferry service until the inquiry is over");
        let c = minhash("a completely different text about mountain weather and the snow on the northern passes");
        assert!(minhash_similarity(&a, &b) > 0.5);
        assert!(minhash_similarity(&a, &c) < 0.1);
    }
}
