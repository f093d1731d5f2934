//! Quotes, figures and dates of a story, from `chorus-facts`, lined up
//! across its documents: quote variants grouped by speaker and content,
//! figures with their sources, a timeline.

use chorus_facts::quantities::{find_quantities, unit_pairs, Qualifier, Quantity};
use chorus_facts::quotes::{find_quotes, Quote, SpeakerResolution};
use chorus_facts::timex::{tag_times, TimexType};
use chorus_model::{
    Citation, CitationKind, Conflict, Document, Item, QuantityFact, QuoteGroup, QuoteVariant, Table, TableRow,
    TimelineEntry,
};
use rustc_hash::{FxHashMap, FxHashSet};

/// Facts found in each document, computed once per brief.
pub struct DocFacts {
    pub quotes: Vec<Quote>,
    pub quantities: Vec<Quantity>,
    pub times: Vec<chorus_facts::timex::Timex>,
    /// Where relative times were resolved from: `published` (the
    /// document's date), `text` (a full date near its start, for an
    /// undated document), `story` (the latest date of the story's dated
    /// documents) or `none`.
    pub reference: &'static str,
}

/// Runs the extractors over every document.
pub fn extract(docs: &[Document]) -> Vec<DocFacts> {
    let story_date = docs.iter().filter_map(|d| d.published.as_deref().and_then(reference_date)).max();
    docs.iter()
        .map(|d| {
            let (reference, from) = match d.published.as_deref().and_then(reference_date) {
                Some(r) => (Some(r), "published"),
                None => match d.meta.get("dateline").and_then(|v| v.as_str()).and_then(date_in_opening).or_else(|| date_in_opening(&d.text)) {
                    Some(r) => (Some(r), "text"),
                    None => (story_date, if story_date.is_some() { "story" } else { "none" }),
                },
            };
            DocFacts {
                quotes: find_quotes(&d.text),
                quantities: find_quantities(&d.text),
                times: tag_times(&d.text, reference),
                reference: from,
            }
        })
        .collect()
}

/// A full calendar date among the first 600 bytes of a text (or of the
/// dateline the cleaner took off it).
fn date_in_opening(text: &str) -> Option<jiff::civil::Date> {
    let mut end = text.len().min(600);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    tag_times(&text[..end], None)
        .into_iter()
        .find(|t| t.kind == TimexType::Date && t.value.len() == 10)
        .and_then(|t| t.value.parse().ok())
}

/// The date part of an RFC 3339 time or a plain date.
fn reference_date(published: &str) -> Option<jiff::civil::Date> {
    published.get(..10)?.parse().ok()
}

/// `d.text[start..end]`, or "" when the span does not slice it (never
/// expected: every span comes from the extractors run on this text).
fn slice(d: &Document, start: usize, end: usize) -> &str {
    d.text.get(start..end).unwrap_or("")
}

fn cite(d: &Document, start: usize, end: usize, kind: CitationKind) -> Citation {
    Citation { doc: d.id.clone(), start: start as u32, end: end as u32, kind }
}

/// Lowercased content words of a text (for comparing quote wordings).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    chorus_text::words::for_each_token(text, |t| {
        let w = t.text.to_lowercase();
        if w.len() > 2 && !chorus_text::words::is_stopword(&w) {
            out.push(w);
        }
    });
    out
}

/// The wording a quote's content spans give, joined with " … ".
fn quote_text(d: &Document, q: &Quote) -> Option<String> {
    let marks: &[char] = &['"', '“', '”', '«', '»', '‘', '’', '\'', ',', ' ', '\n'];
    let parts: Option<Vec<&str>> = q.content.iter().map(|&(s, e)| d.text.get(s..e).map(|t| t.trim_matches(marks))).collect();
    let t = parts?.join(" … ");
    (!t.trim().is_empty()).then_some(t)
}

