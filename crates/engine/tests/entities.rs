//! Entities across the documents of a story, through the whole pipeline
//! with the built-in tagger: spellings merged with reasons, roles with
//! cited spans, namesakes kept apart, quote speakers under canonical names,
//! and the Who's who block. The reports are invented for this test.

use chorus_engine::{Engine, IngestOptions};
use chorus_model::{Body, Brief, RawInput};

fn input(id: &str, source: &str, title: &str, text: &str) -> RawInput {
    RawInput {
        origin: id.into(),
        ext_id: Some(id.into()),
        source: Some(source.into()),
        published: Some("2026-03-02T09:00:00Z".into()),
        title: Some(title.into()),
        url: None,
        body: Body::Text(text.into()),
        meta: Default::default(),
    }
}

fn texts() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    vec![
        (
            "a",
            "Harbor Ledger",
            "Talks on the Marrow river dam open in Lisbon",
            "Negotiators from Veldria and Ostrava met in Lisbon on Monday for talks on the Marrow river dam. \
Veldrian Foreign Minister Dmitry Orlovsky led his country's delegation, and Ostrava's chief negotiator Maria Castell led hers.\n\n\
\"We came to Lisbon to sign an agreement, not to talk about one,\" Orlovsky told reporters before the session.\n\n\
Maria Castell said her team would ask for an independent survey of the dam. Her brother, Tomas Castell, \
a senior adviser to the Ostrava water board, joined the delegation.\n\n\
The talks are expected to last three days.",
        ),
        (
            "b",
            "Coastal Wire",
            "Veldria and Ostrava begin dam talks",
            "Delegations from Veldria and Ostrava opened talks in Lisbon on Monday over the disputed Marrow river dam.\n\n\
Dmitri Orlovski, Veldria's foreign minister, said his delegation had come to sign an agreement rather than discuss one. \
\"We came to Lisbon to sign a deal, not to talk about one,\" Orlovski said.\n\n\
Tomas Castell, an engineer with the Ostrava water board, said the dam's spillway needed urgent repairs. \
A ruling on the survey could come before the weekend, according to diplomats in both capitals.",
        ),
        (
            "c",
            "Northern Times",
            "Dam talks: who is at the table",
            "Talks between Veldria and Ostrava over the Marrow river dam began in Lisbon on Monday.\n\n\
Orlovsky, who has served as foreign minister since 2023, has called the dam a matter of national survival. \
The Veldrian minister said on Sunday that he expected a deal by Wednesday.\n\n\
Castell told reporters the spillway was unsafe. The talks are expected to last three days.",
        ),
    ]
}

fn story() -> (Brief, Vec<(String, String)>) {
    let docs: Vec<RawInput> = texts().into_iter().map(|(id, s, t, x)| input(id, s, t, x)).collect();
    let mut engine = Engine::open_in_memory().unwrap();
    let report = engine.ingest(docs.into_iter().map(Ok), &IngestOptions::default()).unwrap();
    assert_eq!(report.ingested, 3, "{:?}", report.diagnostics);
    let set = engine.briefs(None).unwrap();
    assert_eq!(set.stories.len(), 1, "the three reports form one story");
    let b = set.stories.into_iter().next().unwrap();
    let stored: Vec<(String, String)> = b
        .documents
        .iter()
        .map(|d| (d.id.clone(), engine.store().documents(std::slice::from_ref(&d.id)).unwrap().remove(0).text))
        .collect();
    (b, stored)
}

fn text_of<'a>(stored: &'a [(String, String)], doc: &str) -> &'a str {
    &stored.iter().find(|(id, _)| id == doc).unwrap().1
}

#[test]
fn spellings_merge_with_reasons_and_roles_are_cited() {
    let (b, stored) = story();
    let o = b
        .entities
        .iter()
        .find(|e| e.kind == "PER" && e.name.contains("Orlovsk"))
        .unwrap_or_else(|| panic!("Orlovsky is an entity: {:#?}", b.entities));
    assert_eq!(o.name, "Dmitry Orlovsky");
    assert!(o.aliases.iter().any(|a| a == "Dmitri Orlovski"), "{o:#?}");
    assert!(o.merges.iter().any(|m| m.alias == "Dmitri Orlovski" && m.reason == "transliteration variant"), "{o:#?}");
    assert_eq!(o.sources, 3, "all three outlets mention him");
    // both roles are kept, each cited where it is written
    let roles: Vec<&str> = o.roles.iter().map(|r| r.text.as_str()).collect();
    assert!(roles.iter().any(|r| r.contains("Foreign Minister")), "{roles:?}");
    assert!(roles.iter().any(|r| r.contains("foreign minister")), "{roles:?}");
    for r in &o.roles {
        for c in &r.citations {
            assert_eq!(&text_of(&stored, &c.doc)[c.start as usize..c.end as usize], r.text);
        }
    }
    // every mention is a span of the stored text; "the Veldrian minister" is one of them
    let spans: Vec<&str> = o.mentions.iter().map(|m| &text_of(&stored, &m.doc)[m.start as usize..m.end as usize]).collect();
    assert!(spans.contains(&"The Veldrian minister"), "{spans:?}");
    assert!(spans.iter().all(|s| s.contains("Orlovsk") || s.to_lowercase().starts_with("the ")), "{spans:?}");
}

#[test]
fn namesakes_stay_apart() {
    let (b, _) = story();
    let maria = b.entities.iter().find(|e| e.name == "Maria Castell").expect("Maria Castell");
    let tomas = b.entities.iter().find(|e| e.name == "Tomas Castell").expect("Tomas Castell");
    assert_ne!(maria.id, tomas.id);
    assert!(!maria.aliases.iter().any(|a| a.contains("Tomas")) && !tomas.aliases.iter().any(|a| a.contains("Maria")));
    assert_eq!(tomas.sources, 2);
    // "Castell" alone in the third report could be either: not merged into one of them
    assert_eq!(maria.sources, 1, "{maria:#?}");
}

#[test]
fn quote_speakers_use_canonical_names_and_whos_who_lists_people() {
    let (b, _) = story();
    let g = b
        .quotes
        .iter()
        .find(|g| g.variants.iter().any(|v| v.text.contains("sign")))
        .unwrap_or_else(|| panic!("{:#?}", b.quotes));
    assert_eq!(g.speaker.as_deref(), Some("Dmitry Orlovsky"));
    assert!(g.variants.len() >= 2, "both spellings' quotes are one statement: {g:#?}");
    let md = chorus_brief::render::markdown(&b);
    let who = md.split("## Who's who").nth(1).expect("a Who's who block").split("\n## ").next().unwrap();
    assert!(who.contains("**Dmitry Orlovsky** (also Dmitri Orlovski)"), "{who}");
    assert!(who.contains("3 sources"), "{who}");
    assert!(who.contains("Maria Castell") && who.contains("Tomas Castell"), "{who}");
}

#[test]
fn briefs_without_a_tagger_have_no_entities() {
    let docs: Vec<RawInput> = texts().into_iter().map(|(id, s, t, x)| input(id, s, t, x)).collect();
    let mut engine = Engine::open_in_memory().unwrap();
    engine.set_ner(None);
    engine.ingest(docs.into_iter().map(Ok), &IngestOptions::default()).unwrap();
    let b = engine.briefs(None).unwrap().stories.remove(0);
    assert!(b.entities.is_empty());
    assert!(!chorus_brief::render::markdown(&b).contains("Who's who"));
}
