//! Quantities: numbers with their qualifier, scale, unit and the thing they
//! count ("more than 220 drones", "about 200 square kilometres (77 square
//! miles)", "20% of the land", "$1.5bn", "a 90-minute meeting",
//! "millions of people").
//!
//! [`find_quantities`] scans tokens once; physical units are converted to a
//! canonical unit (metres, square metres, kilograms, litres, seconds), so
//! the same figure given in two units can be checked ([`unit_pairs`]), and
//! the same counted thing can be compared across sources.

use serde::{Deserialize, Serialize};

/// How exact a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approximate,
    /// "more than", "over", "at least", "millions of" (a lower bound).
    AtLeast,
    /// "less than", "up to", "nearly", "almost" (an upper bound).
    AtMost,
    /// "between 10 and 20", "10-20": `value` to `high`.
    Range,
}

/// A figure found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Byte span of the whole phrase (qualifier, number, unit).
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Upper end of a range.
    pub high: Option<f64>,
    pub qualifier: Qualifier,
    /// Unit as written, normalized to a short name (`km2`, `mi2`, `km`, `%`,
    /// `USD`, `min`, …); `None` for a plain count.
    pub unit: Option<String>,
    /// `(value, unit)` in the canonical unit of its dimension (`m`, `m2`,
    /// `kg`, `l`, `s`) for physical units.
    pub canonical: Option<(f64, String)>,
    /// What is counted: the noun after the figure ("drones", "civilians",
    /// "killed") or after "of" ("of territory" → "territory").
    pub counted: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    s: &'a str,
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < b.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if c.is_alphanumeric() {
            let start = i;
            let mut j = i;
            while j < b.len() {
                let d = text[j..].chars().next().unwrap_or(' ');
                let ok = d.is_alphanumeric()
                    || d == '²'
                    || ((d == ',' || d == '.') && j > start && b[j - 1].is_ascii_digit() && b.get(j + 1).is_some_and(|n| n.is_ascii_digit()))
                    || (d == '\'' || d == '’') && text[j + d.len_utf8()..].starts_with(char::is_alphabetic) && !b[j - 1].is_ascii_digit();
                if !ok {
                    break;
                }
                j += d.len_utf8();
            }
            out.push(Tok { s: &text[start..j], start, end: j });
            i = j;
        } else {
            if !c.is_whitespace() {
                out.push(Tok { s: &text[i..i + len], start: i, end: i + len });
            }
            i += len;
        }
    }
    out
}

