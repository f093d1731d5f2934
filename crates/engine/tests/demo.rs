//! End-to-end tests on the built-in fictional demo corpus (no ../shared
//! needed).

mod common;

use chorus_engine::{demo, Engine, IngestOptions};
use chorus_model::RelationKind;

fn ingest_demo() -> (Engine, chorus_model::BriefSet) {
    let mut engine = Engine::open_in_memory().unwrap();
    let report = engine.ingest(demo::inputs().into_iter().map(Ok), &IngestOptions::default()).unwrap();
    assert_eq!(report.ingested, 12);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let set = engine.briefs(None).unwrap();
    (engine, set)
}

fn ext(b: &chorus_model::Brief, id: &str) -> String {
    b.documents.iter().find(|d| d.id == id).and_then(|d| d.ext_id.clone()).unwrap()
}

#[test]
fn two_stories_with_their_documents() {
    let (_, set) = ingest_demo();
    // every story is pure (one event), the core reports of each event are
    // together; the follow-up reaction piece may start its own story
    for b in &set.stories {
        let prefixes: std::collections::HashSet<_> =
            b.documents.iter().map(|d| d.ext_id.as_deref().unwrap()[..6].to_string()).collect();
        assert_eq!(prefixes.len(), 1, "story {} mixes events", b.title);
    }
    let bridge = &set.stories[0];
    let ids: Vec<String> = bridge.documents.iter().map(|d| d.ext_id.clone().unwrap()).collect();
    for core in ["wire", "rewrite1", "rewrite2", "duplicate", "explainer", "outcome1", "outcome2"] {
        assert!(ids.contains(&format!("demo-a-{core}")), "{core} not in the main story: {ids:?}");
    }
    let heaters = set.stories.iter().find(|b| b.documents[0].ext_id.as_deref().unwrap().starts_with("demo-b")).unwrap();
    assert_eq!(heaters.documents.len(), 4);
}

#[test]
fn wire_copies_are_one_independent_source() {
    let (_, set) = ingest_demo();
    let b = &set.stories[0];
    let rel: Vec<(String, String, RelationKind)> =
        b.relations.iter().map(|r| (ext(b, &r.a), ext(b, &r.b), r.kind)).collect();
    assert!(rel.contains(&("demo-a-wire".into(), "demo-a-duplicate".into(), RelationKind::Exact)), "{rel:?}");
    assert!(rel.contains(&("demo-a-wire".into(), "demo-a-rewrite1".into(), RelationKind::Rewrite)), "{rel:?}");
    assert!(rel.contains(&("demo-a-wire".into(), "demo-a-rewrite2".into(), RelationKind::Rewrite)), "{rel:?}");
    // the two outcome reports are independent witnesses, not a rewrite
    assert!(!rel.iter().any(|(a, bb, _)| a.contains("outcome") && bb.contains("outcome")), "{rel:?}");
    let group = b.independent_sources.iter().find(|g| g.iter().any(|d| ext(b, d) == "demo-a-wire")).unwrap();
    let mut names: Vec<String> = group.iter().map(|d| ext(b, d)).collect();
    names.sort();
    assert_eq!(names, ["demo-a-duplicate", "demo-a-rewrite1", "demo-a-rewrite2", "demo-a-wire"]);
    // wire group, explainer, two outcome reports (+ the reaction piece when it joins)
    assert!(b.independent_sources.len() >= 4);
}

#[test]
fn briefs_are_grounded_and_never_repeat() {
    let (engine, set) = ingest_demo();
    common::assert_grounded(&engine, &set);
    let b = &set.stories[0];
    let names: Vec<&str> = b.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"Lead"));
    for required in ["Key Takeaways", "Main Event", "Reactions & Quotes", "Comparison & Data"] {
        assert!(names.contains(&required), "missing {required}: {names:?}");
    }
}

#[test]
fn flags_the_duration_disagreement() {
    let (_, set) = ingest_demo();
    let b = &set.stories[0];
    let conflicts: Vec<_> = b.sections.iter().flat_map(|s| s.conflicts.iter()).collect();
    let number = conflicts.iter().find(|c| c.kind == "number").expect("a number conflict");
    let texts: Vec<&str> = number.sides.iter().map(|s| s.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("two hours")) && texts.iter().any(|t| t.contains("three hours")), "{texts:?}");
    assert!(conflicts.iter().any(|c| c.kind == "quote"), "the reworded quote is flagged");
}

