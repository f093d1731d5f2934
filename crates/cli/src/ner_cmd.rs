//! `chorus train ner` and `chorus eval ner`: glue around `chorus-ner`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use chorus_ner::clusters::{self, ClusterOptions};
use chorus_ner::train::{self, TrainOptions};
use chorus_ner::{conll, tokenize, Lstm, NerModel};
use rustc_hash::FxHashSet;

/// Unlabeled text for the word clusters, relative to the shared folder (`DATA/../..`):
/// (file, JSON fields holding text). `.tsv` is MSRP (sentences in columns 4 and 5).
/// CoNLL `train.txt` and `testa.txt` tokens (without labels) are added too; `testb.txt` is not.
const UNLABELED: &[(&str, &[&str])] = &[
    ("bench/news-8k.jsonl", &["title", "text"]),
    ("bench/ecbplus-dev.jsonl", &["title", "text"]),
    ("data/ecbplus/docs.jsonl", &["text"]),
    ("data/neus/train.jsonl", &["title", "reference"]),
    ("data/neus/val.jsonl", &["title", "reference"]),
    ("data/polnear/attributions.jsonl", &["title", "text"]),
    ("data/timeline/docs.jsonl", &["title", "text"]),
    ("data/meantime/docs.jsonl", &["title", "text"]),
    ("data/msrp/train.tsv", &[]),
];

/// Tokenized sentences of the unlabeled sources (each distinct text once, in a fixed order).
fn unlabeled_sentences(data: &Path, quiet: bool) -> anyhow::Result<Vec<Vec<String>>> {
    let shared = data.join("../..");
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut sents: Vec<Vec<String>> = Vec::new();
    for split in ["train.txt", "testa.txt"] {
        let before = sents.len();
        for s in conll::read(&data.join(split))? {
            sents.push(s.tokens);
        }
        if !quiet {
            let toks: usize = sents[before..].iter().map(Vec::len).sum();
            eprintln!("ner clusters: {split}: {toks} tokens");
        }
    }
    let mut add = |text: &str, sents: &mut Vec<Vec<String>>| {
        if text.is_empty() || !seen.insert(text.to_string()) {
            return;
        }
        for s in tokenize::tokenize(text) {
            sents.push(s.iter().map(|t| text[t.start..t.end].to_string()).collect());
        }
    };
    for (file, fields) in UNLABELED {
        let path = shared.join(file);
        let raw = std::fs::read_to_string(&path).with_context(|| format!("cluster source {}", path.display()))?;
        let before = sents.len();
        if file.ends_with(".tsv") {
            for line in raw.lines().skip(1) {
                let cols: Vec<&str> = line.split('\t').collect();
                for c in cols.iter().skip(3).take(2) {
                    add(c, &mut sents);
                }
            }
        } else {
            for line in raw.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).with_context(|| format!("{}", path.display()))?;
                for f in *fields {
                    if let Some(t) = v.get(*f).and_then(|x| x.as_str()) {
                        add(t, &mut sents);
                    }
                }
            }
        }
        if !quiet {
            let toks: usize = sents[before..].iter().map(Vec::len).sum();
            eprintln!("ner clusters: {file}: {toks} new tokens");
        }
    }
    Ok(sents)
}

/// Trains on `DATA/train.txt`, tunes the epoch on `DATA/testa.txt`, writes the model to `out`.
/// With `clusters` (`--clusters`), word clusters are first built from
/// unlabeled text (see [`UNLABELED`]) and used as features (experimental: +0.2–0.3 dev F1,
/// within seed noise, so the committed model does not use them). With `resources`
/// (`--resources DIR`, from `scripts/ner-resources`), the Brown clusters, capitalization priors
/// and name lists of DIR are features (the committed model).
/// What `chorus train ner` was asked for besides its paths.
#[derive(Clone, Copy)]
pub struct TrainArgs {
    pub epochs: usize,
    pub seed: u64,
    pub with_clusters: bool,
    /// Train again on train + testa with the epochs chosen on testa (`--refit`).
    pub refit: bool,
    /// Learners per stage whose weights are summed (`--ensemble`).
    pub ensemble: usize,
}

pub fn train(data: &Path, out: &Path, args: &TrainArgs, resources: Option<&Path>, quiet: bool) -> anyhow::Result<ExitCode> {
    let TrainArgs { epochs, seed, with_clusters, refit, ensemble } = *args;
    let mut lists = None;
    let clusters = if let Some(dir) = resources {
        let (clu, ext) = chorus_ner::resources::load(dir)?;
        if !quiet {
            eprintln!(
                "ner resources: {}: {} words with a cluster, {} names and capitalization priors",
                dir.display(),
                clu.len(),
                ext.len()
            );
        }
        lists = Some(Arc::new(ext));
        Some(Arc::new(clu))
    } else if with_clusters {
        let t0 = Instant::now();
        let sents = unlabeled_sentences(data, quiet)?;
        let copts = ClusterOptions { seed, ..ClusterOptions::default() };
        let clu = clusters::build(&sents, &copts);
        if !quiet {
            let toks: usize = sents.iter().map(Vec::len).sum();
            eprintln!(
                "ner clusters: {} sentences, {toks} tokens → {} words clustered ({copts:?}) in {:.1}s",
                sents.len(),
                clu.len(),
                t0.elapsed().as_secs_f64()
            );
        }
        Some(Arc::new(clu))
    } else {
        None
    };
    let opts = TrainOptions { epochs, seed, verbose: !quiet, clusters, lists, refit, ensemble, ..TrainOptions::default() };
    let (model, report) = train::train_with(&data.join("train.txt"), &data.join("testa.txt"), &opts)
        .with_context(|| format!("training on {}", data.display()))?;
    model.save(out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "model: {} ({:.1} MB), epochs chosen on dev: stage 1 {}, last stage {}; trained on {} sentences",
        out.display(),
        size as f64 / 1e6,
        report.stage1_epoch,
        report.best_epoch,
        report.trained_on
    );
    if refit {
        println!("dev (testa), before the refit on train + testa (the refit model has seen testa):");
    } else {
        println!("dev (testa):");
    }
    println!("{}", train::report(&report.dev));
    Ok(ExitCode::SUCCESS)
}

/// Scores the model (with the LSTM `lstm`, at `weight` or its own) on a CoNLL file; prints
/// per-type P/R/F1, tokens/s on one core, `f1=…`.
pub fn eval(
    file: &Path,
    model: &Path,
    lstm: Option<&Path>,
    weight: Option<f32>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let mut model = NerModel::load(model)?;
    if let Some(path) = lstm {
        let mut l = Lstm::load(path)?;
        if let Some(w) = weight {
            l = l.with_weight(w);
        }
        if !quiet {
            eprintln!("LSTM {} added at weight {}", path.display(), l.weight());
        }
        model = model.with_lstm(Arc::new(l));
    }
    let sents = conll::read(file)?;
    let (score, tps) = train::evaluate(&model, &sents);
    let tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
    if !quiet {
        eprintln!("{}: {} sentences, {tokens} tokens", file.display(), sents.len());
    }
    println!("speed: {tps:.0} tokens/s (one core, tokenized input)");
    println!("{}", train::report(&score));
    Ok(ExitCode::SUCCESS)
}