fn normalized(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Quotes of all documents grouped into statements: two quotes are one
/// statement when their speakers do not differ and their wordings share
/// most content words. Groups with more independent sources come first.
pub fn quote_groups(docs: &[Document], facts: &[DocFacts], group_of: &[usize]) -> Vec<QuoteGroup> {
    struct Q<'a> {
        doc: usize,
        q: &'a Quote,
        text: String,
        /// Distinct content words, sorted.
        words: Vec<String>,
        /// Lowercased speaker and its last word.
        speaker: Option<(String, String)>,
    }
    let mut all: Vec<Q<'_>> = Vec::new();
    for (di, f) in facts.iter().enumerate() {
        for q in &f.quotes {
            let Some(text) = quote_text(&docs[di], q) else { continue };
            let mut w = words(&text);
            if w.len() < 3 {
                continue;
            }
            w.sort_unstable();
            w.dedup();
            let speaker = q.speaker.as_deref().map(|s| {
                let s = s.to_lowercase();
                let last = s.rsplit(' ').next().unwrap_or("").to_string();
                (s, last)
            });
            all.push(Q { doc: di, q, text, words: w, speaker });
        }
    }
    // A quote joins the earliest statement with a member it fits: same speaker (or either
    // unknown), another document, and most content words shared (distinct shared words ≥ 0.6 of
    // the smaller quote's). The shared words of every earlier quote are counted through an
    // inverted index, so a quote is only compared with the quotes it shares a word with (a story
    // of thousands of articles has tens of thousands of quotes).
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_quote: Vec<usize> = Vec::with_capacity(all.len());
    let mut index: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    let mut shared: Vec<u32> = vec![0; all.len()];
    let mut touched: Vec<u32> = Vec::new();
    for i in 0..all.len() {
        let qi = &all[i];
        for w in &qi.words {
            if let Some(list) = index.get(w.as_str()) {
                for &k in list {
                    if shared[k as usize] == 0 {
                        touched.push(k);
                    }
                    shared[k as usize] += 1;
                }
            }
        }
        let mut best: Option<usize> = None;
        for k in touched.drain(..) {
            let n = std::mem::take(&mut shared[k as usize]);
            let qk = &all[k as usize];
            let g = group_of_quote[k as usize];
            if best.is_some_and(|b| b <= g) || qk.doc == qi.doc {
                continue;
            }
            let same_speaker = match (&qk.speaker, &qi.speaker) {
                (Some((a, la)), Some((b, lb))) => a == b || la == lb,
                _ => true,
            };
            if same_speaker && n as f32 / qk.words.len().min(qi.words.len()) as f32 >= 0.6 {
                best = Some(g);
            }
        }
        let g = match best {
            Some(g) => {
                groups[g].push(i);
                g
            }
            None => {
                groups.push(vec![i]);
                groups.len() - 1
            }
        };
        group_of_quote.push(g);
        for w in &all[i].words {
            index.entry(w.as_str()).or_default().push(i as u32);
        }
    }
    let mut out: Vec<QuoteGroup> = groups
        .into_iter()
        .map(|g| {
            let first = &all[g[0]];
            let speaker = g.iter().find_map(|&k| all[k].q.speaker.clone());
            let resolution = g
                .iter()
                .map(|&k| all[k].q.resolution)
                .find(|r| *r != SpeakerResolution::Unresolved)
                .unwrap_or(SpeakerResolution::Unresolved);
            let speaker_mention = first.q.source.map(|(s, e)| cite(&docs[first.doc], s, e, CitationKind::Verbatim));
            let role = speaker.as_deref().and_then(|name| {
                g.iter().find_map(|&k| {
                    let (s, e) = all[k].q.source?;
                    role_of(slice(&docs[all[k].doc], s, e), name)
                })
            });
            // one variant per wording and independent source: a rewrite that repeats the
            // wire's words adds a document, not a wording
            let mut worded: FxHashSet<(usize, String)> = FxHashSet::default();
            // nor a stretch of a longer wording of the same document ("the significant gap …"
            // inside "the negotiations were “not easy”, citing the significant gap …")
            let norm: Vec<String> = g.iter().map(|&k| normalized(&all[k].text)).collect();
            let inside = |i: usize| {
                (0..g.len()).any(|j| j != i && all[g[j]].doc == all[g[i]].doc && norm[j].len() > norm[i].len() && norm[j].contains(&norm[i]))
            };
            let variants: Vec<QuoteVariant> = g
                .iter()
                .enumerate()
                .filter(|&(i, &k)| !inside(i) && worded.insert((group_of[all[k].doc], norm[i].clone())))
                .map(|(_, k)| k)
                .map(|&k| {
                    let d = &docs[all[k].doc];
                    QuoteVariant {
                        text: all[k].text.clone(),
                        direct: all[k].q.direct,
                        citations: all[k].q.content.iter().map(|&(s, e)| cite(d, s, e, CitationKind::Verbatim)).collect(),
                        cue: all[k].q.cue.and_then(|(s, e)| d.text.get(s..e)).map(str::to_string),
                    }
                })
                .collect();
            let sources = g.iter().map(|&k| group_of[all[k].doc]).collect::<FxHashSet<_>>().len() as u32;
            let wordings: FxHashSet<String> = g.iter().map(|&k| normalized(&all[k].text)).collect();
            let direct_wordings: FxHashSet<String> =
                g.iter().filter(|&&k| all[k].q.direct).map(|&k| normalized(&all[k].text)).collect();
            QuoteGroup {
                speaker,
                role,
                resolution: format!("{resolution:?}").to_lowercase(),
                speaker_mention,
                variants,
                sources,
                worded_differently: wordings.len() > 1,
                paraphrase_as_quote: direct_wordings.len() > 1,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.sources
            .cmp(&a.sources)
            .then(b.speaker.is_some().cmp(&a.speaker.is_some()))
            .then(b.variants.len().cmp(&a.variants.len()))
    });
    out.truncate(40);
    out
}

/// The title or role in a speaker mention: "Kremlin spokesman Dmitry
/// Peskov" → "Kremlin spokesman"; "Peskov, the Kremlin spokesman" → "the
/// Kremlin spokesman". `None` when the mention is only the name. The name is found word by
/// word under its transliteration key, so another spelling of it ("Zelenskyy" for "Volodymyr
/// Zelensky", "Dmitri Peskov" for "Dmitry Peskov") is not left over as a role.
fn role_of(mention: &str, name: &str) -> Option<String> {
    use chorus_entities::canon::translit_word;
    let key = |w: &str| {
        let w = w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')'));
        let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")).unwrap_or(w);
        translit_word(w)
    };
    let keys: Vec<String> = name.split_whitespace().map(key).collect();
    let last = keys.last()?;
    let ws: Vec<&str> = mention.split_whitespace().collect();
    let j = ws.iter().position(|w| key(w) == *last)?;
    // the given names (and particles: "Faisal bin Farhan") written before the surname
    let mut i = j;
    while i > 0 && keys[..keys.len() - 1].contains(&key(ws[i - 1])) {
        i -= 1;
    }
    let before = ws[..i].join(" ");
    let after = ws[j + 1..].join(" ");
    let before = before.trim_end_matches(',').trim();
    let after = after.trim_start_matches(',').trim().trim_end_matches([',', ';']).trim();
    let role = if before.split_whitespace().count() >= 1 { before } else { after };
    let words = role.split_whitespace().count();
    // first names left over (a given name the speaker's canonical name lacks) are not roles
    let is_name = words <= 1 && role.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase)) && !role.is_empty() && name.contains(role);
    // a courtesy title ("Mr.", "Mrs") or an age ("37") is no role ("Sen.", "Dr." are)
    let honorific = role.split_whitespace().all(|w| matches!(w.trim_end_matches('.').to_lowercase().as_str(), "mr" | "mrs" | "ms" | "miss" | "mx"));
    // articles and the like are no role ("the", "the new"), nor the start of a longer name cut
    // before the speaker ("Acting Secretary of", "the state of", "issued by the")
    let filler = |w: &str| matches!(w.to_lowercase().as_str(), "the" | "a" | "an" | "new" | "his" | "her" | "their" | "its");
    let dangling = role
        .split_whitespace()
        .next_back()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "the" | "of" | "for" | "by" | "to" | "at" | "in" | "on" | "and" | "a" | "an"));
    let ok = (1..=8).contains(&words)
        && !is_name
        && !honorific
        && !dangling
        && !role.split_whitespace().all(filler)
        && role.chars().any(char::is_alphabetic);
    (ok && !role.contains('“') && !role.contains('"')).then(|| role.to_string())
}

