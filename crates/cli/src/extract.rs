//! `chorus extract` and `chorus eval extract`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chorus_engine::extraction::{aggregate, extract_files, extract_page, page_files, read_page, score_page};
use chorus_model::Extracted;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Map, Value};

/// Prints one page's article as text, Markdown or JSON.
pub fn extract(input: &Path, format: &str, with_title: bool) -> Result<ExitCode> {
    let (bytes, name) = if input.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).context("cannot read standard input")?;
        (b, "<stdin>".to_string())
    } else {
        let page = read_page(input).map_err(anyhow::Error::msg)?;
        (page.bytes, input.display().to_string())
    };
    let (ex, encoding) = extract_page(&bytes, None);
    let out = match format {
        "json" => serde_json::to_string_pretty(&to_json(&ex, encoding))? + "\n",
        "markdown" | "md" => markdown(&ex),
        _ => {
            let mut s = String::new();
            if with_title {
                if let Some(t) = &ex.title {
                    s.push_str(t);
                    s.push_str("\n\n");
                }
            }
            s.push_str(&ex.text);
            s.push('\n');
            s
        }
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    if ex.text.trim().is_empty() {
        eprintln!("{name}: no article text found on this page");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json(ex: &Extracted, encoding: &str) -> Value {
    json!({
        "title": ex.title,
        "authors": ex.authors,
        "published": ex.published,
        "modified": ex.modified,
        "language": ex.language,
        "url": ex.url,
        "encoding": encoding,
        "text": ex.text,
    })
}

/// The article as Markdown: title as `#`, metadata as a short italic line,
/// headings as `##`; lists and tables are already Markdown in the text.
fn markdown(ex: &Extracted) -> String {
    let mut s = String::new();
    if let Some(t) = &ex.title {
        s.push_str(&format!("# {t}\n\n"));
    }
    let mut meta: Vec<String> = Vec::new();
    if !ex.authors.is_empty() {
        meta.push(format!("By {}", ex.authors.join(", ")));
    }
    if let Some(p) = &ex.published {
        meta.push(format!("published {p}"));
    }
    if let Some(m) = &ex.modified {
        meta.push(format!("updated {m}"));
    }
    if let Some(u) = &ex.url {
        meta.push(format!("<{u}>"));
    }
    if !meta.is_empty() {
        s.push_str(&format!("*{}*\n\n", meta.join(" · ")));
    }
    let mut headings: Vec<&str> = ex.headings.iter().map(String::as_str).collect();
    for line in ex.text.split('\n') {
        if let Some(pos) = headings.iter().position(|h| *h == line) {
            headings.remove(pos);
            s.push_str("## ");
        }
        s.push_str(line);
        s.push('\n');
    }
    s
}

/// Extracts every page of `dir` into `out` (`{id: {"articleBody": …}}`) and,
/// with `gold`, prints the benchmark's token F1.
pub fn eval_extract(dir: &Path, out: &Path, gold: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let files: Vec<PathBuf> = page_files(dir).map_err(anyhow::Error::msg)?;
    if files.is_empty() {
        bail!("{}: no .html or .html.gz pages in this folder", dir.display());
    }
    let pb = if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::new(files.len() as u64);
        pb.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}").unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb
    };
    let run = extract_files(&files, |n| pb.set_position(n as u64));
    pb.finish_and_clear();
    for f in &run.failed {
        eprintln!("warning: {f}");
    }

    let mut map = Map::new();
    for (id, ex) in &run.pages {
        map.insert(id.clone(), json!({ "articleBody": ex.text }));
    }
    let text = serde_json::to_string(&Value::Object(map))?;
    std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?;

    let secs = run.extract_time.as_secs_f64().max(1e-9);
    println!("pages={} failed={} html_mb={:.1}", run.pages.len(), run.failed.len(), run.html_bytes as f64 / 1e6);
    println!(
        "extract_seconds={secs:.3} pages_per_s={:.1} html_mb_per_s={:.2} (one core, decode + extract, files already read)",
        run.pages.len() as f64 / secs,
        run.html_bytes as f64 / 1e6 / secs
    );
    println!("output={}", out.display());

    let Some(gold) = gold else { return Ok(ExitCode::SUCCESS) };
    let gold_text = std::fs::read_to_string(gold).with_context(|| format!("cannot read {}", gold.display()))?;
    let gold_json: Value = serde_json::from_str(&gold_text).with_context(|| format!("{}: not JSON", gold.display()))?;
    let Value::Object(gold_map) = gold_json else { bail!("{}: expected a JSON object {{id: {{\"articleBody\": …}}}}", gold.display()) };
    let predicted: rustc_hash::FxHashMap<&str, &str> = run.pages.iter().map(|(id, ex)| (id.as_str(), ex.text.as_str())).collect();
    let mut scores = Vec::with_capacity(gold_map.len());
    let mut missing = 0;
    for (id, g) in &gold_map {
        let body = g.get("articleBody").and_then(Value::as_str).unwrap_or("");
        let pred = predicted.get(id.as_str()).copied().unwrap_or_else(|| {
            missing += 1;
            ""
        });
        scores.push(score_page(body, pred));
    }
    if missing > 0 {
        eprintln!("warning: {missing} gold pages have no extracted page (scored as empty)");
    }
    let s = aggregate(&scores);
    println!("gold_pages={} precision={:.4} recall={:.4} accuracy={:.4}", s.pages, s.precision, s.recall, s.accuracy);
    println!("f1={:.4}", s.f1);
    Ok(ExitCode::SUCCESS)
}
