//! `cargo run --release -p chorus-ner --example probe_s1 -- MODEL TEXT…`: entities of each
//! TEXT from stage 1 alone and from the full model.
use chorus_ner::NerModel;

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let m = NerModel::load(&a[0]).expect("model");
    let s1 = m.first_stage();
    for t in &a[1..] {
        for (name, mm) in [("stage1", &s1), ("full", &m)] {
            let e: Vec<(String, &str)> = mm.entities(t).iter().map(|e| (t[e.start..e.end].to_string(), e.kind.as_str())).collect();
            println!("{name}: {t:?} -> {e:?}");
        }
    }
}
