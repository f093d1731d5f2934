//! ECB+ (Cybulska & Vossen 2014) gold entity mentions → predicted
//! cross-document coreference clusters, for `chorus eval coref`.
//!
//! - [`load`] reads `docs.jsonl` and `mentions.jsonl` (the format of
//!   `shared/data/ecbplus/README.md`); a missing file or a bad line is an
//!   [`EcbError`] naming the file and line, never a panic.
//! - [`predict`] clusters gold mentions, one document group (a story or a
//!   gold sub-topic) at a time, with deterministic rules:
//!   1. names (the head word is capitalized) are compared with the
//!      project's own rules in [`crate::canon::match_names`]; a bare
//!      surname joins a full name only when one person of the group
//!      carries that surname (the [`Reason::Surname`] reading);
//!      - 1b: role nouns join the person they describe: appositions between
//!        gold mentions ("her rep NAME", "NAME, coach"), role phrases around
//!        a name (the `roles` module, plus the lowercase word right before it
//!        or a short apposition after it); a person noun tied to exactly one
//!        person of the group joins that person in every document;
//!      - 1c: a one-word name (or a capitalized one-word common noun inside a
//!        sentence) joins the one longer name it begins or ends; common nouns
//!        with the same capitalized modifier ("Waitrose store") join;
//!   2. common nouns join on their head lemma within a type class
//!      (singular and plural person nouns apart; "police", "family" are
//!      plural);
//!   3. times join on their text without prepositions and determiners;
//!   4. pronouns join the nearest earlier mention of a compatible class in
//!      their document.
//!
//! The ECB+ mention type (HUMAN_PART_PER, LOC_GEO, TIME_DATE, …) comes with
//! the gold mention and is used as the entity kind: HUMAN_PART_PER → Per,
//! HUMAN_PART_ORG/MET → Org, HUMAN_PART_GPE and LOC_* → Loc, the rest Misc.

use std::fmt;
use std::path::{Path, PathBuf};

use chorus_ner::EntityKind;
use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::canon::{clean_name_of, match_names, person_parts, plain_key, Reason};
use crate::coref_score::UnionFind;
use crate::roles::{head_noun, role_after, role_before};
use chorus_facts::quotes::{role_word, RoleWord};

/// Problems reading the corpus.
#[derive(Debug)]
pub enum EcbError {
    /// A file could not be read.
    Io { path: PathBuf, source: std::io::Error },
    /// A line is not a record of the expected shape.
    Line { path: PathBuf, line: usize, message: String },
}

impl fmt::Display for EcbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EcbError::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            EcbError::Line { path, line, message } => write!(f, "{}:{line}: {message}", path.display()),
        }
    }
}

impl std::error::Error for EcbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EcbError::Io { source, .. } => Some(source),
            EcbError::Line { .. } => None,
        }
    }
}

/// One document of `docs.jsonl` (the fields used here).
#[derive(Debug, Clone, Deserialize)]
pub struct EcbDoc {
    pub id: String,
    pub topic: u32,
    pub subtopic: String,
    #[serde(default)]
    pub url: Option<String>,
    pub text: String,
}

/// One gold mention of `mentions.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct EcbMention {
    pub doc: String,
    pub sentence: u32,
    pub start_char: u32,
    pub end_char: u32,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub category: String,
    pub m_id: String,
    /// Gold chain id (key only; [`predict`] never reads it).
    pub cluster: String,
    pub validated: bool,
}

/// The corpus: documents in file order and mentions in file order.
#[derive(Debug, Clone, Default)]
pub struct EcbCorpus {
    pub docs: Vec<EcbDoc>,
    pub mentions: Vec<EcbMention>,
}

impl EcbCorpus {
    /// The topic of a document, from its record.
    pub fn topic_of(&self) -> FxHashMap<&str, u32> {
        self.docs.iter().map(|d| (d.id.as_str(), d.topic)).collect()
    }
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, EcbError> {
    let text = std::fs::read_to_string(path).map_err(|source| EcbError::Io { path: path.to_path_buf(), source })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(line).map_err(|e| EcbError::Line { path: path.to_path_buf(), line: i + 1, message: e.to_string() })?;
        out.push(rec);
    }
    Ok(out)
}

/// Reads `DIR/docs.jsonl` and `DIR/mentions.jsonl`. Every mention must
/// belong to a document of the file.
pub fn load(dir: &Path) -> Result<EcbCorpus, EcbError> {
    let docs_path = dir.join("docs.jsonl");
    let ment_path = dir.join("mentions.jsonl");
    let docs: Vec<EcbDoc> = read_jsonl(&docs_path)?;
    let mentions: Vec<EcbMention> = read_jsonl(&ment_path)?;
    let ids: rustc_hash::FxHashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    if let Some((i, m)) = mentions.iter().enumerate().find(|(_, m)| !ids.contains(m.doc.as_str())) {
        return Err(EcbError::Line { path: ment_path, line: i + 1, message: format!("mention of unknown document {:?}", m.doc) });
    }
    Ok(EcbCorpus { docs, mentions })
}

/// The gold chains of the given mentions (indices into `mentions`), as
/// clusters of those indices.
pub fn gold_clusters(mentions: &[EcbMention], selected: &[u32]) -> Vec<Vec<u32>> {
    let mut by: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for &i in selected {
        by.entry(mentions[i as usize].cluster.as_str()).or_default().push(i);
    }
    let mut out: Vec<Vec<u32>> = by.into_values().collect();
    out.sort_unstable();
    out
}

/// Coarse classes of ECB+ entity types; mentions of different classes never corefer here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Person,
    Org,
    Place,
    Thing,
    Time,
}

