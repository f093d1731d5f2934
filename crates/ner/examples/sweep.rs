//! Hyperparameter sweep on dev (testa): `cargo run --release -p chorus-ner --example sweep -- BITS FOLDS EPOCHS SEED AUGMENT STAGE2`.
use std::path::Path;

use chorus_ner::train::{train_with, TrainOptions};

fn main() {
    let a: Vec<u64> = std::env::args().skip(1).map(|x| x.parse().expect("number")).collect();
    let get = |i: usize, d: u64| a.get(i).copied().unwrap_or(d);
    let opts = TrainOptions {
        bits: get(0, 20) as u32,
        folds: get(1, 10) as usize,
        epochs: get(2, 15) as usize,
        seed: get(3, 1),
        augment: get(4, 8) as usize,
        verbose: false,
        clusters: None,
        lists: None,
        stage2: get(5, 1) != 0,
        ..TrainOptions::default()
    };
    let d = Path::new("../shared/data/conll2003");
    let (_, rep) = train_with(&d.join("train.txt"), &d.join("testa.txt"), &opts).expect("training");
    println!("{opts:?} best_epoch={} dev_f1={:.4}", rep.best_epoch, rep.dev.overall().2);
}
