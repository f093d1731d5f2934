//! `cargo run --release -p chorus-ner --example loadtime -- MODEL`: time to read and decode a model.
fn main() {
    let p = std::env::args().nth(1).expect("model");
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let m = chorus_ner::NerModel::load(&p).expect("model");
        println!("{:.0} ms (two stages: {})", t.elapsed().as_secs_f64() * 1e3, m.is_two_stage());
    }
}
