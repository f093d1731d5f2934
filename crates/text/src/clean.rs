//! Boilerplate cleaning of plain article text.
//!
//! [`clean_text`] works line by line (one block per line; runs of blank lines
//! collapse to one) and only with generic rules: nothing here names a site,
//! an outlet or an article.
//!
//! Normalisation: `\r\n` and lone `\r` become `\n`; control characters other
//! than `\n` and `\t` are dropped, as are zero-width spaces, word joiners,
//! soft hyphens and BOMs (ZWJ/ZWNJ are kept: some scripts and emoji need
//! them); Unicode spaces become ASCII spaces, runs of spaces collapse and
//! each line is trimmed.
//!
//! Removal rules, in order:
//!
//! 1. **Line rules** (anywhere, each guarded by a word limit so that a long
//!    content sentence never matches): lone navigation words (`More`,
//!    `Tags`, `Advertisement`, `Share`, `Read more`, …); newsletter and
//!    subscription prompts (`Discover more from …`, `Subscribe to …`,
//!    `Sign up for …`); teaser and link lines (`Related: …`, `>> Read our …`,
//!    `See our …`, `Learn more …`, `click here`); translation / AI notices;
//!    editor and wire credits (`Edited by …`, `Reporting by …`); copyright
//!    footers (`© …`, `All rights reserved`); `certified by …`; contact lines
//!    with an e-mail address; `Please join us`, `Follow us on …`; cookie
//!    notices; "enable JavaScript" notes; "published/updated" stamps and
//!    "N min read"; lone `<img …>`-style markup lines; image credits
//!    that are a lone agency or photo source (`Reuters`, `AP Photo/…`,
//!    `Getty Images`, `Photo: …`, `Jane Doe/AFP`).
//! 2. **Neighbours**: the short explanatory lines right after a translation
//!    notice; the short teaser title after a lone `More` / `Read more` /
//!    `Related`; the caption line (no final punctuation) directly above a
//!    lone image credit.
//! 3. **Title** (only with `detect_title`): the first remaining line, when it
//!    looks like a headline (≤ 20 words, no final period, not opening with a
//!    quote mark, not a byline), becomes [`Cleaned::title`]. Copies of the
//!    first line (the title or not) among the next few lines are dropped.
//! 4. **Byline**: a `By Jane Doe[ and …][, Agency]` line among the first
//!    lines becomes [`Cleaned::byline`] (the text after `By `).
//! 5. **Dateline**: `CITY[, date] (Agency) — ` / `(Agency) - ` at the start
//!    of the first paragraph becomes [`Cleaned::dateline`] (without the dash)
//!    and is cut from that paragraph; the rest of the paragraph stays.
//! 6. **Footer block**: from the end upwards, a contiguous run of lines that
//!    are boilerplate, carry a footer cue (e-mail, URL, `click here`,
//!    `learn more`, `our journalists`, `join us`, `more:`, `newsletter`,
//!    `subscribe`, `©`, …; weaker cues such as `standards` only on short
//!    lines) or are very short non-sentences, is removed when it holds at
//!    least one strong cue. Very short neutral lines at the top of the run
//!    are kept.
//!
//! Everything removed (whole lines, or the dateline prefix) is listed in
//! document order in [`Cleaned::removed`].

/// Result of cleaning plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub removed: Vec<String>,
}

/// One normalised input line.
struct Line {
    text: String,
    /// `text` lowercased once.
    lower: String,
    words: usize,
    removed: bool,
    /// A part of the line that was cut (the dateline prefix).
    cut: Option<String>,
}

impl Line {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }
    fn live(&self) -> bool {
        !self.removed && !self.text.is_empty()
    }
}

/// What a line-rule match means for its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bp {
    Plain,
    /// A lone image credit: the caption above it may go too.
    Credit,
    /// A translation / AI notice: short explanations below it go too.
    Notice,
    /// A lone link introducer (`More`, `Read more`): a teaser title follows.
    Intro,
}

