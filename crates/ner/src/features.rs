//! Hashed feature extraction, gazetteers built from training data, and constrained Viterbi.
//!
//! Every feature is a 64-bit hash of (template id, value); its top `bits` bits pick a row of
//! the weight table, and a row holds one weight per tag. Features never depend on the tags,
//! so a sentence's emission scores are computed once, then Viterbi adds tag transitions.

use rustc_hash::{FxHashMap, FxHashSet};

use std::sync::Arc;

use crate::clusters::Clusters;
use crate::{EntityKind, NT};

/// Cluster-path prefix lengths (bits) used as features.
pub const CLUSTER_PREFIXES: [u32; 4] = [4, 6, 10, 20];

/// `t` with its first letter capitalized when it is lowercase ("geneva" → "Geneva").
pub(crate) fn title_case(t: &str) -> String {
    let mut c = t.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
        _ => t.to_string(),
    }
}

/// Short function words that headline-style title case leaves lowercase.
const MINOR_WORDS: [&str; 27] = [
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of", "off", "on", "per",
    "to", "up", "via", "vs", "with", "from", "into", "over", "than",
];

/// Whether `t` is one of [`MINOR_WORDS`] as written (a capitalized "In" is not).
fn is_minor_word(t: &str) -> bool {
    MINOR_WORDS.contains(&t)
}

/// Whether a line is written in a headline casing that carries no information about names:
/// `Lower`, every word lowercase; `Title`, every content word capitalized (headline style
/// keeps short function words lowercase: "Talks in Geneva Stall as Kyiv and Moscow Trade
/// Blame") in a line of at least five content words, with a function word and few figures;
/// `Caps`, all capitals, at least six words with a function word and few figures. `None` for
/// prose and everything else.
pub fn headline_kind(tokens: &[&str]) -> Option<Headline> {
    let mut content = 0;
    let mut capd = 0;
    let mut caps = 0;
    let mut any_upper = false;
    let mut minor = false;
    let mut digits = 0;
    let mut any_lower = false;
    let mut caps_minor = false;
    for (i, t) in tokens.iter().enumerate() {
        digits += usize::from(t.chars().any(|c| c.is_ascii_digit()));
        if !t.chars().any(char::is_alphabetic) {
            continue;
        }
        any_upper |= t.chars().any(char::is_uppercase);
        any_lower |= t.chars().any(char::is_lowercase);
        caps_minor |= i > 0 && is_minor_word(&t.to_lowercase());
        if is_minor_word(t) {
            minor = true;
            continue;
        }
        if i > 0 && is_minor_word(&t.to_lowercase()) && !t.chars().skip(1).any(char::is_uppercase) {
            minor = true; // "In", "As": title case capitalizes even function words
            continue;
        }
        content += 1;
        if t.chars().next().is_some_and(char::is_uppercase) {
            capd += 1;
            if !t.chars().any(char::is_lowercase) {
                caps += 1;
            }
        }
    }
    let lower = content >= 3 && !any_upper;
    // Short capitalized lines are often names ("The National Bank of Poland", a byline) and
    // lines of names and figures are tables ("Somerset 83 and 174 ( P. Simmons 4-38 )"):
    // a title-case headline is a longer line with a function word and few figures.
    let title = content >= 5 && capd == content && caps * 2 < content && minor && digits * 4 < content;
    let alpha = tokens.iter().filter(|t| t.chars().any(char::is_alphabetic)).count();
    let upper = any_upper && !any_lower && alpha >= 6 && caps_minor && digits * 4 < alpha;
    if lower {
        Some(Headline::Lower)
    } else if title {
        Some(Headline::Title)
    } else if upper {
        Some(Headline::Caps)
    } else {
        None
    }
}

/// Casing of a headline line (see [`headline_kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headline {
    Lower,
    Title,
    Caps,
}

