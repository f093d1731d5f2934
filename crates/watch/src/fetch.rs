//! Polite HTTP fetching: conditional GET, per-host delay and one request
//! at a time per host, robots.txt, size and time limits.
//!
//! All threads of a watch round share one [`Fetcher`]. Before a request a
//! thread takes the host's slot: it waits while another request to that
//! host is in flight or until `delay` (or the host's robots.txt
//! `Crawl-delay`, whichever is longer) has passed since the last one.
//! Different hosts are fetched in parallel, up to the number of threads
//! the caller runs.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use texting_robots::Robot;

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    /// Whole-request time limit (connect, headers and body).
    pub timeout: Duration,
    /// Minimum time between two requests to one host.
    pub per_host_delay: Duration,
    /// Largest body read; a bigger one is an error.
    pub max_bytes: u64,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: format!("chorus/{} (+https://github.com/chorus-news/chorus)", env!("CARGO_PKG_VERSION")),
            timeout: Duration::from_secs(20),
            per_host_delay: Duration::from_secs(1),
            max_bytes: 16 << 20,
        }
    }
}

/// Validators from an earlier response, sent back for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful fetch.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: unchanged since the validators were issued.
    NotModified,
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
        validators: Validators,
        /// Address after redirects.
        final_url: String,
    },
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The server answered with an error status; `retry_after` from the
    /// header when it gave one.
    Status { code: u16, retry_after: Option<Duration> },
    /// Connection, TLS, timeout or a broken body.
    Network(String),
    TooLarge,
    /// robots.txt does not allow this address for our user agent.
    Disallowed,
    BadUrl(String),
}

impl FetchError {
    /// Worth trying again later (server trouble, network); 4xx other than
    /// 408/429, robots and bad addresses are not.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { code, .. } => *code >= 500 || *code == 408 || *code == 429,
            FetchError::Network(_) => true,
            FetchError::TooLarge | FetchError::Disallowed | FetchError::BadUrl(_) => false,
        }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Status { code, .. } => write!(f, "HTTP status {code}"),
            FetchError::Network(m) => write!(f, "{m}"),
            FetchError::TooLarge => write!(f, "response larger than the size limit"),
            FetchError::Disallowed => write!(f, "robots.txt does not allow fetching this address"),
            FetchError::BadUrl(m) => write!(f, "bad address: {m}"),
        }
    }
}

#[derive(Default)]
struct HostSlot {
    busy: bool,
    next: Option<Instant>,
    /// robots.txt `Crawl-delay`, when longer than the configured delay.
    crawl_delay: Option<Duration>,
}

enum RobotsRule {
    AllowAll,
    Rules(Box<Robot>),
}

/// Shared, thread-safe fetcher.
pub struct Fetcher {
    agent: ureq::Agent,
    cfg: FetchConfig,
    hosts: Mutex<HashMap<String, HostSlot>>,
    freed: Condvar,
    /// Per host: the parsed robots.txt once fetched. The inner lock is
    /// held while it is fetched, so one host's file is fetched once even
    /// when several threads need it at the same time.
    robots: Mutex<HashMap<String, RobotsSlot>>,
}

/// A host's robots.txt: `None` until fetched.
type RobotsSlot = Arc<Mutex<Option<Arc<RobotsRule>>>>;

