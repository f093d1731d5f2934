//! Cross-document entity coreference on the ECB+ data in `../shared`
//! (beside the checkout), with gold entity mentions in validated sentences
//! and the gold sub-topics as document groups. Skipped, with a note, where
//! `../shared` is absent. `chorus eval coref` prints the full report.

use std::path::PathBuf;

use chorus_entities::coref_score::{score, CorefScores};
use chorus_entities::ecb::{gold_clusters, load, predict, EcbCorpus};
use rustc_hash::FxHashMap;

fn ecbplus() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ecbplus");
    if p.join("mentions.jsonl").exists() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared/data/ecbplus not found beside the checkout");
        None
    }
}

fn run(c: &EcbCorpus, lo: u32, hi: u32, singletons: bool) -> CorefScores {
    let topic = c.topic_of();
    let sub: FxHashMap<&str, u64> = c
        .docs
        .iter()
        .map(|d| (d.id.as_str(), u64::from(d.topic) * 2 + u64::from(d.subtopic.ends_with('b'))))
        .collect();
    let selected: Vec<u32> = c
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.category == "entity" && m.validated && (lo..=hi).contains(&topic[m.doc.as_str()]))
        .map(|(i, _)| i as u32)
        .collect();
    let response = predict(c, &selected, &|d| sub[d]);
    let key = gold_clusters(&c.mentions, &selected);
    if let Some(out) = std::env::var_os("CHORUS_ECB_DUMP") {
        // debugging aid: mention, gold chain, predicted cluster
        let mut lines = String::new();
        for (k, cl) in response.iter().enumerate() {
            for &i in cl {
                let m = &c.mentions[i as usize];
                lines.push_str(&format!("{lo}\t{}\t{}\t{}\t{k}\t{}\t{}\t{}\n", m.doc, m.sentence, m.start_char, m.cluster, m.kind, m.text));
            }
        }
        std::fs::write(PathBuf::from(out).with_extension(format!("{lo}.tsv")), lines).unwrap();
    }
    score(&key, &response, singletons)
}

#[test]
fn ecbplus_entity_coref_floor() {
    let Some(dir) = ecbplus() else { return };
    let c = load(&dir).expect("ECB+ loads");
    for (lo, hi) in [(1, 22), (23, 35)] {
        for singletons in [true, false] {
            let s = run(&c, lo, hi, singletons);
            eprintln!(
                "topics {lo}-{hi} singletons={singletons}: muc {:.4}/{:.4}/{:.4} b3 {:.4}/{:.4}/{:.4} ceafe {:.4}/{:.4}/{:.4} conll {:.4}",
                s.muc.precision, s.muc.recall, s.muc.f1, s.b3.precision, s.b3.recall, s.b3.f1,
                s.ceafe.precision, s.ceafe.recall, s.ceafe.f1, s.conll_f1
            );
        }
    }
    // measured on the held-out topics 23-35 (gold sub-topics, validated
    // mentions): 0.7547 with singletons, 0.7135 without
    let held_out = run(&c, 23, 35, true);
    assert!(held_out.conll_f1 >= 0.73, "held-out CoNLL F1 {:.4}", held_out.conll_f1);
    let held_out = run(&c, 23, 35, false);
    assert!(held_out.conll_f1 >= 0.69, "held-out CoNLL F1 without singletons {:.4}", held_out.conll_f1);
}

#[test]
fn missing_files_are_errors() {
    let dir = tempfile_dir();
    let err = load(&dir).unwrap_err().to_string();
    assert!(err.contains("docs.jsonl"), "{err}");
    std::fs::write(dir.join("docs.jsonl"), "{\"id\":\"a\",\"topic\":1,\"subtopic\":\"1a\",\"text\":\"x\"}\nnot json\n").unwrap();
    let err = load(&dir).unwrap_err().to_string();
    assert!(err.contains("docs.jsonl:2"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("chorus-ecb-test-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
