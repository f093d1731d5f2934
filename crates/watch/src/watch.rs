//! The watch loop: poll feeds, fetch new article pages, ingest them.
//!
//! State lives in the store (key–value, see `Store::put_state`), so a
//! restarted watcher neither re-fetches what it has seen nor forgets what
//! it still has to fetch:
//!
//! * `feed:<url>` — validators (ETag, Last-Modified), consecutive failures
//!   and the time of the next poll;
//! * `pending:<url>` — an item found in a feed whose page is not stored
//!   yet: the feed's metadata, attempts and the time of the next try;
//! * `seen:<url>` — an item that was ingested (or given up on, with why).
//!
//! One round: poll the due feeds (conditional GET), record new items as
//! pending, fetch the due pending pages, ingest what came back in one
//! [`Engine::ingest`] call (stories and briefs updated incrementally),
//! then mark those items seen. An item is marked seen only after its
//! document is stored, so a crash in between re-fetches it and the
//! content-based document id stores it once. A page that fails with a
//! transient error is retried with exponential backoff; after
//! `max_attempts`, or when it may not or cannot be fetched at all, the
//! feed's own content for the item is ingested instead when there is any,
//! else the item is recorded as given up, with the reason.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chorus_engine::{Engine, EngineError, IngestOptions};
use chorus_model::{Body, Diagnostic, RawInput};
use serde::{Deserialize, Serialize};

use crate::feeds::{parse_feed, FeedItem, FeedRef};
use crate::fetch::{FetchError, Fetched, Fetcher, Validators};

/// Pages fetched before they are ingested together.
const PAGES_PER_INGEST: usize = 256;

/// Settings of the watch loop.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Time between two polls of a feed that works.
    pub interval: Duration,
    /// Longest wait between polls of a failing feed.
    pub max_backoff: Duration,
    /// First wait before a failed page is tried again (doubles each try).
    pub retry_base: Duration,
    /// Tries per page before falling back to the feed's content.
    pub max_attempts: u32,
    /// Parallel requests (never more than one per host).
    pub workers: usize,
    pub ingest: IngestOptions,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            interval: Duration::from_secs(15 * 60),
            max_backoff: Duration::from_secs(6 * 3600),
            retry_base: Duration::from_secs(60),
            max_attempts: 5,
            workers: 4,
            ingest: IngestOptions::default(),
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Default)]
pub struct RoundReport {
    pub feeds_polled: usize,
    pub feeds_not_modified: usize,
    pub feed_errors: usize,
    pub new_items: usize,
    pub pages_fetched: usize,
    /// Pages that failed and will be tried again.
    pub pages_retrying: usize,
    /// Items ingested from the feed's own content instead of the page.
    pub from_feed_content: usize,
    /// Items given up on (no page, no feed content).
    pub given_up: usize,
    pub ingested: u64,
    pub already_stored: u64,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct FeedState {
    #[serde(default)]
    validators: Validators,
    #[serde(default)]
    failures: u32,
    /// Unix milliseconds.
    #[serde(default)]
    next_poll: i64,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    last_error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    item: FeedItem,
    feed: String,
    feed_title: Option<String>,
    attempts: u32,
    next_try: i64,
    #[serde(default)]
    last_error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Seen {
    at: i64,
    /// `page`, `feed content` or `gave up: …`.
    how: String,
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

fn ms(d: Duration) -> i64 {
    d.as_millis().min(i64::MAX as u128) as i64
}

/// `base × 2^(n-1)`, at most `cap`.
fn backoff(base: Duration, n: u32, cap: Duration) -> Duration {
    base.saturating_mul(1u32 << n.saturating_sub(1).min(20)).min(cap)
}

/// Errors that stop the watcher (store trouble); network and feed problems
/// never do.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("store: {0}")]
    Store(#[from] chorus_engine::StoreError),
}

/// Runs `f` over `jobs` on up to `workers` threads; results in job order.
fn parallel<J: Sync, R: Send>(jobs: &[J], workers: usize, f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers.clamp(1, jobs.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let r = f(job);
                results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(r);
            });
        }
    });
    results.into_inner().unwrap_or_else(|p| p.into_inner()).into_iter().map(|r| r.expect("every job ran")).collect()
}

