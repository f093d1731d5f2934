//! `chorus train ner` and `chorus eval ner`: glue around `chorus-ner`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chorus_ner::train::{self, TrainOptions};
use chorus_ner::{conll, NerModel};

/// Trains on `DATA/train.txt`, tunes the epoch on `DATA/testa.txt`, writes the model to `out`.
pub fn train(data: &Path, out: &Path, epochs: usize, seed: u64, quiet: bool) -> anyhow::Result<ExitCode> {
    let opts = TrainOptions { epochs, seed, verbose: !quiet, ..TrainOptions::default() };
    let (model, report) = train::train_with(&data.join("train.txt"), &data.join("testa.txt"), &opts)
        .with_context(|| format!("training on {}", data.display()))?;
    model.save(out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!("model: {} ({:.1} MB), best epoch {}", out.display(), size as f64 / 1e6, report.best_epoch);
    println!("dev (testa):");
    println!("{}", train::report(&report.dev));
    Ok(ExitCode::SUCCESS)
}

/// Scores the model on a CoNLL file; prints per-type P/R/F1, tokens/s on one core, `f1=…`.
pub fn eval(file: &Path, model: &Path, quiet: bool) -> anyhow::Result<ExitCode> {
    let model = NerModel::load(model)?;
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
