//! Numbers, weekdays and quoted strings in a sentence, for spotting
//! sources that disagree.

/// Numeric values mentioned in `text` (digits, with thousands separators
/// and decimals, and the number words one to twenty).
pub fn values(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || ((b[i] == b',' || b[i] == b'.') && i + 1 < b.len() && b[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            let s: String = text[start..i].chars().filter(|c| *c != ',').collect();
            if let Ok(v) = s.parse::<f64>() {
                out.push(v);
            }
        } else {
            i += 1;
        }
    }
    chorus_text::words::for_each_token(text, |t| {
        if let Some(pos) = NUMBER_WORDS.iter().position(|n| n.eq_ignore_ascii_case(t.text)) {
            out.push((pos + 1) as f64);
        }
    });
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

static NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
];

/// A figure that can be held against another source's: what it measures
/// (`key`: a unit's dimension and the counted noun, normalized), the range of
/// values its wording allows (in the dimension's canonical unit) and a label
/// for the reader ("duration", "shots").
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte span of the figure's phrase in the text.
    pub start: usize,
    pub end: usize,
    pub key: String,
    pub lo: f64,
    pub hi: f64,
    pub label: String,
    /// The words, lowercased, of the name nearest the figure in its clause
    /// ("Richard Carter had 12 points"): whose figure it is.
    pub name: Vec<String>,
}

/// The comparable figures of `text` (chorus-facts' quantities): a count
/// needs the noun it counts ("13 shots"), a measure its unit ("about two
/// hours"); ages ("35-year-old"), amounts in millions and bare numbers are
/// left out. "About" allows a tenth either way, "more than" anything above,
/// "nearly" 15% below, "up to" anything below.
#[cfg(test)]
pub fn figures(text: &str) -> Vec<Figure> {
    figures_of(text, &chorus_facts::quantities::find_quantities(text))
}

/// [`figures`] from quantities already found, their spans relative to `text`.
pub fn figures_of(text: &str, quantities: &[chorus_facts::quantities::Quantity]) -> Vec<Figure> {
    use chorus_facts::quantities::Qualifier;
    let mut buf = String::new();
    let mut out = Vec::new();
    for q in quantities {
        if text.get(q.start..q.end).is_none() {
            continue;
        }
        if is_age(text, q) {
            continue;
        }
        let after = text[q.end..].trim_start_matches(['-', ' ']);
        let counted = q.counted.as_deref().map(|c| chorus_text::words::normalize(&c.to_lowercase(), &mut buf).to_string());
        let phrase = text[q.start..q.end].to_ascii_lowercase();
        // amounts in millions and other scaled values are left to the data table
        let scaled = |w: &str| {
            let suffix = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
            matches!(suffix, "thousand" | "million" | "billion" | "trillion" | "bn" | "mn" | "mln" | "tn" | "m" | "k")
        };
        if phrase.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == ',')).any(scaled) {
            continue;
        }
        let (value, dim) = match &q.canonical {
            Some((v, d)) => (*v, Some(d.as_str())),
            None => (q.value, None),
        };
        let scale = if q.value != 0.0 { value / q.value } else { 1.0 };
        let label = match (dim.and_then(dimension), &q.unit, &counted) {
            (Some(d), ..) => d.to_string(),
            (None, Some(u), Some(c)) => format!("{u} {c}"),
            (None, None, Some(c)) => c.clone(),
            _ => continue,
        };
        // "four years ago" is a point in time, "four years" a length
        let ago = after.split(|c: char| !c.is_alphanumeric()).next().is_some_and(|w| w.eq_ignore_ascii_case("ago"));
        // a measure is compared in the unit it is written in ("90 minutes" and "five weeks" are
        // seldom the same thing), by its value in the dimension's unit
        let key = format!("{}|{}|{}", q.unit.as_deref().unwrap_or(""), counted.as_deref().unwrap_or(""), if ago { "ago" } else { "" });
        let (lo, hi) = match q.qualifier {
            Qualifier::Exact => (value, value),
            Qualifier::Approximate => (value * 0.9, value * 1.1),
            Qualifier::AtLeast => (value, f64::INFINITY),
            Qualifier::AtMost if ["nearly", "almost", "close to", "just under", "just short of"].iter().any(|w| phrase.starts_with(w)) => {
                (value * 0.85, value)
            }
            Qualifier::AtMost => (0.0, value),
            Qualifier::Range => (value, q.high.map_or(value, |h| h * scale)),
        };
        let name = nearest_name(text, q.start, q.end);
        out.push(Figure { start: q.start, end: q.end, key, lo, hi, label, name });
    }
    out
}

