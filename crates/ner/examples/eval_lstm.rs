//! `cargo run --release -p chorus-ner --example eval_lstm -- MODEL LSTM CONLL [WEIGHT…]`: scores
//! and speed of the perceptron alone and with the LSTM added (at its own weight, or at each
//! WEIGHT given).
use std::sync::Arc;

use chorus_ner::{conll, train, Lstm, NerModel};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = NerModel::load(&a[0]).expect("model");
    let l = Lstm::load(&a[1]).expect("lstm");
    let sents = conll::read(std::path::Path::new(&a[2])).expect("conll");
    let (s0, v0) = train::evaluate(&m, &sents);
    println!("perceptron {:.4} {:.0} tok/s", s0.overall().2, v0);
    let weights: Vec<f32> = if a.len() > 3 { a[3..].iter().map(|w| w.parse().expect("weight")).collect() } else { vec![l.weight()] };
    for w in weights {
        let both = m.clone().with_lstm(Arc::new(l.clone().with_weight(w)));
        let (s1, v1) = train::evaluate(&both, &sents);
        println!("weight {w}: {:.4} {:.0} tok/s", s1.overall().2, v1);
        if a.len() <= 4 {
            print!("{}", train::report(&s1));
        }
    }
}