/// The class and the canon kind of an ECB+ entity type.
pub fn class_of(ecb_type: &str) -> (Class, EntityKind) {
    match ecb_type {
        "HUMAN_PART_PER" | "HUMAN_PART_GENERIC" => (Class::Person, EntityKind::Per),
        "HUMAN_PART_ORG" | "HUMAN_PART_MET" => (Class::Org, EntityKind::Org),
        "HUMAN_PART_GPE" => (Class::Org, EntityKind::Loc),
        t if t.starts_with("LOC_") => (Class::Place, EntityKind::Loc),
        "HUMAN_PART_FAC" => (Class::Place, EntityKind::Loc),
        t if t.starts_with("TIME_") => (Class::Time, EntityKind::Misc),
        _ => (Class::Thing, EntityKind::Misc),
    }
}

const PREPOSITIONS: &[&str] = &[
    "on", "in", "at", "to", "from", "near", "outside", "inside", "into", "between", "for", "during", "since", "until",
    "by", "after", "before", "around", "across", "along", "within", "through", "over", "under", "off", "onto", "of",
    "about", "toward", "towards", "behind", "beside", "throughout", "till", "as", "upon",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "some",
    "another", "other", "such", "any", "each", "every",
];

/// Words that end the head phrase of a noun phrase.
const PHRASE_BREAK: &[&str] = &[
    "of", "who", "whom", "whose", "which", "that", "in", "at", "on", "from", "with", "near", "outside", "for", "by",
    "to", "during", "after", "before", "as", "and", "or", "where", "when", "inside", "into",
];

const PRONOUNS_PERSON: &[&str] = &[
    "he", "him", "his", "himself", "she", "her", "hers", "herself", "i", "me", "my", "mine", "myself", "who", "whom",
    "whose", "you", "your", "yours", "yourself",
];
const PRONOUNS_PLURAL: &[&str] = &["they", "them", "their", "theirs", "themselves", "we", "us", "our", "ours", "ourselves"];
const PRONOUNS_THING: &[&str] = &["it", "its", "itself", "which", "that", "this", "there", "here", "where", "then", "when"];

/// Lowercase word counts of the corpus text: a capitalized word that is
/// also written in lowercase ("Woman" in a headline, "woman" in a text) is
/// a common noun, not a name.
struct Vocab {
    lower: FxHashMap<String, u32>,
    upper: FxHashMap<String, u32>,
}

impl Vocab {
    fn of(corpus: &EcbCorpus) -> Vocab {
        let mut lower: FxHashMap<String, u32> = FxHashMap::default();
        let mut upper: FxHashMap<String, u32> = FxHashMap::default();
        for d in &corpus.docs {
            for line in d.text.lines() {
                // the first word of a line (a sentence) says nothing about case
                for w in line.split_whitespace().skip(1).map(trim_word) {
                    match w.chars().next() {
                        Some(c) if c.is_lowercase() => *lower.entry(lemma(w)).or_default() += 1,
                        Some(c) if c.is_uppercase() => *upper.entry(lemma(w)).or_default() += 1,
                        _ => {}
                    }
                }
            }
        }
        Vocab { lower, upper }
    }

    fn is_common(&self, w: &str) -> bool {
        let l = lemma(w);
        let lower = self.lower.get(&l).copied().unwrap_or(0);
        lower >= MIN_LOWER && lower >= self.upper.get(&l).copied().unwrap_or(0)
    }
}

/// A named cluster takes the unnamed singular common nouns of its class
/// when it is this many times larger than the next named one (0: never).
const DOMINANT: f64 = 1.0;
const DOMINANT_CLASSES: &[Class] = &[Class::Person, Class::Place];

/// Whether a name joins the one longer name of its class that it begins.
const NAME_PREFIX: bool = true;

/// Singular and plural person nouns of one head ("co-worker" / "co-workers")
/// are different entities.
const SPLIT_NUMBER: bool = true;

/// Nouns that name a group of people: never one person.
const COLLECTIVE: &[&str] = &["police", "family", "jury", "crowd", "staff", "crew", "couple", "public", "audience", "personnel"];

/// Whether a one-word name joins the one longer name of its class that it ends.
const NAME_SUFFIX: bool = true;

/// Whether one-word common nouns written capitalized inside a sentence
/// join longer names they begin or end ("the Academy").
const CAP_NOMINALS: bool = true;

const MOD_TO_NAME: bool = true;
/// Whether common nouns join on their capitalized modifier.
const MOD_KEYS: bool = true;

/// Number words read as their digits ("Three" / "3").
const NUMBER_WORDS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/// Lowercase uses that make a capitalized single word a common noun.
const MIN_LOWER: u32 = 2;

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

const RELATIVE: &[&str] = &["who", "whom", "whose", "which", "that", "where", "when"];

/// What [`predict`] knows about one mention.
#[derive(Debug, Clone)]
struct Info {
    idx: u32,
    doc: u32,
    /// Position in the document (sentence, start).
    pos: (u32, u32),
    class: Class,
    kind: EntityKind,
    form: Form,
    /// Head lemma (lowercase) of a common noun; key of a time.
    key: String,
    /// Cleaned name of a named mention.
    name: String,
    /// Plural pronoun or plural head noun.
    plural: bool,
    /// Byte span in the document text, where the text is known and the
    /// mention's offsets fit it.
    span: Option<(usize, usize)>,
    /// Role nouns (lemmas) written in a person name's own mention
    /// ("Attorney Mark Jay Heller", "lawyer Mark Heller").
    roles: Vec<String>,
    /// A common noun with a possessor ("Reid's rep", "her lawyer").
    possessed: bool,
    /// Name key of a one-word common noun written capitalized inside a
    /// sentence ("the Academy"); empty otherwise.
    cap_key: String,
    /// Name key of the capitalized words before a common noun's head
    /// ("Waitrose" of "a Waitrose store"); empty otherwise.
    mod_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form {
    Name,
    Nominal,
    Pronoun,
    Time,
    Other,
}

fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-' && c != '.' && c != '&')
        .trim_end_matches('.')
}

