//! Guard against pathologically deep markup.
//!
//! The HTML parsing algorithm (html5ever follows it to the letter) scans the
//! stack of open elements for many start tags, so a page that nests tens of
//! thousands of elements costs time quadratic in its depth (30,000 nested
//! `<div>`s: 2 s; 200,000: minutes). Real pages nest a few dozen deep;
//! browsers cap the tree depth (Blink at 512). [`limit_depth`] does a cheap
//! tag scan first and, only when the nesting goes beyond [`MAX_DEPTH`],
//! drops the start and end tags below that depth, keeping all text.

use std::borrow::Cow;

/// Nesting kept as it is.
pub const MAX_DEPTH: usize = 512;

/// Elements that never hold content or are closed implicitly by the next
/// one (they do not deepen the stack in practice).
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "dt", "dd", "option", "tr", "td", "th", "!doctype",
];

/// Elements whose content is raw text, not markup.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed", "noframes"];

struct Tag {
    start: usize,
    end: usize,
    closing: bool,
    /// Void, implicitly closed or `/>`: does not deepen the stack.
    flat: bool,
    /// Index in [`RAW`] of a raw-text element.
    raw: Option<usize>,
}

fn in_list(list: &[&str], name: &[u8]) -> Option<usize> {
    list.iter().position(|n| n.len() == name.len() && n.as_bytes().eq_ignore_ascii_case(name))
}

/// Next tag at or after `from`: positions of `<` and just after `>`.
fn next_tag(b: &[u8], mut from: usize) -> Option<Tag> {
    while from < b.len() {
        let lt = from + memchr::memchr(b'<', &b[from..])?;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            from = end;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        let name_len = b[name_at..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'!' || **c == b'-').count();
        if name_len == 0 || !(b[name_at].is_ascii_alphabetic() || b[name_at] == b'!') {
            from = lt + 1;
            continue;
        }
        // End of the tag, skipping quoted attribute values.
        let mut i = name_at + name_len;
        let mut quote: Option<u8> = None;
        while i < b.len() {
            match (quote, b[i]) {
                (Some(q), c) if c == q => quote = None,
                (None, b'"' | b'\'') => quote = Some(b[i]),
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        let end = (i + 1).min(b.len());
        let self_closing = i > 0 && b[(i - 1).min(b.len() - 1)] == b'/';
        let name = &b[name_at..name_at + name_len];
        let flat = self_closing || in_list(FLAT, name).is_some();
        return Some(Tag { start: lt, end, closing, flat, raw: in_list(RAW, name) });
    }
    None
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| from + p)
}

/// Like [`find`] for a needle starting with `<`, ignoring ASCII case.
fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let lt = at + memchr::memchr(b'<', b.get(at..)?)?;
        if b.get(lt..lt + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)) {
            return Some(lt);
        }
        at = lt + 1;
    }
}

/// Walks the tags, calling `f(tag, depth_before)`.
fn walk(html: &str, mut f: impl FnMut(&Tag, usize)) {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(tag) = next_tag(b, at) {
        at = tag.end;
        f(&tag, depth);
        if tag.closing {
            if !tag.flat {
                depth = depth.saturating_sub(1);
            }
        } else if !tag.flat {
            depth += 1;
            if let Some(r) = tag.raw {
                // Skip to the matching end tag.
                let close = format!("</{}", RAW[r]);
                at = find_ci(b, at, close.as_bytes()).unwrap_or(b.len());
            }
        }
    }
}

/// `html` unchanged when it nests at most [`MAX_DEPTH`] deep, else a copy
/// without the tags below that depth.
pub fn limit_depth(html: &str) -> Cow<'_, str> {
    // Fast exit: a page needs that many `<` to be that deep.
    if html.len() < MAX_DEPTH * 3 {
        return Cow::Borrowed(html);
    }
    let mut max = 0;
    walk(html, |_, d| max = max.max(d));
    if max <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    walk(html, |tag, depth| {
        let deep = if tag.closing { depth > MAX_DEPTH } else { depth >= MAX_DEPTH };
        if deep && !tag.flat {
            out.push_str(&html[copied..tag.start]);
            out.push(' ');
            copied = tag.end;
        }
    });
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = format!("<html><body>{}</body></html>", "<div><p>text<br>more</p><ul><li>a<li>b</ul></div>".repeat(500));
        assert!(matches!(limit_depth(&page), Cow::Borrowed(_)));
        let scripts = format!("<script>{}</script><p>x</p>", "<div>".repeat(5000));
        assert!(matches!(limit_depth(&scripts), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let n = 5000;
        let page = format!("<html><body>{}<p>The harbour reopened.</p>{}</body></html>", "<div class=\"x\">".repeat(n), "</div>".repeat(n));
        let out = limit_depth(&page);
        assert!(out.contains("The harbour reopened."));
        assert!(out.matches("<div").count() <= MAX_DEPTH);
        let e = crate::extract_html(&page);
        assert_eq!(e.text, "The harbour reopened.");
    }

    #[test]
    fn never_panics_on_odd_tags() {
        for s in ["<", "<<<>>>", "</", "<a href='>", "<!--", "<div\"", &"<b>".repeat(3000), &"<x-y z=\">\">".repeat(2000)] {
            let _ = limit_depth(s);
        }
    }
}
