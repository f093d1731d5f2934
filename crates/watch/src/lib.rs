//! chorus watch mode: feeds in, stories and briefs kept up to date.
//!
//! [`feeds`] parses RSS/Atom/JSON Feed and OPML, [`fetch`] does polite
//! HTTP (conditional GET, per-host delay, robots.txt), [`watch`] runs the
//! poll → fetch → ingest rounds with state kept in the store.

pub mod feeds;
pub mod fetch;
pub mod watch;

pub use feeds::{feeds_from_args, parse_feed, parse_opml, FeedItem, FeedRef};
pub use fetch::{FetchConfig, Fetcher};
pub use watch::{RoundReport, WatchError, WatchOptions, Watcher};
