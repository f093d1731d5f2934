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

/// Quote speakers under canonical names, so that one person's statements
/// group across outlets that spell the name differently.
pub fn canonical_speakers(facts: &mut [DocFacts], entities: &[EntityInfo]) {
    for f in facts {
        for q in &mut f.quotes {
            if let Some(s) = q.speaker.as_deref() {
                if let Some(c) = canonical_person(entities, s) {
                    q.speaker = Some(c.to_string());
                }
            }
        }
    }
}