/// Whether quantity `q` of `text` is an age ("35-year-old", "35 years old"): no figure to
/// compare or to list.
pub(crate) fn is_age(text: &str, q: &chorus_facts::quantities::Quantity) -> bool {
    q.counted.as_deref().is_some_and(|c| c.eq_ignore_ascii_case("old"))
        || text.get(q.end..).is_some_and(|r| r.trim_start_matches(['-', ' ']).starts_with("old"))
}

/// The name of the dimension of a canonical unit (`s` → "duration").
pub(crate) fn dimension(canonical_unit: &str) -> Option<&'static str> {
    match canonical_unit {
        "s" => Some("duration"),
        "m" => Some("distance"),
        "m2" => Some("area"),
        "kg" => Some("weight"),
        "l" => Some("volume"),
        _ => None,
    }
}

/// The capitalized words nearest a figure at `start..end` in its clause (no
/// comma, semicolon, colon, dash or bracket between): the run of them
/// closest before it within eight words, else after it within six. A
/// weekday, a month or a stopword is no name.
fn nearest_name(text: &str, start: usize, end: usize) -> Vec<String> {
    let clause_end = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '"' | '“' | '”');
    let is_name = |w: &str| {
        w.starts_with(|c: char| c.is_uppercase())
            && !DATE_WORDS.iter().any(|d| d.eq_ignore_ascii_case(w))
            && !chorus_text::words::is_stopword(&w.to_lowercase())
    };
    let before = &text[..start];
    let cut = before.char_indices().rev().find(|(_, c)| clause_end(*c)).map_or(0, |(i, c)| i + c.len_utf8());
    let before = &before[cut..];
    let words: Vec<&str> = before.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).collect();
    let mut run: Vec<String> = Vec::new();
    for w in words.iter().rev().take(8) {
        if is_name(w) {
            run.push(w.to_lowercase());
        } else if !run.is_empty() {
            break;
        }
    }
    if run.is_empty() {
        let after = &text[end..];
        let after = &after[..after.find(clause_end).unwrap_or(after.len())];
        for w in after.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).take(6) {
            if is_name(w) {
                run.push(w.to_lowercase());
            } else if !run.is_empty() {
                break;
            }
        }
    }
    for w in &mut run {
        for suffix in ["'s", "’s"] {
            if let Some(stem) = w.strip_suffix(suffix) {
                *w = stem.to_string();
            }
        }
    }
    run
}

/// Whether two figures' ranges leave no value both allow.
fn apart(a: &Figure, b: &Figure) -> bool {
    let eps = 1e-9 * a.hi.abs().max(b.hi.abs()).clamp(1.0, 1e12);
    a.hi + eps < b.lo || b.hi + eps < a.lo
}

/// The label of a measure two sentences give irreconcilable figures for:
/// the same key (`key`, if given), ranges that do not meet, no different
/// names next to them, and neither sentence also giving a figure of that key
/// that fits the other's.
pub fn disagreement(a: &[Figure], b: &[Figure], key: Option<&str>) -> Option<String> {
    for fa in a.iter().filter(|f| key.is_none_or(|k| f.key == k)) {
        for fb in b.iter().filter(|f| f.key == fa.key) {
            // figures of different people or things ("Ely put up 23 points", "Lawson … 16 points")
            let others = !fa.name.is_empty() && !fb.name.is_empty() && !fa.name.iter().any(|w| fb.name.contains(w));
            if others || !apart(fa, fb) {
                continue;
            }
            let fits = |x: &Figure, ys: &[Figure]| ys.iter().any(|y| y.key == x.key && !apart(x, y));
            if !fits(fb, a) && !fits(fa, b) {
                return Some(fa.label.clone());
            }
        }
    }
    None
}

