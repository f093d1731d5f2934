//! Reading web crawls: `.warc` and `.warc.gz` files (WARC 1.0/1.1).
//!
//! Every `response` record whose HTTP status is 2xx and whose payload is an
//! HTML page (`text/html` or `application/xhtml+xml`), and every `resource`
//! record with an HTML content type, becomes a [`RawInput`] with
//! [`Body::Html`]. Other records (`request`, `warcinfo`, `metadata`,
//! `revisit`, …), other statuses and other content types are skipped
//! silently: they are not problems, and a crawl holds mostly such records.
//!
//! The file is streamed, never read whole: only the HTML payload of the
//! record in hand is held in memory (at most [`MAX_PAGE`] bytes), and other
//! blocks are read past. Whether a file is gzip is decided by its first
//! bytes, not its name.
//!
//! Reading never stops at bad input. A damaged record becomes a
//! [`Diagnostic`] (origin `path#record-N`, the message naming the byte
//! offset of the record, or of its gzip member) and reading goes on:
//! * a record with a bad header, or whose block is not followed by the
//!   blank line that ends a record (a wrong `Content-Length`), is skipped
//!   and reading resumes at the next line that starts with `WARC/`;
//! * in a `.warc.gz`, damaged or truncated gzip data skips to the next gzip
//!   member (WARC writers compress each record as its own member);
//! * a record cut short by the end of the file is reported as truncated.
//!
//! The framing is written here rather than taken from the `warc` crate:
//! that crate's readers stop being usable after the first error (no
//! resynchronisation, and through `libflate`'s multi-member decoder a gzip
//! error ends the stream), report no offsets, and buffer blocks whatever
//! their size. The format is small: a version line, `Name: value` header
//! lines, an empty line, `Content-Length` bytes of block, and `\r\n\r\n`.
//!
//! The HTTP message inside a `response` block is parsed here too, leniently
//! (crawls hold headers that strict parsers reject): status line, header
//! lines up to the empty line. `Transfer-Encoding: chunked` and
//! `Content-Encoding: gzip`/`deflate` are undone; a payload that already
//! looks like HTML despite such a header (some crawlers store it decoded
//! but keep the header) is used as it is; another encoding (`br`, `zstd`)
//! is a diagnostic.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use chorus_model::{Body, Diagnostic, RawInput};
use flate2::bufread::GzDecoder;
use serde_json::Map;

use crate::read::ReadOptions;

/// Largest HTML payload read into memory (before and after decoding).
const MAX_PAGE: u64 = 256 << 20;
/// Largest WARC record header or HTTP header block.
const MAX_HEADER: u64 = 1 << 20;
/// Largest single header line.
const MAX_LINE: u64 = 64 << 10;

/// Reads one `.warc` or `.warc.gz` file (named `origin` in messages),
/// calling `emit` for each HTML page and each problem.
pub(crate) fn read_warc(file: File, origin: &str, opts: &ReadOptions, emit: &mut dyn FnMut(Result<RawInput, Diagnostic>)) {
    let fail = |m: String| Err(Diagnostic { origin: origin.to_string(), message: m });
    let len = file.metadata().ok().map(|m| m.len());
    let mut buf = BufReader::with_capacity(1 << 16, file);
    let gz = match buf.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => return emit(fail(format!("cannot read: {e}"))),
    };
    if gz {
        Records::new(Members::new(buf), origin, opts, emit).run();
    } else {
        Records::new(Counted { inner: buf, pos: 0, len }, origin, opts, emit).run();
    }
}

/// Where something is in the file, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    /// Byte offset in an uncompressed file.
    Byte(u64),
    /// Byte offset of the gzip member (in the compressed file).
    Member(u64),
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pos::Byte(b) => write!(f, "at byte {b}"),
            Pos::Member(b) => write!(f, "in the gzip member at byte {b}"),
        }
    }
}

/// The uncompressed WARC stream, with what messages and recovery need.
trait Stream: BufRead {
    /// Where byte `i` of the buffer last returned by `fill_buf` lies.
    fn pos_at(&self, i: usize) -> Pos;
    /// True when reading can go on after an error (at the next gzip member).
    fn recovers(&self) -> bool;
    /// Bytes left in the file, where known.
    fn left(&self) -> Option<u64>;
}