/// Reactions & Quotes items: the sentence(s) around the first wording of
/// each statement with a named speaker, the other outlets' sentences as
/// support. Verified like every item.
pub fn quote_items(docs: &[Document], groups: &[QuoteGroup], max: usize) -> Vec<Item> {
    let mut out = Vec::new();
    for g in groups.iter().filter(|g| g.speaker.is_some() && g.variants.iter().any(|v| v.direct)) {
        if out.len() >= max {
            break;
        }
        let Some(v) = g.variants.iter().find(|v| v.direct) else { continue };
        let Some(c) = v.citations.first() else { continue };
        let Some(d) = docs.iter().find(|d| d.id == c.doc) else { continue };
        let Some((start, end)) = sentence_around(d, opening_quote(d, c.start as usize), v.citations.last().map_or(c.end, |l| l.end) as usize)
        else {
            continue;
        };
        let text = slice(d, start, end).to_string();
        let mut citations = vec![cite(d, start, end, CitationKind::Verbatim)];
        for other in g.variants.iter().filter(|o| !std::ptr::eq(*o, v)) {
            if let Some(oc) = other.citations.first() {
                if let Some(od) = docs.iter().find(|x| x.id == oc.doc) {
                    if let Some((s, e)) = sentence_around(od, oc.start as usize, other.citations.last().map_or(oc.end, |l| l.end) as usize) {
                        citations.push(cite(od, s, e, CitationKind::Support));
                    }
                }
            }
        }
        let Some(citations) = crate::verify::verify_item(&text, &citations, docs) else { continue };
        let speaker = g.speaker.as_ref().map(|n| match &g.role {
            Some(r) => format!("{n}, {r}"),
            None => n.clone(),
        });
        out.push(Item { text, citations, sources: g.sources, single_source: false, speaker });
    }
    out
}

