//! `chorus bench`: end-to-end throughput on JSONL corpora.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use chorus_engine::read::{expand_paths, read_source};
use chorus_engine::{Engine, IngestOptions, ReadOptions};

/// Peak resident set size of this process in MiB (Linux), if known.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(inputs: &[PathBuf]) -> Result<ExitCode> {
    println!("{:<28} {:>7} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}", "corpus", "docs", "docs/s", "MB/s", "read_s", "prep_s", "corp_s", "store_s", "brief_s", "total_s");
    for input in inputs {
        // read the whole file first so the measured time is the pipeline's
        let (sources, diags) = expand_paths(std::slice::from_ref(input));
        for d in diags {
            eprintln!("warning: {d}");
        }
        let mut records = Vec::new();
        for s in &sources {
            read_source(s, &ReadOptions::default(), &mut |r| records.push(r));
        }
        // article text in, as the corpora's stats count it: title + body
        let in_bytes: usize = records
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|r| r.title.as_deref().map_or(0, str::len) + r.body.len())
            .sum();
        let dir = tempfile::tempdir()?;
        let mut engine = Engine::open(&dir.path().join("bench.db"))?;
        let t = Instant::now();
        let report = engine.ingest(records.into_iter(), &IngestOptions::default())?;
        let total = t.elapsed().as_secs_f64();
        let mb = in_bytes as f64 / 1e6;
        let tm = report.times;
        println!(
            "{:<28} {:>7} {:>9.0} {:>9.2} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>9.3}",
            input.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
            report.ingested,
            report.ingested as f64 / total,
            mb / total,
            tm.read.as_secs_f64(),
            tm.prepare.as_secs_f64(),
            tm.corpus.as_secs_f64(),
            tm.store.as_secs_f64(),
            tm.briefs.as_secs_f64(),
            total
        );
        if !report.diagnostics.is_empty() {
            eprintln!("  ({} records skipped with problems)", report.diagnostics.len());
        }
    }
    println!("(MB/s: title + article text of the input records; stages overlap, so stage times add up to more than the total)");
    if let Some(rss) = peak_rss_mib() {
        println!("peak_rss_mib={rss:.1}");
    }
    Ok(ExitCode::SUCCESS)
}
