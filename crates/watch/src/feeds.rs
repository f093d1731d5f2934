//! Feeds and feed lists: RSS 0.9x/1.0/2.0, Atom and JSON Feed through
//! `feed-rs`; OPML lists through `quick-xml`.

use std::path::Path;

use quick_xml::events::Event;

/// One entry of a feed, reduced to what chorus uses.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FeedItem {
    /// The article's address (absolute).
    pub link: String,
    pub title: Option<String>,
    /// RFC 3339, when the feed gives a date.
    pub published: Option<String>,
    pub author: Option<String>,
    /// The entry's own HTML (full content, else summary): ingested in place
    /// of the page when the page cannot be fetched or may not be crawled.
    pub content: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

/// Parses feed bytes (any of the supported formats, detected from the
/// content). `base` resolves relative links. Entries without a usable link
/// are dropped.
pub fn parse_feed(bytes: &[u8], base: &str) -> Result<Feed, String> {
    let parser = feed_rs::parser::Builder::new().base_uri(Some(base)).build();
    let feed = parser.parse(bytes).map_err(|e| format!("not a valid RSS, Atom or JSON feed: {e}"))?;
    let mut items = Vec::with_capacity(feed.entries.len());
    for e in feed.entries {
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.trim().to_string())
            .or_else(|| (e.id.starts_with("http://") || e.id.starts_with("https://")).then(|| e.id.clone()));
        let Some(link) = link.and_then(|l| absolute(base, &l)) else { continue };
        let content = e.content.and_then(|c| c.body).or_else(|| e.summary.map(|s| s.content)).filter(|c| !c.trim().is_empty());
        items.push(FeedItem {
            link,
            title: e.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty()),
            published: e.published.or(e.updated).map(|d| d.to_rfc3339()),
            author: e.authors.first().and_then(|p| p.name.as_deref()).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
            content,
        });
    }
    Ok(Feed { title: feed.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty()), items })
}

/// `link` made absolute against `base`; `None` for non-HTTP links.
pub fn absolute(base: &str, link: &str) -> Option<String> {
    let link = link.trim();
    if link.starts_with("http://") || link.starts_with("https://") {
        return Some(link.to_string());
    }
    let (scheme, rest) = base.split_once("://")?;
    if let Some(l) = link.strip_prefix("//") {
        return Some(format!("{scheme}://{l}"));
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if link.starts_with('/') {
        return Some(format!("{origin}{link}"));
    }
    if link.is_empty() || link.contains(':') {
        return None;
    }
    let path = &rest[host_end..];
    let dir = path.rfind('/').map_or("/", |p| &path[..=p]);
    Some(format!("{origin}{dir}{link}"))
}

/// A feed listed in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRef {
    pub url: String,
    pub title: Option<String>,
}

/// Every `<outline xmlUrl=…>` of an OPML document, at any depth, in order
/// and without repeats.
pub fn parse_opml(text: &str) -> Result<Vec<FeedRef>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out: Vec<FeedRef> = Vec::new();
    let mut saw_opml = false;
    let mut depth = 0usize;
    loop {
        let event = reader.read_event();
        match &event {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name.eq_ignore_ascii_case(b"opml") {
                    saw_opml = true;
                }
                if !name.eq_ignore_ascii_case(b"outline") {
                    continue;
                }
                let (mut url, mut title) = (None, None);
                for a in e.attributes().flatten() {
                    let key = a.key.local_name();
                    let value = a.unescape_value().map(|v| v.trim().to_string()).unwrap_or_default();
                    if key.as_ref().eq_ignore_ascii_case(b"xmlurl") {
                        url = Some(value);
                    } else if key.as_ref().eq_ignore_ascii_case(b"title") || (key.as_ref() == b"text" && title.is_none()) {
                        title = Some(value);
                    }
                }
                if let Some(u) = url.filter(|u| u.starts_with("http://") || u.starts_with("https://")) {
                    if !out.iter().any(|f| f.url == u) {
                        out.push(FeedRef { url: u, title: title.filter(|t| !t.is_empty()) });
                    }
                }
            }
            Ok(Event::Eof) if depth > 0 => return Err("malformed OPML: the file ends before its elements are closed".into()),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("malformed OPML at byte {}: {e}", reader.buffer_position())),
        }
    }
    if !saw_opml {
        return Err("not an OPML document (no <opml> element)".into());
    }
    Ok(out)
}