/// Clean plain article text; see the module docs for the rules.
pub fn clean_text(text: &str, detect_title: bool) -> Cleaned {
    let mut lines = split_lines(text);
    let mut out = Cleaned::default();

    // 1 + 2: line rules and their neighbours.
    let n = lines.len();
    let mut i = 0;
    while i < n {
        if lines[i].blank() {
            i += 1;
            continue;
        }
        let kind = match line_rule(&lines[i]) {
            Some(k) => k,
            None => {
                i += 1;
                continue;
            }
        };
        lines[i].removed = true;
        match kind {
            Bp::Plain => {}
            Bp::Credit => {
                if i > 0 && lines[i - 1].live() && is_caption(&lines[i - 1]) {
                    lines[i - 1].removed = true;
                }
            }
            Bp::Notice => {
                let mut j = i + 1;
                let mut taken = 0;
                while j < n && taken < 5 {
                    if lines[j].blank() {
                        j += 1;
                        continue;
                    }
                    if !is_notice_explanation(&lines[j]) {
                        break; // the main loop classifies it
                    }
                    lines[j].removed = true;
                    taken += 1;
                    j += 1;
                }
                i = j;
                continue;
            }
            Bp::Intro => {
                if let Some(j) = next_nonblank(&lines, i + 1) {
                    if !lines[j].removed
                        && line_rule(&lines[j]).is_none()
                        && is_teaser_title(&lines[j])
                    {
                        lines[j].removed = true;
                        i = j + 1;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }

    // 3: title and repeated first lines.
    let first = (0..n).find(|&k| lines[k].live());
    if let Some(f) = first {
        // the only line of a text is its text, even when it reads like a
        // headline
        let more = (f + 1..n).any(|k| lines[k].live());
        if detect_title && more && looks_like_headline(&lines[f]) {
            out.title = Some(lines[f].text.clone());
            lines[f].removed = true;
        }
        // Copies of the first line among the next few lines.
        let mut seen = 0;
        let mut k = f + 1;
        while k < n && seen < 6 {
            if !lines[k].blank() {
                seen += 1;
                if !lines[k].removed && lines[k].lower == lines[f].lower && lines[k].words <= 20 {
                    lines[k].removed = true;
                }
            }
            k += 1;
        }
    }

    // 4: byline among the first live lines.
    let mut seen = 0;
    for line in lines.iter_mut() {
        if !line.live() {
            continue;
        }
        seen += 1;
        if seen > 6 {
            break;
        }
        if let Some(name) = byline_name(&line.text, &line.lower, line.words) {
            out.byline = Some(name.to_string());
            line.removed = true;
            break;
        }
    }

    // 5: dateline at the start of the first paragraph.
    if let Some(f) = (0..n).find(|&k| lines[k].live()) {
        if let Some((prefix, rest_at)) = split_dateline(&lines[f].text) {
            let prefix = prefix.to_string();
            let rest = lines[f].text[rest_at..].trim().to_string();
            out.dateline = Some(prefix.clone());
            if rest.is_empty() {
                lines[f].removed = true;
            } else {
                lines[f].cut = Some(prefix);
                lines[f].lower = rest.to_lowercase();
                lines[f].words = word_count(&rest);
                lines[f].text = rest;
            }
        }
    }

    // 6: footer block at the end.
    footer_block(&mut lines);

    // Assemble.
    let mut text_out = String::with_capacity(text.len());
    let mut pending_blank = false;
    for line in lines {
        if let Some(cut) = line.cut {
            out.removed.push(cut);
        }
        if line.removed {
            out.removed.push(line.text);
            continue;
        }
        if line.text.is_empty() {
            pending_blank = true;
            continue;
        }
        if !text_out.is_empty() {
            text_out.push('\n');
            if pending_blank {
                text_out.push('\n');
            }
        }
        pending_blank = false;
        text_out.push_str(&line.text);
    }
    out.text = text_out;
    out
}

// ---------------------------------------------------------------------------
// Normalisation

fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    for piece in text.split('\n') {
        let piece = piece.strip_suffix('\r').unwrap_or(piece);
        for raw in piece.split('\r') {
            let t = normalize_line(raw);
            let lower = t.to_lowercase();
            let words = word_count(&t);
            lines.push(Line {
                text: t,
                lower,
                words,
                removed: false,
                cut: None,
            });
        }
    }
    lines
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whitespace-separated words; unspaced Chinese/Japanese text counts about
/// one word per two characters so that word limits still mean something.
fn word_count(s: &str) -> usize {
    let mut words = 0;
    let mut cjk = 0;
    for tok in s.split_whitespace() {
        words += 1;
        cjk += tok.chars().filter(|&c| is_cjk(c)).count();
    }
    words + cjk / 2
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Trim, drop control and zero-width characters, collapse runs of spaces.
fn normalize_line(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if is_unicode_space(c) {
            space = true;
            continue;
        }
        if (c.is_control() && c != '\t') || is_zero_width(c) {
            continue;
        }
        if space && !s.is_empty() {
            s.push(' ');
        }
        space = false;
        s.push(c);
    }
    // A trailing tab survives the loop; trim it with any other whitespace.
    let trimmed = s.trim();
    if trimmed.len() != s.len() {
        trimmed.to_string()
    } else {
        s
    }
}

// ---------------------------------------------------------------------------
// Small text helpers

fn next_nonblank(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&k| !lines[k].blank())
}

/// `lower` without leading markers (bullets, arrows, brackets) and trailing
/// punctuation, for exact and prefix matching.
fn core(lower: &str) -> &str {
    lower
        .trim_start_matches(|c: char| {
            matches!(
                c,
                '-' | '*'
                    | '•'
                    | '·'
                    | '>'
                    | '»'
                    | '›'
                    | '→'
                    | '►'
                    | '▶'
                    | '|'
                    | '('
                    | '['
                    | ' '
                    | '\t'
                    | '#'
            )
        })
        .trim_end_matches(|c: char| {
            matches!(
                c,
                ':' | '.'
                    | '!'
                    | '…'
                    | ' '
                    | '\t'
                    | '»'
                    | '›'
                    | '>'
                    | ')'
                    | ']'
                    | '→'
                    | '|'
                    | '-'
                    | '—'
                    | '–'
            )
        })
}

/// The last character that is not a closing quote or bracket.
fn last_sig_char(s: &str) -> Option<char> {
    s.chars().rev().find(|c| {
        !matches!(
            c,
            '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*' | '_' | '」' | '』' | '）'
        )
    })
}

fn ends_sentence(s: &str) -> bool {
    matches!(
        last_sig_char(s),
        Some('.' | '!' | '?' | '…' | ';' | '。' | '！' | '？' | '．')
    )
}

fn is_list_or_table(text: &str) -> bool {
    text.starts_with("- ")
        || text.starts_with("* ")
        || text.starts_with("• ")
        || text.starts_with('|')
}

fn starts_with_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

fn contains_any(s: &str, needles: &[&str]) -> bool {
    needles.iter().any(|p| s.contains(p))
}

/// Like [`contains_any`], but a cue must start a word, and "subscribe"
/// does not match "subscriber(s)": news about a channel's subscribers is
/// not a subscription box.
fn contains_cue(s: &str, cues: &[&str]) -> bool {
    cues.iter().any(|cue| {
        s.match_indices(cue).any(|(at, m)| {
            let before_ok = !s[..at].chars().next_back().is_some_and(char::is_alphanumeric);
            let after = &s[at + m.len()..];
            before_ok && !(*cue == "subscribe" && after.starts_with('r'))
        })
    })
}

/// A token that looks like an e-mail address (`x@y.z`).
fn has_email(lower: &str) -> bool {
    if !lower.contains('@') {
        return false;
    }
    lower.split_whitespace().any(|tok| {
        let tok = tok.trim_matches(|c: char| !c.is_alphanumeric());
        match tok.find('@') {
            Some(at) if at > 0 => {
                let domain = &tok[at + 1..];
                match domain.rfind('.') {
                    Some(dot) => dot > 0 && dot + 1 < domain.len(),
                    None => false,
                }
            }
            _ => false,
        }
    })
}

fn has_url(lower: &str) -> bool {
    lower.contains("http://") || lower.contains("https://") || lower.contains("www.")
}

// ---------------------------------------------------------------------------
// Line rules

/// Whole lines (after [`core`]) that are navigation or widget remnants.
const LONE: &[&str] = &[
    "more",
    "tags",
    "tag",
    "topics",
    "advertisement",
    "advertisements",
    "advert",
    "ad",
    "ads",
    "share",
    "shares",
    "share this",
    "share this article",
    "share this story",
    "share article",
    "share story",
    "share via",
    "share on",
    "sharing",
    "read more",
    "read more here",
    "read full article",
    "read full story",
    "read the full story",
    "read the full article",
    "continue reading",
    "keep reading",
    "see more",
    "show more",
    "load more",
    "view more",
    "more stories",
    "more news",
    "related",
    "related articles",
    "related stories",
    "related news",
    "related content",
    "related coverage",
    "related topics",
    "related posts",
    "related video",
    "related videos",
    "see also",
    "also read",
    "read also",
    "read next",
    "up next",
    "recommended",
    "recommended for you",
    "recommended stories",
    "you may also like",
    "you might also like",
    "most read",
    "most popular",
    "trending",
    "trending now",
    "top stories",
    "latest news",
    "latest",
    "comments",
    "comment",
    "print",
    "email",
    "e-mail",
    "copy link",
    "link copied",
    "copied",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "flipboard",
    "messenger",
    "sponsored",
    "sponsored content",
    "paid content",
    "partner content",
    "skip to content",
    "skip to main content",
    "skip navigation",
    "back to top",
    "menu",
    "close",
    "search",
    "loading",
    "enlarge",
    "click to enlarge",
    "expand",
    "listen",
    "listen to this article",
    "listen to article",
    "play",
    "watch",
    "video",
    "gallery",
    "photos",
    "follow",
    "subscribe",
    "subscribe now",
    "sign up",
    "sign in",
    "log in",
    "login",
    "register",
    "newsletter",
    "newsletters",
    "advertise",
    "advertise with us",
    "accept",
    "accept all",
    "reject all",
    "manage preferences",
    "cookie settings",
    "cookie policy",
    "privacy policy",
    "terms of use",
    "terms of service",
    "contact us",
    "about us",
    "home",
    "opinion",
    "breaking",
    "breaking news",
    "live",
    "updated",
];

/// Lone lines that are an image / agency credit.
const CREDITS: &[&str] = &[
    "reuters",
    "ap",
    "afp",
    "ap photo",
    "afp photo",
    "reuters photo",
    "associated press",
    "the associated press",
    "getty images",
    "getty",
    "getty images/istockphoto",
    "epa",
    "epa-efe",
    "efe",
    "bloomberg",
    "shutterstock",
    "alamy",
    "alamy stock photo",
    "keystone",
    "dpa",
    "xinhua",
    "anadolu",
    "anadolu agency",
    "pa",
    "pa media",
    "pa wire",
    "ansa",
    "tass",
    "ria novosti",
    "sputnik",
    "upi",
    "nurphoto",
    "sipa",
    "abaca",
    "imago",
    "istock",
    "istockphoto",
    "unsplash",
    "wikimedia commons",
    "handout",
    "file photo",
    "supplied",
    "courtesy",
    "pool",
    "ap images",
    "via reuters",
    "via getty images",
    "afp via getty images",
];

const CREDIT_PREFIXES: &[&str] = &[
    "ap photo/",
    "ap photo /",
    "afp photo/",
    "reuters/",
    "epa/",
    "photo:",
    "photo by ",
    "photo credit",
    "photograph:",
    "photographs:",
    "photos:",
    "photo courtesy",
    "pictured:",
    "picture:",
    "pictures:",
    "image:",
    "images:",
    "image credit",
    "image source",
    "image caption",
    "media caption",
    "credit:",
    "credits:",
    "illustration:",
    "illustration by ",
    "file photo:",
    "© keystone",
    "(photo",
    "[photo",
];

struct PrefixRule {
    prefixes: &'static [&'static str],
    max_words: usize,
    kind: Bp,
}

const PREFIX_RULES: &[PrefixRule] = &[
    // Newsletter / subscription / account prompts.
    PrefixRule {
        prefixes: &[
            "discover more from ",
            "subscribe to ",
            "subscribe for ",
            "subscribe now",
            "subscribe today",
            "subscribe here",
            "sign up for ",
            "sign up to ",
            "sign up now",
            "sign up here",
            "join our newsletter",
            "get our newsletter",
            "get the latest ",
            "get our free",
            "want more stories",
            "never miss ",
            "don't miss ",
            "don’t miss ",
            "stay informed",
            "stay up to date",
            "stay in the know",
            "to receive our",
            "create a free account",
            "already a subscriber",
            "already have an account",
            "become a member",
            "become a subscriber",
            "support our journalism",
            "support independent journalism",
            "this article is for subscribers",
            "this content is for subscribers",
            "to continue reading",
            "download our app",
            "download the app",
            "get the app",
            "open in app",
            "listen to this article",
        ],
        max_words: 30,
        kind: Bp::Plain,
    },
    // Teasers and link lines.
    PrefixRule {
        prefixes: &[
            "read more",
            "read the full",
            "read our ",
            "see our ",
            "watch our ",
            "listen to our ",
            "explore our ",
            "check out our ",
            "find out more",
            "learn more",
            "click here",
            "tap here",
            "related:",
            "related articles",
            "related stories",
            "related coverage",
            "related content",
            "related news",
            "related reading",
            "related video",
            "related topics",
            "see also:",
            "also read:",
            "read also:",
            "also see:",
            "read:",
            "watch:",
            "listen:",
            "more:",
            "more on this",
            "more from ",
            "recommended:",
            "further reading",
            "tags:",
            "tagged:",
            "topics:",
            "filed under",
            "categories:",
            "category:",
            "share this",
            "share on ",
            "share via ",
            "follow us",
            "like us on",
            "find us on",
            "connect with us",
            "join us on",
            "join the conversation",
            "join the discussion",
            "please join us",
            "email us",
            "e-mail us",
            "contact us",
            "write to us",
            "got a tip",
            "have a tip",
            "tips:",
            "story continues below",
            "article continues below",
            "continue reading below",
            "scroll to continue",
            "advertisement",
            "sponsored content",
            "paid content",
        ],
        max_words: 25,
        kind: Bp::Plain,
    },
    // Copyright and provenance footers.
    PrefixRule {
        prefixes: &[
            "©",
            "copyright ",
            "(c) ",
            "all rights reserved",
            "this article first appeared",
            "this article originally appeared",
            "this story originally appeared",
            "this story first appeared",
            "this article was originally published",
            "this story was originally published",
            "originally published",
            "a version of this story",
            "a version of this article",
            "the views expressed",
        ],
        max_words: 45,
        kind: Bp::Plain,
    },
    // Editor and wire credits.
    PrefixRule {
        prefixes: &[
            "edited by ",
            "editing by ",
            "reporting by ",
            "additional reporting by ",
            "writing by ",
            "compiled by ",
            "produced by ",
            "fact-checked by ",
            "fact checked by ",
        ],
        max_words: 30,
        kind: Bp::Plain,
    },
    // Translation / AI notices.
    PrefixRule {
        prefixes: &[
            "translated from ",
            "translated by ",
            "translation by ",
            "translation:",
            "how we translate",
            "this article was translated",
            "this article has been translated",
            "this story was translated",
            "this text was translated",
            "machine translated",
            "machine-translated",
            "automatically translated",
            "this article was generated",
            "this article was written with",
            "this story was written with",
        ],
        max_words: 40,
        kind: Bp::Notice,
    },
    // Time stamps and reading time.
    PrefixRule {
        prefixes: &[
            "updated:",
            "published:",
            "last updated",
            "last modified",
            "posted:",
        ],
        max_words: 12,
        kind: Bp::Plain,
    },
];

/// Classify one line; `None` means content.
fn line_rule(line: &Line) -> Option<Bp> {
    let lower = line.lower.as_str();
    let words = line.words;
    let c = core(lower);
    if c.is_empty() {
        // Only markers or punctuation (">>", "---", "•"): a separator, not
        // text; but keep markdown table separators and horizontal rules.
        return if line.text.starts_with('|') || words > 3 {
            None
        } else {
            Some(Bp::Plain)
        };
    }
    if LONE.contains(&c) {
        return Some(
            if matches!(
                c,
                "more"
                    | "read more"
                    | "related"
                    | "see also"
                    | "also read"
                    | "read also"
                    | "read next"
                    | "up next"
                    | "see more"
                    | "more stories"
            ) {
                Bp::Intro
            } else {
                Bp::Plain
            },
        );
    }
    if ((words <= 12 && !ends_sentence(&line.text)) || words <= 3) && is_credit(c) {
        return Some(Bp::Credit);
    }
    // Arrow-led link lines: ">> Read our portrait of …:".
    let t = line.text.as_str();
    // Raw markup that leaked as text (`<img src=…>`).
    if t.starts_with('<')
        && t.ends_with('>')
        && t[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
    {
        return Some(Bp::Plain);
    }
    if (t.starts_with(">>") && words <= 25)
        || ((t.starts_with("» ")
            || t.starts_with("→ ")
            || t.starts_with("► ")
            || t.starts_with("▶ "))
            && words <= 15
            && !ends_sentence(t))
    {
        return Some(Bp::Plain);
    }
    for rule in PREFIX_RULES {
        if words <= rule.max_words && starts_with_any(c, rule.prefixes) {
            // "Edited by X. Translated from French by AI" is a notice too.
            return Some(if lower.contains("translat") {
                Bp::Notice
            } else {
                rule.kind
            });
        }
    }
    // The copyright sign may also open the raw line before markers.
    if words <= 45 && (lower.starts_with('©') || lower.contains("all rights reserved")) {
        return Some(Bp::Plain);
    }
    if words <= 40
        && contains_any(
            lower,
            &[
                "translated from ",
                "translated by ",
                "translated with ",
                "translated using ",
            ],
        )
        && (words <= 10
            || !ends_sentence(t)
            || contains_any(lower, &["by ai", "with ai", "using ai", "ai/", "machine"]))
    {
        return Some(Bp::Notice);
    }
    if words <= 25
        && contains_any(
            lower,
            &[
                "certified by",
                "click here",
                "please join us",
                "follow us on",
                "like us on facebook",
                "sign up for our",
                "subscribe to our",
            ],
        )
    {
        return Some(Bp::Plain);
    }
    if words <= 25
        && lower.contains("javascript")
        && contains_any(lower, &["enable", "browser", "turn on"])
    {
        return Some(Bp::Plain);
    }
    if words <= 8
        && contains_any(
            lower,
            &["min read", "minute read", "minutes read", "mins read"],
        )
    {
        return Some(Bp::Plain);
    }
    if words <= 8 && !ends_sentence(t) && lower.contains("newsletter") {
        return Some(Bp::Plain);
    }
    if words <= 10
        && starts_with_any(
            c,
            &[
                "published ",
                "updated ",
                "posted ",
                "posted on",
                "first published",
            ],
        )
        && lower.bytes().any(|b| b.is_ascii_digit())
    {
        return Some(Bp::Plain);
    }
    if words <= 60
        && lower.contains("cookie")
        && contains_any(
            lower,
            &[
                "we use",
                "uses cookies",
                "use of cookies",
                "accept",
                "consent",
                "privacy",
                "by continuing",
                "by using",
            ],
        )
    {
        return Some(Bp::Plain);
    }
    if words <= 50
        && has_email(lower)
        && (words <= 12
            || contains_any(
                lower,
                &[
                    "email",
                    "e-mail",
                    "contact",
                    "write to",
                    "reach",
                    "send",
                    "tips",
                    "errors",
                    "feedback",
                    "questions",
                    "get in touch",
                ],
            ))
    {
        return Some(Bp::Plain);
    }
    None
}

/// `c` is a lone image / agency credit.
fn is_credit(c: &str) -> bool {
    if CREDITS.contains(&c) || starts_with_any(c, CREDIT_PREFIXES) {
        return true;
    }
    if contains_any(
        c,
        &[
            "photo/",
            "photo /",
            "photos/",
            "photography/",
            "pictures/",
            "getty images",
            "photo credit",
        ],
    ) {
        return true;
    }
    // "Jane Doe/Reuters", "Jane Doe / AFP via Getty Images", "Photo | AP".
    let last = c.rsplit(['/', '|']).next().unwrap_or(c).trim();
    if last.len() < c.len() && (CREDITS.contains(&last) || last.ends_with("via getty images")) {
        return true;
    }
    if let Some(pos) = c.rfind(" via ") {
        if CREDITS.contains(&c[pos + 5..].trim()) {
            return true;
        }
    }
    false
}

/// The caption line directly above a lone credit.
fn is_caption(line: &Line) -> bool {
    line.words >= 2
        && line.words <= 40
        && !ends_sentence(&line.text)
        && !is_list_or_table(&line.text)
}

/// A short line explaining a translation notice.
fn is_notice_explanation(line: &Line) -> bool {
    line.words <= 50
        && contains_any(
            &line.lower,
            &[
                "translat",
                " ai ",
                " ai.",
                " ai,",
                "(ai)",
                "artificial intelligence",
                "machine",
                "deepl",
                "google translate",
                "learn more",
                "how we work",
                "journalist",
                "accuracy",
                "reviewed",
            ],
        )
}

/// The teaser title after a lone `More`: short, not a sentence.
fn is_teaser_title(line: &Line) -> bool {
    line.words <= 15 && !ends_sentence(&line.text) && !is_list_or_table(&line.text)
}

// ---------------------------------------------------------------------------
// Title, byline, dateline

fn starts_with_quote(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‹' | '›' | '「' | '『')
    )
}

fn looks_like_headline(line: &Line) -> bool {
    let t = line.text.as_str();
    line.words >= 1
        && line.words <= 20
        && !t.ends_with('.')
        && !starts_with_quote(t)
        && !is_list_or_table(t)
        && t.chars().any(char::is_alphabetic)
        && byline_name(t, &line.lower, line.words).is_none()
}

/// Words that may stay lowercase inside a byline.
const BYLINE_SMALL: &[&str] = &[
    "and", "&", "of", "the", "de", "del", "della", "di", "da", "dos", "van", "von", "der", "den",
    "la", "le", "du", "al", "el", "bin", "ibn", "in", "for", "at", "with", "|", "-", "—", "–", "·",
    "/",
];

/// `By Jane Doe and John Roe, Reuters` → `Jane Doe and John Roe, Reuters`.
fn byline_name<'a>(text: &'a str, lower: &str, words: usize) -> Option<&'a str> {
    if !lower.starts_with("by ") || !(2..=13).contains(&words) {
        return None;
    }
    let rest = text.get(3..)?.trim();
    let first = rest.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    for w in rest.split_whitespace() {
        let lw = w.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '(' | ')'));
        if lw.is_empty() || BYLINE_SMALL.contains(&lw) {
            continue;
        }
        match lw.chars().next() {
            Some(ch) if ch.is_lowercase() => return None,
            _ => {}
        }
    }
    // A sentence ("By Monday, The ...") has no business ending in a period
    // after a long word; initials ("J.") and agencies are fine.
    if rest.ends_with('.') {
        let last = rest.split_whitespace().last().unwrap_or("");
        if last.chars().filter(|c| c.is_alphabetic()).count() > 3 {
            return None;
        }
    }
    Some(rest.trim_end_matches(['|', '-', '—', '–', '·', ' ']))
}