/// `text` with the words around the figures of `key` blanked out: each
/// figure's phrase, the word after it and the two words before it ("lasted
/// more than 12 hours and"), so that what is left is the matter the figure
/// belongs to, not how it is given.
pub fn without_figures(text: &str, figures: &[Figure], key: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    for f in figures.iter().filter(|f| f.key == key) {
        let mut a = f.start;
        for _ in 0..2 {
            let head = text[..a].trim_end_matches(|c: char| !c.is_alphanumeric());
            a = head.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
        }
        let tail = &text[f.end..];
        let skip = tail.find(|c: char| c.is_alphanumeric()).unwrap_or(tail.len());
        let word = tail[skip..].find(|c: char| !c.is_alphanumeric()).map_or(tail.len(), |i| skip + i);
        for b in &mut out[a..f.end + word] {
            if b.is_ascii() {
                *b = b' ';
            }
        }
    }
    // only ASCII bytes were blanked, so the text is still UTF-8
    String::from_utf8(out).unwrap_or_default()
}

/// Four-digit years (1900–2099) written in `text`.
pub fn years(text: &str) -> Vec<u16> {
    let mut out = Vec::new();
    chorus_text::words::for_each_token(text, |t| {
        if t.text.len() == 4 && t.text.starts_with(['1', '2']) {
            if let Ok(y) = t.text.parse::<u16>() {
                if (1900..2100).contains(&y) {
                    out.push(y);
                }
            }
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// Weekday and month names mentioned in `text`, lowercased.
/// A weekday within three words after a reporting verb ("said on Monday",
/// "told CNN Thursday") dates the report, not the event, and is left out.
pub fn dates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut since_report = usize::MAX;
    chorus_text::words::for_each_token(text, |t| {
        since_report = since_report.saturating_add(1);
        if REPORTING.iter().any(|r| r.eq_ignore_ascii_case(t.text)) {
            since_report = 0;
        } else if t.capitalized && DATE_WORDS.iter().any(|d| d.eq_ignore_ascii_case(t.text)) {
            let weekday = DATE_WORDS[..7].iter().any(|d| d.eq_ignore_ascii_case(t.text));
            if !(weekday && since_report <= 3) {
                out.push(t.text.to_ascii_lowercase());
            }
        }
    });
    out.sort();
    out.dedup();
    out
}

/// Whether each side names something the other does not (both naming something).
pub fn each_lacks<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    !a.is_empty() && !b.is_empty() && a.iter().any(|x| !b.contains(x)) && b.iter().any(|x| !a.contains(x))
}

/// Whether two sentences' weekday and month names (from [`dates`]) disagree:
/// each names a weekday the other does not while both name one, or the same
/// for months ("Friday" and "August … Friday" agree).
pub fn dates_disagree(a: &[String], b: &[String]) -> bool {
    let weekday = |d: &String| DATE_WORDS[..7].contains(&d.as_str());
    [true, false].into_iter().any(|wd| {
        let (xa, xb): (Vec<_>, Vec<_>) = (a.iter().filter(|d| weekday(d) == wd).collect(), b.iter().filter(|d| weekday(d) == wd).collect());
        each_lacks(&xa, &xb)
    })
}

static REPORTING: &[&str] = &["said", "says", "told", "announced", "reported", "stated", "confirmed", "added", "tweeted", "wrote"];

static DATE_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december",
];

/// The words of `text`, lowercased (hyphens and punctuation split words).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    chorus_text::words::for_each_token(text, |t| out.push(t.text.to_lowercase()));
    out
}

/// Whether two sentences quote the same words differently: a quotation of
/// one and one of the other share at least half the words of the shorter,
/// differ, and neither is a stretch of the other (a shorter excerpt, or a
/// hyphen or comma more, is the same wording); and no quotation of one is
/// worded exactly as, or within, one of the other.
pub fn quotes_disagree(a: &[Vec<String>], b: &[Vec<String>]) -> bool {
    let within = |x: &[String], y: &[String]| x.is_empty() || y.windows(x.len()).any(|w| w == x);
    let same = |x: &Vec<String>, y: &Vec<String>| within(x, y) || within(y, x);
    let akin = |x: &Vec<String>, y: &Vec<String>| {
        let shared = x.iter().filter(|w| y.contains(w)).count().min(y.iter().filter(|w| x.contains(w)).count());
        2 * shared >= x.len().min(y.len()) && x.len().min(y.len()) >= 3
    };
    let reworded = a.iter().any(|x| b.iter().any(|y| akin(x, y) && !same(x, y)));
    let matched = a.iter().any(|x| b.iter().any(|y| same(x, y) && akin(x, y)));
    reworded && !matched
}

