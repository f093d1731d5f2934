//! Cue words that sort a claim into a brief section. Generic English
//! news vocabulary; nothing here is tuned to one story.

/// The section a claim belongs in, judged from its own wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Contains a direct quotation.
    Quote,
    /// Looks back: history, earlier rounds, "since 2022".
    Background,
    /// Interprets: likely, suggests, analysts say.
    Analysis,
    /// Looks ahead: will, next week, expected to.
    Future,
    /// Hedged or unverified.
    Hedged,
    /// A plain statement of what happened.
    Event,
}

const BACKGROUND: &[&str] = &[
    "since ", "previous", "earlier round", "first round", "last year", "years ago", "history", "historic",
    "began ", "began.", "launched in", "in the past", "for years", "for decades", "originally", "long-running",
    "decades", "was built in", "dating back", "earlier this", "last month", "had been",
];
const ANALYSIS: &[&str] = &[
    "analyst", "suggests", "suggest ", "signal", "likely", "unlikely", "implication", "means that", "risk",
    "appears to", "underscore", "illustrate", "reflects", "could mean", "a sign", "pattern", "critics say",
    "observers", "experts", "in his view", "in her view", "believes that",
];
const FUTURE: &[&str] = &[
    " will ", "next week", "next month", "coming weeks", "coming days", "expected to", "is set to", "are set to",
    "plans to", "scheduled", "upcoming", "due to ", "to watch", "next round", "is to ", "are to ", "later this",
];
const HEDGED: &[&str] = &[
    "reportedly", "unconfirmed", "not been confirmed", "could not be verified", "could not be independently",
    "allegedly", "unverified", "rumour", "rumor", "is said to", "are said to", "believed to", "according to unnamed",
    "speculation", "not yet confirmed", "have not been released", "has not been released",
];

const HEDGE: u8 = 1;
const ANALYZE: u8 = 2;
const PAST: u8 = 4;
const AHEAD: u8 = 8;
const DONE: u8 = 16;
/// " ahead of ": looks forward, counted once.
const AHEAD_OF: u8 = 32;
/// "what to expect": a preview's own label, counted three times.
const EXPECT: u8 = 64;

/// All cue lists in one case-insensitive automaton, so a sentence or a
/// whole document is scanned once instead of once per cue.
struct Matcher {
    ac: aho_corasick::AhoCorasick,
    kinds: Vec<u8>,
}

static MATCHER: std::sync::LazyLock<Matcher> = std::sync::LazyLock::new(|| {
    let mut patterns: Vec<&str> = Vec::new();
    let mut kinds: Vec<u8> = Vec::new();
    let lists: [(&[&str], u8); 7] = [
        (HEDGED, HEDGE),
        (ANALYSIS, ANALYZE),
        (BACKGROUND, PAST),
        (FUTURE, AHEAD),
        (OUTCOME, DONE),
        (&[" ahead of "], AHEAD_OF),
        (&["what to expect"], EXPECT),
    ];
    for (list, kind) in lists {
        for p in list {
            match patterns.iter().position(|q| q == p) {
                Some(i) => kinds[i] |= kind,
                None => {
                    patterns.push(p);
                    kinds.push(kind);
                }
            }
        }
    }
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&patterns)
        .expect("cue patterns are valid");
    Matcher { ac, kinds }
});

/// Calls `f` with the kinds of every cue occurrence in `text` (padded with
/// a space on each side so that word-bounded cues match at the edges).
fn scan(text: &str, mut f: impl FnMut(u8)) {
    let mut padded = String::with_capacity(text.len() + 2);
    padded.push(' ');
    padded.push_str(text);
    padded.push(' ');
    let m = &*MATCHER;
    for hit in m.ac.find_overlapping_iter(padded.as_str()) {
        f(m.kinds[hit.pattern().as_usize()]);
    }
}

/// Classifies one sentence; `has_quote` says whether it holds a direct
/// quotation of at least three words.
pub fn classify(text: &str, has_quote: bool) -> Cue {
    let mut seen = 0u8;
    scan(text, |k| seen |= k);
    if seen & HEDGE != 0 {
        Cue::Hedged
    } else if has_quote {
        Cue::Quote
    } else if seen & ANALYZE != 0 {
        Cue::Analysis
    } else if seen & PAST != 0 || mentions_past_year(text) {
        Cue::Background
    } else if seen & AHEAD != 0 {
        Cue::Future
    } else {
        Cue::Event
    }
}

/// "in 2019", "since 2022", "in February 2022": a year named as a time.
fn mentions_past_year(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(4)).any(|i| {
        (b[i] == b'1' || b[i] == b'2')
            && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && !b.get(i + 4).is_some_and(u8::is_ascii_alphanumeric)
            && text[..i].trim_end().rsplit(' ').next().is_some_and(|w| {
                [
                    "in", "since", "until", "from", "january", "february", "march", "april", "may", "june", "july",
                    "august", "september", "october", "november", "december",
                ]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k))
            })
    })
}

/// Phase of a whole document: does it look ahead to an event or report
/// one that has happened?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Preview,
    Outcome,
    Report,
}

const OUTCOME: &[&str] = &[
    " ended ", " concluded", " agreed ", " lasted ", " took place", " was held", " were held", " ended without",
    " emerged from", " after the talks", " after the meeting", " after the session", " afterwards", " yesterday",
    " wrapped up", " resulted in", " produced ", " announced that",
];

/// Labels a document by counting forward- and backward-looking cues.
pub fn phase(text: &str) -> Phase {
    let (mut ahead, mut done) = (0usize, 0usize);
    scan(text, |k| {
        ahead += usize::from(k & AHEAD != 0) + usize::from(k & AHEAD_OF != 0) + 3 * usize::from(k & EXPECT != 0);
        done += usize::from(k & DONE != 0);
    });
    if ahead >= 2 && ahead > done * 2 {
        Phase::Preview
    } else if done >= 2 && done * 2 > ahead {
        Phase::Outcome
    } else {
        Phase::Report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(classify("The inquiry will resume next week.", false), Cue::Future);
        assert_eq!(classify("The bridge has been closed since 2019.", false), Cue::Background);
        assert_eq!(classify("Analysts say a deal is unlikely.", false), Cue::Analysis);
        assert_eq!(classify("The mayor reportedly resigned.", false), Cue::Hedged);
        assert_eq!(classify("“We are done,” she said.", true), Cue::Quote);
        assert_eq!(classify("The council voted 7 to 2.", false), Cue::Event);
    }

    #[test]
    fn phases() {
        assert_eq!(phase("Delegates will meet on Tuesday. They are expected to sign. What to expect."), Phase::Preview);
        assert_eq!(phase("The talks ended on Wednesday. They lasted two hours and concluded without a deal."), Phase::Outcome);
    }
}
