//! `chorus eval coref`: cross-document entity coreference on ECB+ with gold
//! entity mentions, scored with MUC, B³, CEAF-e and their average (CoNLL F1).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::{bail, Result};
use chorus_engine::{Engine, IngestOptions};
use chorus_entities::coref_score::{score, CorefScores};
use chorus_entities::ecb::{gold_clusters, load, predict, EcbCorpus};
use chorus_model::{Body, RawInput};
use rustc_hash::{FxHashMap, FxHashSet};

/// The default corpus folder, relative to the current directory.
pub const DEFAULT_DIR: &str = "../shared/data/ecbplus";

/// Options of the command.
pub struct CorefArgs {
    pub dir: Option<PathBuf>,
    /// `clustered` (the engine's story clustering) or `subtopic` (gold).
    pub docs: String,
    /// Inclusive topic range, e.g. `1-22`.
    pub topics: String,
    pub all_mentions: bool,
    pub no_singletons: bool,
}

fn parse_topics(s: &str) -> Result<(u32, u32)> {
    let bad = || anyhow::anyhow!("--topics {s:?}: expected a topic or a range such as 1-22");
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?),
        None => {
            let t = s.trim().parse().map_err(|_| bad())?;
            (t, t)
        }
    };
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}

/// Story of every document of `doc_ids` by the engine's own online story
/// clustering (the documents ingested in corpus order into an in-memory
/// store, as `chorus eval cluster` does with the same articles).
fn story_groups(corpus: &EcbCorpus, doc_ids: &FxHashSet<&str>) -> Result<FxHashMap<String, u64>> {
    let inputs: Vec<_> = corpus
        .docs
        .iter()
        .filter(|d| doc_ids.contains(d.id.as_str()))
        .map(|d| {
            Ok(RawInput {
                origin: d.id.clone(),
                ext_id: Some(d.id.clone()),
                source: d.url.as_deref().and_then(chorus_engine::host_of),
                published: None,
                title: None,
                url: None,
                body: Body::Text(d.text.clone()),
                meta: Default::default(),
            })
        })
        .collect();
    let store = Box::new(chorus_engine::SqliteStore::in_memory()?);
    let mut engine = Engine::with_params(store, chorus_engine::ClusterParams::default())?;
    let opts = IngestOptions { track_assignments: true, build_briefs: false, ..Default::default() };
    let cancel = AtomicBool::new(false);
    let report = engine.ingest_with(inputs.into_iter(), &opts, &cancel, &|_| {})?;
    Ok(report.assignments.into_iter().collect())
}

fn print_scores(label: &str, s: &CorefScores) {
    println!(
        "[{label}] key: {} mentions in {} chains; response: {} mentions in {} clusters",
        s.key_mentions, s.key_clusters, s.response_mentions, s.response_clusters
    );
    for (name, m) in [("muc", s.muc), ("b3", s.b3), ("ceafe", s.ceafe)] {
        println!("[{label}] {name:<6} precision={:.4} recall={:.4} f1={:.4}", m.precision, m.recall, m.f1);
    }
    println!("[{label}] conll_f1={:.4}", s.conll_f1);
}

pub fn run(a: &CorefArgs, _quiet: bool) -> Result<ExitCode> {
    let t0 = Instant::now();
    let dir: PathBuf = a.dir.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
    if !dir.join("docs.jsonl").is_file() {
        bail!(
            "no docs.jsonl in {}{}",
            dir.display(),
            if a.dir.is_none() { " (pass the ECB+ folder: chorus eval coref DIR)" } else { "" }
        );
    }
    let (lo, hi) = parse_topics(&a.topics)?;
    let corpus = load(Path::new(&dir))?;
    let topic = corpus.topic_of();
    let selected: Vec<u32> = corpus
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.category == "entity"
                && (a.all_mentions || m.validated)
                && topic.get(m.doc.as_str()).is_some_and(|t| (lo..=hi).contains(t))
        })
        .map(|(i, _)| i as u32)
        .collect();
    if selected.is_empty() {
        bail!("no entity mentions in topics {lo}-{hi} of {}", dir.display());
    }
    let docs_in: FxHashSet<&str> = corpus
        .docs
        .iter()
        .filter(|d| (lo..=hi).contains(&d.topic))
        .map(|d| d.id.as_str())
        .collect();
    let t_group = Instant::now();
    let groups: FxHashMap<String, u64> = match a.docs.as_str() {
        "subtopic" => {
            let mut ids: FxHashMap<&str, u64> = FxHashMap::default();
            corpus
                .docs
                .iter()
                .filter(|d| docs_in.contains(d.id.as_str()))
                .map(|d| {
                    let n = ids.len() as u64;
                    (d.id.clone(), *ids.entry(d.subtopic.as_str()).or_insert(n))
                })
                .collect()
        }
        "clustered" => story_groups(&corpus, &docs_in)?,
        other => bail!("--docs {other:?}: expected clustered or subtopic"),
    };
    let group_time = t_group.elapsed();
    let n_groups = groups.values().collect::<FxHashSet<_>>().len();
    // a document the clusterer did not report (none expected) is a group of its own
    let doc_index: FxHashMap<&str, u64> = corpus.docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i as u64)).collect();
    let group_of = |doc: &str| -> u64 { groups.get(doc).copied().unwrap_or_else(|| (1 << 40) + doc_index.get(doc).copied().unwrap_or(0)) };
    let t_pred = Instant::now();
    let response = predict(&corpus, &selected, &group_of);
    let pred_time = t_pred.elapsed();
    let key = gold_clusters(&corpus.mentions, &selected);
    let docs_with = selected.iter().map(|&i| corpus.mentions[i as usize].doc.as_str()).collect::<FxHashSet<_>>().len();
    println!(
        "topics={lo}-{hi} docs={} (with scored mentions: {docs_with}) groups={n_groups} ({}) mentions={} ({})",
        docs_in.len(),
        a.docs,
        selected.len(),
        if a.all_mentions { "all entity mentions" } else { "validated entity mentions" }
    );
    let with = score(&key, &response, true);
    let without = score(&key, &response, false);
    if a.no_singletons {
        print_scores("with singletons", &with);
        print_scores("without singletons", &without);
    } else {
        print_scores("without singletons", &without);
        print_scores("with singletons", &with);
    }
    println!(
        "time: grouping {:.2}s, prediction {:.1}ms, total {:.2}s",
        group_time.as_secs_f64(),
        pred_time.as_secs_f64() * 1e3,
        t0.elapsed().as_secs_f64()
    );
    let main = if a.no_singletons { without } else { with };
    println!("conll_f1={:.4}", main.conll_f1);
    Ok(ExitCode::SUCCESS)
}
