//! Hand-written regression sentences (invented for this project, not from any data set).
//! They need the trained model `models/ner/ner.bin`; without it they are skipped with a note.

use std::path::PathBuf;
use std::sync::Arc;

use chorus_ner::{EntityKind, Lstm, NerModel};

fn model() -> Option<NerModel> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/ner/ner.bin");
    if !path.exists() {
        eprintln!("note: {} is absent; skipping (train it with `chorus train ner`)", path.display());
        return None;
    }
    let m = NerModel::load(&path).expect("the committed model loads");
    let lstm = Lstm::load(path.with_file_name("lstm.bin")).expect("the committed LSTM loads");
    Some(m.with_lstm(Arc::new(lstm)))
}

fn ents(m: &NerModel, text: &str) -> Vec<(String, EntityKind)> {
    m.entities(text).into_iter().map(|e| (text[e.start..e.end].to_string(), e.kind)).collect()
}

#[test]
#[ignore = "probe: prints the model's entities for the regression sentences"]
fn probe() {
    let Some(m) = model() else { return };
    for t in PROBE {
        eprintln!("{t:?} -> {:?}", ents(&m, t));
    }
}

const PROBE: &[&str] = &[
    "Delegations arrived in Geneva on Tuesday for a second round of talks.",
    "Air-raid sirens sounded across Kyiv overnight, the city administration said.",
    "The envoys later flew to Abu Dhabi, where a prisoner exchange was arranged.",
    "Shelling was reported near Luhansk and in the outskirts of Kharkiv.",
    "Talks in Geneva ended without a deal, said Maria Fendler, a spokeswoman.",
    "Key Takeaways",
    "Bottom Line",
    "What We Know So Far",
    "TALKS IN GENEVA STALL AS KYIV AND MOSCOW TRADE BLAME",
    "Talks in Geneva Stall as Kyiv and Moscow Trade Blame",
    "talks in geneva stall as both sides trade blame",
    "\u{201C}We will not give up,\u{201D} Ukraine\u{2019}s foreign minister told Reuters in Geneva.",
];

fn has(m: &NerModel, text: &str, name: &str, kind: EntityKind) {
    let got = ents(m, text);
    assert!(got.iter().any(|(n, k)| n == name && *k == kind), "{name} as {kind:?} in {text:?}: got {got:?}");
}

#[test]
fn cities_are_locations() {
    let Some(m) = model() else { return };
    use EntityKind::*;
    has(&m, "Delegations arrived in Geneva on Tuesday for a second round of talks.", "Geneva", Loc);
    has(&m, "The envoys later flew to Abu Dhabi, where a prisoner exchange was arranged.", "Abu Dhabi", Loc);
    has(&m, "Shelling was reported near Luhansk and in the outskirts of Kharkiv.", "Luhansk", Loc);
    has(&m, "Talks in Geneva ended without a deal, said Maria Fendler, a spokeswoman.", "Maria Fendler", Per);
}

#[test]
fn kyiv_is_a_location() {
    let Some(m) = model() else { return };
    has(&m, "Air-raid sirens sounded across Kyiv overnight, the city administration said.", "Kyiv", EntityKind::Loc);
}

#[test]
fn section_headings_are_not_entities() {
    let Some(m) = model() else { return };
    for text in ["Bottom Line", "What We Know So Far"] {
        assert!(ents(&m, text).is_empty(), "{text:?}: {:?}", ents(&m, text));
    }
}

#[test]
fn key_takeaways_is_not_an_entity() {
    let Some(m) = model() else { return };
    assert!(ents(&m, "Key Takeaways").is_empty(), "{:?}", ents(&m, "Key Takeaways"));
    // the short-line recasing keeps names: a byline alone is still a person
    has(&m, "Larry Fenwick", "Larry Fenwick", EntityKind::Per);
}

#[test]
fn all_caps_headline() {
    let Some(m) = model() else { return };
    let got = ents(&m, "TALKS IN GENEVA STALL AS KYIV AND MOSCOW TRADE BLAME");
    has(&m, "TALKS IN GENEVA STALL AS KYIV AND MOSCOW TRADE BLAME", "GENEVA", EntityKind::Loc);
    has(&m, "TALKS IN GENEVA STALL AS KYIV AND MOSCOW TRADE BLAME", "MOSCOW", EntityKind::Loc);
    assert!(got.iter().all(|(_, k)| *k == EntityKind::Loc), "{got:?}");
}

#[test]
fn title_case_headline_finds_the_cities() {
    let Some(m) = model() else { return };
    let t = "Talks in Geneva Stall as Kyiv and Moscow Trade Blame";
    has(&m, t, "Geneva", EntityKind::Loc);
    has(&m, t, "Kyiv", EntityKind::Loc);
}

#[test]
fn headline_casing_adds_no_spurious_entities() {
    let Some(m) = model() else { return };
    let got = ents(&m, "Talks in Geneva Stall as Kyiv and Moscow Trade Blame");
    assert_eq!(got.len(), 3, "{got:?}");
    let lower = ents(&m, "talks in geneva stall as both sides trade blame");
    assert!(lower.iter().all(|(n, _)| n == "geneva"), "{lower:?}");
}

#[test]
fn possessives_and_quotes() {
    let Some(m) = model() else { return };
    let text = "\u{201C}We will not give up,\u{201D} Ukraine\u{2019}s foreign minister told Reuters in Geneva.";
    has(&m, text, "Ukraine", EntityKind::Loc);
    has(&m, text, "Reuters", EntityKind::Org);
    assert!(ents(&m, text).iter().all(|(n, _)| !n.contains("We") && !n.contains('\u{2019}')));
}
