//! B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

use rustc_hash::FxHashMap;

/// Scores of a clustering against gold labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BCubed {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Items scored (present in both).
    pub items: usize,
}

/// B-cubed over the items present in both `predicted` and `gold`
/// (item → cluster label).
pub fn bcubed(predicted: &FxHashMap<String, String>, gold: &FxHashMap<String, String>) -> BCubed {
    let items: Vec<&String> = predicted.keys().filter(|k| gold.contains_key(*k)).collect();
    let mut pair: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    let mut pc: FxHashMap<&str, usize> = FxHashMap::default();
    let mut gc: FxHashMap<&str, usize> = FxHashMap::default();
    for it in &items {
        let p = predicted[*it].as_str();
        let g = gold[*it].as_str();
        *pair.entry((p, g)).or_default() += 1;
        *pc.entry(p).or_default() += 1;
        *gc.entry(g).or_default() += 1;
    }
    let (mut prec, mut rec) = (0.0, 0.0);
    for it in &items {
        let p = predicted[*it].as_str();
        let g = gold[*it].as_str();
        let both = pair[&(p, g)] as f64;
        prec += both / pc[p] as f64;
        rec += both / gc[g] as f64;
    }
    let n = items.len().max(1) as f64;
    let (precision, recall) = (prec / n, rec / n);
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    BCubed { precision, recall, f1, items: items.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pairs: &[(&str, &str)]) -> FxHashMap<String, String> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn perfect_and_split() {
        let gold = m(&[("a", "1"), ("b", "1"), ("c", "2")]);
        assert_eq!(bcubed(&gold, &gold).f1, 1.0);
        let split = m(&[("a", "x"), ("b", "y"), ("c", "z")]);
        let s = bcubed(&split, &gold);
        assert_eq!(s.precision, 1.0);
        assert!((s.recall - (0.5 + 0.5 + 1.0) / 3.0).abs() < 1e-9);
    }
}
