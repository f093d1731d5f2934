//! Roles and titles written next to a person's name: before it ("Kremlin
//! spokesman Dmitry Peskov", "head of Ukraine's military intelligence
//! Kyrylo Budanov") or as an apposition after it ("Dmitry Peskov, the
//! Kremlin's spokesman,"). A role is a byte span of the text, so it can be
//! cited; it must contain a role noun of the shared title vocabulary
//! ([`chorus_facts::quotes::role_word`]).

use chorus_facts::quotes::{never_a_name, role_word, RoleWord};

/// A word of the text with its byte span.
#[derive(Debug, Clone, Copy)]
struct W {
    start: usize,
    end: usize,
}

/// Role nouns too generic to describe a person in a brief.
const GENERIC: &[&str] = &[
    "people", "person", "man", "woman", "someone", "everyone", "member", "resident", "source", "witness", "staff",
    "others", "supporter", "critic", "voter", "student", "worker",
];

const MAX_WORDS: usize = 8;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '\'' | '\u{2019}' | '-' | '&')
}

/// The words of `text[lo..hi]` (runs of word characters).
fn words_in(text: &str, lo: usize, hi: usize) -> Vec<W> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[lo..hi].char_indices() {
        let i = lo + i;
        if is_word_char(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(W { start: s, end: i });
        }
    }
    if let Some(s) = start {
        out.push(W { start: s, end: hi });
    }
    out
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The word without a trailing possessive or sentence period.
fn bare(w: &str) -> &str {
    let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")).unwrap_or(w);
    w.trim_end_matches(['\'', '\u{2019}'])
}

fn possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("\u{2019}s") || w.ends_with('\'') || w.ends_with('\u{2019}')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Title,
    Modifier,
    Proper,
    Link,
    Stop,
}

fn class(w: &str) -> Class {
    let b = bare(w);
    let lower = b.to_lowercase();
    if matches!(lower.as_str(), "of" | "for") && !capitalized(w) {
        return Class::Link;
    }
    match role_word(b) {
        RoleWord::Title if !GENERIC.contains(&lower.as_str()) => Class::Title,
        RoleWord::Modifier => Class::Modifier,
        RoleWord::Honorific => Class::Stop,
        // a capitalized sentence opener ("Despite", "Now") is no part of a title
        _ if capitalized(b) && b.len() > 1 && !never_a_name(&lower) => Class::Proper,
        _ => Class::Stop,
    }
}

/// Checks a candidate run of words (a role never ends on a possessive:
/// "governor of Russia's" before a place is not a role): at least one title that is not only a
/// capitalized name word, no link at either end, some title among the last
/// words (a role ends in its noun or qualifies it: "head of Ukraine's
/// military intelligence").
fn valid(classes: &[Class]) -> bool {
    !classes.is_empty()
        && classes.contains(&Class::Title)
        && classes.first() != Some(&Class::Link)
        && classes.last() != Some(&Class::Link)
}

/// The role written right before a name starting at `name_start`, within
/// the same clause (`clause_start` bounds the search), as a byte span.
pub fn role_before(text: &str, clause_start: usize, name_start: usize) -> Option<(usize, usize)> {
    let lo = clause_start.max(name_start.saturating_sub(160));
    let mut lo = lo;
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let ws = words_in(text, lo, name_start);
    // only spaces between the last word and the name
    let last = ws.last()?;
    if !text[last.end..name_start].chars().all(|c| c == ' ') {
        return None;
    }
    let mut taken: Vec<(W, Class)> = Vec::new();
    for w in ws.iter().rev() {
        let s = &text[w.start..w.end];
        // punctuation between this word and the next one taken ends the run
        if let Some((next, _)) = taken.last() {
            if !text[w.end..next.start].chars().all(|c| c == ' ') {
                break;
            }
        }
        if s.ends_with('.') && !s[..s.len() - 1].contains('.') {
            break; // a sentence end, not an abbreviation like "U.S."
        }
        let c = class(s);
        if c == Class::Stop || taken.len() >= MAX_WORDS {
            break;
        }
        taken.push((*w, c));
    }
    // drop leading links and leading proper words that are not attached to a title
    while taken.last().is_some_and(|(_, c)| *c == Class::Link) {
        taken.pop();
    }
    // "a top ally of President NAME": when only capitalized titles follow the
    // last link, they are the name's own title and the words before the link
    // describe someone else
    if let Some(k) = taken.iter().position(|(_, c)| *c == Class::Link) {
        let own = &taken[..k];
        if !own.is_empty() && own.iter().all(|(w, c)| *c == Class::Title && capitalized(&text[w.start..w.end])) {
            taken.truncate(k);
        }
    }
    let classes: Vec<Class> = taken.iter().rev().map(|(_, c)| *c).collect();
    if !valid(&classes) || possessive(&text[taken.first()?.0.start..taken.first()?.0.end]) {
        return None;
    }
    // a role made only of capitalized words is a title only when one of
    // them is a role noun ("President"): true by `valid`
    let start = taken.last()?.0.start;
    let end = taken.first()?.0.end;
    Some((start, end))
}

