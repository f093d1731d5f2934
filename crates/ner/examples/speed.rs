//! `cargo run --release -p chorus-ner --example speed -- MODEL [ROUNDS]`: tokens/s of tagging
//! the dev split (testa) ROUNDS times on one core (first, best and median round printed).
use chorus_ner::{conll, train, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = NerModel::load(&a[0]).expect("model");
    let rounds: usize = a.get(1).map_or(5, |r| r.parse().expect("rounds"));
    let sents = conll::read(std::path::Path::new("../shared/data/conll2003/testa.txt")).expect("testa");
    let mut tps: Vec<f64> = (0..rounds.max(1)).map(|_| train::evaluate(&m, &sents).1).collect();
    let first = tps[0];
    tps.sort_by(f64::total_cmp);
    println!("first {first:.0} tokens/s, best {:.0}, median {:.0}", tps[tps.len() - 1], tps[tps.len() / 2]);
}
