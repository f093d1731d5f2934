//! Dev experiment: `cargo run --release -p chorus-ner --example twostage -- [OUT|-] [SEED]` trains with
//! the default options (verbose), prints the dev report and, with OUT, saves the model.
use std::path::Path;

use chorus_ner::train::{report, train_with, TrainOptions};

fn main() {
    let out = std::env::args().nth(1).filter(|o| o != "-");
    let seed = std::env::args().nth(2).map_or(1, |s| s.parse().expect("seed"));
    let opts = TrainOptions { seed, ..TrainOptions::default() };
    let d = Path::new("../shared/data/conll2003");
    let (m, rep) = train_with(&d.join("train.txt"), &d.join("testa.txt"), &opts).expect("training");
    println!("{}", report(&rep.dev));
    if let Some(o) = out {
        m.save(o).expect("save");
    }
}
