//! `chorus eval quotes`: score the quote and attribution extractor on PolNeAR
//! (`attributions.jsonl`, primary annotation of each article).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chorus_facts::quotes::find_quotes;
use chorus_facts::quotes_eval::{report, score_doc, Record, Scores};

/// The default gold file, relative to the current directory.
pub const DEFAULT_FILE: &str = "../shared/data/polnear/attributions.jsonl";

/// Reads the primary records of `split` (`dev`, `train` or `all`), runs
/// `find_quotes` on each text (timed on this one thread), and prints the
/// scores of `chorus_facts::quotes_eval::report`; the last line is
/// `source_f1=…` (end-to-end source overlap F1: missed and spurious
/// attributions count), the one before it `paired_source_f1=…` (source
/// overlap F1 over paired attributions only).
pub fn run(file: Option<&Path>, split: &str, quiet: bool) -> Result<ExitCode> {
    let path: PathBuf = file.map_or_else(|| PathBuf::from(DEFAULT_FILE), Path::to_path_buf);
    if !path.is_file() {
        bail!(
            "gold file {} not found{}",
            path.display(),
            if file.is_none() { " (pass a PolNeAR attributions JSONL file: chorus eval quotes FILE)" } else { "" }
        );
    }
    if !matches!(split, "dev" | "train" | "all") {
        bail!("unknown split {split:?} (use dev, train or all)");
    }
    let f = std::fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    // build the lexicon and automaton once before timing
    let _ = find_quotes("\u{201c}Warm,\u{201d} he said.");
    let mut total = Scores::default();
    let mut bytes = 0usize;
    let mut secs = 0f64;
    for (n, line) in BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let r: Record =
            serde_json::from_str(&line).with_context(|| format!("{}:{}: not an attribution record", path.display(), n + 1))?;
        if !r.primary || (split != "all" && r.split != split) {
            continue;
        }
        let t0 = Instant::now();
        let pred = find_quotes(&r.text);
        secs += t0.elapsed().as_secs_f64();
        bytes += r.text.len();
        total.add(&score_doc(&pred, &r.gold()));
    }
    if total.docs == 0 {
        bail!("no primary records in split {split} of {}", path.display());
    }
    if !quiet {
        eprintln!("scored {} documents of split {split}", total.docs);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "file={} split={split} text={:.2} MB", path.display(), bytes as f64 / 1e6)?;
    writeln!(
        out,
        "throughput {:.1} MB/s (one core, find_quotes only)",
        if secs > 0.0 { bytes as f64 / 1e6 / secs } else { 0.0 }
    )?;
    writeln!(out, "{}", report(&total))?;
    Ok(ExitCode::SUCCESS)
}