const ONES: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
];
const TENS: &[&str] = &["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

fn word_number(w: &str) -> Option<f64> {
    let l = w.to_ascii_lowercase();
    if let Some(p) = ONES.iter().position(|o| *o == l) {
        return Some(p as f64);
    }
    if let Some(p) = TENS.iter().position(|t| !t.is_empty() && *t == l) {
        return Some((p * 10) as f64);
    }
    match l.as_str() {
        "dozen" => Some(12.0),
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        _ => None,
    }
}

fn scale_of(w: &str) -> Option<f64> {
    match w.to_ascii_lowercase().as_str() {
        "thousand" | "k" => Some(1e3),
        "million" | "mn" | "mln" | "m" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

/// "hundreds of", "millions of": a lower bound.
fn plural_scale(w: &str) -> Option<f64> {
    match w.to_ascii_lowercase().as_str() {
        "dozens" => Some(24.0),
        "hundreds" => Some(200.0),
        "thousands" => Some(2e3),
        "millions" => Some(2e6),
        "billions" => Some(2e9),
        _ => None,
    }
}

/// A digit token: its value and a glued scale/unit suffix (`1.5bn`, `20m`, `90km`).
fn digits(tok: &str) -> Option<(f64, &str)> {
    let n = tok.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(tok.len());
    if n == 0 {
        return None;
    }
    let num: String = tok[..n].chars().filter(|c| *c != ',').collect();
    let v = num.parse::<f64>().ok()?;
    Some((v, &tok[n..]))
}

/// A unit: (words as written, short name, (canonical unit of its
/// dimension, factor to it)).
type Unit = (&'static [&'static str], &'static str, Option<(&'static str, f64)>);

const UNITS: &[Unit] = &[
    (&["km²", "km2", "sqkm"], "km2", Some(("m2", 1e6))),
    (&["mi²", "mi2", "sqmi"], "mi2", Some(("m2", 2_589_988.11))),
    (&["hectares", "hectare", "ha"], "ha", Some(("m2", 1e4))),
    (&["acres", "acre"], "acre", Some(("m2", 4046.856))),
    (&["kilometres", "kilometers", "kilometre", "kilometer", "km", "kms"], "km", Some(("m", 1e3))),
    (&["miles", "mile", "mi"], "mi", Some(("m", 1609.344))),
    (&["metres", "meters", "metre", "meter"], "m", Some(("m", 1.0))),
    (&["feet", "foot", "ft"], "ft", Some(("m", 0.3048))),
    (&["tonnes", "tonne", "tons", "ton", "t"], "t", Some(("kg", 1e3))),
    (&["kilograms", "kilogram", "kilos", "kg"], "kg", Some(("kg", 1.0))),
    (&["lbs", "lb"], "lb", Some(("kg", 0.453_592))),
    (&["litres", "liters", "litre", "liter"], "l", Some(("l", 1.0))),
    (&["barrels", "barrel"], "bbl", Some(("l", 158.987))),
    (&["seconds", "second", "secs", "sec"], "s", Some(("s", 1.0))),
    (&["minutes", "minute", "mins", "min"], "min", Some(("s", 60.0))),
    (&["hours", "hour", "hrs", "hr"], "h", Some(("s", 3600.0))),
    (&["days", "day"], "day", Some(("s", 86_400.0))),
    (&["weeks", "week"], "week", Some(("s", 604_800.0))),
    (&["months", "month"], "month", Some(("s", 2_629_746.0))),
    (&["years", "year"], "year", Some(("s", 31_556_952.0))),
    (&["percent", "pct", "%"], "%", None),
    (&["dollars", "dollar"], "USD", None),
    (&["euros", "euro"], "EUR", None),
    (&["usd"], "USD", None),
    (&["eur"], "EUR", None),
    (&["gbp"], "GBP", None),
];

fn unit_of(w: &str) -> Option<usize> {
    let l = w.to_lowercase();
    UNITS.iter().position(|(names, _, _)| names.contains(&l.as_str()))
}

fn currency_symbol(s: &str) -> Option<&'static str> {
    match s {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "¥" => Some("JPY"),
        "₴" => Some("UAH"),
        "₽" => Some("RUB"),
        _ => None,
    }
}

const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

fn is_month(w: &str) -> bool {
    let l = w.trim_end_matches('.').to_ascii_lowercase();
    MONTHS.contains(&l.as_str())
}

fn lower_is(t: Option<&Tok<'_>>, words: &[&str]) -> bool {
    t.is_some_and(|t| words.iter().any(|w| t.s.eq_ignore_ascii_case(w)))
}

/// Words that are not what a figure counts.
const NOT_COUNTED: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "that", "which",
    "who", "was", "were", "is", "are", "be", "been", "had", "has", "have", "said", "says", "per", "than", "more",
    "less", "this", "it", "its", "their", "his", "her", "into", "over", "under", "after", "before", "since", "ago",
    "them", "those", "these", "they", "we", "us", "you", "he", "she", "him", "times", "did", "do", "does", "will", "would", "could", "should", "can", "may", "might", "must", "met", "also", "not",
];

/// Adjectives that often stand between a figure and what it counts ("two
/// previous rounds", "a 90-minute closed meeting"): skipped.
const ADJECTIVES: &[&str] = &[
    "other", "previous", "earlier", "later", "more", "new", "separate", "private", "closed", "open", "main", "key",
    "major", "minor", "senior", "top", "former", "last", "next", "first", "additional", "further", "consecutive",
    "different", "several", "rival", "opposing", "full", "whole", "long", "short", "small", "large", "big", "high",
    "low", "direct", "official", "unofficial", "initial", "final", "possible", "remaining", "total", "extra",
];