/// Where the quotation that a quote's content at `start` belongs to opens: the "“" before it
/// when the quotation began a sentence or a line earlier ("“On the way to Geneva. … ahead.\nAlong
/// the way, …,” wrote …"), so the item shows its opening mark; else `start`.
fn opening_quote(d: &Document, start: usize) -> usize {
    let before = &d.text[..start.min(d.text.len())];
    let Some(open) = before.rfind('“') else { return start };
    let between = &before[open..];
    if between.contains('”') || between.len() > 400 || between.matches('\n').count() > 1 {
        return start;
    }
    open
}

/// Start and end of the sentences covering `start..end`.
fn sentence_around(d: &Document, start: usize, end: usize) -> Option<(usize, usize)> {
    let sents = &d.segments.sentences;
    let first = sents.iter().find(|s| (s.span.end as usize) > start)?;
    let last = sents.iter().rev().find(|s| (s.span.start as usize) < end).unwrap_or(first);
    let (s, e) = (first.span.start as usize, (last.span.end as usize).max(first.span.end as usize));
    (e > s && e - s <= 1500).then_some((s, e))
}

fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::Approximate => "approximate",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::Range => "range",
    }
}

/// Figures worth listing: with a unit or a counted noun.
fn listed(q: &Quantity) -> bool {
    q.unit.is_some() || q.counted.is_some()
}

/// Every listed figure of every document (at most 40 per document), but for a figure an
/// earlier report of the same independent source already gives in the same words (a rewrite
/// repeating the wire's figures).
pub fn quantity_facts(docs: &[Document], facts: &[DocFacts], group_of: &[usize]) -> Vec<QuantityFact> {
    let mut out = Vec::new();
    let mut given: FxHashSet<(usize, &str)> = FxHashSet::default();
    for (di, (d, f)) in docs.iter().zip(facts).enumerate() {
        for q in f.quantities.iter().filter(|q| listed(q)).take(40) {
            if !given.insert((group_of.get(di).copied().unwrap_or(di), slice(d, q.start, q.end))) {
                continue;
            }
            out.push(QuantityFact {
                text: slice(d, q.start, q.end).to_string(),
                value: q.value,
                high: q.high,
                qualifier: qualifier_name(q.qualifier).to_string(),
                unit: q.unit.clone(),
                canonical: q.canonical.clone(),
                counted: q.counted.clone(),
                citation: cite(d, q.start, q.end, CitationKind::Verbatim),
            });
        }
    }
    out
}

