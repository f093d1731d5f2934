//! Entities across the stories of a store: one row per real-world entity,
//! with the stories that mention it. Story entities with the same id (same
//! kind and transliteration key, so `Zelensky` and `Zelenskyy` meet; for
//! things other than people the kind is left out and the row takes the kind
//! of most mentions) are one; a bare surname joins the one person of the
//! store with that surname and is kept apart when several people share it.

use chorus_model::{EntityInfo, MergeNote};
use rustc_hash::FxHashMap;

use crate::canon::{person_parts, translit_word, Reason};

/// An entity of the whole store.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoreEntity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub aliases: Vec<String>,
    /// Distinct role wordings, most widely given first.
    pub roles: Vec<String>,
    /// Stories that mention it.
    pub stories: Vec<String>,
    /// Independent sources, summed over its stories.
    pub sources: u32,
    pub mentions: usize,
    pub merges: Vec<MergeNote>,
}

fn base_id(id: &str) -> &str {
    id.split('~').next().unwrap_or(id)
}

/// The key that story entities meet under: their id, with the kind left out
/// for things that are not people, so "Fox News" typed an organisation in one
/// story and "other" in another is one entity (typed by most mentions).
fn meet_key(id: &str) -> String {
    match id.split_once(':') {
        Some(("per", _)) | None => id.to_string(),
        Some((_, rest)) => format!("thing:{rest}"),
    }
}

/// Ties between kinds go to a place, then an organisation (as within a story).
const KIND_ORDER: [&str; 3] = ["LOC", "ORG", "MISC"];