/// A plural noun's singular (rules plus a few irregular forms).
fn lemma(w: &str) -> String {
    let w = w.to_lowercase();
    let irregular = [("men", "man"), ("women", "woman"), ("people", "person"), ("children", "child"), ("police", "police"), ("feet", "foot")];
    for (p, s) in irregular {
        if w == p {
            return s.to_string();
        }
        if let Some(stem) = w.strip_suffix(p) {
            if !stem.is_empty() && p != "police" {
                return format!("{stem}{s}");
            }
        }
    }
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for suf in ["sses", "shes", "ches", "xes"] {
        if w.len() > suf.len() + 1 && w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_string();
    }
    w
}

/// A role noun of the shared title vocabulary ("Attorney", "coach").
fn is_title(w: &str) -> bool {
    role_word(w) == RoleWord::Title
}

const POSSESSIVE_PRONOUNS: bool = true;
const POSSESSIVES: &[&str] = &["his", "her", "their", "its", "our", "my", "your"];

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The words of a mention without leading prepositions and determiners,
/// cut before the first word that ends a head phrase (and at a comma).
fn head_phrase(text: &str) -> Vec<&str> {
    let first_clause = text.split([',', '(', ';', ':', '"']).find(|s| s.chars().any(char::is_alphanumeric)).unwrap_or("");
    let mut ws: Vec<&str> = first_clause.split_whitespace().map(trim_word).filter(|w| !w.is_empty()).collect();
    while ws.len() > 1 && {
        let l = ws[0].to_lowercase();
        PREPOSITIONS.contains(&l.as_str()) || DETERMINERS.contains(&l.as_str())
    } {
        ws.remove(0);
    }
    if let Some(cut) = ws.iter().skip(1).position(|w| PHRASE_BREAK.contains(&w.to_lowercase().as_str())) {
        ws.truncate(cut + 1);
    }
    // possessive on the last word
    if let Some(last) = ws.last_mut() {
        for suf in ["'s", "\u{2019}s", "'"] {
            if last.len() > suf.len() && last.ends_with(suf) {
                *last = &last[..last.len() - suf.len()];
                break;
            }
        }
    }
    ws
}

fn info(idx: u32, doc: u32, m: &EcbMention, vocab: &Vocab) -> Info {
    let (class, kind) = class_of(&m.kind);
    let lower = m.text.trim().to_lowercase();
    let mut inf = Info {
        idx,
        doc,
        pos: (m.sentence, m.start_char),
        class,
        kind,
        form: Form::Other,
        key: String::new(),
        name: String::new(),
        plural: false,
        span: None,
        roles: Vec::new(),
        possessed: false,
        cap_key: String::new(),
        mod_key: String::new(),
    };
    let lw = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    if PRONOUNS_PERSON.contains(&lw) || PRONOUNS_PLURAL.contains(&lw) || PRONOUNS_THING.contains(&lw) {
        inf.form = Form::Pronoun;
        inf.plural = PRONOUNS_PLURAL.contains(&lw);
        inf.key = lw.to_string();
        return inf;
    }
    let ws = head_phrase(&m.text);
    if class == Class::Time {
        inf.form = Form::Time;
        let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
        // a weekday names the day whatever the time of day added to it
        inf.key = match lower.iter().find(|w| WEEKDAYS.contains(&w.as_str())) {
            Some(d) => d.clone(),
            None => lower.join(" "),
        };
        return inf;
    }
    let Some(head) = ws.last() else { return inf };
    let alpha = head.chars().any(char::is_alphabetic);
    let number = NUMBER_WORDS.iter().position(|w| head.eq_ignore_ascii_case(w));
    if let (Some(k), true) = (number, ws.len() == 1) {
        inf.key = (k + 1).to_string();
        inf.form = Form::Nominal;
        return inf;
    }
    if !alpha {
        inf.key = head.to_lowercase();
        inf.form = Form::Nominal;
        return inf;
    }
    // A name: the head word is capitalized (an all-caps common noun from a
    // headline is read as a name too; the canon rules compare it exactly).
    if is_capitalized(head) && !(ws.len() == 1 && vocab.is_common(head)) {
        let start = ws.iter().position(|w| is_capitalized(w)).unwrap_or(0);
        let phrase = ws[start..].join(" ");
        if let Some(name) = clean_name_of(&phrase, kind) {
            if class == Class::Person {
                inf.roles = ws[..start].iter().chain(ws[start..].iter().take_while(|w| is_title(w))).map(|w| lemma(w)).collect();
            }
            inf.form = Form::Name;
            inf.name = name;
            inf.key = plain_key(&inf.name);
            return inf;
        }
    }
    inf.form = Form::Nominal;
    if ws.len() == 1 && is_capitalized(head) && head.chars().any(char::is_lowercase) {
        inf.cap_key = plain_key(head);
    }
    if ws.len() > 1 {
        let before = &ws[..ws.len() - 1];
        let end = before.iter().rposition(|w| is_capitalized(w));
        if let Some(e) = end {
            let s0 = before[..=e].iter().rposition(|w| !is_capitalized(w)).map_or(0, |p| p + 1);
            let run: Vec<&str> = before[s0..=e].iter().copied().filter(|w| !w.ends_with("'s") && !w.ends_with("\u{2019}s")).collect();
            // the first word of a mention may be capitalized as a sentence start
            if !(run.is_empty() || s0 == 0 && run.len() == 1 && vocab.is_common(run[0])) {
                inf.mod_key = plain_key(&run.join(" "));
            }
        }
    }
    inf.possessed = ws.len() > 1 && ws[..ws.len() - 1].iter().any(|w| w.ends_with("'s") || w.ends_with("\u{2019}s"))
        || POSSESSIVE_PRONOUNS && m.text.split_whitespace().next().is_some_and(|w| POSSESSIVES.contains(&w.to_lowercase().as_str()));
    inf.key = lemma(head);
    inf.plural = inf.key != head.to_lowercase() || COLLECTIVE.contains(&inf.key.as_str());
    inf
}

