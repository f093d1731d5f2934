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

/// Counted quantities in `text`: (value, normalized noun) for a number
/// (digits or a number word) followed by a noun, as in "two hours",
/// "90-minute", "14 recommendations". Years and days of a month are not
/// quantities.
pub fn quantities(text: &str) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    let mut buf = String::new();
    // the number of the previous token, if it was one, with its offset
    let mut prev: Option<(f64, usize)> = None;
    chorus_text::words::for_each_token(text, |t| {
        let (num, noun) = (prev.take(), t.text);
        prev = number_value(t.text).map(|v| (v, t.start));
        let Some((value, at)) = num else { return };
        // "KH-200": a model number, not a count
        if text[..at].ends_with('-') && text[..at.saturating_sub(1)].ends_with(|c: char| c.is_alphanumeric()) {
            return;
        }
        // amounts of money and other scaled values are left to the data table
        if SCALE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(noun)) {
            return;
        }
        if noun.bytes().any(|b| b.is_ascii_digit()) || is_month(noun) {
            return;
        }
        let norm = chorus_text::words::normalize(noun, &mut buf);
        if norm.len() < 3 || chorus_text::words::is_stopword(norm) {
            return;
        }
        out.push((value, norm.to_string()));
    });
    out
}

/// The value of a count token: digits (not a year) or a number word.
fn number_value(tok: &str) -> Option<f64> {
    if tok.bytes().all(|b| b.is_ascii_digit()) {
        if tok.len() == 4 && tok.starts_with(['1', '2']) {
            return None;
        }
        tok.parse::<f64>().ok()
    } else {
        NUMBER_WORDS.iter().position(|n| n.eq_ignore_ascii_case(tok)).map(|p| (p + 1) as f64)
    }
}

/// Weekday and month names mentioned in `text`, lowercased.
pub fn dates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    chorus_text::words::for_each_token(text, |t| {
        if t.capitalized && DATE_WORDS.iter().any(|d| d.eq_ignore_ascii_case(t.text)) {
            out.push(t.text.to_ascii_lowercase());
        }
    });
    out.sort();
    out.dedup();
    out
}

static DATE_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december",
];

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
        if is_year || (token.len() <= 2 && is_month(next_word)) {
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

    #[test]
    fn counted_quantities() {
        let q = quantities("The 90-minute session lasted about two hours; 14 recommendations in 2026 on 3 March.");
        assert_eq!(q, vec![(90.0, "minute".to_string()), (2.0, "hour".to_string()), (14.0, "recommendation".to_string())]);
    }

    #[test]
    fn quotes_and_dates() {
        let t = "She said “we will rebuild the pier” on Tuesday, and \"not before March\" after that.";
        let q: Vec<_> = quotes(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["we will rebuild the pier", "not before March"]);
        assert_eq!(dates(t), vec!["march", "tuesday"]);
    }

    #[test]
    fn figures() {
        assert_eq!(figure_phrases("In 2019 and on 3 February, 46 witnesses and 2 of them spoke."), vec!["46 witnesses", "2"]);
        assert_eq!(figure_phrases("More than 140 trucks an hour crossed, costing $2.5 million."), vec!["140 trucks", "$2.5 million"]);
    }
}