/// `scheme://host[:port]` of an address.
pub fn origin(url: &str) -> Result<String, FetchError> {
    let (scheme, rest) = url.split_once("://").ok_or_else(|| FetchError::BadUrl(url.to_string()))?;
    if scheme != "http" && scheme != "https" {
        return Err(FetchError::BadUrl(format!("{url}: only http and https are fetched")));
    }
    let host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if host.is_empty() {
        return Err(FetchError::BadUrl(url.to_string()));
    }
    Ok(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

impl Fetcher {
    pub fn new(cfg: FetchConfig) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout(cfg.timeout)
            .timeout_connect(cfg.timeout.min(Duration::from_secs(10)))
            .user_agent(&cfg.user_agent)
            .redirects(5)
            .build();
        Fetcher { agent, cfg, hosts: Mutex::new(HashMap::new()), freed: Condvar::new(), robots: Mutex::new(HashMap::new()) }
    }

    /// GET `url` politely, after checking robots.txt; with `validators`,
    /// a conditional GET.
    pub fn get(&self, url: &str, validators: Option<&Validators>) -> Result<Fetched, FetchError> {
        let host = origin(url)?;
        if !self.allowed(&host, url)? {
            return Err(FetchError::Disallowed);
        }
        self.polite_get(&host, url, validators)
    }

    fn polite_get(&self, host: &str, url: &str, validators: Option<&Validators>) -> Result<Fetched, FetchError> {
        self.acquire(host);
        let result = self.raw_get(url, validators);
        self.release(host);
        result
    }

    fn acquire(&self, host: &str) {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let slot = hosts.entry(host.to_string()).or_default();
            let now = Instant::now();
            if !slot.busy {
                match slot.next {
                    Some(next) if next > now => {
                        let wait = next - now;
                        hosts = self.freed.wait_timeout(hosts, wait).unwrap_or_else(|p| p.into_inner()).0;
                        continue;
                    }
                    _ => {
                        slot.busy = true;
                        return;
                    }
                }
            }
            hosts = self.freed.wait(hosts).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn release(&self, host: &str) {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        let slot = hosts.entry(host.to_string()).or_default();
        slot.busy = false;
        let delay = slot.crawl_delay.map_or(self.cfg.per_host_delay, |d| d.max(self.cfg.per_host_delay));
        slot.next = Some(Instant::now() + delay);
        drop(hosts);
        self.freed.notify_all();
    }

    /// Checks robots.txt for `url`, fetching it once per host and run.
    /// A missing robots.txt (4xx) allows everything; one that cannot be
    /// fetched (5xx, network) fails this request so that it is retried.
    fn allowed(&self, host: &str, url: &str) -> Result<bool, FetchError> {
        let entry = self.robots.lock().unwrap_or_else(|p| p.into_inner()).entry(host.to_string()).or_default().clone();
        let mut cached = entry.lock().unwrap_or_else(|p| p.into_inner());
        let rule = match cached.as_ref() {
            Some(r) => r.clone(),
            None => {
                let robots_url = format!("{host}/robots.txt");
                let rule = match self.polite_get(host, &robots_url, None) {
                    Ok(Fetched::Body { bytes, .. }) => match Robot::new("chorus", &bytes) {
                        Ok(r) => RobotsRule::Rules(Box::new(r)),
                        Err(_) => RobotsRule::AllowAll,
                    },
                    Ok(Fetched::NotModified) => RobotsRule::AllowAll,
                    Err(FetchError::Status { code, .. }) if (400..500).contains(&code) && code != 429 => RobotsRule::AllowAll,
                    Err(e) => return Err(FetchError::Network(format!("robots.txt of {host} could not be fetched: {e}"))),
                };
                if let RobotsRule::Rules(r) = &rule {
                    if let Some(d) = r.delay.filter(|d| d.is_finite() && *d > 0.0) {
                        let d = Duration::from_secs_f32(d.min(60.0));
                        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
                        hosts.entry(host.to_string()).or_default().crawl_delay = Some(d);
                    }
                }
                let rule = Arc::new(rule);
                *cached = Some(rule.clone());
                rule
            }
        };
        Ok(match &*rule {
            RobotsRule::AllowAll => true,
            RobotsRule::Rules(r) => r.allowed(url),
        })
    }

    fn raw_get(&self, url: &str, validators: Option<&Validators>) -> Result<Fetched, FetchError> {
        let mut req = self.agent.get(url);
        if let Some(v) = validators {
            if let Some(e) = &v.etag {
                req = req.set("If-None-Match", e);
            }
            if let Some(m) = &v.last_modified {
                req = req.set("If-Modified-Since", m);
            }
        }
        let resp = match req.call() {
            Ok(r) => r,
            Err(ureq::Error::Status(code, r)) => {
                let retry_after = r.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
                return Err(FetchError::Status { code, retry_after });
            }
            Err(ureq::Error::Transport(t)) => return Err(FetchError::Network(t.to_string())),
        };
        if resp.status() == 304 {
            return Ok(Fetched::NotModified);
        }
        let content_type = resp.header("content-type").map(str::to_string);
        let new_validators = Validators {
            etag: resp.header("etag").map(str::to_string),
            last_modified: resp.header("last-modified").map(str::to_string),
        };
        let final_url = resp.get_url().to_string();
        let mut bytes = Vec::new();
        resp.into_reader()
            .take(self.cfg.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| FetchError::Network(format!("reading the body failed: {e}")))?;
        if bytes.len() as u64 > self.cfg.max_bytes {
            return Err(FetchError::TooLarge);
        }
        Ok(Fetched::Body { bytes, content_type, validators: new_validators, final_url })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(origin("https://News.Example:8443/a/b?c").unwrap(), "https://news.example:8443");
        assert_eq!(origin("http://127.0.0.1:9000").unwrap(), "http://127.0.0.1:9000");
        assert!(origin("ftp://x.example/").is_err());
        assert!(origin("nonsense").is_err());
        assert!(origin("https:///path").is_err());
    }

    #[test]
    fn transient_errors() {
        assert!(FetchError::Status { code: 503, retry_after: None }.is_transient());
        assert!(FetchError::Status { code: 429, retry_after: None }.is_transient());
        assert!(!FetchError::Status { code: 404, retry_after: None }.is_transient());
        assert!(FetchError::Network("timeout".into()).is_transient());
        assert!(!FetchError::Disallowed.is_transient());
    }
}