/// A buffered reader that counts the bytes consumed.
struct Counted<R> {
    inner: R,
    pos: u64,
    /// Length of the whole input, where known.
    len: Option<u64>,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.pos += amt as u64;
    }
}

impl<R: BufRead> Stream for Counted<R> {
    fn pos_at(&self, i: usize) -> Pos {
        Pos::Byte(self.pos + i as u64)
    }
    fn recovers(&self) -> bool {
        false
    }
    fn left(&self) -> Option<u64> {
        self.len.map(|l| l.saturating_sub(self.pos))
    }
}

/// The decompressed stream of a multi-member gzip file, decoded member by
/// member so that damaged data can be skipped: after an error (returned
/// once), reading resumes at the next gzip header found in the compressed
/// bytes. Every buffer it hands out holds bytes of one member only, so
/// [`Stream::pos_at`] can name that member.
struct Members<R> {
    state: State<R>,
    buf: Box<[u8]>,
    at: usize,
    end: usize,
    /// Compressed offset of the member being decoded.
    member: u64,
    /// Set after an error: look for the next gzip header first.
    resync: bool,
}

enum State<R> {
    Between(Counted<R>),
    In(GzDecoder<Counted<R>>),
    Done,
}

impl<R: BufRead> Members<R> {
    fn new(inner: R) -> Self {
        Members {
            state: State::Between(Counted { inner, pos: 0, len: None }),
            buf: vec![0; 1 << 16].into_boxed_slice(),
            at: 0,
            end: 0,
            member: 0,
            resync: false,
        }
    }
}

/// Skips to the next byte pair that may start a gzip member (`1f 8b`);
/// false at the end of the input.
fn skip_to_gzip_header(r: &mut impl BufRead) -> io::Result<bool> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        let n = buf.len();
        // a 0x1f as the buffer's last byte is taken as a candidate too
        match buf.iter().enumerate().position(|(i, &b)| b == 0x1f && buf.get(i + 1).is_none_or(|&c| c == 0x8b)) {
            Some(i) => {
                r.consume(i);
                return Ok(true);
            }
            None => r.consume(n),
        }
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Members<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.at >= self.end {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Ok(&[]),
                State::Between(mut inner) => {
                    if std::mem::take(&mut self.resync) && !skip_to_gzip_header(&mut inner)? {
                        return Ok(&[]);
                    }
                    if inner.fill_buf()?.is_empty() {
                        return Ok(&[]);
                    }
                    self.member = inner.pos;
                    self.state = State::In(GzDecoder::new(inner));
                }
                State::In(mut dec) => match dec.read(&mut self.buf) {
                    Ok(0) => self.state = State::Between(dec.into_inner()),
                    Ok(n) => {
                        self.state = State::In(dec);
                        self.at = 0;
                        self.end = n;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => self.state = State::In(dec),
                    Err(e) => {
                        let mut inner = dec.into_inner();
                        // always move on, so that a bad header cannot be retried forever
                        if inner.pos == self.member && !inner.fill_buf().map(<[u8]>::is_empty).unwrap_or(true) {
                            inner.consume(1);
                        }
                        self.state = State::Between(inner);
                        self.resync = true;
                        return Err(e);
                    }
                },
            }
        }
        Ok(&self.buf[self.at..self.end])
    }

    fn consume(&mut self, amt: usize) {
        self.at = (self.at + amt).min(self.end);
    }
}

impl<R: BufRead> Stream for Members<R> {
    fn pos_at(&self, _i: usize) -> Pos {
        Pos::Member(self.member)
    }
    fn recovers(&self) -> bool {
        true
    }
    fn left(&self) -> Option<u64> {
        None
    }
}

/// Why a record could not be read.
enum Problem {
    /// Reading the stream failed (damaged gzip data, I/O error).
    Io(io::Error),
    /// The record's framing is wrong; reading resumes at the next record.
    Bad(String),
}

impl From<io::Error> for Problem {
    fn from(e: io::Error) -> Self {
        Problem::Io(e)
    }
}

