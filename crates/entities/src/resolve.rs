//! From the named-entity mentions of a story's documents to its entities.
//!
//! 1. **Within a document**, mentions are read in order: a full name opens
//!    an entity (or joins one it matches by [`match_keys`], compared only
//!    with the names under its [`BlockIndex`] keys); a bare surname joins the
//!    latest person of the document it matches (a surname seen before the
//!    full name is folded in when the full name comes). Roles written next to
//!    a person's mentions are attached ([`roles`](crate::roles)).
//! 2. **Across documents**, each document's entities (fullest names first)
//!    join a story entity they match; a bare surname joins only when exactly
//!    one person of the story has it, so two invented Castells stay apart.
//!    Story evidence then corrects the tagger: a one-word "person" used as a
//!    place ("in Kyiv", "Moscow and Kyiv") becomes a place, and a name that
//!    is the head or tail of one longer organisation name joins it. A role
//!    phrase ("the Ukrainian president") becomes a mention of the one person
//!    named earlier in that document whose role has that head noun.
//! 3. Each story entity gets its canonical name (the fullest spelling most
//!    independent sources use), its stable id ([`entity_id`]), aliases with
//!    the reason each was merged, roles grouped by wording with their
//!    citations, and the number of independent sources that mention it.

use chorus_model::{Citation, CitationKind, EntityInfo, EntityMention, EntityRole, MergeNote};
use chorus_facts::quotes::{role_word, RoleWord};
use chorus_ner::{Entity, EntityKind};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::canon::{clean_name_of, leads_person, entity_id, trim_lowercase_tail, match_keys, BlockIndex, match_names, plain_key, translit_key, NameKey, Reason};
use crate::roles::{head_noun, role_after, role_before, role_before_apposition};

/// One document of a story, with the entities the tagger found in it.
pub struct DocEntities<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub mentions: &'a [Entity],
    /// The document's independent source (documents of one source share it).
    pub source: usize,
    /// The wire dateline the cleaner took off the text ("ARDENHOLM", "GENEVA, March 9
    /// (Reuters)"), if any: its place is where the story was filed from.
    pub dateline: Option<&'a str>,
}

/// A name as written (cleaned) at a span, with how it joined its entity.
#[derive(Debug, Clone)]
struct Mention {
    doc: usize,
    start: usize,
    end: usize,
    /// Cleaned name; `None` for a role phrase ("the Ukrainian president").
    name: Option<String>,
}

#[derive(Debug, Clone)]
struct Role {
    doc: usize,
    start: usize,
    end: usize,
}

/// An entity while it is being built (document-local or story-wide).
#[derive(Debug, Clone)]
struct Group {
    mentions: Vec<Mention>,
    roles: Vec<Role>,
    /// Spellings with the reason each joined (the first name has `Same`).
    names: Vec<(String, Reason)>,
    /// The name used to match: the fullest so far.
    best: String,
    kind_votes: [u32; 4],
    /// The matching key of `best` under the group's kind.
    key: NameKey,
    /// `best` changed since `key` was computed.
    stale: bool,
}

impl Group {
    fn new(name: &str, kind: EntityKind) -> Group {
        Group {
            mentions: Vec::new(),
            roles: Vec::new(),
            names: vec![(name.to_string(), Reason::Same)],
            best: name.to_string(),
            kind_votes: [0; 4],
            key: NameKey::new(name, kind),
            stale: false,
        }
    }

    /// Recomputes the key after the name or the kind changed.
    fn refresh(&mut self) {
        let kind = self.kind();
        if self.stale || self.key.kind != kind {
            self.key = NameKey::new(&self.best, kind);
            self.stale = false;
        }
    }

    /// The kind most mentions were tagged with; a tie goes to a place first, then a person,
    /// then an organisation: a name tagged a place as often as an organisation is most often a
    /// place named for its government or a facility ("Moscow said", "the Zaporizhzhia plant").
    fn kind(&self) -> EntityKind {
        const PREFERENCE: [usize; 4] = [2, 0, 1, 3]; // LOC, PER, ORG, MISC (indices of `ALL`)
        let mut best = PREFERENCE[0];
        for &k in &PREFERENCE[1..] {
            if self.kind_votes[k] > self.kind_votes[best] {
                best = k;
            }
        }
        EntityKind::ALL[best]
    }

    fn words(&self) -> usize {
        self.best.split_whitespace().count()
    }

    fn add_name(&mut self, name: &str, reason: Reason) {
        if !self.names.iter().any(|(n, _)| n == name) {
            self.names.push((name.to_string(), reason));
        }
        if name.split_whitespace().count() > self.words() || self.best.is_empty() {
            self.best = name.to_string();
            self.stale = true;
        }
    }

    fn absorb(&mut self, other: Group, reason: Reason) {
        for (n, r) in other.names {
            self.add_name(&n, if r == Reason::Same { reason } else { r.max(reason) });
        }
        self.mentions.extend(other.mentions);
        self.roles.extend(other.roles);
        for k in 0..4 {
            self.kind_votes[k] += other.kind_votes[k];
        }
        self.refresh();
    }
}

/// Start of the clause holding `pos`: after the last sentence end, line
/// break, or semicolon before it.
fn clause_start(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut i = pos;
    while i > 0 {
        let c = b[i - 1];
        if c == b'\n' || c == b';' || (c == b'.' || c == b'!' || c == b'?') && i < b.len() && b[i] == b' ' && {
            // "U.S. envoy": a period after a one-letter part is an abbreviation
            let w0 = text[..i - 1].rfind([' ', '\n']).map_or(0, |p| p + 1);
            !text[w0..i - 1].contains('.')
        } {
            return i;
        }
        i -= 1;
    }
    0
}

/// Whether the name starting at `start` comes right after a title that only
/// people carry ("President", "Sen.", "Chancellor"): not a role noun such as
/// "rival" or "veteran", which also describe countries and parties.
fn titled(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let trimmed = before.trim_end_matches(' ');
    trimmed.len() < before.len()
        && trimmed.rsplit([' ', '\n', '(', '"', '\u{201c}']).next().is_some_and(|w| match w.strip_suffix('.') {
            // "Sen. Orlo", but not "… a new Prime Minister. Britain"
            Some(abbr) => role_word(abbr) == RoleWord::Honorific,
            // capitalized, as titles before names are ("will miss Dallas" is no title)
            None => w.starts_with(char::is_uppercase) && (leads_person(w) || role_word(w) == RoleWord::Honorific),
        })
}

/// Whether a name tagged as something else opens with a title that only people carry and goes
/// on with one or two capitalized words ("President Trump" tagged a place as a whole); not
/// "President's Council" or "Governor's Island".
fn opens_with_a_persons_title(raw: &str) -> bool {
    let ws: Vec<&str> = raw.split_whitespace().collect();
    // written as a title is ("Ms.", "President"), not in capitals ("MS Columbus", a ship)
    let title = ws.first().filter(|w| w.chars().skip(1).all(|c| !c.is_uppercase())).map(|w| w.trim_end_matches('.').to_lowercase());
    matches!(
        title.as_deref(),
        Some("president" | "senator" | "sen" | "rep" | "gov" | "governor" | "mayor" | "mr" | "mrs" | "ms" | "congressman" | "congresswoman")
    ) && (2..=4).contains(&ws.len())
        && ws[1].starts_with(char::is_uppercase)
        && ws[1..].iter().all(|w| {
            (w.starts_with(char::is_uppercase) || matches!(*w, "de" | "da" | "van" | "von" | "bin" | "al" | "del" | "la" | "le"))
                && !w.ends_with("'s")
                && !w.ends_with("\u{2019}s")
        })
}

/// Where a name joins two names of bodies with " and " ("CDC and US Food and Drug
/// Administration", "Environmental Protection Agency and Freedom of Information Act"): the
/// part before is an acronym or ends with a body's head noun, the part after starts with a
/// capital. "Department of Health and Human Services", "Bosnia and Herzegovina", "Food and
/// Drug Administration" and a law's title ("… Administration and Opportunity Act") stay one name.
fn coordinated(raw: &str) -> Option<usize> {
    const HEADS: &[&str] = &[
        "agency", "administration", "department", "ministry", "act", "committee", "commission", "council", "bureau",
        "office", "court", "party", "union", "bank", "fund", "organization", "organisation", "association", "institute",
        "university", "police", "army", "navy", "board", "authority", "corporation", "company",
    ];
    // a law's title holds "and" ("Cannabis Administration and Opportunity Act")
    let whole_last = raw.rsplit(' ').next()?.to_lowercase();
    if matches!(whole_last.as_str(), "act" | "bill" | "law" | "treaty" | "agreement" | "program" | "programme" | "plan") {
        return None;
    }
    let i = raw.find(" and ")?;
    let (left, right) = (&raw[..i], &raw[i + " and ".len()..]);
    let last = left.rsplit(' ').next()?.trim_end_matches(['.', ',']);
    let acronym = last.len() >= 2 && last.chars().all(|c| c.is_ascii_uppercase() || c == '.');
    let body = HEADS.contains(&last.to_lowercase().as_str()) && left.contains(' ');
    (right.starts_with(char::is_uppercase) && (acronym || body)).then_some(i)
}

