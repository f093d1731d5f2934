//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use chorus_engine::Engine;
use chorus_model::{BriefSet, CitationKind, Document};

/// All documents of all stories in `set`, loaded from the engine's store.
pub fn documents(engine: &Engine, set: &BriefSet) -> Vec<Document> {
    let ids: Vec<String> = set.stories.iter().flat_map(|b| b.documents.iter().map(|d| d.id.clone())).collect();
    engine.store().documents(&ids).unwrap()
}

/// Checks the grounding invariants of every brief: each item's verbatim
/// citation slices stored text that contains the item; each citation is
/// on character boundaries; no sentence appears twice in a brief.
pub fn assert_grounded(engine: &Engine, set: &BriefSet) {
    let docs = documents(engine, set);
    let text_of = |id: &str| &docs.iter().find(|d| d.id == id).unwrap_or_else(|| panic!("cited doc {id} missing")).text;
    for b in &set.stories {
        let mut seen = std::collections::HashSet::new();
        for sec in &b.sections {
            let items = sec.items.iter().chain(sec.conflicts.iter().flat_map(|c| c.sides.iter()));
            for it in items {
                assert!(!it.citations.is_empty(), "uncited item {:?}", it.text);
                let mut verbatim = false;
                for c in &it.citations {
                    let span = text_of(&c.doc)
                        .get(c.start as usize..c.end as usize)
                        .unwrap_or_else(|| panic!("citation out of bounds: {c:?}"));
                    if c.kind == CitationKind::Verbatim && span.contains(&it.text) {
                        verbatim = true;
                    }
                }
                assert!(verbatim, "item not found verbatim in its citation: {:?}", it.text);
            }
            for it in &sec.items {
                assert!(seen.insert(it.text.clone()), "sentence repeated in brief {}: {:?}", b.id, it.text);
            }
        }
    }
}