impl ExtLists {
    /// Recases a headline-cased line to how its words are usually written, from the
    /// capitalization prior: a word mostly seen capitalized is title-cased, one mostly seen
    /// lowercase is lowercased (but the first word of a line is kept as written); unknown
    /// words and acronyms are kept as written. `None` when the line is not headline-cased or
    /// the model has no prior.
    pub fn truecase(&self, tokens: &[&str]) -> Option<Vec<String>> {
        if self.caps.is_empty() {
            return None;
        }
        if !matches!(headline_kind(tokens)?, Headline::Lower | Headline::Title) {
            return None;
        }
        let out = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if !t.chars().any(char::is_alphabetic) {
                    return t.to_string();
                }
                let lower = t.to_lowercase();
                if t.chars().skip(1).any(char::is_uppercase) {
                    return t.to_string(); // an acronym or inner capital: "U.S.", "NATO", "McLeod"
                }
                // Unknown words keep the line's casing (a title-case line keeps its capitals,
                // a lowercase line its lowercase): there is no evidence either way.
                let prior = self.caps_of(hash_str(&lower)).map(|(cap, _)| cap >= 0);
                let capital = t.chars().next().is_some_and(char::is_uppercase);
                match prior {
                    Some(true) | None if capital => t.to_string(),
                    Some(true) => title_case(&lower),
                    _ if i == 0 => t.to_string(),
                    _ => lower,
                }
            })
            .collect();
        Some(out)
    }

    /// A short title-case line (two to four capitalized words, no figures) recased for tagging
    /// alone: a word mostly written lowercase that no name list holds is lowercased ("Key
    /// Takeaways" → "Key takeaways"), the first word and listed names kept ("Larry Fine" stays:
    /// "Fine" is a listed surname). `None` for other lines or without a prior. Only for a line
    /// that is a document by itself (a heading or byline out of its story).
    pub fn truecase_short_title(&self, tokens: &[&str]) -> Option<Vec<String>> {
        let words = tokens.iter().filter(|t| t.chars().any(char::is_alphabetic)).count();
        let title = tokens.iter().all(|t| {
            !t.chars().any(|c| c.is_ascii_digit())
                && (!t.chars().any(char::is_alphabetic)
                    || (t.chars().next().is_some_and(char::is_uppercase) && t.chars().skip(1).any(char::is_lowercase)))
        });
        if self.caps.is_empty() || !(2..=4).contains(&words) || !title {
            return None;
        }
        let out = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let lower = t.to_lowercase();
                let h = hash_str(&lower);
                let listed = self.spans.get(&comb(0, h)).is_some_and(|&m| m != 0);
                match self.caps_of(h) {
                    Some((cap, _)) if cap < 0 && i > 0 && !listed => lower,
                    _ => t.to_string(),
                }
            })
            .collect();
        Some(out)
    }

    /// An all-capitals headline recased: words the prior knows take their usual form (the
    /// first word capitalized as a sentence start), others and dotted acronyms ("U.S.") stay
    /// as written. `None` when the line is not an all-capitals headline or there is no prior.
    /// Only for a line without a document around it: the tagger learned capitals lines from
    /// Reuters headlines tagged with their stories (recasing them all costs 0.3 dev F1).
    pub fn truecase_capitals(&self, tokens: &[&str]) -> Option<Vec<String>> {
        if self.caps.is_empty() || headline_kind(tokens)? != Headline::Caps {
            return None;
        }
        let out = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if !t.chars().any(char::is_alphabetic) || t.contains('.') {
                    return t.to_string();
                }
                let lower = t.to_lowercase();
                match self.caps_of(hash_str(&lower)).map(|(cap, _)| cap >= 0) {
                    Some(true) => title_case(&lower),
                    Some(false) if i == 0 => title_case(&lower),
                    Some(false) => lower,
                    None => t.to_string(),
                }
            })
            .collect();
        Some(out)
    }
}

/// Longest gazetteer name (in tokens) that is looked up.
pub const MAX_GAZ_LEN: usize = 6;

#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
pub fn comb(a: u64, b: u64) -> u64 {
    mix(a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b)
}

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

#[inline]
pub(crate) fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
}

pub fn hash_str(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in s.as_bytes() {
        h = fnv_step(h, b);
    }
    mix(h)
}

/// Word shapes: "London" → ("Xxxxx", "Xx"), "U.S." → ("X.X.", "X.X."): runs of one class are
/// capped at 4 characters in the long shape and collapsed to one in the short shape.
pub fn shapes(word: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    shape_chars(word, |s| long.push(s), |s| short.push(s));
    (long, short)
}

/// `hash_str` of both [`shapes`] of a word, without building them (tagging's hot path).
fn shape_hashes(word: &str) -> (u64, u64) {
    let (mut long, mut short) = (FNV_OFFSET, FNV_OFFSET);
    let feed = |h: &mut u64, c: char| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            *h = fnv_step(*h, b);
        }
    };
    shape_chars(word, |s| feed(&mut long, s), |s| feed(&mut short, s));
    (mix(long), mix(short))
}

/// The characters of a word's long shape (runs of one class capped at 4) and short shape (runs
/// collapsed), in order, to `long` and `short`.
fn shape_chars(word: &str, mut long: impl FnMut(char), mut short: impl FnMut(char)) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            short(s);
        }
        if run <= 4 {
            long(s);
        }
        last = s;
    }
}

/// Gazetteer built from training annotations (lowercased).
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    /// Hash of a lowercased token sequence → bit mask of entity kinds it was annotated as.
    pub spans: FxHashMap<u64, u8>,
    /// Hash of a lowercased token → bits `kind*4 + {0: in a name, 1: first, 2: last, 3: single}`.
    pub tokens: FxHashMap<u64, u16>,
    /// Lowercased forms seen written in lowercase in the training text (common words).
    pub common: FxHashSet<u64>,
    /// Word clusters learned from unlabeled text (empty: no cluster features).
    pub clusters: Arc<Clusters>,
    /// External name lists (places, person names, languages from registry packages): hash of
    /// a lowercased token sequence → bit mask of lists (see [`ExtLists`]); empty: no features.
    pub lists: Arc<ExtLists>,
}

