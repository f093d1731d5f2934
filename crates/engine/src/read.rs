//! Reading inputs: files and folders of `.txt`, `.html`/`.htm`,
//! `.jsonl`/`.jsonl.gz`, web crawls (`.warc`/`.warc.gz`: the HTML pages
//! they hold), or JSONL on standard input.
//!
//! Reading never stops at a bad record: each problem becomes a
//! [`Diagnostic`] naming the file (and line), and the rest is read.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chorus_model::{Body, Diagnostic, RawInput};
use serde_json::{Map, Value};

/// Defaults applied to inputs that lack them (from command-line flags).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub source: Option<String>,
    pub published: Option<String>,
}

/// Where inputs come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    File(PathBuf),
    Stdin,
}

/// The kind of a file, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    HtmlGz,
    Jsonl,
    JsonlGz,
    Warc,
    WarcGz,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
        Some(Kind::JsonlGz)
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(Kind::Jsonl)
    } else if name.ends_with(".warc.gz") {
        Some(Kind::WarcGz)
    } else if name.ends_with(".warc") {
        Some(Kind::Warc)
    } else if name.ends_with(".html.gz") || name.ends_with(".htm.gz") {
        Some(Kind::HtmlGz)
    } else if name.ends_with(".html") || name.ends_with(".htm") {
        Some(Kind::Html)
    } else if name.ends_with(".txt") || name.ends_with(".text") {
        Some(Kind::Text)
    } else {
        None
    }
}

/// Expands command-line paths: folders are walked recursively (sorted,
/// only known extensions), `-` is standard input. Missing paths become
/// diagnostics.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<InputSource>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(InputSource::Stdin);
        } else if p.is_dir() {
            walk(p, &mut out, &mut diags);
        } else if p.exists() {
            out.push(InputSource::File(p.clone()));
        } else {
            diags.push(Diagnostic { origin: p.display().to_string(), message: "no such file or folder".into() });
        }
    }
    (out, diags)
}

fn walk(dir: &Path, out: &mut Vec<InputSource>, diags: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic { origin: dir.display().to_string(), message: format!("cannot read folder: {e}") });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, diags);
        } else if kind_of(&p).is_some() {
            out.push(InputSource::File(p));
        }
    }
}

/// Reads one input source, calling `emit` for every record or problem.
pub fn read_source(src: &InputSource, opts: &ReadOptions, emit: &mut dyn FnMut(Result<RawInput, Diagnostic>)) {
    match src {
        InputSource::Stdin => {
            let stdin = std::io::stdin();
            parse_jsonl(stdin.lock(), "<stdin>", opts, emit);
        }
        InputSource::File(path) => read_file(path, opts, emit),
    }
}

fn read_file(path: &Path, opts: &ReadOptions, emit: &mut dyn FnMut(Result<RawInput, Diagnostic>)) {
    let origin = path.display().to_string();
    let fail = |msg: String| Err(Diagnostic { origin: origin.clone(), message: msg });
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return emit(fail(format!("cannot open: {e}"))),
    };
    match kind_of(path) {
        Some(Kind::Jsonl) => parse_jsonl(BufReader::with_capacity(1 << 16, file), &origin, opts, emit),
        Some(Kind::JsonlGz) => {
            let gz = flate2::read::MultiGzDecoder::new(BufReader::new(file));
            parse_jsonl(BufReader::with_capacity(1 << 16, gz), &origin, opts, emit)
        }
        Some(Kind::Warc | Kind::WarcGz) => crate::warc::read_warc(file, &origin, opts, emit),
        kind => {
            let mut bytes = Vec::new();
            let read = if kind == Some(Kind::HtmlGz) {
                flate2::read::MultiGzDecoder::new(BufReader::new(file)).read_to_end(&mut bytes)
            } else {
                BufReader::new(file).read_to_end(&mut bytes)
            };
            if let Err(e) = read {
                return emit(fail(read_error(&e, kind == Some(Kind::HtmlGz))));
            }
            let html = matches!(kind, Some(Kind::Html | Kind::HtmlGz)) || (kind.is_none() && crate::warc::looks_like_html(&bytes));
            let text = if html {
                chorus_text::decode_html(&bytes, None).text
            } else {
                match decode_text(&bytes) {
                    Ok(t) => t,
                    Err(m) => return emit(fail(m)),
                }
            };
            let ext_id = file_id(path);
            emit(Ok(RawInput {
                origin: origin.clone(),
                ext_id,
                source: opts.source.clone(),
                published: opts.published.clone(),
                title: None,
                url: None,
                body: if html { Body::Html(text) } else { Body::Text(text) },
                meta: Map::new(),
            }))
        }
    }
}

/// What a failed read means, in words: for gzip input, data that stops
/// early or is damaged.
fn read_error(e: &std::io::Error, gz: bool) -> String {
    use std::io::ErrorKind::{InvalidData, InvalidInput, UnexpectedEof};
    if gz && matches!(e.kind(), InvalidData | InvalidInput | UnexpectedEof) {
        format!("truncated or damaged gzip data ({e})")
    } else {
        format!("cannot read: {e}")
    }
}

/// UTF-8 text, or a message saying why the bytes are not text.
fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let nul = bytes.iter().take(8192).filter(|b| **b == 0).count();
    if nul > 0 {
        return Err("binary data, not text (NUL bytes found)".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            Err(format!(
                "not valid UTF-8 (invalid byte at offset {}, line {line}); convert it first, e.g. with `iconv -f latin1 -t utf-8`",
                e.valid_up_to()
            ))
        }
    }
}


