//! `chorus eval timex` end to end on a small hand-made TimeML JSONL file.

use std::process::Command;

fn chorus() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chorus"))
}

/// Character offsets of `needle` in `text`.
fn span(text: &str, needle: &str) -> (usize, usize) {
    let b = text.find(needle).expect("needle in text");
    let s = text[..b].chars().count();
    (s, s + needle.chars().count())
}

fn record(doc: &str, dct: &str, text: &str, gold: &[(&str, &str, &str)]) -> String {
    let timex: Vec<serde_json::Value> = gold
        .iter()
        .map(|(needle, kind, value)| {
            let (s, e) = span(text, needle);
            serde_json::json!({"start": s, "end": e, "text": needle, "type": kind, "value": value, "attrs": {}})
        })
        .collect();
    serde_json::json!({"doc": doc, "dct": dct, "text": text, "timex": timex}).to_string()
}

fn fixture(dir: &std::path::Path) -> std::path::PathBuf {
    let a = "Café owners in Lyon said Friday that rents rose 8% last year. \
             The new lease rules take effect on July 1.";
    let b = "The ferry line, which sails daily, was closed for two hours on Tuesday morning. \
             Repairs began yesterday.";
    let lines = [
        record("doc-a", "2026-03-11", a, &[("Friday", "DATE", "2026-03-06"), ("last year", "DATE", "2025"), ("July 1", "DATE", "2026-07-01")]),
        record(
            "doc-b",
            "2026-03-11T09:30:00",
            b,
            &[("daily", "SET", "P1D"), ("two hours", "DURATION", "PT2H"), ("Tuesday morning", "DATE", "2026-03-10TMO"), ("yesterday", "DATE", "2026-03-10")],
        ),
    ];
    let path = dir.join("timex.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn eval_timex_prints_scores_and_value_f1_last() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let out = chorus().args(["eval", "timex"]).arg(&path).args(["--split", "all"]).output().unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for measure in ["strict", "relaxed", "type", "value", "throughput"] {
        assert!(stdout.lines().any(|l| l.starts_with(measure)), "no {measure} line in:\n{stdout}");
    }
    let last = stdout.lines().last().unwrap();
    let v = last.strip_prefix("value_f1=").unwrap_or_else(|| panic!("last line {last:?}"));
    assert!(v.len() == 6 && v.starts_with("0.") || v == "1.0000", "format of {last:?}");
    let f: f64 = v.parse().unwrap();
    assert!((0.0..=1.0).contains(&f));
    // the fixture is easy: every expression is found with its value
    assert_eq!(last, "value_f1=1.0000", "{stdout}");
}

#[test]
fn eval_timex_dev_split_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    // sorted ids: doc-a (index 0, dev), doc-b (train)
    let out = chorus().args(["eval", "timex"]).arg(&path).args(["--split", "dev", "--errors"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("split=dev docs=1 gold=3"), "{stdout}");
    assert!(stdout.lines().last().unwrap().starts_with("value_f1="));
    let bad = chorus().args(["eval", "timex"]).arg(&path).args(["--split", "nope"]).output().unwrap();
    assert!(!bad.status.success());
}

#[test]
fn eval_timex_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = chorus().current_dir(dir.path()).args(["eval", "timex"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not found") && err.contains("timex.jsonl"), "{err}");
}