/// Names of the external lists, in bit order (`scripts/ner-resources` writes them).
pub const EXT_LIST_NAMES: [&str; 6] = ["city", "region", "first", "last", "language", "demonym"];

/// External name lists: lowercased token-sequence hash → bit mask of the lists it is in.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExtLists {
    pub spans: FxHashMap<u64, u8>,
    /// Capitalization prior: lowercased-word hash → `(cap + 128) << 8 | (logp + 128)`, where
    /// `cap` is ln p(Title-case form) − ln p(lowercase form) and `logp` ln p of the more
    /// frequent form, both rounded (unigram probabilities from a large corpus).
    pub caps: FxHashMap<u64, u16>,
    /// Lowercased first tokens of the names of two or more tokens (lets a lookup stop early).
    pub firsts: FxHashSet<u64>,
    /// Whether `firsts` is filled (format version 5 and later, or built by `add`).
    pub has_firsts: bool,
}

impl ExtLists {
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && self.caps.is_empty()
    }

    pub fn len(&self) -> usize {
        self.spans.len() + self.caps.len()
    }

    /// Records a lowercased word's capitalization prior.
    pub fn add_caps(&mut self, lower: &str, cap: i32, logp: i32) {
        let c = (cap.clamp(-127, 127) + 128) as u16;
        let l = (logp.clamp(-127, 127) + 128) as u16;
        self.caps.insert(hash_str(lower), (c << 8) | l);
    }

    /// `(cap, logp)` of a lowercased word, when known.
    pub fn caps_of(&self, lower_hash: u64) -> Option<(i32, i32)> {
        self.caps.get(&lower_hash).map(|&v| (i32::from(v >> 8) - 128, i32::from(v & 0xff) - 128))
    }

    /// Adds one name (tokens as written) to list `list` (an index of [`EXT_LIST_NAMES`]).
    pub fn add(&mut self, tokens: &[&str], list: usize) {
        if tokens.is_empty() || tokens.len() > MAX_GAZ_LEN || list >= 8 {
            return;
        }
        let mut h = 0u64;
        for t in tokens {
            h = comb(h, hash_str(&t.to_lowercase()));
        }
        *self.spans.entry(h).or_default() |= 1 << list;
        self.has_firsts = true;
        if tokens.len() > 1 {
            self.firsts.insert(hash_str(&tokens[0].to_lowercase()));
        }
    }
}

impl Gazetteer {
    /// Adds one annotated name (tokens as written).
    pub fn add_name(&mut self, tokens: &[&str], kind: EntityKind) {
        if tokens.is_empty() {
            return;
        }
        let k = kind as usize;
        if tokens.len() <= MAX_GAZ_LEN {
            let mut h = 0u64;
            for t in tokens {
                h = comb(h, hash_str(&t.to_lowercase()));
            }
            *self.spans.entry(h).or_default() |= 1 << k;
        }
        let n = tokens.len();
        for (i, t) in tokens.iter().enumerate() {
            let mut bits = 1u16 << (k * 4);
            if i == 0 {
                bits |= 1 << (k * 4 + 1);
            }
            if i == n - 1 {
                bits |= 1 << (k * 4 + 2);
            }
            if n == 1 {
                bits |= 1 << (k * 4 + 3);
            }
            *self.tokens.entry(hash_str(&t.to_lowercase())).or_default() |= bits;
        }
    }

    pub fn add_common(&mut self, word: &str) {
        if word.chars().any(|c| c.is_lowercase()) && !word.chars().any(|c| c.is_uppercase()) {
            self.common.insert(hash_str(word));
        }
    }
}

/// Per-token values shared by several templates.
struct Tok {
    word: u64,
    lower: u64,
    shape: u64,
    sshape: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    cap: bool,
    common: bool,
    gtok: u16,
    clu: u32,
    /// Cluster of the lowercased form when the word is written otherwise (0: none/same).
    lclu: u32,
    /// Capitalization prior (see [`ExtLists::caps`]).
    caps: Option<(i32, i32)>,
}

fn tok_info(word: &str, gaz: &Gazetteer) -> Tok {
    let lower = word.to_lowercase();
    let (shape, sshape) = shape_hashes(word);
    // Prefixes and suffixes of 1–4 characters (the whole word when shorter), found by walking
    // the character boundaries from each end.
    let mut pre = [0u64; 4];
    let mut suf = [0u64; 4];
    let mut ends = lower.char_indices().map(|(b, _)| b).skip(1).chain(std::iter::repeat(lower.len()));
    let mut starts = lower.char_indices().map(|(b, _)| b).rev().chain(std::iter::repeat(0));
    for k in 0..4 {
        pre[k] = hash_str(&lower[..ends.next().unwrap_or(lower.len())]);
        suf[k] = hash_str(&lower[starts.next().unwrap_or(0)..]);
    }
    let lh = hash_str(&lower);
    let wh = hash_str(word);
    let clu = if gaz.clusters.is_empty() { 0 } else { gaz.clusters.lookup_hashed(wh, lh, &lower) };
    let lclu =
        if gaz.clusters.is_empty() || lower == word { 0 } else { gaz.clusters.paths.get(&lh).copied().unwrap_or(0) };
    Tok {
        word: wh,
        lower: lh,
        shape,
        sshape,
        pre,
        suf,
        cap: word.chars().next().is_some_and(|c| c.is_uppercase()),
        common: gaz.common.contains(&lh),
        gtok: gaz.tokens.get(&lh).copied().unwrap_or(0),
        clu,
        lclu,
        caps: gaz.lists.caps_of(lh),
    }
}

