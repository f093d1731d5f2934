//! Entities across the stories of a store: one row per real-world entity,
//! with the stories that mention it. Story entities with the same id (same
//! kind and transliteration key, so `Zelensky` and `Zelenskyy` meet; for
//! things other than people the kind is left out and the row takes the kind
//! of most mentions) are one; a bare surname joins the one person of the
//! store with that surname, or the person named in far more stories than all
//! namesakes together when its story names no one of that surname in full,
//! and is kept apart otherwise; "Brett M. Kavanaugh" is "Brett Kavanaugh" and
//! "Joseph R. Biden" is "Joe Biden" unless other middle initials go with that name. A full name some stories type as a thing joins
//! the person of that name when most of its mentions are a person's.

use chorus_model::{EntityInfo, MergeNote};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::canon::{full_given_name, person_parts, translit_word, Reason};

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

/// A person's id reduced to given name and surname: middle initials left out, a short given
/// name read as its full form ("Brett M. Kavanaugh" → `per:bret-kavanaugh`, "Joe Biden" and
/// "Joseph R. Biden" → `per:josef-biden`); `None` for other names.
fn loose_id(e: &EntityInfo) -> Option<String> {
    let words: Vec<&str> = e.name.split_whitespace().collect();
    let parts: Vec<&str> = base_id(&e.id).strip_prefix("per:")?.split('-').collect();
    let initial = |w: &&str| w.split_terminator('.').all(|p| p.chars().count() == 1 && p.starts_with(char::is_uppercase));
    let ok = parts.len() == 2 || (words.len() >= 3 && parts.len() == words.len() && words[1..words.len() - 1].iter().all(initial));
    ok.then(|| format!("per:{}-{}", full_given_name(parts[0]), parts[parts.len() - 1]))
}

/// How many times more stories must name a person than all their namesakes
/// together before a bare surname is read as that person store-wide.
const DOMINANCE: usize = 5;

