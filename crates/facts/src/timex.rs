//! Time expressions (TimeML TIMEX3): find them in text and normalize them.
//!
//! [`tag_times`] is a hand-written rule tagger. It follows the TimeML / TempEval-3
//! annotation conventions as they appear in the TBAQ training data:
//!
//! * **Extent.** Determiners and modifiers that are part of the expression are in
//!   (`the third quarter`, `last week`, `early February`, `about two years ago`,
//!   `more than four hours`); prepositions are signals and stay out (`on Friday`,
//!   `since March 1998` → `March 1998`); a possessive `'s` stays out (`Friday's`).
//!   A weekday with a part of the day is one expression (`Friday morning`), and so is
//!   a clock time with its day (`10 p.m. Wednesday`).
//! * **Values.** ISO-8601 as TimeML uses it: `1998-08-07`, `1998-W32`, `1998-08`,
//!   `1998-Q3`, `1998-H1`, `1998-SU`, `1998`, `199` (decade), `19` (century),
//!   `1998-08-07T14:30`, `1998-08-07TMO`, durations `P2Y`, `PT90M`, `PXW`, sets
//!   `P1W` / `XXXX-WXX-2`, and `PRESENT_REF` / `PAST_REF` / `FUTURE_REF`.
//! * **Resolution.** Relative expressions resolve against the reference date (the
//!   document's publication date). A bare weekday means the most recent such day
//!   (today included) unless the nearest tense cue in its sentence is a future one
//!   (`will`, `would`, `plans`, `scheduled`, …), then the next one. A bare month or
//!   month-day goes to the past with a past cue, to the future with a future cue, and
//!   to the nearest occurrence without one. `a year earlier` / `the year-ago quarter`
//!   shift the last date mentioned in the text (financial news compares quarters).
//!   Without a reference, relative values stay underspecified (`XXXX-WXX-5`).
//!
//! Speed: an Aho-Corasick automaton over the trigger words plus a digit test selects the
//! lines worth looking at; only those lines are tokenized (one pass, one hash lookup per
//! word) and scanned by the rules. Everything indexes with `get`, so no input panics.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;
use rustc_hash::FxHashMap;

/// TIMEX3 `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// One time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Timex {
    /// Byte offset of the first byte, on a char boundary.
    pub start: usize,
    /// Byte offset one past the last byte (exclusive), on a char boundary.
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 `value`, e.g. `1998-08-07`, `1998-W32`, `P2H`, `PRESENT_REF`.
    pub value: String,
    /// TIMEX3 `mod` (`APPROX`, `START`, `MID`, `END`, `LESS_THAN`, `MORE_THAN`,
    /// `EQUAL_OR_LESS`, `EQUAL_OR_MORE`) when the text makes it clear.
    pub modifier: Option<String>,
}

/// Finds the time expressions in `text`, in text order, without overlaps.
/// The reference time to resolve relative expressions against (a document's publication time).
pub fn tag_times(text: &str, reference: Option<jiff::civil::Date>) -> Vec<Timex> {
    let mut tagger = Tagger { text, dct: reference, toks: Vec::new(), out: Vec::new(), anchor: None };
    let bytes = text.as_bytes();
    let mut line_start = 0;
    let mut hits = TRIGGERS.find_iter(text).filter(|m| m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphabetic());
    let mut next_hit = hits.next().map(|m| m.start());
    while line_start < bytes.len() {
        let line_end = bytes[line_start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| line_start + p);
        while next_hit.is_some_and(|h| h < line_start) {
            next_hit = hits.next().map(|m| m.start());
        }
        let has_trigger = next_hit.is_some_and(|h| h < line_end);
        if has_trigger || bytes[line_start..line_end].iter().any(u8::is_ascii_digit) {
            tagger.run(line_start, line_end);
        }
        line_start = line_end + 1;
    }
    tagger.out
}

// ---------------------------------------------------------------------------------------------
// Lexicon

macro_rules! lexicon {
    ($($v:ident => [$($s:literal),+]),* $(,)?) => {
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        enum W { None, $($v),* }
        const LEXICON: &[(&str, W)] = &[$($(($s, W::$v)),+),*];
    };
}

lexicon! {
    Jan => ["january", "jan"], Feb => ["february", "feb"], Mar => ["march", "mar"],
    Apr => ["april", "apr"], May => ["may"], Jun => ["june", "jun"], Jul => ["july", "jul"],
    Aug => ["august", "aug"], Sep => ["september", "sep", "sept"], Oct => ["october", "oct"],
    Nov => ["november", "nov"], Dec => ["december", "dec"],
    Mon => ["monday", "mon"], Tue => ["tuesday", "tue", "tues"], Wed => ["wednesday", "wed"],
    Thu => ["thursday", "thu", "thur", "thurs"], Fri => ["friday", "fri"], Sat => ["saturday", "sat"],
    Sun => ["sunday", "sun"],
    MonS => ["mondays"], TueS => ["tuesdays"], WedS => ["wednesdays"], ThuS => ["thursdays"],
    FriS => ["fridays"], SatS => ["saturdays"], SunS => ["sundays"],
    Second => ["second"], Seconds => ["seconds"], Minute => ["minute"], Minutes => ["minutes"],
    Hour => ["hour"], Hours => ["hours"], Day => ["day"], Days => ["days"], Week => ["week"],
    Weeks => ["weeks"], Weekend => ["weekend"], Weekends => ["weekends"], Fortnight => ["fortnight"],
    Month => ["month"], Months => ["months"], Quarter => ["quarter"], Quarters => ["quarters"],
    Year => ["year"], Years => ["years"], Decade => ["decade"], Decades => ["decades"],
    Century => ["century"], Centuries => ["centuries"], Millennium => ["millennium"],
    Millennia => ["millennia"], Half => ["half"], Period => ["period"], Term => ["term"],
    Span => ["span"], Stretch => ["stretch"], Stint => ["stint"],
    One => ["one"], Two => ["two"], Three => ["three"], Four => ["four"], Five => ["five"],
    Six => ["six"], Seven => ["seven"], Eight => ["eight"], Nine => ["nine"], Ten => ["ten"],
    Eleven => ["eleven"], Twelve => ["twelve"], Thirteen => ["thirteen"], Fourteen => ["fourteen"],
    Fifteen => ["fifteen"], Sixteen => ["sixteen"], Seventeen => ["seventeen"], Eighteen => ["eighteen"],
    Nineteen => ["nineteen"], Twenty => ["twenty"], Thirty => ["thirty"], Forty => ["forty"],
    Fifty => ["fifty"], Sixty => ["sixty"], Seventy => ["seventy"], Eighty => ["eighty"],
    Ninety => ["ninety"], Hundred => ["hundred"], Thousand => ["thousand"], Dozen => ["dozen"],
    Dozens => ["dozens"], Hundreds => ["hundreds"], Thousands => ["thousands"],
    A => ["a"], An => ["an"], Few => ["few"], Several => ["several"], Many => ["many"],
    Some => ["some"], Couple => ["couple"],
    First => ["first"], Third => ["third"], Fourth => ["fourth"], Fifth => ["fifth"],
    Sixth => ["sixth"], Seventh => ["seventh"], Eighth => ["eighth"], Ninth => ["ninth"],
    Tenth => ["tenth"], Eleventh => ["eleventh"], Twelfth => ["twelfth"], Thirteenth => ["thirteenth"],
    Fourteenth => ["fourteenth"], Fifteenth => ["fifteenth"], Sixteenth => ["sixteenth"],
    Seventeenth => ["seventeenth"], Eighteenth => ["eighteenth"], Nineteenth => ["nineteenth"],
    Twentieth => ["twentieth"], Thirtieth => ["thirtieth"],
    Th => ["th"], St => ["st"], Nd => ["nd"], Rd => ["rd"], S => ["s"],
    Twenties => ["twenties"], Thirties => ["thirties"], Forties => ["forties"], Fifties => ["fifties"],
    Sixties => ["sixties"], Seventies => ["seventies"], Eighties => ["eighties"], Nineties => ["nineties"],
    The => ["the"], This => ["this"], That => ["that"], These => ["these"], Last => ["last"],
    Next => ["next"], Past => ["past"], Coming => ["coming"], Upcoming => ["upcoming"],
    Previous => ["previous"], Prior => ["prior"], Preceding => ["preceding"], Following => ["following"],
    Current => ["current"], Latest => ["latest"], Recent => ["recent"], Same => ["same"],
    Comparable => ["comparable"], Corresponding => ["corresponding"], Other => ["other"],
    Every => ["every"], Each => ["each"], Per => ["per"],
    Additional => ["additional"], Further => ["further"], Extra => ["extra"], More => ["more"],
    Straight => ["straight"], Consecutive => ["consecutive"], Full => ["full"], Entire => ["entire"],
    Whole => ["whole"], Initial => ["initial"], Final => ["final"], Remaining => ["remaining"],
    About => ["about"], Around => ["around"], Approximately => ["approximately"], Roughly => ["roughly"],
    Nearly => ["nearly"], Almost => ["almost"], Most => ["most"], Less => ["less"], Fewer => ["fewer"],
    Than => ["than"], Over => ["over"], Under => ["under"], At => ["at"], Least => ["least"],
    Up => ["up"], To => ["to"], No => ["no"], Early => ["early"], Earlier => ["earlier"],
    Late => ["late"], Later => ["later"], Mid => ["mid"], Middle => ["middle"], End => ["end"],
    Beginning => ["beginning"], Start => ["start"], Or => ["or"], So => ["so"], And => ["and"], But => ["but"],
    Of => ["of"], In => ["in"], On => ["on"], Since => ["since"], By => ["by"], Until => ["until"],
    Till => ["till"], From => ["from"], Through => ["through"], During => ["during"], For => ["for"],
    Before => ["before"], After => ["after"], Ago => ["ago"], Hence => ["hence"], Old => ["old"],
    Long => ["long"], Fiscal => ["fiscal"], Away => ["away"],
    Today => ["today"], Yesterday => ["yesterday"], Tomorrow => ["tomorrow"], Tonight => ["tonight"],
    Overnight => ["overnight"], Now => ["now"], Right => ["right"], Currently => ["currently"],
    Recently => ["recently"], Lately => ["lately"], Nowadays => ["nowadays"], Present => ["present"],
    Future => ["future"], Near => ["near"],
    Morning => ["morning"], Afternoon => ["afternoon"], Evening => ["evening"], Night => ["night"],
    Nights => ["nights"], Mornings => ["mornings"], Evenings => ["evenings"], Afternoons => ["afternoons"],
    Noon => ["noon"], Midday => ["midday"], Midnight => ["midnight"],
    Spring => ["spring"], Summer => ["summer"], Fall => ["fall"], Autumn => ["autumn"], Winter => ["winter"],
    Daily => ["daily"], Weekly => ["weekly"], Monthly => ["monthly"], Yearly => ["yearly"],
    Annually => ["annually"], Hourly => ["hourly"], Nightly => ["nightly"], Quarterly => ["quarterly"],
    Biweekly => ["biweekly"], Semiannually => ["semiannually"], Twice => ["twice"], Times => ["times"],
    Am => ["am"], Pm => ["pm"], M => ["m"], P => ["p"], O => ["o"], Clock => ["clock"],
    Tz => ["est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet"],
    Christmas => ["christmas"], Eve => ["eve"], Thanksgiving => ["thanksgiving"], Easter => ["easter"],
    Halloween => ["halloween"], New => ["new"], Election => ["election"], Labor => ["labor", "labour"],
    Memorial => ["memorial"], Independence => ["independence"], Veterans => ["veterans"],
    Valentine => ["valentine"],
    Will => ["will"], Shall => ["shall"], Ll => ["ll"], Would => ["would"], Could => ["could"],
    Might => ["might"], Should => ["should"], Going => ["going"], Scheduled => ["scheduled"],
    Plans => ["plans"], Plan => ["plan"], Planned => ["planned"], Planning => ["planning"],
    Expected => ["expected"], Expects => ["expects"], Expect => ["expect"], Due => ["due"],
    Intends => ["intends", "intend"], Set => ["set"], Soon => ["soon"],
    Was => ["was"], Were => ["were"], Had => ["had"], Did => ["did"], Said => ["said"], Told => ["told"],
    Ended => ["ended"], Percent => ["percent"], When => ["when"], Distant => ["distant"],
    Is => ["is"], Are => ["are"], Be => ["be"], Been => ["been"], Being => ["being"], Has => ["has"],
    Have => ["have"], Get => ["get", "gets", "got", "gotten"], Ahead => ["ahead"], Ending => ["ending"],
    Sometime => ["sometime"], High => ["high"],
}

static LEX: LazyLock<FxHashMap<&'static str, W>> = LazyLock::new(|| LEXICON.iter().copied().collect());

/// Words that can carry a time expression; a line without any of them and without a digit
/// is skipped. Matched ASCII case-insensitively at a word start.
const TRIGGER_WORDS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon", "tue", "wed",
    "thu", "fri", "sat", "sun", "second", "minute", "hour", "day", "week", "fortnight", "month", "quarter",
    "year", "decade", "centur", "millenni", "half", "today", "yesterday", "tomorrow", "tonight", "overnight",
    "now", "current", "recent", "lately", "present", "future", "past", "ago", "morning", "afternoon",
    "evening", "night", "noon", "midday", "midnight", "spring", "summer", "fall", "autumn", "winter",
    "daily", "annually", "hourly", "nightly", "biweekly", "semiannually", "christmas", "thanksgiving", "easter",
    "halloween", "new year", "election", "labor", "labour", "memorial", "independence", "veterans",
    "valentine", "nineteen", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
    "eighties", "nineties", "thousand", "near term", "these days",
];

static TRIGGERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(TRIGGER_WORDS)
        .expect("trigger automaton")
});

fn month_of(w: W) -> Option<u8> {
    Some(match w {
        W::Jan => 1,
        W::Feb => 2,
        W::Mar => 3,
        W::Apr => 4,
        W::May => 5,
        W::Jun => 6,
        W::Jul => 7,
        W::Aug => 8,
        W::Sep => 9,
        W::Oct => 10,
        W::Nov => 11,
        W::Dec => 12,
        _ => return None,
    })
}

/// Full length of a month name, to tell "Aug" from "August".
const MONTH_LEN: [usize; 13] = [0, 7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8];
const WEEKDAY_LEN: [usize; 8] = [0, 6, 7, 9, 8, 6, 8, 6];

/// ISO weekday 1 = Monday … 7 = Sunday.
fn weekday_of(w: W) -> Option<u8> {
    Some(match w {
        W::Mon => 1,
        W::Tue => 2,
        W::Wed => 3,
        W::Thu => 4,
        W::Fri => 5,
        W::Sat => 6,
        W::Sun => 7,
        _ => return None,
    })
}