/// What a record's block held.
enum Payload {
    /// Not an HTML page (or not a 2xx response): skipped silently.
    Skip,
    Html { bytes: Vec<u8>, content_type: Option<String> },
    /// An HTML page that cannot be used, and why.
    Unusable(String),
}

/// Header fields, names lowercased, in order.
#[derive(Debug, Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Parses one `Name: value` line, or a continuation line; false when the
    /// line is neither.
    fn push_line(&mut self, line: &str) -> bool {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = self.0.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
                return true;
            }
            return false;
        }
        match line.split_once(':') {
            Some((k, v)) if !k.trim().is_empty() => {
                self.0.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                true
            }
            _ => false,
        }
    }
}

/// Reads a line of at most [`MAX_LINE`] bytes into `buf` (cleared first);
/// returns the bytes read, 0 at the end of input.
fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<usize> {
    buf.clear();
    r.by_ref().take(MAX_LINE).read_until(b'\n', buf)
}

/// A line without its line ending, as text.
fn line_text(buf: &[u8]) -> String {
    let end = buf.iter().rposition(|b| !matches!(b, b'\r' | b'\n')).map_or(0, |i| i + 1);
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// Reads header lines up to the empty line that ends them. `strict` (the
/// WARC header): a line that is not a header, or the end of the input,
/// is an error; otherwise (HTTP headers, as crawled) such a line is
/// ignored and the end of the input ends the header.
fn read_headers(r: &mut impl BufRead, what: &str, strict: bool) -> Result<Headers, Problem> {
    let mut headers = Headers::default();
    let mut buf = Vec::new();
    let mut total = 0u64;
    loop {
        let n = read_line(r, &mut buf)?;
        if n == 0 {
            return if strict { Err(Problem::Bad(format!("the input ends inside the {what} header"))) } else { Ok(headers) };
        }
        if !buf.ends_with(b"\n") && n as u64 == MAX_LINE {
            return Err(Problem::Bad(format!("{what} header line longer than {MAX_LINE} bytes")));
        }
        total += n as u64;
        if total > MAX_HEADER {
            return Err(Problem::Bad(format!("{what} header longer than {MAX_HEADER} bytes")));
        }
        let line = line_text(&buf);
        if line.is_empty() {
            return Ok(headers);
        }
        if !headers.push_line(&line) && strict {
            return Err(Problem::Bad(format!("malformed {what} header line {:?}", shorten(&line))));
        }
    }
}

fn shorten(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The media type of a `Content-Type` value, lowercased, without parameters.
fn mime(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn is_html_type(content_type: &str) -> bool {
    matches!(mime(content_type).as_str(), "text/html" | "application/xhtml+xml")
}

/// True when the first bytes look like an HTML page (also used by `read`
/// for files without a known extension).
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).trim_start().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") || head.contains("<head")
}

/// The outlet name for a page: the URL's host without `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    // a bracketed IPv6 address keeps its colons
    let host = if host.starts_with('[') { host.split_inclusive(']').next()? } else { host.split(':').next()? };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// Undoes `Transfer-Encoding: chunked`. A body that does not start with a
/// chunk size is returned as it is (some crawlers store it de-chunked but
/// keep the header); a body cut short keeps the chunks that are there.
fn dechunk(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    let mut first = true;
    while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
        let line = &rest[..nl];
        let digits = line.split(|&b| b == b';').next().unwrap_or(&[]).trim_ascii();
        let size = if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_hexdigit) {
            std::str::from_utf8(digits).ok().and_then(|d| usize::from_str_radix(d, 16).ok())
        } else {
            None
        };
        let Some(size) = size else { break };
        first = false;
        rest = &rest[nl + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        rest = rest.strip_prefix(b"\r").unwrap_or(rest);
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
    if first {
        data.to_vec()
    } else {
        out
    }
}

/// Reads all of `r`, refusing more than [`MAX_PAGE`] bytes.
fn read_limited(r: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.take(MAX_PAGE + 1).read_to_end(&mut out)?;
    if out.len() as u64 > MAX_PAGE {
        return Err(io::Error::other(format!("decoded page larger than {} MiB", MAX_PAGE >> 20)));
    }
    Ok(out)
}

/// Undoes a `Content-Encoding` (a list, applied in order, so undone last
/// to first).
fn decode_content(mut bytes: Vec<u8>, encoding: &str) -> Result<Vec<u8>, String> {
    for enc in encoding.split(',').map(|e| e.trim().to_ascii_lowercase()).rev() {
        if looks_like_html(&bytes) {
            // stored decoded despite the header
            break;
        }
        bytes = match enc.as_str() {
            "" | "identity" | "none" => bytes,
            "gzip" | "x-gzip" => read_limited(flate2::read::MultiGzDecoder::new(&bytes[..]))
                .map_err(|e| format!("cannot undo Content-Encoding gzip: {e}"))?,
            // meant to be zlib, often raw deflate
            "deflate" => read_limited(flate2::read::ZlibDecoder::new(&bytes[..]))
                .or_else(|_| read_limited(flate2::read::DeflateDecoder::new(&bytes[..])))
                .map_err(|e| format!("cannot undo Content-Encoding deflate: {e}"))?,
            other => return Err(format!("unsupported Content-Encoding {other:?}")),
        };
    }
    Ok(bytes)
}

/// Reads the records of one WARC stream.
struct Records<'a, S> {
    s: S,
    origin: &'a str,
    opts: &'a ReadOptions,
    emit: &'a mut dyn FnMut(Result<RawInput, Diagnostic>),
    /// Records seen so far (every type), for `#record-N`.
    record: u64,
    /// After an error: skip silently up to the next record.
    lost: bool,
}

