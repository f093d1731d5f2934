//! `cargo run --release -p chorus-ner --example tags -- MODEL CONLL`: the model's tag for every
//! token of a CoNLL file (document by document, as `chorus eval ner` tags it), one per line; the
//! file's labels are not read. Diff two runs to see whether a code change alters any tag.
use chorus_ner::{conll, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = NerModel::load(&a[0]).expect("model");
    let sents = conll::read(std::path::Path::new(&a[1])).expect("conll");
    let toks: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    let mut out = String::new();
    for d in conll::documents(&toks) {
        let refs: Vec<&[&str]> = toks[d].iter().map(Vec::as_slice).collect();
        for (words, tags) in refs.iter().zip(m.tag_document(&refs)) {
            for (w, t) in words.iter().zip(tags) {
                out.push_str(&format!("{w} {}\n", t.index()));
            }
            out.push('\n');
        }
    }
    print!("{out}");
}