/// Byte spans of text between matching quotation marks (“…”, "…", «…»),
/// at least three words long.
pub fn quotes(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '“') | (None, '«') => open = Some((i + c.len_utf8(), c)),
            (None, '"') => open = Some((i + 1, '"')),
            (Some((s, o)), _) if matches!((o, c), ('“', '”') | ('«', '»') | ('"', '"')) => {
                if text[s..i].split_whitespace().count() >= 3 {
                    out.push((s, i));
                }
                open = None;
            }
            _ => {}
        }
    }
    // a quote left open runs to the end of the sentence
    if let Some((s, _)) = open {
        if text[s..].split_whitespace().count() >= 3 {
            out.push((s, text.len()));
        }
    }
    out
}

/// The phrase a number belongs to: the number token and the word after it
/// (two when the first is a scale or unit word such as "million" or
/// "square"), as a substring of `text` (for data tables).
pub fn figure_phrases(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at_word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if !(b[i].is_ascii_digit() && at_word_start) {
            i += 1;
            continue;
        }
        let mut start = i;
        if let Some(prev) = text[..i].chars().next_back() {
            if matches!(prev, '$' | '€' | '£') {
                start = i - prev.len_utf8();
            }
        }
        let mut end = word_end(b, i);
        let token = &text[i..end];
        // a bare year or a day of a month is a date, not a figure
        let next_word = text[end..].split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
        let is_year = token.len() == 4 && token.starts_with(['1', '2']) && token.bytes().all(|c| c.is_ascii_digit());
        // an ordinal ("41st", "22nd") or a name with digits ("49ers", "1990s") is no figure
        let suffix = token.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.').to_ascii_lowercase();
        let ordinal = matches!(suffix.as_str(), "st" | "nd" | "rd" | "th" | "s" | "ers");
        if is_year || ordinal || (token.len() <= 2 && is_month(next_word)) {
            i = end.max(i + 1);
            continue;
        }
        let mut extra = 1;
        while extra > 0 && end < b.len() && b[end] == b' ' {
            let next_end = word_end(b, end + 1);
            if next_end == end + 1 {
                break;
            }
            let word = text[end + 1..next_end].to_ascii_lowercase();
            if chorus_text::words::is_stopword(&word) {
                break;
            }
            end = next_end;
            extra -= 1;
            if SCALE_WORDS.contains(&word.as_str()) {
                extra += 1;
            }
            if b.get(end).is_some_and(|c| !c.is_ascii_alphanumeric() && *c != b' ' && *c != b'-') {
                break;
            }
        }
        if let Some(s) = text.get(start..end) {
            out.push(s);
        }
        i = end.max(i + 1);
    }
    out
}

fn is_month(w: &str) -> bool {
    DATE_WORDS[7..].iter().any(|d| d.eq_ignore_ascii_case(w)) || w.eq_ignore_ascii_case("may")
}

static SCALE_WORDS: &[&str] = &["million", "billion", "thousand", "trillion", "square", "cubic", "per", "percent"];