impl<'a, S: Stream> Records<'a, S> {
    fn new(s: S, origin: &'a str, opts: &'a ReadOptions, emit: &'a mut dyn FnMut(Result<RawInput, Diagnostic>)) -> Self {
        Records { s, origin, opts, emit, record: 0, lost: false }
    }

    fn diag(&mut self, origin: String, message: String) {
        (self.emit)(Err(Diagnostic { origin, message }));
    }

    fn run(&mut self) {
        loop {
            let (start, skipped) = match self.find_record() {
                Ok(found) => found,
                Err(e) => {
                    if !self.lost {
                        let m = self.stream_error(&e, None);
                        self.diag(self.origin.to_string(), m);
                    }
                    if !self.s.recovers() {
                        return;
                    }
                    self.lost = true;
                    continue;
                }
            };
            if skipped > 0 && !self.lost {
                let m = match start {
                    Some(p) => format!("skipped {skipped} bytes that are not part of a WARC record, before the record {p}"),
                    None if self.record == 0 => "no WARC record found (not a WARC file?)".to_string(),
                    None => format!("skipped {skipped} bytes at the end that are not part of a WARC record"),
                };
                self.diag(self.origin.to_string(), m);
            }
            let Some(start) = start else { return };
            self.lost = false;
            self.record += 1;
            let origin = format!("{}#record-{}", self.origin, self.record);
            match self.read_record(&origin) {
                Ok(()) => {}
                Err(Problem::Bad(m)) => {
                    self.diag(origin, format!("{m} (record {start}); skipped"));
                    self.lost = true;
                }
                Err(Problem::Io(e)) => {
                    let m = self.stream_error(&e, Some(start));
                    self.diag(origin, m);
                    if !self.s.recovers() {
                        return;
                    }
                    self.lost = true;
                }
            }
        }
    }

    fn stream_error(&self, e: &io::Error, start: Option<Pos>) -> String {
        let at = start.map(|p| format!(" (record {p})")).unwrap_or_default();
        if self.s.recovers() {
            format!("damaged or truncated gzip data: {e}{at}; skipped to the next gzip member, if any")
        } else {
            format!("read error: {e}{at}")
        }
    }