/// Builds the entities of one document.
fn doc_groups(d: usize, doc: &DocEntities<'_>) -> Vec<Group> {
    let text = doc.text;
    let mut groups: Vec<Group> = Vec::new();
    let mut index = BlockIndex::default();
    // when each group was last mentioned (mention number)
    let mut last_seen: Vec<usize> = Vec::new();
    let mut ms: Vec<Entity> = Vec::with_capacity(doc.mentions.len());
    for m in doc.mentions.iter().filter(|m| m.start < m.end && m.end <= text.len()) {
        // two bodies tagged as one name ("CDC and US Food and Drug Administration") are two
        match text.get(m.start..m.end).filter(|_| m.kind != EntityKind::Per).and_then(coordinated) {
            Some(i) => {
                ms.push(Entity { end: m.start + i, ..*m });
                ms.push(Entity { start: m.start + i + " and ".len(), ..*m });
            }
            None => ms.push(*m),
        }
    }
    ms.sort_by_key(|m| (m.start, m.end));
    for (n, m) in ms.iter().enumerate() {
        let Some(raw) = text.get(m.start..m.end) else { continue };
        // a name right after a person's title is a person, whatever the tagger said
        // ("President Biden" read as a place named in a gazetteer)
        let kind = if m.kind != EntityKind::Per && ((raw.split_whitespace().count() <= 3 && titled(text, m.start)) || opens_with_a_persons_title(raw)) {
            EntityKind::Per
        } else if m.kind == EntityKind::Per && institution_name(raw) {
            // "City Hall", "State Department" read as a person
            EntityKind::Org
        } else if m.kind == EntityKind::Per && place_name(raw) {
            // "Rose Garden", "Times Square" read as a person
            EntityKind::Loc
        } else {
            m.kind
        };
        let m = &Entity { kind, ..*m };
        let Some(name) = clean_name_of(raw, m.kind).map(|n| trim_lowercase_tail(&n).to_string()) else { continue };
        // a name has a capital letter ("length" is the tagger's mistake, "eBay" is a name)
        if !name.chars().any(char::is_uppercase) {
            continue;
        }
        let mention = Mention { doc: d, start: m.start, end: m.end, name: Some(name.clone()) };
        let full = name.split_whitespace().count() >= 2;
        let key = NameKey::new(&name, m.kind);
        let cands = index.candidates(&key);
        let target: Option<(usize, Reason)> = if m.kind == EntityKind::Per && !full {
            // a bare name: the latest person it fits
            cands
                .iter()
                .filter_map(|&g| match_keys(&key, &groups[g].key).map(|r| (g, r)))
                .max_by_key(|(g, _)| last_seen[*g])
        } else {
            cands
                .iter()
                .filter_map(|&g| match_keys(&key, &groups[g].key).map(|r| (g, r)))
                .filter(|(g, r)| !(full && *r == Reason::Surname && groups[*g].words() >= 2))
                .min_by_key(|(g, r)| (*r, std::cmp::Reverse(*g)))
        };
        let g = match target {
            Some((g, r)) => {
                groups[g].add_name(&name, r);
                g
            }
            None => {
                groups.push(Group::new(&name, m.kind));
                last_seen.push(n);
                groups.len() - 1
            }
        };
        groups[g].kind_votes[m.kind as usize] += 1;
        groups[g].refresh();
        index.add(g, &groups[g].key);
        last_seen[g] = n;
        groups[g].mentions.push(mention);
        if m.kind == EntityKind::Per {
            let cs = clause_start(text, m.start);
            let roles = [role_before(text, cs, m.start), role_before_apposition(text, cs, m.start, m.end), role_after(text, m.end)];
            for (s, e) in roles.into_iter().flatten() {
                groups[g].roles.push(Role { doc: d, start: s, end: e });
            }
        }
    }
    // a bare surname seen before its full name: fold it in when exactly
    // one full name of the document fits
    let into: Vec<Option<usize>> = (0..groups.len())
        .map(|i| {
            if groups[i].kind() != EntityKind::Per || groups[i].words() != 1 {
                return None;
            }
            let fits: Vec<usize> = index
                .candidates(&groups[i].key)
                .into_iter()
                .filter(|&j| j != i && groups[j].kind() == EntityKind::Per && groups[j].words() >= 2)
                .filter(|&j| match_keys(&groups[i].key, &groups[j].key).is_some())
                .collect();
            match fits[..] {
                [j] => Some(j),
                _ => None,
            }
        })
        .collect();
    fold_into(groups, &into, Reason::Surname, None)
}

/// Moves each group `i` with `into[i] == Some(j)` into group `j` (targets
/// are never moved themselves) and drops the moved ones. With `kind`, a
/// target is of that kind afterwards, whatever its parts were tagged.
fn fold_into(groups: Vec<Group>, into: &[Option<usize>], reason: Reason, kind: Option<EntityKind>) -> Vec<Group> {
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    for (i, t) in into.iter().enumerate() {
        let Some(j) = *t else { continue };
        if into[j].is_some() {
            continue;
        }
        if let Some(g) = slots[i].take() {
            if let Some(target) = slots[j].as_mut() {
                target.absorb(g, reason);
                if let Some(k) = kind {
                    target.kind_votes = [0; 4];
                    target.kind_votes[k as usize] = target.mentions.len() as u32;
                    target.refresh();
                }
            }
        }
    }
    slots.into_iter().flatten().collect()
}

/// `into` of [`fold_into`] from `(moved, target)` pairs.
fn moves_into(n: usize, moves: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut into = vec![None; n];
    for &(i, j) in moves {
        into[i] = Some(j);
    }
    into
}

