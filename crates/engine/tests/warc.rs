//! WARC and WARC.gz input: small crawls built here (fictional pages
//! written for these tests), read through `read_source` and ingested
//! through the engine.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use chorus_engine::read::{expand_paths, read_source};
use chorus_engine::{Engine, IngestOptions, ReadOptions};
use chorus_model::{Body, Diagnostic, RawInput};

const DATE: &str = "2031-05-04T10:00:00Z";

fn page(title: &str, paragraphs: &[&str]) -> String {
    let mut s = format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><article><h1>{title}</h1>\n");
    for p in paragraphs {
        s.push_str(&format!("<p>{p}</p>\n"));
    }
    s.push_str("</article></body></html>\n");
    s
}

fn bridge_page() -> String {
    page(
        "Varnholt opens its rebuilt footbridge over the Mirel",
        &[
            "The town of Varnholt reopened its footbridge over the river Mirel on Saturday morning, eighteen months after spring floods tore away the old timber span.",
            "The new bridge is 140 metres long and rests on three concrete piers, two more than its predecessor, according to the municipal works office.",
            "\"People crossed this river on planks for a year and a half,\" said mayor Ilse Draxler at the opening. \"Today they can cross it dry-footed again.\"",
            "The works cost 3.2 million crowns, most of it paid from the regional flood fund, and the bridge will be lit at night from next month.",
        ],
    )
}

fn orchard_page() -> String {
    page(
        "Tessary orchard cooperative reports record pear harvest",
        &[
            "The fruit growers' cooperative of Tessary said on Monday that its members picked 2,400 tonnes of pears this autumn, the largest harvest in its forty-year history.",
            "A mild spring without late frost and a wet August explain most of the gain, cooperative chair Otto Brenmark told members at the annual meeting.",
            "The cooperative plans to open a second cold store next year so that it can sell fruit well into the winter months.",
        ],
    )
}

fn ferry_page() -> String {
    page(
        "Night ferry to Kessel Island runs through the winter",
        &[
            "The night ferry between Port Amsel and Kessel Island will keep running through the winter for the first time, the island council decided on Thursday.",
            "Until now the last crossing of the day left at seven in the evening from October to April, which islanders said kept them from evening shifts on the mainland.",
            "The extra crossings will be paid for by the council for two winters, after which passenger numbers will be reviewed.",
        ],
    )
}

/// A page in Windows-1252 that says so only in its `<meta>`.
fn cafe_page_cp1252() -> Vec<u8> {
    let html = "<!DOCTYPE html>\n<html><head><meta charset=\"windows-1252\"><title>Le café de la place Morvan rouvre</title></head>\n\
        <body><article><h1>Le café de la place Morvan rouvre</h1>\n\
        <p>Le café de la place Morvan, fermé depuis l’incendie de février, a rouvert ses portes mercredi après sept mois de travaux.</p>\n\
        <p>« Nous avons gardé le comptoir d’origine », a dit la gérante, Mireille Cavaut. “Les habitués le voulaient.”</p>\n\
        <p>La salle compte désormais quarante places et une terrasse couverte donnant sur la fontaine.</p>\n\
        </article></body></html>\n";
    html.chars()
        .map(|c| match c {
            'é' => 0xE9,
            'è' => 0xE8,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '«' => 0xAB,
            '»' => 0xBB,
            c if c.is_ascii() => c as u8,
            c => panic!("no Windows-1252 byte for {c:?} in this test"),
        })
        .collect()
}

fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (k, v) in headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn record(n: u32, kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012}>\r\nWARC-Date: {DATE}\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for c in body.chunks(size) {
        out.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        out.extend_from_slice(c);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

const HTTP: &str = "application/http; msgtype=response";

/// The records of the test crawl, in order: which of them are pages, and
/// their URLs.
fn crawl() -> Vec<Vec<u8>> {
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    vec![
        // 1: warcinfo
        record(1, "warcinfo", "", "application/warc-fields", b"software: test-crawler/0.1\r\nformat: WARC File Format 1.1\r\n"),
        // 2: the request for page 3
        record(
            2,
            "request",
            "https://www.harbour-ledger.example/news/varnholt-bridge",
            "application/http; msgtype=request",
            b"GET /news/varnholt-bridge HTTP/1.1\r\nHost: www.harbour-ledger.example\r\n\r\n",
        ),
        // 3: an HTML page
        record(
            3,
            "response",
            "https://www.harbour-ledger.example/news/varnholt-bridge",
            HTTP,
            &http("200 OK", &[("Content-Type", "text/html; charset=utf-8")], bridge_page().as_bytes()),
        ),
        // 4: not found
        record(
            4,
            "response",
            "https://www.harbour-ledger.example/news/missing",
            HTTP,
            &http("404 Not Found", &[("Content-Type", "text/html")], page("Not found", &["This page does not exist."]).as_bytes()),
        ),
        // 5: an image
        record(5, "response", "https://www.harbour-ledger.example/logo.png", HTTP, &http("200 OK", &[("Content-Type", "image/png")], &png)),
        // 6: chunked and gzip-encoded
        record(
            6,
            "response",
            "https://valley-courier.example/2031/05/tessary-pears",
            HTTP,
            &http(
                "200 OK",
                &[("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                &chunked(&gzip(orchard_page().as_bytes()), 100),
            ),
        ),
        // 7: Windows-1252, declared in a <meta> only
        record(7, "response", "http://lesnouvelles.example/cafe-morvan", HTTP, &http("200 OK", &[("Content-Type", "text/html")], &cafe_page_cp1252())),
        // 8: a resource record holding a page
        record(8, "resource", "https://ferries.example/news/winter-night-ferry", "text/html", ferry_page().as_bytes()),
    ]
}

const PAGES: [(&str, &str); 4] = [
    ("#record-3", "https://www.harbour-ledger.example/news/varnholt-bridge"),
    ("#record-6", "https://valley-courier.example/2031/05/tessary-pears"),
    ("#record-7", "http://lesnouvelles.example/cafe-morvan"),
    ("#record-8", "https://ferries.example/news/winter-night-ferry"),
];

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn plain(records: &[Vec<u8>]) -> Vec<u8> {
    records.concat()
}

/// One gzip member per record, as WARC writers do.
fn gz(records: &[Vec<u8>]) -> Vec<u8> {
    records.iter().flat_map(|r| gzip(r)).collect()
}

fn read(path: &Path, opts: &ReadOptions) -> (Vec<RawInput>, Vec<Diagnostic>) {
    let (sources, diags) = expand_paths(&[path.to_path_buf()]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(sources.len(), 1, "{} is taken as an input", path.display());
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for s in &sources {
        read_source(s, opts, &mut |r| match r {
            Ok(x) => ok.push(x),
            Err(d) => bad.push(d),
        });
    }
    (ok, bad)
}

fn html(r: &RawInput) -> &str {
    match &r.body {
        Body::Html(h) => h,
        Body::Text(_) => panic!("{} should be HTML", r.origin),
    }
}

fn check_pages(path: &Path, ok: &[RawInput]) {
    let got: Vec<(String, Option<&str>)> = ok.iter().map(|r| (r.origin.clone(), r.url.as_deref())).collect();
    let want: Vec<(String, Option<&str>)> =
        PAGES.iter().map(|(rec, url)| (format!("{}{rec}", path.display()), Some(*url))).collect();
    assert_eq!(got, want);
    for r in ok {
        assert_eq!(r.ext_id, r.url, "the target URI is the record's id");
        assert_eq!(r.published, None, "the crawl date is not the publication date");
        assert_eq!(r.meta.get("warc_date").and_then(|v| v.as_str()), Some(DATE));
        assert!(r.meta.get("warc_record_id").and_then(|v| v.as_str()).is_some_and(|id| id.starts_with("<urn:uuid:")));
    }
    let sources: Vec<Option<&str>> = ok.iter().map(|r| r.source.as_deref()).collect();
    assert_eq!(
        sources,
        [Some("harbour-ledger.example"), Some("valley-courier.example"), Some("lesnouvelles.example"), Some("ferries.example")]
    );
    assert!(html(&ok[0]).contains("mayor Ilse Draxler"));
    assert!(html(&ok[1]).contains("2,400 tonnes of pears"), "chunked + gzip undone: {:?}", &html(&ok[1])[..80.min(html(&ok[1]).len())]);
    assert!(html(&ok[2]).contains("Le café de la place Morvan"), "Windows-1252 decoded");
    assert!(html(&ok[2]).contains("“Les habitués le voulaient.”") && html(&ok[2]).contains("l’incendie"));
    assert!(html(&ok[3]).contains("Port Amsel"));
}

#[test]
fn plain_warc_yields_the_html_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc", &plain(&crawl()));
    let (ok, bad) = read(&path, &ReadOptions::default());
    assert!(bad.is_empty(), "{bad:?}");
    check_pages(&path, &ok);
}

#[test]
fn gzipped_warc_yields_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc.gz", &gz(&crawl()));
    let (ok, bad) = read(&path, &ReadOptions::default());
    assert!(bad.is_empty(), "{bad:?}");
    check_pages(&path, &ok);
    // one gzip stream for the whole file works too
    let path = write(dir.path(), "whole.warc.gz", &gzip(&plain(&crawl())));
    let (ok, bad) = read(&path, &ReadOptions::default());
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), PAGES.len());
}