fn weekday_plural_of(w: W) -> Option<u8> {
    Some(match w {
        W::MonS => 1,
        W::TueS => 2,
        W::WedS => 3,
        W::ThuS => 4,
        W::FriS => 5,
        W::SatS => 6,
        W::SunS => 7,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Millennium,
}

/// (unit, plural)
fn unit_of(w: W) -> Option<(Unit, bool)> {
    Some(match w {
        W::Second => (Unit::Second, false),
        W::Seconds => (Unit::Second, true),
        W::Minute => (Unit::Minute, false),
        W::Minutes => (Unit::Minute, true),
        W::Hour => (Unit::Hour, false),
        W::Hours => (Unit::Hour, true),
        W::Day => (Unit::Day, false),
        W::Days => (Unit::Day, true),
        W::Week => (Unit::Week, false),
        W::Weeks => (Unit::Week, true),
        W::Weekend => (Unit::Weekend, false),
        W::Weekends => (Unit::Weekend, true),
        W::Fortnight => (Unit::Fortnight, false),
        W::Month => (Unit::Month, false),
        W::Months => (Unit::Month, true),
        W::Quarter => (Unit::Quarter, false),
        W::Quarters => (Unit::Quarter, true),
        W::Year => (Unit::Year, false),
        W::Years => (Unit::Year, true),
        W::Decade => (Unit::Decade, false),
        W::Decades => (Unit::Decade, true),
        W::Century => (Unit::Century, false),
        W::Centuries => (Unit::Century, true),
        W::Millennium => (Unit::Millennium, false),
        W::Millennia => (Unit::Millennium, true),
        _ => return None,
    })
}

fn small_number(w: W) -> Option<u32> {
    Some(match w {
        W::One => 1,
        W::Two => 2,
        W::Three => 3,
        W::Four => 4,
        W::Five => 5,
        W::Six => 6,
        W::Seven => 7,
        W::Eight => 8,
        W::Nine => 9,
        W::Ten => 10,
        W::Eleven => 11,
        W::Twelve => 12,
        W::Thirteen => 13,
        W::Fourteen => 14,
        W::Fifteen => 15,
        W::Sixteen => 16,
        W::Seventeen => 17,
        W::Eighteen => 18,
        W::Nineteen => 19,
        _ => return None,
    })
}

fn tens_number(w: W) -> Option<u32> {
    Some(match w {
        W::Twenty => 20,
        W::Thirty => 30,
        W::Forty => 40,
        W::Fifty => 50,
        W::Sixty => 60,
        W::Seventy => 70,
        W::Eighty => 80,
        W::Ninety => 90,
        _ => return None,
    })
}

fn ordinal_word(w: W) -> Option<u32> {
    Some(match w {
        W::First => 1,
        W::Second => 2,
        W::Third => 3,
        W::Fourth => 4,
        W::Fifth => 5,
        W::Sixth => 6,
        W::Seventh => 7,
        W::Eighth => 8,
        W::Ninth => 9,
        W::Tenth => 10,
        W::Eleventh => 11,
        W::Twelfth => 12,
        W::Thirteenth => 13,
        W::Fourteenth => 14,
        W::Fifteenth => 15,
        W::Sixteenth => 16,
        W::Seventeenth => 17,
        W::Eighteenth => 18,
        W::Nineteenth => 19,
        W::Twentieth => 20,
        W::Thirtieth => 30,
        _ => return None,
    })
}

/// 0 spring, 1 summer, 2 fall, 3 winter.
fn season_of(w: W) -> Option<u8> {
    Some(match w {
        W::Spring => 0,
        W::Summer => 1,
        W::Fall | W::Autumn => 2,
        W::Winter => 3,
        _ => return None,
    })
}

const SEASON_CODE: [&str; 4] = ["SP", "SU", "FA", "WI"];

fn pod_of(w: W) -> Option<&'static str> {
    Some(match w {
        W::Morning => "MO",
        W::Afternoon => "AF",
        W::Evening => "EV",
        W::Night => "NI",
        _ => return None,
    })
}

fn pod_plural_of(w: W) -> Option<&'static str> {
    Some(match w {
        W::Mornings => "MO",
        W::Afternoons => "AF",
        W::Evenings => "EV",
        W::Nights => "NI",
        _ => return None,
    })
}