/// A figure's counted noun: the next word, or the word after "of (the)".
fn counted_after(toks: &[Tok<'_>], mut k: usize) -> Option<String> {
    if lower_is(toks.get(k), &["-", "–"]) {
        k += 1;
    }
    let t = toks.get(k)?;
    if t.s.eq_ignore_ascii_case("of") {
        let mut m = k + 1;
        if lower_is(toks.get(m), &["the", "its", "their", "a"]) {
            m += 1;
        }
        let w = toks.get(m)?;
        let ok = w.s.chars().next().is_some_and(char::is_alphabetic) && !NOT_COUNTED.iter().any(|n| w.s.eq_ignore_ascii_case(n));
        return ok.then(|| w.s.to_string());
    }
    // "778,000 last week": a time adverbial follows the figure, not what it counts
    let time_unit = |w: &str| {
        matches!(w.to_ascii_lowercase().as_str(), "day" | "week" | "weekend" | "month" | "quarter" | "year" | "season" | "night" | "morning" | "evening")
    };
    if lower_is(Some(t), &["last", "next", "this", "previous"]) && toks.get(k + 1).is_some_and(|n| time_unit(n.s)) {
        return None;
    }
    let mut t = t;
    for _ in 0..2 {
        if ADJECTIVES.iter().any(|a| t.s.eq_ignore_ascii_case(a)) {
            t = toks.get(k + 1).filter(|n| n.s.chars().next().is_some_and(char::is_alphabetic))?;
            k += 1;
        }
    }
    // a word that qualifies the noun after it: a capitalized one before a lowercase noun ("two
    // Republican lawmakers", "12 Somali pirates"; "576,000 Americans filed": a plural is the
    // noun), or an adjective-looking one before a plural ("two serious injuries", "nine
    // provincial capitals"; "one hospital reported" keeps "hospital")
    let capitalized = t.s.starts_with(char::is_uppercase) && !t.s.ends_with('s') && !is_month(t.s);
    let adjective = t.s.chars().all(|c| c.is_lowercase())
        && ["ous", "al", "ive", "ic", "ful", "less", "able", "ible", "ian"].iter().any(|x| t.s.ends_with(x));
    if capitalized || adjective {
        if let Some(n) = toks.get(k + 1).filter(|n| {
            n.start == t.end + 1
                && n.s.len() >= if adjective { 4 } else { 3 }
                && (!adjective || n.s.ends_with('s'))
                && n.s.chars().all(|c| c.is_lowercase())
                && !NOT_COUNTED.iter().any(|w| n.s.eq_ignore_ascii_case(w))
        }) {
            t = n;
        }
    }
    let first = t.s.chars().next()?;
    if !first.is_alphabetic() || NOT_COUNTED.iter().any(|n| t.s.eq_ignore_ascii_case(n)) || is_month(t.s) {
        return None;
    }
    Some(t.s.to_lowercase())
}

/// Every quantity in `text`, in order.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parse_at(text, &toks, i) {
            Some((q, next)) => {
                out.push(q);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// A number starting at token `i` (possibly with a currency symbol
/// before it): its value and the index after it.
fn number_at(toks: &[Tok<'_>], i: usize) -> Option<(f64, usize, Option<&'static str>, Option<f64>)> {
    let t = toks.get(i)?;
    if let Some(cur) = currency_symbol(t.s) {
        let (v, next, _, scale) = number_at(toks, i + 1)?;
        return Some((v, next, Some(cur), scale));
    }
    if let Some((v, suffix)) = digits(t.s) {
        if !suffix.is_empty() {
            if let Some(s) = scale_of(suffix) {
                return Some((v * s, i + 1, None, Some(s)));
            }
            if suffix.eq_ignore_ascii_case("st") || suffix.eq_ignore_ascii_case("nd") || suffix.eq_ignore_ascii_case("rd") || suffix.eq_ignore_ascii_case("th") {
                return None;
            }
            // glued unit (90km): the caller reads it from the token
            return unit_of(suffix).map(|_| (v, i + 1, None, None));
        }
        // "1.5 million"
        if let Some(s) = toks.get(i + 1).and_then(|n| scale_of(n.s)).filter(|_| !toks[i + 1].s.eq_ignore_ascii_case("m") && !toks[i + 1].s.eq_ignore_ascii_case("b")) {
            return Some((v * s, i + 2, None, Some(s)));
        }
        return Some((v, i + 1, None, None));
    }
    if let Some(mut v) = word_number(t.s) {
        let mut next = i + 1;
        // twenty-five
        if v >= 20.0 && lower_is(toks.get(next), &["-"]) {
            if let Some(u) = toks.get(next + 1).and_then(|n| word_number(n.s)).filter(|u| *u < 10.0) {
                v += u;
                next += 2;
            }
        }
        if let Some(s) = toks.get(next).and_then(|n| scale_of(n.s)).filter(|_| toks[next].s.len() > 2) {
            return Some((v * s, next + 1, None, Some(s)));
        }
        return Some((v, next, None, None));
    }
    None
}

fn parse_at(text: &str, toks: &[Tok<'_>], i: usize) -> Option<(Quantity, usize)> {
    let t = &toks[i];
    // "millions of people", "hundreds of homes"
    if let Some(v) = plural_scale(t.s) {
        if lower_is(toks.get(i + 1), &["of"]) {
            let counted = counted_after(toks, i + 1);
            return Some((
                Quantity { start: t.start, end: t.end, value: v / 2.0, high: None, qualifier: Qualifier::AtLeast, unit: None, canonical: None, counted },
                i + 1,
            ));
        }
        return None;
    }
    // "a dozen", "a hundred" need the article; plain "one" in "one of" is not a count.
    if ["hundred", "thousand", "dozen"].iter().any(|w| t.s.eq_ignore_ascii_case(w))
        && !lower_is(i.checked_sub(1).and_then(|p| toks.get(p)), &["a"])
    {
        return None;
    }
    if t.s.eq_ignore_ascii_case("one") && lower_is(toks.get(i + 1), &["of", "another", "day"]) {
        return None;
    }
    if t.s.eq_ignore_ascii_case("zero") {
        return None;
    }
    let (value, mut next, mut currency, scale) = number_at(toks, i)?;
    let first = if currency.is_some() { &toks[i + 1] } else { t };
    // Not figures: years, days of a month, times, model numbers, ordinals.
    if let Some((_, suffix)) = digits(first.s) {
        let plain = suffix.is_empty() && !first.s.contains([',', '.']);
        // the word before, skipping an abbreviation's full stop ("Sept. 30")
        let prev = match i.checked_sub(1).map(|p| toks[p].s) {
            Some(".") if i >= 2 && toks[i - 2].end == toks[i - 1].start => Some(toks[i - 2].s),
            p => p,
        };
        let after = toks.get(next).map(|n| n.s);
        if plain && currency.is_none() && first.s.len() == 4 && (1800.0..=2100.0).contains(&value) {
            return None;
        }
        if plain && (prev.is_some_and(is_month) || after.is_some_and(is_month)) && value <= 31.0 {
            return None;
        }
        if after == Some(":") || prev == Some(":") || (prev == Some("-") && i >= 2 && toks[i - 2].s.chars().all(char::is_alphabetic) && toks[i - 2].end == toks[i - 1].start) {
            return None;
        }
        if prev.is_some_and(|p| p == "#" || p.eq_ignore_ascii_case("no")) {
            return None;
        }
    }
    // currency code/name after: "20 dollars", "EUR 5"
    let mut start = toks[i].start;
    if currency.is_none() {
        if let Some(c) = i.checked_sub(1).and_then(|p| unit_of(toks[p].s)).filter(|u| matches!(UNITS[*u].1, "USD" | "EUR" | "GBP")) {
            currency = Some(UNITS[c].1);
            start = toks[i - 1].start;
        }
    }
    // "US$"
    if currency == Some("USD") && i >= 1 && toks[i - 1].s == "US" && toks[i - 1].end == toks[i].start {
        start = toks[i - 1].start;
    }

    // Qualifier before the number.
    let mut qualifier = Qualifier::Exact;
    let before = |n: usize| i.checked_sub(n).and_then(|p| toks.get(p)).map(|t| t.s.to_ascii_lowercase());
    let at_start = toks[i].start.min(start);
    let mut q_start = at_start;
    let two = (before(2), before(1));
    let mut is_between = false;
    match (two.0.as_deref(), two.1.as_deref()) {
        (Some("more" | "greater" | "higher"), Some("than")) | (Some("at"), Some("least")) => {
            qualifier = Qualifier::AtLeast;
            q_start = toks[i - 2].start;
        }
        (Some("less" | "fewer" | "lower"), Some("than")) | (Some("at"), Some("most")) | (Some("up"), Some("to")) | (Some("as"), Some("many")) => {
            qualifier = Qualifier::AtMost;
            q_start = toks[i - 2].start;
            if two.1.as_deref() == Some("many") && lower_is(toks.get(i.saturating_sub(3)), &["as"]) {
                q_start = toks[i - 3].start;
            }
        }
        (_, Some("over" | "above" | "exceeding")) => {
            qualifier = Qualifier::AtLeast;
            q_start = toks[i - 1].start;
        }
        (_, Some("under" | "below" | "nearly" | "almost")) => {
            qualifier = Qualifier::AtMost;
            q_start = toks[i - 1].start;
        }
        (_, Some("about" | "around" | "approximately" | "roughly" | "some" | "estimated" | "circa" | "~")) => {
            qualifier = Qualifier::Approximate;
            q_start = toks[i - 1].start;
            if two.1.as_deref() == Some("estimated") && two.0.as_deref() == Some("an") {
                q_start = toks[i - 2].start;
            }
        }
        (_, Some("between")) => {
            is_between = true;
            q_start = toks[i - 1].start;
        }
        _ => {}
    }
    if qualifier == Qualifier::Exact && !is_between {
        q_start = start;
    }

    // Range: "10-20", "10 to 20", "between 10 and 20".
    let mut high = None;
    let joiner = toks.get(next).map(|t| t.s.to_ascii_lowercase());
    let range_joiner = match joiner.as_deref() {
        Some("-" | "–" | "to") => true,
        Some("and") => is_between,
        _ => false,
    };
    if range_joiner {
        if let Some((h, n2, _, hscale)) = number_at(toks, next + 1) {
            let h = if hscale.is_none() { h * scale.unwrap_or(1.0) } else { h };
            if h > value {
                high = Some(h);
                qualifier = Qualifier::Range;
                next = n2;
            }
        }
    }

    // Unit.
    let mut unit: Option<String> = currency.map(str::to_string);
    let mut canonical = None;
    let glued = digits(toks[if currency.is_some() { i + 1 } else { i }].s).map(|(_, s)| s).filter(|s| !s.is_empty() && scale_of(s).is_none());
    let mut unit_idx = glued.and_then(unit_of);
    if unit_idx.is_none() && unit.is_none() {
        // "200 square kilometres", "77 sq mi", "90-minute", "20 per cent"
        let mut k = next;
        if lower_is(toks.get(k), &["-"]) {
            k += 1;
        }
        let w = toks.get(k).map(|t| t.s.to_ascii_lowercase());
        match w.as_deref() {
            Some("square" | "sq") => {
                if let Some(u) = toks.get(k + 1).and_then(|t| unit_of(t.s)) {
                    let area = match UNITS[u].1 {
                        "km" => unit_of("km2"),
                        "mi" => unit_of("mi2"),
                        "m" => None,
                        _ => None,
                    };
                    if let Some(a) = area {
                        unit_idx = Some(a);
                        next = k + 2;
                    } else if UNITS[u].1 == "m" {
                        unit = Some("m2".into());
                        canonical = Some((value, "m2".to_string()));
                        next = k + 2;
                    }
                }
            }
            Some("per") if lower_is(toks.get(k + 1), &["cent"]) => {
                unit_idx = unit_of("%");
                next = k + 2;
            }
            Some(_) => {
                if let Some(u) = toks.get(k).and_then(|t| unit_of(t.s)) {
                    // "1 m" (metre) vs "20m" (million) is settled above; single letters only right after digits
                    if toks[k].s.len() > 2 || matches!(UNITS[u].1, "%" | "km" | "kg" | "ft") || toks[k].s == "%" {
                        unit_idx = Some(u);
                        next = k + 1;
                    }
                }
            }
            None => {}
        }
    }
    if let Some(u) = unit_idx {
        let (_, short, canon) = UNITS[u];
        if unit.is_none() {
            unit = Some(short.to_string());
        }
        if let Some((cu, f)) = canon {
            canonical = Some((value * f, cu.to_string()));
        }
    }
    // A bare number word with nothing after it is rarely a figure ("one
    // said"); keep it only with a counted noun or unit.
    // Money counts nothing of its own ("€20m opened"), unless "of" says.
    let counted = if currency.is_some() && !lower_is(toks.get(next), &["of"]) { None } else { counted_after(toks, next) };
    let is_word = word_number(toks[i].s).is_some() && currency.is_none();
    if is_word && unit.is_none() && counted.is_none() {
        return None;
    }
    if is_word && value < 2.0 && unit.is_none() && qualifier == Qualifier::Exact {
        // "one" is usually an article-like word
        return None;
    }
    let end = toks.get(next.saturating_sub(1)).map_or(text.len(), |t| t.end);
    let end = end.max(toks[i].end);
    Some((Quantity { start: q_start, end, value, high, qualifier, unit, canonical, counted }, next))
}

/// The same figure given twice in one text, the second in parentheses
/// ("200 km² (77 sq mi)"): `(first, second, agree)` by index into `qs`,
/// where they agree within 5 % after conversion (or the rounding of the
/// smaller figure).
pub fn unit_pairs(text: &str, qs: &[Quantity]) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    for i in 0..qs.len().saturating_sub(1) {
        let (a, b) = (&qs[i], &qs[i + 1]);
        let gap = text.get(a.end..b.start).unwrap_or("");
        if gap.trim() != "(" && gap.trim() != "," && gap.trim() != "or" {
            continue;
        }
        if let (Some((va, ua)), Some((vb, ub))) = (&a.canonical, &b.canonical) {
            if ua == ub && a.unit != b.unit {
                let rel = (va - vb).abs() / va.abs().max(vb.abs()).max(f64::MIN_POSITIVE);
                out.push((i, i + 1, rel <= 0.05));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Quantity {
        let qs = find_quantities(text);
        assert_eq!(qs.len(), 1, "{text}: {qs:?}");
        qs.into_iter().next().unwrap()
    }

    #[test]
    fn counts_with_qualifiers() {
        let q = one("Overnight the army said more than 220 drones were launched.");
        assert_eq!((q.value, q.qualifier, q.counted.as_deref()), (220.0, Qualifier::AtLeast, Some("drones")));
        let text = "Overnight the army said more than 220 drones were launched.";
        assert_eq!(&text[q.start..q.end], "more than 220");
        let q = one("Police said four civilians were hurt.");
        assert_eq!((q.value, q.counted.as_deref()), (4.0, Some("civilians")));
        let q = one("Nearly 3,000 homes lost power.");
        assert_eq!((q.value, q.qualifier), (3000.0, Qualifier::AtMost));
        let q = one("An estimated 1.2 million people live in the valley.");
        assert_eq!((q.value, q.qualifier, q.counted.as_deref()), (1_200_000.0, Qualifier::Approximate, Some("people")));
        let q = one("Millions of people watched the final.");
        assert_eq!((q.qualifier, q.counted.as_deref()), (Qualifier::AtLeast, Some("people")));
        let q = one("Between 40 and 60 boats joined the protest.");
        assert_eq!((q.value, q.high, q.qualifier), (40.0, Some(60.0), Qualifier::Range));
        let q = one("Twenty-five ministers attended.");
        assert_eq!(q.value, 25.0);
    }

    #[test]
    fn casualties_listed_together() {
        let qs = find_quantities("The ministry counted 2,248 killed and 12,493 injured since the start.");
        let got: Vec<(f64, Option<&str>)> = qs.iter().map(|q| (q.value, q.counted.as_deref())).collect();
        assert_eq!(got, vec![(2248.0, Some("killed")), (12493.0, Some("injured"))]);
    }

    #[test]
    fn units_and_conversions() {
        let text = "The rebels hold about 200 square kilometres (77 square miles) of farmland.";
        let qs = find_quantities(text);
        assert_eq!(qs.len(), 2, "{qs:?}");
        assert_eq!((qs[0].value, qs[0].qualifier, qs[0].unit.as_deref()), (200.0, Qualifier::Approximate, Some("km2")));
        assert_eq!(qs[1].unit.as_deref(), Some("mi2"));
        assert_eq!(qs[1].counted.as_deref(), None, "the ')' ends the second figure");
        let pairs = unit_pairs(text, &qs);
        assert_eq!(pairs, vec![(0, 1, true)]);
        // A wrong conversion is caught.
        let text = "a lake of 200 km² (120 sq mi)";
        let qs = find_quantities(text);
        assert_eq!(unit_pairs(text, &qs), vec![(0, 1, false)]);

        let q = one("Prices rose 20% in a year of drought.");
        assert_eq!(q.unit.as_deref(), Some("%"));
        let q = one("They control 18 per cent of the coast.");
        assert_eq!((q.unit.as_deref(), q.counted.as_deref()), (Some("%"), Some("coast")));
        let q = one("It was a 90-minute closed meeting.");
        assert_eq!((q.value, q.unit.as_deref(), q.counted.as_deref()), (90.0, Some("min"), Some("meeting")));
        assert_eq!(q.canonical, Some((5400.0, "s".to_string())));
        // a time adverbial after the figure is not what it counts
        let q = one("Claims rose to 373,000 last week.");
        assert_eq!(q.counted, None);
        let q = one("Two Republican lawmakers objected.");
        assert_eq!(q.counted.as_deref(), Some("lawmakers"));
        let q = one("It sank 12 Velmish boats.");
        assert_eq!(q.counted.as_deref(), Some("boats"));
        let q = one("Two serious injuries were reported.");
        assert_eq!(q.counted.as_deref(), Some("injuries"));
        let q = one("The 2 hospital wards reported it.");
        assert_eq!(q.counted.as_deref(), Some("wards"));
        let q = one("About 576,000 Velmians filed claims.");
        assert_eq!(q.counted.as_deref(), Some("velmians"));
        let q = one("They need two more weeks.");
        assert_eq!(q.counted.as_deref(), Some("weeks"));
        let q = one("The road is 12km long.");
        assert_eq!((q.unit.as_deref(), q.canonical.clone()), (Some("km"), Some((12_000.0, "m".to_string()))));
    }

    #[test]
    fn money() {
        let q = one("The fund is worth $1.5bn, officials said.");
        assert_eq!((q.value, q.unit.as_deref()), (1.5e9, Some("USD")));
        let q = one("A bridge costing €20m opened.");
        assert_eq!((q.value, q.unit.as_deref(), q.counted.as_deref()), (2e7, Some("EUR"), None));
        let q = one("They raised £3.2 billion.");
        assert_eq!(q.value, 3.2e9);
        let q = one("It paid 40 million dollars.");
        assert_eq!((q.value, q.unit.as_deref()), (4e7, Some("USD")));
    }

    #[test]
    fn not_figures() {
        for t in [
            "The talks began in 2022 and ended on March 5.",
            "They met on 5 March at 10:30.",
            "The ship sails on Sept. 30 from the port.",
            "The Dec. 5 report was late.",
            "One of the ministers left.",
            "The KH-200 engine failed.",
            "He finished 3rd in the race.",
            "",
            "¥",
            "$",
        ] {
            assert!(find_quantities(t).is_empty(), "{t}: {:?}", find_quantities(t));
        }
    }

    #[test]
    fn never_panics() {
        for t in ["1,", ",1", "1..2", "$$$1", "1-", "-1", "between 1 and", "½ ⅓ 2²", "٣ apples", "1e9", "99999999999999999999999"] {
            let _ = find_quantities(t);
        }
    }
}
