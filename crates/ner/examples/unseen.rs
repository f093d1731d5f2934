//! `cargo run --release -p chorus-ner --example unseen -- MODEL[+LSTM] [TRAIN] [DEV]`: dev scores split by
//! whether an entity's text was annotated anywhere in the training file ("seen") or not ("unseen").
//! A gold entity counts in the part its text falls in, a predicted one likewise; a later test
//! set has more unseen names than dev, so the unseen part is the better guide to it.
use std::collections::HashSet;
use std::path::Path;

use chorus_ner::conll::{self, Score};
use chorus_ner::{tags_to_spans, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = match a[0].split_once('+') {
        Some((m, l)) => NerModel::load(m)
            .expect("model")
            .with_lstm(std::sync::Arc::new(chorus_ner::Lstm::load(l).expect("lstm"))),
        None => NerModel::load(&a[0]).expect("model"),
    };
    let train = conll::read(Path::new(a.get(1).map_or("../shared/data/conll2003/train.txt", String::as_str))).expect("train");
    let dev = conll::read(Path::new(a.get(2).map_or("../shared/data/conll2003/testa.txt", String::as_str))).expect("dev");
    let text = |toks: &[String], s: usize, e: usize| toks[s..e].join(" ").to_lowercase();
    let seen: HashSet<String> = train.iter().flat_map(|s| s.spans.iter().map(|&(a, b, _)| text(&s.tokens, a, b))).collect();
    let toks: Vec<Vec<&str>> = dev.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let (mut sc_seen, mut sc_unseen) = (Score::default(), Score::default());
    let mut si = 0;
    for d in conll::documents(&toks) {
        let refs: Vec<&[&str]> = toks[d].iter().map(Vec::as_slice).collect();
        for tags in m.tag_document(&refs) {
            let s = &dev[si];
            si += 1;
            let pred = tags_to_spans(&tags);
            let split = |v: &[(usize, usize, chorus_ner::EntityKind)], want: bool| -> Vec<_> {
                v.iter().copied().filter(|&(a, b, _)| seen.contains(&text(&s.tokens, a, b)) == want).collect()
            };
            sc_seen.add(&split(&s.spans, true), &split(&pred, true));
            sc_unseen.add(&split(&s.spans, false), &split(&pred, false));
        }
    }
    for (name, sc) in [("seen", &sc_seen), ("unseen", &sc_unseen)] {
        let (p, r, f) = sc.overall();
        let gold: usize = sc.gold.iter().sum();
        println!("{name:7} gold {gold:5}  P {p:.4}  R {r:.4}  F1 {f:.4}");
    }
}
