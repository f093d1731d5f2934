//! Debug: `cargo run --release -p chorus-ner --example clusters_dump -- FILE WORD...` prints the nearest words
//! (FILE: one sentence a line, tokens separated by single spaces).
use chorus_ner::clusters::{vectors, ClusterOptions};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(&a[0]).expect("file");
    let sents: Vec<Vec<String>> = text.lines().map(|l| l.split(' ').map(String::from).collect()).collect();
    let o = ClusterOptions::default();
    let (words, v) = vectors(&sents, &o);
    let d = o.dim;
    for w in &a[1..] {
        let Some(i) = words.iter().position(|x| x == w) else { continue };
        let mut s: Vec<(f32, &str)> = (0..words.len())
            .map(|j| (v[i * d..i * d + d].iter().zip(&v[j * d..j * d + d]).map(|(x, y)| x * y).sum(), words[j]))
            .collect();
        s.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
        println!("{w}: {:?}", s[..12].iter().map(|x| x.1).collect::<Vec<_>>());
    }
}