/// Split `CITY, date (Agency) — rest` into (`CITY, date (Agency)`, offset
/// of `rest`).
fn split_dateline(text: &str) -> Option<(&str, usize)> {
    // Find the first dash separator within the first 100 bytes.
    let mut sep: Option<(usize, usize)> = None; // (start, end) byte offsets
    let bytes = text.as_bytes();
    for (pos, ch) in text.char_indices() {
        if pos > 100 {
            break;
        }
        match ch {
            '—' | '–' => {
                sep = Some((pos, pos + ch.len_utf8()));
                break;
            }
            '-' => {
                let spaced_before = pos > 0 && bytes[pos - 1] == b' ';
                if bytes.get(pos + 1) == Some(&b'-') && spaced_before {
                    sep = Some((pos, pos + 2));
                    break;
                }
                if spaced_before && bytes.get(pos + 1) == Some(&b' ') {
                    sep = Some((pos, pos + 1));
                    break;
                }
            }
            _ => {}
        }
    }
    let (start, end) = sep?;
    let prefix = text[..start].trim_end();
    let rest_at = end + (text[end..].len() - text[end..].trim_start().len());
    let rest = &text[rest_at..];
    if prefix.is_empty() || prefix.len() > 70 || rest.split_whitespace().nth(2).is_none() {
        return None;
    }
    if rest.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let pwords = prefix.split_whitespace().count();
    if pwords > 10 {
        return None;
    }
    // (Agency) at the end of the prefix.
    let agency = prefix.ends_with(')')
        && prefix.rfind('(').is_some_and(|open| {
            let inner = &prefix[open + 1..prefix.len() - 1];
            let w = inner.split_whitespace().count();
            (1..=4).contains(&w) && inner.chars().next().is_some_and(char::is_uppercase)
        });
    // CITY in capitals: the leading run of words without lowercase letters.
    let mut caps_letters = 0usize;
    let mut caps_words = 0usize;
    for w in prefix.split_whitespace() {
        if w.starts_with('(') {
            break;
        }
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 || w.chars().any(char::is_lowercase) {
            break;
        }
        caps_letters += letters;
        caps_words += 1;
        if w.ends_with(',') {
            break;
        }
    }
    let city = caps_words >= 1 && (caps_letters >= 3 || caps_words >= 2);
    if !(agency || city) {
        return None;
    }
    if !agency {
        // Without an agency the prefix is a city with at most a date: few
        // lowercase words (month names in some languages), no sentence.
        let lower_words = prefix
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .count();
        if lower_words > 2 || pwords > 6 {
            return None;
        }
    }
    Some((prefix, rest_at))
}

