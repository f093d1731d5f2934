//! Scoring [`tag_times`](crate::timex::tag_times) against TimeML gold annotations, TempEval-3
//! Task A style.
//!
//! Input: JSONL records `{"doc", "dct", "text", "timex": [{"start", "end", "text", "type", "value",
//! "attrs"}]}` with character (code point) offsets, end exclusive (the format of
//! `shared/data/tempeval3/timex.jsonl`). Measures:
//!
//! * **strict** extent P/R/F1: a system expression counts only if its offsets equal a gold one's;
//! * **relaxed** extent P/R/F1: system and gold expressions overlap, matched one to one (exact
//!   pairs first, then the remaining pairs in text order);
//! * **type** and **value** F1: relaxed pairs whose attribute is equal; precision divides by the
//!   number of system expressions, recall by the number of gold ones (the TempEval-3 definition,
//!   so attribute F1 = relaxed F1 × attribute accuracy).
//!
//! The document creation time is not scored (it is not in `text`).
//!
//! **Split.** The TBAQ data is the TempEval-3 training set. To keep a part unseen while writing
//! rules, documents are split by id: sort the ids, and the documents whose index in that order is a
//! multiple of 5 are `dev` (52 of the 256), the others `train`. [`Split::All`] takes every document.

use std::time::Instant;

use serde::Deserialize;

use crate::timex::{tag_times, Timex, TimexType};

/// One gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub doc: String,
    /// Document creation time: `1998-08-07` or `1998-02-27T08:17:00`.
    #[serde(default)]
    pub dct: Option<String>,
    pub text: String,
    #[serde(default)]
    pub timex: Vec<GoldTimex>,
}

/// One gold TIMEX3, character offsets.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    #[serde(default)]
    pub attrs: serde_json::Map<String, serde_json::Value>,
}

/// An expression to compare: character offsets, type and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// Which documents to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Documents whose index in id order is not a multiple of 5.
    Train,
    /// Documents whose index in id order is a multiple of 5.
    Dev,
    All,
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "train" => Ok(Split::Train),
            "dev" => Ok(Split::Dev),
            "all" => Ok(Split::All),
            other => Err(format!("unknown split {other:?} (use train, dev or all)")),
        }
    }
}

impl Split {
    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::All => "all",
        }
    }
}

/// Keeps the records of `split` (see the module documentation), in their input order.
pub fn select(records: Vec<Record>, split: Split) -> Vec<Record> {
    if split == Split::All {
        return records;
    }
    let mut ids: Vec<&str> = records.iter().map(|r| r.doc.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let dev: rustc_hash::FxHashSet<String> =
        ids.iter().enumerate().filter(|(i, _)| i % 5 == 0).map(|(_, d)| (*d).to_string()).collect();
    records.into_iter().filter(|r| dev.contains(&r.doc) == (split == Split::Dev)).collect()
}

/// Match counts, summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub kind: usize,
    pub value: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.kind += o.kind;
        self.value += o.value;
    }
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(hits: usize, system: usize, gold: usize) -> Prf {
        let p = if system == 0 { 0.0 } else { hits as f64 / system as f64 };
        let r = if gold == 0 { 0.0 } else { hits as f64 / gold as f64 };
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf { p, r, f1 }
    }
}

impl Counts {
    pub fn strict(&self) -> Prf {
        Prf::new(self.strict, self.system, self.gold)
    }
    pub fn relaxed(&self) -> Prf {
        Prf::new(self.relaxed, self.system, self.gold)
    }
    pub fn kind(&self) -> Prf {
        Prf::new(self.kind, self.system, self.gold)
    }
    pub fn value(&self) -> Prf {
        Prf::new(self.value, self.system, self.gold)
    }
}

