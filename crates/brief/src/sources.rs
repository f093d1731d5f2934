//! Independent sources: documents linked by a duplicate or rewrite
//! relation (directly or through others) count as one witness. Two
//! articles of one outlet stay separate groups here (an outlet's outcome
//! report is not a copy of the wire story it rewrote earlier), but a claim
//! counts each outlet once (see the brief writer).

use chorus_model::{Document, Relation};
use rustc_hash::FxHashMap;

/// Union-find over document indices.
struct Dsu(Vec<usize>);

impl Dsu {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let next = self.0[y];
            self.0[y] = r;
            y = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// The independent-source group of every document (indices into `docs`,
/// groups numbered from 0 in order of their first document).
pub fn independent_groups(docs: &[Document], relations: &[Relation]) -> Vec<usize> {
    let index: FxHashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let mut dsu = Dsu((0..docs.len()).collect());
    for r in relations {
        if let (Some(&a), Some(&b)) = (index.get(r.a.as_str()), index.get(r.b.as_str())) {
            dsu.union(a, b);
        }
    }
    let mut numbering: FxHashMap<usize, usize> = FxHashMap::default();
    (0..docs.len())
        .map(|i| {
            let root = dsu.find(i);
            let next = numbering.len();
            *numbering.entry(root).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chorus_model::RelationKind;

    fn d(id: &str, source: Option<&str>) -> Document {
        Document { source: source.map(Into::into), ..Document::plain(id, "") }
    }

    #[test]
    fn rewrites_collapse_transitively() {
        let docs = [d("a", Some("Wire")), d("b", Some("Ledger")), d("c", Some("Post")), d("e", None), d("f", None)];
        let rel = [
            Relation { a: "a".into(), b: "b".into(), kind: RelationKind::Rewrite, score: 0.8, evidence: vec![] },
            Relation { a: "c".into(), b: "b".into(), kind: RelationKind::Exact, score: 1.0, evidence: vec![] },
        ];
        assert_eq!(independent_groups(&docs, &rel), vec![0, 0, 0, 1, 2]);
    }
}
