//! Sentence alignment between two documents.
//!
//! Two sentences align when their content-term sets overlap strongly
//! (Dice coefficient, or containment for a sentence that a rewrite merged
//! into a longer one) and share at least a few terms. This finds the
//! sentence-by-sentence correspondence of a rewrite even when word
//! shingles differ, and is the evidence attached to a relation.

use chorus_model::AlignedPair;

use crate::SentenceTerms;

/// Thresholds for [`align`].
#[derive(Debug, Clone, Copy)]
pub struct AlignParams {
    /// Minimum score of a pair.
    pub min_score: f32,
    /// Minimum number of shared content terms.
    pub min_shared: usize,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams { min_score: 0.45, min_shared: 3 }
    }
}

/// Similarity of two sorted term sets: the larger of the Dice coefficient
/// and a discounted containment of the shorter set in the longer.
pub fn similarity(a: &[u64], b: &[u64]) -> (f32, usize) {
    let shared = shared_count(a, b);
    if shared == 0 {
        return (0.0, 0);
    }
    let dice = 2.0 * shared as f32 / (a.len() + b.len()) as f32;
    let short = a.len().min(b.len());
    let containment = if short >= 5 { 0.85 * shared as f32 / short as f32 } else { 0.0 };
    (dice.max(containment), shared)
}

fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// For each sentence of `a`, its best match in `b` scoring at least
/// `params.min_score`. Pairs are returned in `a` order.
pub fn align(a: &SentenceTerms, b: &SentenceTerms, params: AlignParams) -> Vec<AlignedPair> {
    let mut counts = vec![0u32; b.sentences.len()];
    let mut touched = Vec::new();
    let mut out = Vec::new();
    for (i, terms) in a.sentences.iter().enumerate() {
        if terms.len() < params.min_shared {
            continue;
        }
        for t in terms {
            for &(_, j) in b.postings(*t) {
                if counts[j as usize] == 0 {
                    touched.push(j);
                }
                counts[j as usize] += 1;
            }
        }
        let mut best: Option<(u32, f32)> = None;
        for &j in &touched {
            let shared = counts[j as usize] as usize;
            counts[j as usize] = 0;
            if shared < params.min_shared {
                continue;
            }
            let (score, _) = similarity(terms, &b.sentences[j as usize]);
            if score >= params.min_score && best.is_none_or(|(_, s)| score > s) {
                best = Some((j, score));
            }
        }
        touched.clear();
        if let Some((j, score)) = best {
            out.push(AlignedPair { a: i as u32, b: j, score });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<u64> {
        let mut v = Vec::new();
        chorus_text::words::content_terms(s, |h, _| v.push(h));
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn aligns_paraphrased_sentences() {
        let a = SentenceTerms::new(vec![
                terms("The harbour authority closed the northern pier on Friday after inspectors found cracks."),
                terms("Mayor Ilsa Varn promised a full inquiry into the ferry contracts."),
            ]);
        let b = SentenceTerms::new(vec![
                terms("A full inquiry into ferry contracts was promised by Mayor Ilsa Varn."),
                terms("Inspectors found cracks, so the harbour authority closed the northern pier Friday."),
                terms("Weather on the coast stays mild."),
            ]);
        let pairs = align(&a, &b, AlignParams::default());
        let idx: Vec<_> = pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(idx, vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn unrelated_sentences_do_not_align() {
        let a = SentenceTerms::new(vec![terms("The council approved the new budget for city schools.")]);
        let b = SentenceTerms::new(vec![terms("Heavy snow closed the mountain pass for two days.")]);
        assert!(align(&a, &b, AlignParams::default()).is_empty());
    }
}
