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
    // term → claims whose representative has it: chains through one array
    // (`heads` holds the last link of each term), no allocation per term
    let mut heads: FxHashMap<u64, u32> = FxHashMap::default();
    let mut links: Vec<(u32, u32)> = Vec::new();
    let mut votes: Vec<u32> = Vec::new();
    let mut voted: Vec<u32> = Vec::new();
    for &u in order {
        let unit = &units[u];
        for t in &unit.terms {
            let mut link = heads.get(t).copied().unwrap_or(NONE);
            while link != NONE {
                let (c, next) = links[link as usize];
                if votes[c as usize] == 0 {
                    voted.push(c);
                }
                votes[c as usize] += 1;
                link = next;
            }
        }
        let mut best: Option<(u32, f32)> = None;
        for c in voted.drain(..) {
            let n = std::mem::take(&mut votes[c as usize]);
            if n < 3 {
                continue;
            }
            let claim = &claims[c as usize];
            // a document states a claim once: its other sentences are new claims
            if claim.members.iter().any(|(m, _)| units[*m].doc == unit.doc) {
                continue;
            }
            let (s, _) = similarity(&unit.terms, &units[claim.rep()].terms);
            if s >= SAME_CLAIM && best.is_none_or(|(bc, bs)| s > bs || (s == bs && c < bc)) {
                best = Some((c, s));
            }
        }
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
                    let prev = heads.insert(*t, links.len() as u32).unwrap_or(NONE);
                    links.push((id, prev));
                }
                claims.push(Claim { members: vec![(u, 1.0)], sources: vec![g] });
                votes.push(0);
            }
        }
    }
    claims
}

const NONE: u32 = u32::MAX;

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