const PAD_L: u64 = 0x0051_ab11;
const PAD_R: u64 = 0x0051_ab22;

/// Feature rows of a sentence: `rows[offsets[i]..offsets[i+1]]` are token `i`'s.
pub struct SentFeats {
    pub rows: Vec<u32>,
    pub offsets: Vec<u32>,
    /// Per token: lowercase-form hash, 0 for a token without a letter (document features).
    pub keys: Vec<u64>,
    /// Per token: lowercase-form hash of every token (punctuation included; context aggregation).
    pub words: Vec<u64>,
    /// Per token: bit 0 first character uppercase, bit 1 first character lowercase.
    pub case: Vec<u8>,
    /// Line type: 0 ordinary, 1 all-caps headline, 2 all lowercase, 3 title-cased.
    pub line: u64,
}

pub fn extract(tokens: &[&str], gaz: &Gazetteer, bits: u32) -> SentFeats {
    let n = tokens.len();
    // Line-level flags: an all-caps headline, or a line with no capital at all.
    let mut alpha = 0;
    let mut upper = 0;
    let mut capd = 0;
    for t in tokens {
        if t.chars().any(|c| c.is_alphabetic()) {
            alpha += 1;
            if !t.chars().any(|c| c.is_lowercase()) {
                upper += 1;
            }
            if t.chars().any(|c| c.is_uppercase()) {
                capd += 1;
            }
        }
    }
    let caps_line = alpha > 0 && upper * 10 >= alpha * 7 && upper >= 1 && alpha - upper <= 3;
    let lower_line = alpha >= 3 && capd == 0;
    let title_line = !caps_line && alpha >= 2 && capd * 10 >= alpha * 8;
    let line = if caps_line {
        1u64
    } else if lower_line {
        2
    } else if title_line {
        3
    } else {
        0
    };
    let info: Vec<Tok> = tokens.iter().map(|t| tok_info(t, gaz)).collect();

    // Gazetteer span matches: for each token, the kinds × positions it is covered by.
    let mut gspan: Vec<u32> = vec![0; n];
    for s in 0..n {
        let mut h = 0u64;
        for e in s..n.min(s + MAX_GAZ_LEN) {
            // Every token of a gazetteer name is in `tokens` with its "in a name" bit, so a
            // token without one ends the search (the same matches, far fewer lookups).
            if info[e].gtok & 0x1111 == 0 {
                break;
            }
            h = comb(h, info[e].lower);
            if let Some(&mask) = gaz.spans.get(&h) {
                let len = e - s + 1;
                for k in 0..4 {
                    if mask & (1 << k) == 0 {
                        continue;
                    }
                    if len == 1 {
                        gspan[s] |= 1 << (k * 4 + 3);
                    } else {
                        gspan[s] |= 1 << (k * 4);
                        gspan[e] |= 1 << (k * 4 + 2);
                        for g in gspan.iter_mut().take(e).skip(s + 1) {
                            *g |= 1 << (k * 4 + 1);
                        }
                    }
                }
            }
        }
    }

    // External list matches: per token, list × position (bit list*4 + {0 inside, 1 first, 2 last, 3 whole}).
    let mut xspan: Vec<u32> = vec![0; n];
    if !gaz.lists.is_empty() {
        for s in 0..n {
            let mut h = 0u64;
            for e in s..n.min(s + MAX_GAZ_LEN) {
                // Only a token that starts a longer name needs lookups beyond itself.
                if e == s + 1 && gaz.lists.has_firsts && !gaz.lists.firsts.contains(&info[s].lower) {
                    break;
                }
                h = comb(h, info[e].lower);
                if let Some(&mask) = gaz.lists.spans.get(&h) {
                    for k in 0..8 {
                        if mask & (1 << k) == 0 {
                            continue;
                        }
                        if e == s {
                            xspan[s] |= 1 << (k * 4 + 3);
                        } else {
                            xspan[s] |= 1 << (k * 4 + 1);
                            xspan[e] |= 1 << (k * 4 + 2);
                            for g in xspan.iter_mut().take(e).skip(s + 1) {
                                *g |= 1 << (k * 4);
                            }
                        }
                    }
                }
            }
        }
    }
    let words: Vec<u64> = info.iter().map(|x| x.lower).collect();
    let keys: Vec<u64> =
        tokens.iter().zip(&info).map(|(t, x)| if t.chars().any(char::is_alphabetic) { x.lower } else { 0 }).collect();
    let case: Vec<u8> = tokens
        .iter()
        .map(|t| match t.chars().next() {
            Some(c) if c.is_uppercase() => 1,
            Some(c) if c.is_lowercase() => 2,
            _ => 0,
        })
        .collect();
    let shift = 64 - bits;
    let use_clusters = !gaz.clusters.is_empty();
    let mut rows = Vec::with_capacity(n * 48);
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0u32);
    let get = |i: isize| -> Option<&Tok> {
        if i < 0 {
            None
        } else {
            info.get(i as usize)
        }
    };
    for i in 0..n {
        let t = &info[i];
        let ii = i as isize;
        let lw = |d: isize| get(ii + d).map_or(if d < 0 { PAD_L } else { PAD_R }, |x| x.lower);
        let ss = |d: isize| get(ii + d).map_or(if d < 0 { PAD_L } else { PAD_R }, |x| x.sshape);
        let mut f = |tmpl: u64, v: u64| rows.push((comb(tmpl, v) >> shift) as u32);
        f(1, 0);
        f(2, t.word);
        f(3, t.lower);
        f(4, t.shape);
        f(5, t.sshape);
        for k in 0..4 {
            f(6 + k as u64, t.pre[k]);
            f(10 + k as u64, t.suf[k]);
        }
        f(14, lw(-1));
        f(15, lw(1));
        f(16, lw(-2));
        f(17, lw(2));
        f(18, ss(-1));
        f(19, ss(1));
        f(20, comb(lw(-1), t.lower));
        f(21, comb(t.lower, lw(1)));
        f(22, comb(comb(ss(-1), t.sshape), ss(1)));
        f(23, comb(u64::from(i == 0), t.shape));
        f(24, comb(line, t.sshape));
        f(25, comb(line, t.lower));
        f(26, comb(u64::from(t.common), u64::from(t.cap) * 2 + u64::from(i == 0)));
        f(27, comb(line, comb(u64::from(t.common), t.shape)));
        f(28, comb(ss(-1), t.lower));
        f(29, comb(t.lower, ss(1)));
        f(30, comb(lw(-1), ss(1)));
        // Gazetteer features.
        for b in 0..16 {
            if gspan[i] & (1 << b) != 0 {
                f(40, b);
                f(41, comb(b, t.sshape));
            }
            if t.gtok & (1 << b) != 0 {
                f(42, b);
                f(43, comb(b, u64::from(t.cap)));
            }
        }
        f(44, u64::from(gspan[i]));
        f(45, u64::from(t.gtok));
        let gprev = if i > 0 { info[i - 1].gtok } else { 0 };
        let gnext = info.get(i + 1).map_or(0, |x| x.gtok);
        f(46, comb(u64::from(gprev & 0x1111), u64::from(t.cap)));
        f(47, comb(u64::from(gnext & 0x1111), u64::from(t.cap)));
        let gsp = if i > 0 { gspan[i - 1] } else { 0 };
        f(48, comb(u64::from(gsp), u64::from(t.cap)));
        // External list features: each list × position, with capitalization; the whole mask;
        // the neighbours' masks.
        if xspan[i] != 0 || (i > 0 && xspan[i - 1] != 0) || xspan.get(i + 1).is_some_and(|&x| x != 0) {
            for b in 0..32u64 {
                if xspan[i] & (1 << b) != 0 {
                    f(50, b);
                    f(51, comb(b, u64::from(t.cap) * 2 + u64::from(t.common)));
                }
            }
            f(52, u64::from(xspan[i]));
            f(53, comb(u64::from(if i > 0 { xspan[i - 1] } else { 0 }), u64::from(t.cap)));
            f(54, comb(u64::from(xspan.get(i + 1).copied().unwrap_or(0)), u64::from(t.cap)));
        }
        // Capitalization prior of the word (how often it is written capitalized in a large
        // corpus) and its frequency, conjoined with how it is written here and the line type.
        if let Some((cap, logp)) = t.caps {
            let c = cap.clamp(-6, 6) as u64;
            let pos = u64::from(t.cap) * 2 + u64::from(i == 0);
            f(55, comb(c, pos));
            f(56, comb(comb(c, pos), line));
            f(57, comb((logp.clamp(-19, -4)) as u64, pos));
        } else if !gaz.lists.caps.is_empty() && t.cap {
            f(58, comb(u64::from(i == 0), line));
        }
        // Word-cluster features: the word and its neighbours at several granularities, and
        // the word's clusters conjoined with capitalization and sentence position.
        if use_clusters {
            let cl = |d: isize| get(ii + d).map_or(if d < 0 { u32::MAX } else { u32::MAX - 1 }, |x| x.clu);
            let pre = |c: u32, b: u32| {
                if c >= u32::MAX - 1 {
                    u64::from(c)
                } else {
                    u64::from(Clusters::prefix(c, b))
                }
            };
            let (cp, cn) = (cl(-1), cl(1));
            for (k, &b) in CLUSTER_PREFIXES.iter().enumerate() {
                let k = k as u64;
                let pc = pre(t.clu, b);
                f(60 + k, pc);
                f(64 + k, pre(cp, b));
                f(68 + k, pre(cn, b));
                f(72 + k, comb(pc, u64::from(t.cap) * 2 + u64::from(i == 0)));
                if t.lclu != 0 {
                    f(76 + k, comb(u64::from(Clusters::prefix(t.lclu, b)), u64::from(i == 0)));
                }
            }
        }
        offsets.push(rows.len() as u32);
    }
    SentFeats { rows, offsets, keys, words, case, line }
}