fn decade_word(w: W) -> Option<i16> {
    Some(match w {
        W::Twenties => 192,
        W::Thirties => 193,
        W::Forties => 194,
        W::Fifties => 195,
        W::Sixties => 196,
        W::Seventies => 197,
        W::Eighties => 198,
        W::Nineties => 199,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum K {
    Word,
    Num,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
    k: K,
    w: W,
    /// Number value (saturating) for `Num`, the ASCII character for `Punct` (0 if other).
    n: u32,
    /// Digits in a `Num`.
    nd: u8,
    /// Whitespace (or the line start) before the token.
    sp: bool,
    /// First letter upper case.
    cap: bool,
    /// Tense cue: 0 none, 1 past, 2 future.
    tm: u8,
    /// Ends a sentence (set on `.`, `!`, `?`).
    eos: bool,
}

/// Tense cue of a word: 0 none, 1 past (an auxiliary or adverb), 2 future, 3 weak past (a
/// reporting verb, or a lower-case "-ed" word not after a form of "be"/"have"/"get"/"to":
/// "killed", not "was killed"). "set", "going" and "due" are settled after tokenizing. "away"
/// after a unit of time ("six months away") is future.
fn tense_cue(w: W, lower: &[u8], cap: bool, prev: W) -> u8 {
    match w {
        W::Will | W::Shall | W::Ll | W::Would | W::Scheduled | W::Plans | W::Plan | W::Planned | W::Planning
        | W::Expected | W::Expects | W::Expect | W::Intends | W::Upcoming | W::Tomorrow | W::Soon => 2,
        W::Was | W::Were | W::Had | W::Did | W::Ago | W::Yesterday | W::Last | W::Earlier | W::Ended | W::Since => 1,
        W::Said | W::Told => 3,
        // "six months away", "days away"
        W::Away if unit_of(prev).is_some() => 2,
        W::None
            if !cap
                && lower.len() > 4
                && lower.ends_with(b"ed")
                && !matches!(prev, W::Is | W::Are | W::Was | W::Were | W::Be | W::Been | W::Being | W::Has | W::Have | W::Had | W::Get | W::To) =>
        {
            3
        }
        _ => 0,
    }
}

/// Abbreviations after which a period does not end a sentence.
fn is_abbrev(t: &Tok, text: &str) -> bool {
    if t.k != K::Word {
        return false;
    }
    if month_of(t.w).is_some() || weekday_of(t.w).is_some() {
        return true;
    }
    let s = text.get(t.s..t.e).unwrap_or("");
    s.len() == 1
        || matches!(
            s,
            "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Gen" | "Sen" | "Rep" | "Gov" | "Lt" | "Col" | "Sgt" | "Corp" | "Inc"
                | "Co" | "Jr" | "Sr" | "Ltd" | "Capt" | "Adm" | "Prof" | "Rev" | "No" | "vs" | "Ft" | "Mt"
        )
}

fn tokenize(text: &str, a: usize, b: usize, out: &mut Vec<Tok>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = a;
    let mut sp = true;
    let mut lower = [0u8; 16];
    while i < b {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            sp = true;
            i += 1;
            continue;
        }
        let start = i;
        let mut tok = Tok { s: start, e: start, k: K::Punct, w: W::None, n: 0, nd: 0, sp, cap: false, tm: 0, eos: false };
        sp = false;
        if c.is_ascii_alphabetic() || (c >= 0x80 && text[i..].chars().next().is_some_and(char::is_alphabetic)) {
            let mut ascii = true;
            while i < b {
                let c = bytes[i];
                if c.is_ascii_alphabetic() {
                    i += 1;
                } else if c >= 0x80 {
                    match text[i..].chars().next() {
                        Some(ch) if ch.is_alphabetic() => {
                            ascii = false;
                            i += ch.len_utf8();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            tok.k = K::Word;
            tok.cap = c.is_ascii_uppercase();
            let len = i - start;
            if ascii && len <= lower.len() {
                for (d, s) in lower.iter_mut().zip(&bytes[start..i]) {
                    *d = s.to_ascii_lowercase();
                }
                let low = &lower[..len];
                if let Ok(s) = std::str::from_utf8(low) {
                    tok.w = LEX.get(s).copied().unwrap_or(W::None);
                }
                tok.tm = tense_cue(tok.w, low, tok.cap, out.last().map_or(W::None, |t| t.w));
            }
        } else if c.is_ascii_digit() {
            let mut v: u64 = 0;
            while i < b && bytes[i].is_ascii_digit() {
                v = (v * 10 + u64::from(bytes[i] - b'0')).min(u64::from(u32::MAX));
                i += 1;
            }
            tok.k = K::Num;
            tok.n = v as u32;
            tok.nd = (i - start).min(255) as u8;
        } else if c < 0x80 {
            i += 1;
            tok.n = u32::from(c);
        } else {
            let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
            i += ch.len_utf8();
            tok.n = match ch {
                '\u{2019}' | '\u{2018}' => u32::from(b'\''),
                '\u{2010}' | '\u{2011}' | '\u{2013}' => u32::from(b'-'),
                _ => 0,
            };
        }
        tok.e = i;
        out.push(tok);
    }
    // "set to", "going to" and "due" (not "due to") point to the future, and so does an auxiliary
    // before a future verb ("were planning").
    for j in 0..out.len() {
        let to_next = out.get(j + 1).is_some_and(|t| t.w == W::To);
        match out[j].w {
            W::Set | W::Going if to_next => out[j].tm = 2,
            W::Due if !to_next => out[j].tm = 2,
            _ => {}
        }
    }
    for j in (0..out.len()).rev() {
        if matches!(out[j].w, W::Was | W::Were | W::Is | W::Are) && out.get(j + 1).is_some_and(|t| t.tm == 2) {
            out[j].tm = 2;
        }
    }
    // Sentence ends: '.', '!' or '?' followed by a capitalized word or a quote, not after an abbreviation.
    for j in 0..out.len() {
        let t = out[j];
        if t.k == K::Punct && matches!(t.n as u8, b'.' | b'!' | b'?') {
            let next_ok = out.get(j + 1).is_none_or(|n| n.sp && (n.cap || n.k != K::Word));
            let abbr = t.n as u8 == b'.' && j > 0 && is_abbrev(&out[j - 1], text);
            out[j].eos = next_ok && !abbr;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar points

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pt {
    Day(Date),
    Week(i16, i8),
    Weekend(i16, i8),
    Month(i16, i8),
    Quarter(i16, i8),
    Half(i16, i8),
    Season(i16, u8),
    Year(i16),
    Decade(i16),
    Century(i16),
}

impl Pt {
    fn value(self) -> String {
        match self {
            Pt::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Pt::Week(y, w) => format!("{y:04}-W{w:02}"),
            Pt::Weekend(y, w) => format!("{y:04}-W{w:02}-WE"),
            Pt::Month(y, m) => format!("{y:04}-{m:02}"),
            Pt::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Pt::Half(y, h) => format!("{y:04}-H{h}"),
            Pt::Season(y, s) => format!("{y:04}-{}", SEASON_CODE[usize::from(s.min(3))]),
            Pt::Year(y) => format!("{y:04}"),
            Pt::Decade(d) => format!("{d:03}"),
            Pt::Century(c) => format!("{c:02}"),
        }
    }

    /// A representative day (the first one), for arithmetic.
    fn first_day(self) -> Option<Date> {
        match self {
            Pt::Day(d) => Some(d),
            Pt::Week(y, w) | Pt::Weekend(y, w) => {
                jiff::civil::ISOWeekDate::new(y, w, jiff::civil::Weekday::Monday).ok().map(|x| x.date())
            }
            Pt::Month(y, m) => Date::new(y, m, 1).ok(),
            Pt::Quarter(y, q) => Date::new(y, (q - 1) * 3 + 1, 1).ok(),
            Pt::Half(y, h) => Date::new(y, (h - 1) * 6 + 1, 1).ok(),
            Pt::Season(y, s) => Date::new(y, [3, 6, 9, 12][usize::from(s.min(3))], 1).ok(),
            Pt::Year(y) => Date::new(y, 1, 1).ok(),
            Pt::Decade(d) => Date::new(d.checked_mul(10)?, 1, 1).ok(),
            Pt::Century(c) => Date::new(c.checked_mul(100)?, 1, 1).ok(),
        }
    }
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

fn add_months(y: i16, m: i8, n: i64) -> Option<(i16, i8)> {
    let t = i64::from(y) * 12 + i64::from(m) - 1 + n;
    let y = i16::try_from(t.div_euclid(12)).ok()?;
    if !(1..=9999).contains(&y) {
        return None;
    }
    Some((y, (t.rem_euclid(12) + 1) as i8))
}

fn add_months_day(d: Date, n: i64) -> Option<Date> {
    let (y, m) = add_months(d.year(), d.month(), n)?;
    let first = Date::new(y, m, 1).ok()?;
    Date::new(y, m, d.day().min(first.days_in_month())).ok()
}

fn year_ok(y: i64) -> Option<i16> {
    (1..=9999).contains(&y).then_some(y as i16)
}

fn week_of(d: Date) -> Pt {
    let w = d.iso_week_date();
    Pt::Week(w.year(), w.week())
}

fn quarter_of(d: Date) -> (i16, i8) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

fn add_quarters(y: i16, q: i8, n: i64) -> Option<(i16, i8)> {
    let t = i64::from(y) * 4 + i64::from(q) - 1 + n;
    Some((year_ok(t.div_euclid(4))?, (t.rem_euclid(4) + 1) as i8))
}

/// The season a day is in, winter months January and February belonging to the previous year's winter.
fn season_at(d: Date) -> (i16, u8) {
    match d.month() {
        1 | 2 => (d.year() - 1, 3),
        3..=5 => (d.year(), 0),
        6..=8 => (d.year(), 1),
        9..=11 => (d.year(), 2),
        _ => (d.year(), 3),
    }
}

fn day_str(d: Option<Date>) -> String {
    d.map_or_else(|| "XXXX-XX-XX".to_string(), |d| Pt::Day(d).value())
}

/// Shifts a point by `n` units; `None` when the unit is finer than the point.
fn shift(pt: Pt, unit: Unit, n: i64) -> Option<Pt> {
    let months = match unit {
        Unit::Month => Some(n),
        Unit::Quarter => n.checked_mul(3),
        Unit::Year => n.checked_mul(12),
        Unit::Decade => n.checked_mul(120),
        Unit::Century => n.checked_mul(1200),
        Unit::Millennium => n.checked_mul(12000),
        _ => None,
    };
    let years = match unit {
        Unit::Year => Some(n),
        Unit::Decade => n.checked_mul(10),
        Unit::Century => n.checked_mul(100),
        Unit::Millennium => n.checked_mul(1000),
        _ => None,
    };
    let days = match unit {
        Unit::Day => Some(n),
        Unit::Week | Unit::Weekend => n.checked_mul(7),
        Unit::Fortnight => n.checked_mul(14),
        _ => None,
    };
    match pt {
        Pt::Day(d) => match days {
            Some(dd) => add_days(d, dd).map(Pt::Day),
            None => add_months_day(d, months?).map(Pt::Day),
        },
        Pt::Week(..) | Pt::Weekend(..) => {
            let d = add_days(pt.first_day()?, days?)?;
            let w = d.iso_week_date();
            Some(if matches!(pt, Pt::Weekend(..)) { Pt::Weekend(w.year(), w.week()) } else { Pt::Week(w.year(), w.week()) })
        }
        Pt::Month(y, m) => add_months(y, m, months?).map(|(y, m)| Pt::Month(y, m)),
        Pt::Quarter(y, q) => {
            let quarters = match unit {
                Unit::Quarter => n,
                _ => years?.checked_mul(4)?,
            };
            add_quarters(y, q, quarters).map(|(y, q)| Pt::Quarter(y, q))
        }
        Pt::Half(y, h) => Some(Pt::Half(year_ok(i64::from(y) + years?)?, h)),
        Pt::Season(y, s) => Some(Pt::Season(year_ok(i64::from(y) + years?)?, s)),
        Pt::Year(y) => Some(Pt::Year(year_ok(i64::from(y) + years?)?)),
        Pt::Decade(d) => {
            let y = years?;
            (y % 10 == 0).then(|| Pt::Decade((i64::from(d) + y / 10) as i16))
        }
        Pt::Century(c) => {
            let y = years?;
            (y % 100 == 0).then(|| Pt::Century((i64::from(c) + y / 100) as i16))
        }
    }
}

/// A point at the granularity of `unit` containing day `d`.
fn point_at(d: Date, unit: Unit) -> Pt {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Pt::Day(d),
        Unit::Week | Unit::Fortnight => week_of(d),
        Unit::Weekend => {
            let w = d.iso_week_date();
            Pt::Weekend(w.year(), w.week())
        }
        Unit::Month => Pt::Month(d.year(), d.month()),
        Unit::Quarter => {
            let (y, q) = quarter_of(d);
            Pt::Quarter(y, q)
        }
        Unit::Year | Unit::Decade | Unit::Century | Unit::Millennium => Pt::Year(d.year()),
    }
}

fn unit_code(u: Unit) -> (&'static str, &'static str) {
    // (prefix, designator)
    match u {
        Unit::Second => ("PT", "S"),
        Unit::Minute => ("PT", "M"),
        Unit::Hour => ("PT", "H"),
        Unit::Day => ("P", "D"),
        Unit::Week | Unit::Fortnight => ("P", "W"),
        Unit::Weekend => ("P", "WE"),
        Unit::Month => ("P", "M"),
        Unit::Quarter => ("P", "Q"),
        Unit::Year => ("P", "Y"),
        Unit::Decade => ("P", "DE"),
        Unit::Century => ("P", "CE"),
        Unit::Millennium => ("P", "ML"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Nv {
    Int(u32),
    /// n and a half
    Half(u32),
    Vague,
}

fn duration_value(n: Nv, u: Unit) -> String {
    let (pre, des) = unit_code(u);
    match n {
        Nv::Vague => format!("{pre}X{des}"),
        Nv::Int(k) => {
            let k = u64::from(k);
            match u {
                Unit::Fortnight => format!("P{}W", k * 2),
                Unit::Weekend => format!("P{}D", k * 2),
                Unit::Quarter => format!("P{}M", k * 3),
                Unit::Decade => format!("P{}Y", k * 10),
                Unit::Century => format!("P{}Y", k * 100),
                Unit::Millennium => format!("P{}Y", k * 1000),
                _ => format!("{pre}{k}{des}"),
            }
        }
        Nv::Half(k) => {
            let k = u64::from(k);
            match u {
                Unit::Year => {
                    if k == 0 {
                        "P6M".into()
                    } else {
                        format!("P{k}Y6M")
                    }
                }
                Unit::Month => format!("P{k}.5M"),
                Unit::Week => format!("P{}DT12H", k * 7 + 3),
                Unit::Day => {
                    if k == 0 {
                        "PT12H".into()
                    } else {
                        format!("P{k}DT12H")
                    }
                }
                Unit::Hour => {
                    if k == 0 {
                        "PT30M".into()
                    } else {
                        format!("PT{k}H30M")
                    }
                }
                Unit::Minute => {
                    if k == 0 {
                        "PT30S".into()
                    } else {
                        format!("PT{k}M30S")
                    }
                }
                Unit::Decade => format!("P{}Y", k * 10 + 5),
                Unit::Century => format!("P{}Y", k * 100 + 50),
                _ => format!("{pre}{k}.5{des}"),
            }
        }
    }
}

fn holiday_date(h: W, y: i16) -> Option<Date> {
    let nth = |m: i8, wd: jiff::civil::Weekday, n: i8| Date::new(y, m, 1).ok()?.nth_weekday_of_month(n, wd).ok();
    use jiff::civil::Weekday as Wd;
    match h {
        W::Christmas => Date::new(y, 12, 25).ok(),
        W::Eve => Date::new(y, 12, 24).ok(),
        W::New => Date::new(y, 1, 1).ok(),
        W::Halloween => Date::new(y, 10, 31).ok(),
        W::Valentine => Date::new(y, 2, 14).ok(),
        W::Veterans => Date::new(y, 11, 11).ok(),
        W::Independence => Date::new(y, 7, 4).ok(),
        W::Thanksgiving => nth(11, Wd::Thursday, 4),
        W::Labor => nth(9, Wd::Monday, 1),
        W::Memorial => nth(5, Wd::Monday, -1),
        W::Election => add_days(nth(11, Wd::Monday, 1)?, 1),
        W::Easter => {
            // Anonymous Gregorian algorithm.
            let y = i32::from(y);
            let a = y % 19;
            let b = y / 100;
            let c = y % 100;
            let d = b / 4;
            let e = b % 4;
            let f = (b + 8) / 25;
            let g = (b - f + 1) / 3;
            let h = (19 * a + b - d - g + 15) % 30;
            let i = c / 4;
            let k = c % 4;
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 22 * l) / 451;
            let month = (h + l - 7 * m + 114) / 31;
            let day = (h + l - 7 * m + 114) % 31 + 1;
            Date::new(y as i16, month as i8, day as i8).ok()
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The tagger

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tense {
    None,
    Past,
    Future,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Rel {
    This,
    Last,
    Next,
    /// "the past", "the previous", "the preceding", "prior"
    Prev,
    /// "the following" (relative to the text's last date)
    Follow,
    /// "current"
    Cur,
    /// "the latest", "the most recent"
    Latest,
    /// "the coming", "upcoming"
    Coming,
    /// "the same", "that"
    Same,
}

/// A match: the expression ends before token `end`.
#[derive(Clone, Debug)]
struct M {
    end: usize,
    kind: TimexType,
    value: String,
    pt: Option<Pt>,
    modifier: Option<&'static str>,
    /// A date counted back or forward ("two years ago"): takes "about", "nearly", "more than".
    ago: bool,
}

impl M {
    fn date(end: usize, pt: Pt) -> M {
        M { end, kind: TimexType::Date, value: pt.value(), pt: Some(pt), modifier: None, ago: false }
    }
    fn new(end: usize, kind: TimexType, value: impl Into<String>) -> M {
        M { end, kind, value: value.into(), pt: None, modifier: None, ago: false }
    }
    fn with_mod(mut self, m: Option<&'static str>) -> M {
        if m.is_some() {
            self.modifier = m;
        }
        self
    }
}

fn longer(a: Option<M>, b: Option<M>) -> Option<M> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.end > a.end { b } else { a }),
        (a, b) => a.or(b),
    }
}

struct Tagger<'a> {
    text: &'a str,
    dct: Option<Date>,
    toks: Vec<Tok>,
    out: Vec<Timex>,
    /// The last calendar point mentioned (for "a year earlier", "the quarter", "the following day").
    anchor: Option<Pt>,
}

impl Tagger<'_> {
    fn run(&mut self, a: usize, b: usize) {
        let mut toks = std::mem::take(&mut self.toks);
        tokenize(self.text, a, b, &mut toks);
        self.toks = toks;
        let mut i = 0;
        while i < self.toks.len() {
            let t = self.toks[i];
            let candidate = t.k == K::Num || t.w != W::None || (t.k == K::Punct && t.n == u32::from(b'\''));
            if candidate {
                if let Some(m) = self.parse(i) {
                    if m.end > i {
                        self.emit(i, m.clone());
                        i = m.end;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }

    fn emit(&mut self, i: usize, m: M) {
        let (Some(first), Some(last)) = (self.toks.get(i), self.toks.get(m.end - 1)) else { return };
        // Dates counted from the anchor ("a year earlier") do not move it.
        if let Some(pt) = m.pt.filter(|_| !m.ago) {
            if m.kind == TimexType::Date || m.kind == TimexType::Time {
                self.anchor = Some(pt);
            }
        }
        self.out.push(Timex {
            start: first.s,
            end: last.e,
            kind: m.kind,
            value: m.value,
            modifier: m.modifier.map(str::to_string),
        });
    }

    // --- token helpers ---

    fn w(&self, i: usize) -> W {
        self.toks.get(i).map_or(W::None, |t| t.w)
    }
    fn is(&self, i: usize, w: W) -> bool {
        self.w(i) == w
    }
    fn p(&self, i: usize, c: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.k == K::Punct && t.n == u32::from(c))
    }
    fn num(&self, i: usize) -> Option<(u32, u8)> {
        self.toks.get(i).filter(|t| t.k == K::Num).map(|t| (t.n, t.nd))
    }
    /// Token `i` follows token `i - 1` without space.
    fn adj(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.sp)
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    fn len(&self, i: usize) -> usize {
        self.toks.get(i).map_or(0, |t| t.e - t.s)
    }
    fn is_lower_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.k == K::Word && !t.cap)
    }
    /// Hyphen between tokens `i - 1` and `i + 1`, written without spaces.
    fn hyphen(&self, i: usize) -> bool {
        self.p(i, b'-') && self.adj(i) && self.adj(i + 1)
    }
    /// Token `i` starts a sentence (or the line).
    fn sentence_start(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 {
            let t = &self.toks[j - 1];
            if t.eos {
                return true;
            }
            if t.k == K::Punct && matches!(t.n as u8, b'`' | b'"' | b'\'' | b'(' | b'_' | b'-') {
                j -= 1;
                continue;
            }
            return false;
        }
        true
    }

    /// The tense of the clause around tokens `a..b`: a cue right next to it ("said Friday", "the
    /// Aug. 7 blasts killed"), else the nearest strong cue in the sentence (an auxiliary, "ago",
    /// "will", "plans", …), else a weak past cue ("said", "killed") close by, unless `strong_only`.
    /// A reporting verb past a comma or "but" is another clause's ("… on Tuesday, officials said";
    /// "… the September date but said") and tells nothing; a weak cue past a comma or "but", or
    /// before an article ("welcomed the September date": the date names a noun of the object),
    /// is not next to it. A date that opens its sentence belongs to the clause after its comma.
    fn tense_with(&self, a: usize, b: usize, strong_only: bool) -> Tense {
        let (reach, weak_reach) = (20, 5);
        const NEXT_TO: usize = 3;
        let mut strong: Option<(usize, u8)> = None;
        let mut weak: Option<usize> = None;
        // `apart`: a comma, semicolon or "but" lies between; `article`: an article does.
        let mut look = |j: usize, d: usize, apart: bool, article: bool| -> bool {
            let t = &self.toks[j];
            match t.tm {
                0 => {}
                3 if apart && matches!(t.w, W::Said | W::Told) => {}
                3 => {
                    if d <= NEXT_TO && !apart && !article && strong.is_none_or(|(sd, _)| d < sd) {
                        strong = Some((d, 1));
                        return true;
                    }
                    if d <= weak_reach && weak.is_none_or(|w| d < w) {
                        weak = Some(d);
                    }
                }
                _ if t.w == W::Ll && !(j > 0 && self.p(j - 1, b'\'')) => {}
                c => {
                    if strong.is_none_or(|(sd, _)| d < sd) {
                        strong = Some((d, c));
                    }
                    return true;
                }
            }
            false
        };
        let separates = |j: usize| self.p(j, b',') || self.p(j, b';') || self.is(j, W::But);
        let (mut j, mut d, mut apart, mut article) = (a, 0, false, false);
        while j > 0 && d < reach {
            j -= 1;
            d += 1;
            if self.toks[j].eos || look(j, d, apart, article) {
                break;
            }
            apart |= separates(j);
            article |= matches!(self.w(j), W::The | W::A | W::An);
        }
        // a date that opens its sentence ("In September, it announced") belongs to the clause
        // after its comma
        let fronted = self.sentence_start(a) || (a > 0 && self.toks[a - 1].k == K::Word && self.sentence_start(a - 1));
        let (mut j, mut d, mut apart) = (b, 0, false);
        while j < self.toks.len() && d < reach {
            d += 1;
            if look(j, d, apart, false) || self.toks[j].eos {
                break;
            }
            apart |= separates(j) && !fronted;
            j += 1;
        }
        let weak = weak.filter(|_| !strong_only);
        match (strong, weak) {
            // a weak cue counts as twice as far as a strong one
            (Some((sd, _)), Some(wd)) if 2 * wd < sd => Tense::Past,
            (Some((_, 1)), _) => Tense::Past,
            (Some((_, 2)), _) => Tense::Future,
            (_, Some(_)) => Tense::Past,
            _ => Tense::None,
        }
    }

    fn tense(&self, a: usize, b: usize) -> Tense {
        self.tense_with(a, b, false)
    }

    // --- parsing ---

    fn parse(&self, i: usize) -> Option<M> {
        let (j, qmod) = self.quant_mod(i);
        let (k, pmod) = self.pos_mod(j);
        let mut m = self.core(k, pmod.is_some())?;
        if pmod.is_some() && m.kind != TimexType::Duration {
            m.modifier = pmod;
        }
        if qmod.is_some() {
            // "about" stays out of the extent, and so does a quantity word before a plain date or a
            // set ("around Wednesday's ruling", "almost daily"): the expression starts after it.
            if self.is(i, W::About) || !(m.kind == TimexType::Duration || m.kind == TimexType::Time || m.ago) {
                return None;
            }
            m.modifier = qmod;
        }
        Some(m)
    }

    /// "about", "nearly", "more than", "at least", … → (next token, TIMEX3 mod)
    fn quant_mod(&self, i: usize) -> (usize, Option<&'static str>) {
        let numberish = |j: usize| {
            self.num(j).is_some()
                || small_number(self.w(j)).is_some()
                || tens_number(self.w(j)).is_some()
                || matches!(self.w(j), W::A | W::An | W::Half | W::Several | W::Few)
        };
        match self.w(i) {
            W::About | W::Around | W::Approximately | W::Roughly | W::Nearly | W::Almost => (i + 1, Some("APPROX")),
            W::Some if self.num(i + 1).is_some() || small_number(self.w(i + 1)).is_some() => (i + 1, Some("APPROX")),
            W::More if self.is(i + 1, W::Than) => (i + 2, Some("MORE_THAN")),
            W::Less | W::Fewer if self.is(i + 1, W::Than) => (i + 2, Some("LESS_THAN")),
            W::Over if matches!(self.w(i + 1), W::A | W::An) => (i + 1, Some("MORE_THAN")),
            W::Under if numberish(i + 1) => (i + 1, Some("LESS_THAN")),
            W::At if self.is(i + 1, W::Least) => (i + 2, Some("EQUAL_OR_MORE")),
            W::At if self.is(i + 1, W::Most) => (i + 2, Some("EQUAL_OR_LESS")),
            W::Up if self.is(i + 1, W::To) && numberish(i + 2) => (i + 2, Some("EQUAL_OR_LESS")),
            W::No if self.is(i + 1, W::More) && self.is(i + 2, W::Than) => (i + 3, Some("EQUAL_OR_LESS")),
            W::No if self.is(i + 1, W::Less) && self.is(i + 2, W::Than) => (i + 3, Some("EQUAL_OR_MORE")),
            _ => (i, None),
        }
    }

    /// "early", "mid-", "late", "the end of", "the beginning of", "the middle of", "earlier", "later"
    fn pos_mod(&self, i: usize) -> (usize, Option<&'static str>) {
        let the = self.is(i, W::The);
        let j = if the { i + 1 } else { i };
        let (mut k, m) = match self.w(j) {
            W::Early => (j + 1, "START"),
            W::Late => (j + 1, "END"),
            W::Mid => (j + 1, "MID"),
            W::Earlier if !the => (j + 1, "START"),
            W::Later if !the => (j + 1, "END"),
            W::Middle | W::End | W::Beginning | W::Start if the && self.is(j + 1, W::Of) => {
                let m = match self.w(j) {
                    W::Middle => "MID",
                    W::End => "END",
                    _ => "START",
                };
                (j + 2, m)
            }
            _ => return (i, None),
        };
        if self.hyphen(k) && matches!(self.w(j), W::Early | W::Late | W::Mid) {
            k += 1;
        }
        (k, Some(m))
    }

    fn core(&self, k: usize, positional: bool) -> Option<M> {
        let t = self.toks.get(k)?;
        let mut best = None;
        if t.k == K::Num {
            best = longer(best, self.r_time(k));
            best = longer(best, self.r_day_pod(k));
            best = longer(best, self.r_calendar(k));
            best = longer(best, self.r_ago(k));
            best = longer(best, self.r_duration(k));
            return best;
        }
        if t.k == K::Punct {
            return if t.n == u32::from(b'\'') { self.r_calendar(k) } else { None };
        }
        best = longer(best, self.r_time(k));
        best = longer(best, self.r_day_pod(k));
        best = longer(best, self.r_calendar(k));
        best = longer(best, self.r_quarter(k));
        best = longer(best, self.r_relative(k));
        best = longer(best, self.r_ago(k));
        best = longer(best, self.r_duration(k));
        best = longer(best, self.r_set(k));
        best = longer(best, self.r_ref(k));
        if positional && best.is_none() {
            // "mid-afternoon", "late morning"
            if let Some(pod) = pod_of(self.w(k)) {
                // "mid-afternoon yesterday"
                if let Some((e, v, pt)) = self.day_ref(k + 1).filter(|(_, _, pt)| pt.is_some()) {
                    let mut m = M::new(e, TimexType::Time, format!("{v}T{pod}"));
                    m.pt = pt;
                    return Some(m);
                }
                return Some(M::new(k + 1, TimexType::Time, format!("{}T{pod}", day_str(self.dct))));
            }
        }
        best
    }

    // --- numbers ---

    /// Cardinal numbers: digits (with thousands commas, `.5`, ` 1/2`), number words, articles and
    /// vague quantifiers. Returns (end, value, approximate).
    fn number(&self, i: usize) -> Option<(usize, Nv, bool)> {
        let t = self.toks.get(i)?;
        if t.k == K::Num {
            let mut v = u64::from(t.n);
            let mut j = i + 1;
            while self.p(j, b',') && self.adj(j) && self.adj(j + 1) && self.num(j + 1).is_some_and(|(_, nd)| nd == 3) {
                v = (v * 1000 + u64::from(self.num(j + 1)?.0)).min(u64::from(u32::MAX));
                j += 2;
            }
            let v = v as u32;
            if self.p(j, b'.') && self.adj(j) && self.adj(j + 1) && self.num(j + 1).is_some() {
                return (self.num(j + 1) == Some((5, 1))).then_some((j + 2, Nv::Half(v), false));
            }
            if self.num(j) == Some((1, 1)) && self.p(j + 1, b'/') && self.adj(j + 1) && self.adj(j + 2) && self.num(j + 2) == Some((2, 1)) {
                return Some((j + 3, Nv::Half(v), false));
            }
            if self.p(j, b'/') && self.adj(j) {
                return None; // a fraction or a date
            }
            return Some(self.and_a_half(j, Nv::Int(v)));
        }
        match t.w {
            W::A | W::An => match self.w(i + 1) {
                W::Few => Some((i + 2, Nv::Vague, false)),
                W::Couple if self.is(i + 2, W::Of) => Some((i + 3, Nv::Int(2), true)),
                W::Dozen => Some((i + 2, Nv::Int(12), false)),
                W::Half => Some((i + 2, Nv::Half(0), false)),
                W::Hundred => Some((i + 2, Nv::Int(100), false)),
                W::Thousand => Some((i + 2, Nv::Int(1000), false)),
                _ => Some(self.and_a_half(i + 1, Nv::Int(1))),
            },
            W::Few | W::Several | W::Many => Some((i + 1, Nv::Vague, false)),
            W::Some if unit_of(self.w(i + 1)).is_some_and(|(_, p)| p) => Some((i + 1, Nv::Vague, false)),
            W::Couple if self.is(i + 1, W::Of) => Some((i + 2, Nv::Int(2), true)),
            W::Dozens | W::Hundreds | W::Thousands if self.is(i + 1, W::Of) => Some((i + 2, Nv::Vague, false)),
            W::Half if matches!(self.w(i + 1), W::A | W::An) => Some((i + 2, Nv::Half(0), false)),
            W::Dozen => Some((i + 1, Nv::Int(12), false)),
            _ => {
                let (j, v) = self.number_words(i)?;
                Some(self.and_a_half(j, Nv::Int(v)))
            }
        }
    }

    fn and_a_half(&self, j: usize, n: Nv) -> (usize, Nv, bool) {
        if let Nv::Int(v) = n {
            if self.is(j, W::And) && matches!(self.w(j + 1), W::A | W::An) && self.is(j + 2, W::Half) {
                return (j + 3, Nv::Half(v), false);
            }
        }
        (j, n, false)
    }

    /// "twenty-five", "two hundred", "two thousand".
    fn number_words(&self, i: usize) -> Option<(usize, u32)> {
        let w = self.w(i);
        let (mut j, mut v) = if let Some(t) = tens_number(w) {
            if self.hyphen(i + 1) {
                if let Some(u) = small_number(self.w(i + 2)).filter(|&u| u < 10) {
                    (i + 3, t + u)
                } else {
                    (i + 1, t)
                }
            } else {
                (i + 1, t)
            }
        } else {
            (i + 1, small_number(w)?)
        };
        if self.is(j, W::Hundred) {
            v *= 100;
            j += 1;
        }
        if self.is(j, W::Thousand) {
            v *= 1000;
            j += 1;
        }
        Some((j, v))
    }

    /// Ordinals 1–31: "third", "3rd", "twenty-first".
    fn ordinal(&self, i: usize) -> Option<(usize, u32)> {
        if let Some((n, nd)) = self.num(i) {
            if nd <= 2 && self.adj(i + 1) && matches!(self.w(i + 1), W::Th | W::St | W::Nd | W::Rd) {
                return Some((i + 2, n));
            }
            return None;
        }
        if let Some(t) = tens_number(self.w(i)) {
            if self.hyphen(i + 1) {
                if let Some(o) = ordinal_word(self.w(i + 2)).filter(|&o| o < 10) {
                    return Some((i + 3, t + o));
                }
            }
            return None;
        }
        ordinal_word(self.w(i)).map(|o| (i + 1, o))
    }

    /// (end, unit, plural)
    fn unit(&self, i: usize) -> Option<(usize, Unit, bool)> {
        let (u, pl) = unit_of(self.w(i))?;
        Some((i + 1, u, pl))
    }

    /// A four-digit year (1000–2999) token, not part of a bigger number.
    fn year_token(&self, i: usize) -> Option<i16> {
        let (n, nd) = self.num(i)?;
        if nd != 4 || !(1000..=2999).contains(&n) {
            return None;
        }
        if (self.p(i + 1, b',') || self.p(i + 1, b'.') || self.p(i + 1, b':')) && self.adj(i + 1) && self.num(i + 2).is_some() && self.adj(i + 2) {
            return None;
        }
        if i > 0 && self.adj(i) && (self.p(i - 1, b'$') || self.p(i - 1, b'#') || self.p(i - 1, b'.') || self.p(i - 1, b',')) {
            return None;
        }
        Some(n as i16)
    }

    /// A year standing alone: plausible range and no sign of being a count.
    fn bare_year(&self, i: usize) -> Option<i16> {
        let y = self.year_token(i)?;
        let prev = if i > 0 { self.w(i - 1) } else { W::None };
        let prep = matches!(prev, W::In | W::Since | W::Of | W::From | W::Until | W::Till | W::By | W::Before | W::After | W::Through | W::During | W::Year | W::Fiscal);
        if !(1900..=2099).contains(&y) && !prep {
            return None;
        }
        if self.p(i + 1, b'%') || matches!(self.w(i + 1), W::Percent | W::Times) {
            return None;
        }
        if self.hyphen(i + 1) && (unit_of(self.w(i + 2)).is_some() || self.num(i + 2).is_some()) {
            return None;
        }
        let next_lower = self.is_lower_word(i + 1) && !matches!(self.w(i + 1), W::And | W::Or | W::To | W::Through | W::Until | W::When | W::S);
        if next_lower && matches!(prev, W::About | W::Some | W::Nearly | W::Almost | W::Than | W::Least | W::Approximately | W::Roughly | W::Around | W::Over | W::Under) {
            return None;
        }
        if next_lower && unit_of(self.w(i + 1)).is_some() {
            return None;
        }
        Some(y)
    }

    /// A year after a month or day: four digits, or "'98".
    fn year_after(&self, i: usize) -> Option<(usize, i16)> {
        if let Some(y) = self.year_token(i) {
            return Some((i + 1, y));
        }
        if let Some(r) = self.spoken_year(i) {
            return Some(r);
        }
        if self.p(i, b'\'') && self.adj(i + 1) {
            if let Some((n, 2)) = self.num(i + 1) {
                if !self.adj(i + 2) || !self.is(i + 2, W::S) {
                    return Some((i + 2, if n < 50 { 2000 + n as i16 } else { 1900 + n as i16 }));
                }
            }
        }
        None
    }

    /// A month name usable here: (end after an optional abbreviation period, month).
    fn month(&self, i: usize, strict: bool) -> Option<(usize, u8)> {
        let t = self.toks.get(i)?;
        let m = month_of(t.w)?;
        if !t.cap {
            return None;
        }
        let full = self.len(i) == MONTH_LEN[usize::from(m)];
        if !full {
            // "Aug." / "Sept." / "Aug 7": an abbreviation needs its period or a day after it.
            if self.p(i + 1, b'.') && self.adj(i + 1) {
                return Some((i + 2, m));
            }
            return (!strict && self.num(i + 1).is_some()).then_some((i + 1, m));
        }
        if m == 5 && strict {
            // "May" the month, not the modal verb or a name.
            let prev = if i > 0 { self.w(i - 1) } else { W::None };
            let ctx = matches!(prev, W::In | W::Since | W::By | W::Until | W::Till | W::From | W::To | W::Through | W::During | W::Of | W::Early | W::Mid | W::Late | W::Last | W::Next | W::This | W::Each | W::Every | W::Before | W::After | W::And | W::Or)
                || (i > 0 && self.p(i - 1, b'-') && self.adj(i));
            if !ctx {
                return None;
            }
        }
        Some((i + 1, m))
    }

    fn weekday(&self, i: usize) -> Option<(usize, u8)> {
        let t = self.toks.get(i)?;
        let d = weekday_of(t.w)?;
        if !t.cap {
            return None;
        }
        if self.len(i) != WEEKDAY_LEN[usize::from(d)] {
            return (self.p(i + 1, b'.') && self.adj(i + 1)).then_some((i + 2, d));
        }
        Some((i + 1, d))
    }

    fn rel(&self, i: usize) -> Option<(usize, Rel)> {
        let the = self.is(i, W::The);
        let j = if the { i + 1 } else { i };
        let r = match self.w(j) {
            W::This if !the => Rel::This,
            W::That if !the => Rel::Same,
            W::Last => Rel::Last,
            W::Next => Rel::Next,
            W::Past | W::Previous | W::Preceding => Rel::Prev,
            W::Prior if the => Rel::Prev,
            W::Coming | W::Upcoming => Rel::Coming,
            W::Following if the => Rel::Follow,
            W::Current => Rel::Cur,
            W::Latest => Rel::Latest,
            W::Most if the && self.is(j + 1, W::Recent) => return Some((j + 2, Rel::Latest)),
            W::Same if the => Rel::Same,
            _ => return None,
        };
        if r == Rel::This && self.is(j + 1, W::Coming) {
            return Some((j + 2, Rel::Coming));
        }
        if r == Rel::This && self.is(j + 1, W::Past) {
            return Some((j + 2, Rel::Last));
        }
        Some((j + 1, r))
    }

    // --- resolution ---

    /// Resolves a weekday against the reference date.
    fn resolve_weekday(&self, wd: u8, rel: Option<Rel>, a: usize, b: usize) -> Option<Date> {
        let dct = self.dct?;
        let cur = dct.weekday().to_monday_one_offset() as i64;
        let wd = i64::from(wd);
        let back = (cur - wd).rem_euclid(7);
        let fwd = (wd - cur).rem_euclid(7);
        let off = match rel {
            Some(Rel::Last) | Some(Rel::Prev) => -(if back == 0 { 7 } else { back }),
            Some(Rel::Next) | Some(Rel::Coming) | Some(Rel::Follow) => {
                if fwd == 0 {
                    7
                } else {
                    fwd
                }
            }
            Some(Rel::This) => wd - cur,
            _ => match self.tense(a, b) {
                Tense::Future => fwd,
                _ => -back,
            },
        };
        add_days(dct, off)
    }

    /// The year of a month (and day) given without one: with a tense cue the last occurrence
    /// (past) or the next one (future); without one the nearest, counting days ahead double (news
    /// reports more often than it announces).
    fn resolve_year(&self, month: u8, day: Option<u8>, a: usize, b: usize) -> Option<i16> {
        let dct = self.dct?;
        let y = dct.year();
        let tense = self.tense_with(a, b, true);
        let mut best: Option<(i64, i16)> = None;
        for cy in [y - 1, y, y + 1] {
            let Ok(first) = Date::new(cy, month as i8, 1) else { continue };
            let (lo, hi) = match day {
                Some(d) => match Date::new(cy, month as i8, d as i8) {
                    Ok(x) => (x, x),
                    Err(_) => continue,
                },
                None => (first, first.last_of_month()),
            };
            // signed distance in days from the reference date to the day or month (0 inside it)
            let diff = if dct < lo {
                lo.duration_since(dct).as_secs() / 86_400
            } else if dct > hi {
                -(dct.duration_since(hi).as_secs() / 86_400)
            } else {
                0
            };
            let ok = match tense {
                Tense::Past => diff <= 0,
                Tense::Future => diff >= 0,
                Tense::None => true,
            };
            if !ok {
                continue;
            }
            let cost = if diff > 0 { diff * 2 } else { -diff };
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, cy));
            }
        }
        best.map(|(_, y)| y).or(Some(y))
    }

    fn month_day(&self, y: Option<i16>, m: u8, d: u8, a: usize, b: usize) -> (String, Option<Pt>) {
        let y = y.or_else(|| self.resolve_year(m, Some(d), a, b));
        match y.and_then(|y| Date::new(y, m as i8, d as i8).ok()) {
            Some(date) => (Pt::Day(date).value(), Some(Pt::Day(date))),
            None => match y {
                Some(y) => (format!("{y:04}-{m:02}-{d:02}"), None),
                None => (format!("XXXX-{m:02}-{d:02}"), None),
            },
        }
    }

    /// The day the text is talking about (for "the next day", "that day").
    fn anchor_day(&self) -> Option<Date> {
        match self.anchor {
            Some(Pt::Day(d)) => Some(d),
            _ => self.dct,
        }
    }

    // --- rules ---

    /// A day: today/yesterday/tomorrow, weekdays, month-day dates, numeric dates, holidays.
    /// Returns (end, value, point).
    fn day_ref(&self, k: usize) -> Option<(usize, String, Option<Pt>)> {
        let t = self.toks.get(k)?;
        let rel_day = |off: i64, end: usize| {
            let d = self.dct.and_then(|d| add_days(d, off));
            Some((end, day_str(d), d.map(Pt::Day)))
        };
        match t.w {
            // "VOA Today" is a name
            W::Today if t.cap && k > 0 && self.toks[k - 1].k == K::Word && self.toks[k - 1].cap && !self.sentence_start(k) => return None,
            W::Today => return rel_day(0, k + 1),
            W::Yesterday => return rel_day(-1, k + 1),
            W::Tomorrow => return rel_day(1, k + 1),
            W::The if self.is(k + 1, W::Day) && self.is(k + 2, W::Before) && self.is(k + 3, W::Yesterday) => {
                return rel_day(-2, k + 4)
            }
            W::The if self.is(k + 1, W::Day) && self.is(k + 2, W::After) && self.is(k + 3, W::Tomorrow) => {
                return rel_day(2, k + 4)
            }
            _ => {}
        }
        // "the next day", "the following day", "the previous day", "that day", "the same day"
        if let Some((j, r)) = self.rel(k) {
            if self.is(j, W::Day) && matches!(r, Rel::Next | Rel::Follow | Rel::Prev | Rel::Same) && (r != Rel::Next || self.is(k, W::The)) {
                let off = match r {
                    Rel::Next | Rel::Follow => 1,
                    Rel::Prev => -1,
                    _ => 0,
                };
                let d = self.anchor_day().and_then(|d| add_days(d, off));
                return Some((j + 1, day_str(d), d.map(Pt::Day)));
            }
        }
        // "the previous Friday", "the following Monday": counted from the day the text is about
        if self.is(k, W::The) && matches!(self.w(k + 1), W::Previous | W::Following | W::Preceding) {
            if let Some((e, wd)) = self.weekday(k + 2) {
                let base = self.anchor_day();
                let d = base.and_then(|b| {
                    let cur = i64::from(b.weekday().to_monday_one_offset());
                    let wd = i64::from(wd);
                    let off = if self.is(k + 1, W::Following) {
                        let f = (wd - cur).rem_euclid(7);
                        if f == 0 { 7 } else { f }
                    } else {
                        let bk = (cur - wd).rem_euclid(7);
                        -(if bk == 0 { 7 } else { bk })
                    };
                    add_days(b, off)
                });
                return Some((e, day_str(d), d.map(Pt::Day)));
            }
        }
        // [last|next|this] Weekday [,] [Month Day [, Year]]
        let (j, rel) = match self.rel(k) {
            Some((j, r)) if weekday_of(self.w(j)).is_some() && !self.is(k, W::The) => (j, Some(r)),
            _ => (k, None),
        };
        if let Some((j2, wd)) = self.weekday(j) {
            let after = if self.p(j2, b',') { j2 + 1 } else { j2 };
            if rel.is_none() {
                if let Some(r) = self.month_day_ref(after) {
                    // "Monday, Oct. 26" without a year: the year in which Oct. 26 is a Monday
                    if let (Some(Pt::Day(d)), false) = (r.2, self.year_after_month_day(after)) {
                        let fits = |y: i16| Date::new(y, d.month(), d.day()).ok().filter(|x| x.weekday().to_monday_one_offset() as u8 == wd);
                        let y = d.year();
                        if let Some(x) = fits(y).or_else(|| fits(y + 1)).or_else(|| fits(y - 1)) {
                            return Some((r.0, Pt::Day(x).value(), Some(Pt::Day(x))));
                        }
                    }
                    return Some(r);
                }
            }
            let d = self.resolve_weekday(wd, rel, k, j2);
            let v = match d {
                Some(d) => Pt::Day(d).value(),
                None => format!("XXXX-WXX-{wd}"),
            };
            return Some((j2, v, d.map(Pt::Day)));
        }
        if let Some(r) = self.month_day_ref(k) {
            return Some(r);
        }
        // Holidays
        self.holiday(k)
    }

    /// Whether the month-day date at `k` carries its year.
    fn year_after_month_day(&self, k: usize) -> bool {
        self.month_day_ref(k).is_some_and(|(e, _, _)| e > k && (self.year_token(e - 1).is_some() || self.p(e - 2, b'\'')))
    }

    /// Month Day [, Year] | Day Month [Year] | the Nth of Month | numeric dates.
    fn month_day_ref(&self, k: usize) -> Option<(usize, String, Option<Pt>)> {
        // Month Day
        if let Some((j, m)) = self.month(k, false) {
            let (day, j2) = if let Some((o, j2)) = self.ordinal(j).map(|(j2, o)| (o, j2)) {
                (o, j2)
            } else if let Some((d, nd)) = self.num(j) {
                if nd > 2 || self.adj(j + 1) && (self.p(j + 1, b':') || self.p(j + 1, b'.')) && self.adj(j + 2) && self.num(j + 2).is_some() {
                    return None;
                }
                (d, j + 1)
            } else {
                return None;
            };
            if !(1..=31).contains(&day) {
                return None;
            }
            let (end, year) = {
                let c = if self.p(j2, b',') { j2 + 1 } else { j2 };
                match self.year_after(c) {
                    Some((e, y)) => (e, Some(y)),
                    None => (j2, None),
                }
            };
            let (v, pt) = self.month_day(year, m, day as u8, k, end);
            return Some((end, v, pt));
        }
        // [the] Day [of] Month [Year]
        let k0 = k;
        let k = if self.is(k, W::The) { k + 1 } else { k };
        let (j, day) = if let Some((j, o)) = self.ordinal(k) {
            (j, o)
        } else if let Some((d, nd)) = self.num(k).filter(|_| k == k0) {
            if nd > 2 {
                return self.numeric_date(k0);
            }
            (k + 1, d)
        } else {
            return None;
        };
        if !(1..=31).contains(&day) {
            return None;
        }
        let j = if self.is(j, W::Of) { j + 1 } else { j };
        let Some((j2, m)) = self.month(j, false) else {
            return if k == k0 { self.numeric_date(k0) } else { None };
        };
        let (end, year) = match self.year_after(j2) {
            Some((e, y)) => (e, Some(y)),
            None => (j2, None),
        };
        let (v, pt) = self.month_day(year, m, day as u8, k0, end);
        Some((end, v, pt))
    }

    /// 1998-08-07, 08/07/1998, 8/7/98, 1998/08/07.
    fn numeric_date(&self, k: usize) -> Option<(usize, String, Option<Pt>)> {
        let (a, na) = self.num(k)?;
        let sep = self.toks.get(k + 1).filter(|t| t.k == K::Punct && !t.sp)?.n as u8;
        if sep != b'-' && sep != b'/' {
            return None;
        }
        let (b, nb) = self.num(k + 2).filter(|_| self.adj(k + 2))?;
        if !self.p(k + 3, sep) || !self.adj(k + 3) || !self.adj(k + 4) {
            return None;
        }
        let (c, nc) = self.num(k + 4)?;
        if self.adj(k + 5) && self.num(k + 6).is_some() && self.toks.get(k + 5).is_some_and(|t| matches!(t.n as u8, b'-' | b'/' | b'.')) {
            return None;
        }
        let (y, m, d) = if na == 4 && nb <= 2 && nc <= 2 {
            (a, b, c)
        } else if na <= 2 && nb <= 2 && (nc == 4 || (nc == 2 && sep == b'/')) {
            let y = if nc == 2 {
                if c < 50 {
                    2000 + c
                } else {
                    1900 + c
                }
            } else {
                c
            };
            if a > 12 {
                (y, b, a)
            } else {
                (y, a, b)
            }
        } else {
            return None;
        };
        let date = Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
        Some((k + 5, Pt::Day(date).value(), Some(Pt::Day(date))))
    }

    fn holiday(&self, k: usize) -> Option<(usize, String, Option<Pt>)> {
        let (j, rel) = match self.rel(k) {
            Some((j, r)) if !self.is(k, W::The) => (j, Some(r)),
            _ => (k, None),
        };
        let t = self.toks.get(j)?;
        if !t.cap {
            return None;
        }
        let (h, end) = match t.w {
            W::Christmas => {
                if self.is(j + 1, W::Eve) {
                    (W::Eve, j + 2)
                } else if self.is(j + 1, W::Day) {
                    (W::Christmas, j + 2)
                } else {
                    (W::Christmas, j + 1)
                }
            }
            W::Thanksgiving => (W::Thanksgiving, if self.is(j + 1, W::Day) { j + 2 } else { j + 1 }),
            W::Easter => (W::Easter, if self.is(j + 1, W::Sun) { j + 2 } else { j + 1 }),
            W::Halloween => (W::Halloween, j + 1),
            W::New if self.is(j + 1, W::Year) && self.cap(j + 1) => {
                let e = if self.p(j + 2, b'\'') && self.is(j + 3, W::S) { j + 4 } else { j + 2 };
                if self.is(e, W::Eve) && self.cap(e) {
                    let y = self.dct.map(|d| d.year());
                    let v = y.and_then(|y| Date::new(y, 12, 31).ok());
                    return Some((e + 1, day_str(v), v.map(Pt::Day)));
                }
                if self.is(e, W::Day) && self.cap(e) {
                    (W::New, e + 1)
                } else {
                    (W::New, e)
                }
            }
            W::Election | W::Labor | W::Memorial | W::Independence | W::Veterans if self.is(j + 1, W::Day) && self.cap(j + 1) => {
                (t.w, j + 2)
            }
            W::Valentine if self.p(j + 1, b'\'') && self.is(j + 2, W::S) && self.is(j + 3, W::Day) => (W::Valentine, j + 4),
            _ => return None,
        };
        let explicit = self.year_after(end);
        let end2 = explicit.map_or(end, |(e, _)| e);
        let y = if let Some((_, y)) = explicit {
            Some(y)
        } else if let Some(dct) = self.dct {
            let y = dct.year();
            let this = holiday_date(h, y);
            Some(match rel {
                Some(Rel::Last) | Some(Rel::Prev) => {
                    if this.is_some_and(|d| d < dct) {
                        y
                    } else {
                        y - 1
                    }
                }
                Some(Rel::Next) | Some(Rel::Coming) => {
                    if this.is_some_and(|d| d > dct) {
                        y
                    } else {
                        y + 1
                    }
                }
                Some(_) => y,
                None => match (this, self.tense(k, end)) {
                    (Some(d), Tense::Past) if d > dct => y - 1,
                    (Some(d), Tense::Future) if d < dct => y + 1,
                    _ => y,
                },
            })
        } else {
            None
        };
        let d = y.and_then(|y| holiday_date(h, y));
        Some((end2, day_str(d), d.map(Pt::Day)))
    }

    /// A day, optionally with a part of the day ("Friday morning" → TIME).
    fn r_day_pod(&self, k: usize) -> Option<M> {
        // "this morning", "tonight", "last night"
        match self.w(k) {
            W::Tonight => return Some(M::new(k + 1, TimexType::Time, format!("{}TNI", day_str(self.dct)))),
            W::Overnight => return Some(M::new(k + 1, TimexType::Time, format!("{}TNI", day_str(self.dct)))),
            W::This => {
                if let Some(pod) = pod_of(self.w(k + 1)) {
                    return Some(M::new(k + 2, TimexType::Time, format!("{}T{pod}", day_str(self.dct))));
                }
            }
            W::Last if self.is(k + 1, W::Night) => {
                let d = self.dct.and_then(|d| add_days(d, -1));
                return Some(M::new(k + 2, TimexType::Time, format!("{}TNI", day_str(d))));
            }
            W::The if matches!(self.w(k + 1), W::Next | W::Following) && pod_of(self.w(k + 2)).is_some() => {
                let d = self.anchor_day().and_then(|d| add_days(d, 1));
                let pod = pod_of(self.w(k + 2)).unwrap_or("MO");
                return Some(M::new(k + 3, TimexType::Time, format!("{}T{pod}", day_str(d))));
            }
            _ => {}
        }
        // Plural weekdays are sets: "Mondays", "Tuesday nights"
        if let Some(wd) = weekday_plural_of(self.w(k)).filter(|_| self.cap(k)) {
            return Some(M::new(k + 1, TimexType::Set, format!("XXXX-WXX-{wd}")));
        }
        if let Some((j, wd)) = self.weekday(k) {
            if let Some(pod) = pod_plural_of(self.w(j)) {
                return Some(M::new(j + 1, TimexType::Set, format!("XXXX-WXX-{wd}T{pod}")));
            }
        }
        let (j, v, pt) = self.day_ref(k)?;
        if let Some(pod) = pod_of(self.w(j)) {
            // TBAQ types a named day with a part of the day mostly as DATE ("Friday morning")
            let mut m = M::new(j + 1, TimexType::Date, format!("{v}T{pod}"));
            m.pt = pt;
            return Some(m);
        }
        Some(M { end: j, kind: TimexType::Date, value: v, pt, modifier: None, ago: false })
    }

    /// "10:35 a.m." / "noon" / "5 p.m. EST, Nov. 6" / "midnight Friday".
    fn r_time(&self, k: usize) -> Option<M> {
        let (mut j, h, m) = self.clock(k)?;
        if self.toks.get(j).is_some_and(|t| t.w == W::Tz && t.cap) {
            j += 1;
        }
        // the day it is on: "10 p.m. Wednesday", "5 p.m. EST, Nov. 6", "noon today"
        let after = if self.p(j, b',') { j + 1 } else { j };
        let (end, day, pt) = match self.day_ref(after) {
            Some((e, v, pt)) => (e, v, pt),
            None => {
                let d = self.clock_day(j);
                (j, day_str(d), d.map(Pt::Day))
            }
        };
        let mut mm = M::new(end, TimexType::Time, format!("{day}T{h:02}:{m:02}"));
        mm.pt = pt;
        Some(mm)
    }

    /// The day of a clock time written without one: a day named later in the sentence ("at 10:35
    /// a.m. (0735 GMT) Friday"), else the day the text last talked about, else the reference date.
    fn clock_day(&self, j: usize) -> Option<Date> {
        let mut x = j;
        while x < self.toks.len() && x < j + 10 && !self.toks[x].eos {
            if weekday_of(self.w(x)).is_some() || matches!(self.w(x), W::Today | W::Yesterday | W::Tomorrow) {
                if let Some((_, _, Some(Pt::Day(d)))) = self.day_ref(x) {
                    return Some(d);
                }
            }
            x += 1;
        }
        self.anchor_day()
    }

    /// (end, hour 0–24, minute)
    fn clock(&self, k: usize) -> Option<(usize, u32, u32)> {
        match self.w(k) {
            W::Noon | W::Midday if !(k > 0 && self.is(k - 1, W::High)) => return Some((k + 1, 12, 0)),
            W::Midnight => return Some((k + 1, 24, 0)),
            _ => {}
        }
        let (h, nd) = self.num(k)?;
        if nd > 2 || self.adj(k) && k > 0 && self.p(k - 1, b':') {
            return None;
        }
        let (mut j, mut min) = (k + 1, 0);
        let mut colon = false;
        if self.p(j, b':') && self.adj(j) && self.adj(j + 1) {
            let (mm, mnd) = self.num(j + 1)?;
            if mnd != 2 || mm > 59 {
                return None;
            }
            min = mm;
            j += 2;
            colon = true;
            if self.p(j, b':') && self.adj(j) && self.num(j + 1).is_some_and(|(_, d)| d == 2) {
                j += 2;
            }
        }
        if let Some((e, pm)) = self.ampm(j) {
            if !(1..=12).contains(&h) {
                return None;
            }
            let h = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            return Some((e, h, min));
        }
        if colon {
            return (h <= 24).then_some((j, h, min));
        }
        // "4 o'clock", "4 in the morning"
        if self.is(j, W::O) && self.p(j + 1, b'\'') && self.is(j + 2, W::Clock) && (1..=12).contains(&h) {
            return Some((j + 3, h, 0));
        }
        if self.is(j, W::In) && self.is(j + 1, W::The) && (1..=12).contains(&h) {
            let pm = match self.w(j + 2) {
                W::Morning => false,
                W::Afternoon | W::Evening => true,
                W::Night => h < 5 || h == 12,
                _ => return None,
            };
            let h = if pm && h < 12 { h + 12 } else if !pm && h == 12 { 0 } else { h };
            return Some((j + 3, h, 0));
        }
        None
    }

    /// "a.m.", "p.m.", "am", "pm", "A.M." → (end, pm)
    fn ampm(&self, j: usize) -> Option<(usize, bool)> {
        match self.w(j) {
            W::Am => return Some((j + 1, false)),
            W::Pm => return Some((j + 1, true)),
            W::A | W::P => {}
            _ => return None,
        }
        let pm = self.is(j, W::P);
        if self.p(j + 1, b'.') && self.adj(j + 1) && self.adj(j + 2) && self.is(j + 2, W::M) {
            let e = if self.p(j + 3, b'.') && self.adj(j + 3) { j + 4 } else { j + 3 };
            return Some((e, pm));
        }
        None
    }

    /// Months, years, decades, centuries, seasons, halves.
    fn r_calendar(&self, k: usize) -> Option<M> {
        let t = self.toks.get(k)?;
        // '90s
        if t.k == K::Punct {
            if let Some((n, 2)) = self.num(k + 1).filter(|_| self.adj(k + 1)) {
                if n % 10 == 0 && self.adj(k + 2) && self.is(k + 2, W::S) {
                    let d = if n < 30 { 200 + n / 10 } else { 190 + n / 10 } as i16;
                    return Some(M::date(k + 3, Pt::Decade(d)));
                }
            }
            return None;
        }
        let the = t.w == W::The;
        let j = if the { k + 1 } else { k };
        // years and decades: "1998", "the 1990s", "fiscal 1999", "the year 2000"
        if self.num(j).is_some() {
            if let Some(y) = self.year_token(j) {
                if self.adj(j + 1) && self.is(j + 1, W::S) && y % 10 == 0 {
                    return Some(M::date(j + 2, Pt::Decade(y / 10)));
                }
            }
            // "the 20th century"
            if let Some((e, o)) = self.ordinal(j) {
                if self.is(e, W::Century) && (1..=30).contains(&o) {
                    return Some(M::date(e + 1, Pt::Century(o as i16 - 1)));
                }
            }
            if the {
                return None;
            }
            if let Some(y) = self.bare_year(j) {
                return Some(M::date(j + 1, Pt::Year(y)));
            }
            return None;
        }
        match self.w(j) {
            W::Fiscal => {
                let e = if self.is(j + 1, W::Year) { j + 2 } else { j + 1 };
                if let Some(y) = self.year_token(e) {
                    return Some(M::date(e + 1, Pt::Year(y)));
                }
                if the && self.is(j + 1, W::Year) {
                    return self.dct.map(|d| M::date(j + 2, Pt::Year(d.year())));
                }
                return None;
            }
            W::Year if the => {
                if let Some(y) = self.year_token(j + 1) {
                    return Some(M::date(j + 2, Pt::Year(y)));
                }
                if let Some((e, y)) = self.spoken_year(j + 1) {
                    return Some(M::date(e, Pt::Year(y)));
                }
                if self.p(j + 1, b'-') && self.adj(j + 1) {
                    return None; // "the year-ago quarter": r_quarter
                }
                if matches!(self.w(j + 1), W::Ended | W::Ending) {
                    // "the year ended March 31": a fiscal year, a stretch of time
                    return Some(M::new(j + 1, TimexType::Duration, "P1Y"));
                }
                // "the year" = the reference year
                return self.dct.map(|d| M::date(j + 1, Pt::Year(d.year())));
            }
            W::Year if self.is(j + 1, W::End) && k > 0 && matches!(self.w(k - 1), W::By | W::At | W::Around | W::Until | W::Before | W::Since) => {
                return self.dct.map(|d| M::date(j + 2, Pt::Year(d.year())).with_mod(Some("END")));
            }
            W::Year if self.hyphen(j + 1) && self.is(j + 2, W::End) => {
                return self.dct.map(|d| M::date(j + 3, Pt::Year(d.year())).with_mod(Some("END")));
            }
            _ => {}
        }
        if let Some(d) = decade_word(self.w(j)).filter(|_| the) {
            return Some(M::date(j + 1, Pt::Decade(d)));
        }
        if the {
            if let Some((e, o)) = self.ordinal(j) {
                if self.is(e, W::Century) && (1..=30).contains(&o) {
                    return Some(M::date(e + 1, Pt::Century(o as i16 - 1)));
                }
            }
        }
        if let Some(m) = self.r_season(k) {
            return Some(m);
        }
        if let Some(m) = self.r_half(k) {
            return Some(m);
        }
        if the {
            return None;
        }
        if let Some((e, y)) = self.spoken_year(k) {
            return Some(M::date(e, Pt::Year(y)));
        }
        // Months: "August 1998", "August of 1998", "June last year", "last April", "August"
        let (j, rel) = match self.rel(k) {
            Some((j, r)) if month_of(self.w(j)).is_some() => (j, Some(r)),
            _ => (k, None),
        };
        let (e, m) = self.month(j, true)?;
        if rel.is_some() && self.num(e).is_some() {
            return None; // "last Oct. 23": the date without "last"
        }
        if rel.is_none() {
            let prev = if k > 0 { self.w(k - 1) } else { W::None };
            if matches!(prev, W::The | W::A | W::An) && (!self.is_lower_word(e) || matches!(self.w(e), W::For | W::Of)) {
                return None; // "the annual March for Life"
            }
            // "March", "May" and "August" opening a sentence are more often verbs, modals and names
            if self.sentence_start(j) && self.num(e).is_none() && !self.is(e, W::Of) && !self.p(e, b',') && matches!(m, 3 | 5 | 8) {
                return None;
            }
            let c = if self.is(e, W::Of) || self.p(e, b',') { e + 1 } else { e };
            if let Some((e2, y)) = self.year_after(c) {
                return Some(M::date(e2, Pt::Month(y, m as i8)));
            }
            // "June last year", "January this year"
            if let Some((e2, r)) = self.rel(e) {
                if self.is(e2, W::Year) && matches!(r, Rel::Last | Rel::This | Rel::Next) {
                    let y = self.dct.map(|d| d.year() + if r == Rel::Last { -1 } else if r == Rel::Next { 1 } else { 0 });
                    return Some(match y {
                        Some(y) => M::date(e2 + 1, Pt::Month(y, m as i8)),
                        None => M::new(e2 + 1, TimexType::Date, format!("XXXX-{m:02}")),
                    });
                }
            }
            if self.num(e).is_some() {
                return None; // month-day handled by r_day_pod; a bad day number is no month
            }
        }
        let y = match (self.dct, rel) {
            (None, _) => None,
            (Some(d), Some(Rel::Last) | Some(Rel::Prev)) => Some(if (m as i8) < d.month() { d.year() } else { d.year() - 1 }),
            (Some(d), Some(Rel::Next) | Some(Rel::Coming)) => Some(if (m as i8) > d.month() { d.year() } else { d.year() + 1 }),
            (Some(d), Some(_)) => Some(d.year()),
            (Some(_), None) => self.resolve_year(m, None, k, e),
        };
        Some(match y {
            Some(y) => M::date(e, Pt::Month(y, m as i8)),
            None => M::new(e, TimexType::Date, format!("XXXX-{m:02}")),
        })
    }

    /// "nineteen ninety-four", "two thousand" (after "the year"), "nineteen eighty".
    fn spoken_year(&self, k: usize) -> Option<(usize, i16)> {
        match self.w(k) {
            W::Nineteen | W::Eighteen => {
                let c = small_number(self.w(k))? as i16 * 100;
                let (e, v) = self.number_words(k + 1)?;
                if !(10..100).contains(&v) || small_number(self.w(k + 1)).is_some_and(|v| v < 10) {
                    return None;
                }
                Some((e, c + v as i16))
            }
            W::Two if self.is(k + 1, W::Thousand) && k > 0 && self.is(k - 1, W::Year) => {
                let mut e = k + 2;
                let mut y = 2000;
                let a = if self.is(e, W::And) { e + 1 } else { e };
                if let Some(v) = small_number(self.w(a)) {
                    y += v as i16;
                    e = a + 1;
                }
                Some((e, y))
            }
            _ => None,
        }
    }

    /// "summer", "last fall", "the spring of 1998", "winter 1997"
    fn r_season(&self, k: usize) -> Option<M> {
        let (j, rel) = match self.rel(k) {
            Some((j, r)) => (j, Some(r)),
            None => (if self.is(k, W::The) { k + 1 } else { k }, None),
        };
        let s = season_of(self.w(j))?;
        let the = self.is(k, W::The) && rel.is_none();
        let e = j + 1;
        let explicit = {
            let c = if self.is(e, W::Of) { e + 1 } else { e };
            self.year_after(c)
        };
        if let Some((e2, y)) = explicit {
            return Some(M::date(e2, Pt::Season(y, s)));
        }
        // "fall" and "spring" are common words: require a determiner or a preposition.
        if matches!(s, 0 | 2) && rel.is_none() && !the {
            let prev = if k > 0 { self.w(k - 1) } else { W::None };
            if !matches!(prev, W::In | W::Since | W::By | W::Until | W::During | W::Early | W::Late | W::Mid | W::This | W::Last | W::Next) {
                return None;
            }
        }
        if self.is(e, W::Of) {
            // "the summer of discontent"
            return None;
        }
        let Some(dct) = self.dct else {
            return Some(M::new(e, TimexType::Date, format!("XXXX-{}", SEASON_CODE[usize::from(s)])));
        };
        let (cy, cs) = season_at(dct);
        let y = match rel {
            Some(Rel::Last) | Some(Rel::Prev) => {
                if s < cs {
                    cy
                } else {
                    cy - 1
                }
            }
            Some(Rel::Next) | Some(Rel::Coming) => {
                if s > cs {
                    cy
                } else {
                    cy + 1
                }
            }
            _ => {
                if s == 3 {
                    cy
                } else {
                    dct.year()
                }
            }
        };
        Some(M::date(e, Pt::Season(y, s)))
    }

    /// "the first half of 1998", "the second half", "first-half"
    fn r_half(&self, k: usize) -> Option<M> {
        let j = if self.is(k, W::The) { k + 1 } else { k };
        let h: i8 = match self.w(j) {
            W::First => 1,
            W::Second | W::Last => 2,
            _ => return None,
        };
        let e = if self.is(j + 1, W::Half) {
            j + 2
        } else if self.hyphen(j + 1) && self.is(j + 2, W::Half) {
            j + 3
        } else {
            return None;
        };
        if self.is(e, W::Of) {
            if let Some(y) = self.year_token(e + 1) {
                return Some(M::date(e + 2, Pt::Half(y, h)));
            }
        }
        if let Some(y) = self.year_token(e) {
            return Some(M::date(e + 1, Pt::Half(y, h)));
        }
        let y = self.year_of_part(|d| (d.month() as i32 - 1) / 6 + 1, i32::from(h), k, e)?;
        Some(M::date(e, Pt::Half(y, h)))
    }

    /// The year of a quarter or half given without one.
    fn year_of_part(&self, part_of: impl Fn(Date) -> i32, p: i32, a: usize, b: usize) -> Option<i16> {
        if let Some(Pt::Quarter(y, _) | Pt::Half(y, _) | Pt::Year(y)) = self.anchor {
            return Some(y);
        }
        let dct = self.dct?;
        let cur = part_of(dct);
        let y = dct.year();
        Some(if p < cur {
            if self.tense(a, b) == Tense::Future {
                y + 1
            } else {
                y
            }
        } else if p > cur {
            if self.tense(a, b) == Tense::Future {
                y
            } else {
                y - 1
            }
        } else {
            y
        })
    }

    /// Quarters: "the third quarter", "third-quarter", "the fiscal first quarter", "the third quarter of
    /// 1990", "the 1988 second quarter", "this year's third quarter", "the latest quarter", "the quarter",
    /// "the year-ago quarter".
    fn r_quarter(&self, k: usize) -> Option<M> {
        let the = self.is(k, W::The);
        let mut j = if the { k + 1 } else { k };
        // explicit year before: "the 1988 second quarter", "this year's third quarter"
        let mut year: Option<i16> = None;
        let mut year_shift: Option<i64> = None;
        if let Some(y) = self.year_token(j) {
            year = Some(y);
            j += 1;
            if self.p(j, b'\'') && self.is(j + 1, W::S) {
                j += 2;
            }
        } else if matches!(self.w(j), W::This | W::Last | W::Next) && self.is(j + 1, W::Year) && self.p(j + 2, b'\'') && self.is(j + 3, W::S) {
            year_shift = Some(match self.w(j) {
                W::Last => -1,
                W::Next => 1,
                _ => 0,
            });
            j += 4;
        }
        if self.is(j, W::Fiscal) {
            j += 1;
            if self.hyphen(j) {
                j += 1;
            }
        }
        // ordinal quarter
        if let Some((e, o)) = self.ordinal(j) {
            let mut e = e;
            if !(1..=4).contains(&o) {
                return None;
            }
            let hy = self.hyphen(e);
            if hy {
                if the && year.is_none() && year_shift.is_none() {
                    return None; // "the third-quarter loss": the adjective alone
                }
                e += 1;
            }
            if self.is(e, W::Fiscal) {
                e += 1;
            }
            if !self.is(e, W::Quarter) {
                return None;
            }
            let mut end = e + 1;
            if year.is_none() && year_shift.is_none() {
                if self.is(end, W::Of) {
                    if let Some(y) = self.year_token(end + 1) {
                        year = Some(y);
                        end += 2;
                    }
                } else if let Some(y) = self.year_token(end).filter(|_| !hy) {
                    year = Some(y);
                    end += 1;
                }
            }
            let q = o as i8;
            let y = if let Some(y) = year {
                Some(y)
            } else if let Some(s) = year_shift {
                self.dct.and_then(|d| year_ok(i64::from(d.year()) + s))
            } else {
                self.quarter_year(q, k, end)
            };
            return Some(match y {
                Some(y) => M::date(end, Pt::Quarter(y, q)),
                None => M::new(end, TimexType::Date, format!("XXXX-Q{q}")),
            });
        }
        // "the year-ago quarter", "the year-earlier period", "the comparable year-ago quarter"
        let mut jj = j;
        if matches!(self.w(jj), W::Comparable | W::Corresponding | W::Same) {
            jj += 1;
        }
        if self.is(jj, W::Year) && self.hyphen(jj + 1) && matches!(self.w(jj + 2), W::Ago | W::Earlier) {
            let mut e = jj + 3;
            if let Some((e2, o)) = self.ordinal(e) {
                if (1..=4).contains(&o) && self.is(e2, W::Quarter) {
                    let y = self.dct.map(|d| d.year() - 1);
                    return y.map(|y| M::date(e2 + 1, Pt::Quarter(y, o as i8)));
                }
            }
            if self.is(e, W::Fiscal) {
                e += 1;
            }
            if matches!(self.w(e), W::Quarter | W::Period) && the {
                let base = self.last_quarter_anchor()?;
                return shift(base, Unit::Year, -1).map(|p| M { ago: true, ..M::date(e + 1, p) });
            }
            if !the {
                // adjective "year-earlier": the quarter a year before
                let base = self.last_quarter_anchor();
                let p = match base {
                    Some(b) => shift(b, Unit::Year, -1),
                    None => self.dct.map(|d| Pt::Year(d.year() - 1)),
                }?;
                return Some(M { ago: true, ..M::date(jj + 3, p) });
            }
            return None;
        }
        if jj > j && !matches!(self.w(jj), W::Quarter | W::Period) {
            return None;
        }
        // "the latest quarter", "this quarter", "the quarter", "the current quarter", "last quarter"
        let (e, rel) = match self.rel(k) {
            Some((e, r)) => (e, Some(r)),
            None if the => (jj, None),
            None => return None,
        };
        let e = if self.is(e, W::Fiscal) { e + 1 } else { e };
        let is_period = self.is(e, W::Period);
        if !(self.is(e, W::Quarter) || is_period && matches!(rel, Some(Rel::Latest) | Some(Rel::Same))) {
            return None;
        }
        let dct = self.dct;
        let reported = || -> Option<Pt> {
            if let Some(a @ Pt::Quarter(..)) = self.anchor {
                return Some(a);
            }
            let d = dct?;
            let (y, q) = quarter_of(d);
            // Early in a quarter, news reports on the one just ended.
            let into = d.month() as i32 - ((q as i32 - 1) * 3 + 1);
            if into == 0 || (into == 1 && d.day() <= 15) {
                add_quarters(y, q, -1).map(|(y, q)| Pt::Quarter(y, q))
            } else {
                Some(Pt::Quarter(y, q))
            }
        };
        let pt = match rel {
            None | Some(Rel::This) | Some(Rel::Same) => reported()?,
            Some(Rel::Latest) => reported()?,
            Some(Rel::Cur) => {
                let (y, q) = quarter_of(dct?);
                Pt::Quarter(y, q)
            }
            Some(Rel::Last) | Some(Rel::Prev) => {
                let (y, q) = quarter_of(dct?);
                let (y, q) = add_quarters(y, q, -1)?;
                Pt::Quarter(y, q)
            }
            Some(Rel::Next) | Some(Rel::Coming) | Some(Rel::Follow) => {
                let (y, q) = quarter_of(dct?);
                let (y, q) = add_quarters(y, q, 1)?;
                Pt::Quarter(y, q)
            }
        };
        Some(M::date(e + 1, pt))
    }

    /// The quarter the text is about: the last one mentioned (or the quarter of the last date), else
    /// the one before the reference date's.
    fn last_quarter_anchor(&self) -> Option<Pt> {
        match self.anchor {
            Some(a @ (Pt::Quarter(..) | Pt::Half(..) | Pt::Year(..))) => Some(a),
            Some(Pt::Day(d)) => {
                let (y, q) = quarter_of(d);
                Some(Pt::Quarter(y, q))
            }
            Some(Pt::Month(y, m)) => Some(Pt::Quarter(y, (m - 1) / 3 + 1)),
            _ => {
                let d = self.dct?;
                let (y, q) = quarter_of(d);
                add_quarters(y, q, -1).map(|(y, q)| Pt::Quarter(y, q))
            }
        }
    }

    /// The year of "the third quarter": the reference year for quarters up to the current one and
    /// the next; an earlier year's for later ones, unless the clause speaks of the future.
    fn quarter_year(&self, q: i8, a: usize, b: usize) -> Option<i16> {
        let dct = self.dct?;
        let (y, cq) = quarter_of(dct);
        Some(if q <= cq + 1 || self.tense(a, b) == Tense::Future { y } else { y - 1 })
    }

    /// this/last/next/the past/the coming + week/month/year/weekend/decade/century;
    /// "the weekend"; "the following year".
    fn r_relative(&self, k: usize) -> Option<M> {
        if self.is(k, W::The) && self.is(k + 1, W::Weekend) {
            let dct = self.dct?;
            let off = if self.tense(k, k + 2) == Tense::Future { 0 } else { -7 };
            let base = if dct.weekday().to_monday_one_offset() >= 6 { dct } else { add_days(dct, off)? };
            let w = base.iso_week_date();
            return Some(M::date(k + 2, Pt::Weekend(w.year(), w.week())));
        }
        if self.is(k, W::The) && self.is(k + 1, W::Full) && self.is(k + 2, W::Year) {
            return self.dct.map(|d| M::date(k + 3, Pt::Year(d.year())));
        }
        let (j, rel) = self.rel(k)?;
        let j = if self.is(j, W::Fiscal) { j + 1 } else { j };
        let (u, pl) = unit_of(self.w(j))?;
        if pl {
            return None;
        }
        if rel == Rel::Prev && matches!(u, Unit::Decade | Unit::Century) && self.is(k, W::The) {
            // "the past decade" is a stretch of time
            return Some(M::new(j + 1, TimexType::Duration, duration_value(Nv::Int(1), u)));
        }
        if matches!(u, Unit::Second | Unit::Minute | Unit::Hour | Unit::Day | Unit::Quarter | Unit::Fortnight | Unit::Millennium) {
            return None;
        }
        let e = j + 1;
        if self.hyphen(e) {
            return None; // "last year-end" and such
        }
        let off: i64 = match rel {
            Rel::This | Rel::Cur | Rel::Same => 0,
            Rel::Last | Rel::Prev | Rel::Latest => -1,
            Rel::Next | Rel::Coming => 1,
            Rel::Follow => {
                // relative to the last date in the text
                let base = self.anchor.or_else(|| self.dct.map(Pt::Day))?;
                let base = match base {
                    Pt::Day(d) => point_at(d, u),
                    p => p,
                };
                return shift(base, u, 1).map(|p| M::date(e, p));
            }
        };
        if rel == Rel::Same {
            if let Some(a) = self.anchor {
                let g = match (a, u) {
                    (Pt::Day(d), _) => Some(point_at(d, u)),
                    (p @ Pt::Year(_), Unit::Year) | (p @ Pt::Month(..), Unit::Month) | (p @ Pt::Week(..), Unit::Week) => Some(p),
                    (p, Unit::Year) => p.first_day().map(|d| Pt::Year(d.year())),
                    _ => None,
                };
                if let Some(p) = g {
                    return Some(M::date(e, p));
                }
            }
        }
        let Some(dct) = self.dct else {
            let v = match u {
                Unit::Week => "XXXX-WXX",
                Unit::Weekend => "XXXX-WXX-WE",
                Unit::Month => "XXXX-XX",
                _ => "XXXX",
            };
            return Some(M::new(e, TimexType::Date, v));
        };
        let base = point_at(dct, u);
        let pt = match u {
            Unit::Decade => Pt::Decade((i64::from(dct.year() / 10) + off) as i16),
            Unit::Century => Pt::Century((i64::from(dct.year() / 100) + off) as i16),
            Unit::Weekend => {
                // "this weekend" is the coming one unless the text is in the past tense
                let base = if off == 0 && self.tense(k, e) == Tense::Past && dct.weekday().to_monday_one_offset() < 6 {
                    add_days(dct, -7)?
                } else {
                    dct
                };
                let w = add_days(base, off * 7)?.iso_week_date();
                Pt::Weekend(w.year(), w.week())
            }
            _ => shift(base, u, off)?,
        };
        Some(M::date(e, pt))
    }

    /// "two years ago", "a year earlier", "three days later", "several years ago".
    fn r_ago(&self, k: usize) -> Option<M> {
        let mut m = self.r_ago_inner(k)?;
        m.ago = true;
        Some(m)
    }

    fn r_ago_inner(&self, k: usize) -> Option<M> {
        if unit_of(self.w(k)).is_some_and(|(_, pl)| pl) && self.is(k + 1, W::Ago) {
            return Some(M::new(k + 2, TimexType::Date, "PAST_REF")); // "months ago"
        }
        let (j, n, approx) = self.number(k)?;
        let (j2, u, _) = self.unit(j)?;
        let (e, dir, anchored) = match self.w(j2) {
            W::Ago => (j2 + 1, -1i64, false),
            W::Earlier => (j2 + 1, -1, true),
            W::From if self.is(j2 + 1, W::Now) => (j2 + 2, 1, false),
            W::Hence => (j2 + 1, 1, false),
            W::Or if self.is(j2 + 1, W::So) && self.is(j2 + 2, W::Ago) => (j2 + 3, -1, false),
            _ => return None,
        };
        if u < Unit::Day && !matches!(self.w(j2), W::Ago) {
            return None; // "an hour earlier": the duration alone
        }
        let md = if approx || self.is(j2, W::Or) { Some("APPROX") } else { None };
        let count = match n {
            Nv::Int(c) => i64::from(c),
            Nv::Half(_) => return None,
            Nv::Vague => {
                let v = if dir < 0 { "PAST_REF" } else { "FUTURE_REF" };
                return Some(M::new(e, TimexType::Date, v).with_mod(md));
            }
        };
        let delta = dir * count;
        // Anchor: the last date in the text for "earlier"/"later", and for "a year ago" in a text about quarters.
        let anchor = match self.anchor {
            Some(a @ (Pt::Quarter(..) | Pt::Half(..))) if u == Unit::Year => Some(a),
            Some(a) if anchored => Some(a),
            _ => None,
        };
        if let Some(a) = anchor {
            let fine_enough = match a {
                Pt::Day(_) => true,
                Pt::Week(..) | Pt::Weekend(..) => u >= Unit::Week,
                Pt::Month(..) => u >= Unit::Month,
                Pt::Quarter(..) | Pt::Half(..) => u >= Unit::Quarter,
                _ => u >= Unit::Year,
            };
            if fine_enough {
                if let Some(p) = shift(a, u, delta) {
                    return Some(M::date(e, p).with_mod(md));
                }
            }
        }
        let Some(dct) = self.dct else {
            return Some(M::new(e, TimexType::Date, if dir < 0 { "PAST_REF" } else { "FUTURE_REF" }).with_mod(md));
        };
        let p = match u {
            Unit::Second | Unit::Minute | Unit::Hour => Pt::Day(dct),
            Unit::Decade | Unit::Century | Unit::Millennium => {
                shift(Pt::Year(dct.year()), u, delta)?
            }
            _ => shift(point_at(dct, u), u, delta)?,
        };
        Some(M::date(e, p).with_mod(md))
    }

    /// Durations: "two hours", "the past two months", "the first nine months", "10-year", "several
    /// weeks", "a year and a half", "recent years", "years".
    fn r_duration(&self, k: usize) -> Option<M> {
        let t = self.toks.get(k)?;
        // hyphenated adjectives: "10-year", "90-minute", "two-week"
        if let Some(m) = self.hyphen_duration(k) {
            return Some(m);
        }
        // "a three-year period"
        if matches!(t.w, W::A | W::An) {
            if let Some(m) = self.hyphen_duration(k + 1) {
                if matches!(self.w(m.end - 1), W::Period | W::Term | W::Span | W::Stretch | W::Stint) {
                    return Some(m);
                }
            }
        }
        let the = t.w == W::The;
        let mut j = if the { k + 1 } else { k };
        if the && self.is(j, W::Year) && self.hyphen(j + 1) && matches!(self.w(j + 2), W::Earlier | W::Ago) {
            j += 3; // "the year-earlier nine months"
        }
        let mut adjw = W::None;
        if matches!(
            self.w(j),
            W::First | W::Last | W::Past | W::Next | W::Previous | W::Coming | W::Following | W::Initial | W::Final | W::Latest
                | W::Remaining | W::Additional | W::Further | W::Recent | W::Preceding | W::Prior | W::Entire | W::Whole
                | W::Full
        ) {
            adjw = self.w(j);
            j += 1;
        }
        if adjw == W::None && the && matches!(self.w(j), W::Coming | W::Upcoming) {
            adjw = W::Coming;
            j += 1;
        }
        // "recent years", "the coming weeks", "the years", "years"
        if let Some((u, true)) = unit_of(self.w(j)) {
            let ok = match adjw {
                W::Recent | W::Coming | W::Past | W::Last | W::Next | W::Following | W::Initial | W::Remaining | W::Prior | W::Previous => true,
                W::None => {
                    let long_unit = matches!(u, Unit::Year | Unit::Decade | Unit::Century | Unit::Month | Unit::Week | Unit::Millennium);
                    let compound = self.p(j + 1, b'-') && self.adj(j + 1); // "years-old"
                    long_unit && !compound && !matches!(self.w(j + 1), W::Old | W::Ago)
                }
                _ => false,
            };
            if !ok {
                return None;
            }
            let e = if the && self.is(j + 1, W::Ahead) { j + 2 } else { j + 1 };
            let mut m = M::new(e, TimexType::Duration, duration_value(Nv::Vague, u));
            if adjw == W::Past && !the {
                // "past years" → the past
                m = M::new(j + 1, TimexType::Date, "PAST_REF");
            }
            return Some(m);
        }
        // "an additional year", "a further two weeks"
        let (j2, n, approx) = if matches!(self.w(j), W::A | W::An) && matches!(self.w(j + 1), W::Additional | W::Further | W::Extra | W::Full | W::Whole | W::Entire) {
            if let Some((j3, n, a)) = self.number(j + 2).filter(|(_, _, _)| unit_of(self.w(j + 2)).is_none()) {
                (j3, n, a)
            } else {
                (j + 2, Nv::Int(1), false)
            }
        } else {
            self.number(j)?
        };
        if (the || adjw != W::None) && matches!(self.w(j), W::A | W::An) {
            return None; // "the a ..." is not a thing; "last a year" neither
        }
        let mut j3 = j2;
        if matches!(self.w(j3), W::More | W::Additional | W::Straight | W::Consecutive | W::Full | W::Long) {
            j3 += 1;
        }
        let (mut e, u, _) = self.unit(j3)?;
        if matches!(self.w(j), W::A | W::An) && matches!(u, Unit::Second | Unit::Quarter) {
            return None; // "a second time", "a quarter of the shares"
        }
        if u == Unit::Quarter && self.is(e, W::Of) {
            return None;
        }
        let (e2, n2, _) = self.and_a_half(e, n);
        e = e2;
        // ages: "52 years old", "8-month-old"
        if self.is(e, W::Old) || (self.p(e, b'-') && self.adj(e) && self.is(e + 1, W::Old)) {
            return None;
        }
        // "two years ago" and "a year earlier" are dates (r_ago); "three days later" is annotated as
        // the duration "three days".
        if matches!(self.w(e), W::Ago | W::Hence) || (self.is(e, W::Earlier) && u >= Unit::Day) {
            return None;
        }
        if self.p(e, b'-') && self.adj(e) {
            return None; // "a year-earlier loss"
        }
        let mut md = if approx { Some("APPROX") } else { None };
        if self.is(e, W::Or) && self.is(e + 1, W::So) {
            e += 2;
            md = Some("APPROX");
        }
        if n2 == Nv::Int(0) {
            return None;
        }
        // bare "a day"/"a year" after a quantity is a rate ("$5 a year") — a set
        if matches!(self.w(j), W::A | W::Per) && !the && adjw == W::None && k > 0 {
            let prev = &self.toks[k - 1];
            if prev.k == K::Num || matches!(prev.w, W::Times | W::Twice | W::Percent | W::Hundreds | W::Thousands | W::Dozens) || prev.n == u32::from(b'%') {
                return Some(M::new(e, TimexType::Set, duration_value(Nv::Int(1), u)));
            }
        }
        if u == Unit::Weekend {
            return None;
        }
        Some(M::new(e, TimexType::Duration, duration_value(n2, u)).with_mod(md))
    }

    fn hyphen_duration(&self, k: usize) -> Option<M> {
        let (j, n) = if let Some((n, nd)) = self.num(k) {
            if nd > 4 || self.adj(k) && k > 0 && matches!(self.toks[k - 1].n as u8, b'.' | b',' | b'$' | b'-' | b'/') && self.toks[k - 1].k == K::Punct {
                return None;
            }
            (k + 1, Nv::Int(n))
        } else if let Some((j, v)) = self.number_words(k) {
            (j, Nv::Int(v))
        } else if matches!(self.w(k), W::Several | W::Many) {
            (k + 1, Nv::Vague)
        } else if let Some((u, pl)) = unit_of(self.w(k)) {
            // "day-long", "decades-long", "years-old" is an age
            if self.hyphen(k + 1) && self.is(k + 2, W::Long) {
                let n = if pl { Nv::Vague } else { Nv::Int(1) };
                return Some(M::new(k + 3, TimexType::Duration, duration_value(n, u)));
            }
            return None;
        } else {
            return None;
        };
        if !self.hyphen(j) {
            return None;
        }
        let (e, u, _) = self.unit(j + 1)?;
        if n == Nv::Int(0) {
            return None;
        }
        let mut e = e;
        if self.hyphen(e) {
            match self.w(e + 1) {
                W::Old => return None,
                W::Long => e += 2,
                _ => {}
            }
        }
        // "a three-year period", "one-year term"
        if matches!(self.w(e), W::Period | W::Term | W::Span | W::Stretch | W::Stint) {
            e += 1;
        }
        if u == Unit::Weekend {
            return None;
        }
        Some(M::new(e, TimexType::Duration, duration_value(n, u)))
    }

    /// Sets: "every week", "each year", "daily", "annually", "every other day", "each Thursday".
    fn r_set(&self, k: usize) -> Option<M> {
        let v = match self.w(k) {
            W::Daily => "P1D",
            W::Weekly => "P1W",
            W::Monthly => "P1M",
            W::Yearly | W::Annually => "P1Y",
            W::Hourly => "PT1H",
            W::Nightly => "P1D",
            W::Biweekly => "P2W",
            W::Semiannually => "P6M",
            W::Every | W::Each => {
                let mut j = k + 1;
                let mut every = 1;
                if self.is(j, W::Other) {
                    every = 2;
                    j += 1;
                }
                if let Some((e, wd)) = self.weekday(j) {
                    if let Some(pod) = pod_of(self.w(e)) {
                        return Some(M::new(e + 1, TimexType::Set, format!("XXXX-WXX-{wd}T{pod}")));
                    }
                    return Some(M::new(e, TimexType::Set, format!("XXXX-WXX-{wd}")));
                }
                if let Some((e, m)) = self.month(j, false) {
                    return Some(M::new(e, TimexType::Set, format!("XXXX-{m:02}")));
                }
                if let Some(s) = season_of(self.w(j)) {
                    return Some(M::new(j + 1, TimexType::Set, format!("XXXX-{}", SEASON_CODE[usize::from(s)])));
                }
                if let Some(pod) = pod_of(self.w(j)) {
                    return Some(M::new(j + 1, TimexType::Set, format!("XXXX-XX-XXT{pod}")));
                }
                if let Some((e, u, false)) = self.unit(j) {
                    return Some(M::new(e, TimexType::Set, duration_value(Nv::Int(every), u)));
                }
                if self.is(k, W::Every) {
                    if let Some((e, Nv::Int(n), _)) = self.number(j) {
                        if let Some((e2, u, true)) = self.unit(e) {
                            return Some(M::new(e2, TimexType::Set, duration_value(Nv::Int(n), u)));
                        }
                    }
                }
                return None;
            }
            W::Per => {
                let (e, u, false) = self.unit(k + 1)? else { return None };
                return Some(M::new(e, TimexType::Set, duration_value(Nv::Int(1), u)));
            }
            _ => return None,
        };
        Some(M::new(k + 1, TimexType::Set, v))
    }

    /// PRESENT_REF / PAST_REF / FUTURE_REF words.
    fn r_ref(&self, k: usize) -> Option<M> {
        let d = |e: usize, v: &str| Some(M::new(e, TimexType::Date, v));
        match self.w(k) {
            W::Now => d(k + 1, "PRESENT_REF"),
            W::Right if self.is(k + 1, W::Now) => d(k + 2, "PRESENT_REF"),
            W::Currently | W::Nowadays => d(k + 1, "PRESENT_REF"),
            W::Current => d(k + 1, "PRESENT_REF"),
            W::Recently | W::Lately => d(k + 1, "PAST_REF"),
            W::More | W::Most if self.is(k + 1, W::Recently) => d(k + 2, "PAST_REF"),
            W::Recent => d(k + 1, "PAST_REF"),
            W::These if self.is(k + 1, W::Days) => d(k + 2, "PRESENT_REF"),
            W::Present if k > 0 && self.is(k - 1, W::At) => d(k + 1, "PRESENT_REF"),
            W::The => match self.w(k + 1) {
                W::Past if !self.is(k + 2, W::Few) && self.number(k + 2).is_none() && unit_of(self.w(k + 2)).is_none() && ordinal_word(self.w(k + 2)).is_none() => {
                    d(k + 2, "PAST_REF")
                }
                W::Future => d(k + 2, "FUTURE_REF"),
                W::Near | W::Distant if matches!(self.w(k + 2), W::Future | W::Term) => d(k + 3, "FUTURE_REF"),
                W::Present if !self.is_lower_word(k + 2) || self.is(k + 2, W::Day) => d(k + 2, "PRESENT_REF"),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TimexType::{Date as D, Duration as Dur, Set as S, Time as T};

    /// Wednesday, 11 March 2026.
    fn reference() -> Option<Date> {
        Some(jiff::civil::date(2026, 3, 11))
    }

    fn tags_with(text: &str, r: Option<Date>) -> Vec<(String, TimexType, String, Option<String>)> {
        tag_times(text, r)
            .into_iter()
            .map(|t| (text[t.start..t.end].to_string(), t.kind, t.value, t.modifier))
            .collect()
    }

    /// Asserts that `text` yields exactly these expressions (extent, type, value, mod).
    #[track_caller]
    fn exact(text: &str, want: &[(&str, TimexType, &str, Option<&str>)]) {
        exact_with(text, reference(), want);
    }

    #[track_caller]
    fn exact_with(text: &str, r: Option<Date>, want: &[(&str, TimexType, &str, Option<&str>)]) {
        let got = tags_with(text, r);
        let want: Vec<_> = want.iter().map(|(e, k, v, m)| (e.to_string(), *k, v.to_string(), m.map(str::to_string))).collect();
        assert_eq!(got, want, "in {text:?}");
    }

    #[test]
    fn absolute_dates() {
        exact("The treaty was signed on August 7, 1998, in Geneva.", &[("August 7, 1998", D, "1998-08-07", None)]);
        exact("Voting closed on 7 August 1998 at most polling stations.", &[("7 August 1998", D, "1998-08-07", None)]);
        exact("The filing is dated 1998-08-07 and runs nine pages.", &[("1998-08-07", D, "1998-08-07", None)]);
        exact("A notice posted 08/07/1998 listed the fees.", &[("08/07/1998", D, "1998-08-07", None)]);
        exact("The mill closed in 1998.", &[("1998", D, "1998", None)]);
        exact("Imports doubled in August 1998, the ministry said.", &[("August 1998", D, "1998-08", None)]);
        exact("Sales in fiscal 1999 rose 4%.", &[("fiscal 1999", D, "1999", None)]);
        exact("The chain expanded quickly in the 1990s.", &[("the 1990s", D, "199", None)]);
        exact("Rents peaked in mid-1998 and fell after.", &[("mid-1998", D, "1998", Some("MID"))]);
        exact("The law has applied since March 2022.", &[("March 2022", D, "2022-03", None)]);
        exact("It was the bloodiest year of the 20th century.", &[("the 20th century", D, "19", None)]);
        exact("The archive covers 1,998 letters and 2,000 photos.", &[]);
    }

    #[test]
    fn month_day_without_year_follows_the_tense() {
        // past: the last Aug. 7; future: the next one
        exact("Crews repaired the dam, which failed on Aug. 7.", &[("Aug. 7", D, "2025-08-07", None)]);
        exact("The new bridge will open on Aug. 7.", &[("Aug. 7", D, "2026-08-07", None)]);
        // no cue: the nearest, so a date a few days ahead stays in this year
        exact("Ballots are counted on March 15 in the capital.", &[("March 15", D, "2026-03-15", None)]);
        exact("The ferry was halted in December.", &[("December", D, "2025-12", None)]);
        exact("The ferry will resume in December.", &[("December", D, "2026-12", None)]);
        // the weekday fixes the year
        exact("The editorial ran on Monday, March 9.", &[("Monday, March 9", D, "2026-03-09", None)]);
    }

    #[test]
    fn the_reported_clause_not_the_attribution_sets_the_tense() {
        // ", officials said" is the report's own past, not the clause's: "will" decides
        exact(
            "The panel will present its findings at a public session on Friday, officials said.",
            &[("Friday", D, "2026-03-13", None)],
        );
        // a verb whose object holds the date does not date it; "would" does
        exact(
            "The mayor welcomed the October date but said the city would seek compensation.",
            &[("October", D, "2026-10", None)],
        );
        // a date opening its sentence belongs to the clause after the comma
        exact("In September, it announced plans to expand.", &[("September", D, "2025-09", None)]);
        // "six months away" is ahead
        exact(
            "A September date is something, but it is six months away.",
            &[("September", D, "2026-09", None), ("six months", Dur, "P6M", None)],
        );
    }

    #[test]
    fn weekdays() {
        // a bare weekday in a past-tense report is the most recent one (today included) ...
        exact("The council voted Friday to raise fares.", &[("Friday", D, "2026-03-06", None)]);
        exact("Officials said on Wednesday that the port reopened.", &[("Wednesday", D, "2026-03-11", None)]);
        // ... and the next one when the clause speaks of the future
        exact("The board will meet Friday to discuss the budget.", &[("Friday", D, "2026-03-13", None)]);
        exact("She resigned last Tuesday.", &[("last Tuesday", D, "2026-03-10", None)]);
        exact("Talks resume next Monday.", &[("next Monday", D, "2026-03-16", None)]);
        exact("Talks collapsed this Monday.", &[("this Monday", D, "2026-03-09", None)]);
        // without a reference date the value stays underspecified
        exact_with("Talks resume Friday.", None, &[("Friday", D, "XXXX-WXX-5", None)]);
    }

    #[test]
    fn relative_days_weeks_months_years() {
        exact(
            "Prices fell yesterday, steadied today and may rise tomorrow.",
            &[("yesterday", D, "2026-03-10", None), ("today", D, "2026-03-11", None), ("tomorrow", D, "2026-03-12", None)],
        );
        exact("The vote is tonight.", &[("tonight", T, "2026-03-11TNI", None)]);
        exact("Shares slid this week.", &[("this week", D, "2026-W11", None)]);
        exact("Shares slid last week.", &[("last week", D, "2026-W10", None)]);
        exact("Output fell last month.", &[("last month", D, "2026-02", None)]);
        exact("The plant opens next year.", &[("next year", D, "2027", None)]);
        exact("The firm was founded two years ago.", &[("two years ago", D, "2024", None)]);
        exact("The vote took place 10 days ago.", &[("10 days ago", D, "2026-03-01", None)]);
        exact("It happened about two years ago.", &[("two years ago", D, "2024", None)]);
        exact("The merger closed nearly four years ago.", &[("nearly four years ago", D, "2022", Some("APPROX"))]);
        // TBAQ annotates "three days later" as the duration "three days" (the "later" is a signal)
        exact("Three days later, the strike ended.", &[("Three days", Dur, "P3D", None)]);
        // "a year earlier" counts from the date the text is about
        exact(
            "Profit in the third quarter of 2025 rose 9% from a year earlier.",
            &[("the third quarter of 2025", D, "2025-Q3", None), ("a year earlier", D, "2024-Q3", None)],
        );
        exact_with("The plant opens next year.", None, &[("next year", D, "XXXX", None)]);
    }

    #[test]
    fn vague_references() {
        exact("Early February was unusually dry.", &[("Early February", D, "2026-02", Some("START"))]);
        exact("The deal was signed in early February.", &[("early February", D, "2026-02", Some("START"))]);
        exact("Rates will stay high until late April.", &[("late April", D, "2026-04", Some("END"))]);
        exact("He recently moved to Lyon.", &[("recently", D, "PAST_REF", None)]);
        exact("The mine is now closed.", &[("now", D, "PRESENT_REF", None)]);
        exact("The mine is currently closed.", &[("currently", D, "PRESENT_REF", None)]);
        exact("Such floods were rare in the past.", &[("the past", D, "PAST_REF", None)]);
        exact("Such floods may be common in the future.", &[("the future", D, "FUTURE_REF", None)]);
        exact("More stores will close in the coming weeks.", &[("the coming weeks", Dur, "PXW", None)]);
        exact("Sales rose earlier this year.", &[("earlier this year", D, "2026", Some("START"))]);
        exact("The end of 1990 brought a recession.", &[("The end of 1990", D, "1990", Some("END"))]);
    }

    #[test]
    fn seasons_and_quarters() {
        exact("Sales slumped last summer.", &[("last summer", D, "2025-SU", None)]);
        exact("The dam was finished in the spring of 1998.", &[("the spring of 1998", D, "1998-SP", None)]);
        exact("The harvest was poor this fall.", &[("this fall", D, "2026-FA", None)]);
        exact("Profit rose in the third quarter of 1998.", &[("the third quarter of 1998", D, "1998-Q3", None)]);
        exact("Profit rose in the third quarter.", &[("the third quarter", D, "2025-Q3", None)]);
        exact("The company reported third-quarter profit.", &[("third-quarter", D, "2025-Q3", None)]);
        exact("Results for the first half of 1998 were weak.", &[("the first half of 1998", D, "1998-H1", None)]);
        exact("The drought lasted through the winter of 1994.", &[("the winter of 1994", D, "1994-WI", None)]);
    }

    #[test]
    fn durations() {
        exact("The meeting lasted two hours.", &[("two hours", Dur, "PT2H", None)]);
        exact("They held a 90-minute meeting.", &[("90-minute", Dur, "PT90M", None)]);
        exact("Repairs will take several weeks.", &[("several weeks", Dur, "PXW", None)]);
        exact("He served 10 years in office.", &[("10 years", Dur, "P10Y", None)]);
        exact("She has lived there for years.", &[("years", Dur, "PXY", None)]);
        exact("Sales grew over the past two months.", &[("the past two months", Dur, "P2M", None)]);
        exact("Output rose in the first nine months.", &[("the first nine months", Dur, "P9M", None)]);
        exact("The talks went on for more than four hours.", &[("more than four hours", Dur, "PT4H", Some("MORE_THAN"))]);
        exact("Stocks must be held at least 30 days.", &[("at least 30 days", Dur, "P30D", Some("EQUAL_OR_MORE"))]);
        exact("The trial took 2 1/2 years.", &[("2 1/2 years", Dur, "P2Y6M", None)]);
        exact("It took a year and a half.", &[("a year and a half", Dur, "P1Y6M", None)]);
        exact("The shutdown cost a week of output.", &[("a week", Dur, "P1W", None)]);
        exact("He signed a five-year contract.", &[("five-year", Dur, "P5Y", None)]);
        // ages are not durations
        exact("The 52-year-old pilot, 52 years old, landed safely.", &[]);
    }

    #[test]
    fn times() {
        exact("The blast occurred at 2:30 p.m. near the port.", &[("2:30 p.m.", T, "2026-03-11T14:30", None)]);
        exact("Polls close at 8 pm.", &[("8 pm", T, "2026-03-11T20:00", None)]);
        exact("The strike began at noon.", &[("noon", T, "2026-03-11T12:00", None)]);
        exact("The strike began at 10:35 a.m. (0735 GMT) Friday.", &[("10:35 a.m.", T, "2026-03-06T10:35", None), ("Friday", D, "2026-03-06", None)]);
        exact("The minister arrived this morning.", &[("this morning", T, "2026-03-11TMO", None)]);
        exact("Riots broke out last night.", &[("last night", T, "2026-03-10TNI", None)]);
        exact("Voting resumed Friday morning.", &[("Friday morning", D, "2026-03-06TMO", None)]);
        exact("The deadline is 5 p.m. EST Friday.", &[("5 p.m. EST Friday", T, "2026-03-06T17:00", None)]);
        exact("Trains stopped in mid-afternoon.", &[("mid-afternoon", T, "2026-03-11TAF", Some("MID"))]);
    }

    #[test]
    fn sets() {
        exact("The board meets every week.", &[("every week", S, "P1W", None)]);
        exact("Fees rise annually.", &[("annually", S, "P1Y", None)]);
        exact("The ferry sails daily.", &[("daily", S, "P1D", None)]);
        exact("The market opens each Thursday.", &[("each Thursday", S, "XXXX-WXX-4", None)]);
        exact("The club meets on Tuesday nights.", &[("Tuesday nights", S, "XXXX-WXX-2TNI", None)]);
        exact("Readers pay $5 per month.", &[("per month", S, "P1M", None)]);
    }

    #[test]
    fn holidays() {
        exact("Shops were shut on Christmas Day.", &[("Christmas Day", D, "2025-12-25", None)]);
        exact("Talks resume after Thanksgiving 1999.", &[("Thanksgiving 1999", D, "1999-11-25", None)]);
    }

    #[test]
    fn words_that_only_look_like_times() {
        exact("May I ask a question? Employees may leave.", &[]);
        exact("Protesters march to the square in the fall of the regime.", &[]);
        exact("He took a second look at a quarter of the ballots.", &[]);
        exact("The score was 3:1 and 2,000 fans went home.", &[]);
    }

    #[test]
    fn byte_offsets_on_unicode_text() {
        let text = "Über 2 000 Leute — «am Freitag» — kamen am 7 August 1998 zusammen; naïve café.";
        let got = tag_times(text, reference());
        let t = got.iter().find(|t| t.value == "1998-08-07").expect("date found");
        assert_eq!(&text[t.start..t.end], "7 August 1998");
        for t in &got {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn serde_shape() {
        let t = Timex { start: 1, end: 5, kind: TimexType::Duration, value: "P2H".into(), modifier: None };
        let j = serde_json::to_value(&t).unwrap();
        assert_eq!(j["type"], "DURATION");
        let back: Timex = serde_json::from_value(j).unwrap();
        assert_eq!(back, t);
    }

    /// Random and odd inputs: no panic, offsets on char boundaries, in order, not overlapping.
    #[test]
    fn never_panics_on_odd_input() {
        let pieces = [
            "", " ", "\n", "\n\n", ".", ",", "'", "-", "/", ":", "$", "%", "0", "00", "1998", "9999", "99999999999999999999",
            "12", "31", "1/2", "a.m.", "p.m", "am", "Aug", "Aug.", "May", "march", "Friday", "last", "next", "the", "a",
            "year", "years", "ago", "earlier", "later", "quarter", "third", "-quarter", "mid", "early", "late", "of",
            "1990s", "'90s", "noon", "midnight", "tonight", "every", "each", "per", "half", "and", "more", "than",
            "at", "least", "é", "ß", "日本", "😀", "\u{2019}", "\u{2013}", "\u{feff}", "\t", "Christmas", "New", "Year",
            "nineteen", "ninety", "thousand", "two", "fiscal", "week", "weekend", "Thanksgiving", "29", "February", "0:00",
            "24:59", "12:00", "o'clock", "in", "morning", "this", "that", "day", "previous", "following",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let refs = [None, reference(), Some(jiff::civil::date(1, 1, 1)), Some(jiff::civil::date(9999, 12, 31)), Some(jiff::civil::date(2000, 2, 29))];
        for round in 0..3000 {
            let n = (next() % 24) as usize;
            let mut s = String::new();
            for _ in 0..n {
                let p = pieces[(next() % pieces.len() as u64) as usize];
                s.push_str(p);
                if next() % 3 != 0 {
                    s.push(' ');
                }
            }
            let r = refs[round % refs.len()];
            let got = tag_times(&s, r);
            let mut last_end = 0;
            for t in &got {
                assert!(t.start < t.end && t.end <= s.len(), "{s:?}: {t:?}");
                assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end), "{s:?}: {t:?}");
                assert!(t.start >= last_end, "overlap in {s:?}");
                last_end = t.end;
            }
        }
        // some fixed oddities
        for s in ["", "0", "1", "1998", &"9".repeat(5000), &"Friday ".repeat(2000), "😀😀😀", "\u{0}", "a.m.", "'", "-1998-", "31/31/31"] {
            for r in refs {
                let _ = tag_times(s, r);
            }
        }
    }
}