/// The Comparison & Data table: key figures (what is counted, the figure,
/// who reports it), the most widely reported first.
pub fn figure_table(docs: &[Document], facts: &[DocFacts], group_of: &[usize]) -> Option<Table> {
    // (what, canonical value) -> (figure text, citations, groups, labels)
    type Row = (String, Vec<Citation>, FxHashSet<usize>, Vec<String>, String);
    let mut rows: FxHashMap<(String, u64), Row> = FxHashMap::default();
    let mut order: Vec<(String, u64)> = Vec::new();
    for (di, (d, f)) in docs.iter().zip(facts).enumerate() {
        for q in f.quantities.iter().filter(|q| q.counted.is_some() || q.canonical.is_some() || q.unit.is_some()) {
            // an age ("41-year-old") is no figure of the story
            if crate::numbers::is_age(&d.text, q) {
                continue;
            }
            let what = q.counted.clone().unwrap_or_else(|| dimension_label(q));
            if what.is_empty() {
                continue;
            }
            // physical figures given in other units match when they agree to two digits
            let v = q.canonical.as_ref().map_or(q.value, |c| round2(c.0));
            let key_what = match &q.canonical {
                Some((_, cu)) if q.counted.is_none() => cu.clone(),
                _ => what.clone(),
            };
            let key = (key_what, v.to_bits());
            let entry = rows.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (slice(d, q.start, q.end).to_string(), Vec::new(), FxHashSet::default(), Vec::new(), what.clone())
            });
            let kind = if entry.1.is_empty() { CitationKind::Verbatim } else { CitationKind::Support };
            if entry.2.insert(group_of[di]) {
                entry.1.push(cite(d, q.start, q.end, kind));
                entry.3.push(d.label().to_string());
            }
        }
    }
    let mut list: Vec<((String, u64), Row)> = order.into_iter().filter_map(|k| rows.remove(&k).map(|r| (k, r))).collect();
    // widely reported first; figures written in digits before number words
    list.sort_by_key(|x| (std::cmp::Reverse(x.1 .2.len()), !x.1 .0.bytes().any(|b| b.is_ascii_digit())));
    let rows: Vec<TableRow> = list
        .into_iter()
        .take(12)
        .filter_map(|(_, (figure, citations, groups, labels, what))| {
            let citations = crate::verify::verify_item(&figure, &citations[..1], docs).map(|mut v| {
                v.extend(citations[1..].iter().cloned());
                v
            })?;
            Some(TableRow { cells: vec![figure, what, labels.join(", "), groups.len().to_string()], citations })
        })
        .collect();
    (!rows.is_empty()).then(|| Table {
        columns: vec!["Figure".into(), "What".into(), "Reported by".into(), "Independent sources".into()],
        rows,
    })
}

/// What a figure without a counted noun measures, from its unit.
fn dimension_label(q: &Quantity) -> String {
    let unit = q.unit.as_deref().unwrap_or("");
    let dim = match q.canonical.as_ref().and_then(|c| crate::numbers::dimension(&c.1)) {
        Some(d) => d,
        _ if unit == "%" => "share",
        _ if unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase()) => "amount",
        _ => return unit.to_string(),
    };
    format!("{dim} ({unit})")
}

/// `v` rounded to two significant digits.
fn round2(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = 10f64.powf(v.abs().log10().floor() - 1.0);
    (v / mag).round() * mag
}