/// Stage-2 features of one document: each sentence's own features plus features from the
/// stage-1 tags (`tags[s][i]`, tag indices) of the document ("extended prediction history" /
/// non-local features, after Ratinov & Roth 2009): the token's own stage-1 tag and its
/// neighbours' (stage 1 is jackknifed in training, so stage 2 learns how far to trust it);
/// for the *other* occurrences of the same word (lowercased) in the document: the majority
/// kind (preferring ordinary lines to headlines), the set of kinds and BILOU tags (so
/// "Clinton" sees the L-PER of an earlier "Bill Clinton"), the tag of the nearest earlier
/// occurrence, and whether it is written lowercase, or capitalised away from the sentence
/// start, elsewhere. Linear in the document length (counts per word minus the token's own).
/// With `context` (models of format 6 on), also *context aggregation* (Ratinov & Roth 2009):
/// for a capitalized token, the words one and two places before and after the other
/// occurrences of the same word in the document (up to 24 occurrences, each feature once), so
/// "Leicestershire" in a results table sees the "v" and "beat" around its other mentions.
pub fn doc_extend(doc: &[&SentFeats], tags: &[&[usize]], bits: u32, context: bool) -> Vec<SentFeats> {
    /// Counts over all occurrences of one word in the document.
    #[derive(Default, Clone, Copy)]
    struct Agg {
        all: [u32; 5],
        norm: [u32; 5],
        tags: [u32; NT],
        lower: u32,
        cap: u32,
    }
    let kind = |t: usize| if t == 0 { 0usize } else { 1 + (t - 1) / 4 };
    // What one occurrence contributes: (kind, ordinary line, written lowercase, capitalised
    // inside an ordinary sentence).
    let contrib = |f: &SentFeats, i: usize, t: usize| {
        (kind(t), f.line == 0, f.case[i] == 2 && f.line != 2, f.case[i] == 1 && i > 0 && f.line == 0)
    };
    let shift = 64 - bits;
    let mut agg: FxHashMap<u64, Agg> = FxHashMap::default();
    for (s, f) in doc.iter().enumerate() {
        for (i, &k) in f.keys.iter().enumerate() {
            if k != 0 {
                let t = tags[s][i];
                let (kd, norm, low, cap) = contrib(f, i, t);
                let a = agg.entry(k).or_default();
                a.all[kd] += 1;
                a.norm[kd] += u32::from(norm);
                a.tags[t] += 1;
                a.lower += u32::from(low);
                a.cap += u32::from(cap);
            }
        }
    }
    // Context aggregation (Ratinov & Roth 2009): the words around the *other* occurrences of a
    // capitalized word in the document.
    let mut occ: FxHashMap<u64, Vec<(u32, u32)>> = FxHashMap::default();
    if context {
        for (s, f) in doc.iter().enumerate() {
            for (i, &k) in f.keys.iter().enumerate() {
                if k != 0 {
                    occ.entry(k).or_default().push((s as u32, i as u32));
                }
            }
        }
    }
    let mut seen_ctx: Vec<u64> = Vec::new();
    // Tag of the latest occurrence of each word so far (document order).
    let mut last: FxHashMap<u64, usize> = FxHashMap::default();
    let mut out = Vec::with_capacity(doc.len());
    for (s, f) in doc.iter().enumerate() {
        let n = f.keys.len();
        let mut rows = Vec::with_capacity(f.rows.len() + n * 16);
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        for i in 0..n {
            rows.extend_from_slice(&f.rows[f.offsets[i] as usize..f.offsets[i + 1] as usize]);
            let mut push = |tmpl: u64, v: u64| rows.push((comb(tmpl, v) >> shift) as u32);
            let pos = u64::from(f.case[i]) * 2 + u64::from(i == 0);
            let own_line = u64::from(f.line == 1);
            let own = tags[s][i];
            let p = if i > 0 { tags[s][i - 1] } else { NT };
            let nx = if i + 1 < n { tags[s][i + 1] } else { NT };
            push(110, own as u64);
            push(111, comb(p as u64, own as u64));
            push(112, comb(own as u64, nx as u64));
            let k = f.keys[i];
            if k != 0 {
                let mut a = agg[&k];
                let (kd, norm, low, cap) = contrib(f, i, own);
                a.all[kd] -= 1;
                a.norm[kd] -= u32::from(norm);
                a.tags[own] -= 1;
                a.lower -= u32::from(low);
                a.cap -= u32::from(cap);
                let earlier = last.insert(k, own);
                let tot_all: u32 = a.all.iter().sum();
                if tot_all > 0 {
                    let tot_norm: u32 = a.norm.iter().sum();
                    let cnt = if tot_norm > 0 { &a.norm } else { &a.all };
                    let mut maj = 0usize;
                    for kd in 1..5 {
                        if cnt[kd] > cnt[maj] {
                            maj = kd;
                        }
                    }
                    let maj = maj as u64;
                    push(100, comb(maj, u64::from(tot_norm > 0)));
                    push(101, comb(comb(maj, pos), own_line));
                    push(113, comb(maj, own as u64));
                    let mut kinds = 0u64;
                    for (kd, &c) in a.all.iter().enumerate() {
                        if c > 0 {
                            kinds |= 1 << kd;
                            push(102, kd as u64);
                            push(103, comb(kd as u64, pos));
                        }
                    }
                    push(105, comb(kinds, own_line));
                    for (t, &c) in a.tags.iter().enumerate() {
                        if c > 0 {
                            push(104, t as u64);
                        }
                    }
                    if let Some(t) = earlier {
                        push(106, comb(t as u64, pos));
                    }
                }
                if context && f.case[i] == 1 {
                    if let Some(list) = occ.get(&k) {
                        seen_ctx.clear();
                        for &(s2, i2) in list.iter().take(24) {
                            if (s2 as usize, i2 as usize) == (s, i) {
                                continue;
                            }
                            let g = doc[s2 as usize];
                            let i2 = i2 as usize;
                            let w = |d: isize| {
                                let j = i2 as isize + d;
                                if j < 0 {
                                    PAD_L
                                } else {
                                    g.words.get(j as usize).copied().unwrap_or(PAD_R)
                                }
                            };
                            for (d, tmpl) in [(-1isize, 120u64), (1, 121), (-2, 122), (2, 123)] {
                                let v = comb(tmpl, w(d));
                                if !seen_ctx.contains(&v) {
                                    seen_ctx.push(v);
                                    push(124, v);
                                }
                            }
                        }
                    }
                }
                push(107, comb(u64::from(a.lower > 0), pos));
                push(108, comb(u64::from(a.cap > 0), pos));
            }
            offsets.push(rows.len() as u32);
        }
        out.push(SentFeats { rows, offsets, keys: f.keys.clone(), words: f.words.clone(), case: f.case.clone(), line: f.line });
    }
    out
}