/// Merges the entities of several stories (`(story id, entities)`).
pub fn across_stories(stories: &[(String, Vec<EntityInfo>)]) -> Vec<StoreEntity> {
    let mut out: Vec<StoreEntity> = Vec::new();
    let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
    let mut role_counts: Vec<FxHashMap<String, u32>> = Vec::new();
    let mut all: Vec<(&str, &EntityInfo)> = stories.iter().flat_map(|(s, es)| es.iter().map(move |e| (s.as_str(), e))).collect();
    // people whose names differ only in middle initials or a short given name ("Brett M.
    // Kavanaugh", "Joe" / "Joseph R. Biden") meet under the id most stories use, unless two sets
    // of initials go with the name ("George W." and "George H.W. Bush": two people)
    let mut loose: FxHashMap<String, FxHashMap<&str, usize>> = FxHashMap::default();
    for (_, e) in all.iter().filter(|(_, e)| e.kind == "PER") {
        if let Some(l) = loose_id(e) {
            *loose.entry(l).or_default().entry(base_id(&e.id)).or_default() += 1;
        }
    }
    let mut to_rep: FxHashMap<&str, (&str, Reason)> = FxHashMap::default();
    for ids in loose.values().filter(|ids| ids.len() >= 2) {
        let initials: FxHashSet<&str> =
            ids.keys().filter_map(|id| id.strip_prefix("per:")).filter_map(|r| r.split('-').nth(1).filter(|_| r.split('-').count() > 2)).collect();
        if initials.len() > 1 {
            continue;
        }
        // the id of most stories; on a tie the plainer one (fewer words), then the first in order
        let rep = ids
            .iter()
            .max_by_key(|(id, n)| (**n, std::cmp::Reverse(id.split('-').count()), std::cmp::Reverse(**id)))
            .map(|(id, _)| *id)
            .unwrap_or_default();
        let first = |id: &str| id.split('-').next().unwrap_or_default().to_string();
        for id in ids.keys().filter(|id| **id != rep) {
            let reason = if first(id) == first(rep) { Reason::MiddleInitial } else { Reason::Alias };
            to_rep.insert(id, (rep, reason));
        }
    }
    // an acronym that stories read as a longer name ("CDC" merged into "Centers for Disease
    // Control and Prevention" there) is that name in every story, when at least two stories
    // read it so and none as another name (one story's "NSA" read as "National Security
    // Advisor" stays there), and the name does not hold the acronym itself ("US Senate")
    let mut acronym_of: FxHashMap<String, (FxHashSet<String>, FxHashSet<&str>)> = FxHashMap::default();
    for (story, e) in all.iter().filter(|(_, e)| e.kind != "PER" && e.name.contains(' ')) {
        for m in e.merges.iter().filter(|m| m.reason == Reason::Acronym.as_str() && !m.alias.contains(' ')) {
            let bare = m.alias.replace('.', "");
            if e.name.split_whitespace().any(|w| w.replace('.', "").eq_ignore_ascii_case(&bare)) {
                continue;
            }
            let acronym = meet_key(&crate::canon::entity_id(&m.alias, chorus_ner::EntityKind::Org));
            let (full, stories) = acronym_of.entry(acronym).or_default();
            full.insert(meet_key(base_id(&e.id)));
            stories.insert(story);
        }
    }
    let acronym_of: FxHashMap<String, String> = acronym_of
        .into_iter()
        .filter(|(_, (full, stories))| full.len() == 1 && stories.len() >= 2)
        .filter_map(|(a, (full, _))| Some((a, full.into_iter().next()?)))
        .collect();
    // full names first, people before other kinds, so bare surnames see every person and a
    // full name typed otherwise sees the person; a person's main spelling before its variants
    all.sort_by_key(|(_, e)| (e.name.split_whitespace().count() < 2, e.kind != "PER", to_rep.contains_key(base_id(&e.id))));
    // mentions of each full name as a person and as anything else, and the stories that
    // call it a person, store-wide
    let mut typed: FxHashMap<&str, ([usize; 2], FxHashSet<&str>)> = FxHashMap::default();
    // surnames of the people each story names in full; stories naming each one-word "other" name
    let mut story_surnames: FxHashMap<(&str, String), usize> = FxHashMap::default();
    let mut misc_stories: FxHashMap<String, FxHashSet<&str>> = FxHashMap::default();
    // stories that use each one-word place or organisation name only as a modifier, and the others
    let mut as_modifier: FxHashMap<String, [FxHashSet<&str>; 2]> = FxHashMap::default();
    // stories that name each word as a one-word person
    let mut bare_people: FxHashMap<String, FxHashSet<&str>> = FxHashMap::default();
    for (story, e) in &all {
        let words = e.name.split_whitespace().count();
        if words >= 2 {
            let rest = base_id(&e.id).split_once(':').map_or("", |(_, r)| r);
            let t = typed.entry(rest).or_default();
            t.0[usize::from(e.kind != "PER")] += e.mentions.len();
            if e.kind == "PER" {
                t.1.insert(story);
                *story_surnames.entry((story, translit_word(person_parts(&e.name).1))).or_default() += 1;
            }
        } else if e.kind == "PER" {
            bare_people.entry(translit_word(&e.name)).or_default().insert(story);
        } else if e.kind == "MISC" {
            misc_stories.entry(translit_word(&e.name)).or_default().insert(story);
        } else {
            as_modifier.entry(translit_word(&e.name)).or_default()[usize::from(!e.modifier)].insert(story);
        }
    }
    // stories that name each one-word name as a place or organisation, and as an "other" name
    let mut thing_stories: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for (key, [m, o]) in &as_modifier {
        thing_stories.entry(key).or_default().0 = m.union(o).count();
    }
    for (key, misc) in &misc_stories {
        thing_stories.entry(key).or_default().1 = misc.len();
    }
    // one-word names of things, so a plural meets its singular ("Democrats", "Democrat")
    let singulars: FxHashSet<String> =
        all.iter().filter(|(_, e)| e.kind != "PER" && !e.name.contains(' ')).map(|(_, e)| meet_key(base_id(&e.id))).collect();
    // surname key → people (indices into out) with a full name
    let mut surnames: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    // mentions per kind of each non-person row, for its final type
    let mut kinds: Vec<[usize; 3]> = Vec::new();
    for (story, e) in all {
        let middle = to_rep.get(base_id(&e.id));
        let mut id = meet_key(middle.map_or(base_id(&e.id), |(rep, _)| *rep));
        let expanded = if e.kind != "PER" { acronym_of.get(&id).cloned() } else { None };
        if let Some(full) = &expanded {
            id = full.clone();
        }
        let one_word = e.name.split_whitespace().count() == 1;
        let mut plural = false;
        if one_word && e.kind != "PER" {
            if let Some(one) = id.strip_suffix('s').filter(|one| one.len() >= "thing:".len() + 5 && singulars.contains(*one)) {
                id = one.to_string();
                plural = true;
            }
        }
        let key = if one_word { translit_word(&e.name) } else { String::new() };
        let (place_stories, misc_count) = thing_stories.get(key.as_str()).copied().unwrap_or_default();
        // stories that name it as a thing: a bare "person" named as a thing in more than
        // twice the stories that name the person in full is not that person's surname
        // ("Twitter" tagged a person is not "Will Twitter" of a headline question)
        let as_thing = place_stories + misc_count;
        // a bare surname (or a one-word "other" name) is read by the surname rules before it
        // meets the rows of its own id, so one story's reading does not decide the others'
        let by_surname = if one_word {
            let named_here = story_surnames.get(&(story, key.clone())).copied().unwrap_or(0);
            match surnames.get(&key).map(Vec::as_slice) {
                Some([i]) if e.kind == "PER" && 2 * out[*i].stories.len() >= as_thing => Some((*i, Some(Reason::Surname))),
                Some([_]) if e.kind == "PER" => None,
                // a story that names no one of this surname in full: the person whom the
                // store names far more often than any namesake; an "other" name if that person
                // is in at least twice the stories that use it as one, a place or organisation
                // used only as a modifier ("the Obama administration", a town of the place
                // lists) if the store uses it so in at least twice the stories that use it
                // otherwise ("Jordan officials" stay with Jordan, named "in Jordan" elsewhere),
                // and any place or organisation of that name if the person is named in full in
                // five times its stories ("Trump" read as an organisation; "Washington" stays a
                // place)
                Some(people @ [first, ..]) if named_here == 0 => {
                    let n = |&i: &usize| out[i].stories.len();
                    let top = *people.iter().max_by_key(|&i| (n(i), std::cmp::Reverse(*i))).unwrap_or(first);
                    let rest: usize = people.iter().filter(|&&i| i != top).map(n).sum();
                    let fits = match e.kind.as_str() {
                        "PER" => 2 * n(&top) >= as_thing,
                        "MISC" => n(&top) >= 2 * misc_count,
                        _ => as_modifier.get(&key).is_some_and(|[m, o]| {
                            (e.modifier && m.len() >= 2 * o.len()) || n(&top) >= DOMINANCE * place_stories
                        }),
                    };
                    (n(&top) >= DOMINANCE * rest.max(1) && fits).then_some((top, Some(Reason::DominantSurname)))
                }
                _ => None,
            }
        } else {
            None
        };
        // a one-word "person" that at least twice as many stories name as a thing, and that is
        // not the surname of anyone the store names in full in half as many stories as the
        // thing, is that thing ("Twitter" tagged a person; "Will Twitter" of a headline question
        // does not make it a surname)
        let mut thing_person = false;
        if one_word
            && e.kind == "PER"
            && by_surname.is_none()
            && as_thing > 0
            && as_thing >= 2 * bare_people.get(&key).map_or(0, FxHashSet::len)
            && !surnames.get(&key).is_some_and(|people| people.iter().any(|&i| 2 * out[i].stories.len() >= as_thing))
        {
            id = meet_key(&format!("misc:{}", id.split_once(':').map_or("", |(_, r)| r)));
            thing_person = true;
        }
        let target = match (by_surname, by_id.get(&id)) {
            (Some(t), _) => Some(t),
            (None, Some(&i)) => {
                Some((i, middle.map(|(_, r)| *r).or(plural.then_some(Reason::EditDistance)).or(expanded.as_ref().map(|_| Reason::Acronym))))
            }
            // a full name that several stories call a person, with twice the mentions as one
            // (one story's "Tony Awards" tagged a person makes no person of it)
            (None, None) if !one_word && e.kind != "PER" => {
                let rest = id.split_once(':').map_or("", |(_, r)| r);
                match (by_id.get(&format!("per:{rest}")), typed.get(rest)) {
                    (Some(&i), Some(([p, o], per))) if *p >= 2 * o && per.len() >= 2 => Some((i, Some(Reason::PersonMostly))),
                    _ => None,
                }
            }
            (None, None) => None,
        };
        let i = match target {
            Some((i, reason)) => {
                let t = &mut out[i];
                // one note per spelling and reason
                if let Some(r) = reason {
                    let note = MergeNote { alias: e.name.clone(), reason: r.as_str().to_string() };
                    if (e.name != t.name || r == Reason::PersonMostly) && !t.merges.contains(&note) {
                        t.merges.push(note);
                    }
                }
                for a in std::iter::once(&e.name).chain(&e.aliases) {
                    if *a != t.name && !t.aliases.contains(a) {
                        t.aliases.push(a.clone());
                    }
                }
                // the story's notes, but not those about the row's own name
                for m in &e.merges {
                    if m.alias != t.name && !t.merges.contains(m) {
                        t.merges.push(m.clone());
                    }
                }
                i
            }
            None => {
                // a person read as a thing is typed by the thing's mentions (below)
                let (row_id, kind) = match thing_person {
                    true => (id.replacen("thing:", "misc:", 1), "MISC".to_string()),
                    false => (base_id(&e.id).to_string(), e.kind.clone()),
                };
                out.push(StoreEntity {
                    id: row_id,
                    name: e.name.clone(),
                    kind,
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
        if e.kind == "PER" || k.iter().all(|&n| n == 0) {
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
            modifier: false,
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
        // a bare "person" that more than twice as many stories name as a thing is not the
        // surname of the one person so named ("Will Corvex" of a headline question, "Corvex"
        // the company)
        let stories = vec![
            ("1".to_string(), vec![ent("Will Corvex", Per, None)]),
            ("2".to_string(), vec![ent("Corvex", Org, None)]),
            ("3".to_string(), vec![ent("Corvex", Org, None)]),
            ("5".to_string(), vec![ent("Corvex", Loc, None)]),
            ("4".to_string(), vec![ent("Corvex", Per, None)]),
        ];
        let all = across_stories(&stories);
        assert_eq!(all.iter().find(|e| e.name == "Will Corvex").map(|e| e.stories.len()), Some(1), "{all:#?}");
        // ... and the bare "person" is the company
        let c: Vec<&StoreEntity> = all.iter().filter(|e| e.name == "Corvex").collect();
        assert_eq!(c.len(), 1, "{all:#?}");
        assert_eq!((c[0].kind.as_str(), c[0].stories.len()), ("ORG", 4), "{all:#?}");
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

    #[test]
    fn a_bare_surname_joins_the_person_named_far_more_often_than_any_namesake() {
        use EntityKind::*;
        // Tomas and Petra Varga: 3 stories; Ilona: 16
        let mut stories: Vec<(String, Vec<EntityInfo>)> = (1..=16).map(|i| (format!("v{i}"), vec![ent("Ilona Varga", Per, Some("President"))])).collect();
        stories.push(("t".into(), vec![ent("Tomas Varga", Per, None)]));
        // no Varga named in full: the bare surname and the modifier ("the Varga government") are Ilona
        stories.push(("a".into(), vec![ent("Varga", Per, None), ent("Lomar", Loc, None)]));
        stories.push(("b".into(), vec![ent("Varga", Misc, None)]));
        // a story naming two Vargas in full keeps its bare one apart
        stories.push(("c".into(), vec![ent("Varga", Per, None), ent("Tomas Varga", Per, None), ent("Petra Varga", Per, None)]));
        let all = across_stories(&stories);
        let ilona = all.iter().find(|e| e.name == "Ilona Varga").unwrap();
        assert_eq!(ilona.stories.len(), 18, "{all:#?}");
        assert!(ilona.merges.iter().any(|m| m.alias == "Varga" && m.reason == Reason::DominantSurname.as_str()), "{:?}", ilona.merges);
        // two stories' "Varga": one note
        assert_eq!(ilona.merges.iter().filter(|m| m.alias == "Varga").count(), 1, "{:?}", ilona.merges);
        let bare: Vec<&StoreEntity> = all.iter().filter(|e| e.name == "Varga").collect();
        assert_eq!(bare.len(), 1, "{all:#?}");
        assert_eq!(bare[0].stories, ["c"]);

        // not far enough ahead (4 stories against 1): namesakes stay apart
        let mut close: Vec<(String, Vec<EntityInfo>)> = (1..=4).map(|i| (format!("v{i}"), vec![ent("Ilona Varga", Per, None)])).collect();
        close.push(("t".into(), vec![ent("Tomas Varga", Per, None)]));
        close.push(("a".into(), vec![ent("Varga", Per, None)]));
        let all = across_stories(&close);
        assert_eq!(all.iter().find(|e| e.name == "Ilona Varga").unwrap().stories.len(), 4, "{all:#?}");
        assert!(all.iter().any(|e| e.name == "Varga"));

        // an "other" word used in more stories than half the person's is no modifier of them
        let mut common: Vec<(String, Vec<EntityInfo>)> = (1..=6).map(|i| (format!("v{i}"), vec![ent("Ilona Varga", Per, None)])).collect();
        common.extend((1..=4).map(|i| (format!("m{i}"), vec![ent("Varga", Misc, None)])));
        let all = across_stories(&common);
        assert_eq!(all.iter().find(|e| e.name == "Varga").map(|e| e.stories.len()), Some(4), "{all:#?}");
    }

    #[test]
    fn a_full_name_most_stories_call_a_person_is_that_person() {
        use EntityKind::*;
        let stories = vec![
            ("1".to_string(), vec![ent("Ilona Varga", Per, None), ent("Corvan Lomax", Per, None)]),
            ("2".to_string(), vec![ent("Ilona Varga", Per, None)]),
            ("3".to_string(), vec![ent("Ilona Varga", Org, None)]),
            // a company that one story took for a person stays a company
            ("4".to_string(), vec![ent("Corvan Lomax", Org, None), ent("Corvan Lomax", Org, None)]),
            // one story's person is not enough, however often it names it
            ("5".to_string(), vec![ent("Halden Awards", Per, None), ent("Halden Awards", Per, None), ent("Halden Awards", Per, None)]),
            ("6".to_string(), vec![ent("Halden Awards", Misc, None)]),
        ];
        let all = across_stories(&stories);
        let v: Vec<&StoreEntity> = all.iter().filter(|e| e.name == "Ilona Varga").collect();
        assert_eq!(v.len(), 1, "{all:#?}");
        assert_eq!((v[0].kind.as_str(), v[0].stories.len()), ("PER", 3));
        assert!(v[0].merges.iter().any(|m| m.reason == Reason::PersonMostly.as_str()));
        assert_eq!(all.iter().filter(|e| e.name == "Corvan Lomax").count(), 2, "{all:#?}");
        assert_eq!(all.iter().filter(|e| e.name == "Halden Awards").count(), 2, "{all:#?}");
    }

    #[test]
    fn a_short_given_name_meets_the_full_one() {
        use EntityKind::*;
        let stories = vec![
            ("1".to_string(), vec![ent("Bill Orvane", Per, None)]),
            ("2".to_string(), vec![ent("Bill Orvane", Per, None)]),
            ("3".to_string(), vec![ent("William T. Orvane", Per, None)]),
            // "Pat" is Patrick or Patricia: no full form
            ("4".to_string(), vec![ent("Pat Velm", Per, None), ent("Patricia Velm", Per, None)]),
        ];
        let all = across_stories(&stories);
        let o = all.iter().find(|e| e.name == "Bill Orvane").unwrap_or_else(|| panic!("{all:#?}"));
        assert_eq!(o.stories.len(), 3, "{all:#?}");
        assert!(o.merges.iter().any(|m| m.alias == "William T. Orvane" && m.reason == Reason::Alias.as_str()), "{:?}", o.merges);
        assert_eq!(all.iter().filter(|e| e.name.ends_with("Velm")).count(), 2, "{all:#?}");
    }

    #[test]
    fn a_one_word_person_that_more_stories_name_as_a_thing_is_that_thing() {
        use EntityKind::*;
        let stories = vec![
            ("1".to_string(), vec![ent("Corvex", Per, None)]),
            ("2".to_string(), vec![ent("Corvex", Org, None)]),
            ("3".to_string(), vec![ent("Corvex", Org, None)]),
            // the surname of a person named in full stays a person
            ("4".to_string(), vec![ent("Velm", Per, None)]),
            ("5".to_string(), vec![ent("Velm", Loc, None), ent("Velm", Loc, None)]),
            ("6".to_string(), vec![ent("Velm", Loc, None), ent("Ilona Velm", Per, None)]),
        ];
        let all = across_stories(&stories);
        let c: Vec<&StoreEntity> = all.iter().filter(|e| e.name == "Corvex").collect();
        assert_eq!(c.len(), 1, "{all:#?}");
        assert_eq!((c[0].kind.as_str(), c[0].id.as_str(), c[0].stories.len()), ("ORG", "org:corvex", 3), "{all:#?}");
        assert_eq!(all.iter().find(|e| e.name == "Ilona Velm").map(|e| e.stories.len()), Some(2), "{all:#?}");
    }

    #[test]
    fn an_acronym_one_story_expands_is_that_name_everywhere() {
        use EntityKind::*;
        let mut full = ent("Velm Disease Control Agency", Org, None);
        full.aliases = vec!["VDCA".into()];
        full.merges = vec![MergeNote { alias: "VDCA".into(), reason: Reason::Acronym.as_str().into() }];
        let stories = vec![
            ("1".to_string(), vec![full.clone()]),
            ("4".to_string(), vec![full]),
            ("2".to_string(), vec![ent("VDCA", Org, None)]),
            ("3".to_string(), vec![ent("VDCA", Misc, None), ent("OPA", Org, None)]),
        ];
        let all = across_stories(&stories);
        let v: Vec<&StoreEntity> = all.iter().filter(|e| e.name.contains("Velm") || e.name == "VDCA").collect();
        assert_eq!(v.len(), 1, "{all:#?}");
        assert_eq!((v[0].name.as_str(), v[0].stories.len()), ("Velm Disease Control Agency", 4), "{all:#?}");
        assert!(v[0].merges.iter().any(|m| m.alias == "VDCA" && m.reason == "acronym"), "{all:#?}");
        // an acronym two stories expand differently stays apart
        let mut a = ent("Orlan Port Authority", Org, None);
        a.merges = vec![MergeNote { alias: "OPA".into(), reason: Reason::Acronym.as_str().into() }];
        let mut b = ent("Orvan Pilots Association", Org, None);
        b.merges = vec![MergeNote { alias: "OPA".into(), reason: Reason::Acronym.as_str().into() }];
        let stories = vec![
            ("1".to_string(), vec![a.clone()]),
            ("4".to_string(), vec![a.clone()]),
            ("2".to_string(), vec![b]),
            ("3".to_string(), vec![ent("OPA", Org, None)]),
        ];
        let all = across_stories(&stories);
        assert!(all.iter().any(|e| e.name == "OPA" && e.stories == ["3"]), "{all:#?}");
        // ... and so does one only one story expands, or one inside its own expansion
        let mut us = ent("VR Senate", Org, None);
        us.merges = vec![MergeNote { alias: "VR".into(), reason: Reason::Acronym.as_str().into() }];
        let stories = vec![
            ("1".to_string(), vec![a]),
            ("2".to_string(), vec![us.clone()]),
            ("5".to_string(), vec![us]),
            ("3".to_string(), vec![ent("OPA", Org, None), ent("VR", Loc, None)]),
        ];
        let all = across_stories(&stories);
        assert!(all.iter().any(|e| e.name == "OPA" && e.stories == ["3"]), "{all:#?}");
        assert!(all.iter().any(|e| e.name == "VR" && e.stories == ["3"]), "{all:#?}");
    }

    #[test]
    fn a_plural_meets_its_singular() {
        use EntityKind::*;
        let stories = vec![
            ("1".to_string(), vec![ent("Velmarians", Misc, None), ent("Orvan", Loc, None)]),
            ("2".to_string(), vec![ent("Velmarian", Misc, None), ent("Orvans", Per, None)]),
        ];
        let all = across_stories(&stories);
        let v: Vec<&StoreEntity> = all.iter().filter(|e| e.name.starts_with("Velmarian")).collect();
        assert_eq!(v.len(), 1, "{all:#?}");
        assert_eq!(v[0].stories.len(), 2);
        assert_eq!(v[0].aliases, ["Velmarian"], "{:?}", v[0]);
        // people and short words keep theirs
        assert_eq!(all.len(), 3, "{all:#?}");
    }

    #[test]
    fn middle_initials_meet_the_plain_name_unless_two_people_have_them() {
        use EntityKind::*;
        let stories = vec![
            ("1".to_string(), vec![ent("Brenna K. Talvik", Per, None), ent("Orvel W. Dunmore", Per, None)]),
            ("2".to_string(), vec![ent("Brenna Talvik", Per, None), ent("Orvel H.W. Dunmore", Per, None)]),
            ("3".to_string(), vec![ent("Orvel Dunmore", Per, None), ent("Brenna Coley Talvik", Per, None)]),
        ];
        let all = across_stories(&stories);
        let t = all.iter().find(|e| e.id == "per:brena-talvik").unwrap_or_else(|| panic!("{all:#?}"));
        assert_eq!((t.name.as_str(), t.stories.len()), ("Brenna Talvik", 2), "{all:#?}");
        assert!(t.aliases.contains(&"Brenna K. Talvik".to_string()));
        assert!(t.merges.iter().any(|m| m.reason == Reason::MiddleInitial.as_str()), "{:?}", t.merges);
        // a middle name is not an initial: kept apart
        assert!(all.iter().any(|e| e.name == "Brenna Coley Talvik"));
        // two sets of initials with one name: three people as far as the store can tell
        assert_eq!(all.iter().filter(|e| e.name.ends_with("Dunmore")).count(), 3, "{all:#?}");
    }

    #[test]
    fn a_place_used_only_as_a_modifier_joins_the_person_of_that_surname() {
        use EntityKind::*;
        let modifier = |name: &str, kind| EntityInfo { modifier: true, ..ent(name, kind, None) };
        let mut stories: Vec<(String, Vec<EntityInfo>)> = (1..=6).map(|i| (format!("v{i}"), vec![ent("Ilona Varga", Per, None), ent("Tomas Jordell", Per, None)])).collect();
        // "the Varga administration" read as a place (a town of the lists): the person
        stories.push(("a".into(), vec![modifier("Varga", Loc)]));
        stories.push(("b".into(), vec![modifier("Varga", Org)]));
        // a place named as a place in other stories stays a place, even where it is a modifier
        stories.push(("c".into(), vec![modifier("Jordell", Loc)]));
        stories.push(("d".into(), vec![ent("Jordell", Loc, None)]));
        // not a modifier: stays
        stories.push(("e".into(), vec![ent("Varga", Loc, None)]));
        let all = across_stories(&stories);
        assert_eq!(all.iter().find(|e| e.name == "Ilona Varga").unwrap().stories.len(), 8, "{all:#?}");
        assert_eq!(all.iter().find(|e| e.name == "Varga").map(|e| e.stories.clone()), Some(vec!["e".to_string()]), "{all:#?}");
        assert_eq!(all.iter().find(|e| e.name == "Jordell").map(|e| e.stories.len()), Some(2), "{all:#?}");
        // however it is used, a one-word organisation is the person named in full in five times
        // its stories
        let mut many: Vec<(String, Vec<EntityInfo>)> = (1..=10).map(|i| (format!("v{i}"), vec![ent("Ilona Varga", Per, None)])).collect();
        many.push(("a".into(), vec![ent("Varga", Org, None)]));
        many.push(("b".into(), vec![ent("Varga", Loc, None)]));
        let all = across_stories(&many);
        assert_eq!(all.iter().find(|e| e.name == "Ilona Varga").unwrap().stories.len(), 12, "{all:#?}");
    }
}
