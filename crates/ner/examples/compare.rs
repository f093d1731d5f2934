//! `cargo run --release -p chorus-ner --example compare -- MODEL_A MODEL_B CONLL`: number of tokens
//! whose tags differ between two models on a CoNLL file (no score is computed).
use chorus_ner::{conll, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let (ma, mb) = (NerModel::load(&a[0]).expect("model a"), NerModel::load(&a[1]).expect("model b"));
    let sents = conll::read(std::path::Path::new(&a[2])).expect("conll");
    let toks: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let (mut diff, mut total) = (0usize, 0usize);
    for d in conll::documents(&toks) {
        let refs: Vec<&[&str]> = toks[d].iter().map(Vec::as_slice).collect();
        for (x, y) in ma.tag_document(&refs).iter().zip(mb.tag_document(&refs)) {
            total += x.len();
            diff += x.iter().zip(&y).filter(|(p, q)| p != q).count();
        }
    }
    println!("{diff} of {total} tokens tagged differently");
}