/// End of the word starting at `i`: letters, digits, '-', '%', and '.' or
/// ',' between digits.
fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        let c = b[i];
        let inner_sep = matches!(c, b',' | b'.')
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'%' || inner_sep {
            i += 1;
        } else {
            break;
        }
    }
    // never end inside a multi-byte character
    while i < b.len() && (b[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_words() {
        assert_eq!(values("about two hours and 1,250.5 tonnes in 2026"), vec![2.0, 1250.5, 2026.0]);
        assert_eq!(values("the M25 road"), Vec::<f64>::new());
    }

    fn disagree(a: &str, b: &str) -> Option<String> {
        disagreement(&figures(a), &figures(b), None)
    }

    #[test]
    fn figures_that_cannot_both_be_true() {
        // "about" and "nearly" leave room, but not enough to meet
        assert_eq!(disagree("The hearing lasted about two hours.", "The hearing ran for nearly three hours."), Some("duration".into()));
        assert_eq!(disagree("The hearing lasted about two hours.", "The hearing ran for 125 minutes."), None, "minutes and hours are not compared");
        assert_eq!(disagree("The hearing lasted about two hours.", "The hearing ran for two and a half hours, or 2 hours."), None, "the other side also gives a fitting figure");
        // a lower bound agrees with anything above it
        assert_eq!(disagree("At least 12 shots were fired.", "The gunman fired 13 shots."), None);
        assert_eq!(disagree("Eleven shots were fired.", "The gunman fired 13 shots."), Some("shot".into()));
        // whose figure it is: different names, different things
        assert_eq!(disagree("Ilse Maron scored 23 points.", "Tavi Orun added 16 points."), None);
        assert_eq!(disagree("Ilse Maron scored 23 points.", "Maron finished with 21 points."), Some("point".into()));
        // ages, amounts in millions and bare numbers are not compared
        assert_eq!(disagree("The 35-year-old driver was hurt.", "The driver had served 15 years."), None);
        assert_eq!(disagree("It will cost 18 million velds.", "Losses run at 2.3 million velds a week."), None);
        assert_eq!(disagree("The count was 12.", "The count was 14."), None);
        // "four years ago" is not "four years"
        assert_eq!(disagree("She moved there four years ago.", "She lived there for nine years."), None);
    }

    #[test]
    fn the_matter_around_a_figure() {
        let t = "The strikes — which began at dawn — lasted more than 12 hours’ and left residents cold.";
        let f = figures(t);
        let rest = without_figures(t, &f, &f[0].key);
        assert!(!rest.contains("lasted") && !rest.contains("hours") && !rest.contains("and"), "{rest}");
        assert!(rest.contains("strikes") && rest.contains("residents"), "{rest}");
    }

    #[test]
    fn years_and_date_names() {
        assert_eq!(years("Voters in 2009 approved it; 12 of 1800 and 2150 are no years."), vec![2009]);
        let d = |t: &str| dates(t);
        assert!(!dates_disagree(&d("The figures came out on Friday."), &d("The August figures came out on Friday.")));
        assert!(dates_disagree(&d("The strike began on Friday."), &d("The strike began on Saturday.")));
        assert!(!dates_disagree(&d("It began on Friday."), &d("It began in March.")));
        // the day of the report is not the day of the event
        assert!(!dates_disagree(&d("Crews sealed the leak on Wednesday."), &d("Crews sealed the leak, an official told reporters Thursday.")));
        assert!(dates_disagree(&d("Crews sealed the leak on Wednesday, he said."), &d("Crews sealed the leak on Thursday.")));
    }

    #[test]
    fn quotes_and_dates() {
        let t = "She said “we will rebuild the pier” on Tuesday, and \"not before March\" after that.";
        let q: Vec<_> = quotes(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["we will rebuild the pier", "not before March"]);
        assert_eq!(dates(t), vec!["march", "tuesday"]);
    }

    #[test]
    fn quotes_worded_differently() {
        let q = |t: &str| quotes(t).into_iter().map(|(s, e)| words(&t[s..e])).collect::<Vec<_>>();
        let a = q("“We owe the town a clear account of what went wrong,” she said.");
        // another word is a different wording
        assert!(quotes_disagree(&a, &q("“We owe the town a full account of what went wrong,” she said.")));
        // a hyphen, a comma or a shorter excerpt is not
        assert!(!quotes_disagree(&q("\"The cyber criminals are getting worse every day,\" he said."), &q("\"The cyber-criminals are getting worse every day.\"")));
        assert!(!quotes_disagree(&a, &q("She said they owed the town “a clear account of what went wrong” soon.")));
        // two different quotations are not two wordings of one
        assert!(!quotes_disagree(&a, &q("“The bridge will reopen before winter,” she said.")));
    }

    #[test]
    fn figure_phrases_for_tables() {
        assert_eq!(figure_phrases("In 2019 and on 3 February, 46 witnesses and 2 of them spoke."), vec!["46 witnesses", "2"]);
        assert_eq!(figure_phrases("More than 140 trucks an hour crossed, costing $2.5 million."), vec!["140 trucks", "$2.5 million"]);
        assert_eq!(figure_phrases("The 41st mayor, a fan of the 49ers since the 1990s, saw 3 floods."), vec!["3 floods"]);
    }
}
