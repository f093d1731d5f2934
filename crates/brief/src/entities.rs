//! The entities of a story: the tagger run on every document, mentions
//! resolved within and across documents (`chorus-entities`), and quote
//! speakers read under the entity's canonical name.

use chorus_entities::canon::{clean_name, match_names, plain_key};
use chorus_entities::resolve::{resolve, DocEntities};
use chorus_model::{BlockKind, Document, EntityInfo};
use chorus_ner::{Entity, EntityKind, NerModel};
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

use crate::facts::DocFacts;

/// The tagger of briefs with a cache of each document's mentions: a story's
/// brief is rebuilt whenever documents join it, and its older documents
/// need not be tagged again (document ids are content hashes, so a cached
/// entry never goes stale).
pub struct EntityTagger {
    model: Arc<NerModel>,
    cache: Mutex<FxHashMap<String, Arc<Vec<Entity>>>>,
}

/// Documents whose mentions are cached, at most (then the cache starts over).
const CACHE_DOCS: usize = 200_000;

impl EntityTagger {
    pub fn new(model: Arc<NerModel>) -> EntityTagger {
        EntityTagger { model, cache: Mutex::new(FxHashMap::default()) }
    }

    pub fn model(&self) -> &NerModel {
        &self.model
    }

    /// The document's mentions ([`tag`]), from the cache when it has them.
    pub fn mentions(&self, doc: &Document) -> Arc<Vec<Entity>> {
        if let Some(m) = self.cache.lock().ok().and_then(|c| c.get(&doc.id).cloned()) {
            return m;
        }
        let m = Arc::new(tag(&self.model, doc));
        if let Ok(mut c) = self.cache.lock() {
            if c.len() >= CACHE_DOCS {
                c.clear();
            }
            c.insert(doc.id.clone(), m.clone());
        }
        m
    }
}

/// Tags a document. A mention inside a heading is kept only when the
/// document also names it outside headings: section labels ("Key
/// Takeaways", "Bottom Line") are headings only, real names in a heading
/// come back in the text.
pub fn tag(ner: &NerModel, doc: &Document) -> Vec<Entity> {
    let mut out = ner.entities(&doc.text);
    let headings: Vec<(usize, usize)> = doc
        .segments
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| (b.span.start as usize, b.span.end as usize))
        .collect();
    if headings.is_empty() {
        return out;
    }
    let in_heading = |m: &Entity| headings.iter().any(|&(s, e)| s <= m.start && m.end <= e);
    let body: Vec<String> =
        out.iter().filter(|m| !in_heading(m)).filter_map(|m| doc.text.get(m.start..m.end)).map(str::to_lowercase).collect();
    out.retain(|m| {
        !in_heading(m) || {
            let t = doc.text.get(m.start..m.end).unwrap_or("").to_lowercase();
            body.iter().any(|b| b.contains(&t))
        }
    });
    out
}

/// The entities of a story's documents; `group_of[i]` is document i's
/// independent source.
pub fn story_entities(docs: &[Document], ner: &EntityTagger, group_of: &[usize]) -> Vec<EntityInfo> {
    use rayon::prelude::*;
    let tagged: Vec<Arc<Vec<Entity>>> = docs.par_iter().map(|d| ner.mentions(d)).collect();
    let input: Vec<DocEntities<'_>> = docs
        .iter()
        .zip(&tagged)
        .enumerate()
        .map(|(i, (d, m))| DocEntities {
            id: &d.id,
            text: &d.text,
            mentions: m,
            source: group_of.get(i).copied().unwrap_or(i),
            dateline: d.meta.get("dateline").and_then(|v| v.as_str()),
        })
        .collect();
    resolve(&input)
}

/// The canonical name of the one person entity a speaker name fits.
pub fn canonical_person<'a>(entities: &'a [EntityInfo], speaker: &str) -> Option<&'a str> {
    let name = clean_name(speaker)?;
    let key = plain_key(&name);
    let people = || entities.iter().filter(|e| e.kind == "PER");
    // a spelling seen as written wins; otherwise the matching rules, if they
    // point at exactly one person
    if let Some(e) = people().find(|e| plain_key(&e.name) == key || e.aliases.iter().any(|a| plain_key(a) == key)) {
        return Some(&e.name);
    }
    let mut fits = people().filter(|e| match_names(&name, EntityKind::Per, &e.name, EntityKind::Per).is_some());
    let first = fits.next()?;
    fits.next().is_none().then_some(first.name.as_str())
}

/// [`story_speaker_in`] with the name keys computed here.
#[cfg(test)]
fn story_speaker(entities: &[EntityInfo], speaker: &str) -> Option<String> {
    story_speaker_in(entities, &entity_name_keys(entities), speaker)
}

/// Every name and alias of the entities, with its [`plain_key`]: `(entity index, key, name)`.
fn entity_name_keys(entities: &[EntityInfo]) -> Vec<(usize, String, &str)> {
    entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)).map(move |n| (i, plain_key(n), n)))
        .collect()
}