/// A figure given in two units in one document that do not agree ("200 km²
/// (120 sq mi)").
pub fn unit_conflicts(docs: &[Document], facts: &[DocFacts]) -> Vec<Conflict> {
    let mut out = Vec::new();
    for (d, f) in docs.iter().zip(facts) {
        for (a, b, agree) in unit_pairs(&d.text, &f.quantities) {
            if agree {
                continue;
            }
            let (qa, qb) = (&f.quantities[a], &f.quantities[b]);
            let item = |q: &Quantity| Item {
                text: slice(d, q.start, q.end).to_string(),
                citations: vec![cite(d, q.start, q.end, CitationKind::Verbatim)],
                sources: 1,
                single_source: false,
                speaker: None,
            };
            out.push(Conflict {
                kind: "units".into(),
                description: format!("{} gives one figure in two units that do not match", d.label()),
                sides: vec![item(qa), item(qb)],
            });
        }
    }
    out
}

/// Dated events: each sentence that holds a calendar date (month, day or
/// time of day) once, under its most specific date, in time order.
pub fn timeline(docs: &[Document], facts: &[DocFacts]) -> Vec<TimelineEntry> {
    let mut out: Vec<TimelineEntry> = Vec::new();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for (d, f) in docs.iter().zip(facts) {
        // the best date of each sentence: (sentence span) -> timex index
        let mut best: Vec<((usize, usize), usize)> = Vec::new();
        for (i, t) in f.times.iter().enumerate() {
            if !matches!(t.kind, TimexType::Date | TimexType::Time) || !is_calendar(&t.value) {
                continue;
            }
            let Some(span) = sentence_around(d, t.start, t.end) else { continue };
            match best.iter_mut().find(|(s, _)| *s == span) {
                Some((_, j)) => {
                    if specificity(&t.value) > specificity(&f.times[*j].value) {
                        *j = i;
                    }
                }
                None => best.push((span, i)),
            }
        }
        for ((s, e), i) in best {
            let t = &f.times[i];
            let text = slice(d, s, e);
            // a dateline or byline ("September 17, 2013 03:16 PM ET") dates no event
            if text.trim().len() < 30 || !crate::writer::stands_alone(text) || !seen.insert(normalized(text)) {
                continue;
            }
            out.push(TimelineEntry {
                reference: f.reference.to_string(),
                time: t.value.clone(),
                expression: slice(d, t.start, t.end).to_string(),
                text: text.to_string(),
                citations: vec![cite(d, s, e, CitationKind::Verbatim)],
            });
        }
    }
    out.sort_by(|a, b| a.time.cmp(&b.time));
    // The same date from several documents: keep at most three sentences.
    let mut per_time: FxHashMap<String, usize> = FxHashMap::default();
    out.retain(|e| {
        let n = per_time.entry(e.time.clone()).or_default();
        *n += 1;
        *n <= 3
    });
    out.truncate(30);
    out
}

/// Day beats month; a clock time beats a day.
fn specificity(v: &str) -> usize {
    v.len()
}