/// Merges the entities of several stories (`(story id, entities)`).
pub fn across_stories(stories: &[(String, Vec<EntityInfo>)]) -> Vec<StoreEntity> {
    let mut out: Vec<StoreEntity> = Vec::new();
    let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
    let mut role_counts: Vec<FxHashMap<String, u32>> = Vec::new();
    // full names first, so bare surnames see every person
    let mut all: Vec<(&str, &EntityInfo)> = stories.iter().flat_map(|(s, es)| es.iter().map(move |e| (s.as_str(), e))).collect();
    all.sort_by_key(|(_, e)| std::cmp::Reverse(e.name.split_whitespace().count().min(2)));
    // surname key → people (indices into out) with a full name
    let mut surnames: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    // mentions per kind of each non-person row, for its final type
    let mut kinds: Vec<[usize; 3]> = Vec::new();
    for (story, e) in all {
        let id = meet_key(base_id(&e.id));
        let bare_person = e.kind == "PER" && e.name.split_whitespace().count() == 1;
        let target = match by_id.get(&id) {
            Some(&i) => Some((i, None)),
            None if bare_person => match surnames.get(&translit_word(&e.name)).map(Vec::as_slice) {
                Some([i]) => Some((*i, Some(Reason::Surname))),
                _ => None,
            },
            None => None,
        };
        let i = match target {
            Some((i, reason)) => {
                let t = &mut out[i];
                if let Some(r) = reason {
                    t.merges.push(MergeNote { alias: e.name.clone(), reason: r.as_str().to_string() });
                }
                for a in std::iter::once(&e.name).chain(&e.aliases) {
                    if *a != t.name && !t.aliases.contains(a) {
                        t.aliases.push(a.clone());
                    }
                }
                for m in &e.merges {
                    if !t.merges.contains(m) {
                        t.merges.push(m.clone());
                    }
                }
                i
            }
            None => {
                out.push(StoreEntity {
                    id: base_id(&e.id).to_string(),
                    name: e.name.clone(),
                    kind: e.kind.clone(),
                    aliases: e.aliases.clone(),
                    roles: Vec::new(),
                    stories: Vec::new(),
                    sources: 0,
                    mentions: 0,
                    merges: e.merges.clone(),
                });
                role_counts.push(FxHashMap::default());
                kinds.push([0; 3]);
                let i = out.len() - 1;
                by_id.insert(id, i);
                if e.kind == "PER" && e.name.split_whitespace().count() >= 2 {
                    surnames.entry(translit_word(person_parts(&e.name).1)).or_default().push(i);
                }
                i
            }
        };
        let t = &mut out[i];
        if !t.stories.iter().any(|s| s == story) {
            t.stories.push(story.to_string());
        }
        t.sources += e.sources;
        t.mentions += e.mentions.len();
        if let Some(k) = KIND_ORDER.iter().position(|k| *k == e.kind) {
            kinds[i][k] += e.mentions.len();
        }
        for r in &e.roles {
            *role_counts[i].entry(r.text.clone()).or_default() += r.sources;
        }
    }
    for (e, k) in out.iter_mut().zip(&kinds) {
        if e.kind == "PER" || k.iter().filter(|&&n| n > 0).count() < 2 {
            continue;
        }
        // the kind with most mentions (the first of KIND_ORDER on a tie) names and types the row
        let best = (0..3).max_by_key(|&j| (k[j], std::cmp::Reverse(j))).unwrap_or(0);
        if KIND_ORDER[best] != e.kind {
            e.kind = KIND_ORDER[best].to_string();
            let rest = e.id.split_once(':').map_or(e.id.as_str(), |(_, r)| r).to_string();
            e.id = format!("{}:{rest}", e.kind.to_lowercase());
        }
    }
    for (e, rc) in out.iter_mut().zip(role_counts) {
        let mut roles: Vec<(String, u32)> = rc.into_iter().collect();
        roles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        e.roles = roles.into_iter().map(|(r, _)| r).collect();
    }
    out.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canon::entity_id;
    use chorus_model::{EntityMention, EntityRole};
    use chorus_ner::EntityKind;

    fn ent(name: &str, kind: EntityKind, role: Option<&str>) -> EntityInfo {
        EntityInfo {
            id: entity_id(name, kind),
            name: name.into(),
            kind: kind.as_str().into(),
            aliases: vec![],
            roles: role.map(|r| EntityRole { text: r.into(), citations: vec![], sources: 1 }).into_iter().collect(),
            mentions: vec![EntityMention { doc: "d".into(), start: 0, end: 1 }],
            sources: 1,
            merges: vec![],
        }
    }

    #[test]
    fn spellings_meet_across_stories_and_namesakes_do_not() {
        use EntityKind::*;
        let stories = vec![
            ("1".to_string(), vec![ent("Dmitry Orlovsky", Per, Some("Kremlin negotiator")), ent("U.S.", Loc, None)]),
            ("2".to_string(), vec![ent("Dmitri Orlovski", Per, Some("presidential aide")), ent("United States", Loc, None)]),
            ("3".to_string(), vec![ent("Orlovsky", Per, None), ent("Maria Castell", Per, None), ent("Tomas Castell", Per, None)]),
            ("4".to_string(), vec![ent("Castell", Per, None)]),
        ];
        let all = across_stories(&stories);
        let o = all.iter().find(|e| e.name == "Dmitry Orlovsky").unwrap();
        assert_eq!(o.stories, ["1", "2", "3"]);
        assert_eq!(o.roles.len(), 2, "both roles kept");
        assert!(o.merges.iter().any(|m| m.alias == "Orlovsky"));
        assert_eq!(all.iter().filter(|e| e.id == "loc:us").count(), 1);
        assert_eq!(all.iter().find(|e| e.id == "loc:us").unwrap().stories.len(), 2);
        // two Castells: the bare surname of story 4 stays on its own
        assert_eq!(all.iter().filter(|e| e.name.ends_with("Castell")).count(), 3);
    }

    #[test]
    fn one_thing_typed_differently_by_two_stories_is_one_row() {
        use EntityKind::*;
        let mut tv = ent("Corvan News", Misc, None);
        tv.mentions.push(tv.mentions[0].clone());
        let stories = vec![
            ("1".to_string(), vec![ent("Corvan News", Org, None), ent("Lomar", Per, None)]),
            ("2".to_string(), vec![tv, ent("Lomar", Loc, None)]),
            ("3".to_string(), vec![ent("Corvan News", Org, None)]),
        ];
        let all = across_stories(&stories);
        let c: Vec<&StoreEntity> = all.iter().filter(|e| e.name == "Corvan News").collect();
        assert_eq!(c.len(), 1, "{all:#?}");
        // two organisation mentions and two "other" ones: the tie goes to the organisation
        assert_eq!((c[0].kind.as_str(), c[0].id.as_str(), c[0].stories.len()), ("ORG", "org:corvan-news", 3), "{all:#?}");
        // a person and a place of one name stay apart
        assert_eq!(all.iter().filter(|e| e.name == "Lomar").count(), 2, "{all:#?}");
    }
}
