//! `cargo run --release -p chorus-ner --example errors -- MODEL CONLL`: the model's entity errors on a
//! CoNLL file (use the dev split), as `gold -> predicted` lines with counts per error kind.
use std::collections::BTreeMap;

use chorus_ner::{conll, tags_to_spans, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = NerModel::load(&a[0]).expect("model");
    let sents = conll::read(std::path::Path::new(&a[1])).expect("conll");
    let toks: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut si = 0;
    for d in conll::documents(&toks) {
        let refs: Vec<&[&str]> = toks[d].iter().map(Vec::as_slice).collect();
        for tags in m.tag_document(&refs) {
            let s = &sents[si];
            si += 1;
            let pred = tags_to_spans(&tags);
            let name = |x: &(usize, usize, chorus_ner::EntityKind)| s.tokens[x.0..x.1].join(" ");
            for g in &s.spans {
                if !pred.contains(g) {
                    let p = pred.iter().find(|p| p.0 < g.1 && g.0 < p.1);
                    let k = match p {
                        Some(p) if (p.0, p.1) == (g.0, g.1) => format!("{}->{}", g.2.as_str(), p.2.as_str()),
                        Some(_) => format!("{}->boundary", g.2.as_str()),
                        None => format!("{}->missed", g.2.as_str()),
                    };
                    println!("{k}\t{}\t| {}", name(g), s.tokens.join(" "));
                    *kinds.entry(k).or_default() += 1;
                }
            }
            for p in &pred {
                if !s.spans.iter().any(|g| g.0 < p.1 && p.0 < g.1) {
                    let k = format!("spurious->{}", p.2.as_str());
                    println!("{k}\t{}\t| {}", name(p), s.tokens.join(" "));
                    *kinds.entry(k).or_default() += 1;
                }
            }
        }
    }
    for (k, n) in kinds {
        eprintln!("{n:5} {k}");
    }
}
