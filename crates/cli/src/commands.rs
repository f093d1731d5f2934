//! Subcommands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use chorus_brief::render::{render, Format};
use chorus_engine::read::{expand_paths, read_source};
use chorus_engine::{Engine, IngestOptions, IngestReport, ReadOptions};
use chorus_model::{Diagnostic, RawInput};
use indicatif::{ProgressBar, ProgressStyle};
use rustc_hash::FxHashMap;

static CANCEL: AtomicBool = AtomicBool::new(false);

/// First Ctrl-C: finish the current batch and stop. Second: exit now (the
/// open transaction is rolled back by SQLite; nothing stored is lost).
fn install_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            eprintln!("\ninterrupted again: exiting now");
            std::process::exit(130);
        }
        eprintln!("\ninterrupt: finishing the current batch (Ctrl-C again to quit at once)");
    });
}

/// Reads `paths` on a background thread and hands records over a bounded
/// channel, so reading overlaps with processing. 256 records in flight keep
/// the reader ahead without holding much of a crawl of large HTML pages in
/// memory (peak RSS on a 157 MB WARC: 112 MiB, with 4096 it was 185 MiB).
fn input_stream(paths: &[PathBuf], opts: ReadOptions) -> (impl Iterator<Item = Result<RawInput, Diagnostic>>, Vec<Diagnostic>) {
    let (sources, diags) = expand_paths(paths);
    let (tx, rx) = sync_channel::<Result<RawInput, Diagnostic>>(256);
    std::thread::spawn(move || {
        for src in &sources {
            let mut stop = false;
            read_source(src, &opts, &mut |r| {
                if !stop && tx.send(r).is_err() {
                    stop = true;
                }
            });
            if stop {
                break;
            }
        }
    });
    (rx.into_iter(), diags)
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// Ingests `paths` into `engine` with progress, Ctrl-C handling and
/// warnings on stderr.
fn ingest_into(engine: &mut Engine, paths: &[PathBuf], read: ReadOptions, opts: &IngestOptions, quiet: bool) -> Result<IngestReport> {
    install_ctrl_c();
    let (inputs, path_diags) = input_stream(paths, read);
    let pb = progress_bar(quiet);
    pb.set_message("reading…");
    let mut report = engine.ingest_with(inputs, opts, &CANCEL, &|r| {
        pb.set_message(format!("{} records read, {} documents stored", r.records, r.ingested));
    })?;
    pb.finish_and_clear();
    let mut diags = path_diags;
    diags.append(&mut report.diagnostics);
    if !quiet {
        for d in diags.iter().take(50) {
            eprintln!("warning: {d}");
        }
        if diags.len() > 50 {
            eprintln!("warning: … and {} more problems", diags.len() - 50);
        }
    }
    report.diagnostics = diags;
    Ok(report)
}

fn summary(r: &IngestReport) -> String {
    let mut s = format!(
        "ingested {} new document{} ({} already stored, {} skipped with problems), {} relation{}, {} stor{} updated",
        r.ingested,
        if r.ingested == 1 { "" } else { "s" },
        r.already_stored,
        r.diagnostics.len(),
        r.relations,
        if r.relations == 1 { "" } else { "s" },
        r.stories_touched,
        if r.stories_touched == 1 { "y" } else { "ies" },
    );
    if r.interrupted {
        s.push_str(" — interrupted; everything listed here is stored");
    }
    s
}

fn nothing_ingested(r: &IngestReport) -> bool {
    r.ingested == 0 && r.already_stored == 0
}

fn write_out(text: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

fn format_of(s: &str) -> Result<Format> {
    s.parse::<Format>().map_err(anyhow::Error::msg)
}

pub fn demo(format: &str, quiet: bool) -> Result<ExitCode> {
    let mut engine = Engine::open_in_memory()?;
    let inputs = chorus_engine::demo::inputs();
    let report = engine.ingest(inputs.into_iter().map(Ok), &IngestOptions::default())?;
    if !quiet {
        eprintln!("demo: {}", summary(&report));
    }
    write_out(&render(&engine.briefs(None)?, format_of(format)?), None)?;
    Ok(ExitCode::SUCCESS)
}

pub fn ingest(db: &Path, paths: &[PathBuf], source: Option<String>, published: Option<String>, batch_size: usize, quiet: bool) -> Result<ExitCode> {
    let mut engine = Engine::open(db).with_context(|| format!("cannot open store {}", db.display()))?;
    let opts = IngestOptions { batch_size, ..Default::default() };
    let report = ingest_into(&mut engine, paths, ReadOptions { source, published }, &opts, quiet)?;
    if !quiet {
        eprintln!("{} into {}", summary(&report), db.display());
    }
    Ok(if nothing_ingested(&report) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

pub fn stories(db: &Path, json: bool) -> Result<ExitCode> {
    if !db.exists() {
        bail!("no store at {} (run `chorus ingest PATH…` first, or pass --db)", db.display());
    }
    let engine = Engine::open(db)?;
    let list = engine.stories()?;
    if json {
        write_out(&(serde_json::to_string_pretty(&list)? + "\n"), None)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::from("id\tdocs\tsources\tfirst\tlast\ttitle\n");
    for s in &list {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            s.id,
            s.documents,
            s.independent_sources,
            s.first.as_deref().unwrap_or("-"),
            s.last.as_deref().unwrap_or("-"),
            s.title
        ));
    }
    write_out(&out, None)?;
    Ok(ExitCode::SUCCESS)
}

pub fn brief(db: &Path, story: Option<&str>, all: bool, format: &str, output: Option<&Path>) -> Result<ExitCode> {
    if story.is_none() && !all {
        bail!("name a story (see `chorus stories`) or pass --all");
    }
    if !db.exists() {
        bail!("no store at {} (run `chorus ingest PATH…` first, or pass --db)", db.display());
    }
    let mut engine = Engine::open(db)?;
    let set = engine.briefs(story)?;
    write_out(&render(&set, format_of(format)?), output)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(db: Option<&Path>, paths: &[PathBuf], source: Option<String>, published: Option<String>, format: &str, quiet: bool) -> Result<ExitCode> {
    let format = format_of(format)?;
    let tmp;
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().join("run.db")
        }
    };
    let mut engine = Engine::open(&path)?;
    let report = ingest_into(&mut engine, paths, ReadOptions { source, published }, &IngestOptions::default(), quiet)?;
    if !quiet {
        eprintln!("{}", summary(&report));
    }
    if nothing_ingested(&report) {
        eprintln!("error: nothing could be ingested");
        return Ok(ExitCode::FAILURE);
    }
    write_out(&render(&engine.briefs(None)?, format), None)?;
    Ok(ExitCode::SUCCESS)
}

pub fn eval_cluster(gold: &Path, input: &Path, threshold: Option<f32>, quiet: bool) -> Result<ExitCode> {
    let gold_text = std::fs::read_to_string(gold).with_context(|| format!("cannot read {}", gold.display()))?;
    let mut gold_map: FxHashMap<String, String> = FxHashMap::default();
    for (i, line) in gold_text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split('\t');
        match (parts.next(), parts.next()) {
            (Some(d), Some(s)) => {
                gold_map.insert(d.trim().to_string(), s.trim().to_string());
            }
            _ => bail!("{}:{}: expected doc_id<TAB>story_id", gold.display(), i + 1),
        }
    }
    let mut params = chorus_engine::ClusterParams::default();
    if let Some(t) = threshold {
        params.threshold = t;
    }
    let store = Box::new(chorus_engine::SqliteStore::in_memory()?);
    let mut engine = Engine::with_params(store, params)?;
    let opts = IngestOptions { track_assignments: true, build_briefs: false, ..Default::default() };
    let report = ingest_into(&mut engine, &[input.to_path_buf()], ReadOptions::default(), &opts, quiet)?;
    let predicted: FxHashMap<String, String> =
        report.assignments.iter().map(|(k, s)| (k.clone(), s.to_string())).collect();
    let s = chorus_corpus::eval::bcubed(&predicted, &gold_map);
    let n_pred = predicted.values().collect::<rustc_hash::FxHashSet<_>>().len();
    let n_gold = gold_map.values().collect::<rustc_hash::FxHashSet<_>>().len();
    println!("documents={} predicted_stories={} gold_stories={}", s.items, n_pred, n_gold);
    println!("bcubed_precision={:.4}", s.precision);
    println!("bcubed_recall={:.4}", s.recall);
    println!("bcubed_f1={:.4}", s.f1);
    Ok(ExitCode::SUCCESS)
}

/// Settings of `chorus watch` from the command line.
pub struct WatchArgs {
    pub feeds: Vec<String>,
    pub once: bool,
    pub interval: std::time::Duration,
    pub delay: std::time::Duration,
    pub timeout: std::time::Duration,
    pub workers: usize,
    pub max_attempts: u32,
}

pub fn watch(db: &Path, a: WatchArgs, quiet: bool) -> Result<ExitCode> {
    use chorus_watch::{FetchConfig, Fetcher, WatchOptions, Watcher};
    let feeds = chorus_watch::feeds_from_args(&a.feeds).map_err(anyhow::Error::msg)?;
    if feeds.is_empty() {
        bail!("no feeds to watch");
    }
    install_ctrl_c();
    let mut engine = Engine::open(db).with_context(|| format!("cannot open store {}", db.display()))?;
    let fetch = FetchConfig { timeout: a.timeout, per_host_delay: a.delay, ..Default::default() };
    let opts = WatchOptions { interval: a.interval, workers: a.workers.max(1), max_attempts: a.max_attempts.max(1), ..Default::default() };
    if !quiet {
        eprintln!(
            "watching {} feed{} into {} (every {}s{}; Ctrl-C stops after the current round)",
            feeds.len(),
            if feeds.len() == 1 { "" } else { "s" },
            db.display(),
            a.interval.as_secs(),
            if a.once { ", one pass" } else { "" }
        );
    }
    let mut w = Watcher::new(&mut engine, feeds, Fetcher::new(fetch), opts);
    let mut round = 0u64;
    let mut all_failed = false;
    w.run(a.once, &CANCEL, &mut |r| {
        round += 1;
        all_failed = r.feeds_polled > 0 && r.feed_errors == r.feeds_polled;
        if quiet {
            return;
        }
        for d in r.diagnostics.iter().take(50) {
            eprintln!("warning: {d}");
        }
        eprintln!(
            "round {round}: {} feed{} polled ({} unchanged, {} failed), {} new item{}, {} page{} fetched, {} to retry, {} from feed text, {} given up; stored {} new document{} ({} already stored)",
            r.feeds_polled,
            if r.feeds_polled == 1 { "" } else { "s" },
            r.feeds_not_modified,
            r.feed_errors,
            r.new_items,
            if r.new_items == 1 { "" } else { "s" },
            r.pages_fetched,
            if r.pages_fetched == 1 { "" } else { "s" },
            r.pages_retrying,
            r.from_feed_content,
            r.given_up,
            r.ingested,
            if r.ingested == 1 { "" } else { "s" },
            r.already_stored
        );
    })?;
    if a.once && all_failed {
        eprintln!("error: every feed failed");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `chorus quotes [STORY]`: who said what, grouped across outlets.
/// `chorus entities [STORY]`: a story's entities, or the store's merged across stories.
pub fn entities(db: &Path, story: Option<&str>, kind: Option<&str>, limit: usize, json: bool) -> Result<ExitCode> {
    use std::fmt::Write as _;
    if !db.exists() {
        bail!("no store at {} (run `chorus ingest PATH…` first, or pass --db)", db.display());
    }
    let mut engine = Engine::open(db)?;
    let set = engine.briefs(story)?;
    let limit = if limit == 0 { usize::MAX } else { limit };
    let keep = |k: &str| kind.is_none_or(|want| want == k);
    let mut out = String::new();
    let merges_line = |m: &[chorus_model::MergeNote]| {
        m.iter().map(|m| format!("{} ({})", m.alias, m.reason)).collect::<Vec<_>>().join("; ")
    };
    if let Some(b) = set.stories.first().filter(|_| story.is_some()) {
        let list: Vec<&chorus_model::EntityInfo> = b.entities.iter().filter(|e| keep(&e.kind)).take(limit).collect();
        if json {
            out = serde_json::to_string_pretty(&serde_json::json!({"story": b.id, "title": b.title, "entities": list}))? + "\n";
        } else {
            let _ = writeln!(out, "# story {}: {} ({} entities)\n", b.id, b.title, b.entities.len());
            for e in list {
                let _ = writeln!(out, "{:<4} {}  — {} source{}, {} mention{}  [{}]", e.kind, e.name, e.sources, plural(e.sources as usize), e.mentions.len(), plural(e.mentions.len()), e.id);
                if !e.aliases.is_empty() {
                    let _ = writeln!(out, "     also: {}", e.aliases.join(", "));
                }
                if !e.roles.is_empty() {
                    let roles: Vec<String> = e.roles.iter().map(|r| format!("{} ({} source{})", r.text, r.sources, plural(r.sources as usize))).collect();
                    let _ = writeln!(out, "     roles: {}", roles.join("; "));
                }
                if !e.merges.is_empty() {
                    let _ = writeln!(out, "     merged: {}", merges_line(&e.merges));
                }
            }
        }
    } else {
        let stories: Vec<(String, Vec<chorus_model::EntityInfo>)> = set.stories.into_iter().map(|b| (b.id, b.entities)).collect();
        let all = chorus_entities::across::across_stories(&stories);
        let total = all.len();
        let list: Vec<_> = all.into_iter().filter(|e| keep(&e.kind)).take(limit).collect();
        if json {
            out = serde_json::to_string_pretty(&list)? + "\n";
        } else {
            let _ = writeln!(out, "# {} entities in {} stories\n", total, stories.len());
            for e in &list {
                let _ = writeln!(
                    out,
                    "{:<4} {}  — {} stor{}, {} source{}, {} mention{}  [{}]",
                    e.kind,
                    e.name,
                    e.stories.len(),
                    if e.stories.len() == 1 { "y" } else { "ies" },
                    e.sources,
                    plural(e.sources as usize),
                    e.mentions,
                    plural(e.mentions),
                    e.id
                );
                if !e.aliases.is_empty() {
                    let _ = writeln!(out, "     also: {}", e.aliases.join(", "));
                }
                if !e.roles.is_empty() {
                    let _ = writeln!(out, "     roles: {}", e.roles.iter().take(6).cloned().collect::<Vec<_>>().join("; "));
                }
                if !e.merges.is_empty() {
                    let _ = writeln!(out, "     merged: {}", merges_line(&e.merges));
                }
            }
        }
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn quotes(db: &Path, story: Option<&str>, json: bool) -> Result<ExitCode> {
    if !db.exists() {
        bail!("no store at {} (run `chorus ingest PATH…` first, or pass --db)", db.display());
    }
    let mut engine = Engine::open(db)?;
    let set = engine.briefs(story)?;
    let mut out = String::new();
    if json {
        let v: Vec<serde_json::Value> =
            set.stories.iter().map(|b| serde_json::json!({"story": b.id, "title": b.title, "quotes": b.quotes})).collect();
        out = serde_json::to_string_pretty(&v)? + "\n";
    } else {
        use std::fmt::Write as _;
        for b in &set.stories {
            if b.quotes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "# story {}: {}\n", b.id, b.title);
            let label = |id: &str| {
                b.documents
                    .iter()
                    .position(|d| d.id == id)
                    .map(|i| format!("[{}] {}", i + 1, b.documents[i].source.as_deref().unwrap_or("unknown source")))
                    .unwrap_or_else(|| id.to_string())
            };
            for g in &b.quotes {
                let who = g.speaker.as_deref().unwrap_or("(speaker not resolved)");
                let mut flags = Vec::new();
                if g.worded_differently {
                    flags.push("worded differently");
                }
                if g.paraphrase_as_quote {
                    flags.push("a direct quote is a paraphrase");
                }
                let flags = if flags.is_empty() { String::new() } else { format!(" — {}", flags.join(", ")) };
                let _ = writeln!(out, "{who} ({}; {} independent source{}){flags}", g.resolution, g.sources, if g.sources == 1 { "" } else { "s" });
                for v in &g.variants {
                    let at = v.citations.first().map(|c| format!("{} bytes {}–{}", label(&c.doc), c.start, c.end)).unwrap_or_default();
                    let text = if v.direct { format!("“{}”", v.text) } else { format!("(reported) {}", v.text) };
                    let cue = v.cue.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
                    let _ = writeln!(out, "  - {text}{cue} — {at}");
                }
                out.push('\n');
            }
        }
        if out.is_empty() {
            out.push_str("no quotes found\n");
        }
    }
    write_out(&out, None)?;
    Ok(ExitCode::SUCCESS)
}
