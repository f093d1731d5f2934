//! `cargo run --release -p chorus-ner --example truecase_lines -- MODEL CONLL`: lines of a CoNLL
//! file that the model would recase before tagging, with their recased form (an all-capitals
//! headline only when it is a document of its own, marked `[alone]`).
use chorus_ner::{conll, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = NerModel::load(&a[0]).expect("model");
    let sents = conll::read(std::path::Path::new(&a[1])).expect("conll");
    let toks: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let mut alone = vec![false; sents.len()];
    for d in conll::documents(&toks) {
        if d.len() == 1 {
            alone[d.start] = true;
        }
    }
    let mut n = 0;
    for (i, t) in toks.iter().enumerate() {
        let caps = if alone[i] { m.external_lists().truecase_capitals(t) } else { None };
        let mark = if caps.is_some() { " [alone]" } else { "" };
        if let Some(rc) = m.external_lists().truecase(t).or(caps) {
            n += 1;
            println!("{}{mark}\n  -> {}", t.join(" "), rc.join(" "));
        }
    }
    eprintln!("{n} of {} lines recased", sents.len());
}
