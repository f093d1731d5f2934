//! Quotes, figures and dates lined up across the documents of a story:
//! quote variants grouped with their speaker, figures with units and
//! their sources, the timeline, and undated documents. The three reports
//! below are invented for this test.

use chorus_engine::{Engine, IngestOptions};
use chorus_model::{Body, Brief, RawInput};

fn input(id: &str, source: &str, published: Option<&str>, title: &str, text: &str) -> RawInput {
    RawInput {
        origin: id.into(),
        ext_id: Some(id.into()),
        source: Some(source.into()),
        published: published.map(str::to_string),
        title: Some(title.into()),
        url: None,
        body: Body::Text(text.into()),
        meta: Default::default(),
    }
}

fn story() -> Brief {
    let docs = vec![
        input(
            "a",
            "Riverside Post",
            Some("2026-04-14T08:00:00Z"),
            "Lorn bridge to be rebuilt after collapse",
            "The council of Lorn voted on Monday to rebuild the Carrow road bridge, which collapsed on April 9 \
after days of heavy rain.\n\n\
“We will rebuild the bridge within a year, and we will build it to last,” said Mayor Lena Ortiz, \
who chaired the emergency session.\n\n\
The new bridge will span about 120 metres (394 feet) and cost $40 million, according to the council's \
engineers. More than 3,000 drivers used the old bridge every day.\n\n\
Ortiz said the council would publish a timetable on May 2.",
        ),
        input(
            "b",
            "Valley Courier",
            Some("2026-04-14T10:30:00Z"),
            "Mayor promises new Carrow bridge",
            "Residents who lost their only direct route to the regional hospital cheered in the public gallery \
as councillors approved a replacement for the fallen Carrow crossing.\n\n\
“We will rebuild this bridge within twelve months, and we will build it to last,” Mayor Lena Ortiz \
told reporters after the vote.\n\n\
Engineers put the cost at $40 million for a span of roughly 120 metres (500 feet). Ferry operators \
have offered extra crossings until then, and the school district is redrawing its bus routes.",
        ),
        input(
            "c",
            "Hill Radio",
            None,
            "Carrow bridge: what we know",
            "LORN, April 15, 2026 — Questions remain about why inspectors rated the structure safe last autumn. \
On Monday the council voted to rebuild it, and Mayor Lena Ortiz said the new crossing would be ready \
within a year.\n\n\
“We will rebuild the bridge within a year,” Ortiz said at the council meeting. Opposition members want an \
independent inquiry into the inspection reports, which put the price at $40 million.",
        ),
    ];
    let mut engine = Engine::open_in_memory().unwrap();
    let report = engine.ingest(docs.into_iter().map(Ok), &IngestOptions::default()).unwrap();
    assert_eq!(report.ingested, 3, "{:?}", report.diagnostics);
    let set = engine.briefs(None).unwrap();
    assert_eq!(set.stories.len(), 1, "the three reports form one story");
    set.stories.into_iter().next().unwrap()
}

#[test]
fn quotes_are_grouped_across_outlets_with_their_speaker() {
    let b = story();
    let g = b
        .quotes
        .iter()
        .find(|g| g.variants.len() >= 2 && g.variants.iter().any(|v| v.text.contains("within twelve months")))
        .unwrap_or_else(|| panic!("the mayor's statement is one group: {:#?}", b.quotes));
    assert_eq!(g.speaker.as_deref(), Some("Lena Ortiz"));
    assert!(g.sources >= 2);
    assert!(g.worded_differently && g.paraphrase_as_quote, "“within a year” vs “within twelve months”");
    // every variant cites the exact span of its wording
    for v in &g.variants {
        let c = &v.citations[0];
        assert!(c.end > c.start);
    }
    // Reactions & Quotes names the speaker.
    let reactions = b.sections.iter().find(|s| s.name == "Reactions & Quotes").expect("a Reactions & Quotes section");
    assert!(reactions.items.iter().any(|i| i.speaker.as_deref().is_some_and(|s| s.starts_with("Lena Ortiz"))), "{:#?}", reactions.items);
    assert_eq!(g.role.as_deref(), Some("Mayor"));
    let md = chorus_brief::render::markdown(&b);
    assert!(md.contains("Worded differently"), "{md}");
}