/// The apposition right after a name ending at `name_end`: `, [the|a]
/// ROLE` closed by a comma, period, semicolon, dash or parenthesis.
pub fn role_after(text: &str, name_end: usize) -> Option<(usize, usize)> {
    let rest = &text[name_end..];
    let after_comma = rest.strip_prefix(", ").or_else(|| rest.strip_prefix(" ("))?;
    let base = name_end + (rest.len() - after_comma.len());
    let mut hi = (base + 160).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let ws = words_in(text, base, hi);
    let mut i = 0;
    if ws.first().is_some_and(|w| matches!(text[w.start..w.end].to_lowercase().as_str(), "the" | "a" | "an")) {
        i = 1;
    }
    let first = i;
    let mut classes = Vec::new();
    while i < ws.len() && classes.len() < MAX_WORDS {
        let w = ws[i];
        if i > first && !text[ws[i - 1].end..w.start].chars().all(|c| c == ' ') {
            break;
        }
        let s = &text[w.start..w.end];
        let c = class(s);
        if c == Class::Stop {
            // "Tomas Castell, a senior adviser to the water board": the role ends before a preposition
            let prep = matches!(s, "to" | "at" | "with" | "in" | "from" | "on" | "since" | "until" | "under");
            if prep && i > first && valid(&classes) && !possessive(&text[ws[i - 1].start..ws[i - 1].end]) {
                return Some((ws[first].start, ws[i - 1].end));
            }
            break;
        }
        classes.push(c);
        let sentence_end = s.ends_with('.') && !s[..s.len() - 1].contains('.');
        let closes = text[w.end..].chars().next().is_none_or(|c| matches!(c, ',' | ';' | ')' | '\u{2014}' | '\u{2013}' | '.'));
        if sentence_end || closes {
            let e = if sentence_end { w.end - 1 } else { w.end };
            return (valid(&classes) && !possessive(&text[w.start..e])).then_some((ws[first].start, e));
        }
        i += 1;
    }
    None
}

/// The role noun a role phrase ends on or is headed by ("spokesman" of
/// "Kremlin spokesman", "head" of "head of Ukraine's military
/// intelligence"), lowercase.
pub fn head_noun(role: &str) -> Option<String> {
    let ws: Vec<&str> = role.split_whitespace().collect();
    // before a link ("head of ..."), the head is the last title before it
    let cut = ws.iter().position(|w| matches!(*w, "of" | "for")).unwrap_or(ws.len());
    ws[..cut].iter().rev().find(|w| class(w) == Class::Title).map(|w| bare(w).to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn before(text: &str, name: &str) -> Option<String> {
        let at = text.find(name).unwrap();
        role_before(text, 0, at).map(|(s, e)| text[s..e].to_string())
    }

    fn after(text: &str, name: &str) -> Option<String> {
        let at = text.find(name).unwrap() + name.len();
        role_after(text, at).map(|(s, e)| text[s..e].to_string())
    }

    #[test]
    fn roles_before_names() {
        assert_eq!(before("said Corvan spokesman Elias Marno on Monday.", "Elias").as_deref(), Some("Corvan spokesman"));
        assert_eq!(before("President Ilona Varga arrived.", "Ilona").as_deref(), Some("President"));
        assert_eq!(
            before("talks led by head of Veldria's military intelligence Piet Aranda ended", "Piet").as_deref(),
            Some("head of Veldria's military intelligence")
        );
        assert_eq!(before("U.S. envoy Sam Keller met them.", "Sam").as_deref(), Some("U.S. envoy"));
        assert_eq!(before("Yesterday Ilona Varga arrived.", "Ilona"), None);
        assert_eq!(before("In Lomar, Ilona Varga arrived.", "Ilona"), None);
        assert_eq!(before("The talks ended. Ilona Varga left.", "Ilona"), None);
        assert_eq!(before("the governor of Veldria's Lomar province", "Lomar"), None);
        // a capitalized sentence opener is not part of the title
        assert_eq!(before("Despite President Ilona Varga's veto, it passed.", "Ilona").as_deref(), Some("President"));
        assert_eq!(before("Now Prime Minister Ilona Varga leads.", "Ilona").as_deref(), Some("Prime Minister"));
        // the words before "of" describe someone else; the name keeps its own title
        assert_eq!(before("said Piet Aranda, a top ally of President Ilona Varga.", "Ilona").as_deref(), Some("President"));
        assert_eq!(before("met Secretary of State Sam Keller.", "Sam").as_deref(), Some("Secretary of State"));
    }

    #[test]
    fn roles_after_names() {
        assert_eq!(after("Elias Marno, the Corvan spokesman, said", "Elias Marno").as_deref(), Some("Corvan spokesman"));
        assert_eq!(after("met Piet Aranda, Veldria's chief negotiator.", "Piet Aranda").as_deref(), Some("Veldria's chief negotiator"));
        assert_eq!(after("Elias Marno, who spoke first, said", "Elias Marno"), None);
        assert_eq!(after("Tomas Reyes, a senior adviser to the board, said", "Tomas Reyes").as_deref(), Some("senior adviser"));
        assert_eq!(after("Elias Marno, Ilona Varga and others", "Elias Marno"), None);
    }

    #[test]
    fn head_nouns() {
        assert_eq!(head_noun("Corvan spokesman").as_deref(), Some("spokesman"));
        assert_eq!(head_noun("head of Veldria's military intelligence").as_deref(), Some("head"));
        assert_eq!(head_noun("Veldria's chief negotiator").as_deref(), Some("negotiator"));
    }
}