// ---------------------------------------------------------------------------
// Footer block

/// Footer cues that hold on any line of up to 45 words.
const STRONG_TAIL: &[&str] = &[
    "click here",
    "our journalists",
    "newsletter",
    "subscribe to our",
    "subscribe now",
    "sign up for our",
    "©",
    "all rights reserved",
    "follow us",
    "email us",
    "e-mail us",
    "contact us",
    "write to us",
    "join us",
    "learn more here",
    "learn more about how",
    "more:",
    "certified by",
    "privacy policy",
    "cookie policy",
    "terms of use",
    "terms of service",
    "download our app",
];

/// Footer cues that hold on short lines (≤ 12 words) or non-sentences.
const SHORT_TAIL: &[&str] = &[
    "subscribe",
    "sign up",
    "learn more",
    "cookie",
    "copyright",
    "app store",
    "google play",
    "our website",
    "this website",
    "send us",
    "tip us",
];

/// Weak cues: only on non-sentences of up to 20 words, and a run needs at
/// least one strong line besides them.
const WEAK_TAIL: &[&str] = &[
    "standards",
    "conversation",
    "factual error",
    "journalism",
    "contact",
    "privacy",
    "terms",
    "feedback",
    "debate",
    "report an error",
    "correction",
    "translat",
    "editorial",
    "our ",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tail {
    Strong,
    Weak,
    Neutral,
    Stop,
}

fn tail_kind(line: &Line) -> Tail {
    if line.removed {
        return Tail::Strong;
    }
    let lower = line.lower.as_str();
    let sentence = ends_sentence(&line.text);
    if line.words <= 45 && contains_any(lower, STRONG_TAIL) {
        return Tail::Strong;
    }
    // A bare address is a footer cue on short lines; a long sentence that
    // happens to give a web site or e-mail is content.
    if (line.words <= 15 || !sentence) && line.words <= 45 && (has_email(lower) || has_url(lower)) {
        return Tail::Strong;
    }
    if (line.words <= 12 || !sentence) && line.words <= 45 && contains_cue(lower, SHORT_TAIL) {
        return Tail::Strong;
    }
    if is_list_or_table(&line.text) {
        return Tail::Stop;
    }
    if !sentence && line.words <= 20 && contains_any(lower, WEAK_TAIL) {
        return Tail::Weak;
    }
    if line.words <= 5 && !sentence && !line.text.ends_with(':') {
        return Tail::Neutral;
    }
    Tail::Stop
}

fn footer_block(lines: &mut [Line]) {
    // Walk up from the end over blank and footer-like lines.
    let mut top: Option<usize> = None;
    let mut strong = false;
    let mut k = lines.len();
    while k > 0 {
        k -= 1;
        if lines[k].blank() {
            continue;
        }
        match tail_kind(&lines[k]) {
            Tail::Stop => break,
            Tail::Strong => {
                strong = true;
                top = Some(k);
            }
            Tail::Weak | Tail::Neutral => top = Some(k),
        }
    }
    let (Some(top), true) = (top, strong) else {
        return;
    };
    // a run that reaches the first line of text is the article, not a
    // footer under it
    let first_live = lines.iter().position(|l| !l.blank() && !l.removed);
    if first_live.is_none_or(|f| f >= top) {
        return;
    }
    // Keep neutral lines at the top of the run (a short last heading or
    // sign-off of the article itself).
    let mut start = top;
    while start < lines.len()
        && (lines[start].blank()
            || (!lines[start].removed && tail_kind(&lines[start]) == Tail::Neutral))
    {
        start += 1;
    }
    for line in &mut lines[start..] {
        if !line.blank() {
            line.removed = true;
        }
    }
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn has_line(text: &str, line: &str) -> bool {
        text.lines().any(|l| l == line)
    }

    #[test]
    fn never_empties_a_real_text() {
        // a truncated lead that mentions subscribers is news, not a box
        let lead = "On Friday the video site closed the account of radio host Pell Ardent, who had nearly two million subscribers. A notice on the account's page";
        assert_eq!(clean_text(lead, false).text, lead);
        // the only line of a text stays text even when it reads like a headline
        let one = "Thieves take rare clocks from Velka museum in daring night raid";
        let c = clean_text(one, true);
        assert_eq!((c.text.as_str(), c.title), (one, None));
        // but a subscription prompt is still a footer under real text
        let t = "The museum reopens on Monday.\n\nSubscribe to our newsletter";
        assert_eq!(clean_text(t, false).text, "The museum reopens on Monday.");
    }

    const COUNCIL: &str = "Harbourton council approves new tram line after marathon vote\n\
\n\
Harbourton council approves new tram line after marathon vote\n\
By Mira Castell and Tomas Weil, Northwind News\n\
\n\
HARBOURTON, March 3 (Northwind) — The city council of Harbourton voted 23 to 19 on Tuesday night to build a tram line linking the port to the university district.\n\
\n\
Advertisement\n\
\n\
The vote followed eleven hours of debate, during which residents of the old town warned about noise and construction dust.\n\
\n\
Mayor Ilse Brandt said the line would open in 2029 and cost 410 million euros.\n\
\n\
Related: Harbourton budget gap widens as port revenue falls\n\
\n\
Opponents said they would collect signatures for a referendum.\n\
\n\
Share\n\
Tags\n\
\n\
Discover more from Northwind News\n\
Subscribe to get the latest posts sent to your email.\n";

    #[test]
    fn council_story_is_cleaned() {
        let c = clean_text(COUNCIL, true);
        assert_eq!(
            c.title.as_deref(),
            Some("Harbourton council approves new tram line after marathon vote")
        );
        assert_eq!(
            c.byline.as_deref(),
            Some("Mira Castell and Tomas Weil, Northwind News")
        );
        assert_eq!(
            c.dateline.as_deref(),
            Some("HARBOURTON, March 3 (Northwind)")
        );
        assert!(c
            .text
            .starts_with("The city council of Harbourton voted 23 to 19"));
        assert!(!c.text.contains("tram line after marathon vote"));
        for gone in [
            "Advertisement",
            "Share",
            "Tags",
            "Discover more",
            "Subscribe",
            "Related:",
        ] {
            assert!(!c.text.contains(gone), "{gone} still in {:?}", c.text);
        }
        assert!(has_line(
            &c.text,
            "Opponents said they would collect signatures for a referendum."
        ));
        assert!(has_line(
            &c.text,
            "Mayor Ilse Brandt said the line would open in 2029 and cost 410 million euros."
        ));
        assert!(c
            .removed
            .iter()
            .any(|r| r.starts_with("Discover more from")));
        assert!(c
            .removed
            .iter()
            .any(|r| r == "HARBOURTON, March 3 (Northwind)"));
        // Paragraph structure survives: blank lines between blocks, no runs.
        assert!(!c.text.contains("\n\n\n"));
        assert!(c.text.contains(".\n\nThe vote followed"));
    }

    #[test]
    fn no_title_without_detection() {
        let c = clean_text(COUNCIL, false);
        assert_eq!(c.title, None);
        // The first line stays, its copy goes.
        assert!(c
            .text
            .starts_with("Harbourton council approves new tram line after marathon vote\n"));
        assert_eq!(c.text.matches("marathon vote").count(), 1);
    }

    #[test]
    fn title_rules() {
        // Final period: a sentence, not a headline.
        let c = clean_text("The ferry left at noon.\nIt was late.", true);
        assert_eq!(c.title, None);
        assert!(c.text.starts_with("The ferry left at noon."));
        // Opening quote mark: a quote, not a headline.
        let c = clean_text("“We will not sail,” the union said\nMore text here.", true);
        assert_eq!(c.title, None);
        // Question headline.
        let c = clean_text(
            "Why are the ferries not running?\n\nThe strike began on Monday.",
            true,
        );
        assert_eq!(c.title.as_deref(), Some("Why are the ferries not running?"));
        assert_eq!(c.text, "The strike began on Monday.");
        // Too long for a headline.
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone";
        let c = clean_text(long, true);
        assert_eq!(c.title, None);
    }

    const FERRY: &str = "Ferry strike strands islanders for a third day\n\
Ferry strike strands islanders for a third day\n\
Passengers wait at the closed terminal in Port Selen on Thursday\n\
Northwind Photo/Ana Ruiz\n\
The crews of the Selen Islands ferry company stayed ashore for a third day on Thursday, leaving about 4,000 islanders without a link to the mainland.\n\
>> Read our explainer on the island ferry contracts:\n\
More\n\
Who pays for the island ferries\n\
The union demands a 6% pay rise and a second crew on night crossings.\n\
“We are not going back until the company talks to us,” union delegate Pau Serra said.\n\
The company said it had offered 3.5% and called the strike unlawful.\n\
Edited by Lena Aro. Translated from Catalan by AI/ra\n\
How we translate with AI\n\
We use automatic translation tools for some articles.\n\
Every translated article is checked by a journalist for accuracy.\n\
Learn more here about how we work with AI.\n\
More\n\
Island affairs\n\
In line with the Open Newsroom standards\n\
More: Northwind News certified by the Honest Press Council\n\
Read the debates with our journalists here. Please join us!\n\
If you want to report a factual error, email us at desk@northwind.example.\n";

    #[test]
    fn ferry_footer_and_teasers_removed() {
        let c = clean_text(FERRY, true);
        assert_eq!(
            c.title.as_deref(),
            Some("Ferry strike strands islanders for a third day")
        );
        let expected = "The crews of the Selen Islands ferry company stayed ashore for a third day on Thursday, leaving about 4,000 islanders without a link to the mainland.\n\
The union demands a 6% pay rise and a second crew on night crossings.\n\
“We are not going back until the company talks to us,” union delegate Pau Serra said.\n\
The company said it had offered 3.5% and called the strike unlawful.";
        assert_eq!(c.text, expected, "removed: {:#?}", c.removed);
        // Caption above the photo credit, teaser after "More" and the footer all went.
        for r in [
            "Passengers wait at the closed terminal in Port Selen on Thursday",
            "Northwind Photo/Ana Ruiz",
            "Who pays for the island ferries",
            "Island affairs",
            "How we translate with AI",
            "If you want to report a factual error, email us at desk@northwind.example.",
        ] {
            assert!(
                c.removed.iter().any(|x| x == r),
                "{r} not removed: {:#?}",
                c.removed
            );
        }
    }

    #[test]
    fn lone_credits_and_captions() {
        let t = "The bridge reopened on Sunday after repairs.\n\nWorkers inspect the new cables on Saturday\nReuters\n\nTraffic returned to normal by the evening.\nAP Photo/Jon Smit\nGetty Images\nPhoto: City of Lerin";
        let c = clean_text(t, false);
        assert_eq!(c.text, "The bridge reopened on Sunday after repairs.\n\nTraffic returned to normal by the evening.");
        assert!(c
            .removed
            .contains(&"Workers inspect the new cables on Saturday".to_string()));
    }

    #[test]
    fn sentences_with_cue_words_in_the_body_stay() {
        let t = "The ferry company said more than 300 workers would join the strike on Monday.\n\
Union leaders said they would subscribe to any plan that restored night crossings, according to a statement.\n\
The council's newsletter, read by thousands of residents, first reported the dispute last month.\n\
Talks will resume on Friday.";
        let c = clean_text(t, false);
        assert_eq!(c.text, t);
        assert!(c.removed.is_empty());
    }

    #[test]
    fn last_paragraph_is_not_a_footer() {
        let t = "Talks resume next week.\n\nThe mayor said the city would meet national safety standards.";
        let c = clean_text(t, false);
        assert_eq!(c.text, t);
        let t = "Intro line.\n\nThe port reopens on Monday\nClosing Remarks";
        assert_eq!(clean_text(t, false).text, t);
    }

    #[test]
    fn boilerplate_lines() {
        let t = "Body one is a real sentence about the harbour.\n\
Sign up for our newsletter\n\
Follow us on Mastodon and Bluesky\n\
© 2025 Northwind Media Group. All rights reserved.\n\
We use cookies to improve your experience. By continuing you accept our cookie policy.\n\
Read more: Council to vote on tram budget\n\
See our photo gallery of the harbour festival More\n\
Edited by Jo Lind\n\
4 min read\n\
Body two is another real sentence about the harbour.";
        let c = clean_text(t, false);
        assert_eq!(c.text, "Body one is a real sentence about the harbour.\nBody two is another real sentence about the harbour.");
        assert_eq!(c.removed.len(), 8);
    }

    #[test]
    fn markup_and_script_notes() {
        let t = "<img src=\"x.jpg\" width=\"1\">\nPlease enable JavaScript in your browser to see this map.\nThe map shows the new tram route.\n<3 is how the mayor signed off.";
        let c = clean_text(t, false);
        assert_eq!(
            c.text,
            "The map shows the new tram route.\n<3 is how the mayor signed off."
        );
        assert_eq!(c.removed.len(), 2);
    }

    #[test]
    fn cjk_lines_are_not_short_footer_lines() {
        let t = "港の新しい路面電車の計画について市議会が火曜日の夜に投票を行い賛成多数で可決されました。\n工事は来年の春に始まり三年かかる見込みで費用は約四億ユーロとなります\n© 2026 Harbour Media";
        let c = clean_text(t, false);
        assert!(c.text.contains("工事は来年の春に始まり"), "{:?}", c.removed);
        assert_eq!(c.removed, vec!["© 2026 Harbour Media".to_string()]);
    }

    #[test]
    fn datelines() {
        let c = clean_text(
            "KYIV, Feb 17 (AP) - Sirens sounded across the city overnight.",
            false,
        );
        assert_eq!(c.dateline.as_deref(), Some("KYIV, Feb 17 (AP)"));
        assert_eq!(c.text, "Sirens sounded across the city overnight.");
        let c = clean_text("GENEVA (Reuters) — Delegates met for a second day.", false);
        assert_eq!(c.dateline.as_deref(), Some("GENEVA (Reuters)"));
        let c = clean_text("NEW PORT — Ferries ran again on Friday.", false);
        assert_eq!(c.dateline.as_deref(), Some("NEW PORT"));
        let c = clean_text("(Reuters) - Shares of the ferry operator fell.", false);
        assert_eq!(c.dateline.as_deref(), Some("(Reuters)"));
        assert_eq!(c.text, "Shares of the ferry operator fell.");
        // Not datelines.
        for t in [
            "The mayor — who won in 2022 — said no.",
            "UN - the agency said nothing.",
            "Prices rose 3% - the fastest pace in a year.",
            "A well-known tram-line plan was dropped.",
        ] {
            let c = clean_text(t, false);
            assert_eq!(c.dateline, None, "{t}");
            assert_eq!(c.text, t);
        }
    }

    #[test]
    fn bylines() {
        let c = clean_text("By Jane Doe\n\nThe tram opened.", false);
        assert_eq!(c.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(c.text, "The tram opened.");
        let c = clean_text(
            "By then, the council had already voted.\nThe tram opened.",
            false,
        );
        assert_eq!(c.byline, None);
        let c = clean_text("By Monday the ferries were running again.", false);
        assert_eq!(c.byline, None);
    }

    #[test]
    fn normalisation() {
        let t = "\u{feff}First  line\u{200b} here.\r\n\r\n\r\n\r\nSecond\u{a0}line\u{7}.\rThird\tline.  \n\n";
        let c = clean_text(t, false);
        assert_eq!(c.text, "First line here.\n\nSecond line.\nThird\tline.");
        assert_eq!(clean_text("", true), Cleaned::default());
        assert_eq!(clean_text("\n \n\t\n", true).text, "");
    }

    #[test]
    fn tables_and_lists_stay() {
        let t = "Results\n\n| Party | Seats |\n|---|---|\n| Green | 12 |\n\n- First item\n- Second item";
        assert_eq!(clean_text(t, false).text, t);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "—",
            "- -",
            "By",
            "By ",
            ">>",
            "©",
            "(",
            "A — ",
            "ÉÉÉ — x",
            "\u{0}\u{1}",
            "@",
            "a@b.",
            "x@.c",
            "GENEVA —",
            "GENEVA — ",
            "|",
            "More\nMore\nMore",
            "Reuters",
        ] {
            let _ = clean_text(t, true);
            let _ = clean_text(t, false);
        }
    }
}