#[test]
fn source_and_published_options_apply() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc", &plain(&crawl()));
    let opts = ReadOptions { source: Some("Crawl 7".into()), published: Some("2031-05-01".into()) };
    let (ok, _) = read(&path, &opts);
    assert!(ok.iter().all(|r| r.source.as_deref() == Some("Crawl 7") && r.published.as_deref() == Some("2031-05-01")));
}

#[test]
fn truncated_warc_gz_keeps_earlier_records() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl();
    let mut bytes = gz(&records);
    let last = gzip(records.last().unwrap()).len();
    bytes.truncate(bytes.len() - last / 2);
    let path = write(dir.path(), "cut.warc.gz", &bytes);
    let (ok, bad) = read(&path, &ReadOptions::default());
    let urls: Vec<_> = ok.iter().map(|r| r.url.as_deref().unwrap()).collect();
    assert_eq!(urls, PAGES[..3].iter().map(|p| p.1).collect::<Vec<_>>());
    assert_eq!(bad.len(), 1, "{bad:?}");
    let d = &bad[0];
    assert_eq!(d.origin, format!("{}#record-8", path.display()));
    assert!(d.message.contains("gzip") && d.message.contains("gzip member at byte"), "{d}");
}

#[test]
fn truncated_plain_warc_keeps_earlier_records() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl();
    let mut bytes = plain(&records);
    bytes.truncate(bytes.len() - records.last().unwrap().len() / 2);
    let path = write(dir.path(), "cut.warc", &bytes);
    let (ok, bad) = read(&path, &ReadOptions::default());
    assert_eq!(ok.len(), 3);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].origin, format!("{}#record-8", path.display()));
    assert!(bad[0].message.contains("truncated record") && bad[0].message.contains("at byte"), "{}", bad[0]);
}

#[test]
fn damaged_gzip_member_is_skipped_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<Vec<u8>> = crawl().iter().map(|r| gzip(r)).collect();
    // damage the compressed data of record 3 (the first page)
    let mut damaged = members.clone();
    let m = &mut damaged[2];
    let mid = m.len() / 2;
    for b in &mut m[mid..mid + 8] {
        *b = !*b;
    }
    let path = write(dir.path(), "damaged.warc.gz", &damaged.concat());
    let (ok, bad) = read(&path, &ReadOptions::default());
    let urls: Vec<_> = ok.iter().map(|r| r.url.as_deref().unwrap()).collect();
    assert_eq!(urls, PAGES[1..].iter().map(|p| p.1).collect::<Vec<_>>());
    assert_eq!(bad.len(), 1, "{bad:?}");
    let offset: usize = members[..2].iter().map(Vec::len).sum();
    assert_eq!(bad[0].origin, format!("{}#record-3", path.display()));
    assert!(bad[0].message.contains(&format!("gzip member at byte {offset}")), "{}", bad[0]);
}

