//! Black-box tests of the `chorus` binary on fixtures written for the
//! project (`tests/fixtures/` at the workspace root).

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn chorus(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chorus"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CHORUS_DB")
        .output()
        .expect("run chorus")
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn demo_prints_a_cited_brief() {
    let dir = tempfile::tempdir().unwrap();
    let out = chorus(&dir.path().join("x.db"), &["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.starts_with("# "));
    assert!(md.contains("## Lead") && md.contains("## Sources") && md.contains("[^1]: "));
    assert!(md.contains("independent sources"));
}

#[test]
fn ingest_reports_bad_input_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let f = fixtures();
    let paths: Vec<String> = ["mixed.jsonl", "council.txt", "ferry.html", "latin1.txt", "garbage.bin"]
        .iter()
        .map(|p| f.join(p).display().to_string())
        .collect();
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(String::as_str));
    let out = chorus(&db, &args);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("mixed.jsonl:3") && err.contains("malformed JSON"), "{err}");
    assert!(err.contains("mixed.jsonl:5") && err.contains("empty"), "{err}");
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("garbage.bin"), "{err}");
    assert!(err.contains("ingested 5 new documents"), "{err}");
    assert!(!err.contains("panicked"));

    // idempotent: the same input again adds nothing and still succeeds
    let again = chorus(&db, &args);
    assert!(again.status.success());
    assert!(text(&again.stderr).contains("ingested 0 new documents (5 already stored"), "{}", text(&again.stderr));

    let stories = chorus(&db, &["stories"]);
    assert!(stories.status.success());
    let listing = text(&stories.stdout);
    assert!(listing.starts_with("id\tdocs\tsources"));
    assert!(listing.lines().count() >= 2);

    let json = chorus(&db, &["brief", "--all", "--format", "json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&json.stdout)).unwrap();
    assert!(!v["stories"].as_array().unwrap().is_empty());
    // the HTML page's boilerplate did not survive extraction
    let all = text(&json.stdout);
    assert!(!all.to_lowercase().contains("cookie"), "cookie banner leaked into a brief");
}

#[test]
fn nothing_ingested_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = chorus(&dir.path().join("t.db"), &["ingest", fixtures().join("garbage.bin").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("binary") || text(&out.stderr).contains("UTF-8"));
    let missing = chorus(&dir.path().join("t.db"), &["ingest", "/no/such/file.jsonl"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("no such file"));
}

#[test]
fn unknown_story_and_missing_store_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let out = chorus(&db, &["stories"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no store"));
    let ok = chorus(&db, &["ingest", fixtures().join("council.txt").to_str().unwrap()]);
    assert!(ok.status.success());
    let out = chorus(&db, &["brief", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no story"), "{}", text(&out.stderr));
}

#[test]
fn run_reads_jsonl_from_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["run", "-", "--format", "json"])
        .env_remove("CHORUS_DB")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let line = r#"{"id":"x1","source":"Example Gazette","published":"2026-03-02","title":"Tram line reopens","text":"The Harbour Street tram line reopened on Monday after three weeks of track repairs. Officials said 40 trams an hour would run at peak times."}"#;
    child.stdin.take().unwrap().write_all(format!("{line}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(v["stories"][0]["documents"][0]["ext_id"], "x1");
    assert_eq!(v["stories"][0]["documents"][0]["published"], "2026-03-02T00:00:00Z");
}

const PAGE_1252: &[u8] = b"<html lang=\"en\"><head><meta charset=\"windows-1252\"><title>Caf\xE9 reopens after flood | Valley Times</title></head>\
<body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
<article><h1>Caf\xE9 reopens after flood</h1><p>The \x93Riverside Caf\xE9\x94 in Lorn reopened on Saturday, six weeks after the river burst its banks and filled the ground floor with mud.</p>\
<h2>Repairs</h2><p>Volunteers spent four weekends scraping the walls, the owner said, and the town council paid for new wiring and a new floor.</p></article>\
<div class=\"share-bar\"><a href=\"#\">Share on social media</a></div></body></html>";

#[test]
fn extract_prints_text_markdown_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("cafe.html");
    std::fs::write(&page, PAGE_1252).unwrap();
    let db = dir.path().join("unused.db");
    let p = page.to_str().unwrap();

    let out = chorus(&db, &["extract", p]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    assert!(t.contains("\u{201c}Riverside Café\u{201d}"), "{t}");
    assert!(!t.contains("Share on social") && !t.contains("Home"), "{t}");

    let out = chorus(&db, &["extract", "-f", "markdown", p]);
    let md = text(&out.stdout);
    assert!(md.starts_with("# Café reopens after flood\n"), "{md}");
    assert!(md.contains("\n## Repairs\n"), "{md}");

    let out = chorus(&db, &["extract", "-f", "json", p]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["encoding"], "windows-1252");
    assert_eq!(v["language"], "en");
    assert_eq!(v["title"], "Café reopens after flood");

    // A page without an article says so with exit code 1.
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "<html><body><nav><a href='/'>Home</a></nav></body></html>").unwrap();
    let out = chorus(&db, &["extract", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no article text"));
}

#[test]
fn eval_extract_writes_benchmark_json_and_scores() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("p1.html"), PAGE_1252).unwrap();
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(pages.join("p2.html.gz")).unwrap(), flate2::Compression::default());
    gz.write_all(b"<html><body><p>The ferry crews went back to work on Friday after the company agreed to a new contract with the union.</p></body></html>").unwrap();
    gz.finish().unwrap();
    // A truncated gzip page is reported and the rest still scored.
    std::fs::write(pages.join("p3.html.gz"), [0x1f, 0x8b, 0x08, 0x00, 0x00]).unwrap();
    let gold = dir.path().join("gold.json");
    std::fs::write(
        &gold,
        r#"{"p1": {"articleBody": "The “Riverside Café” in Lorn reopened on Saturday, six weeks after the river burst its banks and filled the ground floor with mud.\nRepairs\nVolunteers spent four weekends scraping the walls, the owner said, and the town council paid for new wiring and a new floor."},
            "p2": {"articleBody": "The ferry crews went back to work on Friday after the company agreed to a new contract with the union."}}"#,
    )
    .unwrap();
    let out_json = dir.path().join("pred.json");
    let out = chorus(
        &dir.path().join("unused.db"),
        &["eval", "extract", pages.to_str().unwrap(), "--out", out_json.to_str().unwrap(), "--gold", gold.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("p3.html.gz"), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("pages=2 failed=1"), "{stdout}");
    assert_eq!(stdout.trim_end().lines().last(), Some("f1=1.0000"), "{stdout}");
    let pred: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out_json).unwrap()).unwrap();
    assert!(pred["p2"]["articleBody"].as_str().unwrap().starts_with("The ferry crews"));
}

#[test]
fn watch_rejects_bad_feed_lists_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let empty = dir.path().join("empty.opml");
    std::fs::write(&empty, "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"folder\"/></body></opml>").unwrap();
    let out = chorus(&db, &["watch", "--once", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("lists no feeds"), "{}", text(&out.stderr));

    let broken = dir.path().join("broken.opml");
    std::fs::write(&broken, "<opml><body><outline xmlUrl=\"https://a.example/feed\"").unwrap();
    let out = chorus(&db, &["watch", "--once", broken.to_str().unwrap()]);
    assert!(text(&out.stderr).contains("malformed OPML"), "{}", text(&out.stderr));

    let out = chorus(&db, &["watch", "--once", "--interval", "soon", "https://a.example/feed"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("not a duration"), "{}", text(&out.stderr));
}

#[test]
fn watch_once_against_a_dead_feed_fails_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    drop(listener);
    let out = chorus(&dir.path().join("w.db"), &["watch", "--once", "--timeout", "2s", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("feed failed") && err.contains("every feed failed"), "{err}");
}

#[test]
fn truncated_gzip_and_undeclared_charset_do_not_stop_an_ingest() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let gz = |data: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    };
    let mut jsonl = String::new();
    for i in 0..40 {
        jsonl.push_str(&format!(
            "{{\"id\":\"r{i}\",\"source\":\"Outlet {i}\",\"title\":\"Vell harbour day {i}\",\"text\":\"The harbour of Vell reopened on day {i} after storm repairs were finished ahead of schedule, officials said.\"}}\n"
        ));
    }
    let z = gz(jsonl.as_bytes());
    std::fs::write(inputs.join("cut.jsonl.gz"), &z[..z.len() * 2 / 3]).unwrap();
    let z = gz(PAGE_1252);
    std::fs::write(inputs.join("cut.html.gz"), &z[..z.len() - 12]).unwrap();
    // Windows-1252 bytes with no declaration at all.
    std::fs::write(
        inputs.join("w1252.html"),
        b"<html><body><article><p>The caf\xe9 \x93Marina\x94 in Vell reopened on Friday, six weeks after the flood filled its ground floor with mud.</p></article></body></html>",
    )
    .unwrap();
    let db = dir.path().join("t.db");
    let out = chorus(&db, &["ingest", inputs.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("cut.html.gz: truncated or damaged gzip data"), "{err}");
    assert!(err.contains("cut.jsonl.gz:") && err.contains("lines before were read"), "{err}");
    let read: usize = err.split("the ").nth(1).and_then(|t| t.split(' ').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(read > 5, "{err}");
    assert!(err.contains(&format!("ingested {} new documents", read + 1)), "{err}");
    let out = chorus(&db, &["brief", "--all", "-f", "json"]);
    assert!(text(&out.stdout).contains("café “Marina”"), "the page was decoded as Windows-1252");
}

#[test]
fn train_ner_reports_missing_or_bad_resources() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out_model = dir.path().join("m.bin");
    let res = dir.path().join("res");
    let args = |r: &std::path::Path| {
        vec![
            "train".to_string(),
            "ner".into(),
            "--resources".into(),
            r.display().to_string(),
            "--out".into(),
            out_model.display().to_string(),
        ]
    };
    let run = |a: Vec<String>| chorus(&db, &a.iter().map(String::as_str).collect::<Vec<_>>());
    let out = run(args(&res));
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("scripts/ner-resources"), "{}", text(&out.stderr));
    std::fs::create_dir_all(&res).unwrap();
    std::fs::write(res.join("brown.tsv"), "Orlova\t0110\n").unwrap();
    std::fs::write(res.join("caps.tsv"), "orlova\t3\t-15\n").unwrap();
    std::fs::write(res.join("gazetteer.tsv"), "city\tPort Velnar\nplanet\tMarsh\n").unwrap();
    let out = run(args(&res));
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("gazetteer.tsv:2") && err.contains("unknown list"), "{err}");
    assert!(!out_model.exists(), "no model is written from bad resources");
}
