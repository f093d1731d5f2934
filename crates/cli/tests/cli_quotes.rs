//! `chorus eval quotes` on a small hand-written PolNeAR-style fixture.

use std::path::Path;
use std::process::Command;

/// A character-offset span of the first occurrence of `needle` in `text`.
fn span(text: &str, needle: &str) -> serde_json::Value {
    let b = text.find(needle).expect("needle in text");
    let start = text[..b].chars().count();
    let end = start + needle.chars().count();
    serde_json::json!([{ "start": start, "end": end, "text": needle }])
}

fn record(doc: &str, split: &str, text: &str, atts: &[(&str, &str, &str)]) -> String {
    let attributions: Vec<serde_json::Value> = atts
        .iter()
        .enumerate()
        .map(|(i, (src, cue, content))| {
            serde_json::json!({
                "id": format!("E{}", i + 1),
                "type": if src.is_empty() { "Attribution-no-source" } else { "Attribution" },
                "source": if src.is_empty() { serde_json::json!([]) } else { span(text, src) },
                "cue": span(text, cue),
                "content": span(text, content),
            })
        })
        .collect();
    serde_json::json!({
        "doc": doc, "annotator": "x", "primary": true, "split": split, "text": text,
        "attributions": attributions, "other_spans": []
    })
    .to_string()
}

fn write_fixture(dir: &Path) -> std::path::PathBuf {
    // Invented sentences; non-ASCII text before the spans checks the
    // character-to-byte conversion.
    let t1 = "Ciudad Pérez, Lunes. \u{201c}We will rebuild the bridge by spring,\u{201d} Mayor Ana L\u{f3}pez said. \
              The council member Tom Reyes told reporters that the budget was short.";
    let t2 = "Pay rise for nurses.\n\nThe union says the offer is too low, according to its chair, Lina Osei.";
    let lines = [
        record(
            "d1",
            "dev",
            t1,
            &[
                ("Mayor Ana L\u{f3}pez", "said", "\u{201c}We will rebuild the bridge by spring,\u{201d}"),
                ("The council member Tom Reyes", "told", "that the budget was short"),
            ],
        ),
        record(
            "d2",
            "dev",
            t2,
            &[
                ("The union", "says", "the offer is too low"),
                // nested: the chair is the source of the union's claim
                ("its chair, Lina Osei", "according to", "The union says the offer is too low"),
            ],
        ),
        // a train record that --split dev must skip
        record("d3", "train", "\u{201c}No,\u{201d} she said.", &[("she", "said", "\u{201c}No,\u{201d}")]),
    ];
    let path = dir.join("attributions.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn eval_quotes_prints_end_to_end_source_f1_last() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_fixture(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["eval", "quotes"])
        .arg(&path)
        .args(["--split", "dev"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr));
    let (paired, e2e) = last_two(&stdout);
    // the four dev attributions are plain enough to be found with their speakers
    assert_eq!(e2e, 1.0, "{stdout}");
    assert_eq!(paired, 1.0, "{stdout}");
    assert!(stdout.contains("documents: 2"), "{stdout}");
    assert!(stdout.contains("MB/s"), "{stdout}");
}

/// (`paired_source_f1`, `source_f1`) from the last two lines, each with four decimals.
fn last_two(stdout: &str) -> (f64, f64) {
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 2, "{stdout}");
    let get = |line: &str, key: &str| -> f64 {
        let value = line.strip_prefix(key).unwrap_or_else(|| panic!("expected {key}… got {line:?}"));
        assert_eq!(value.len(), 6, "four decimals: {line}");
        let f: f64 = value.parse().unwrap();
        assert!((0.0..=1.0).contains(&f));
        f
    };
    (get(lines[lines.len() - 2], "paired_source_f1="), get(lines[lines.len() - 1], "source_f1="))
}

#[test]
fn eval_quotes_last_line_counts_missed_attributions() {
    // One attribution the extractor finds and one it cannot ("per" is no cue):
    // the paired F1 stays 1, the end-to-end F1 (last line) is 2/3.
    let dir = tempfile::tempdir().unwrap();
    let text = "Kim Alder said the ferry would run again. The schedule, per the harbour memo, is final.";
    let line = record(
        "d1",
        "dev",
        text,
        &[("Kim Alder", "said", "the ferry would run again"), ("the harbour memo", "per", "The schedule")],
    );
    let path = dir.path().join("attributions.jsonl");
    std::fs::write(&path, line + "\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chorus")).args(["eval", "quotes"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr));
    let (paired, e2e) = last_two(&stdout);
    assert_eq!(paired, 1.0, "{stdout}");
    assert_eq!(e2e, 0.6667, "{stdout}");
}

#[test]
fn eval_quotes_reports_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["eval", "quotes"])
        .arg(dir.path().join("nope.jsonl"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not found"), "{stderr}");
}

#[test]
fn eval_quotes_rejects_an_unknown_split() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_fixture(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_chorus")).args(["eval", "quotes"]).arg(&path).args(["--split", "test"]).output().unwrap();
    assert!(!out.status.success());
}