/// The story's name for a speaker the quote finder named: the canonical person it fits; else
/// the entity it names (any kind: "Kyiv said"), or whose name it ends ("Armed Violence" of "NGO
/// Action on Armed Violence", cut at a lowercase word); else, a speaker of several words as
/// written. `None` for a one-word speaker that names no entity of the story: a heading ("Lead:
/// …") or a sentence opener ("Interviewed by …") the quote finder took for a name.
fn story_speaker_in(entities: &[EntityInfo], keys: &[(usize, String, &str)], speaker: &str) -> Option<String> {
    if let Some(c) = canonical_person(entities, speaker) {
        return Some(c.to_string());
    }
    let name = clean_name(speaker)?;
    let key = plain_key(&name);
    if let Some((i, _, _)) = keys.iter().find(|(_, k, _)| *k == key) {
        return Some(entities[*i].name.clone());
    }
    // a title the quote finder took into the name ("Homeland Security Chad Wolf", "Public
    // Defender Peter Lynch"): the one person whose full name ends it
    let mut people: Vec<usize> = keys
        .iter()
        .filter(|(i, k, n)| {
            // a given name written out, not an initial ("J. Pickell" does not end "Robert J. Pickell")
            let given = n.split_whitespace().next().is_some_and(|g| g.trim_end_matches('.').chars().count() >= 2);
            entities[*i].kind == "PER" && given && n.contains(' ') && key.ends_with(&format!(" {k}"))
        })
        .map(|(i, _, _)| *i)
        .collect();
    people.dedup();
    if let [i] = people[..] {
        return Some(entities[i].name.clone());
    }
    // the words cut off end in a lowercase one ("Action on", "Bureau of"): a name the quote
    // finder cut short, not a title before a person's name ("Los Angeles County Sheriff Lee Baca")
    let tail = format!(" {key}");
    let words = name.split_whitespace().count();
    let mut ends: Vec<usize> = keys
        .iter()
        .filter(|(_, k, n)| k.ends_with(&tail) && n.split_whitespace().rev().nth(words).is_some_and(|w| w.starts_with(char::is_lowercase)))
        .map(|(i, _, _)| *i)
        .collect();
    ends.dedup();
    match ends[..] {
        [i] => Some(entities[i].name.clone()),
        _ => (words > 1).then(|| speaker.to_string()),
    }
}

/// Quote speakers under canonical names, so that one person's statements
/// group across outlets that spell the name differently; a one-word "speaker" that names
/// nothing the story's entities know is dropped (see [`story_speaker_in`]).
pub fn canonical_speakers(facts: &mut [DocFacts], entities: &[EntityInfo]) {
    // no entities (tagging off, or a story without names): nothing to check speakers against
    if entities.is_empty() {
        return;
    }
    let keys = entity_name_keys(entities);
    // one speaker is usually named in many quotes
    let mut seen: FxHashMap<String, Option<String>> = FxHashMap::default();
    for f in facts {
        for q in &mut f.quotes {
            if let Some(s) = q.speaker.take() {
                q.speaker = seen.entry(s).or_insert_with_key(|s| story_speaker_in(entities, &keys, s)).clone();
                if q.speaker.is_none() {
                    q.resolution = chorus_facts::quotes::SpeakerResolution::Unresolved;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::story_speaker;
    use chorus_model::EntityInfo;

    fn ent(name: &str, kind: &str, aliases: &[&str]) -> EntityInfo {
        EntityInfo {
            id: String::new(),
            name: name.into(),
            kind: kind.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            roles: vec![],
            mentions: vec![],
            sources: 1,
            merges: vec![],
            modifier: false,
        }
    }

    #[test]
    fn speakers_are_named_as_the_storys_entities() {
        let es = [
            ent("Dmitry Orlovsky", "PER", &["Orlovsky"]),
            ent("Lomar", "LOC", &[]),
            ent("NGO Friends of the Orm Valley", "ORG", &[]),
        ];
        assert_eq!(story_speaker(&es, "Dmitri Orlovski").as_deref(), Some("Dmitry Orlovsky"));
        assert_eq!(story_speaker(&es, "Lomar").as_deref(), Some("Lomar"));
        // the quote finder cut the name at a lowercase word
        assert_eq!(story_speaker(&es, "Orm Valley").as_deref(), Some("NGO Friends of the Orm Valley"));
        // a heading or a sentence opener is no speaker; an unknown full name stays as written
        assert_eq!(story_speaker(&es, "Lead"), None);
        assert_eq!(story_speaker(&es, "Interviewed"), None);
        assert_eq!(story_speaker(&es, "Tomas Castell").as_deref(), Some("Tomas Castell"));
        // a person's name at the end of an organisation's span is not that organisation
        let es = [ent("Lomar County Sheriff Piet Aranda", "ORG", &[])];
        assert_eq!(story_speaker(&es, "Piet Aranda").as_deref(), Some("Piet Aranda"));
        // a title taken into the speaker's name
        let es = [ent("Piet Aranda", "PER", &[]), ent("Harbour Board", "ORG", &[])];
        assert_eq!(story_speaker(&es, "Harbour Board Piet Aranda").as_deref(), Some("Piet Aranda"));
        let es = [ent("P. Aranda", "PER", &[])];
        assert_eq!(story_speaker(&es, "Lena P. Aranda").as_deref(), Some("Lena P. Aranda"));
    }
}
