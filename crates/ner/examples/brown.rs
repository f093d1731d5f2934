//! Dev experiment: `cargo run --release -p chorus-ner --example brown -- DIR [OUT|-] [SEED] [MODE]`
//! trains with the external resources of DIR (`scripts/ner-resources`) and prints the dev report.
//! MODE: `both` (default), `brown`, `lists`.
use std::path::Path;
use std::sync::Arc;

use chorus_ner::train::{report, train_with, TrainOptions};

fn main() {
    let dir = std::env::args().nth(1).expect("resource dir");
    let out = std::env::args().nth(2).filter(|o| o != "-");
    let seed = std::env::args().nth(3).map_or(1, |s| s.parse().expect("seed"));
    let mode = std::env::args().nth(4).unwrap_or_else(|| "both".into());
    let (clu, lists) = chorus_ner::resources::load(Path::new(&dir)).expect("resources");
    eprintln!("{} cluster words, {} list names", clu.len(), lists.len());
    let opts = TrainOptions {
        seed,
        bits: std::env::var("NER_BITS").map_or(20, |b| b.parse().expect("bits")),
        clusters: (mode != "lists").then(|| Arc::new(clu)),
        lists: (mode != "brown").then(|| Arc::new(lists)),
        ..TrainOptions::default()
    };
    let d = Path::new("../shared/data/conll2003");
    let (m, rep) = train_with(&d.join("train.txt"), &d.join("testa.txt"), &opts).expect("training");
    println!("{}", report(&rep.dev));
    if let Some(o) = out {
        m.save(o).expect("save");
    }
}