/// A one-word "person" without a role, named once, is the thing of the same name in the story
/// when that thing is named at least three times, never as a modifier after an article, and no
/// fully named person of the story has the word as a surname (the tagger read "Korvath said" as
/// a person, elsewhere as the company); a "person" whose name has a digit ("KH-220") is never one.
fn join_one_word_people_to_things(story: &mut Vec<Group>, docs: &[DocEntities<'_>]) {
    let mut moves: Vec<(usize, usize)> = Vec::new();
    let mut retype: Vec<usize> = Vec::new();
    for (i, g) in story.iter().enumerate() {
        if g.kind() != EntityKind::Per || g.words() != 1 || !g.roles.is_empty() {
            continue;
        }
        let digit = g.best.chars().any(|c| c.is_ascii_digit());
        let surname = story.iter().any(|p| p.kind() == EntityKind::Per && p.words() >= 2 && match_keys(&g.key, &p.key).is_some());
        if surname && !digit {
            continue;
        }
        // a person named once, a thing named at least three times and never as a modifier
        // after an article ("the Trump administration" read as an organisation does not make
        // Trump one)
        let thing = story
            .iter()
            .enumerate()
            .filter(|(j, t)| *j != i && t.kind() != EntityKind::Per && t.key.plain == g.key.plain)
            .filter(|(_, t)| {
                digit || (g.mentions.len() == 1 && t.mentions.len() >= 3 && !t.mentions.iter().any(|m| attributive_at(m, docs)))
            })
            .max_by_key(|(j, t)| (t.mentions.len(), std::cmp::Reverse(*j)));
        match thing {
            Some((j, _)) => moves.push((i, j)),
            None if digit => retype.push(i),
            None => {}
        }
    }
    for &i in &retype {
        let g = &mut story[i];
        g.kind_votes = [0; 4];
        g.kind_votes[EntityKind::Misc as usize] = g.mentions.len() as u32;
        g.refresh();
    }
    if moves.is_empty() {
        return;
    }
    // the moved are people, the targets things: no group is both
    let mut slots: Vec<Option<Group>> = std::mem::take(story).into_iter().map(Some).collect();
    for &(i, j) in &moves {
        let Some(g) = slots[i].take() else { continue };
        match slots[j].as_mut() {
            Some(t) => {
                let k = t.kind();
                t.absorb(g, Reason::Same);
                t.kind_votes = [0; 4];
                t.kind_votes[k as usize] = t.mentions.len() as u32;
                t.refresh();
            }
            None => slots[i] = Some(g),
        }
    }
    *story = slots.into_iter().flatten().collect();
}

/// Whether a name is used attributively ("the Obama administration", "a Biden aide", "the
/// outgoing Obama administration", "Obama-era rules"): every mention right before a lowercase
/// word (or a hyphen and one) and at least two in three of them after an article or glued to
/// the hyphen (a sentence opening "Obama administration officials said" has no article).
fn attributive(g: &Group, docs: &[DocEntities<'_>]) -> bool {
    let before_lower = |m: &Mention| {
        let rest = docs[m.doc].text.get(m.end..).unwrap_or("");
        rest.strip_prefix([' ', '-']).is_some_and(|r| r.starts_with(char::is_lowercase))
    };
    let strict = g.mentions.iter().filter(|m| attributive_at(m, docs)).count();
    g.mentions.iter().all(before_lower) && 3 * strict >= 2 * g.mentions.len()
}

/// Whether every mention of `g` is right before a lowercase word: a modifier ("the Obama
/// administration") or the subject of a verb ("Pickell said", the surname of the story's person
/// read as an organisation); loose, so used only with a person of that surname named in full.
fn before_lowercase(g: &Group, docs: &[DocEntities<'_>]) -> bool {
    g.mentions.iter().all(|m| docs[m.doc].text.get(m.end..).unwrap_or("").strip_prefix(' ').is_some_and(|r| r.starts_with(char::is_lowercase)))
}

/// Whether mention `m` stands between an article (with at most one lowercase word after it)
/// and a lowercase word, or is the first half of a hyphenated modifier ("Obama-era rules",
/// "Varga-backed").
fn attributive_at(m: &Mention, docs: &[DocEntities<'_>]) -> bool {
    let text = docs[m.doc].text;
    if text.get(m.end..).unwrap_or("").strip_prefix('-').is_some_and(|r| r.starts_with(char::is_lowercase)) {
        return true;
    }
    let before: Vec<&str> = text.get(..m.start).unwrap_or("").split_whitespace().rev().take(2).collect();
    let article = |w: &str| matches!(w.to_lowercase().as_str(), "the" | "a" | "an");
    let lower = |w: &str| w.chars().all(|c| c.is_lowercase());
    let after_article = match before[..] {
        [w, ..] if article(w) => true,
        [w, a] => lower(w) && article(a),
        _ => false,
    };
    after_article && text.get(m.end..).unwrap_or("").strip_prefix(' ').is_some_and(|r| r.starts_with(char::is_lowercase))
}

/// Whether a name of two or more words ends with the head noun of a place's name ("Rose
/// Garden", "Times Square", "Pennsylvania Avenue", "Union Station"; not "Park", a surname).
fn place_name(name: &str) -> bool {
    last_word_of_several(name, &["garden", "gardens", "square", "avenue", "street", "boulevard", "plaza", "airport", "station"])
}

/// Whether a name of two or more words ends with one of `heads` (lowercase).
fn last_word_of_several(name: &str, heads: &[&str]) -> bool {
    let mut ws = name.split_whitespace();
    ws.next().is_some() && ws.next_back().is_some_and(|w| heads.contains(&w.to_lowercase().as_str()))
}

/// Whether a name of two or more words opens with a word no person's name opens with, the
/// first word of an institution's or a place's name ("City Hall", "State Department",
/// "National Guard"), or ends with the head noun of a body ("Marjory Stoneman Douglas High
/// School", "Virginia Democrats").
fn institution_name(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
    let several = name.split_whitespace().nth(1).is_some();
    (several
        && matches!(
            first.as_str(),
            "city" | "town" | "county" | "state" | "national" | "federal" | "central" | "supreme" | "royal" | "municipal"
        ))
        || last_word_of_several(
            name,
            &[
                "school", "university", "college", "hospital", "institute", "committee", "council", "democrats", "republicans",
                "party", "academy", "department", "agency", "ministry",
            ],
        )
}

/// A full name tagged an organisation, place or other thing by some mentions and a person by
/// at least twice as many ("Kathina Thomas" read once as a company) is the person.
fn join_person_names(story: &mut Vec<Group>) {
    let people: FxHashMap<&str, usize> = story
        .iter()
        .enumerate()
        .filter(|(_, g)| g.kind() == EntityKind::Per && g.words() >= 2)
        .map(|(i, g)| (g.key.plain.as_str(), i))
        .collect();
    let moves: Vec<(usize, usize)> = story
        .iter()
        .enumerate()
        .filter(|(_, g)| g.kind() != EntityKind::Per && g.words() >= 2)
        .filter_map(|(i, g)| people.get(g.key.plain.as_str()).map(|&p| (i, p)))
        .filter(|&(i, p)| story[p].mentions.len() >= 2 * story[i].mentions.len())
        .collect();
    if !moves.is_empty() {
        let into = moves_into(story.len(), &moves);
        *story = fold_into(std::mem::take(story), &into, Reason::PersonMostly, Some(EntityKind::Per));
    }
}

/// "the Trump administration", "Biden voters": a one-word name tagged MISC without a role (how
/// the tagger often reads a person's surname used as a modifier) that is the surname of exactly
/// one person named in full in the story is a mention of that person.
fn join_surname_modifiers(story: &mut Vec<Group>, docs: &[DocEntities<'_>]) {
    let people = |full: bool| -> Vec<usize> {
        story
            .iter()
            .enumerate()
            // a person's name is capitalized ("drugmaker AstraZeneca" is the tagger's mistake)
            .filter(|(_, g)| g.kind() == EntityKind::Per && (g.words() >= 2) == full && g.best.split_whitespace().all(|w| w.starts_with(char::is_uppercase)))
            .map(|(i, _)| i)
            .collect()
    };
    let (full, bare) = (people(true), people(false));
    if full.is_empty() && bare.is_empty() {
        return;
    }
    // the one person it fits: by surname among the fully named people, else (a story that
    // never gives the full name) by the same name among the people named by surname alone
    let only = |hits: &mut dyn Iterator<Item = &usize>| match (hits.next(), hits.next()) {
        (Some(&p), None) => Some(p),
        _ => None,
    };
    let mut moves: Vec<(usize, usize, Reason)> = Vec::new();
    for (i, g) in story.iter().enumerate() {
        if !g.roles.is_empty() || g.names.iter().any(|(n, _)| n.split_whitespace().count() != 1) {
            continue;
        }
        // an "other" name; or a "place" or "organisation" only ever used as a modifier, which
        // a place list made of a surname ("Obama" is also a town) — then only by the full name
        let misc = g.kind() == EntityKind::Misc;
        let place_as_modifier = matches!(g.kind(), EntityKind::Loc | EntityKind::Org) && before_lowercase(g, docs);
        if !(misc || place_as_modifier) {
            continue;
        }
        let key = NameKey::new(&g.best, EntityKind::Per);
        let by_surname = only(&mut full.iter().filter(|&&p| match_keys(&key, &story[p].key) == Some(Reason::Surname)));
        let found = match by_surname {
            Some(p) => Some((p, Reason::Surname)),
            None if misc && full.iter().all(|&p| match_keys(&key, &story[p].key).is_none()) => {
                // … named so more often as a person than as the modifier ("Taliban" tagged a
                // person once is not a person)
                only(&mut bare.iter().filter(|&&p| story[p].key.plain == key.plain))
                    .filter(|&p| story[p].mentions.len() > g.mentions.len())
                    .map(|p| (p, Reason::Same))
            }
            None => None,
        };
        if let Some((p, r)) = found {
            moves.push((i, p, r));
        }
    }
    for reason in [Reason::Surname, Reason::Same] {
        let these: Vec<(usize, usize)> = moves.iter().filter(|m| m.2 == reason).map(|m| (m.0, m.1)).collect();
        if !these.is_empty() {
            let into = moves_into(story.len(), &these);
            *story = fold_into(std::mem::take(story), &into, reason, Some(EntityKind::Per));
            // indices changed: the second pass recomputes from the folded story
            return join_surname_modifiers(story, docs);
        }
    }
}

/// What [`role_mentions`] needs of the story's groups, gathered once for all documents (a story
/// of thousands of articles has people with thousands of roles and mentions, so gathering it
/// per document would be quadratic).
struct RoleContext {
    /// Per group of a person with roles: the distinct (head noun, stemmed words) of its roles.
    heads: Vec<Vec<(String, Vec<String>)>>,
    /// Per (document, group) of a person: the first start of a named mention there, and the
    /// spans its roles and mentions take there.
    in_doc: FxHashMap<(usize, usize), InDoc>,
}

/// A person in one document: the first start of a named mention, and the spans taken.
type InDoc = (Option<usize>, Vec<(usize, usize)>);

impl RoleContext {
    fn of(docs: &[DocEntities<'_>], groups: &[Group]) -> RoleContext {
        let mut heads = vec![Vec::new(); groups.len()];
        let mut in_doc: FxHashMap<(usize, usize), InDoc> = FxHashMap::default();
        for (g, gr) in groups.iter().enumerate() {
            if gr.kind() != EntityKind::Per {
                continue;
            }
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            for r in &gr.roles {
                let role = &docs[r.doc].text[r.start..r.end];
                if seen.insert(role) {
                    if let Some(h) = head_noun(role) {
                        let ws: Vec<String> = role.split_whitespace().map(stem).collect();
                        if !heads[g].iter().any(|(h2, ws2)| *h2 == h && *ws2 == ws) {
                            heads[g].push((h, ws));
                        }
                    }
                }
                in_doc.entry((r.doc, g)).or_default().1.push((r.start, r.end));
            }
            for m in &gr.mentions {
                let e = in_doc.entry((m.doc, g)).or_default();
                e.1.push((m.start, m.end));
                if m.name.is_some() {
                    e.0 = Some(e.0.map_or(m.start, |f| f.min(m.start)));
                }
            }
        }
        RoleContext { heads, in_doc }
    }
}

/// A person a role phrase may name: (group, first named mention in the document, role words).
type HeadCandidate<'a> = (usize, usize, &'a [String]);

/// "the Ukrainian president" in document `d`: a mention of the one person
/// named earlier in that document whose role (given by any document of the
/// story) has that head noun, and shares the phrase's capitalized words when
/// several people have that noun.
/// `members` are the groups with a mention in `d`; `cx` was gathered before any document's
/// role mentions were added (they are never named, so they change nothing in it for the other
/// documents).
fn role_mentions(d: usize, docs: &[DocEntities<'_>], groups: &mut [Group], members: &[usize], cx: &RoleContext) {
    let text = docs[d].text;
    // head noun → (group, first mention start in d, role words)
    let mut heads: FxHashMap<&str, Vec<HeadCandidate<'_>>> = FxHashMap::default();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for &g in members {
        if groups[g].kind() != EntityKind::Per {
            continue;
        }
        let Some((first, spans)) = cx.in_doc.get(&(d, g)) else { continue };
        taken.extend_from_slice(spans);
        let Some(first) = *first else { continue };
        for (h, ws) in &cx.heads[g] {
            heads.entry(h.as_str()).or_default().push((g, first, ws.as_slice()));
        }
    }
    if heads.is_empty() {
        return;
    }
    taken.sort_unstable();
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, Mention)> = Vec::new();
    let mut at = 0;
    while let Some(p) = lower[at..].find("the ") {
        let s = at + p;
        at = s + 4;
        if s > 0 && lower.as_bytes()[s - 1].is_ascii_alphanumeric() {
            continue;
        }
        // up to three words after "the": modifiers then the head noun
        let mut hi = text.len().min(s + 80);
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        let tail = &text[s + 4..hi];
        let ws: Vec<&str> = tail.split(' ').take(4).collect();
        let mut off = s + 4;
        for (i, w) in ws.iter().enumerate() {
            let word = w.trim_end_matches([',', '.', ';', ':', '"', '\u{201D}', ')']);
            let we = off + word.len();
            off += w.len() + 1;
            let key = word.to_lowercase();
            let Some(cands) = heads.get(key.as_str()) else {
                if word.is_empty() || word.chars().any(|c| !c.is_alphabetic() && c != '\'' && c != '\u{2019}' && c != '-') {
                    break;
                }
                continue;
            };
            let mods: Vec<String> = ws[..i].iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).map(|w| stem(w)).collect();
            let before: Vec<&HeadCandidate<'_>> = cands.iter().filter(|c| c.1 < s).collect();
            let fitting: Vec<usize> = {
                let mut v: Vec<usize> = before.iter().filter(|c| mods.iter().all(|m| c.2.contains(m))).map(|c| c.0).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let all: FxHashSet<usize> = before.iter().map(|c| c.0).collect();
            let pick = match (&fitting[..], all.len()) {
                ([g], _) => Some(*g),
                ([], 1) => all.iter().next().copied(),
                _ => None,
            };
            if let Some(g) = pick {
                // spans taken that start before the phrase ends (and not long before it starts)
                let hi = taken.partition_point(|&(a, _)| a < we);
                let lo = taken.partition_point(|&(a, _)| a + 400 < s);
                if !taken[lo..hi.max(lo)].iter().any(|&(a, b)| a < we && s < b) {
                    found.push((g, Mention { doc: d, start: s, end: we, name: None }));
                }
            }
            break;
        }
    }
    for (g, m) in found {
        groups[g].mentions.push(m);
    }
}

/// First five letters, lowercase, possessive dropped: "Ukrainian" and
/// "Ukraine's" meet at "ukrai".
fn stem(w: &str) -> String {
    let w = w.trim_end_matches("'s").trim_end_matches("\u{2019}s");
    w.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).take(5).collect()
}

/// The entities of a story's documents, most widely reported first.
pub fn resolve(docs: &[DocEntities<'_>]) -> Vec<EntityInfo> {
    let mut story: Vec<Group> = Vec::new();
    let mut index = BlockIndex::default();
    for (d, doc) in docs.iter().enumerate() {
        let mut local = doc_groups(d, doc);
        // fullest names first, so bare surnames see every full name
        local.sort_by_key(|g| std::cmp::Reverse(g.words()));
        for g in local {
            let kind = g.kind();
            let cands: Vec<(usize, Reason)> = index
                .candidates(&g.key)
                .into_iter()
                .filter_map(|i| match_keys(&g.key, &story[i].key).map(|r| (i, r)))
                .collect();
            let target = if kind == EntityKind::Per && g.words() == 1 {
                // a bare surname: only when it names one person of the story
                let people: Vec<&(usize, Reason)> = cands.iter().filter(|(i, _)| story[*i].words() >= 2).collect();
                match (people.len(), cands.len()) {
                    (1, _) => Some(*people[0]),
                    (0, 1) => Some(cands[0]),
                    _ => None,
                }
            } else {
                cands.into_iter().filter(|(i, r)| !(*r == Reason::Surname && story[*i].words() >= 2 && g.words() >= 2)).min_by_key(|(i, r)| (*r, *i))
            };
            let i = match target {
                Some((i, r)) => {
                    story[i].absorb(g, r);
                    i
                }
                None => {
                    story.push(g);
                    story.len() - 1
                }
            };
            index.add(i, &story[i].key);
        }
    }
    retype_places(&mut story, docs);
    join_name_parts(&mut story);
    join_surname_modifiers(&mut story, docs);
    join_person_names(&mut story);
    join_one_word_people_to_things(&mut story, docs);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for (g, gr) in story.iter().enumerate() {
        for m in &gr.mentions {
            if members[m.doc].last() != Some(&g) {
                members[m.doc].push(g);
            }
        }
    }
    let cx = RoleContext::of(docs, &story);
    for (d, mem) in members.iter_mut().enumerate() {
        mem.sort_unstable();
        mem.dedup();
        role_mentions(d, docs, &mut story, mem, &cx);
    }
    let mut out: Vec<EntityInfo> = story.into_iter().map(|g| finish(g, docs)).collect();
    out.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.mentions.len().cmp(&a.mentions.len())).then(a.name.cmp(&b.name)));
    // ids are unique within a story (two entities can share a key when the
    // rules kept them apart, e.g. a bare surname of two people)
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for e in &mut out {
        let n = seen.entry(e.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            e.id = format!("{}~{}", e.id, n);
        }
    }
    out
}

/// Words after which a one-word name is a place, not a person ("in Kyiv").
const PLACE_PREPS: &[&str] = &["in", "near", "outside", "across", "around", "throughout", "through", "via"];

/// A "person" known only by one word, without a role, that the text puts
/// after "in" or "near" (not "in Smith's view") or coordinates with a place
/// ("Moscow and Kyiv") in at least a fifth of its mentions is a place the
/// tagger mistook for a person; a one-word "organisation" after "in",
/// "through" or "via" in a third of its mentions is one too, and either is a place when a mention
/// is named like the place of a document's dateline (the story is filed from it). `place_starts`/`place_ends` hold the
/// (document, offset) where mentions of places start and end.
fn person_used_as_place(
    g: &Group,
    docs: &[DocEntities<'_>],
    place_starts: &FxHashSet<(usize, usize)>,
    place_ends: &FxHashSet<(usize, usize)>,
    datelines: &FxHashSet<String>,
) -> bool {
    let kind = g.kind();
    if !matches!(kind, EntityKind::Per | EntityKind::Org) || g.names.iter().any(|(n, _)| n.split_whitespace().count() > 1) || !g.roles.is_empty() {
        return false;
    }
    if g.names.iter().any(|(n, _)| datelines.contains(&plain_key(n))) {
        return true; // a document of the story is filed from it
    }
    let mut places = 0;
    let mut preps = 0;
    let mut named = 0;
    for m in g.mentions.iter().filter(|m| m.name.is_some()) {
        named += 1;
        let text = docs[m.doc].text;
        let before = text[..m.start].trim_end();
        let prev = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("").to_lowercase();
        let after = &text[m.end..];
        let possessive = after.starts_with("'s") || after.starts_with("\u{2019}s");
        let adjacent = before.len() + 1 == m.start;
        let after_prep = !possessive && adjacent && PLACE_PREPS.contains(&prev.as_str());
        // "Moscow and Kyiv" / "Kyiv and Moscow"
        let left = adjacent
            && prev == "and"
            && before.strip_suffix("and").map(str::trim_end).is_some_and(|b| place_ends.contains(&(m.doc, b.len())));
        let right = after.starts_with(" and ") && place_starts.contains(&(m.doc, m.end + 5));
        // in a list of places: "Donetsk, Luhansk, Zaporizhzhia"
        let listed = before.strip_suffix(',').is_some_and(|b| place_ends.contains(&(m.doc, b.len())))
            || after.starts_with(", ") && place_starts.contains(&(m.doc, m.end + 2));
        if after_prep || left || right || listed {
            places += 1;
        }
        preps += usize::from(after_prep);
    }
    // an organisation is also "in" places and next to them ("in Congress", "Russia and NATO"):
    // only prepositions count, in a third of its mentions
    match kind {
        EntityKind::Per => places >= 1 && places * 5 >= named,
        _ => preps >= 1 && preps * 3 >= named,
    }
}

/// The place of a wire dateline: "GENEVA, March 9 (Reuters)" → "GENEVA"; none for "(Reuters)".
fn dateline_place(dateline: &str) -> Option<&str> {
    let place = dateline.split([',', '(']).next().unwrap_or("").trim();
    place.chars().any(char::is_alphabetic).then_some(place)
}

/// An organisation named by the first or last words of exactly one longer
/// organisation name of the story joins it; so does a "person" of two or
/// more words without a role whose whole name is such a part ("Marsh Structural" of "Hollin &
/// Marsh Structural": the tagger read the tail of the firm's name as a
/// person).
/// Last words of an organisation name that make it the members of the
/// organisation its first words name ("Senate Democrats", "House leadership").
const MEMBERS: &[&str] = &[
    "democrats", "republicans", "conservatives", "liberals", "caucus", "delegation", "leadership", "majority",
    "minority", "staff", "wing",
];

/// Last words of an organisation name that make it a body inside the
/// organisation its first words name, when more words stand between ("Senate
/// Judiciary Committee" is not the Senate; "House Ways and Means Committee" is
/// "House Ways and Means"; a "Treasury Department" is the Treasury).
const BODIES: &[&str] =
    &["committee", "subcommittee", "commission", "council", "board", "panel", "office", "bureau", "division", "unit", "branch", "chapter"];

fn join_name_parts(story: &mut Vec<Group>) {
    let eligible = |g: &Group| {
        let k = g.kind();
        k == EntityKind::Org || k == EntityKind::Per && g.roles.is_empty() && g.words() >= 2
    };
    // organisations by their first and by their last word
    let mut by_end: FxHashMap<(bool, &str), Vec<usize>> = FxHashMap::default();
    for (j, g) in story.iter().enumerate().filter(|(_, g)| g.kind() == EntityKind::Org) {
        let p = g.key.plain.as_str();
        by_end.entry((true, p.split(' ').next().unwrap_or(p))).or_default().push(j);
        by_end.entry((false, p.rsplit(' ').next().unwrap_or(p))).or_default().push(j);
    }
    let into: Vec<Option<usize>> = (0..story.len())
        .map(|i| {
            if !eligible(&story[i]) {
                return None;
            }
            let p = story[i].key.plain.as_str();
            let short = format!(" {p} ");
            let first = (true, p.split(' ').next().unwrap_or(p));
            let last = (false, p.rsplit(' ').next().unwrap_or(p));
            let mut fits: Vec<usize> = [first, last]
                .iter()
                .filter_map(|k| by_end.get(k))
                .flatten()
                .copied()
                .filter(|&j| j != i && story[j].words() > story[i].words())
                .filter(|&j| {
                    let long = format!(" {} ", story[j].key.plain);
                    // "Senate" is not "Senate Democrats" nor "Senate Judiciary Committee": a
                    // longer name for members or a body of its own is a part of the first
                    let rest: Vec<&str> = long.get(short.len()..).unwrap_or("").split_whitespace().collect();
                    let own = match rest[..] {
                        [.., w] if MEMBERS.contains(&w) => true,
                        [_, .., w] if BODIES.contains(&w) => true,
                        _ => false,
                    };
                    long.starts_with(&short) && !own || long.ends_with(&short)
                })
                .collect();
            fits.sort_unstable();
            fits.dedup();
            match fits[..] {
                [j] => Some(j),
                _ => None,
            }
        })
        .collect();
    // the target is an organisation, whatever the absorbed part was tagged
    *story = fold_into(std::mem::take(story), &into, Reason::PartOfName, Some(EntityKind::Org));
}

/// Retypes persons used as places ([`person_used_as_place`]) and folds
/// each into a place or organisation of the same name, if any.
fn retype_places(story: &mut Vec<Group>, docs: &[DocEntities<'_>]) {
    let mut starts: FxHashSet<(usize, usize)> = FxHashSet::default();
    let mut ends: FxHashSet<(usize, usize)> = FxHashSet::default();
    for g in story.iter().filter(|g| g.kind() == EntityKind::Loc) {
        for m in g.mentions.iter().filter(|m| m.name.is_some()) {
            starts.insert((m.doc, m.start));
            ends.insert((m.doc, m.end));
        }
    }
    let datelines: FxHashSet<String> = docs.iter().filter_map(|d| d.dateline.and_then(dateline_place)).map(plain_key).collect();
    let retyped: Vec<usize> =
        (0..story.len()).filter(|&i| person_used_as_place(&story[i], docs, &starts, &ends, &datelines)).collect();
    for &i in retyped.iter().rev() {
        let mut g = story.remove(i);
        g.kind_votes = [0, 0, g.mentions.len() as u32, 0];
        g.refresh();
        match story.iter().position(|s| s.kind() != EntityKind::Per && match_keys(&g.key, &s.key) == Some(Reason::Same)) {
            Some(j) => {
                story[j].absorb(g, Reason::Same);
                story[j].kind_votes = [0, 0, story[j].mentions.len() as u32, 0];
                story[j].refresh();
            }
            None => story.push(g),
        }
    }
    join_feature_names(story);
}

/// Whether `name` is a natural feature named by one proper word: "River Vell", "Lake Orm",
/// "Mount Tarn", "Orm Valley", "Tarn Strait" (a narrower set than [`FEATURE_WORDS`]: no
/// "Gulf …", "Bay …" or "Island …", which also open company names).
fn natural_feature_name(name: &str) -> bool {
    const BEFORE: &[&str] = &["river", "lake", "mount"];
    const AFTER: &[&str] = &["river", "lake", "valley", "mountains", "strait", "sea"];
    let w: Vec<&str> = name.split_whitespace().collect();
    let proper = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    match w[..] {
        [a, b] => {
            (BEFORE.contains(&a.to_lowercase().as_str()) && proper(b))
                || (AFTER.contains(&b.to_lowercase().as_str()) && proper(a))
        }
        _ => false,
    }
}

/// Whether `name` is a storm's: "Hurricane Maria", "Typhoon Haiyan", "Tropical Storm Orla".
fn storm_name(name: &str) -> bool {
    let w: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let proper = name.split_whitespace().last().is_some_and(|x| x.starts_with(char::is_uppercase));
    proper
        && match w.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [a, _] => matches!(a, "hurricane" | "typhoon" | "cyclone" | "storm"),
            ["tropical", "storm" | "depression", _] | ["super", "typhoon", _] | ["winter", "storm", _] => true,
            _ => false,
        }
}

/// Words that make a place name of a proper name: "River Vell", "Lake Orm", "Orm Valley".
const FEATURE_WORDS: &[&str] =
    &["river", "lake", "mount", "mountains", "gulf", "sea", "bay", "strait", "island", "islands", "valley", "cape", "canal"];

/// "the Vell" after "River Vell": a one-word person or organisation without a role that is the
/// proper part of exactly one place named with a geographic feature word joins that place.
fn join_feature_names(story: &mut Vec<Group>) {
    // A role-less "person", "organisation" or "other" named "River Vell" or "Vell Valley" is a
    // place the tagger mistyped (company names such as "Gulf Air" or "Canal Plus" use other words).
    for g in story.iter_mut() {
        if matches!(g.kind(), EntityKind::Per | EntityKind::Org | EntityKind::Misc)
            && g.roles.is_empty()
            && g.names.iter().any(|(n, _)| natural_feature_name(n))
        {
            g.kind_votes = [0, 0, g.mentions.len() as u32, 0];
            g.refresh();
        }
        // "Hurricane Maria" is a storm, not a woman named Maria: an event ("other")
        if g.kind() != EntityKind::Misc && g.roles.is_empty() && g.names.iter().any(|(n, _)| storm_name(n)) {
            g.kind_votes = [0, 0, 0, g.mentions.len() as u32];
            g.refresh();
        }
    }
    let mut cores: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (j, g) in story.iter().enumerate().filter(|(_, g)| g.kind() == EntityKind::Loc) {
        for (n, _) in &g.names {
            let w: Vec<&str> = n.split_whitespace().collect();
            let core = match w[..] {
                [a, b] if FEATURE_WORDS.contains(&a.to_lowercase().as_str()) => b,
                [a, b] if FEATURE_WORDS.contains(&b.to_lowercase().as_str()) => a,
                _ => continue,
            };
            let places = cores.entry(plain_key(core)).or_default();
            if !places.contains(&j) {
                places.push(j);
            }
        }
    }
    if cores.is_empty() {
        return;
    }
    let moves: Vec<(usize, usize)> = story
        .iter()
        .enumerate()
        .filter(|(_, g)| matches!(g.kind(), EntityKind::Per | EntityKind::Org) && g.roles.is_empty() && g.words() == 1)
        .filter_map(|(i, g)| match cores.get(&plain_key(&g.best)).map(Vec::as_slice) {
            Some(&[j]) => Some((i, j)),
            _ => None,
        })
        .collect();
    if !moves.is_empty() {
        let into = moves_into(story.len(), &moves);
        *story = fold_into(std::mem::take(story), &into, Reason::PartOfName, Some(EntityKind::Loc));
    }
}

fn finish(g: Group, docs: &[DocEntities<'_>]) -> EntityInfo {
    let kind = g.kind();
    let modifier = g.names.iter().all(|(n, _)| n.split_whitespace().count() == 1)
        && g.roles.is_empty()
        && g.mentions.iter().all(|m| m.name.is_some())
        && attributive(&g, docs);
    // canonical name: among the fullest spellings, the one most sources use
    let mut by_name: FxHashMap<&str, FxHashSet<usize>> = FxHashMap::default();
    for m in &g.mentions {
        if let Some(n) = &m.name {
            by_name.entry(n.as_str()).or_default().insert(docs[m.doc].source);
        }
    }
    let max_words = g.names.iter().map(|(n, _)| n.split_whitespace().count()).max().unwrap_or(1);
    // a person or a storm goes by its fullest name ("Hurricane Maria", not "Maria")
    let fullest = kind == EntityKind::Per || g.names.iter().any(|(n, _)| storm_name(n));
    let name = g
        .names
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| !fullest || n.split_whitespace().count() == max_words)
        .max_by_key(|(i, (n, _))| (by_name.get(n.as_str()).map_or(0, |s| s.len()), std::cmp::Reverse(*i)))
        .map(|(_, (n, _))| n.clone())
        .unwrap_or_else(|| g.best.clone());
    let mut aliases = Vec::new();
    let mut merges = Vec::new();
    for (n, r) in &g.names {
        if *n == name || aliases.contains(n) {
            continue;
        }
        aliases.push(n.clone());
        let reason = if plain_key(n) == plain_key(&name) {
            Reason::Same
        } else if *r == Reason::Same {
            // joined through another spelling: explain against the name
            match_names(n, kind, &name, kind).unwrap_or(*r)
        } else {
            *r
        };
        merges.push(MergeNote { alias: n.clone(), reason: reason.as_str().to_string() });
    }
    if g.mentions.iter().any(|m| m.name.is_none()) {
        merges.push(MergeNote { alias: "(role phrases)".into(), reason: Reason::Role.as_str().to_string() });
    }
    let mut mentions: Vec<&Mention> = g.mentions.iter().collect();
    mentions.sort_by_key(|m| (m.doc, m.start));
    let sources: FxHashSet<usize> = mentions.iter().map(|m| docs[m.doc].source).collect();
    // roles grouped by wording (case, possessive and articles aside)
    let mut roles: Vec<(String, EntityRole, FxHashSet<usize>)> = Vec::new();
    let mut role_list = g.roles.clone();
    role_list.sort_by_key(|r| (r.doc, r.start));
    role_list.dedup_by_key(|r| (r.doc, r.start, r.end));
    for r in role_list {
        let text = &docs[r.doc].text[r.start..r.end];
        let key = translit_key(&text.replace("\u{2019}s", "").replace("'s", ""));
        let cite = Citation { doc: docs[r.doc].id.to_string(), start: r.start as u32, end: r.end as u32, kind: CitationKind::Verbatim };
        match roles.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, role, srcs)) => {
                role.citations.push(cite);
                srcs.insert(docs[r.doc].source);
            }
            None => {
                let mut srcs = FxHashSet::default();
                srcs.insert(docs[r.doc].source);
                roles.push((key, EntityRole { text: text.to_string(), citations: vec![cite], sources: 0 }, srcs));
            }
        }
    }
    let mut roles: Vec<EntityRole> = roles
        .into_iter()
        .map(|(_, mut r, s)| {
            r.sources = s.len() as u32;
            r
        })
        .collect();
    roles.sort_by(|a, b| b.sources.cmp(&a.sources).then(b.citations.len().cmp(&a.citations.len())));
    EntityInfo {
        id: entity_id(&name, kind),
        name,
        kind: kind.as_str().to_string(),
        aliases,
        roles,
        mentions: mentions
            .iter()
            .map(|m| EntityMention { doc: docs[m.doc].id.to_string(), start: m.start as u32, end: m.end as u32 })
            .collect(),
        sources: sources.len() as u32,
        merges,
        modifier,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::*;

    /// Mentions at every occurrence of each name (longest names first, no overlaps).
    fn tag(text: &str, names: &[(&str, EntityKind)]) -> Vec<Entity> {
        let mut names = names.to_vec();
        names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        let mut out: Vec<Entity> = Vec::new();
        for (n, k) in names {
            for (s, _) in text.match_indices(n) {
                let e = s + n.len();
                if !out.iter().any(|m| m.start < e && s < m.end) {
                    out.push(Entity { start: s, end: e, kind: k });
                }
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }

    fn story(docs: &[(&str, Vec<Entity>, usize)]) -> Vec<EntityInfo> {
        let ids: Vec<String> = (0..docs.len()).map(|i| format!("d{i}")).collect();
        let input: Vec<DocEntities> = docs
            .iter()
            .enumerate()
            .map(|(i, (t, m, s))| DocEntities { id: &ids[i], text: t, mentions: m, source: *s, dateline: None })
            .collect();
        resolve(&input)
    }

    fn find<'a>(es: &'a [EntityInfo], name: &str) -> &'a EntityInfo {
        es.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name} in {:#?}", es))
    }

    const PEOPLE: &[(&str, EntityKind)] = &[
        ("Ilona Varga", Per),
        ("Varga", Per),
        ("Ilona Vargha", Per),
        ("Vargha", Per),
        ("Dmitry Orlovsky", Per),
        ("Dmitri Orlovski", Per),
        ("Orlovski", Per),
        ("Orlovsky", Per),
        ("Maria Castell", Per),
        ("Tomas Castell", Per),
        ("Castell", Per),
        ("Veldria", Loc),
        ("U.S.", Loc),
        ("United States", Loc),
        ("Corvan", Org),
    ];

    #[test]
    fn one_person_within_a_document() {
        let t = "President Ilona Varga of Veldria opened the talks. Varga said little. \
                 Later the Veldrian president left for the U.S. Mr. Varga's aides stayed.";
        let es = story(&[(t, tag(t, PEOPLE), 0)]);
        let v = find(&es, "Ilona Varga");
        assert_eq!(v.kind, "PER");
        assert!(v.roles.iter().any(|r| r.text == "President"), "{v:#?}");
        let spans: Vec<&str> = v.mentions.iter().map(|m| &t[m.start as usize..m.end as usize]).collect();
        assert_eq!(spans, ["Ilona Varga", "Varga", "the Veldrian president", "Varga"]);
        assert!(v.merges.iter().any(|m| m.reason == Reason::Role.as_str()));
    }

    #[test]
    fn spellings_merge_across_outlets_with_reasons() {
        let a = "Kremlin negotiator Dmitry Orlovsky arrived. Orlovsky spoke with U.S. officials.";
        let b = "Dmitri Orlovski, the Kremlin's chief negotiator, said the United States had agreed.";
        let c = "Orlovski did not comment.";
        let es = story(&[(a, tag(a, PEOPLE), 0), (b, tag(b, PEOPLE), 1), (c, tag(c, PEOPLE), 2)]);
        let o = find(&es, "Dmitry Orlovsky");
        assert_eq!(o.sources, 3);
        assert!(o.aliases.contains(&"Dmitri Orlovski".to_string()));
        assert!(o.merges.iter().any(|m| m.alias == "Dmitri Orlovski" && m.reason == "transliteration variant"), "{o:#?}");
        let roles: Vec<&str> = o.roles.iter().map(|r| r.text.as_str()).collect();
        assert!(roles.contains(&"Kremlin negotiator") && roles.contains(&"Kremlin's chief negotiator"), "{roles:?}");
        let texts = [a, b, c];
        for r in &o.roles {
            for cite in &r.citations {
                let doc = texts[cite.doc[1..].parse::<usize>().unwrap()];
                assert_eq!(&doc[cite.start as usize..cite.end as usize], r.text);
            }
        }
        let us = es.iter().find(|e| e.id == "loc:us").expect("the U.S. entity");
        assert_eq!(us.sources, 2);
        assert!(us.merges.iter().any(|m| m.reason == "alias table"));
    }

    #[test]
    fn shared_surnames_stay_apart() {
        // invented collision: two people named Castell in one story
        let a = "Maria Castell, the Corvan envoy, met Tomas Castell. Castell said the envoy was late.";
        let b = "Tomas Castell left early.";
        let c = "Castell was not available.";
        let es = story(&[(a, tag(a, PEOPLE), 0), (b, tag(b, PEOPLE), 1), (c, tag(c, PEOPLE), 2)]);
        let m = find(&es, "Maria Castell");
        let t = find(&es, "Tomas Castell");
        assert_ne!(m.id, t.id);
        assert_eq!(t.sources, 2);
        assert_eq!(m.sources, 1);
        assert!(m.roles.iter().any(|r| r.text == "Corvan envoy"));
        // within document a, the bare surname goes to the latest Castell
        assert_eq!(t.mentions.iter().filter(|x| x.doc == "d0").count(), 2);
        // in document c, "Castell" could be either: kept on its own
        let bare = es.iter().find(|e| e.name == "Castell").expect("ambiguous surname kept apart");
        assert_eq!(bare.mentions.len(), 1);
    }

    #[test]
    fn a_person_named_as_a_place_is_a_place() {
        // the tagger calls the invented city "Dravik" a person; the text puts it after "in"
        let a = "Talks resumed in Dravik on Monday. Dravik said the talks were useful.";
        let b = "Officials in Dravik and Lomar welcomed the plan. Ilona Varga was in Lomar.";
        let es = story(&[
            (a, tag(a, &[("Dravik", Per)]), 0),
            (b, tag(b, &[("Dravik", Per), ("Ilona Varga", Per), ("Lomar", Loc)]), 1),
        ]);
        assert_eq!(find(&es, "Dravik").kind, "LOC");
        // coordinated with a place: "Lomar and Sevrin"; the organisation reading of it is folded in
        let c = "Both Lomar and Sevrin rejected the plan. Sevrin said it would respond. Sevrin wants more time.";
        let d = "The Sevrin government spoke.";
        let es2 = story(&[(c, tag(c, &[("Lomar", Loc), ("Sevrin", Per)]), 0), (d, tag(d, &[("Sevrin", Org)]), 1)]);
        let sevrin: Vec<&EntityInfo> = es2.iter().filter(|e| e.name == "Sevrin").collect();
        assert_eq!(sevrin.len(), 1, "{es2:#?}");
        assert_eq!(sevrin[0].kind, "LOC");
        assert_eq!(sevrin[0].sources, 2);
        assert_eq!(find(&es, "Ilona Varga").kind, "PER", "a full name stays a person");
    }

    #[test]
    fn a_dateline_place_is_a_place() {
        // the tagger calls the invented town "Kestova" an organisation; a wire story is filed
        // from it (the cleaner moved "KESTOVA" from the text into the dateline)
        let a = "The council met on Monday. Kestova has no bridge left. People of Kestova waited.";
        let b = "Kestova officials said the ferry would run.";
        let ids = ["a".to_string(), "b".to_string()];
        let (ma, mb) = (tag(a, &[("Kestova", Org)]), tag(b, &[("Kestova", Org)]));
        let docs = |dateline: Option<&'static str>| {
            vec![
                DocEntities { id: &ids[0], text: a, mentions: &ma, source: 0, dateline },
                DocEntities { id: &ids[1], text: b, mentions: &mb, source: 1, dateline: None },
            ]
        };
        assert_eq!(find(&resolve(&docs(None)), "Kestova").kind, "ORG", "no evidence: the tagger's type");
        let es = resolve(&docs(Some("KESTOVA, March 3 (Northwind)")));
        assert_eq!(find(&es, "Kestova").kind, "LOC", "{es:#?}");
        assert_eq!(dateline_place("(Northwind)"), None);
    }

    #[test]
    fn a_river_named_alone_joins_its_place() {
        let a = "The bridge over the River Vell fell. Divers searched the Vell for hours.";
        let b = "Boats on the Vell were stopped. Vell Holdings paid nothing.";
        let es = story(&[
            (a, tag(a, &[("River Vell", Loc), ("Vell", Org)]), 0),
            (b, tag(b, &[("Vell Holdings", Org), ("Vell", Org)]), 1),
        ]);
        // one place, named as most sources name it, with the other spelling as an alias
        let river = find(&es, "Vell");
        assert_eq!(river.kind, "LOC");
        assert_eq!(river.sources, 2, "{es:#?}");
        assert_eq!(river.aliases, vec!["River Vell".to_string()], "{river:#?}");
        assert_eq!(es.iter().filter(|e| e.name.contains("Vell") && e.kind == "LOC").count(), 1, "{es:#?}");
        assert_eq!(find(&es, "Vell Holdings").kind, "ORG", "a longer organisation name stays");
    }

    #[test]
    fn a_river_the_tagger_called_an_organisation_is_a_place() {
        let a = "Barges left the River Vell at dawn. The Vell rose overnight.";
        let b = "Gulf Air cancelled flights over the Vell.";
        let es = story(&[
            (a, tag(a, &[("River Vell", Org), ("Vell", Org)]), 0),
            (b, tag(b, &[("Gulf Air", Org), ("Vell", Org)]), 1),
        ]);
        let river = find(&es, "Vell");
        assert_eq!(river.kind, "LOC", "{es:#?}");
        assert_eq!(river.sources, 2, "{es:#?}");
        assert_eq!(find(&es, "Gulf Air").kind, "ORG", "a company name stays an organisation");
        assert!(natural_feature_name("Orm Valley") && natural_feature_name("Mount Tarn"));
        assert!(!natural_feature_name("Gulf Air") && !natural_feature_name("River Plate Holdings"));
    }

    #[test]
    fn a_river_the_tagger_called_other_is_a_place_too() {
        let a = "Barges left the River Vell at dawn. The Vell rose overnight.";
        let b = "Ferries crossed the Vell.";
        let es = story(&[
            (a, tag(a, &[("River Vell", Misc), ("Vell", Org)]), 0),
            (b, tag(b, &[("Vell", Org)]), 1),
        ]);
        let river = find(&es, "Vell");
        assert_eq!(river.kind, "LOC", "{es:#?}");
        assert_eq!(river.sources, 2, "{es:#?}");
        assert_eq!(es.iter().filter(|e| e.name.contains("Vell")).count(), 1, "{es:#?}");
    }

    #[test]
    fn a_name_tagged_place_and_organisation_equally_is_a_place() {
        let a = "Talks covered Tarsk and Olmen.";
        let b = "The Tarsk plant lost power.";
        let es = story(&[(a, tag(a, &[("Tarsk", Loc), ("Olmen", Loc)]), 0), (b, tag(b, &[("Tarsk", Org)]), 1)]);
        // one place vote, one organisation vote: a place
        let t = find(&es, "Tarsk");
        assert_eq!(t.kind, "LOC", "{es:#?}");
        assert_eq!(t.mentions.len(), 2, "{es:#?}");
    }

    #[test]
    fn a_title_word_inside_an_organisation_name_stays() {
        // "Justice" and "General" lead people's names as titles, not these names
        let a = "The Justice Department and the Commerce Department disagreed. General Tarsk Motors said nothing.";
        let b = "A Justice Department lawyer spoke. The Department of Justice denied it.";
        let es = story(&[
            (a, tag(a, &[("Justice Department", Org), ("Commerce Department", Org), ("General Tarsk Motors", Org)]), 0),
            (b, tag(b, &[("Justice Department", Org), ("Department of Justice", Org)]), 1),
        ]);
        let j = find(&es, "Justice Department");
        assert_eq!((j.kind.as_str(), j.sources, j.mentions.len()), ("ORG", 2, 3), "{es:#?}");
        assert_eq!(j.aliases, vec!["Department of Justice".to_string()], "{es:#?}");
        assert_eq!(find(&es, "Commerce Department").mentions.len(), 1, "{es:#?}");
        assert_eq!(find(&es, "General Tarsk Motors").kind, "ORG", "{es:#?}");
        assert!(es.iter().all(|e| e.name != "Department" && e.name != "Tarsk Motors"), "{es:#?}");
    }

    #[test]
    fn a_surname_used_as_a_modifier_is_the_person() {
        let a = "President Ilona Varga spoke. The Varga government fell.";
        let b = "Varga voters stayed home. Tomas Castell and Maria Castell left the Castell firm.";
        let es = story(&[
            (a, tag(a, &[("Ilona Varga", Per), ("Varga", Misc)]), 0),
            (b, tag(b, &[("Tomas Castell", Per), ("Maria Castell", Per), ("Varga", Misc), ("Castell", Misc)]), 1),
        ]);
        let v = find(&es, "Ilona Varga");
        assert_eq!(v.kind, "PER");
        assert_eq!(v.mentions.len(), 3, "{es:#?}");
        assert_eq!(v.sources, 2);
        assert!(v.merges.iter().any(|m| m.alias == "Varga"), "{v:#?}");
        assert!(!es.iter().any(|e| e.name == "Varga"), "{es:#?}");
        // two people share the surname: the modifier stays apart
        assert_eq!(find(&es, "Castell").kind, "MISC", "{es:#?}");
        // a place list made a place of the surname; as a modifier it is the person too, but a
        // place that is also named as one stays a place
        let a = "President Ilona Varga spoke. The Varga administration and the Lomar mayor met in Lomar.";
        let b = "Varga officials denied it. Tomas Lomar was not there.";
        let es = story(&[
            (a, tag(a, &[("Ilona Varga", Per), ("Varga", Loc), ("Lomar", Loc), ("Lomar", Loc)]), 0),
            (b, tag(b, &[("Varga", Loc), ("Tomas Lomar", Per)]), 1),
        ]);
        assert_eq!(find(&es, "Ilona Varga").mentions.len(), 3, "{es:#?}");
        assert_eq!(find(&es, "Lomar").kind, "LOC", "{es:#?}");
    }

    #[test]
    fn a_full_name_mostly_tagged_a_person_is_the_person() {
        // the tagger reads the name as a company in one article, as a person in two
        let a = "Kathina Velor said it would help.";
        let b = "Kathina Velor told police. Kathina Velor said she ran.";
        let c = "Kathina Velor was not hurt.";
        let es = story(&[
            (a, tag(a, &[("Kathina Velor", Org)]), 0),
            (b, tag(b, &[("Kathina Velor", Per)]), 1),
            (c, tag(c, &[("Kathina Velor", Per)]), 2),
        ]);
        let v: Vec<&EntityInfo> = es.iter().filter(|e| e.name == "Kathina Velor").collect();
        assert_eq!(v.len(), 1, "{es:#?}");
        assert_eq!((v[0].kind.as_str(), v[0].mentions.len()), ("PER", 4));
        // as often a company as a person: both stay
        let a = "Orrin Vale opened. Orrin Vale said so.";
        let b = "Orrin Vale spoke. Orrin Vale left.";
        let es = story(&[(a, tag(a, &[("Orrin Vale", Org)]), 0), (b, tag(b, &[("Orrin Vale", Per)]), 1)]);
        assert_eq!(es.iter().filter(|e| e.name == "Orrin Vale").count(), 2, "{es:#?}");
    }

    #[test]
    fn a_name_between_an_article_and_a_lowercase_word_is_a_modifier() {
        let a = "The Varga administration denied it; the outgoing Varga administration left. Lomar officials agreed. Varga-era rules stay. Varga administration staff left.";
        let b = "In Lomar, the Varga team met. Corvan said no.";
        let es = story(&[
            (a, tag(a, &[("Varga", Loc), ("Lomar", Loc)]), 0),
            (b, tag(b, &[("Varga", Loc), ("Lomar", Loc), ("Corvan", Org)]), 1),
        ]);
        assert!(find(&es, "Varga").modifier, "{es:#?}");
        // "Lomar officials" has no article before it, and "In Lomar," is a place
        assert!(!find(&es, "Lomar").modifier && !find(&es, "Corvan").modifier, "{es:#?}");
    }

    #[test]
    fn a_one_word_person_that_is_a_thing_of_the_story_is_that_thing() {
        let a = "Korvath recalled the KV-220. Korvath said sales fell at Korvath. In Velm, Lomar.";
        let b = "Korvath said it was sorry; the KV-220 heaters burn. Ilona Velm spoke.";
        let c = "Velm said no.";
        let es = story(&[
            (a, tag(a, &[("Korvath", Org), ("KV-220", Misc), ("Lomar", Loc), ("Velm", Loc)]), 0),
            (b, tag(b, &[("Korvath", Per), ("KV-220", Per), ("Ilona Velm", Per)]), 1),
            (c, tag(c, &[("Velm", Per)]), 2),
        ]);
        let k: Vec<&EntityInfo> = es.iter().filter(|e| e.name == "Korvath").collect();
        assert_eq!(k.len(), 1, "{es:#?}");
        assert_eq!((k[0].kind.as_str(), k[0].mentions.len()), ("ORG", 4));
        assert_eq!(find(&es, "KV-220").kind, "MISC", "{es:#?}");
        assert_eq!(find(&es, "KV-220").mentions.len(), 2, "{es:#?}");
        // the surname of a person the story names in full stays with the person
        assert!(es.iter().any(|e| e.name == "Ilona Velm" && e.mentions.len() == 2), "{es:#?}");
        assert_eq!(find(&es, "Velm").kind, "LOC", "{es:#?}");
        // "the Tarsk administration" read as an organisation does not make Tarsk one
        let a = "The Tarsk administration said so. The Tarsk administration and the Tarsk campaign agreed.";
        let b = "Tarsk said no.";
        let es = story(&[(a, tag(a, &[("Tarsk", Org)]), 0), (b, tag(b, &[("Tarsk", Per)]), 1)]);
        assert!(es.iter().any(|e| e.name == "Tarsk" && e.kind == "PER"), "{es:#?}");
    }

    #[test]
    fn two_bodies_tagged_as_one_name_are_two() {
        let a = "The VDC and Velm Food Safety Agency warned. The Velm Food Safety Agency and Orlan Port Authority agreed. The Department of Health and Social Care spoke. The Harbour Administration and Fisheries Act passed.";
        let es = story(&[(
            a,
            tag(
                a,
                &[
                    ("VDC and Velm Food Safety Agency", Org),
                    ("Velm Food Safety Agency and Orlan Port Authority", Org),
                    ("Department of Health and Social Care", Org),
                    ("Harbour Administration and Fisheries Act", Misc),
                ],
            ),
            0,
        )]);
        assert_eq!(find(&es, "VDC").kind, "ORG", "{es:#?}");
        assert_eq!(find(&es, "Velm Food Safety Agency").mentions.len(), 2, "{es:#?}");
        assert_eq!(find(&es, "Orlan Port Authority").kind, "ORG", "{es:#?}");
        assert_eq!(find(&es, "Department of Health and Social Care").kind, "ORG", "{es:#?}");
        assert_eq!(find(&es, "Harbour Administration and Fisheries Act").kind, "MISC", "{es:#?}");
        assert_eq!(coordinated("Bosnia and Herzegovina"), None);
        assert_eq!(coordinated("Food and Drug Administration"), None);
    }

    #[test]
    fn an_institution_read_as_a_person_is_an_organisation() {
        let a = "Mayor Ilona Varga spoke, with City Hall putting its losses at 2 million. State Police said so.";
        let es = story(&[(a, tag(a, &[("Ilona Varga", Per), ("City Hall", Per), ("State Police", Per)]), 0)]);
        assert_eq!(find(&es, "City Hall").kind, "ORG", "{es:#?}");
        assert_eq!(find(&es, "State Police").kind, "ORG", "{es:#?}");
        assert_eq!(find(&es, "Ilona Varga").kind, "PER");
        assert!(!institution_name("Dale Hall") && !institution_name("City"));
        assert!(institution_name("Marla Stone Dunn High School") && institution_name("Velm Democrats"));
        assert!(!institution_name("Frank Church") && !institution_name("Democrats"));
        let b = "They met in the Lily Garden with Ilona Varga. Chan Park spoke.";
        let es = story(&[(b, tag(b, &[("Lily Garden", Per), ("Ilona Varga", Per), ("Chan Park", Per)]), 0)]);
        assert_eq!(find(&es, "Lily Garden").kind, "LOC", "{es:#?}");
        assert_eq!(find(&es, "Chan Park").kind, "PER", "{es:#?}");
    }

    #[test]
    fn a_storm_named_like_a_person_is_an_event() {
        let a = "Hurricane Orla hit Lomar. Tropical Storm Brelk followed; Storm Vessen Motors shares fell.";
        let b = "Orla left Lomar without power. Orla weakened.";
        let es = story(&[
            (a, tag(a, &[("Hurricane Orla", Per), ("Lomar", Loc), ("Tropical Storm Brelk", Per)]), 0),
            (b, tag(b, &[("Orla", Per), ("Lomar", Loc), ("Orla", Per)]), 1),
        ]);
        // named as the storm, however most mentions name it
        assert_eq!(find(&es, "Hurricane Orla").mentions.len(), 3, "{es:#?}");
        assert_eq!(find(&es, "Hurricane Orla").kind, "MISC", "{es:#?}");
        assert_eq!(find(&es, "Tropical Storm Brelk").kind, "MISC", "{es:#?}");
        assert_eq!(find(&es, "Lomar").kind, "LOC", "{es:#?}");
        assert!(!storm_name("Storm Vessen Motors") && !storm_name("Hurricane") && storm_name("Typhoon Haiyan"));
    }

    #[test]
    fn a_name_after_a_persons_title_is_a_person() {
        let a = "President Tarsk spoke in Lomar, and Sen. Orlo agreed. General Vessen Motors and the Minister for Lomar did not.";
        let b = "Its rival Lomar objected, said a chief Brelk spokesman. Brelk named a new Chancellor. Lomar agreed to miss Lomar.";
        let es = story(&[
            (a, tag(a, &[("Tarsk", Loc), ("Lomar", Loc), ("Orlo", Org), ("General Vessen Motors", Org), ("Lomar", Loc)]), 0),
            (b, tag(b, &[("Lomar", Loc), ("Brelk", Org), ("Brelk", Org), ("Lomar", Loc), ("Lomar", Loc)]), 1),
        ]);
        // role nouns that also describe countries and bodies do not make a person
        assert_eq!(find(&es, "Brelk").kind, "ORG", "{es:#?}");
        let t = find(&es, "Tarsk");
        assert_eq!(t.kind, "PER", "{es:#?}");
        assert!(t.roles.iter().any(|r| r.text == "President"), "{t:#?}");
        assert_eq!(find(&es, "Orlo").kind, "PER", "{es:#?}");
        assert_eq!(find(&es, "Lomar").kind, "LOC", "{es:#?}");
        assert_eq!(find(&es, "General Vessen Motors").kind, "ORG", "{es:#?}");
        // the title inside the tagged name: "President Dravo" tagged a place as a whole
        let c = "President Dravo spoke. The President's Council met. The liner MS Orvia sailed. Mayor Lena de Vos came.";
        let es = story(&[(c, tag(c, &[("President Dravo", Loc), ("President's Council", Org), ("MS Orvia", Misc), ("Mayor Lena de Vos", Loc)]), 0)]);
        assert_eq!(find(&es, "Lena de Vos").kind, "PER", "{es:#?}");
        assert_eq!(find(&es, "Dravo").kind, "PER", "{es:#?}");
        assert_eq!(find(&es, "Orvia").kind, "MISC", "{es:#?}");
        assert_eq!(find(&es, "President's Council").kind, "ORG", "{es:#?}");
    }

    #[test]
    fn a_body_inside_an_organisation_is_not_the_organisation() {
        let a = "The Orvan Assembly met. The Orvan Assembly Finance Committee objected. Hollin Marsh Structural won; Hollin said so.";
        let b = "Orvan Assembly Liberals walked out. The Lomar Audit Board and the Lomar Audit met.";
        let es = story(&[
            (
                a,
                tag(a, &[("Orvan Assembly", Org), ("Orvan Assembly Finance Committee", Org), ("Hollin Marsh Structural", Org), ("Hollin", Org)]),
                0,
            ),
            (b, tag(b, &[("Orvan Assembly Liberals", Org), ("Lomar Audit Board", Org), ("Lomar Audit", Org)]), 1),
        ]);
        assert_eq!(find(&es, "Orvan Assembly Liberals").mentions.len(), 1, "{es:#?}");
        assert_eq!(find(&es, "Lomar Audit Board").mentions.len(), 2, "{es:#?}");
        // the committee is a body of the assembly, not the assembly
        assert_eq!(find(&es, "Orvan Assembly").mentions.len(), 1, "{es:#?}");
        assert_eq!(find(&es, "Orvan Assembly Finance Committee").mentions.len(), 1, "{es:#?}");
        // a firm's short name is the firm; a committee named without "Committee" is the committee
        let h = find(&es, "Hollin Marsh Structural");
        assert_eq!(h.mentions.len(), 2, "{es:#?}");
        assert!(h.merges.iter().any(|m| m.alias == "Hollin" && m.reason == "part of the full name"), "{h:#?}");
    }

    #[test]
    fn a_modifier_joins_the_person_a_story_names_by_surname_only() {
        let a = "President Varga spoke. The Varga government fell. Varga resigned.";
        let b = "Varga voters stayed home as Varga left.";
        let es = story(&[
            (a, tag(a, &[("Varga", Per), ("Varga", Misc), ("Varga", Per)]), 0),
            (b, tag(b, &[("Varga", Misc), ("Varga", Per)]), 1),
        ]);
        let v: Vec<&EntityInfo> = es.iter().filter(|e| e.name == "Varga").collect();
        assert_eq!(v.len(), 1, "{es:#?}");
        assert_eq!((v[0].kind.as_str(), v[0].mentions.len(), v[0].sources), ("PER", 5, 2), "{es:#?}");
        // a movement the tagger once took for a person stays what it mostly is
        let a = "The Tarsk Front grew. Tarsk fighters and Tarsk leaders met.";
        let b = "Analysts watched Tarsk closely.";
        let es = story(&[(a, tag(a, &[("Tarsk", Misc), ("Tarsk", Misc), ("Tarsk", Misc)]), 0), (b, tag(b, &[("Tarsk", Per)]), 1)]);
        // (and the one "person" mention of that name, with no person of that surname, is it too)
        assert!(es.iter().any(|e| e.name == "Tarsk" && e.kind == "MISC" && e.mentions.len() == 4), "{es:#?}");
    }

    #[test]
    fn near_spellings_of_different_people_stay_apart() {
        let a = "Ilona Varga spoke.";
        let b = "Ilona Vargha spoke too.";
        let es = story(&[(a, tag(a, PEOPLE), 0), (b, tag(b, PEOPLE), 1)]);
        // "Varga"/"Vargha" are transliteration-equal (gh→g is not folded): they stay apart
        assert_eq!(es.iter().filter(|e| e.kind == "PER").count(), 2, "{es:#?}");
    }
}
