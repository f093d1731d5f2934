//! Bytes of a web page → text.
//!
//! [`decode_html`] follows the order browsers use (WHATWG "determine the
//! character encoding", simplified): a byte-order mark, then the charset of
//! an HTTP `Content-Type` header when the caller has one, then a
//! `<meta charset>` / `<meta http-equiv=Content-Type>` declaration in the
//! first 4 KiB, then UTF-8 when the bytes are valid UTF-8, else
//! Windows-1252 (what pages that say nothing are almost always written in).
//! Decoding itself is `encoding_rs`; malformed sequences become U+FFFD and
//! are counted, never an error.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// A decoded page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding used, e.g. `UTF-8`, `windows-1252`.
    pub encoding: &'static str,
    /// Where the encoding came from: `bom`, `http`, `meta`, `utf-8 check`
    /// or `fallback`.
    pub from: &'static str,
    /// True when some bytes did not fit the encoding (replaced by U+FFFD).
    pub had_errors: bool,
}

/// How many bytes of the page are searched for a `<meta>` charset.
const PRESCAN: usize = 4096;

/// Decodes an HTML page. `content_type` is the HTTP header, if known.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..], "bom");
    }
    if let Some(enc) = content_type.and_then(charset_param).and_then(label) {
        return finish(enc, bytes, "http");
    }
    if let Some(enc) = meta_charset(&bytes[..bytes.len().min(PRESCAN)]) {
        return finish(enc, bytes, "meta");
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(UTF_8, bytes, "utf-8 check");
    }
    finish(WINDOWS_1252, bytes, "fallback")
}

fn finish(enc: &'static Encoding, bytes: &[u8], from: &'static str) -> Decoded {
    // A declared UTF-16 in a meta tag is a lie by definition (the tag was
    // readable as ASCII); browsers read such pages as UTF-8.
    let enc = if from == "meta" && (enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE) { UTF_8 } else { enc };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned(), encoding: enc.name(), from, had_errors }
}

fn label(name: &str) -> Option<&'static Encoding> {
    Encoding::for_label(name.trim().trim_matches(|c| c == '"' || c == '\'').as_bytes())
}

/// `charset=` parameter of a Content-Type value.
fn charset_param(ct: &str) -> Option<&str> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim())
    })
}

/// Finds `<meta charset=X>` or `<meta http-equiv="content-type"
/// content="…; charset=X">` in the first bytes of a page. Works on bytes so
/// that it runs before decoding.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(v) = attr_value(tag, b"charset") {
            if let Some(enc) = label(&String::from_utf8_lossy(v)) {
                return Some(enc);
            }
        }
        if attr_value(tag, b"http-equiv").is_some_and(|v| v.trim_ascii() == b"content-type") {
            if let Some(content) = attr_value(tag, b"content") {
                let content = String::from_utf8_lossy(content);
                if let Some(enc) = charset_param(&format!("x;{content}")).and_then(label) {
                    return Some(enc);
                }
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Value of attribute `name` inside the (lowercased) text of a tag.
fn attr_value<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while let Some(p) = find(&tag[i..], name) {
        let at = i + p;
        i = at + name.len();
        // Must be a whole attribute name.
        if at > 0 && !(tag[at - 1].is_ascii_whitespace() || tag[at - 1] == b'"' || tag[at - 1] == b'\'' || tag[at - 1] == b'/') {
            continue;
        }
        let mut j = i;
        while j < tag.len() && tag[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= tag.len() || tag[j] != b'=' {
            continue;
        }
        j += 1;
        while j < tag.len() && tag[j].is_ascii_whitespace() {
            j += 1;
        }
        let quote = tag.get(j).copied().filter(|&q| q == b'"' || q == b'\'');
        let start = if quote.is_some() { j + 1 } else { j };
        let end = match quote {
            Some(q) => tag[start..].iter().position(|&b| b == q).map_or(tag.len(), |e| start + e),
            None => tag[start..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b';')
                .map_or(tag.len(), |e| start + e),
        };
        return Some(&tag[start..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_without_declaration() {
        let d = decode_html("<p>Café déjà</p>".as_bytes(), None);
        assert_eq!(d.text, "<p>Café déjà</p>");
        assert_eq!((d.encoding, d.from, d.had_errors), ("UTF-8", "utf-8 check", false));
    }

    #[test]
    fn bom_wins_and_is_removed() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(b"<meta charset=windows-1252><p>x</p>");
        let d = decode_html(&b, Some("text/html; charset=iso-8859-2"));
        assert_eq!((d.encoding, d.from), ("UTF-8", "bom"));
        assert!(d.text.starts_with("<meta"));
    }

    #[test]
    fn windows_1252_by_meta_and_by_fallback() {
        // 0x93/0x94 are curly quotes, 0xE9 is é in Windows-1252.
        let body = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><p>\x93caf\xE9\x94</p>";
        let d = decode_html(body, None);
        assert_eq!((d.encoding, d.from), ("windows-1252", "meta"));
        assert!(d.text.contains("\u{201c}café\u{201d}"));
        let bare = b"<p>\x93caf\xE9\x94</p>";
        let d = decode_html(bare, None);
        assert_eq!((d.encoding, d.from), ("windows-1252", "fallback"));
        assert!(d.text.contains("café"));
    }

    #[test]
    fn http_header_beats_meta() {
        let d = decode_html(b"<meta charset=\"utf-8\"><p>\xE9</p>", Some("text/html;charset=\"ISO-8859-1\""));
        assert_eq!((d.encoding, d.from), ("windows-1252", "http"));
        assert!(d.text.contains('é'));
    }

    #[test]
    fn wrong_declared_charset_never_fails() {
        let d = decode_html(b"<meta charset=utf-8><p>\xFF\xFEbad</p>", None);
        assert_eq!(d.from, "meta");
        assert!(d.had_errors);
        assert!(d.text.contains("bad"));
        let d = decode_html(b"<meta charset=utf-16le><p>x</p>", None);
        assert_eq!(d.encoding, "UTF-8");
        let d = decode_html(b"<meta charset=no-such-thing><p>x</p>", None);
        assert_eq!(d.from, "utf-8 check");
        let d = decode_html(b"", None);
        assert_eq!(d.text, "");
    }
}