/// A file's id: its name without extensions (`a/b/123.html.gz` → `123`).
pub fn file_id(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    let name = if lower.ends_with(".gz") { &name[..name.len() - 3] } else { &name[..] };
    let stem = match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    };
    Some(stem.to_string())
}

/// Parses JSONL from a reader; a bad line is a diagnostic, never an abort.
pub fn parse_jsonl(mut r: impl BufRead, origin: &str, opts: &ReadOptions, emit: &mut dyn FnMut(Result<RawInput, Diagnostic>)) {
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0u64;
    loop {
        buf.clear();
        match r.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let msg = read_error(&e, origin.to_ascii_lowercase().ends_with(".gz"));
                emit(Err(Diagnostic { origin: format!("{origin}:{}", line_no + 1), message: format!("{msg}; the {line_no} lines before were read") }));
                break;
            }
        }
        line_no += 1;
        let here = || format!("{origin}:{line_no}");
        let line = match std::str::from_utf8(&buf) {
            Ok(s) => s.trim(),
            Err(e) => {
                emit(Err(Diagnostic { origin: here(), message: format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to()) }));
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        emit(parse_record(line, here(), opts));
    }
}

/// Parses JSONL held in memory (the demo corpus).
pub fn parse_jsonl_str(s: &str, origin: &str, opts: &ReadOptions, emit: &mut dyn FnMut(Result<RawInput, Diagnostic>)) {
    parse_jsonl(s.as_bytes(), origin, opts, emit)
}

fn parse_record(line: &str, origin: String, opts: &ReadOptions) -> Result<RawInput, Diagnostic> {
    let err = |m: String| Diagnostic { origin: origin.clone(), message: m };
    let value: Value = serde_json::from_str(line).map_err(|e| err(format!("malformed JSON: {e}")))?;
    let Value::Object(mut obj) = value else {
        return Err(err("expected a JSON object per line".into()));
    };
    let mut take_str = |key: &str| -> Result<Option<String>, Diagnostic> {
        match obj.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Number(n)) if key == "id" => Ok(Some(n.to_string())),
            Some(other) => Err(err(format!("field {key:?} must be a string, found {}", type_name(&other)))),
        }
    };
    let ext_id = take_str("id")?;
    let source = take_str("source")?.or_else(|| opts.source.clone());
    let published = take_str("published")?.or_else(|| opts.published.clone());
    let title = take_str("title")?;
    let url = take_str("url")?;
    let text = take_str("text")?;
    let html = take_str("html")?;
    let body = match (text, html) {
        (Some(t), _) if !t.trim().is_empty() => Body::Text(t),
        (_, Some(h)) if !h.trim().is_empty() => Body::Html(h),
        (Some(_), _) | (_, Some(_)) => return Err(err("empty document: \"text\"/\"html\" is empty".into())),
        (None, None) => return Err(err("record has neither \"text\" nor \"html\"".into())),
    };
    Ok(RawInput { origin, ext_id, source, published, title, url, body, meta: obj })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(s: &str) -> (Vec<RawInput>, Vec<Diagnostic>) {
        let (mut ok, mut bad) = (Vec::new(), Vec::new());
        parse_jsonl_str(s, "t.jsonl", &ReadOptions::default(), &mut |r| match r {
            Ok(x) => ok.push(x),
            Err(d) => bad.push(d),
        });
        (ok, bad)
    }

    #[test]
    fn jsonl_records_and_errors() {
        let input = concat!(
            "{\"id\":\"a\",\"source\":\"Gazette\",\"published\":null,\"title\":\"T\",\"text\":\"Body.\",\"url\":null,\"section\":\"metro\"}\n",
            "{\"id\":\"b\",\"html\":\"<p>Hi there</p>\"}\n",
            "{\"id\":\"c\",\"text\": \n",
            "\n",
            "{\"id\":\"d\",\"text\":\"  \"}\n",
            "[1,2]\n",
            "{\"id\":\"e\",\"text\":5}\n",
        );
        let (ok, bad) = collect(input);
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].meta.get("section"), Some(&Value::String("metro".into())));
        assert!(matches!(ok[1].body, Body::Html(_)));
        let origins: Vec<_> = bad.iter().map(|d| d.origin.as_str()).collect();
        assert_eq!(origins, ["t.jsonl:3", "t.jsonl:5", "t.jsonl:6", "t.jsonl:7"]);
        assert!(bad[0].message.contains("malformed JSON"));
        assert!(bad[1].message.contains("empty"));
    }

    #[test]
    fn invalid_utf8_line() {
        let mut bad = Vec::new();
        parse_jsonl(&b"{\"text\":\"caf\xe9\"}\n"[..], "x", &ReadOptions::default(), &mut |r| {
            if let Err(d) = r {
                bad.push(d)
            }
        });
        assert_eq!(bad.len(), 1);
        assert!(bad[0].message.contains("UTF-8"));
    }

    #[test]
    fn binary_is_not_text() {
        assert!(decode_text(b"abc\0def").is_err());
        assert!(decode_text(b"caf\xe9").unwrap_err().contains("UTF-8"));
        assert_eq!(decode_text(b"\xEF\xBB\xBFhello").unwrap(), "hello");
    }
}
