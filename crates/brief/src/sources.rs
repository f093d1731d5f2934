//! Independent sources: documents linked by a duplicate or rewrite
//! relation, or published by the same outlet, count as one witness.

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
    let mut by_source: FxHashMap<String, usize> = FxHashMap::default();
    for (i, d) in docs.iter().enumerate() {
        if let Some(s) = d.source.as_deref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()) {
            match by_source.get(&s) {
                Some(&j) => dsu.union(i, j),
                None => {
                    by_source.insert(s, i);
                }
            }
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
        Document {
            id: id.into(),
            ext_id: None,
            source: source.map(Into::into),
            published: None,
            title: None,
            url: None,
            author: None,
            text: String::new(),
            meta: Default::default(),
            segments: Default::default(),
        }
    }

    #[test]
    fn rewrites_and_same_outlet_collapse() {
        let docs = [d("a", Some("Wire")), d("b", Some("Ledger")), d("c", Some("wire ")), d("e", None), d("f", None)];
        let rel = [Relation { a: "a".into(), b: "b".into(), kind: RelationKind::Rewrite, score: 0.8, evidence: vec![] }];
        assert_eq!(independent_groups(&docs, &rel), vec![0, 0, 0, 1, 2]);
    }
}
