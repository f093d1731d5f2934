//! `cargo run --release -p chorus-entities --example coref_errors -- DIR [LO-HI]`: the
//! cross-document coreference errors of `ecb::predict` with gold sub-topics (tuning topics
//! 1-22 by default): gold chains split over several predicted clusters (with each piece's
//! mention texts), and predicted clusters that join several gold chains. A dev tool.
use std::path::Path;

use chorus_entities::ecb::{gold_clusters, load, predict};
use rustc_hash::FxHashMap;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let dir = a.first().map_or("../shared/data/ecbplus", String::as_str);
    let (lo, hi) = a.get(1).and_then(|r| r.split_once('-')).map_or((1, 22), |(x, y)| (x.parse().unwrap(), y.parse().unwrap()));
    let corpus = load(Path::new(dir)).expect("ECB+");
    let topic = corpus.topic_of();
    let selected: Vec<u32> = corpus
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.category == "entity" && m.validated && topic.get(m.doc.as_str()).is_some_and(|t| (lo..=hi).contains(t)))
        .map(|(i, _)| i as u32)
        .collect();
    let sub: FxHashMap<&str, u64> = {
        let mut ids: FxHashMap<&str, u64> = FxHashMap::default();
        corpus
            .docs
            .iter()
            .map(|d| {
                let n = ids.len() as u64;
                (d.id.as_str(), *ids.entry(d.subtopic.as_str()).or_insert(n))
            })
            .collect()
    };
    let response = predict(&corpus, &selected, &|d: &str| sub.get(d).copied().unwrap_or(u64::MAX));
    let key = gold_clusters(&corpus.mentions, &selected);
    let mut resp_of: FxHashMap<u32, usize> = FxHashMap::default();
    for (c, ms) in response.iter().enumerate() {
        for &m in ms {
            resp_of.insert(m, c);
        }
    }
    let mut key_of: FxHashMap<u32, usize> = FxHashMap::default();
    for (c, ms) in key.iter().enumerate() {
        for &m in ms {
            key_of.insert(m, c);
        }
    }
    let show = |ms: &[u32]| -> String {
        let mut t: Vec<String> = ms.iter().map(|&m| {
            let x = &corpus.mentions[m as usize];
            format!("{}[{}]", x.text.trim(), x.kind.trim_start_matches("HUMAN_PART_"))
        }).collect();
        t.sort();
        t.dedup();
        t.join(" | ")
    };
    let mut split_cost = 0usize;
    println!("== gold chains split over predicted clusters (missing links)");
    let mut splits: Vec<(usize, String)> = Vec::new();
    for ms in &key {
        let mut pieces: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        for &m in ms {
            pieces.entry(resp_of[&m]).or_default().push(m);
        }
        if pieces.len() > 1 {
            let mut p: Vec<Vec<u32>> = pieces.into_values().collect();
            p.sort_by_key(|v| std::cmp::Reverse(v.len()));
            split_cost += p.len() - 1;
            let line = p.iter().map(|v| format!("{{{}}}x{}", show(v), v.len())).collect::<Vec<_>>().join("  ++  ");
            splits.push((ms.len(), line));
        }
    }
    splits.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (_, l) in &splits {
        println!("{l}");
    }
    println!("== predicted clusters joining gold chains (wrong links)");
    let mut join_cost = 0usize;
    for ms in &response {
        let mut pieces: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
        for &m in ms {
            pieces.entry(key_of[&m]).or_default().push(m);
        }
        if pieces.len() > 1 {
            join_cost += pieces.len() - 1;
            let p: Vec<String> = pieces.into_values().map(|v| format!("{{{}}}x{}", show(&v), v.len())).collect();
            println!("{}", p.join("  &&  "));
        }
    }
    println!("missing links (MUC recall loss) {split_cost}, wrong links (MUC precision loss) {join_cost}");
}
