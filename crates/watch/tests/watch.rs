//! The watch loop against feeds and pages served by a loopback HTTP server
//! started by the test: new items between polls, 304 answers, a page that
//! times out, a malformed feed, robots.txt, state across a restart.
//! All article text is invented for these tests.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chorus_engine::Engine;
use chorus_watch::{FeedRef, FetchConfig, Fetcher, WatchOptions, Watcher};

#[derive(Clone, Default)]
struct Route {
    status: u16,
    content_type: &'static str,
    body: String,
    etag: Option<&'static str>,
    delay: Duration,
}

struct Hit {
    path: String,
    at: Instant,
    if_none_match: Option<String>,
}

#[derive(Clone)]
struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = Server { base, routes: Arc::default(), log: Arc::default() };
        let s = server.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let s = s.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(conn.try_clone().unwrap());
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() {
                        return;
                    }
                    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                    let mut inm = None;
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            if k.trim().eq_ignore_ascii_case("if-none-match") {
                                inm = Some(v.trim().to_string());
                            }
                        }
                    }
                    s.log.lock().unwrap().push(Hit { path: path.clone(), at: Instant::now(), if_none_match: inm.clone() });
                    let route = s.routes.lock().unwrap().get(&path).cloned();
                    let (status, ctype, body, etag) = match route {
                        None => (404, "text/plain", "not found".to_string(), None),
                        Some(r) => {
                            std::thread::sleep(r.delay);
                            if r.etag.is_some() && inm.as_deref() == r.etag {
                                (304, r.content_type, String::new(), r.etag)
                            } else {
                                (r.status, r.content_type, r.body, r.etag)
                            }
                        }
                    };
                    let mut head = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n",
                        body.len()
                    );
                    if let Some(e) = etag {
                        head.push_str(&format!("ETag: {e}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = conn.write_all(head.as_bytes());
                    let _ = conn.write_all(body.as_bytes());
                });
            }
        });
        server
    }

    fn set(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_string(), route);
    }

    fn hits(&self, path: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|h| h.path == path).count()
    }
}

fn ok(content_type: &'static str, body: String) -> Route {
    Route { status: 200, content_type, body, ..Default::default() }
}

fn page(title: &str, para: &str) -> String {
    format!(
        "<html lang=\"en\"><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav>\
<article><h1>{title}</h1><p>{para}</p><p>Engineers from the Lorn valley authority said the dam at Carrow \
held through the night, although the spillway ran at its highest level since it was built, and \
residents of the lower valley were told to stay on higher ground until the water level fell.</p></article></body></html>"
    )
}