#[test]
fn ingest_is_idempotent_and_incremental() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let inputs = demo::inputs();
    let (first, rest) = inputs.split_at(5);
    {
        let mut e = Engine::open(&path).unwrap();
        let r = e.ingest(first.iter().cloned().map(Ok), &IngestOptions::default()).unwrap();
        assert_eq!(r.ingested, 5);
    }
    // a new engine resumes from the store: earlier documents keep their
    // stories and new ones join them
    let mut e = Engine::open(&path).unwrap();
    let before = e.stories().unwrap();
    let r = e.ingest(inputs.iter().cloned().map(Ok), &IngestOptions::default()).unwrap();
    assert_eq!((r.ingested, r.already_stored), (rest.len() as u64, 5));
    let after = e.stories().unwrap();
    assert_eq!(after.iter().map(|s| s.documents).sum::<u32>(), 12);
    let grown = after.iter().find(|s| s.id == before[0].id).unwrap();
    assert!(grown.documents > before[0].documents, "the first story gained the later reports");
}

#[test]
fn briefs_from_memory_equal_briefs_from_the_store() {
    let build = |brief_memory: usize| {
        let mut e = Engine::open_in_memory().unwrap();
        let opts = IngestOptions { brief_memory, batch_size: 3, ..Default::default() };
        e.ingest(demo::inputs().into_iter().map(Ok), &opts).unwrap();
        let from_ingest = serde_json::to_string(&e.briefs(None).unwrap()).unwrap();
        let ids: Vec<u64> = e.stories().unwrap().iter().map(|s| s.id.parse().unwrap()).collect();
        e.rebuild_briefs(&ids).unwrap();
        (from_ingest, serde_json::to_string(&e.briefs(None).unwrap()).unwrap())
    };
    // all in memory; none in memory (every brief reads the store)
    let (mem, mem_rebuilt) = build(256 << 20);
    let (spilled, spilled_rebuilt) = build(0);
    assert_eq!(mem, mem_rebuilt);
    assert_eq!(mem, spilled);
    assert_eq!(mem, spilled_rebuilt);
}

#[test]
fn cancel_stops_between_batches_and_loses_nothing_reported() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut e = Engine::open_in_memory().unwrap();
    let cancel = AtomicBool::new(false);
    let opts = IngestOptions { batch_size: 3, ..Default::default() };
    let reported = std::cell::Cell::new(0u64);
    let r = e
        .ingest_with(demo::inputs().into_iter().map(Ok), &opts, &cancel, &|r| {
            reported.set(r.ingested);
            cancel.store(true, Ordering::SeqCst);
        })
        .unwrap();
    assert!(r.interrupted);
    assert!(r.ingested >= 3 && r.ingested < 12, "stopped early: {}", r.ingested);
    // everything reported is stored, and nothing more
    assert_eq!(reported.get(), r.ingested);
    assert_eq!(e.store().document_count().unwrap(), r.ingested);
    // the stories of what was stored have briefs
    for s in e.stories().unwrap() {
        assert!(e.store().brief(s.id.parse().unwrap()).unwrap().is_some());
    }
}

#[test]
fn a_lightly_edited_copy_is_a_near_duplicate() {
    let mut e = Engine::open_in_memory().unwrap();
    let mut inputs = demo::inputs();
    let mut copy = inputs[0].clone();
    copy.ext_id = Some("edited-copy".into());
    copy.source = Some("Some Aggregator".into());
    if let chorus_model::Body::Text(t) = &mut copy.body {
        *t = t.replacen("Tuesday", "Tuesday evening", 1);
    }
    inputs.push(copy);
    e.ingest(inputs.into_iter().map(Ok), &IngestOptions::default()).unwrap();
    let set = e.briefs(None).unwrap();
    let kinds: Vec<_> = set.stories.iter().flat_map(|b| b.relations.iter().map(|r| r.kind)).collect();
    assert!(kinds.contains(&chorus_model::RelationKind::Near), "relations: {kinds:?}");
}

#[test]
fn renders_every_format() {
    let (_, set) = ingest_demo();
    use chorus_brief::render::{render, Format};
    let md = render(&set, Format::Markdown);
    assert!(md.contains("## Lead") && md.contains("[^1]:") && md.contains("independent source"));
    let json: serde_json::Value = serde_json::from_str(&render(&set, Format::Json)).unwrap();
    let s0 = &json["stories"][0];
    for key in ["id", "title", "documents", "relations", "independent_sources", "sections"] {
        assert!(!s0[key].is_null(), "JSON brief lacks {key}");
    }
    let c = &s0["sections"][0]["items"][0]["citations"][0];
    assert!(c["doc"].is_string() && c["start"].is_u64() && c["end"].is_u64());
    let html = render(&set, Format::Html);
    assert!(html.starts_with("<!doctype html>") && html.contains("<h2>Lead</h2>"));
}