/// Scores one document's system expressions against its gold ones.
pub fn score(gold: &[Span], system: &[Span]) -> Counts {
    let mut c = Counts { gold: gold.len(), system: system.len(), ..Counts::default() };
    let mut sys_used = vec![false; system.len()];
    let mut pair: Vec<Option<usize>> = vec![None; gold.len()];
    // exact pairs first
    for (g, gs) in gold.iter().enumerate() {
        if let Some(s) = (0..system.len()).find(|&s| !sys_used[s] && system[s].start == gs.start && system[s].end == gs.end) {
            sys_used[s] = true;
            pair[g] = Some(s);
            c.strict += 1;
        }
    }
    // then overlaps, in text order
    for (g, gs) in gold.iter().enumerate() {
        if pair[g].is_some() {
            continue;
        }
        if let Some(s) = (0..system.len()).find(|&s| !sys_used[s] && system[s].start < gs.end && gs.start < system[s].end) {
            sys_used[s] = true;
            pair[g] = Some(s);
        }
    }
    for (g, s) in pair.iter().enumerate() {
        if let Some(s) = *s {
            c.relaxed += 1;
            c.kind += usize::from(system[s].kind == gold[g].kind);
            c.value += usize::from(system[s].value == gold[g].value);
        }
    }
    c
}

/// The reference date of a record: the date part of its DCT.
pub fn reference_date(dct: Option<&str>) -> Option<jiff::civil::Date> {
    let s = dct?.trim();
    s.get(..10).unwrap_or(s).parse().ok()
}