fn rss(base: &str, items: &[(&str, &str)]) -> String {
    let mut s = String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Valley Times</title>");
    for (path, title) in items {
        let desc = if path.starts_with("/private") {
            "&lt;p&gt;Volunteers from Carrow filled sandbags along the Lorn river through the night while the dam spillway ran at record level, the valley authority said in a statement on Tuesday morning.&lt;/p&gt;"
        } else {
            ""
        };
        s.push_str(&format!(
            "<item><title>{title}</title><link>{base}{path}</link><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate><description>{desc}</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn options() -> (FetchConfig, WatchOptions) {
    let fetch = FetchConfig { timeout: Duration::from_millis(800), per_host_delay: Duration::from_millis(100), ..Default::default() };
    let opts = WatchOptions { retry_base: Duration::ZERO, workers: 4, ..Default::default() };
    (fetch, opts)
}

#[test]
fn watch_rounds_against_a_local_server() {
    let srv = Server::start();
    let b = &srv.base;
    srv.set("/robots.txt", ok("text/plain", "User-agent: *\nDisallow: /private/\n".into()));
    srv.set(
        "/rss.xml",
        ok("application/rss+xml", rss(b, &[("/a", "Dam holds"), ("/b", "Spillway at record"), ("/private/p", "Sandbags")])),
    );
    srv.set(
        "/atom.xml",
        Route {
            etag: Some("\"v1\""),
            ..ok(
                "application/atom+xml",
                format!(
                    "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Harbour Post</title><id>urn:hp</id><updated>2026-03-03T10:00:00Z</updated>\
<entry><title>Carrow dam update</title><id>urn:c</id><link href=\"{b}/c\"/><updated>2026-03-03T10:00:00Z</updated></entry></feed>"
                ),
            )
        },
    );
    srv.set(
        "/feed.json",
        ok(
            "application/feed+json",
            format!(r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Hill Radio","items":[{{"id":"d","url":"{b}/d","title":"Lower valley told to stay on high ground"}}]}}"#),
        ),
    );
    srv.set("/broken.xml", ok("application/rss+xml", "<rss><channel><item><title>half a feed".into()));
    srv.set("/a", ok("text/html", page("Carrow dam holds through the night", "The dam at Carrow in the Lorn valley held through Monday night after two days of heavy rain, the valley authority said.")));
    srv.set(
        "/b",
        Route {
            delay: Duration::from_millis(2500),
            ..ok("text/html", page("Carrow spillway runs at record level", "The spillway of the Carrow dam ran at a record level on Monday night as rain kept falling over the Lorn valley."))
        },
    );
    srv.set("/private/p", ok("text/html", page("never fetched", "This page is disallowed by robots.txt.")));
    srv.set("/c", ok("text/html", page("Carrow dam: the night in numbers", "Rain gauges in the Lorn valley recorded the wettest two days since the Carrow dam was built, the authority said.")));
    srv.set("/d", ok("text/html", page("Lower Lorn valley told to stay on high ground", "Residents of the lower Lorn valley were told to stay on higher ground while the Carrow dam spillway ran at full flow.")));

    let feeds: Vec<FeedRef> = ["/rss.xml", "/atom.xml", "/feed.json", "/broken.xml"]
        .iter()
        .map(|p| FeedRef { url: format!("{b}{p}"), title: None })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("watch.db");

    // Round 1: /b times out, /broken.xml is malformed, /private/p is
    // disallowed (its feed text is used), the rest is ingested.
    {
        let mut engine = Engine::open(&db).unwrap();
        let (fetch, opts) = options();
        let mut w = Watcher::new(&mut engine, feeds.clone(), Fetcher::new(fetch), opts);
        let r = w.round(true).unwrap();
        assert_eq!(r.feeds_polled, 4);
        assert_eq!(r.feed_errors, 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics.iter().any(|d| d.origin.ends_with("/broken.xml") && d.message.contains("not a valid")), "{:?}", r.diagnostics);
        assert_eq!(r.new_items, 5);
        assert_eq!(r.pages_fetched, 3, "{:?}", r.diagnostics);
        assert_eq!(r.pages_retrying, 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics.iter().any(|d| d.origin.ends_with("/b")), "{:?}", r.diagnostics);
        assert_eq!(r.from_feed_content, 1);
        assert_eq!(r.ingested, 4, "{:?}", r.diagnostics);
        assert_eq!(srv.hits("/private/p"), 0, "robots.txt disallows it");
        assert_eq!(srv.hits("/robots.txt"), 1, "robots.txt is fetched once per run and host");
        assert_eq!(engine.store().document_count().unwrap(), 4);
    }
    // Politeness: within the round, requests to this one host never came
    // closer than the per-host delay.
    {
        let log = srv.log.lock().unwrap();
        let mut times: Vec<Instant> = log.iter().map(|h| h.at).collect();
        times.sort();
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(95), "requests {:?} apart", pair[1] - pair[0]);
        }
    }

    // Between polls: /b recovers, a new item /e appears, the Atom feed is
    // unchanged (ETag) and answers 304.
    srv.set("/b", ok("text/html", page("Carrow spillway runs at record level", "The spillway of the Carrow dam ran at a record level on Monday night as rain kept falling over the Lorn valley.")));
    srv.set("/e", ok("text/html", page("Carrow dam: water level starts to fall", "The water level behind the Carrow dam started to fall on Tuesday afternoon, the Lorn valley authority said.")));
    srv.set(
        "/rss.xml",
        ok(
            "application/rss+xml",
            rss(b, &[("/e", "Level falls"), ("/a", "Dam holds"), ("/b", "Spillway at record"), ("/private/p", "Sandbags")]),
        ),
    );
    {
        let mut engine = Engine::open(&db).unwrap();
        let (fetch, opts) = options();
        let mut w = Watcher::new(&mut engine, feeds.clone(), Fetcher::new(fetch), opts);
        let r = w.round(true).unwrap();
        assert_eq!(r.new_items, 1, "only /e is new");
        assert_eq!(r.feeds_not_modified, 1, "the Atom feed answers 304");
        assert_eq!(r.pages_fetched, 2, "/b (retried) and /e: {:?}", r.diagnostics);
        assert_eq!(r.ingested, 2);
        assert_eq!(engine.store().document_count().unwrap(), 6);
    }
    let atom_hits: Vec<Option<String>> =
        srv.log.lock().unwrap().iter().filter(|h| h.path == "/atom.xml").map(|h| h.if_none_match.clone()).collect();
    assert_eq!(atom_hits, vec![None, Some("\"v1\"".to_string())]);

    // After a restart: nothing is fetched again.
    let before: usize = ["/a", "/b", "/c", "/d", "/e"].iter().map(|p| srv.hits(p)).sum();
    {
        let mut engine = Engine::open(&db).unwrap();
        let (fetch, opts) = options();
        let mut w = Watcher::new(&mut engine, feeds.clone(), Fetcher::new(fetch), opts);
        let r = w.round(true).unwrap();
        assert_eq!((r.new_items, r.pages_fetched, r.ingested), (0, 0, 0));
        let after: usize = ["/a", "/b", "/c", "/d", "/e"].iter().map(|p| srv.hits(p)).sum();
        assert_eq!(before, after);
        assert_eq!(srv.hits("/a"), 1);
        assert_eq!(srv.hits("/b"), 2);

        // The documents formed stories with briefs.
        let stories = engine.stories().unwrap();
        assert!(!stories.is_empty());
        let biggest = &stories[0];
        assert!(biggest.documents >= 3, "the Carrow dam reports form one story: {stories:?}");
        assert!(engine.store().brief(biggest.id.parse().unwrap()).unwrap().is_some());
    }
}

#[test]
fn a_feed_that_cannot_be_reached_backs_off() {
    // A port nothing listens on.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/feed.xml", listener.local_addr().unwrap());
    drop(listener);
    let mut engine = Engine::open_in_memory().unwrap();
    let (fetch, opts) = options();
    let interval = opts.interval;
    let mut w = Watcher::new(&mut engine, vec![FeedRef { url: dead.clone(), title: None }], Fetcher::new(fetch), opts);
    let r = w.round(true).unwrap();
    assert_eq!(r.feed_errors, 1);
    let first = w.next_due().unwrap();
    w.round(true).unwrap();
    let second = w.next_due().unwrap();
    // The second failure waits about twice as long as the first.
    assert!(second - first >= (interval.as_millis() as i64) - 1000, "{first} {second}");
}