/// Tag indices: 0 = O; kind k: B = 1+4k, I = 2+4k, L = 3+4k, U = 4+4k.
#[inline]
pub fn allowed(prev: usize, cur: usize) -> bool {
    // prev == NT is the sentence start.
    let prev_open = prev != NT && prev != 0 && matches!((prev - 1) % 4, 0 | 1); // B or I
    if prev_open {
        let k = (prev - 1) / 4;
        cur != 0 && (cur - 1) / 4 == k && matches!((cur - 1) % 4, 1 | 2)
    } else {
        cur == 0 || matches!((cur - 1) % 4, 0 | 3)
    }
}

#[inline]
fn allowed_end(t: usize) -> bool {
    t == 0 || matches!((t - 1) % 4, 2 | 3)
}

/// Best BILOU-valid tag sequence. `emit[i*NT + t]`, `trans[p*NT + t]` with `p == NT` the start.
/// For each tag, the tags allowed before it (increasing order) and how many there are.
fn predecessors() -> &'static [([u8; NT], usize); NT] {
    static PREDS: std::sync::OnceLock<[([u8; NT], usize); NT]> = std::sync::OnceLock::new();
    PREDS.get_or_init(|| {
        let mut out = [([0u8; NT], 0usize); NT];
        for (t, (ps, np)) in out.iter_mut().enumerate() {
            for p in 0..NT {
                if allowed(p, t) {
                    ps[*np] = p as u8;
                    *np += 1;
                }
            }
        }
        out
    })
}