/// Predicted clusters (of indices into `mentions`) for the `selected`
/// mentions; `group` gives each document's group (story or sub-topic) —
/// mentions of different groups join only through a shared name (a person's
/// full name, a place's or organisation's name), as in the store-wide list.
pub fn predict(corpus: &EcbCorpus, selected: &[u32], group: &dyn Fn(&str) -> u64) -> Vec<Vec<u32>> {
    let mentions = &corpus.mentions;
    let vocab = Vocab::of(corpus);
    let texts: FxHashMap<&str, &str> = corpus.docs.iter().map(|d| (d.id.as_str(), d.text.as_str())).collect();
    let mut doc_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut doc_text: Vec<&str> = Vec::new();
    // byte offset of every char of a document's text (and of its end)
    let mut offsets: Vec<Vec<usize>> = Vec::new();
    let mut by_group: FxHashMap<u64, Vec<Info>> = FxHashMap::default();
    for &i in selected {
        let m = &mentions[i as usize];
        let n = doc_ids.len() as u32;
        let d = *doc_ids.entry(m.doc.as_str()).or_insert(n);
        if d == n {
            let t = texts.get(m.doc.as_str()).copied().unwrap_or("");
            doc_text.push(t);
            offsets.push(t.char_indices().map(|(b, _)| b).chain(std::iter::once(t.len())).collect());
        }
        let mut inf = info(i, d, m, &vocab);
        inf.possessed &= inf.class == Class::Person;
        let off = &offsets[d as usize];
        if let (Some(&a), Some(&b)) = (off.get(m.start_char as usize), off.get(m.end_char as usize)) {
            if a < b {
                inf.span = Some((a, b));
                let t = doc_text[d as usize];
                if !inf.cap_key.is_empty() && (a == 0 || t.as_bytes()[a - 1] == b'\n' || !CAP_NOMINALS) {
                    inf.cap_key.clear();
                }
                if inf.form == Form::Nominal && inf.class == Class::Person {
                    inf.possessed |= possessor_before(doc_text[d as usize], a);
                }
            }
        }
        by_group.entry(group(&m.doc)).or_default().push(inf);
    }
    let mut groups: Vec<(u64, Vec<Info>)> = by_group.into_iter().collect();
    groups.sort_unstable_by_key(|g| g.0);
    let mut out = Vec::new();
    // The full names of each cluster (as transliteration keys), for the merge across groups.
    let mut names: Vec<Vec<String>> = Vec::new();
    for (_, mut infos) in groups {
        infos.sort_by_key(|x| (x.doc, x.pos, x.idx));
        let by_idx: FxHashMap<u32, &Info> = infos.iter().map(|x| (x.idx, x)).collect();
        for c in cluster_group(&infos, &doc_text) {
            let mut keys: Vec<String> = c
                .iter()
                .filter_map(|i| by_idx.get(i))
                .filter(|x| {
                    let words = x.name.split_whitespace().count();
                    x.form == Form::Name && (words >= 2 || (words == 1 && x.class != Class::Person))
                })
                .map(|x| format!("{:?}:{}", x.kind, x.name.split_whitespace().map(crate::canon::translit_word).collect::<Vec<_>>().join(" ")))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            names.push(keys);
            out.push(c);
        }
    }
    if ACROSS_GROUPS {
        out = merge_named(out, &names);
    }
    out.sort_unstable();
    out
}

/// Whether clusters of different groups (stories) that share a name join, as the store-wide
/// entity list does (`across`): a person's full name (a bare surname may be a namesake's), or
/// the name of a place or organisation.
const ACROSS_GROUPS: bool = true;

/// Joins the clusters that share a name key (union-find over the clusters).
fn merge_named(clusters: Vec<Vec<u32>>, names: &[Vec<String>]) -> Vec<Vec<u32>> {
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut first: FxHashMap<&str, usize> = FxHashMap::default();
    for (c, keys) in names.iter().enumerate() {
        for k in keys {
            match first.get(k.as_str()) {
                Some(&o) => {
                    let (a, b) = (find(&mut parent, o), find(&mut parent, c));
                    if a != b {
                        parent[b] = a;
                    }
                }
                None => {
                    first.insert(k, c);
                }
            }
        }
    }
    let mut joined: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
    for (c, members) in clusters.into_iter().enumerate() {
        let r = find(&mut parent, c);
        joined.entry(r).or_default().extend(members);
    }
    joined
        .into_values()
        .map(|mut v| {
            v.sort_unstable();
            v
        })
        .collect()
}

/// Whether a possessor is written just before byte `a` of the text
/// ("Reid's rep", "her lawyer", "the actress's longtime rep").
fn possessor_before(text: &str, a: usize) -> bool {
    if a > text.len() || !text.is_char_boundary(a) {
        return false;
    }
    let line_start = text[..a].rfind('\n').map_or(0, |p| p + 1);
    let before = &text[line_start..a];
    for w in before.split(' ').rev().filter(|w| !w.is_empty()).take(2) {
        if w.ends_with([',', ';', ':', '.', '"', '(', ')']) {
            return false;
        }
        let l = w.to_lowercase();
        if l.ends_with("'s") || l.ends_with("\u{2019}s") || (POSSESSIVE_PRONOUNS && POSSESSIVES.contains(&l.as_str())) {
            return true;
        }
    }
    false
}

/// Whether the common noun written right before a name or in an apposition
/// after it is tied to the name (when it is a person noun of the group).
const WORD_TIES: bool = true;

/// A common noun with a possessor never joins the dominant entity.
const POSSESSED_NOT_DOMINANT: bool = false;

