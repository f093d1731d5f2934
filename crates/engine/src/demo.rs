//! The built-in demo corpus: fictional articles written for chorus (see
//! `demo/README.md`), compiled into the binary so `chorus demo` needs no
//! files.

use chorus_model::RawInput;

const DEMO: &str = include_str!("../demo/demo.jsonl");

/// The demo articles as inputs.
pub fn inputs() -> Vec<RawInput> {
    let mut out = Vec::new();
    crate::read::parse_jsonl_str(DEMO, "demo.jsonl", &Default::default(), &mut |r| {
        if let Ok(raw) = r {
            out.push(raw)
        }
    });
    out
}