pub fn viterbi(emit: &[i64], trans: &[i32], n: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    const NEG: i64 = i64::MIN / 4;
    let mut score = vec![NEG; n * NT];
    let mut back = vec![0u8; n * NT];
    for t in 0..NT {
        if allowed(NT, t) {
            score[t] = emit[t] + i64::from(trans[NT * NT + t]);
        }
    }
    let preds = predecessors();
    // From the second token on every tag has an allowed predecessor that is reachable (only
    // I- and L- tags are unreachable, and only at the first token), so the best predecessor is
    // always a real path: an unreachable one scores near NEG, far below any real one.
    for i in 1..n {
        let (prev, cur) = score.split_at_mut(i * NT);
        let prev = &prev[(i - 1) * NT..];
        for t in 0..NT {
            let (ps, np) = &preds[t];
            let mut best = NEG;
            let mut arg = 0u8;
            for &p in &ps[..*np] {
                let v = prev[p as usize] + i64::from(trans[p as usize * NT + t]);
                if v > best {
                    best = v;
                    arg = p;
                }
            }
            cur[t] = best + emit[i * NT + t];
            back[i * NT + t] = arg;
        }
    }
    let mut best = NEG;
    let mut arg = 0;
    for t in 0..NT {
        let s = score[(n - 1) * NT + t];
        if s != NEG && allowed_end(t) && s > best {
            best = s;
            arg = t;
        }
    }
    let mut out = vec![0; n];
    out[n - 1] = arg;
    for i in (1..n).rev() {
        out[i - 1] = back[i * NT + out[i]] as usize;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_work() {
        assert_eq!(shapes("London"), ("Xxxxx".into(), "Xx".into()));
        assert_eq!(shapes("Abu"), ("Xxx".into(), "Xx".into()));
        assert_eq!(shapes("U.S."), ("X.X.".into(), "X.X.".into()));
        assert_eq!(shapes("1996"), ("dddd".into(), "d".into()));
        assert_eq!(shapes("NATO"), ("XXXX".into(), "X".into()));
    }

    #[test]
    fn early_exits_find_the_same_list_and_gazetteer_matches() {
        let mut g = Gazetteer::default();
        g.add_name(&["Port", "Velnar", "Harbour", "Trust"], EntityKind::Org);
        g.add_name(&["Velnar"], EntityKind::Loc);
        let mut lists = ExtLists::default();
        lists.add(&["Port", "Velnar"], 0);
        lists.add(&["Saint", "Orlo", "de", "Mar"], 0);
        lists.add(&["Orlo"], 3);
        lists.add_caps("harbour", -3, -12);
        let mut full_scan = lists.clone();
        full_scan.firsts.clear();
        full_scan.has_firsts = false;
        let toks = ["Ships", "left", "Port", "Velnar", "Harbour", "Trust", "for", "Saint", "Orlo", "de", "Mar", "."];
        let with = Gazetteer { lists: Arc::new(lists), ..g.clone() };
        let without = Gazetteer { lists: Arc::new(full_scan), ..g };
        let (a, b) = (extract(&toks, &with, 18), extract(&toks, &without, 18));
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.offsets, b.offsets);
    }

    #[test]
    fn features_are_deterministic_and_in_range() {
        let mut g = Gazetteer::default();
        g.add_name(&["Abu", "Dhabi"], EntityKind::Loc);
        let a = extract(&["Talks", "in", "Abu", "Dhabi", "."], &g, 16);
        let b = extract(&["Talks", "in", "Abu", "Dhabi", "."], &g, 16);
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.offsets.len(), 6);
        assert!(a.rows.iter().all(|&r| r < 1 << 16));
        // The gazetteer adds features to the name's tokens only.
        let plain = extract(&["Talks", "in", "Abu", "Dhabi", "."], &Gazetteer::default(), 16);
        assert!(a.offsets[3] - a.offsets[2] > plain.offsets[3] - plain.offsets[2]);
        assert_eq!(a.offsets[2] - a.offsets[1], plain.offsets[2] - plain.offsets[1]);
    }

    #[test]
    fn context_aggregation_adds_the_other_occurrences_neighbours() {
        let gaz = Gazetteer::default();
        let a = extract(&["Rovan", "beat", "Tarsk", "."], &gaz, 16);
        let b = extract(&["Tarsk", "v", "Olm", "."], &gaz, 16);
        let tags: [&[usize]; 2] = [&[0, 0, 0, 0], &[0, 0, 0, 0]];
        let plain = doc_extend(&[&a, &b], &tags, 16, false);
        let ctx = doc_extend(&[&a, &b], &tags, 16, true);
        let count = |f: &SentFeats, i: usize| f.offsets[i + 1] - f.offsets[i];
        // "Tarsk" in the first sentence gains the four neighbours of its other occurrence
        // (left padding twice, "v", "Olm"); lowercase "beat" and the unrepeated "Rovan" gain nothing.
        assert_eq!(count(&ctx[0], 2), count(&plain[0], 2) + 4);
        assert_eq!(count(&ctx[0], 1), count(&plain[0], 1));
        assert_eq!(count(&ctx[0], 0), count(&plain[0], 0));
    }

    #[test]
    fn viterbi_respects_bilou() {
        // Emissions prefer I-PER at token 0 (invalid start) and B-PER at the end (invalid end).
        let mut emit = vec![0i64; 2 * NT];
        emit[2] = 10; // I-PER at 0
        emit[NT + 1] = 10; // B-PER at 1
        let trans = vec![0i32; (NT + 1) * NT];
        let path = viterbi(&emit, &trans, 2);
        assert!(allowed(NT, path[0]));
        assert!(allowed(path[0], path[1]));
        assert!(allowed_end(path[1]));
        // A clean B-L pair wins when it is scored.
        emit[0] = 0;
        emit[1] = 5;
        emit[NT + 3] = 5;
        emit[NT + 1] = 0;
        assert_eq!(viterbi(&emit, &trans, 2), vec![1, 3]);
    }
}
