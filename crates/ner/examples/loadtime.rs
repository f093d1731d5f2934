//! `cargo run --release -p chorus-ner --example loadtime -- MODEL [LSTM]`: time to read and decode
//! a model (and an LSTM file).
fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let m = chorus_ner::NerModel::load(&a[0]).expect("model");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        print!("{ms:.0} ms (two stages: {})", m.is_two_stage());
        if let Some(l) = a.get(1) {
            let t = std::time::Instant::now();
            chorus_ner::Lstm::load(l).expect("lstm");
            print!("; LSTM {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
        }
        println!();
    }
}