/// `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm`: a point on the
/// calendar (not a part of a day such as `…TNI`, nor a week or season).
fn is_calendar(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let month = digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7);
    match b.len() {
        7 => month,
        10 => month && b[7] == b'-' && digits(8..10),
        16.. => month && b[7] == b'-' && digits(8..10) && b[10] == b'T' && digits(11..13) && b[13] == b':' && digits(14..16),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{extract, quantity_facts, quote_groups, role_of};
    use chorus_model::Document;

    fn doc(id: &str, text: &str) -> Document {
        Document::plain(id, text)
    }

    #[test]
    fn a_wording_inside_a_longer_one_of_its_document_is_not_listed_again() {
        let a = "Mayor Elin Rovan also admitted the repairs were “not simple”, citing the wide gap between both councils’ budgets.";
        let b = "Rovan emphasized the gap between the councils’ budgets and defended the town’s refusal to pay.";
        // the shorter wording's outlet first, as geneva's was
        let docs = [doc("b", b), doc("a", a)];
        let facts = extract(&docs);
        let groups = quote_groups(&docs, &facts, &[0, 1]);
        let g = groups.iter().find(|g| g.variants.len() >= 2).expect("one statement, two outlets");
        let per_doc = |d: &str| g.variants.iter().filter(|v| v.citations[0].doc == d).count();
        assert_eq!((per_doc("a"), per_doc("b")), (1, 1), "{g:#?}");
    }

    #[test]
    fn an_age_is_no_figure_of_the_story() {
        let docs = [doc("a", "A 41-year-old engineer said 12 pumps failed.")];
        let facts = extract(&docs);
        let table = super::figure_table(&docs, &facts, &[0]).expect("a table");
        let figures: Vec<&str> = table.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(figures, ["12"]);
    }

    #[test]
    fn a_quote_item_starts_where_its_quotation_opens() {
        let t = "Crews left at dawn. “We are on our way. The work is ahead.\nWe will be back soon,” the captain wrote.";
        let d = doc("a", t);
        let inside = t.find("We will").unwrap();
        assert_eq!(super::opening_quote(&d, inside), t.find('“').unwrap());
        // a quotation already closed before it is another one
        let t = "He called it “a good day” on Friday. We will see, he said.";
        let d = doc("a", t);
        let at = t.find("We will").unwrap();
        assert_eq!(super::opening_quote(&d, at), at);
    }

    #[test]
    fn a_copy_repeats_no_figure_and_no_wording_of_its_source() {
        let text = "Crews moved 40 families from the east bank. “We will not leave anyone behind tonight,” Mayor Elin Rovan said.";
        let docs = [doc("a", text), doc("b", text), doc("c", text)];
        let facts = extract(&docs);
        // b copies a; c is another outlet
        let group_of = [0, 0, 1];
        let figures: Vec<String> = quantity_facts(&docs, &facts, &group_of).into_iter().map(|q| q.citation.doc).collect();
        assert_eq!(figures, ["a", "c"]);
        let groups = quote_groups(&docs, &facts, &group_of);
        assert_eq!(groups.len(), 1);
        let variants: Vec<&str> = groups[0].variants.iter().map(|v| v.citations[0].doc.as_str()).collect();
        assert_eq!((variants, groups[0].sources), (vec!["a", "c"], 2));
    }

    #[test]
    fn a_speakers_role_leaves_out_every_spelling_of_the_name() {
        assert_eq!(role_of("Corvan spokesman Elias Marno", "Elias Marno").as_deref(), Some("Corvan spokesman"));
        assert_eq!(role_of("Marno, the Corvan spokesman,", "Elias Marno").as_deref(), Some("the Corvan spokesman"));
        // another spelling of the surname or of the given name is the name, not a role
        assert_eq!(role_of("Zelenskyy", "Volodymyr Zelensky"), None);
        assert_eq!(role_of("Kremlin spokesman Dmitri Peskov", "Dmitry Peskov").as_deref(), Some("Kremlin spokesman"));
        assert_eq!(role_of("governor of Veldria's Lomar region, Ilona Varga", "Ilona Varga").as_deref(), Some("governor of Veldria's Lomar region"));
        assert_eq!(role_of("Ilona Varga, governor of the Lomar region,", "Ilona Varga").as_deref(), Some("governor of the Lomar region"));
        assert_eq!(role_of("he", "Ilona Varga"), None);
        assert_eq!(role_of("Veldrian Foreign Minister Tarek bin Omran", "Tarek bin Omran").as_deref(), Some("Veldrian Foreign Minister"));
        assert_eq!(role_of("Mr. Marno", "Elias Marno"), None);
        assert_eq!(role_of("Sen. Marno", "Elias Marno").as_deref(), Some("Sen."));
        assert_eq!(role_of("Elias Marno, 37,", "Elias Marno"), None);
        // an article, or a longer name cut before the speaker, is no role
        assert_eq!(role_of("the Velm Audit Bureau", "Velm Audit Bureau"), None);
        assert_eq!(role_of("Acting Secretary of Harbours Ilse Maron", "Harbours Ilse Maron"), None);
        assert_eq!(role_of("the new Corvan spokesman Elias Marno", "Elias Marno").as_deref(), Some("the new Corvan spokesman"));
    }
}