/// One watcher over a list of feeds.
pub struct Watcher<'e> {
    engine: &'e mut Engine,
    feeds: Vec<FeedRef>,
    fetcher: Fetcher,
    opts: WatchOptions,
}

impl<'e> Watcher<'e> {
    pub fn new(engine: &'e mut Engine, feeds: Vec<FeedRef>, fetcher: Fetcher, opts: WatchOptions) -> Self {
        Watcher { engine, feeds, fetcher, opts }
    }

    fn feed_state(&self, url: &str) -> Result<FeedState, WatchError> {
        Ok(self.engine.store().get_state(&format!("feed:{url}"))?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
    }

    /// Polls due feeds and fetches due pages once. `force` polls every feed
    /// now, whatever its schedule (the first round of a run, `--once`).
    pub fn round(&mut self, force: bool) -> Result<RoundReport, WatchError> {
        self.round_until(force, &AtomicBool::new(false))
    }

    /// [`Watcher::round`] that stops between chunks of pages once `cancel`
    /// is set; the pages not reached stay pending for the next run.
    pub fn round_until(&mut self, force: bool, cancel: &AtomicBool) -> Result<RoundReport, WatchError> {
        let mut report = RoundReport::default();
        let now = now_ms();
        let mut writes: Vec<(String, Option<String>)> = Vec::new();

        // 1. Feeds.
        let mut due: Vec<(FeedRef, FeedState)> = Vec::new();
        for f in &self.feeds {
            let st = self.feed_state(&f.url)?;
            if force || st.next_poll <= now {
                due.push((f.clone(), st));
            }
        }
        let fetched = parallel(&due, self.opts.workers, |(f, st)| self.fetcher.get(&f.url, Some(&st.validators)));
        let mut new_items: Vec<(String, Pending)> = Vec::new();
        for ((f, mut st), result) in due.into_iter().zip(fetched) {
            report.feeds_polled += 1;
            let parsed = match result {
                Ok(Fetched::NotModified) => {
                    report.feeds_not_modified += 1;
                    Ok(None)
                }
                Ok(Fetched::Body { bytes, validators, final_url, .. }) => match parse_feed(&bytes, &final_url) {
                    Ok(feed) => {
                        st.validators = validators;
                        Ok(Some(feed))
                    }
                    Err(e) => Err((e, None)),
                },
                Err(e) => {
                    let retry_after = match &e {
                        FetchError::Status { retry_after, .. } => *retry_after,
                        _ => None,
                    };
                    Err((e.to_string(), retry_after))
                }
            };
            match parsed {
                Ok(feed) => {
                    st.failures = 0;
                    st.last_error = None;
                    st.next_poll = now + ms(self.opts.interval);
                    if let Some(feed) = feed {
                        st.title = feed.title.clone().or(f.title.clone());
                        for item in feed.items {
                            if new_items.iter().any(|(u, _)| *u == item.link) || self.known(&item.link)? {
                                continue;
                            }
                            let p = Pending {
                                item,
                                feed: f.url.clone(),
                                feed_title: st.title.clone(),
                                attempts: 0,
                                next_try: now,
                                last_error: None,
                            };
                            new_items.push((p.item.link.clone(), p));
                        }
                    }
                }
                Err((msg, retry_after)) => {
                    report.feed_errors += 1;
                    st.failures += 1;
                    let wait = retry_after
                        .unwrap_or_else(|| backoff(self.opts.interval, st.failures, self.opts.max_backoff))
                        .min(self.opts.max_backoff);
                    st.next_poll = now + ms(wait);
                    report.diagnostics.push(Diagnostic {
                        origin: f.url.clone(),
                        message: format!("feed failed ({msg}); next try in {}s (failure {})", wait.as_secs(), st.failures),
                    });
                    st.last_error = Some(msg);
                }
            }
            writes.push((format!("feed:{}", f.url), Some(serde_json::to_string(&st).unwrap_or_default())));
        }
        report.new_items = new_items.len();
        // New items are pending before any page is fetched: a crash from
        // here on loses none of them.
        for (url, p) in &new_items {
            writes.push((format!("pending:{url}"), Some(serde_json::to_string(p).unwrap_or_default())));
        }
        self.engine.store_mut().put_state(&writes)?;
        writes.clear();

        // 2. Pages of due pending items (new ones and earlier failures).
        let mut todo: Vec<(String, Pending)> = Vec::new();
        for (key, value) in self.engine.store().state_with_prefix("pending:")? {
            let Ok(p) = serde_json::from_str::<Pending>(&value) else {
                writes.push((key, None));
                continue;
            };
            if p.next_try <= now || force {
                todo.push((key["pending:".len()..].to_string(), p));
            }
        }
        // Pages are fetched and ingested in chunks, so a big first round
        // neither holds every page in memory nor loses much to a crash.
        let chunk_len = PAGES_PER_INGEST.max(self.opts.workers);
        while !todo.is_empty() && !cancel.load(Ordering::SeqCst) {
            let chunk: Vec<(String, Pending)> = todo.drain(..chunk_len.min(todo.len())).collect();
            let pages = parallel(&chunk, self.opts.workers, |(url, _)| self.fetcher.get(url, None));
            let mut inputs: Vec<RawInput> = Vec::new();
            let mut done: Vec<(String, String)> = Vec::new(); // (url, how)
            for ((url, mut p), result) in chunk.into_iter().zip(pages) {
                let page = match result {
                    Ok(Fetched::Body { bytes, content_type, final_url, .. }) => {
                        let html_like = content_type.as_deref().is_none_or(|c| {
                            let c = c.to_ascii_lowercase();
                            c.contains("html") || c.contains("xml") || c.starts_with("text/plain")
                        });
                        if html_like {
                            Ok((chorus_text::decode_html(&bytes, content_type.as_deref()).text, final_url))
                        } else {
                            Err(FetchError::BadUrl(format!("not a web page ({})", content_type.unwrap_or_default())))
                        }
                    }
                    Ok(Fetched::NotModified) => Err(FetchError::Status { code: 304, retry_after: None }),
                    Err(e) => Err(e),
                };
                match page {
                    Ok((html, final_url)) => {
                        report.pages_fetched += 1;
                        inputs.push(to_input(&p, Body::Html(html), Some(final_url)));
                        done.push((url, "page".into()));
                    }
                    Err(e) => {
                        p.attempts += 1;
                        let retry = e.is_transient() && p.attempts < self.opts.max_attempts;
                        if retry {
                            report.pages_retrying += 1;
                            let wait = backoff(self.opts.retry_base, p.attempts, self.opts.max_backoff);
                            p.next_try = now + ms(wait);
                            report.diagnostics.push(Diagnostic {
                                origin: url.clone(),
                                message: format!("page failed ({e}); try {} of {} in {}s", p.attempts + 1, self.opts.max_attempts, wait.as_secs()),
                            });
                            p.last_error = Some(e.to_string());
                            writes.push((format!("pending:{url}"), Some(serde_json::to_string(&p).unwrap_or_default())));
                        } else if let Some(content) = p.item.content.clone() {
                            report.from_feed_content += 1;
                            report.diagnostics.push(Diagnostic {
                                origin: url.clone(),
                                message: format!("page not fetched ({e}); ingesting the feed's own text for it"),
                            });
                            inputs.push(to_input(&p, Body::Html(content), None));
                            done.push((url, "feed content".into()));
                        } else {
                            report.given_up += 1;
                            report.diagnostics.push(Diagnostic {
                                origin: url.clone(),
                                message: format!("gave up on this page ({e}) after {} tries; the feed has no text for it", p.attempts),
                            });
                            writes.push((format!("pending:{url}"), None));
                            let seen = Seen { at: now, how: format!("gave up: {e}") };
                            writes.push((format!("seen:{url}"), Some(serde_json::to_string(&seen).unwrap_or_default())));
                        }
                    }
                }
            }

            // 3. Ingest, then mark seen.
            if !inputs.is_empty() {
                let r = self.engine.ingest(inputs.into_iter().map(Ok), &self.opts.ingest)?;
                report.ingested += r.ingested;
                report.already_stored += r.already_stored;
                report.diagnostics.extend(r.diagnostics);
            }
            for (url, how) in done {
                writes.push((format!("pending:{url}"), None));
                writes.push((format!("seen:{url}"), Some(serde_json::to_string(&Seen { at: now, how }).unwrap_or_default())));
            }
            self.engine.store_mut().put_state(&writes)?;
            writes.clear();
        }
        self.engine.store_mut().put_state(&writes)?;
        Ok(report)
    }

    /// True when the item was seen or is already pending.
    fn known(&self, url: &str) -> Result<bool, WatchError> {
        let s = self.engine.store();
        Ok(s.get_state(&format!("seen:{url}"))?.is_some() || s.get_state(&format!("pending:{url}"))?.is_some())
    }

    /// When the next feed poll or page retry is due (unix ms).
    pub fn next_due(&self) -> Result<i64, WatchError> {
        let mut next = i64::MAX;
        for f in &self.feeds {
            next = next.min(self.feed_state(&f.url)?.next_poll);
        }
        for (_, v) in self.engine.store().state_with_prefix("pending:")? {
            if let Ok(p) = serde_json::from_str::<Pending>(&v) {
                next = next.min(p.next_try);
            }
        }
        Ok(next)
    }

    /// Rounds until `cancel` is set (or once with `once`), sleeping until
    /// the next feed or page is due. `on_round` sees every round's report.
    pub fn run(&mut self, once: bool, cancel: &AtomicBool, on_round: &mut dyn FnMut(&RoundReport)) -> Result<(), WatchError> {
        let mut first = true;
        loop {
            let report = self.round_until(first, cancel)?;
            first = false;
            on_round(&report);
            if once {
                return Ok(());
            }
            let next = self.next_due()?;
            while !cancel.load(Ordering::SeqCst) && now_ms() < next.min(now_ms() + ms(self.opts.interval)) {
                std::thread::sleep(Duration::from_millis(200));
            }
            if cancel.load(Ordering::SeqCst) {
                return Ok(());
            }
        }
    }
}

fn to_input(p: &Pending, body: Body, final_url: Option<String>) -> RawInput {
    let mut meta = serde_json::Map::new();
    meta.insert("feed".into(), p.feed.clone().into());
    if final_url.is_none() {
        meta.insert("from_feed_content".into(), true.into());
    }
    let source = p.feed_title.clone().or_else(|| chorus_engine::host_of(&p.item.link));
    RawInput {
        origin: p.item.link.clone(),
        ext_id: Some(p.item.link.clone()),
        source,
        published: p.item.published.clone(),
        title: p.item.title.clone(),
        url: Some(final_url.unwrap_or_else(|| p.item.link.clone())),
        body,
        meta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let b = Duration::from_secs(60);
        assert_eq!(backoff(b, 1, Duration::from_secs(3600)), Duration::from_secs(60));
        assert_eq!(backoff(b, 3, Duration::from_secs(3600)), Duration::from_secs(240));
        assert_eq!(backoff(b, 30, Duration::from_secs(3600)), Duration::from_secs(3600));
    }

    #[test]
    fn parallel_keeps_order() {
        let jobs: Vec<u32> = (0..50).collect();
        let out = parallel(&jobs, 4, |j| j * 2);
        assert_eq!(out, (0..50).map(|j| j * 2).collect::<Vec<_>>());
        assert!(parallel(&Vec::<u32>::new(), 4, |j| *j).is_empty());
    }
}