/// Feed list from command-line arguments: `http(s)://…` URLs as they are,
/// anything else is read as an OPML file.
pub fn feeds_from_args(args: &[String]) -> Result<Vec<FeedRef>, String> {
    let mut out: Vec<FeedRef> = Vec::new();
    for a in args {
        let found = if a.starts_with("http://") || a.starts_with("https://") {
            vec![FeedRef { url: a.clone(), title: None }]
        } else {
            let text = std::fs::read_to_string(Path::new(a)).map_err(|e| format!("{a}: cannot read: {e}"))?;
            let list = parse_opml(&text).map_err(|e| format!("{a}: {e}"))?;
            if list.is_empty() {
                return Err(format!("{a}: the OPML file lists no feeds (outline elements with xmlUrl)"));
            }
            list
        };
        for f in found {
            if !out.iter().any(|g| g.url == f.url) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_and_json_feed() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Times</title>
<item><title>Bridge opens</title><link>/news/bridge</link><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate><description>&lt;p&gt;The bridge opened.&lt;/p&gt;</description></item>
<item><title>No link</title></item></channel></rss>"#;
        let f = parse_feed(rss.as_bytes(), "https://times.example/feed.xml").unwrap();
        assert_eq!(f.title.as_deref(), Some("Valley Times"));
        assert_eq!(f.items.len(), 1);
        assert_eq!(f.items[0].link, "https://times.example/news/bridge");
        assert_eq!(f.items[0].published.as_deref(), Some("2026-03-03T09:00:00+00:00"));
        assert!(f.items[0].content.as_deref().unwrap().contains("bridge opened"));

        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Post</title><id>urn:x</id><updated>2026-03-03T10:00:00Z</updated>
<entry><title>Ferry strike ends</title><id>urn:y</id><link href="https://post.example/ferry"/><updated>2026-03-03T10:00:00Z</updated><author><name>Pau Serra</name></author></entry></feed>"#;
        let f = parse_feed(atom.as_bytes(), "https://post.example/atom").unwrap();
        assert_eq!(f.items[0].link, "https://post.example/ferry");
        assert_eq!(f.items[0].author.as_deref(), Some("Pau Serra"));

        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Hill Radio","items":[{"id":"1","url":"https://radio.example/a","title":"Snow closes pass","content_html":"<p>Snow closed the pass.</p>","date_published":"2026-03-04T07:00:00Z"}]}"#;
        let f = parse_feed(json.as_bytes(), "https://radio.example/feed.json").unwrap();
        assert_eq!(f.items[0].link, "https://radio.example/a");
        assert_eq!(f.items[0].content.as_deref(), Some("<p>Snow closed the pass.</p>"));

        let rss091 = r#"<?xml version="1.0"?><rss version="0.91"><channel><title>Old Gazette</title><link>https://old.example/</link><description>d</description><item><title>Mill closes</title><link>https://old.example/mill</link></item></channel></rss>"#;
        assert_eq!(parse_feed(rss091.as_bytes(), "https://old.example/rss").unwrap().items[0].link, "https://old.example/mill");
        let rss10 = r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link><description>d</description></channel><item rdf:about="https://rdf.example/a"><title>Canal drained</title><link>https://rdf.example/a</link></item></rdf:RDF>"#;
        assert_eq!(parse_feed(rss10.as_bytes(), "https://rdf.example/rss").unwrap().items[0].link, "https://rdf.example/a");
        assert!(parse_feed(b"<rss><channel><item>", "https://x.example/").is_err());
        assert!(parse_feed(b"hello", "https://x.example/").is_err());
    }

    #[test]
    fn opml_nested_and_deduplicated() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>News</title></head><body>
<outline text="Local"><outline text="Valley Times" type="rss" xmlUrl="https://times.example/feed.xml"/>
<outline title="Harbour Post" xmlUrl="https://post.example/atom"/></outline>
<outline text="Dup" xmlUrl="https://times.example/feed.xml"/><outline text="not a feed" xmlUrl="ftp://x"/></body></opml>"#;
        let feeds = parse_opml(opml).unwrap();
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].title.as_deref(), Some("Valley Times"));
        assert_eq!(feeds[1].url, "https://post.example/atom");
        assert!(parse_opml("<html><body></body></html>").is_err());
        assert!(parse_opml("<opml><body><outline xmlUrl='https://a.example/' </body>").is_err());
    }

    #[test]
    fn relative_links() {
        assert_eq!(absolute("https://a.example/x/feed.xml", "item.html").as_deref(), Some("https://a.example/x/item.html"));
        assert_eq!(absolute("https://a.example", "/a").as_deref(), Some("https://a.example/a"));
        assert_eq!(absolute("https://a.example/f", "//b.example/c").as_deref(), Some("https://b.example/c"));
        assert_eq!(absolute("https://a.example/f", "mailto:x@y"), None);
    }
}