pub fn type_name(t: TimexType) -> &'static str {
    match t {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// Byte offsets of `text` → character offsets, for the given system expressions.
pub fn to_char_spans(text: &str, timexes: &[Timex]) -> Vec<Span> {
    let mut out = Vec::with_capacity(timexes.len());
    // one pass over the text: byte offset → char index for the offsets we need
    let mut wanted: Vec<usize> = timexes.iter().flat_map(|t| [t.start, t.end]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut map = rustc_hash::FxHashMap::default();
    let mut w = 0;
    for (chars, (b, _)) in text.char_indices().chain(std::iter::once((text.len(), ' '))).enumerate() {
        while w < wanted.len() && wanted[w] <= b {
            map.insert(wanted[w], chars);
            w += 1;
        }
    }
    for t in timexes {
        let (Some(&s), Some(&e)) = (map.get(&t.start), map.get(&t.end)) else { continue };
        out.push(Span { start: s, end: e, kind: type_name(t.kind).to_string(), value: t.value.clone() });
    }
    out
}

/// The gold expressions of a record as [`Span`]s.
pub fn gold_spans(r: &Record) -> Vec<Span> {
    r.timex.iter().map(|g| Span { start: g.start, end: g.end, kind: g.kind.clone(), value: g.value.clone() }).collect()
}

/// Result of [`evaluate`].
#[derive(Debug, Clone)]
pub struct Report {
    pub docs: usize,
    pub counts: Counts,
    /// Bytes of text tagged per second on one thread (best of the timing runs).
    pub bytes_per_sec: f64,
    pub text_bytes: usize,
    /// Per document: (doc id, gold, system), for error listings.
    pub details: Vec<(String, Vec<Span>, Vec<Span>)>,
}

/// Tags every record's text with its DCT as the reference and scores it; then times the tagger
/// alone over the same texts (repeated until at least `min_secs` have passed).
pub fn evaluate(records: &[Record], min_secs: f64) -> Report {
    let mut counts = Counts::default();
    let mut details = Vec::with_capacity(records.len());
    for r in records {
        let reference = reference_date(r.dct.as_deref());
        let sys = to_char_spans(&r.text, &tag_times(&r.text, reference));
        let gold = gold_spans(r);
        counts += score(&gold, &sys);
        details.push((r.doc.clone(), gold, sys));
    }
    let text_bytes: usize = records.iter().map(|r| r.text.len()).sum();
    let refs: Vec<_> = records.iter().map(|r| reference_date(r.dct.as_deref())).collect();
    let mut best = 0.0f64;
    let started = Instant::now();
    loop {
        let t = Instant::now();
        let mut n = 0usize;
        for (r, d) in records.iter().zip(&refs) {
            n += std::hint::black_box(tag_times(std::hint::black_box(&r.text), *d)).len();
        }
        std::hint::black_box(n);
        let secs = t.elapsed().as_secs_f64();
        if secs > 0.0 {
            best = best.max(text_bytes as f64 / secs);
        }
        if started.elapsed().as_secs_f64() >= min_secs || text_bytes == 0 {
            break;
        }
    }
    Report { docs: records.len(), counts, bytes_per_sec: best, text_bytes, details }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(start: usize, end: usize, kind: &str, value: &str) -> Span {
        Span { start, end, kind: kind.into(), value: value.into() }
    }

    #[test]
    fn scorer_counts_strict_relaxed_and_attributes() {
        let gold = vec![
            sp(0, 6, "DATE", "2001-03-09"),     // exact match, right value
            sp(10, 24, "TIME", "2001-03-09TMO"), // system has only part of it, wrong type
            sp(30, 39, "DURATION", "P2Y"),     // missed
            sp(50, 55, "DATE", "2001"),        // exact, wrong value
        ];
        let system = vec![
            sp(0, 6, "DATE", "2001-03-09"),
            sp(10, 16, "DATE", "2001-03-09TMO"),
            sp(50, 55, "DATE", "2000"),
            sp(60, 65, "SET", "P1D"), // spurious
        ];
        let c = score(&gold, &system);
        assert_eq!(c, Counts { gold: 4, system: 4, strict: 2, relaxed: 3, kind: 2, value: 2 });
        let s = c.strict();
        assert!((s.p - 0.5).abs() < 1e-9 && (s.r - 0.5).abs() < 1e-9 && (s.f1 - 0.5).abs() < 1e-9);
        let r = c.relaxed();
        assert!((r.p - 0.75).abs() < 1e-9 && (r.r - 0.75).abs() < 1e-9 && (r.f1 - 0.75).abs() < 1e-9);
        let v = c.value();
        assert!((v.f1 - 0.5).abs() < 1e-9);
        assert!((c.kind().f1 - 0.5).abs() < 1e-9);
    }

    #[test]
    fn relaxed_matching_is_one_to_one() {
        // two system spans inside one gold span: only one may match
        let gold = vec![sp(0, 20, "DATE", "X")];
        let system = vec![sp(0, 5, "DATE", "X"), sp(10, 15, "DATE", "X")];
        let c = score(&gold, &system);
        assert_eq!((c.relaxed, c.value, c.strict), (1, 1, 0));
        let r = c.relaxed();
        assert!((r.p - 0.5).abs() < 1e-9 && (r.r - 1.0).abs() < 1e-9);
        // an exact pair is preferred over an earlier overlapping one
        let gold = vec![sp(0, 10, "DATE", "A"), sp(5, 12, "DATE", "B")];
        let system = vec![sp(5, 12, "DATE", "B")];
        let c = score(&gold, &system);
        assert_eq!((c.strict, c.relaxed, c.value), (1, 1, 1));
    }

    #[test]
    fn empty_sides() {
        let c = score(&[], &[]);
        assert_eq!(c.relaxed().f1, 0.0);
        let c = score(&[sp(0, 1, "DATE", "X")], &[]);
        assert_eq!((c.gold, c.system, c.relaxed), (1, 0, 0));
    }

    #[test]
    fn char_offsets_from_bytes() {
        let text = "Für Montag, é 1999.";
        let start = text.find("1999").unwrap();
        let t = Timex { start, end: start + 4, kind: TimexType::Date, value: "1999".into(), modifier: None };
        let s = to_char_spans(text, &[t]);
        assert_eq!(s[0].start, text[..start].chars().count());
        assert_eq!(s[0].end - s[0].start, 4);
    }

    #[test]
    fn split_is_fixed_by_sorted_id() {
        let rec = |d: &str| Record { doc: d.into(), dct: None, text: String::new(), timex: vec![] };
        let all: Vec<Record> = ["e", "a", "c", "b", "d", "f", "g"].iter().map(|d| rec(d)).collect();
        let dev: Vec<String> = select(all.clone(), Split::Dev).into_iter().map(|r| r.doc).collect();
        assert_eq!(dev, vec!["a", "f"]); // sorted: a b c d e f g → indexes 0 and 5
        let train = select(all.clone(), Split::Train);
        assert_eq!(train.len(), 5);
        assert_eq!(select(all, Split::All).len(), 7);
    }

    #[test]
    fn reference_dates() {
        assert_eq!(reference_date(Some("1998-02-27T08:17:00")), Some(jiff::civil::date(1998, 2, 27)));
        assert_eq!(reference_date(Some("1998-08-07")), Some(jiff::civil::date(1998, 8, 7)));
        assert_eq!(reference_date(Some("garbage")), None);
        assert_eq!(reference_date(None), None);
    }
}