#[test]
fn bad_record_header_is_skipped_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut records = crawl();
    // record 3 loses its Content-Length
    let s = String::from_utf8_lossy(&records[2]).into_owned();
    records[2] = s.replacen("Content-Length:", "Content-Lenght:", 1).into_bytes();
    for (name, bytes) in [("bad.warc", plain(&records)), ("bad.warc.gz", gz(&records))] {
        let path = write(dir.path(), name, &bytes);
        let (ok, bad) = read(&path, &ReadOptions::default());
        assert_eq!(ok.len(), 3, "{name}: {bad:?}");
        assert_eq!(bad.len(), 1, "{name}: {bad:?}");
        assert_eq!(bad[0].origin, format!("{}#record-3", path.display()));
        assert!(bad[0].message.contains("no Content-Length"), "{}", bad[0]);
    }
}

#[test]
fn unsupported_content_encoding_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let block = http("200 OK", &[("Content-Type", "text/html"), ("Content-Encoding", "br")], &[0x1b, 0x2c, 0x01, 0x00, 0x44, 0x9d]);
    let records = vec![record(1, "response", "https://br.example/a", HTTP, &block), crawl()[2].clone()];
    let path = write(dir.path(), "br.warc", &plain(&records));
    let (ok, bad) = read(&path, &ReadOptions::default());
    assert_eq!(ok.len(), 1);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].origin, format!("{}#record-1", path.display()));
    assert!(bad[0].message.contains("unsupported Content-Encoding \"br\""), "{}", bad[0]);
}

#[test]
fn not_a_warc_file_is_one_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notes.warc", b"just some notes\nthat are not a crawl\n");
    let (ok, bad) = read(&path, &ReadOptions::default());
    assert!(ok.is_empty());
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].message.contains("no WARC record"), "{}", bad[0]);
    let path = write(dir.path(), "notes.warc.gz", &gzip(b"just some notes\n"));
    let (ok, bad) = read(&path, &ReadOptions::default());
    assert!(ok.is_empty());
    assert_eq!(bad.len(), 1, "{bad:?}");
}

#[test]
fn ingest_stores_the_pages_with_their_urls() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "crawl.warc.gz", &gz(&crawl()));
    let ingest = |engine: &mut Engine| {
        let (sources, diags) = expand_paths(std::slice::from_ref(&path));
        assert!(diags.is_empty());
        let mut inputs = Vec::new();
        for s in &sources {
            read_source(s, &ReadOptions::default(), &mut |r| inputs.push(r));
        }
        engine.ingest(inputs.into_iter(), &IngestOptions::default()).unwrap()
    };
    let db = dir.path().join("store.db");
    let mut engine = Engine::open(&db).unwrap();
    let report = ingest(&mut engine);
    assert_eq!(report.ingested, PAGES.len() as u64, "{:?}", report.diagnostics);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let set = engine.briefs(None).unwrap();
    let docs = common::documents(&engine, &set);
    let mut urls: Vec<&str> = docs.iter().filter_map(|d| d.url.as_deref()).collect();
    urls.sort();
    let mut want: Vec<&str> = PAGES.iter().map(|p| p.1).collect();
    want.sort();
    assert_eq!(urls, want);
    let bridge = docs.iter().find(|d| d.url.as_deref() == Some(PAGES[0].1)).unwrap();
    assert_eq!(bridge.source.as_deref(), Some("harbour-ledger.example"));
    assert!(bridge.text.contains("140 metres long"), "{}", bridge.text);
    assert!(!bridge.text.contains("HTTP/1.1"), "no HTTP header in the text");
    let cafe = docs.iter().find(|d| d.url.as_deref() == Some(PAGES[2].1)).unwrap();
    assert!(cafe.text.contains("après sept mois de travaux"), "{}", cafe.text);
    drop(engine);

    // the same crawl again: everything is already stored
    let mut engine = Engine::open(&db).unwrap();
    let again = ingest(&mut engine);
    assert_eq!((again.ingested, again.already_stored), (0, PAGES.len() as u64));
}
