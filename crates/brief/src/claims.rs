//! Claims: sentences of different documents that say the same thing,
//! grouped so that a brief states each once and counts its sources.

use chorus_corpus::align::similarity;
use chorus_model::BlockKind;
use rustc_hash::FxHashMap;

/// One sentence of one document of the story.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Index of the document in the story.
    pub doc: usize,
    /// Index of the sentence in the document.
    pub sent: usize,
    /// Position among the document's substantive sentences (0 = lead).
    pub pos: usize,
    /// Sorted content terms.
    pub terms: Vec<u64>,
    pub kind: BlockKind,
}

/// A group of units that make the same statement.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Units (indices into the unit list) with their similarity to the
    /// representative; the representative comes first with score 1.
    pub members: Vec<(usize, f32)>,
    /// Independent-source groups that make the claim (sorted, unique).
    pub sources: Vec<usize>,
}

impl Claim {
    pub fn rep(&self) -> usize {
        self.members[0].0
    }
}

/// Minimum similarity for two sentences to state the same claim.
pub const SAME_CLAIM: f32 = 0.5;

/// Groups `units` into claims. Units are visited in `order`; the first
/// unit of a claim is its representative, so `order` should put original
/// reports before rewrites and early sentences before late ones.
/// `group_of` maps a document to its independent-source group.
pub fn group_claims(units: &[Unit], order: &[usize], group_of: &[usize]) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    let mut votes: FxHashMap<u32, u32> = FxHashMap::default();
    for &u in order {
        let unit = &units[u];
        votes.clear();
        for t in &unit.terms {
            if let Some(list) = index.get(t) {
                for c in list {
                    *votes.entry(*c).or_default() += 1;
                }
            }
        }
        let best = votes
            .iter()
            .filter(|(_, n)| **n >= 3)
            .filter_map(|(c, _)| {
                let claim = &claims[*c as usize];
                // a document states a claim once: its other sentences are new claims
                if claim.members.iter().any(|(m, _)| units[*m].doc == unit.doc) {
                    return None;
                }
                let (s, _) = similarity(&unit.terms, &units[claim.rep()].terms);
                (s >= SAME_CLAIM).then_some((*c, s))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let g = group_of[unit.doc];
        match best {
            Some((c, s)) => {
                let claim = &mut claims[c as usize];
                claim.members.push((u, s));
                if let Err(pos) = claim.sources.binary_search(&g) {
                    claim.sources.insert(pos, g);
                }
            }
            None => {
                let id = claims.len() as u32;
                for t in &unit.terms {
                    index.entry(*t).or_default().push(id);
                }
                claims.push(Claim { members: vec![(u, 1.0)], sources: vec![g] });
            }
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(doc: usize, sent: usize, text: &str) -> Unit {
        let mut terms = Vec::new();
        chorus_text::words::content_terms(text, |h, _| terms.push(h));
        terms.sort_unstable();
        terms.dedup();
        Unit { doc, sent, pos: sent, terms, kind: BlockKind::Paragraph }
    }

    #[test]
    fn same_statement_from_two_sources_is_one_claim() {
        let units = vec![
            unit(0, 0, "The harbour authority closed the northern pier on Friday after cracks were found."),
            unit(0, 1, "Mayor Ilsa Varn ordered an inquiry into the ferry contracts."),
            unit(1, 0, "Cracks were found, and the harbour authority closed the northern pier on Friday."),
            unit(2, 0, "Snow closed the mountain pass."),
        ];
        let claims = group_claims(&units, &[0, 1, 2, 3], &[0, 1, 2]);
        assert_eq!(claims.len(), 3);
        assert_eq!(claims[0].members.iter().map(|m| m.0).collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(claims[0].sources, vec![0, 1]);
    }
}
