//! `chorus eval timex`: score the time-expression tagger on TimeML gold (TempEval-3 Task A).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chorus_facts::timex_eval::{evaluate, select, Record, Split};

/// The default gold file, relative to the current directory.
pub const DEFAULT_FILE: &str = "../shared/data/tempeval3/timex.jsonl";

/// Reads the records, tags each text against its DCT, prints P/R/F1 per measure, the
/// throughput, and last `value_f1=…`. With `errors`, lists every missed, spurious or
/// mismatched expression on stderr.
pub fn run(file: Option<&Path>, split: &str, errors: bool, quiet: bool) -> Result<ExitCode> {
    let path: PathBuf = file.map_or_else(|| PathBuf::from(DEFAULT_FILE), Path::to_path_buf);
    if !path.is_file() {
        bail!(
            "gold file {} not found{}",
            path.display(),
            if file.is_none() { " (pass a TimeML JSONL file: chorus eval timex FILE)" } else { "" }
        );
    }
    let split: Split = split.parse().map_err(anyhow::Error::msg)?;
    let f = std::fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut records = Vec::new();
    for (n, line) in BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(&line).with_context(|| format!("{}:{}: not a timex record", path.display(), n + 1))?;
        records.push(r);
    }
    let records = select(records, split);
    if records.is_empty() {
        bail!("no documents in split {} of {}", split.name(), path.display());
    }
    let report = evaluate(&records, 1.0);
    if errors && !quiet {
        print_errors(&records, &report.details);
    }
    let c = report.counts;
    let mut out = std::io::stdout().lock();
    writeln!(out, "file={} split={} docs={} gold={} system={}", path.display(), split.name(), report.docs, c.gold, c.system)?;
    for (name, prf) in [("strict", c.strict()), ("relaxed", c.relaxed()), ("type", c.kind()), ("value", c.value())] {
        writeln!(out, "{name:<8} P={:.4} R={:.4} F1={:.4}", prf.p, prf.r, prf.f1)?;
    }
    let rel = c.relaxed().f1;
    if rel > 0.0 {
        writeln!(out, "accuracy type={:.4} value={:.4} (on relaxed matches)", c.kind().f1 / rel, c.value().f1 / rel)?;
    }
    writeln!(
        out,
        "throughput {:.1} MB/s (one core, {:.2} MB of text, tagging only)",
        report.bytes_per_sec / 1e6,
        report.text_bytes as f64 / 1e6
    )?;
    writeln!(out, "value_f1={:.4}", c.value().f1)?;
    Ok(ExitCode::SUCCESS)
}

fn print_errors(records: &[Record], details: &[(String, Vec<chorus_facts::timex_eval::Span>, Vec<chorus_facts::timex_eval::Span>)]) {
    let mut err = std::io::stderr().lock();
    for (r, (doc, gold, sys)) in records.iter().zip(details) {
        let chars: Vec<char> = r.text.chars().collect();
        let slice = |s: usize, e: usize| chars.get(s..e.min(chars.len())).map(|c| c.iter().collect::<String>()).unwrap_or_default();
        let dct = r.dct.as_deref().unwrap_or("-");
        let overlaps = |a: &chorus_facts::timex_eval::Span, b: &chorus_facts::timex_eval::Span| a.start < b.end && b.start < a.end;
        for g in gold {
            match sys.iter().find(|s| overlaps(s, g)) {
                None => {
                    let _ = writeln!(err, "MISS\t{doc}\t{dct}\t{}\t{}\t{}\t{}", slice(g.start, g.end), g.kind, g.value, context(&chars, g.start, g.end));
                }
                Some(s) if s.start != g.start || s.end != g.end || s.kind != g.kind || s.value != g.value => {
                    let _ = writeln!(
                        err,
                        "DIFF\t{doc}\t{dct}\tgold [{}] {} {}\tsys [{}] {} {}\t{}",
                        slice(g.start, g.end),
                        g.kind,
                        g.value,
                        slice(s.start, s.end),
                        s.kind,
                        s.value,
                        context(&chars, g.start, g.end)
                    );
                }
                Some(_) => {}
            }
        }
        for s in sys {
            if !gold.iter().any(|g| overlaps(s, g)) {
                let _ = writeln!(err, "SPUR\t{doc}\t{dct}\t{}\t{}\t{}\t{}", slice(s.start, s.end), s.kind, s.value, context(&chars, s.start, s.end));
            }
        }
    }
}

fn context(chars: &[char], s: usize, e: usize) -> String {
    let a = s.saturating_sub(60);
    let b = (e + 40).min(chars.len());
    chars.get(a..b).map(|c| c.iter().collect::<String>()).unwrap_or_default().replace('\n', " ")
}