    /// Skips to the next line that starts with `WARC/` and consumes that
    /// much. Returns where it starts (`None` at the end of the input) and
    /// how many bytes other than line ends were skipped to get there.
    fn find_record(&mut self) -> io::Result<(Option<Pos>, u64)> {
        const MAGIC: &[u8] = b"WARC/";
        let mut skipped = 0u64;
        let mut at_line_start = true;
        let mut matched = 0usize;
        let mut start = None;
        loop {
            let buf = match self.s.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok((None, skipped + matched as u64));
            }
            let len = buf.len();
            let (mut found, mut first) = (None, None);
            for (i, &b) in buf.iter().enumerate() {
                if matched > 0 {
                    if b == MAGIC[matched] {
                        matched += 1;
                        if matched == MAGIC.len() {
                            found = Some(i + 1);
                            break;
                        }
                        continue;
                    }
                    skipped += matched as u64;
                    matched = 0;
                    at_line_start = false;
                }
                match b {
                    b'W' if at_line_start => {
                        matched = 1;
                        first = Some(i);
                    }
                    b'\n' => at_line_start = true,
                    b'\r' => at_line_start = false,
                    _ => {
                        at_line_start = false;
                        skipped += 1;
                    }
                }
            }
            if let Some(i) = first.filter(|_| matched > 0) {
                start = Some(self.s.pos_at(i));
            }
            self.s.consume(found.unwrap_or(len));
            if found.is_some() {
                return Ok((start, skipped));
            }
        }
    }

    /// Reads one record after its `WARC/`, emitting its page if it has one.
    fn read_record(&mut self, origin: &str) -> Result<(), Problem> {
        let mut line = Vec::new();
        read_line(&mut self.s, &mut line)?;
        let version = line_text(&line);
        if !version.starts_with(|c: char| c.is_ascii_digit()) || version.len() > 8 {
            return Err(Problem::Bad(format!("not a WARC version line: \"WARC/{}\"", shorten(&version))));
        }
        let headers = read_headers(&mut self.s, "WARC", true)?;
        let len = match headers.get("content-length").map(|v| v.parse::<u64>()) {
            Some(Ok(n)) => n,
            Some(Err(_)) => return Err(Problem::Bad("invalid Content-Length".into())),
            None => return Err(Problem::Bad("no Content-Length".into())),
        };
        if let Some(left) = self.s.left().filter(|left| len > *left) {
            return Err(Problem::Bad(format!(
                "truncated record: its Content-Length is {len} but the file ends {left} bytes into the block"
            )));
        }
        let kind = headers.get("warc-type").unwrap_or("").to_ascii_lowercase();
        let mut block = (&mut self.s).take(len);
        let payload = match kind.as_str() {
            "response" => http_payload(&mut block, &headers)?,
            "resource" => match headers.get("content-type") {
                Some(ct) if is_html_type(ct) => match read_page(&mut block, len)? {
                    Ok(bytes) => Payload::Html { bytes, content_type: Some(ct.to_string()) },
                    Err(m) => Payload::Unusable(m),
                },
                _ => Payload::Skip,
            },
            _ => Payload::Skip,
        };
        io::copy(&mut block, &mut io::sink())?;
        if block.limit() > 0 {
            return Err(Problem::Bad(format!(
                "truncated record: its Content-Length is {len} but the input ends {} bytes into the block",
                len - block.limit()
            )));
        }
        if !self.end_of_record()? {
            return Err(Problem::Bad(format!(
                "no blank line after the record's {len}-byte block (wrong Content-Length?)"
            )));
        }
        match payload {
            Payload::Skip => {}
            Payload::Unusable(m) => self.diag(origin.to_string(), m),
            Payload::Html { bytes, content_type } => {
                let text = chorus_text::decode_html(&bytes, content_type.as_deref()).text;
                let uri = headers.get("warc-target-uri").map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string());
                let uri = uri.filter(|u| !u.is_empty());
                let mut meta = Map::new();
                for (key, name) in [("warc_date", "warc-date"), ("warc_record_id", "warc-record-id")] {
                    if let Some(v) = headers.get(name) {
                        meta.insert(key.into(), v.into());
                    }
                }
                (self.emit)(Ok(RawInput {
                    origin: origin.to_string(),
                    ext_id: uri.clone(),
                    source: self.opts.source.clone().or_else(|| uri.as_deref().and_then(host_of)),
                    published: self.opts.published.clone(),
                    title: None,
                    url: uri,
                    body: Body::Html(text),
                    meta,
                }));
            }
        }
        Ok(())
    }

    /// Consumes the `\r\n\r\n` after a block (up to four CR/LF bytes);
    /// false when something else follows at once.
    fn end_of_record(&mut self) -> io::Result<bool> {
        let mut n = 0;
        while n < 4 {
            let buf = self.s.fill_buf()?;
            if buf.is_empty() {
                return Ok(true);
            }
            let want = (4 - n).min(buf.len());
            let k = buf[..want].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
            self.s.consume(k);
            n += k;
            if k < want {
                return Ok(n > 0);
            }
        }
        Ok(true)
    }
}

