//! Coreference scores of a response clustering against a key clustering:
//! MUC (Vilain et al. 1995), B³ (Bagga & Baldwin 1998), entity-based CEAF
//! with the φ4 similarity (Luo 2005), and their average, the CoNLL F1
//! (Pradhan et al. 2011/2014).
//!
//! Clusterings are lists of clusters of mention ids (`u32`); a mention in
//! no cluster of one side counts as a singleton of that side for MUC's
//! partitions and is simply absent for B³ and CEAF (the reference scorer's
//! conventions). A mention must not be in two clusters of one side.

use rustc_hash::{FxHashMap, FxHashSet};

/// Precision, recall and F1 of one metric.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// From numerators and denominators (0/0 reads as 0).
    pub fn from_parts(p_num: f64, p_den: f64, r_num: f64, r_den: f64) -> Prf {
        let precision = if p_den > 0.0 { p_num / p_den } else { 0.0 };
        let recall = if r_den > 0.0 { r_num / r_den } else { 0.0 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}

/// All scores of one response.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CorefScores {
    pub muc: Prf,
    pub b3: Prf,
    pub ceafe: Prf,
    /// Mean of the MUC, B³ and CEAF-e F1: the CoNLL F1.
    pub conll_f1: f64,
    /// Mentions and clusters on each side (after any singleton removal).
    pub key_mentions: usize,
    pub key_clusters: usize,
    pub response_mentions: usize,
    pub response_clusters: usize,
}

