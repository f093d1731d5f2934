//! One-page extraction and its evaluation: the library side of
//! `chorus extract` and `chorus eval extract`.
//!
//! The score is the article-extraction-benchmark's token F1: texts are split
//! into `\w+` tokens, compared as bags of 4-token shingles, and each page's
//! true/false positives and false negatives are normalized to sum to one so
//! that long pages do not outweigh short ones; precision and recall are
//! means over pages, F1 is their harmonic mean. This mirrors the
//! benchmark's `evaluate.py` so that numbers printed here match it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chorus_model::Extracted;
use rustc_hash::FxHashMap;

/// A page read from disk: its id (file name without extensions) and bytes
/// (gunzipped for `.gz`).
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Reads a page file; `.gz` files are decompressed. A truncated or corrupt
/// gzip file is an error naming the file.
pub fn read_page(path: &Path) -> Result<Page, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz")) {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| format!("{}: not a valid gzip file: {e}", path.display()))?;
        out
    } else {
        raw
    };
    let id = crate::read::file_id(path).unwrap_or_default();
    Ok(Page { id, path: path.to_path_buf(), bytes })
}

/// `.html`, `.htm`, `.html.gz`, `.htm.gz` files directly in `dir`, sorted.
pub fn page_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: cannot read folder: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            [".html", ".htm", ".html.gz", ".htm.gz"].iter().any(|s| n.ends_with(s))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Decodes (charset detection) and extracts one page.
pub fn extract_page(bytes: &[u8], content_type: Option<&str>) -> (Extracted, &'static str) {
    let decoded = chorus_text::decode_html(bytes, content_type);
    (chorus_text::extract_html(&decoded.text), decoded.encoding)
}

/// Per-page counts, normalized to sum to 1 (all zero for two empty texts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    /// Token sequences are identical.
    pub exact: bool,
}

/// Aggregated score over pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractScore {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
}

/// `\w+` tokens as Python's `re` finds them (letters, digits, marks and `_`).
fn tokens(text: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_mark(c);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Combining marks count as word characters in Python's `\w`.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F)
}

/// Bag of 4-token shingles (a text of fewer tokens is one shingle).
fn shingles<'a>(t: &'a [&'a str]) -> FxHashMap<&'a [&'a str], u32> {
    const N: usize = 4;
    let mut m: FxHashMap<&[&str], u32> = FxHashMap::default();
    let last = t.len().saturating_sub(N) + 1;
    for i in 0..last {
        let sh = &t[i.min(t.len())..(i + N).min(t.len())];
        if !sh.is_empty() {
            *m.entry(sh).or_default() += 1;
        }
    }
    m
}

/// Score of one page against its gold text.
pub fn score_page(gold: &str, pred: &str) -> PageScore {
    let g = tokens(gold);
    let p = tokens(pred);
    let (gb, pb) = (shingles(&g), shingles(&p));
    let (mut tp, mut fp, mut fn_) = (0.0f64, 0.0f64, 0.0f64);
    for (k, &gc) in &gb {
        let pc = pb.get(k).copied().unwrap_or(0);
        tp += gc.min(pc) as f64;
        fn_ += gc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &pb {
        let gc = gb.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(gc) as f64;
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        tp /= s;
        fp /= s;
        fn_ /= s;
    }
    PageScore { tp, fp, fn_, exact: g == p }
}

/// Means over pages as the benchmark computes them.
pub fn aggregate(scores: &[PageScore]) -> ExtractScore {
    let prec: Vec<f64> = scores
        .iter()
        .filter(|s| s.tp + s.fp > 0.0)
        .map(|s| if s.fp == 0.0 && s.fn_ == 0.0 { 1.0 } else { s.tp / (s.tp + s.fp) })
        .collect();
    let rec: Vec<f64> = scores
        .iter()
        .filter(|s| s.tp + s.fn_ > 0.0)
        .map(|s| if s.fp == 0.0 && s.fn_ == 0.0 { 1.0 } else { s.tp / (s.tp + s.fn_) })
        .collect();
    let mean = |v: &[f64]| if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
    let (precision, recall) = (mean(&prec), mean(&rec));
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    let accuracy = mean(&scores.iter().map(|s| if s.exact { 1.0 } else { 0.0 }).collect::<Vec<_>>());
    ExtractScore { pages: scores.len(), precision, recall, f1, accuracy }
}

/// Result of extracting a folder of pages.
#[derive(Debug, Default)]
pub struct DirRun {
    /// (id, extracted) in file order.
    pub pages: Vec<(String, Extracted)>,
    /// Pages that could not be read, with the reason.
    pub failed: Vec<String>,
    /// HTML bytes extracted (after gunzip).
    pub html_bytes: u64,
    /// Time spent decoding and extracting (not reading files).
    pub extract_time: Duration,
}

/// Extracts every page of `files` on the calling thread (one core, so the
/// time is a per-core throughput). `progress` is called after each page.
pub fn extract_files(files: &[PathBuf], mut progress: impl FnMut(usize)) -> DirRun {
    let mut run = DirRun::default();
    for (n, f) in files.iter().enumerate() {
        match read_page(f) {
            Ok(page) => {
                let t = Instant::now();
                let (ex, _) = extract_page(&page.bytes, None);
                run.extract_time += t.elapsed();
                run.html_bytes += page.bytes.len() as u64;
                run.pages.push((page.id, ex));
            }
            Err(e) => run.failed.push(e),
        }
        progress(n + 1);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_like_python_word_regex() {
        assert_eq!(tokens("Don't stop—the 3rd_quarter, café!"), vec!["Don", "t", "stop", "the", "3rd_quarter", "café"]);
        assert!(tokens("  ... ").is_empty());
    }

    #[test]
    fn page_scores() {
        let gold = "the bridge opened on monday after two years of work";
        let s = score_page(gold, gold);
        assert!(s.exact && s.tp == 1.0 && s.fp == 0.0);
        let s = score_page(gold, "");
        assert_eq!((s.tp, s.fp, s.fn_), (0.0, 0.0, 1.0));
        let s = score_page(gold, "the bridge opened on monday");
        assert!(s.tp > 0.0 && s.fn_ > 0.0 && s.fp == 0.0);
        // Short texts are one shingle of fewer than four tokens.
        let s = score_page("two words", "two words");
        assert!(s.exact && s.tp == 1.0);
        let s = score_page("", "");
        assert_eq!((s.tp, s.fp, s.fn_), (0.0, 0.0, 0.0));
    }

    #[test]
    fn aggregate_means_over_pages() {
        let a = score_page("a b c d e f", "a b c d e f");
        let b = score_page("a b c d e f", "x y z w");
        let s = aggregate(&[a, b]);
        assert!((s.precision - 0.5).abs() < 1e-9);
        assert!((s.recall - 0.5).abs() < 1e-9);
        assert!((s.accuracy - 0.5).abs() < 1e-9);
    }
}