/// Reads the rest of a block (`len` bytes at most, as announced) as a page:
/// the bytes, or why not (too large). `Err` when the input ends early.
fn read_page(block: &mut impl Read, len: u64) -> io::Result<Result<Vec<u8>, String>> {
    if len > MAX_PAGE {
        return Ok(Err(format!("HTML page of {len} bytes is over the {} MiB limit; skipped", MAX_PAGE >> 20)));
    }
    let mut bytes = Vec::with_capacity(len.min(1 << 20) as usize);
    block.read_to_end(&mut bytes)?;
    Ok(Ok(bytes))
}

/// The HTML page in a `response` block, if it holds one.
fn http_payload<R: BufRead>(block: &mut io::Take<R>, warc: &Headers) -> Result<Payload, Problem> {
    if let Some(ct) = warc.get("content-type") {
        if !mime(ct).starts_with("application/http") {
            return Ok(Payload::Skip);
        }
    }
    let mut line = Vec::new();
    read_line(block, &mut line)?;
    let status_line = line_text(&line);
    let mut parts = status_line.split_whitespace();
    let status = match (parts.next(), parts.next()) {
        (Some(v), Some(code)) if v.starts_with("HTTP/") && code.len() == 3 => code.parse::<u16>().ok(),
        _ => None,
    };
    let Some(status) = status else {
        if block.limit() == 0 && line.len() < MAX_LINE as usize && !line.ends_with(b"\n") {
            return Ok(Payload::Skip); // an empty or cut-off block: nothing to read
        }
        return Ok(Payload::Unusable(format!("not an HTTP response: {:?}", shorten(&status_line))));
    };
    let http = match read_headers(block, "HTTP", false) {
        Ok(h) => h,
        Err(Problem::Bad(m)) => {
            return Ok(if (200..300).contains(&status) { Payload::Unusable(m) } else { Payload::Skip });
        }
        Err(e) => return Err(e),
    };
    if !(200..300).contains(&status) {
        return Ok(Payload::Skip);
    }
    let content_type = http.get("content-type").or_else(|| warc.get("warc-identified-payload-type"));
    if content_type.is_some_and(|ct| !is_html_type(ct)) {
        return Ok(Payload::Skip);
    }
    let left = block.limit();
    let bytes = match read_page(block, left)? {
        Ok(b) => b,
        Err(m) => return Ok(Payload::Unusable(m)),
    };
    if (bytes.len() as u64) < left {
        // the input ended early: the caller reports the truncated block
        return Ok(Payload::Skip);
    }
    if content_type.is_none() && !looks_like_html(&bytes) {
        return Ok(Payload::Skip);
    }
    let chunked = http.get("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let bytes = if chunked { dechunk(&bytes) } else { bytes };
    let bytes = match http.get("content-encoding") {
        Some(enc) => match decode_content(bytes, enc) {
            Ok(b) => b,
            Err(m) => return Ok(Payload::Unusable(m)),
        },
        None => bytes,
    };
    Ok(Payload::Html { bytes, content_type: http.get("content-type").map(str::to_string) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://www.Example.com:8080/a?b#c").as_deref(), Some("example.com"));
        assert_eq!(host_of("http://user@news.example.org/x").as_deref(), Some("news.example.org"));
        assert_eq!(host_of("http://[::1]:80/").as_deref(), Some("[::1]"));
        assert_eq!(host_of("https:///path"), None);
        assert_eq!(host_of("urn:uuid:1234"), None);
    }

    #[test]
    fn chunks() {
        assert_eq!(dechunk(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"), b"hello world");
        // not chunked after all
        assert_eq!(dechunk(b"<html>hi</html>"), b"<html>hi</html>");
        // cut short: keep what is there
        assert_eq!(dechunk(b"5\r\nhello\r\nff\r\nabc"), b"helloabc");
    }

    #[test]
    fn content_encodings() {
        use std::io::Write;
        let page = b"<html><body><p>x</p></body></html>".to_vec();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&page).unwrap();
        assert_eq!(decode_content(gz.finish().unwrap(), "gzip").unwrap(), page);
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(&page).unwrap();
        assert_eq!(decode_content(raw.finish().unwrap(), "deflate").unwrap(), page);
        assert_eq!(decode_content(page.clone(), "br").unwrap(), page, "already decoded");
        assert!(decode_content(vec![0x8b, 1, 2, 3], "br").unwrap_err().contains("br"));
    }

    /// Runs the reader over bytes held in memory.
    fn read_bytes(bytes: &[u8]) -> (Vec<RawInput>, Vec<Diagnostic>) {
        let (mut ok, mut bad) = (Vec::new(), Vec::new());
        let opts = ReadOptions::default();
        let mut emit = |r: Result<RawInput, Diagnostic>| match r {
            Ok(x) => ok.push(x),
            Err(d) => bad.push(d),
        };
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Records::new(Members::new(bytes), "t", &opts, &mut emit).run();
        } else {
            Records::new(Counted { inner: bytes, pos: 0, len: Some(bytes.len() as u64) }, "t", &opts, &mut emit).run();
        }
        (ok, bad)
    }

    fn record(uri: &str, page: &str) -> Vec<u8> {
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
        .into_bytes()
    }

    #[test]
    fn garbage_between_records_is_reported_once() {
        let mut bytes = record("http://a.example/1", "<html><body><p>one</p></body></html>");
        bytes.extend_from_slice(b"some stray bytes\r\nmore\r\n");
        bytes.extend(record("http://a.example/2", "<html><body><p>two</p></body></html>"));
        let (ok, bad) = read_bytes(&bytes);
        assert_eq!(ok.len(), 2);
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].message.contains("not part of a WARC record"), "{bad:?}");
    }

    #[test]
    fn wrong_content_length_resynchronises() {
        let mut first = record("http://a.example/1", "<html><body><p>one</p></body></html>");
        // claim 5 bytes less than the block has
        let s = String::from_utf8(first.clone()).unwrap();
        let cl: usize = s.split("Content-Length: ").nth(1).unwrap().split('\r').next().unwrap().parse().unwrap();
        first = s.replace(&format!("Content-Length: {cl}"), &format!("Content-Length: {}", cl - 5)).into_bytes();
        first.extend(record("http://a.example/2", "<html><body><p>two</p></body></html>"));
        let (ok, bad) = read_bytes(&first);
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].url.as_deref(), Some("http://a.example/2"));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].origin, "t#record-1");
        assert!(bad[0].message.contains("wrong Content-Length"), "{bad:?}");
    }

    #[test]
    fn never_panics_on_mangled_input() {
        let mut bytes = Vec::new();
        for i in 0..3 {
            bytes.extend(record(&format!("http://a.example/{i}"), "<html><body><p>page</p></body></html>"));
        }
        let mut gz = Vec::new();
        for i in 0..3 {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut e, &record(&format!("http://a.example/{i}"), "<html><body><p>page</p></body></html>")).unwrap();
            gz.extend(e.finish().unwrap());
        }
        assert_eq!(read_bytes(&bytes).0.len(), 3);
        assert_eq!(read_bytes(&gz).0.len(), 3);
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for input in [bytes, gz] {
            // every truncation, and a byte changed at every position
            for cut in 0..input.len() {
                read_bytes(&input[..cut]);
            }
            for i in 0..input.len() {
                let mut m = input.clone();
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                m[i] ^= (seed as u8) | 1;
                read_bytes(&m);
            }
        }
    }
}
