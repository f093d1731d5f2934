//! Dates read from URLs and from short visible texts (bylines, datelines).
//!
//! Both return `YYYY-MM-DD`, and only for real calendar dates (checked with
//! `jiff`), so a stray number is never taken for a date.

use jiff::civil::Date;

/// A date in a URL path: `/2024/03/05/`, `/2024-03-05/`, `/20240305/`,
/// `/2024/mar/05/`. Years 1990–2099.
pub fn date_in_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let parts: Vec<&str> = path.split('/').collect();
    for (i, p) in parts.iter().enumerate() {
        // /2024/03/05/ and /2024/mar/05/
        if let Some(y) = year(p) {
            if let (Some(m), Some(d)) = (parts.get(i + 1), parts.get(i + 2)) {
                let m = month_number(m).or_else(|| small(m, 12));
                let d = small(d.get(..2.min(d.len())).unwrap_or(d), 31).filter(|_| day_ok(d));
                if let (Some(m), Some(d)) = (m, d) {
                    if let Some(v) = valid(y, m, d) {
                        return Some(v);
                    }
                }
            }
        }
        // 2024-03-05 or 20240305 at the start of a segment
        let digits: String = p.chars().filter(|c| *c != '-' && *c != '_').take(8).collect();
        let compact = p.len() >= 8 && (p.as_bytes().get(4) == Some(&b'-') || p[..8].bytes().all(|b| b.is_ascii_digit()));
        if compact && digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
            if let (Some(y), Some(m), Some(d)) = (year(&digits[..4]), small(&digits[4..6], 12), small(&digits[6..8], 31)) {
                if let Some(v) = valid(y, m, d) {
                    return Some(v);
                }
            }
        }
    }
    None
}

/// A date written in a short text: `March 5, 2024`, `5 March 2024`,
/// `Mar. 5, 2024`, `2024-03-05`, `05.03.2024` (day first).
pub fn date_in_text(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '·')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(m) = month_number(w.trim_end_matches('.')) {
            // Month Day Year
            if let (Some(d), Some(y)) = (words.get(i + 1).and_then(|d| day(d)), words.get(i + 2).and_then(|y| year(y))) {
                if let Some(v) = valid(y, m, d) {
                    return Some(v);
                }
            }
            // Day Month Year
            if let (Some(d), Some(y)) = (i.checked_sub(1).and_then(|j| day(words[j])), words.get(i + 1).and_then(|y| year(y))) {
                if let Some(v) = valid(y, m, d) {
                    return Some(v);
                }
            }
        }
        let w = w.trim_matches(|c: char| !c.is_ascii_digit());
        let nums: Vec<&str> = w.split(['-', '.', '/']).collect();
        if nums.len() == 3 && nums.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
            let v = if nums[0].len() == 4 {
                year(nums[0]).zip(small(nums[1], 12)).zip(small(nums[2], 31)).and_then(|((y, m), d)| valid(y, m, d))
            } else if nums[2].len() == 4 && w.contains('.') {
                year(nums[2]).zip(small(nums[1], 12)).zip(small(nums[0], 31)).and_then(|((y, m), d)| valid(y, m, d))
            } else {
                None
            };
            if v.is_some() {
                return v;
            }
        }
    }
    None
}

fn valid(y: i16, m: i8, d: i8) -> Option<String> {
    Date::new(y, m, d).ok().map(|d| d.to_string())
}

fn year(s: &str) -> Option<i16> {
    let s = s.trim_end_matches([',', '.']);
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1990..=2099).contains(y))
}

fn small(s: &str, max: i8) -> Option<i8> {
    (1..=2).contains(&s.len())
        .then(|| s.parse::<i8>().ok())
        .flatten()
        .filter(|v| (1..=max).contains(v))
}

fn day_ok(s: &str) -> bool {
    s.len() <= 2 || !s.as_bytes()[2].is_ascii_digit()
}

fn day(s: &str) -> Option<i8> {
    let s = s.trim_end_matches(['.', ',']);
    let s = ["st", "nd", "rd", "th"].iter().find_map(|suf| s.strip_suffix(suf)).unwrap_or(s);
    small(s, 31)
}

fn month_number(w: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ];
    let l = w.to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == l || (l.len() >= 3 && m.starts_with(&l) && (l.len() == 3 || l == "sept")))
        .map(|p| p as i8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(date_in_url("https://x.org/news/2024/03/05/bridge-opens").as_deref(), Some("2024-03-05"));
        assert_eq!(date_in_url("https://x.org/2023/sep/30/story").as_deref(), Some("2023-09-30"));
        assert_eq!(date_in_url("https://x.org/world/2022-11-07-talks").as_deref(), Some("2022-11-07"));
        assert_eq!(date_in_url("https://x.org/a/20210615/story.html").as_deref(), Some("2021-06-15"));
        assert_eq!(date_in_url("https://x.org/2024/02/31/x"), None);
        assert_eq!(date_in_url("https://x.org/item/123456789"), None);
        assert_eq!(date_in_url("https://x.org/2024/story"), None);
    }

    #[test]
    fn texts() {
        assert_eq!(date_in_text("Published March 5, 2024 at 10:00").as_deref(), Some("2024-03-05"));
        assert_eq!(date_in_text("5 Mar. 2024 | Updated").as_deref(), Some("2024-03-05"));
        assert_eq!(date_in_text("Sept 21st, 2019").as_deref(), Some("2019-09-21"));
        assert_eq!(date_in_text("Posted 2020-01-02").as_deref(), Some("2020-01-02"));
        assert_eq!(date_in_text("Stand: 07.11.2022").as_deref(), Some("2022-11-07"));
        assert_eq!(date_in_text("May we all 5 go"), None);
        assert_eq!(date_in_text("3 comments"), None);
    }
}
