//! `cargo run --release -p chorus-ner --example truecase_lines -- MODEL CONLL`: lines of a CoNLL
//! file that the model would recase before tagging, with their recased form.
use chorus_ner::{conll, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = NerModel::load(&a[0]).expect("model");
    let sents = conll::read(std::path::Path::new(&a[1])).expect("conll");
    let mut n = 0;
    for s in &sents {
        let t: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        if let Some(rc) = m.external_lists().truecase(&t) {
            n += 1;
            println!("{}\n  -> {}", t.join(" "), rc.join(" "));
        }
    }
    eprintln!("{n} of {} lines recased", sents.len());
}