#[test]
fn figures_units_and_their_check() {
    let b = story();
    let span = b.quantities.iter().find(|q| q.unit.as_deref() == Some("m") && q.value == 120.0).expect("120 metres");
    assert_eq!(span.canonical.as_ref().map(|c| c.1.as_str()), Some("m"));
    let cost = b.quantities.iter().find(|q| q.unit.as_deref() == Some("USD")).expect("$40 million");
    assert_eq!(cost.value, 4e7);
    let drivers = b.quantities.iter().find(|q| q.counted.as_deref() == Some("drivers")).expect("3,000 drivers");
    assert_eq!(drivers.qualifier, "at_least");
    // 120 m is 394 ft, not 500 ft: the Valley Courier's conversion is flagged.
    let data = b.sections.iter().find(|s| s.name == "Comparison & Data").expect("Comparison & Data");
    let units: Vec<_> = data.conflicts.iter().filter(|c| c.kind == "units").collect();
    assert_eq!(units.len(), 1, "{:#?}", data.conflicts);
    assert!(units[0].description.contains("Valley Courier"));
    // The key figures table lists the cost with three independent sources.
    let table = &data.tables[0];
    assert_eq!(table.columns[0], "Figure");
    let row = table.rows.iter().find(|r| r.cells[0].contains("40 million")).expect("cost row");
    assert_eq!(row.cells[3], "3");
}

#[test]
fn timeline_in_order_with_undated_documents_resolved() {
    let b = story();
    let times: Vec<&str> = b.timeline.iter().map(|e| e.time.as_str()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
    // one entry per sentence, under its first most specific date
    assert!(times.contains(&"2026-04-13"), "{times:?}");
    let texts: std::collections::HashSet<&str> = b.timeline.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts.len(), b.timeline.len());
    assert!(times.contains(&"2026-05-02"), "{times:?}");
    // "Monday" in the undated Hill Radio piece is resolved against the date in its dateline.
    let c = b.timeline.iter().find(|e| e.text.contains("On Monday the council voted")).expect("Hill Radio's Monday");
    assert_eq!(c.reference, "text");
    assert_eq!(c.time, "2026-04-13");
    let a = b.timeline.iter().find(|e| e.citations[0].doc == b.documents[0].id).expect("an entry from the first report");
    assert_eq!(a.reference, "published");
    // every entry's text is the cited span
    for e in &b.timeline {
        assert!(e.citations[0].end as usize - e.citations[0].start as usize >= e.text.trim().len());
    }
}

/// Every span behind quotes, figures and the timeline slices the stored
/// text, and the text shown is the text cited.
#[test]
fn all_fact_spans_slice_the_stored_text() {
    let mut engine = Engine::open_in_memory().unwrap();
    engine.ingest(chorus_engine::demo::inputs().into_iter().map(Ok), &IngestOptions::default()).unwrap();
    let set = engine.briefs(None).unwrap();
    let mut checked = 0;
    for b in &set.stories {
        let ids: Vec<String> = b.documents.iter().map(|d| d.id.clone()).collect();
        let docs = engine.store().documents(&ids).unwrap();
        let text_of = |c: &chorus_model::Citation| -> &str {
            let d = docs.iter().find(|d| d.id == c.doc).expect("cited document is in the story");
            d.text.get(c.start as usize..c.end as usize).expect("span slices the text")
        };
        for q in &b.quantities {
            assert_eq!(text_of(&q.citation), q.text);
            checked += 1;
        }
        for e in &b.timeline {
            assert_eq!(text_of(&e.citations[0]), e.text);
            assert!(e.text.contains(&e.expression));
            checked += 1;
        }
        for g in &b.quotes {
            for v in &g.variants {
                for c in &v.citations {
                    assert!(!text_of(c).is_empty());
                }
                let first = text_of(&v.citations[0]);
                let head: String = v.text.chars().take(12).collect();
                assert!(first.contains(&head), "{first:?} / {:?}", v.text);
                checked += 1;
            }
            if let Some(m) = &g.speaker_mention {
                let _ = text_of(m);
            }
        }
    }
    assert!(checked > 20, "the demo has quotes, figures and dates: {checked}");
}