/// A common noun cluster with this many mentions in sentences that name
/// the dominant entity is not read as that entity.
const CONTRAST: bool = false;
const CONTRAST_MIN: usize = 5;

/// Whether role nouns are tied to the persons they describe.
const ROLE_TIES: bool = true;

/// The role nouns written around a person name in its text: "Kremlin
/// spokesman NAME", "NAME, the team's coach,".
fn text_roles(m: &Info, texts: &[&str]) -> Vec<String> {
    let Some((a, b)) = m.span else { return Vec::new() };
    let Some(text) = texts.get(m.doc as usize).copied() else { return Vec::new() };
    if b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
        return Vec::new();
    }
    let line_start = text[..a].rfind('\n').map_or(0, |p| p + 1);
    let mut out = Vec::new();
    for (s, e) in [role_before(text, line_start, a), role_after(text, b)].into_iter().flatten() {
        if let Some(h) = head_noun(&text[s..e]) {
            out.push(lemma(&h));
        }
    }
    if WORD_TIES {
        // the lowercase word right before the name: "rep NAME"
        let before = &text[line_start..a];
        if before.ends_with(' ') {
            if let Some(w) = before.split_whitespace().last() {
                if w.chars().all(|c| c.is_lowercase() || c == '-') && !w.is_empty() {
                    out.push(lemma(w));
                }
            }
        }
        // an apposition after it: "NAME, her rep, said" / "NAME, coach."
        let line_end = text[b..].find('\n').map_or(text.len(), |p| b + p);
        let after = &text[b..line_end];
        if let Some(rest) = after.strip_prefix(", ") {
            let end = rest.find([',', '.', ';', ')']).unwrap_or(rest.len());
            let ws: Vec<&str> = rest[..end].split_whitespace().collect();
            if (1..=4).contains(&ws.len())
                && ws.iter().all(|w| w.chars().all(|c| c.is_lowercase() || c == '-' || c == '\'' || c == '\u{2019}'))
            {
                if let Some(w) = ws.last() {
                    out.push(lemma(w));
                }
            }
        }
    }
    out
}

/// Whether a common noun and a name stand in apposition in their text:
/// "rep NAME", "attorney, NAME", "NAME, coach", "NAME (the rep)".
fn apposed(nominal: &Info, name: &Info, name_after: bool, texts: &[&str]) -> bool {
    let (Some(a), Some(b)) = (nominal.span, name.span) else { return false };
    let Some(text) = texts.get(nominal.doc as usize).copied() else { return false };
    let (first, second) = if name_after { (a, b) } else { (b, a) };
    if first.1 > second.0 || second.0 > text.len() || !text.is_char_boundary(first.1) || !text.is_char_boundary(second.0) {
        return false;
    }
    let gap = &text[first.1..second.0];
    if gap.len() > 12 || gap.contains('\n') {
        return false;
    }
    let g = gap.trim().to_lowercase();
    if name_after {
        // "rep NAME" or "her attorney, NAME"
        g.is_empty() || g == ","
    } else {
        // "NAME, coach" / "NAME, the team's coach" / "NAME (the rep"
        let rest = g.strip_prefix(',').or_else(|| g.strip_prefix('(')).map(str::trim);
        rest.is_some_and(|r| r.is_empty() || r.split_whitespace().all(|w| matches!(w, "the" | "a" | "an" | "his" | "her" | "their")))
    }
}

/// Whether pronouns respect the gender of their antecedent's cluster.
const GENDER: bool = false;
const GENDER_NOUNS: bool = false;

/// 1 male, -1 female, 0 unknown: gendered pronouns and person nouns.
fn gender_of(m: &Info) -> i8 {
    if m.class != Class::Person || m.plural {
        return 0;
    }
    match m.key.as_str() {
        "he" | "him" | "his" | "himself" | "man" | "father" | "son" | "husband" | "brother" | "boy" | "king"
        | "actor" | "grandfather" | "uncle" | "nephew" | "businessman" | "spokesman" | "policeman" | "gentleman" => 1,
        "she" | "her" | "hers" | "herself" | "woman" | "mother" | "daughter" | "wife" | "sister" | "girl" | "queen"
        | "actress" | "grandmother" | "aunt" | "niece" | "businesswoman" | "spokeswoman" | "policewoman" | "lady" => -1,
        _ => 0,
    }
}