/// Clusters without duplicates of a mention and without empty clusters.
fn normalized(c: &[Vec<u32>]) -> Vec<Vec<u32>> {
    c.iter()
        .map(|cl| {
            let mut v = cl.clone();
            v.sort_unstable();
            v.dedup();
            v
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// The clusters with at least two mentions.
pub fn without_singletons(c: &[Vec<u32>]) -> Vec<Vec<u32>> {
    normalized(c).into_iter().filter(|v| v.len() > 1).collect()
}

fn index(c: &[Vec<u32>]) -> FxHashMap<u32, usize> {
    let mut m = FxHashMap::default();
    for (i, cl) in c.iter().enumerate() {
        for &x in cl {
            m.insert(x, i);
        }
    }
    m
}

/// MUC numerator and denominator of `a` measured against partition `b`:
/// Σ (|a_i| − |parts of a_i in b|) and Σ (|a_i| − 1). A mention of `a_i`
/// not in `b` is a part of its own.
fn muc_side(a: &[Vec<u32>], b_index: &FxHashMap<u32, usize>) -> (f64, f64) {
    let (mut num, mut den) = (0.0, 0.0);
    for cl in a {
        let mut parts: FxHashSet<usize> = FxHashSet::default();
        let mut loose = 0usize;
        for x in cl {
            match b_index.get(x) {
                Some(&j) => {
                    parts.insert(j);
                }
                None => loose += 1,
            }
        }
        num += (cl.len() - parts.len() - loose) as f64;
        den += (cl.len() - 1) as f64;
    }
    (num, den)
}

/// MUC: link-based precision and recall.
pub fn muc(key: &[Vec<u32>], response: &[Vec<u32>]) -> Prf {
    let (key, response) = (normalized(key), normalized(response));
    let (r_num, r_den) = muc_side(&key, &index(&response));
    let (p_num, p_den) = muc_side(&response, &index(&key));
    Prf::from_parts(p_num, p_den, r_num, r_den)
}

/// Σ over clusters `a_i` of Σ_j |a_i ∩ b_j|² / |a_i|, and Σ |a_i|.
fn b3_side(a: &[Vec<u32>], b_index: &FxHashMap<u32, usize>) -> (f64, f64) {
    let (mut num, mut den) = (0.0, 0.0);
    for cl in a {
        let mut overlap: FxHashMap<usize, usize> = FxHashMap::default();
        for x in cl {
            if let Some(&j) = b_index.get(x) {
                *overlap.entry(j).or_default() += 1;
            }
        }
        let n = cl.len() as f64;
        num += overlap.values().map(|&c| (c * c) as f64).sum::<f64>() / n;
        den += n;
    }
    (num, den)
}

/// B³: mention-based precision and recall.
pub fn b_cubed(key: &[Vec<u32>], response: &[Vec<u32>]) -> Prf {
    let (key, response) = (normalized(key), normalized(response));
    let (r_num, r_den) = b3_side(&key, &index(&response));
    let (p_num, p_den) = b3_side(&response, &index(&key));
    Prf::from_parts(p_num, p_den, r_num, r_den)
}

/// CEAF-e: the best one-to-one alignment of key and response clusters
/// under φ4(k, r) = 2|k ∩ r| / (|k| + |r|); recall = Φ / |key clusters|,
/// precision = Φ / |response clusters|. Clusters that share no mention
/// add nothing, so the alignment is solved per connected component of
/// the overlap graph (small matrices even for thousands of clusters).
pub fn ceaf_e(key: &[Vec<u32>], response: &[Vec<u32>]) -> Prf {
    let (key, response) = (normalized(key), normalized(response));
    let r_index = index(&response);
    // overlaps (key i, response j) → |k_i ∩ r_j|
    let mut overlap: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    for (i, cl) in key.iter().enumerate() {
        for x in cl {
            if let Some(&j) = r_index.get(x) {
                *overlap.entry((i, j)).or_default() += 1;
            }
        }
    }
    // connected components over key nodes 0..K and response nodes K..K+R
    let nk = key.len();
    let mut uf = UnionFind::new(nk + response.len());
    for &(i, j) in overlap.keys() {
        uf.union(i, nk + j);
    }
    let mut comps: FxHashMap<usize, (Vec<usize>, Vec<usize>)> = FxHashMap::default();
    for i in 0..nk {
        comps.entry(uf.find(i)).or_default().0.push(i);
    }
    for j in 0..response.len() {
        comps.entry(uf.find(nk + j)).or_default().1.push(j);
    }
    let mut total = 0.0;
    for (ks, rs) in comps.values() {
        if ks.is_empty() || rs.is_empty() {
            continue;
        }
        let w: Vec<Vec<f64>> = ks
            .iter()
            .map(|&i| {
                rs.iter()
                    .map(|&j| {
                        let o = overlap.get(&(i, j)).copied().unwrap_or(0) as f64;
                        2.0 * o / (key[i].len() + response[j].len()) as f64
                    })
                    .collect()
            })
            .collect();
        total += max_weight_assignment(&w);
    }
    Prf::from_parts(total, response.len() as f64, total, key.len() as f64)
}

/// All three metrics and their average. With `singletons` false, clusters
/// of one mention are removed from both sides first.
pub fn score(key: &[Vec<u32>], response: &[Vec<u32>], singletons: bool) -> CorefScores {
    let (key, response) =
        if singletons { (normalized(key), normalized(response)) } else { (without_singletons(key), without_singletons(response)) };
    let muc = muc(&key, &response);
    let b3 = b_cubed(&key, &response);
    let ceafe = ceaf_e(&key, &response);
    CorefScores {
        muc,
        b3,
        ceafe,
        conll_f1: (muc.f1 + b3.f1 + ceafe.f1) / 3.0,
        key_mentions: key.iter().map(Vec::len).sum(),
        key_clusters: key.len(),
        response_mentions: response.iter().map(Vec::len).sum(),
        response_clusters: response.len(),
    }
}

/// Union-find over `0..n` with path halving and union by size.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind { parent: (0..n).collect(), size: vec![1; n] }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; false if they were one already.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
        true
    }
}

/// The largest total weight of a one-to-one assignment of rows to columns
/// of a non-negative rectangular matrix (rows or columns may stay
/// unassigned). Hungarian algorithm with potentials, O(n²m).
pub fn max_weight_assignment(w: &[Vec<f64>]) -> f64 {
    let rows = w.len();
    let cols = w.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return 0.0;
    }
    // Square cost matrix (minimize max − w); padding cells have weight 0.
    let n = rows.max(cols);
    let maxw = w.iter().flatten().copied().fold(0.0f64, f64::max);
    let cost = |i: usize, j: usize| -> f64 {
        let v = if i < rows && j < cols { w[i][j] } else { 0.0 };
        maxw - v
    };
    // 1-based potentials u (rows), v (cols); p[j] = row matched to column j.
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0usize;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut total = 0.0;
    for j in 1..=n {
        let i = p[j];
        if i >= 1 && i <= rows && j <= cols {
            total += w[i - 1][j - 1];
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i} (h, i not in
    /// the key), the worked example of Pradhan et al. (2014), numbers
    /// computed by hand below.
    fn example() -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
        let (a, b, c, d, e, f, g, h, i) = (1, 2, 3, 4, 5, 6, 7, 8, 9);
        (vec![vec![a, b, c], vec![d, e, f, g]], vec![vec![a, b], vec![c, d], vec![f, g, h, i]])
    }

    #[test]
    fn muc_by_hand() {
        let (k, r) = example();
        let s = muc(&k, &r);
        // recall: {a,b,c} → {a,b}{c}: 3−2; {d,e,f,g} → {d}{e}{f,g}: 4−3 → 2/5
        assert!(close(s.recall, 2.0 / 5.0), "{s:?}");
        // precision: {a,b}: 1; {c,d}: 2−2 = 0; {f,g,h,i} → {f,g}{h}{i}: 4−3 → 2/(1+1+3)
        assert!(close(s.precision, 2.0 / 5.0), "{s:?}");
        assert!(close(s.f1, 0.4));
    }

    #[test]
    fn b_cubed_by_hand() {
        let (k, r) = example();
        let s = b_cubed(&k, &r);
        // recall: (2²/3 + 1²/3 + 1²/4 + 2²/4) / 7 = (5/3 + 5/4) / 7
        assert!(close(s.recall, (5.0 / 3.0 + 5.0 / 4.0) / 7.0), "{s:?}");
        // precision: (2²/2 + (1+1)/2 + 2²/4) / 8 = (2 + 1 + 1) / 8
        assert!(close(s.precision, 4.0 / 8.0), "{s:?}");
    }

    #[test]
    fn ceaf_e_by_hand() {
        let (k, r) = example();
        let s = ceaf_e(&k, &r);
        // φ4: k1-r1 = 4/5, k1-r2 = 2/5, k2-r2 = 2/6, k2-r3 = 4/8.
        // best: k1-r1 + k2-r3 = 0.8 + 0.5 = 1.3
        assert!(close(s.recall, 1.3 / 2.0), "{s:?}");
        assert!(close(s.precision, 1.3 / 3.0), "{s:?}");
    }

    #[test]
    fn perfect_and_all_singletons() {
        let key = vec![vec![1, 2, 3], vec![4, 5], vec![6]];
        let s = score(&key, &key, true);
        for m in [s.muc, s.b3, s.ceafe] {
            assert!(close(m.f1, 1.0));
        }
        assert!(close(s.conll_f1, 1.0));
        let singles: Vec<Vec<u32>> = (1..=6).map(|x| vec![x]).collect();
        let s = score(&key, &singles, true);
        assert_eq!(s.muc.recall, 0.0);
        assert_eq!(s.muc.f1, 0.0);
        assert!(close(s.b3.precision, 1.0));
        assert!(close(s.b3.recall, (1.0 + 1.0 + 1.0) / 6.0)); // 3·(1/3) + 2·(1/2) + 1
        // CEAF-e: best one-to-one: k1–{x} 2/4, k2–{y} 2/3, k3–{6} 1
        assert!(close(s.ceafe.recall, (0.5 + 2.0 / 3.0 + 1.0) / 3.0));
        assert!(close(s.ceafe.precision, (0.5 + 2.0 / 3.0 + 1.0) / 6.0));
    }

    #[test]
    fn singletons_removed_from_both_sides() {
        let key = vec![vec![1, 2], vec![3], vec![4]];
        let resp = vec![vec![1, 2], vec![3, 4]];
        let s = score(&key, &resp, false);
        assert_eq!(s.key_mentions, 2);
        assert_eq!(s.response_clusters, 2);
        assert!(close(s.muc.recall, 1.0));
        assert!(close(s.muc.precision, 0.5));
        assert!(close(s.b3.recall, 1.0));
        assert!(close(s.b3.precision, 0.5)); // {1,2}: 2/2 ·… = 2, {3,4}: 0 → 2/4
    }

    #[test]
    fn assignment_is_optimal() {
        // greedy would take 0.9 and then 0.1; optimum 0.8 + 0.8
        let w = vec![vec![0.9, 0.8], vec![0.8, 0.1]];
        assert!(close(max_weight_assignment(&w), 1.6));
        let w = vec![vec![0.5, 0.2, 0.7]];
        assert!(close(max_weight_assignment(&w), 0.7));
        let w = vec![vec![0.3], vec![0.6], vec![0.1]];
        assert!(close(max_weight_assignment(&w), 0.6));
        assert_eq!(max_weight_assignment(&[]), 0.0);
    }
}
