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
    // "Then Orm's father, …": a sentence adverb, not "then-President"
    if b == "Then" {
        return Class::Stop;
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

/// A stop word that can sit inside a role's name part: "the" after a link ("head of the
/// National Security Council") and "and"/"&" between a capitalized title word and a
/// capitalized word ("Security and Defence", "Health and Human Services"; not "Medinsky and
/// President", where "and" joins two people).
fn inner_word(w: &str, left: Option<&str>, right: Option<&str>) -> Option<Class> {
    match w {
        "the" if left.is_some_and(|l| class(l) == Class::Link) => Some(Class::Modifier),
        "and" | "&"
            if left.is_some_and(|l| {
                capitalized(l) && matches!(role_word(bare(l)), RoleWord::Title | RoleWord::Modifier) && !ends_a_body(l)
            }) && right.is_some_and(capitalized) =>
        {
            Some(Class::Proper)
        }
        _ => None,
    }
}

/// Whether a word ends the name of a body ("the Justice Department and Vice President …":
/// "and" after it joins two things, not two words of one name).
fn ends_a_body(w: &str) -> bool {
    matches!(
        bare(w).to_lowercase().as_str(),
        "department" | "ministry" | "administration" | "government" | "party" | "campaign" | "house" | "office"
            | "council" | "committee" | "agency" | "court" | "commission" | "board" | "bureau"
    )
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
    let word = |j: usize| ws.get(j).map(|w: &W| &text[w.start..w.end]);
    for (j, w) in ws.iter().enumerate().rev() {
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
        let c = match class(s) {
            Class::Stop => inner_word(s, j.checked_sub(1).and_then(word), word(j + 1)).unwrap_or(Class::Stop),
            c => c,
        };
        if c == Class::Stop || taken.len() >= MAX_WORDS {
            break;
        }
        taken.push((*w, c));
    }
    // drop leading links (and a "the" after one: "office of the Greek Prime Minister")
    while taken.last().is_some_and(|(w, c)| *c == Class::Link || text[w.start..w.end].eq_ignore_ascii_case("the")) {
        taken.pop();
    }
    // "a top ally of President NAME": when only capitalized titles follow the
    // last link, they are the name's own title and the words before the link
    // describe someone else
    if let Some(k) = taken.iter().position(|(_, c)| *c == Class::Link) {
        // ("the" after the link aside: "Office of the Chief Medical Examiner")
        let the = |w: &W| text[w.start..w.end].eq_ignore_ascii_case("the");
        let own: Vec<&(W, Class)> = taken[..k].iter().filter(|(w, _)| !the(w)).collect();
        // (a modifier with them: "allies of former President NAME")
        let own_title = |(w, c): &&(W, Class)| (*c == Class::Title && capitalized(&text[w.start..w.end])) || *c == Class::Modifier;
        if own.iter().any(|(_, c)| *c == Class::Title) && own.iter().all(own_title) {
            taken.truncate(k);
            while taken.last().is_some_and(|(w, _)| the(w)) {
                taken.pop();
            }
        }
    }
    // a role does not end on "the" ("civil attorney for the Orm family")
    if taken.first().is_some_and(|(w, _)| text[w.start..w.end].eq_ignore_ascii_case("the")) {
        return None;
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

/// A role set off before a name by a comma, the name closed by another: "Veldria's lead
/// negotiator, Piet Aranda, said". The role must open its clause or follow an article, and
/// end in a role noun (so "President Ilona Varga, Piet Aranda and …" gives Aranda no role).
pub fn role_before_apposition(text: &str, clause_start: usize, name_start: usize, name_end: usize) -> Option<(usize, usize)> {
    let head = text.get(..name_start)?.strip_suffix(", ")?;
    if !text.get(name_end..)?.starts_with(',') {
        return None;
    }
    let (s, e) = role_before(text, clause_start, head.len())?;
    // ends in one role noun ("the Chiefs, Larry Orm," names a team)
    let last = text[s..e].split_whitespace().last()?;
    let plural = last.len() > 3 && last.ends_with('s') && !last.ends_with("ss");
    if class(last) != Class::Title || possessive(last) || plural {
        return None;
    }
    let opens = match text.get(clause_start.min(s)..s)?.split_whitespace().last() {
        None => true,
        Some(w) => matches!(w.to_lowercase().as_str(), "the" | "a" | "an"),
    };
    opens.then_some((s, e))
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
        let word = |j: usize| ws.get(j).map(|w: &W| &text[w.start..w.end]);
        let c = match class(s) {
            Class::Stop if i > first => inner_word(s, word(i - 1), word(i + 1)).unwrap_or(Class::Stop),
            c => c,
        };
        if c == Class::Stop {
            // "Tomas Castell, a senior adviser to the water board": the role ends before a
            // preposition, or a relative pronoun ("a Kremlin adviser who was …")
            let prep = matches!(s, "to" | "at" | "with" | "in" | "from" | "on" | "since" | "until" | "under" | "who" | "whose" | "which");
            if prep && i > first && valid(&classes) && !possessive(&text[ws[i - 1].start..ws[i - 1].end]) {
                return Some((ws[first].start, ws[i - 1].end));
            }
            break;
        }
        classes.push(c);
        let sentence_end = s.ends_with('.') && !s[..s.len() - 1].contains('.');
        let closes =
            text[w.end..].chars().next().is_none_or(|c| matches!(c, ',' | ';' | ')' | '\u{2014}' | '\u{2013}' | '.' | '\n' | '\r'));
        if sentence_end || closes {
            if s.eq_ignore_ascii_case("the") {
                return None;
            }
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
        assert_eq!(before("Allies of former President Ilona Varga said.", "Ilona").as_deref(), Some("former President"));
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
    fn roles_set_off_by_commas() {
        let app = |text: &str, name: &str| {
            let at = text.find(name).unwrap();
            role_before_apposition(text, 0, at, at + name.len()).map(|(s, e)| text[s..e].to_string())
        };
        assert_eq!(app("Veldria's lead negotiator, Piet Aranda, said it.", "Piet Aranda").as_deref(), Some("Veldria's lead negotiator"));
        assert_eq!(app("The Corvan spokesman, Elias Marno, said it.", "Elias Marno").as_deref(), Some("Corvan spokesman"));
        // not a role: a list of names, a phrase that does not open the clause, no closing comma
        assert_eq!(app("President Ilona Varga, Piet Aranda, and others met.", "Piet Aranda"), None);
        assert_eq!(app("Speaking to reporters, Piet Aranda, smiling, left.", "Piet Aranda"), None);
        assert_eq!(app("Veldria's lead negotiator, Piet Aranda said it.", "Piet Aranda"), None);
        // inside a role: "the" after "of", "and" between capitalized words; a relative clause
        // or a line end closes an apposition
        assert_eq!(
            after("sent Piet Aranda, head of the National Security and Defence Council. Then", "Piet Aranda").as_deref(),
            Some("head of the National Security and Defence Council")
        );
        assert_eq!(after("sent Elias Marno, a Corvan adviser who was chief negotiator in 2022,", "Elias Marno").as_deref(), Some("Corvan adviser"));
        assert_eq!(after("Piet Aranda, Veldrian official\nElias Marno, Corvan spokesman\n", "Piet Aranda").as_deref(), Some("Veldrian official"));
        assert_eq!(after("Elias Marno, Ilona Varga and Piet Aranda met.", "Elias Marno"), None);
        assert_eq!(before("met Elias Marno and President Ilona Varga.", "Ilona").as_deref(), Some("President"));
        assert_eq!(before("the Justice Department and Vice President Ilona Varga", "Ilona").as_deref(), Some("Vice President"));
        assert_eq!(before("the office of the Veldrian Prime Minister Ilona Varga", "Ilona").as_deref(), Some("Veldrian Prime Minister"));
        assert_eq!(before("the Lomar Office of the Chief Ilona Varga", "Ilona").as_deref(), Some("Chief"));
        assert_eq!(before("a civil attorney for the Ilona Varga family", "Ilona"), None);
        assert_eq!(after("Piet Aranda, attorney for the\nLomar team", "Piet Aranda"), None);
        let at = "As for the Chiefs, Piet Aranda, the coach, left.".find("Piet").unwrap();
        assert_eq!(role_before_apposition("As for the Chiefs, Piet Aranda, the coach, left.", 0, at, at + 11), None);
        assert_eq!(
            before("said Health and Human Services Secretary Ilona Varga.", "Ilona").as_deref(),
            Some("Health and Human Services Secretary")
        );
    }

    #[test]
    fn head_nouns() {
        assert_eq!(head_noun("Corvan spokesman").as_deref(), Some("spokesman"));
        assert_eq!(head_noun("head of Veldria's military intelligence").as_deref(), Some("head"));
        assert_eq!(head_noun("Veldria's chief negotiator").as_deref(), Some("negotiator"));
    }
}