// Mention `i` is also union-find slot `i`, and most rules read other mentions by index too.
#[allow(clippy::needless_range_loop)]
fn cluster_group(ms: &[Info], texts: &[&str]) -> Vec<Vec<u32>> {
    let n = ms.len();
    let mut uf = UnionFind::new(n);
    // 1. names
    let names: Vec<usize> = (0..n).filter(|&i| ms[i].form == Form::Name).collect();
    let is_bare = |i: usize| ms[i].kind == EntityKind::Per && person_parts(&ms[i].name).0.is_empty();
    for (a, &i) in names.iter().enumerate() {
        for &j in &names[a + 1..] {
            if ms[i].class != ms[j].class {
                continue;
            }
            if let Some(r) = match_names(&ms[i].name, ms[i].kind, &ms[j].name, ms[j].kind) {
                if r == Reason::Surname {
                    continue; // decided below
                }
                uf.union(i, j);
            }
        }
    }
    // bare surnames: the one full-name person of the group with that surname
    for &i in names.iter().filter(|&&i| is_bare(i)) {
        let mut owners: Vec<usize> = Vec::new();
        for &j in names.iter().filter(|&&j| !is_bare(j) && ms[j].kind == EntityKind::Per && ms[j].class == ms[i].class) {
            if match_names(&ms[i].name, ms[i].kind, &ms[j].name, ms[j].kind).is_some() {
                let r = uf.find(j);
                if !owners.contains(&r) {
                    owners.push(r);
                }
            }
        }
        if owners.len() == 1 {
            uf.union(i, owners[0]);
        } else if owners.len() > 1 {
            // prefer the one mentioned in the same document
            let same: Vec<usize> = owners
                .iter()
                .copied()
                .filter(|&r| names.iter().any(|&j| uf.find(j) == r && ms[j].doc == ms[i].doc))
                .collect();
            if same.len() == 1 {
                uf.union(i, same[0]);
            }
        }
    }
    // a shorter name that begins a longer one of its class ("Promises" /
    // "Promises Treatment Center"), when only one entity has such a name
    let caps: Vec<usize> = (0..n).filter(|&i| !ms[i].cap_key.is_empty()).collect();
    if NAME_PREFIX {
        for &i in names.iter().chain(caps.iter()).filter(|&&i| ms[i].kind != EntityKind::Per) {
            let ki = if ms[i].form == Form::Name { &ms[i].key } else { &ms[i].cap_key };
            let mut owners: Vec<usize> = Vec::new();
            for &j in names.iter().filter(|&&j| ms[j].class == ms[i].class && ms[j].kind != EntityKind::Per) {
                let kj = &ms[j].key;
                if kj.len() > ki.len() && kj.starts_with(ki.as_str()) && kj.as_bytes()[ki.len()] == b' ' {
                    let r = uf.find(j);
                    if !owners.contains(&r) {
                        owners.push(r);
                    }
                }
            }
            if owners.len() == 1 {
                uf.union(i, owners[0]);
            }
        }
    }
    // role nouns tied to named persons: appositions between gold mentions
    // ("her rep Jack Ketsoyan", "Jim O'Brien, coach"), role phrases around
    // a name in the text and role words inside a name's mention
    let role_keys: Vec<(usize, String)> = names
        .iter()
        .copied()
        .filter(|&i| ROLE_TIES && ms[i].class == Class::Person)
        .flat_map(|i| text_roles(&ms[i], texts).into_iter().map(move |k| (i, k)))
        .collect();
    let mut attached: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut ties: Vec<(usize, &str, usize)> = Vec::new(); // (name, role key, nominal or usize::MAX)
    if ROLE_TIES {
        for i in names.iter().copied().filter(|&i| ms[i].class == Class::Person) {
            for r in &ms[i].roles {
                ties.push((i, r.as_str(), usize::MAX));
            }
        }
        for i in 0..n {
            if ms[i].class != Class::Person || ms[i].form != Form::Nominal || ms[i].plural {
                continue;
            }
            for j in [i.wrapping_sub(1), i + 1] {
                if j >= n || ms[j].doc != ms[i].doc || ms[j].form != Form::Name || ms[j].class != Class::Person {
                    continue;
                }
                if apposed(&ms[i], &ms[j], j > i, texts) {
                    ties.push((j, ms[i].key.as_str(), i));
                }
            }
        }
        let person_keys: rustc_hash::FxHashSet<&str> = (0..n)
            .filter(|&i| ms[i].class == Class::Person && ms[i].form == Form::Nominal && !ms[i].plural)
            .map(|i| ms[i].key.as_str())
            .collect();
        for (i, k) in &role_keys {
            if person_keys.contains(k.as_str()) {
                ties.push((*i, k.as_str(), usize::MAX));
            }
        }
        for &(name, _, nom) in &ties {
            if nom != usize::MAX {
                uf.union(name, nom);
            }
        }
        for &(name, key, _) in &ties {
            let r = uf.find(name);
            let v = attached.entry(key).or_default();
            if !v.contains(&r) {
                v.push(r);
            }
        }
        // a role noun tied to one person of the group is that person
        for i in 0..n {
            if ms[i].class == Class::Person && ms[i].form == Form::Nominal && !ms[i].plural {
                if let Some(v) = attached.get(ms[i].key.as_str()) {
                    if v.len() == 1 {
                        uf.union(v[0], i);
                    }
                }
            }
        }
    }
    // a one-word name that ends a longer name of its class ("Sukanya" /
    // "INS Sukanya", "Sox" / "Red Sox"), when only one entity has such a name
    if NAME_SUFFIX {
        for &i in names.iter().chain(caps.iter()).filter(|&&i| ms[i].kind != EntityKind::Per) {
            let ki = if ms[i].form == Form::Name { &ms[i].key } else { &ms[i].cap_key };
            if ki.contains(' ') {
                continue;
            }
            let mut owners: Vec<usize> = Vec::new();
            for &j in names.iter().filter(|&&j| ms[j].class == ms[i].class && ms[j].kind != EntityKind::Per) {
                let kj = &ms[j].key;
                if kj.len() > ki.len() && kj.ends_with(ki.as_str()) && kj.as_bytes()[kj.len() - ki.len() - 1] == b' ' {
                    let r = uf.find(j);
                    if !owners.contains(&r) {
                        owners.push(r);
                    }
                }
            }
            if owners.len() == 1 {
                uf.union(i, owners[0]);
            }
        }
    }
    // common nouns with the same capitalized modifier ("Waitrose store" /
    // "Waitrose supermarket"), unless a name of the class is that modifier
    // (then the modifier locates the thing: "a Queens street")
    if MOD_KEYS {
        let name_keys: rustc_hash::FxHashSet<(Class, &str)> = names.iter().map(|&i| (ms[i].class, ms[i].key.as_str())).collect();
        let mut by_mod: FxHashMap<(Class, &str, bool), usize> = FxHashMap::default();
        for i in 0..n {
            if ms[i].form == Form::Nominal && !ms[i].mod_key.is_empty() && !name_keys.contains(&(ms[i].class, ms[i].mod_key.as_str())) {
                let e = *by_mod.entry((ms[i].class, ms[i].mod_key.as_str(), ms[i].plural)).or_insert(i);
                uf.union(e, i);
            }
        }
        if MOD_TO_NAME {
            for i in 0..n {
                if ms[i].form == Form::Nominal && !ms[i].plural && ms[i].class != Class::Place && !ms[i].mod_key.is_empty() {
                    if let Some(&j) = names.iter().find(|&&j| ms[j].class == ms[i].class && ms[j].key == ms[i].mod_key) {
                        uf.union(i, j);
                    }
                }
            }
        }
    }
    // 2. common nouns and 3. times: the same key within a class
    let mut by_key: FxHashMap<(Class, Form, &str, bool), usize> = FxHashMap::default();
    for i in 0..n {
        let ambiguous = ms[i].class == Class::Person
            && ms[i].form == Form::Nominal
            && !ms[i].plural
            && attached.get(ms[i].key.as_str()).is_some_and(|v| v.len() > 1);
        if matches!(ms[i].form, Form::Nominal | Form::Time) && !ms[i].key.is_empty() && !ambiguous {
            let e = *by_key.entry((ms[i].class, ms[i].form, ms[i].key.as_str(), ms[i].plural && SPLIT_NUMBER && ms[i].class == Class::Person)).or_insert(i);
            uf.union(e, i);
        }
    }
    // names and common nouns of one word: "Navy" / "navy"
    for i in 0..n {
        if ms[i].form == Form::Name && !ms[i].key.contains(' ') {
            if let Some(&e) = by_key.get(&(ms[i].class, Form::Nominal, ms[i].key.as_str(), false)) {
                uf.union(e, i);
            }
        }
    }
    // a singular common noun with no name in its cluster ("the actress")
    // is read as the group's dominant named entity of its class
    if DOMINANT > 0.0 {
        let mut named: FxHashMap<usize, (Class, usize)> = FxHashMap::default();
        for &i in &names {
            let r = uf.find(i);
            named.entry(r).or_insert((ms[i].class, 0)).1 += 1;
        }
        // full sizes of the named clusters
        let mut size: FxHashMap<usize, usize> = FxHashMap::default();
        for i in 0..n {
            *size.entry(uf.find(i)).or_default() += 1;
        }
        for class in [Class::Person, Class::Org, Class::Place, Class::Thing] {
            if !DOMINANT_CLASSES.contains(&class) {
                continue;
            }
            let mut cands: Vec<(usize, usize)> =
                named.iter().filter(|(_, (c, _))| *c == class).map(|(&r, _)| (size[&r], r)).collect();
            cands.sort_unstable_by(|a, b| b.cmp(a));
            let Some(&(top, root)) = cands.first() else { continue };
            let second = cands.get(1).map_or(0, |c| c.0);
            if (top as f64) < DOMINANT * second as f64 {
                continue;
            }
            // a common noun with a possessor ("her lawyer") is someone else
            let mut poss_count: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
            for i in (0..n).filter(|&i| ms[i].form == Form::Nominal && ms[i].class == class) {
                let e = poss_count.entry(uf.find(i)).or_default();
                e.0 += usize::from(ms[i].possessed);
                e.1 += 1;
            }
            let possessed: rustc_hash::FxHashSet<usize> = poss_count
                .iter()
                .filter(|(_, &(p, t))| POSSESSED_NOT_DOMINANT && p > 0 && 2 * p >= t)
                .map(|(&r, _)| r)
                .collect();
            // a common noun written in a sentence that also names the
            // dominant entity is someone else ("a driver hit NAME")
            let name_sents: rustc_hash::FxHashSet<(u32, u32)> =
                (0..n).filter(|&i| ms[i].form == Form::Name && uf.find(i) == uf.find(root)).map(|i| (ms[i].doc, ms[i].pos.0)).collect();
            let mut contrast: FxHashMap<usize, usize> = FxHashMap::default();
            for i in (0..n).filter(|&i| CONTRAST && ms[i].form == Form::Nominal && ms[i].class == class) {
                if name_sents.contains(&(ms[i].doc, ms[i].pos.0)) {
                    *contrast.entry(uf.find(i)).or_default() += 1;
                }
            }
            let contrasted: Vec<usize> = contrast.iter().filter(|(_, &c)| c >= CONTRAST_MIN).map(|(&r, _)| r).collect();
            for i in 0..n {
                let r = uf.find(i);
                if ms[i].form == Form::Nominal
                    && !contrasted.contains(&r)
                    && ms[i].class == class
                    && !ms[i].plural
                    && !named.contains_key(&r)
                    && !possessed.contains(&r)
                {
                    uf.union(root, i);
                }
            }
        }
    }
    // 4. pronouns: the nearest earlier compatible mention of the document
    // (of the same gender where the cluster's gender is known)
    let mut gender: FxHashMap<usize, i8> = FxHashMap::default();
    for i in 0..n {
        let g = gender_of(&ms[i]);
        if g != 0 && ms[i].form == Form::Nominal && GENDER_NOUNS {
            gender.insert(uf.find(i), g);
        }
    }
    for i in 0..n {
        if ms[i].form != Form::Pronoun {
            continue;
        }
        // a relative pronoun ("who", "which", "where") takes the mention
        // just before it in its sentence, whatever its number
        let relative = RELATIVE.contains(&ms[i].key.as_str());
        let g = gender_of(&ms[i]);
        let ante = (0..i).rev().take_while(|&j| ms[j].doc == ms[i].doc).find(|&j| {
            ms[j].form != Form::Pronoun
                && ms[j].class == ms[i].class
                && (relative || ms[j].plural == ms[i].plural || ms[j].form == Form::Name)
                && !(GENDER && g != 0 && gender.get(&uf.find(j)).is_some_and(|&h| h == -g))
        });
        if let Some(j) = ante {
            let r = uf.find(j);
            let h = gender.get(&r).copied().unwrap_or(0);
            uf.union(i, j);
            let r2 = uf.find(j);
            gender.insert(r2, if h != 0 { h } else { g });
        }
    }
    let mut by_root: FxHashMap<usize, Vec<u32>> = FxHashMap::default();
    for i in 0..n {
        by_root.entry(uf.find(i)).or_default().push(ms[i].idx);
    }
    by_root.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(doc: &str, sentence: u32, start: u32, text: &str, kind: &str) -> EcbMention {
        EcbMention {
            doc: doc.into(),
            sentence,
            start_char: start,
            end_char: start + text.chars().count() as u32,
            text: text.into(),
            kind: kind.into(),
            category: "entity".into(),
            m_id: format!("{start}"),
            cluster: String::new(),
            validated: true,
        }
    }

    #[test]
    fn role_nouns_follow_their_person() {
        let t1 = "Mirela Dovan left, her rep Petar Ilic said.";
        let t2 = "The rep confirmed it. Dovan is fine.";
        let at = |t: &str, w: &str| t.find(w).unwrap() as u32;
        let ms = vec![
            m("d1", 0, at(t1, "Mirela"), "Mirela Dovan", "HUMAN_PART_PER"),
            m("d1", 0, at(t1, "rep"), "rep", "HUMAN_PART_PER"),
            m("d1", 0, at(t1, "Petar"), "Petar Ilic", "HUMAN_PART_PER"),
            m("d2", 0, at(t2, "rep"), "rep", "HUMAN_PART_PER"),
            m("d2", 0, at(t2, "Dovan"), "Dovan", "HUMAN_PART_PER"),
        ];
        let docs = [("d1", t1), ("d2", t2)]
            .iter()
            .map(|(id, t)| EcbDoc { id: id.to_string(), topic: 1, subtopic: "1a".into(), url: None, text: t.to_string() })
            .collect();
        let sel: Vec<u32> = (0..ms.len() as u32).collect();
        let c = EcbCorpus { docs, mentions: ms };
        let clusters = predict(&c, &sel, &|_| 0);
        let find = |i: u32| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_eq!(find(1), find(2), "apposition");
        assert_eq!(find(3), find(2), "the role noun in another document");
        assert_eq!(find(0), find(4));
        assert_ne!(find(0), find(2));
    }

    #[test]
    fn odd_offsets_do_not_panic() {
        let mut a = m("d1", 0, 40, "Dovan", "HUMAN_PART_PER");
        a.end_char = 400;
        let b = m("d1", 0, 2, "é rep", "HUMAN_PART_PER");
        let docs = vec![EcbDoc { id: "d1".into(), topic: 1, subtopic: "1a".into(), url: None, text: "ééé rep".into() }];
        let c = EcbCorpus { docs, mentions: vec![a, b] };
        let _ = predict(&c, &[0, 1], &|_| 0);
    }

    #[test]
    fn heads_and_lemmas() {
        assert_eq!(head_phrase("a rehab facility in Malibu, Calif"), vec!["rehab", "facility"]);
        assert_eq!(head_phrase("on a freeway outside downtown"), vec!["freeway"]);
        assert_eq!(lemma("officers"), "officer");
        assert_eq!(lemma("women"), "woman");
        assert_eq!(lemma("authorities"), "authority");
        assert_eq!(lemma("boss"), "boss");
    }

    #[test]
    fn invented_story_clusters() {
        let ms = vec![
            m("d1", 1, 0, "Mirela Dovan", "HUMAN_PART_PER"),
            m("d1", 1, 30, "she", "HUMAN_PART_PER"),
            m("d1", 2, 0, "the harbour", "LOC_FAC"),
            m("d2", 1, 0, "Dovan", "HUMAN_PART_PER"),
            m("d2", 1, 20, "harbours", "LOC_FAC"),
            m("d2", 2, 0, "Friday", "TIME_DATE"),
            m("d1", 3, 0, "on Friday", "TIME_DATE"),
            m("d2", 3, 0, "Petar Dovan", "HUMAN_PART_PER"),
        ];
        let sel: Vec<u32> = (0..ms.len() as u32).collect();
        let c = EcbCorpus { docs: vec![], mentions: ms };
        let clusters = predict(&c, &sel, &|_| 0);
        let find = |i: u32| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_eq!(find(0), find(1), "pronoun to its antecedent");
        assert_eq!(find(2), find(4), "head lemma");
        assert_eq!(find(5), find(6), "time text");
        assert_ne!(find(0), find(7), "different given names");
        // two full names with the surname: the bare one prefers its document's
        assert_eq!(find(3), find(7));
        // other groups are joined only by names
        let clusters = predict(&c, &sel, &|d| u64::from(d == "d2"));
        let find = |i: u32| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_ne!(find(2), find(4));
    }

    #[test]
    fn names_join_across_groups_and_bare_surnames_do_not() {
        let ms = vec![
            m("d1", 1, 0, "Mirela Dovan", "HUMAN_PART_PER"),
            m("d1", 1, 40, "Tarsk", "LOC_GEO"),
            m("d1", 2, 0, "the ferry", "NON_HUMAN_PART"),
            m("d2", 1, 0, "Mirela Dovan", "HUMAN_PART_PER"),
            m("d2", 1, 40, "Tarsk", "LOC_GEO"),
            m("d2", 2, 0, "the ferry", "NON_HUMAN_PART"),
            m("d3", 1, 0, "Dovan", "HUMAN_PART_PER"),
        ];
        let sel: Vec<u32> = (0..ms.len() as u32).collect();
        let c = EcbCorpus { docs: vec![], mentions: ms };
        let clusters = predict(&c, &sel, &|d| d.as_bytes()[1] as u64);
        let find = |i: u32| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_eq!(find(0), find(3), "one full name in two stories: one person");
        assert_eq!(find(1), find(4), "one place name in two stories: one place");
        assert_ne!(find(2), find(5), "common nouns stay in their story");
        assert_ne!(find(0), find(6), "a bare surname elsewhere may be a namesake");
        assert_eq!(clusters.iter().map(Vec::len).sum::<usize>(), 7, "every mention once");
    }
}
