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
//!   2. common nouns join on their head lemma within a type class;
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

use crate::canon::{clean_name, match_names, person_parts, plain_key, Reason};
use crate::coref_score::UnionFind;

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
        if let Some(name) = clean_name(&phrase) {
            inf.form = Form::Name;
            inf.name = name;
            inf.key = plain_key(&inf.name);
            return inf;
        }
    }
    inf.form = Form::Nominal;
    inf.key = lemma(head);
    inf.plural = inf.key != head.to_lowercase();
    inf
}

/// Predicted clusters (of indices into `mentions`) for the `selected`
/// mentions; `group` gives each document's group (story or sub-topic) —
/// mentions of different groups are never joined.
pub fn predict(corpus: &EcbCorpus, selected: &[u32], group: &dyn Fn(&str) -> u64) -> Vec<Vec<u32>> {
    let mentions = &corpus.mentions;
    let vocab = Vocab::of(corpus);
    let mut doc_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut by_group: FxHashMap<u64, Vec<Info>> = FxHashMap::default();
    for &i in selected {
        let m = &mentions[i as usize];
        let n = doc_ids.len() as u32;
        let d = *doc_ids.entry(m.doc.as_str()).or_insert(n);
        by_group.entry(group(&m.doc)).or_default().push(info(i, d, m, &vocab));
    }
    let mut groups: Vec<(u64, Vec<Info>)> = by_group.into_iter().collect();
    groups.sort_unstable_by_key(|g| g.0);
    let mut out = Vec::new();
    for (_, mut infos) in groups {
        infos.sort_by_key(|x| (x.doc, x.pos, x.idx));
        out.extend(cluster_group(&infos));
    }
    out.sort_unstable();
    out
}

fn cluster_group(ms: &[Info]) -> Vec<Vec<u32>> {
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
    if NAME_PREFIX {
        for &i in names.iter().filter(|&&i| ms[i].kind != EntityKind::Per) {
            let ki = &ms[i].key;
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
    // 2. common nouns and 3. times: the same key within a class
    let mut by_key: FxHashMap<(Class, Form, &str), usize> = FxHashMap::default();
    for i in 0..n {
        if matches!(ms[i].form, Form::Nominal | Form::Time) && !ms[i].key.is_empty() {
            let e = *by_key.entry((ms[i].class, ms[i].form, ms[i].key.as_str())).or_insert(i);
            uf.union(e, i);
        }
    }
    // names and common nouns of one word: "Navy" / "navy"
    for i in 0..n {
        if ms[i].form == Form::Name && !ms[i].key.contains(' ') {
            if let Some(&e) = by_key.get(&(ms[i].class, Form::Nominal, ms[i].key.as_str())) {
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
            for i in 0..n {
                let r = uf.find(i);
                if ms[i].form == Form::Nominal && ms[i].class == class && !ms[i].plural && !named.contains_key(&r) {
                    uf.union(root, i);
                }
            }
        }
    }
    // 4. pronouns: the nearest earlier compatible mention of the document
    for i in 0..n {
        if ms[i].form != Form::Pronoun {
            continue;
        }
        // a relative pronoun ("who", "which", "where") takes the mention
        // just before it in its sentence, whatever its number
        let relative = RELATIVE.contains(&ms[i].key.as_str());
        let ante = (0..i).rev().take_while(|&j| ms[j].doc == ms[i].doc).find(|&j| {
            ms[j].form != Form::Pronoun
                && ms[j].class == ms[i].class
                && (relative || ms[j].plural == ms[i].plural || ms[j].form == Form::Name)
        });
        if let Some(j) = ante {
            uf.union(i, j);
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
        // other groups are never joined
        let clusters = predict(&c, &sel, &|d| u64::from(d == "d2"));
        let find = |i: u32| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_ne!(find(2), find(4));
    }
}
