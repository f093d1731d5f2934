//! Per-document stages, run in parallel: extract (HTML) or clean (text),
//! segment, and compute corpus features. A pure function of the input.

use chorus_corpus::features::{analyze, encode};
use chorus_corpus::{DocFeatures, SentenceTerms};
use chorus_model::{Body, Diagnostic, Document, RawInput};

/// A document ready to be placed in the corpus.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub doc: Document,
    pub features: DocFeatures,
    pub sentences: SentenceTerms,
    /// `features` encoded for the store.
    pub encoded: Vec<u8>,
}

/// Runs extract/clean, segment and features on one input.
pub fn prepare(raw: RawInput) -> Result<Prepared, Diagnostic> {
    let RawInput { origin, ext_id, source, published, title, url, body, mut meta } = raw;
    let (text, title, published, author, url) = match body {
        Body::Html(html) => {
            let ex = chorus_text::extract_html(&html);
            (ex.text, title.or(ex.title), published.or(ex.published), ex.author, url.or(ex.url))
        }
        Body::Text(text) => {
            let cleaned = chorus_text::clean_text(&text, title.is_none());
            if let Some(b) = &cleaned.byline {
                meta.insert("byline".into(), b.clone().into());
            }
            if let Some(d) = &cleaned.dateline {
                meta.insert("dateline".into(), d.clone().into());
            }
            let author = cleaned.byline.as_deref().map(|b| b.trim_start_matches("By ").trim().to_string());
            (cleaned.text, title.or(cleaned.title), published, author, url)
        }
    };
    if text.trim().is_empty() {
        return Err(Diagnostic { origin, message: "empty document: no article text left after removing boilerplate".into() });
    }
    let published = match published.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => match normalize_time(p) {
            Some(t) => Some(t),
            None => {
                meta.insert("published_raw".into(), p.to_string().into());
                None
            }
        },
    };
    let title = title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty());
    let segments = chorus_text::segment(&text);
    let id = doc_id(source.as_deref(), title.as_deref(), &text);
    let doc = Document { id, ext_id, source, published, title, url, author, text, meta, segments };
    let (features, sentences) = analyze(&doc);
    let encoded = encode(&features);
    Ok(Prepared { doc, features, sentences, encoded })
}

/// Stable id of a document: the same outlet, title and text give the same
/// id, so ingesting a record twice stores it once.
pub fn doc_id(source: Option<&str>, title: Option<&str>, text: &str) -> String {
    // FNV-1a, 64 bit, over the three fields with separators: stable across
    // versions and platforms (ids are persisted).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [source.unwrap_or(""), "\u{1f}", title.unwrap_or(""), "\u{1f}", text] {
        for b in part.as_bytes() {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    format!("d{h:016x}")
}

/// Normalizes a publication time to RFC 3339 in UTC (`…Z`). Accepts RFC
/// 3339, RFC 2822 (feeds), civil date-times and plain dates.
pub fn normalize_time(s: &str) -> Option<String> {
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(z.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return Some(format!("{}T00:00:00Z", d));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(normalize_time("2026-03-10T08:15:00+01:00").as_deref(), Some("2026-03-10T07:15:00Z"));
        assert_eq!(normalize_time("Tue, 10 Mar 2026 08:15:00 +0000").as_deref(), Some("2026-03-10T08:15:00Z"));
        assert_eq!(normalize_time("2026-03-10").as_deref(), Some("2026-03-10T00:00:00Z"));
        assert_eq!(normalize_time("last Tuesday"), None);
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(doc_id(Some("a"), None, "x"), doc_id(Some("a"), None, "x"));
        assert_ne!(doc_id(Some("a"), None, "x"), doc_id(Some("b"), None, "x"));
        assert_eq!(doc_id(None, None, "").len(), 17);
    }
}
