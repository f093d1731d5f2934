//! Training: averaged structured perceptron (Collins 2002) over BILOU tags.
//!
//! * Gazetteers are built from the training split's annotated names. While training, each
//!   sentence sees a gazetteer built from the *other* folds (10 contiguous folds), so the
//!   model learns how far an unseen-in-gazetteer name can be trusted; the saved model carries
//!   the gazetteer of the whole training split.
//! * Sentence order is shuffled every epoch with a seeded xorshift generator: same data, same
//!   seed, same options → the same model file, byte for byte.
//! * After each epoch the averaged weights are quantized to `i16` and scored on the dev
//!   split; the best epoch is returned.
//! * Two stages: stage 1 (sentence features) is trained first and its epoch chosen on dev;
//!   then each of the 10 folds is tagged by a stage-1 model trained (same epoch count) on the
//!   other folds, and stage 2 is trained on the sentence features plus document features from
//!   those jackknifed stage-1 tags (`features::doc_extend`, with context aggregation unless
//!   `TrainOptions::context` is off), its epoch chosen on dev (dev
//!   documents see the full stage-1 model's tags). Documents: [`conll::documents`] (the files
//!   have no `-DOCSTART-` lines; a story starts at the headline before its dateline); the
//!   recased training copies are documents of one sentence.
//! * Refit (`TrainOptions::refit`, `chorus train ner --refit`, the committed model): after both
//!   epochs are chosen on dev, the same procedure runs again on train + dev with those epochs
//!   fixed (`fixed_epochs`), so the final model learns from every labelled sentence but the test
//!   split; only the test split can score it.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::clusters::Clusters;
use crate::conll::{self, Score, Sentence};
use crate::features::{doc_extend, extract, title_case, viterbi, ExtLists, Gazetteer, SentFeats};
use crate::{spans_to_tags, tags_to_spans, EntityKind, NerError, NerModel, Stage, Tag, NT};

/// Training hyperparameters.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// log2 of the number of weight rows.
    pub bits: u32,
    /// Jackknife folds for the gazetteer features.
    pub folds: usize,
    /// Every `augment`-th training sentence is also added title-cased and lowercased (0: none),
    /// so headlines in those casings are seen in training.
    pub augment: usize,
    /// Print progress on stderr.
    pub verbose: bool,
    /// Word clusters from unlabeled text (`None`: no cluster features).
    pub clusters: Option<Arc<Clusters>>,
    /// External name lists (`None`: no list features).
    pub lists: Option<Arc<ExtLists>>,
    /// Train the document-level second stage (on jackknifed stage-1 tags over `folds` folds).
    pub stage2: bool,
    /// Stage 2 also uses context aggregation features (`features::doc_extend`).
    pub context: bool,
    /// Epochs of stage 1 and stage 2 fixed in advance (chosen on dev by an earlier run): no
    /// epoch is scored or chosen on dev, and the dev split may be empty.
    pub fixed_epochs: Option<(usize, usize)>,
    /// After training and choosing both epochs on dev, train again with those epochs on
    /// train + dev together (the model returned; the report keeps the dev scores of the
    /// first run, the last ones dev could measure).
    pub refit: bool,
    /// Learners per stage, each with its own seed (item order), whose averaged weights are
    /// summed into the stage (1: a single perceptron). The jackknife fold models are
    /// ensembles of as many learners, so stage 2 trains on stage-1 tags as good as it will see.
    pub ensemble: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            seed: 1,
            bits: 20,
            folds: 10,
            augment: 8,
            verbose: true,
            clusters: None,
            lists: None,
            stage2: true,
            context: true,
            fixed_epochs: None,
            refit: false,
            ensemble: 1,
        }
    }
}

/// What training reports besides the model.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Epoch chosen on dev for the last stage (stage 2 of a two-stage model).
    pub best_epoch: usize,
    /// Epoch chosen on dev for stage 1.
    pub stage1_epoch: usize,
    pub dev: Score,
    /// Sentences the returned model was trained on (train, or train + dev after a refit).
    pub trained_on: usize,
}

/// Trains on `train_path`, picks the epoch with the best F1 on `dev_path`.
pub fn train(train_path: &Path, dev_path: &Path, epochs: usize, seed: u64) -> Result<NerModel, NerError> {
    let opts = TrainOptions { epochs, seed, ..TrainOptions::default() };
    Ok(train_with(train_path, dev_path, &opts)?.0)
}

pub fn train_with(
    train_path: &Path,
    dev_path: &Path,
    opts: &TrainOptions,
) -> Result<(NerModel, TrainReport), NerError> {
    let train = conll::read(train_path)?;
    let dev = conll::read(dev_path)?;
    Ok(train_maybe_refit(&train, &dev, opts))
}

/// Trains as [`train_sentences`]; with `opts.refit`, then trains again on `train` + `dev` with
/// the two epochs chosen on dev (hyperparameters tuned on dev, the final fit uses every
/// labelled sentence but the test split). The report is the first run's (dev scores).
pub fn train_maybe_refit(train: &[Sentence], dev: &[Sentence], opts: &TrainOptions) -> (NerModel, TrainReport) {
    let (model, report) = train_sentences(train, dev, &TrainOptions { refit: false, ..opts.clone() });
    if !opts.refit {
        return (model, report);
    }
    let all: Vec<Sentence> = train.iter().chain(dev).cloned().collect();
    let fixed = TrainOptions { refit: false, fixed_epochs: Some((report.stage1_epoch, report.best_epoch)), ..opts.clone() };
    if opts.verbose {
        eprintln!(
            "ner: refit on train + dev ({} sentences) with the epochs chosen on dev: stage 1 {}, stage 2 {}",
            all.len(),
            report.stage1_epoch,
            report.best_epoch
        );
    }
    let (refit, _) = train_sentences(&all, &[], &fixed);
    (refit, TrainReport { trained_on: all.len(), ..report })
}

fn add_names(g: &mut Gazetteer, s: &Sentence) {
    for &(a, b, k) in &s.spans {
        let toks: Vec<&str> = s.tokens[a..b].iter().map(String::as_str).collect();
        g.add_name(&toks, k);
    }
}

/// Xorshift64: the one seeded generator of the crate (shuffles, projections, k-means).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub fn train_sentences(train: &[Sentence], dev: &[Sentence], opts: &TrainOptions) -> (NerModel, TrainReport) {
    let t0 = Instant::now();
    let bits = opts.bits;
    let folds = opts.folds.max(2);
    let n = train.len();
    // Folds are contiguous runs of sentences (the same folds serve the gazetteer jackknife
    // and the stage-1 jackknife; a document may straddle two folds).
    let fold_of = |i: usize| i * folds / n.max(1);
    let train_docs = conll::documents(&train.iter().map(|s| s.tokens.as_slice()).collect::<Vec<_>>());

    let mut full = Gazetteer {
        clusters: opts.clusters.clone().unwrap_or_default(),
        lists: opts.lists.clone().unwrap_or_default(),
        ..Gazetteer::default()
    };
    for s in train {
        add_names(&mut full, s);
        for t in &s.tokens {
            full.add_common(t);
        }
    }
    let fold_gaz: Vec<Gazetteer> = (0..folds)
        .map(|f| {
            let mut g = Gazetteer {
                common: full.common.clone(),
                clusters: full.clusters.clone(),
                lists: full.lists.clone(),
                ..Gazetteer::default()
            };
            for (i, s) in train.iter().enumerate() {
                if fold_of(i) != f {
                    add_names(&mut g, s);
                }
            }
            g
        })
        .collect();

    // Training items: (sentence, fold), originals first, then the recased copies.
    let mut items: Vec<(Sentence, usize)> = train.iter().enumerate().map(|(i, s)| (s.clone(), fold_of(i))).collect();
    if opts.augment > 0 {
        for (i, s) in train.iter().enumerate().filter(|(i, _)| i % opts.augment == 0) {
            let alpha = s.tokens.iter().filter(|t| t.chars().any(char::is_alphabetic)).count();
            let upper = s
                .tokens
                .iter()
                .filter(|t| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase))
                .count();
            if alpha < 2 || upper * 2 > alpha {
                continue; // already a headline
            }
            let title = s.tokens.iter().map(|t| title_case(t)).collect();
            items.push((Sentence { tokens: title, spans: s.spans.clone() }, fold_of(i)));
            if i % (opts.augment * 2) == 0 {
                let lower = s.tokens.iter().map(|t| t.to_lowercase()).collect();
                items.push((Sentence { tokens: lower, spans: s.spans.clone() }, fold_of(i)));
            }
        }
    }
    let feats: Vec<SentFeats> = items
        .iter()
        .map(|(s, f)| {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            extract(&toks, &fold_gaz[*f], bits)
        })
        .collect();
    let gold: Vec<Vec<usize>> = items
        .iter()
        .map(|(s, _)| spans_to_tags(&s.spans, s.tokens.len()).into_iter().map(Tag::index).collect())
        .collect();
    let dev_feats: Vec<SentFeats> = dev
        .iter()
        .map(|s| {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            extract(&toks, &full, bits)
        })
        .collect();
    let dev_docs = conll::documents(&dev.iter().map(|s| s.tokens.as_slice()).collect::<Vec<_>>());
    if opts.verbose {
        eprintln!(
            "ner: {} train sentences ({} documents), {} dev sentences ({} documents), features extracted in {:.1}s",
            train.len(),
            train_docs.len(),
            dev.len(),
            dev_docs.len(),
            t0.elapsed().as_secs_f64()
        );
    }
    let score_on = |st: &Stage, fs: &[SentFeats]| {
        let mut score = Score::default();
        for (s, f) in dev.iter().zip(fs) {
            let tags: Vec<Tag> = st.decode(f, s.tokens.len()).into_iter().map(Tag::from_index).collect();
            score.add(&s.spans, &tags_to_spans(&tags));
        }
        score
    };

    // Stage 1: sentence features only; the epoch is chosen on dev.
    let all: Vec<usize> = (0..items.len()).collect();
    let eval1 = |st: &Stage| score_on(st, &dev_feats);
    let (epochs1, epochs2) = opts.fixed_epochs.unwrap_or((opts.epochs, opts.epochs));
    let seeds = member_seeds(opts.seed, opts.ensemble);
    let fixed = opts.fixed_epochs.is_some();
    let (st1, epoch1, score1) = perceptron(
        &feats,
        &gold,
        &all,
        epochs1,
        &seeds,
        bits,
        opts.verbose.then_some("stage 1"),
        (!fixed).then_some(&eval1 as &dyn Fn(&Stage) -> Score),
    );
    let model1 = NerModel::from_parts(bits, st1, full.clone());
    let trained_on = train.len();
    if !opts.stage2 {
        if opts.verbose {
            eprintln!("ner: {:.1}s in all", t0.elapsed().as_secs_f64());
        }
        let dev = score1.unwrap_or_default();
        return (model1, TrainReport { best_epoch: epoch1, stage1_epoch: epoch1, dev, trained_on });
    }

    // Jackknifed stage-1 tags of the training items: fold f is tagged by a stage-1 model
    // trained (for the epoch count chosen above) on the other folds, with features that use
    // the gazetteer of the other folds, as a test document would be.
    let tj = Instant::now();
    let mut s1_tags: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let workers = std::thread::available_parallelism().map_or(1, |x| x.get()).clamp(1, 4).min(folds);
    let results: Vec<Vec<(usize, Vec<usize>)>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..workers)
            .map(|wk| {
                let (feats, gold, items, seeds) = (&feats, &gold, &items, &seeds);
                sc.spawn(move || {
                    let mut out = Vec::new();
                    for f in (wk..folds).step_by(workers) {
                        let idx: Vec<usize> = (0..items.len()).filter(|&i| items[i].1 != f).collect();
                        let fold_seeds: Vec<u64> =
                            seeds.iter().map(|s| s ^ (f as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d)).collect();
                        let (st, _, _) = perceptron(feats, gold, &idx, epoch1, &fold_seeds, bits, None, None);
                        for i in (0..items.len()).filter(|&i| items[i].1 == f) {
                            out.push((i, st.decode(&feats[i], gold[i].len())));
                        }
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("fold thread")).collect()
    });
    for r in results {
        for (i, t) in r {
            s1_tags[i] = t;
        }
    }
    if opts.verbose {
        let mut sc = Score::default();
        for (i, s) in train.iter().enumerate() {
            let tags: Vec<Tag> = s1_tags[i].iter().map(|&t| Tag::from_index(t)).collect();
            sc.add(&s.spans, &tags_to_spans(&tags));
        }
        eprintln!(
            "ner: jackknifed stage-1 tags of train ({folds} folds, {epoch1} epochs): f1={:.4} ({:.1}s)",
            sc.overall().2,
            tj.elapsed().as_secs_f64()
        );
    }

    // Stage 2: the same features plus document features from the stage-1 tags. Training
    // documents are the original sentences' documents; each recased copy is a document alone.
    let mut feats2: Vec<Option<SentFeats>> = (0..items.len()).map(|_| None).collect();
    for d in &train_docs {
        let refs: Vec<&SentFeats> = feats[d.clone()].iter().collect();
        let tags: Vec<&[usize]> = s1_tags[d.clone()].iter().map(Vec::as_slice).collect();
        for (k, f) in doc_extend(&refs, &tags, bits, opts.context).into_iter().enumerate() {
            feats2[d.start + k] = Some(f);
        }
    }
    for i in n..items.len() {
        feats2[i] = doc_extend(&[&feats[i]], &[&s1_tags[i]], bits, opts.context).pop();
    }
    let feats2: Vec<SentFeats> = feats2.into_iter().map(|f| f.expect("every item has stage-2 features")).collect();
    let mut dev_feats2: Vec<SentFeats> = Vec::with_capacity(dev.len());
    for d in &dev_docs {
        let fs = &dev_feats[d.clone()];
        let tags: Vec<Vec<usize>> = fs.iter().map(|f| model1.decode(f, f.keys.len())).collect();
        let refs: Vec<&SentFeats> = fs.iter().collect();
        let trefs: Vec<&[usize]> = tags.iter().map(Vec::as_slice).collect();
        dev_feats2.extend(doc_extend(&refs, &trefs, bits, opts.context));
    }
    let eval2 = |st: &Stage| score_on(st, &dev_feats2);
    let (st2, epoch2, score2) = perceptron(
        &feats2,
        &gold,
        &all,
        epochs2,
        &seeds.iter().map(|s| s.wrapping_add(1)).collect::<Vec<_>>(),
        bits,
        opts.verbose.then_some("stage 2"),
        (!fixed).then_some(&eval2 as &dyn Fn(&Stage) -> Score),
    );
    if opts.verbose {
        eprintln!("ner: {:.1}s in all", t0.elapsed().as_secs_f64());
    }
    let report = TrainReport { best_epoch: epoch2, stage1_epoch: epoch1, dev: score2.unwrap_or_default(), trained_on };
    (model1.with_stage2(st2, opts.context), report)
}

/// One averaged structured perceptron (Collins 2002) in training: the current weights `w`, the
/// sums `u` that give the averaged weights `w - u / c`, the same for the transitions, and its
/// own seeded order of the items (shuffled with a xorshift every epoch).
struct Learner {
    w: Vec<i32>,
    u: Vec<i64>,
    tw: Vec<i32>,
    tu: Vec<i64>,
    c: i64,
    rng: Rng,
    order: Vec<usize>,
    emit: Vec<i64>,
}

impl Learner {
    fn new(idx: &[usize], seed: u64, bits: u32) -> Self {
        Learner {
            w: vec![0; NT << bits],
            u: vec![0; NT << bits],
            tw: vec![0; (NT + 1) * NT],
            tu: vec![0; (NT + 1) * NT],
            c: 1,
            rng: Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1),
            order: idx.to_vec(),
            emit: Vec::new(),
        }
    }

    /// One pass over the items in a freshly shuffled order; returns how many sentences were
    /// tagged wrong (and so updated).
    fn epoch(&mut self, feats: &[SentFeats], gold: &[Vec<usize>]) -> usize {
        let Learner { w, u, tw, tu, c, rng, order, emit } = self;
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut wrong = 0usize;
        for &si in order.iter() {
            let f = &feats[si];
            let g = &gold[si];
            let len = g.len();
            if len == 0 {
                continue;
            }
            emit.clear();
            emit.resize(len * NT, 0);
            for i in 0..len {
                for &r in &f.rows[f.offsets[i] as usize..f.offsets[i + 1] as usize] {
                    let row = &w[r as usize * NT..r as usize * NT + NT];
                    for (e, &x) in emit[i * NT..i * NT + NT].iter_mut().zip(row) {
                        *e += x as i64;
                    }
                }
            }
            let pred = viterbi(emit, tw, len);
            if pred != *g {
                wrong += 1;
                for i in 0..len {
                    if pred[i] != g[i] {
                        for &r in &f.rows[f.offsets[i] as usize..f.offsets[i + 1] as usize] {
                            let base = r as usize * NT;
                            w[base + g[i]] += 1;
                            u[base + g[i]] += *c;
                            w[base + pred[i]] -= 1;
                            u[base + pred[i]] -= *c;
                        }
                    }
                    let gp = if i == 0 { NT } else { g[i - 1] };
                    let pp = if i == 0 { NT } else { pred[i - 1] };
                    if (gp, g[i]) != (pp, pred[i]) {
                        tw[gp * NT + g[i]] += 1;
                        tu[gp * NT + g[i]] += *c;
                        tw[pp * NT + pred[i]] -= 1;
                        tu[pp * NT + pred[i]] -= *c;
                    }
                }
            }
            *c += 1;
        }
        wrong
    }

    /// The averaged weight `w - u / c` of entry `i` (rows) and of transition `i`.
    fn avg(&self, i: usize) -> f64 {
        self.w[i] as f64 - self.u[i] as f64 / self.c as f64
    }

    fn avg_trans(&self, i: usize) -> f64 {
        self.tw[i] as f64 - self.tu[i] as f64 / self.c as f64
    }
}

/// The stage of an ensemble of learners trained alike but for their seeds (item order): the
/// sum of their averaged weights, quantized to i16 with one scale for the whole stage. One
/// learner gives its own averaged weights, quantized the same way.
fn ensemble_stage(members: &[Learner]) -> Stage {
    let sum = |i: usize| members.iter().map(|m| m.avg(i)).sum::<f64>();
    let sum_trans = |i: usize| members.iter().map(|m| m.avg_trans(i)).sum::<f64>();
    quantize(sum, members[0].w.len(), sum_trans, members[0].tw.len())
}

/// Weights `w(0..size)` and transitions `t(0..tsize)` quantized with one scale for the stage:
/// the largest weight becomes ±32,000 in i16.
fn quantize(w: impl Fn(usize) -> f64, size: usize, t: impl Fn(usize) -> f64, tsize: usize) -> Stage {
    let max = (0..size).fold(0f64, |m, i| m.max(w(i).abs()));
    let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
    let weights: Vec<i16> = (0..size).map(|i| (w(i) * scale).round() as i16).collect();
    let trans: Vec<i32> = (0..tsize).map(|i| (t(i) * scale).round() as i32).collect();
    Stage::dense(weights, trans)
}

/// The seeds of an ensemble of `n` members: `seed` first (so one member is the single model of
/// that seed), then seeds far apart from it and from the `seed + 1` of stage 2.
pub(crate) fn member_seeds(seed: u64, n: usize) -> Vec<u64> {
    (0..n.max(1) as u64).map(|k| seed.wrapping_add(k * 1000)).collect()
}

/// Averaged structured perceptron over the items `idx` for `epochs` epochs, one learner per
/// seed of `seeds` (their averaged weights summed: [`ensemble_stage`]). With `eval`, the
/// learners run epoch by epoch side by side (on up to two threads), the ensemble is scored
/// after every epoch and the best epoch is returned with its score; without, each learner runs
/// all epochs in turn and the last epoch is returned.
#[allow(clippy::too_many_arguments)]
fn perceptron(
    feats: &[SentFeats],
    gold: &[Vec<usize>],
    idx: &[usize],
    epochs: usize,
    seeds: &[u64],
    bits: u32,
    verbose: Option<&str>,
    eval: Option<&dyn Fn(&Stage) -> Score>,
) -> (Stage, usize, Option<Score>) {
    let epochs = epochs.max(1);
    let n = idx.len();
    let Some(eval) = eval else {
        if seeds.len() == 1 {
            let mut l = Learner::new(idx, seeds[0], bits);
            for _ in 0..epochs {
                l.epoch(feats, gold);
            }
            return (ensemble_stage(std::slice::from_ref(&l)), epochs, None);
        }
        // Member by member, keeping only the running sum of their averaged weights.
        let mut sum = vec![0f64; NT << bits];
        let mut sum_t = vec![0f64; (NT + 1) * NT];
        for &seed in seeds {
            let mut l = Learner::new(idx, seed, bits);
            for _ in 0..epochs {
                l.epoch(feats, gold);
            }
            for (i, s) in sum.iter_mut().enumerate() {
                *s += l.avg(i);
            }
            for (i, s) in sum_t.iter_mut().enumerate() {
                *s += l.avg_trans(i);
            }
        }
        return (quantize(|i| sum[i], sum.len(), |i| sum_t[i], sum_t.len()), epochs, None);
    };
    let mut members: Vec<Learner> = seeds.iter().map(|&s| Learner::new(idx, s, bits)).collect();
    let threads = std::thread::available_parallelism().map_or(1, |x| x.get()).clamp(1, 2);
    let mut best: Option<(f64, usize, Stage, Score)> = None;
    for epoch in 1..=epochs {
        let te = Instant::now();
        let wrong: usize = if members.len() == 1 {
            members[0].epoch(feats, gold)
        } else {
            let per = members.len().div_ceil(threads);
            std::thread::scope(|sc| {
                let hs: Vec<_> = members
                    .chunks_mut(per)
                    .map(|ch| sc.spawn(move || ch.iter_mut().map(|l| l.epoch(feats, gold)).sum::<usize>()))
                    .collect();
                hs.into_iter().map(|h| h.join().expect("learner thread")).sum()
            })
        };
        let st = ensemble_stage(&members);
        let score = eval(&st);
        let f1 = score.overall().2;
        if let Some(name) = verbose {
            eprintln!(
                "ner: {name}: epoch {epoch}/{epochs}: {wrong} sentences wrong ({:.1}%), dev f1={f1:.4} ({:.1}s)",
                100.0 * wrong as f64 / (n * members.len()).max(1) as f64,
                te.elapsed().as_secs_f64()
            );
        }
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, st, score));
        }
    }
    let (f1, epoch, st, score) = best.expect("at least one epoch");
    if let Some(name) = verbose {
        eprintln!("ner: {name}: best epoch {epoch}, dev f1={f1:.4}");
    }
    (st, epoch, Some(score))
}

/// Scores `model` on CoNLL sentences through the public tagging path, document by document
/// ([`conll::documents`]: the files have no `-DOCSTART-` lines); returns the score and the
/// number of tokens tagged per second (one thread; feature extraction and decoding).
pub fn evaluate(model: &NerModel, sents: &[Sentence]) -> (Score, f64) {
    let mut score = Score::default();
    let mut tokens = 0usize;
    let t0 = Instant::now();
    let mut preds = Vec::with_capacity(sents.len());
    let toks: Vec<Vec<&str>> = sents.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
    for d in conll::documents(&toks) {
        let refs: Vec<&[&str]> = toks[d].iter().map(Vec::as_slice).collect();
        tokens += refs.iter().map(|t| t.len()).sum::<usize>();
        preds.extend(model.tag_document(&refs));
    }
    let secs = t0.elapsed().as_secs_f64();
    for (s, p) in sents.iter().zip(&preds) {
        score.add(&s.spans, &tags_to_spans(p));
    }
    (score, tokens as f64 / secs.max(1e-9))
}

/// Per-kind and overall lines as `chorus eval ner` prints them (last line `f1=…`).
pub fn report(score: &Score) -> String {
    let mut out = String::new();
    out.push_str(&format!("{:<8}{:>8}{:>8}{:>8}{:>8}{:>8}\n", "type", "gold", "pred", "P", "R", "F1"));
    for k in EntityKind::ALL {
        let (p, r, f) = score.kind(k);
        let i = k as usize;
        out.push_str(&format!(
            "{:<8}{:>8}{:>8}{:>8.4}{:>8.4}{:>8.4}\n",
            k.as_str(),
            score.gold[i],
            score.pred[i],
            p,
            r,
            f
        ));
    }
    let (p, r, f) = score.overall();
    out.push_str(&format!(
        "{:<8}{:>8}{:>8}{:>8.4}{:>8.4}{:>8.4}\n",
        "all",
        score.gold.iter().sum::<usize>(),
        score.pred.iter().sum::<usize>(),
        p,
        r,
        f
    ));
    out.push_str(&format!("f1={f:.4}"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Vec<Sentence> {
        let text = "Peter NNP B-NP B-PER\nBlack NNP I-NP I-PER\nvisited VBD B-VP O\nGeneva NNP B-NP B-LOC\n. . O O\n\n\
                    The DT B-NP O\nUN NNP I-NP B-ORG\nmet VBD B-VP O\nin IN B-PP O\nParis NNP B-NP B-LOC\n. . O O\n\n";
        let mut v = Vec::new();
        for _ in 0..20 {
            v.extend(conll::parse(text));
        }
        v
    }

    /// Small, fast options for the tiny data set.
    fn tiny_opts() -> TrainOptions {
        TrainOptions { epochs: 3, seed: 7, bits: 14, folds: 2, augment: 0, verbose: false, ..TrainOptions::default() }
    }

    #[test]
    fn learns_tiny_data_deterministically_and_round_trips() {
        let data = tiny();
        let opts = TrainOptions { context: false, ..tiny_opts() };
        let (m1, rep) = train_sentences(&data, &data, &opts);
        let (m2, _) = train_sentences(&data, &data, &opts);
        assert_eq!(rep.dev.overall().2, 1.0);
        let dir = tempfile::tempdir().unwrap();
        let (p1, p2) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
        m1.save(&p1).unwrap();
        m2.save(&p2).unwrap();
        assert_eq!(std::fs::read(&p1).unwrap(), std::fs::read(&p2).unwrap(), "same seed, same bytes");
        assert!(m1.is_two_stage());
        assert_eq!(u32::from_le_bytes(std::fs::read(&p1).unwrap()[9..13].try_into().unwrap()), 3);
        let loaded = NerModel::load(&p1).unwrap();
        let toks = ["Peter", "Black", "visited", "Geneva", "."];
        assert_eq!(loaded.tag_tokens(&toks), m1.tag_tokens(&toks));
        let doc: [&[&str]; 2] = [&toks, &["The", "UN", "met", "in", "Paris", "."]];
        assert_eq!(loaded.tag_document(&doc), m1.tag_document(&doc));
        assert_eq!(loaded.tag_document(&doc)[1][1], Tag::U(EntityKind::Org));
        assert_eq!(loaded.tag_tokens(&toks)[0], Tag::B(EntityKind::Per));
        let text = "Peter Black visited Geneva.";
        let ents = loaded.entities(text);
        assert_eq!(&text[ents[0].start..ents[0].end], "Peter Black");
        assert_eq!(ents[1].kind, EntityKind::Loc);

        // Corruption is reported, never a panic or a silently wrong model.
        let mut bytes = std::fs::read(&p1).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&p2, &bytes).unwrap();
        let e = NerModel::load(&p2).unwrap_err().to_string();
        assert!(e.contains("checksum"), "{e}");
        std::fs::write(&p2, &bytes[..100]).unwrap();
        assert!(NerModel::load(&p2).unwrap_err().to_string().contains("truncated"));
        std::fs::write(&p2, b"hello world, not a model at all").unwrap();
        assert!(NerModel::load(&p2).unwrap_err().to_string().contains("magic"));
        let e = NerModel::load(dir.path().join("missing.bin")).unwrap_err();
        assert!(matches!(e, NerError::Missing { .. }), "{e}");
    }

    #[test]
    fn cluster_features_round_trip() {
        let data = tiny();
        let sents: Vec<Vec<String>> = data.iter().map(|s| s.tokens.clone()).collect();
        let copts = crate::clusters::ClusterOptions { min_count: 2, depth: 2, ..Default::default() };
        let clu = Arc::new(crate::clusters::build(&sents, &copts));
        assert!(!clu.is_empty());
        let opts = TrainOptions { clusters: Some(clu.clone()), stage2: false, ..tiny_opts() };
        let (m, rep) = train_sentences(&data, &data, &opts);
        assert_eq!(rep.dev.overall().2, 1.0);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.bin");
        m.save(&p).unwrap();
        assert_eq!(u32::from_le_bytes(std::fs::read(&p).unwrap()[9..13].try_into().unwrap()), 2);
        let loaded = NerModel::load(&p).unwrap();
        assert_eq!(*loaded.gaz.clusters, *clu);
        let toks = ["Peter", "Black", "visited", "Paris", "."];
        assert_eq!(loaded.tag_tokens(&toks), m.tag_tokens(&toks));
    }

    #[test]
    fn external_lists_round_trip_in_format_5() {
        let data = tiny();
        let mut lists = ExtLists::default();
        lists.add(&["Geneva"], 0);
        lists.add(&["Port", "Velnar"], 0);
        lists.add(&["Black"], 3);
        lists.add_caps("visited", -5, -11);
        let lists = Arc::new(lists);
        let opts = TrainOptions { lists: Some(lists.clone()), context: false, ..tiny_opts() };
        let (m, _) = train_sentences(&data, &data, &opts);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.bin");
        m.save(&p).unwrap();
        assert_eq!(u32::from_le_bytes(std::fs::read(&p).unwrap()[9..13].try_into().unwrap()), 5);
        let loaded = NerModel::load(&p).unwrap();
        assert_eq!(*loaded.gaz.lists, *lists);
        assert!(loaded.is_two_stage());
        let doc: [&[&str]; 2] = [&["Peter", "Black", "visited", "Geneva", "."], &["Talks", "in", "Port", "Velnar", "."]];
        assert_eq!(loaded.tag_document(&doc), m.tag_document(&doc));
        let p2 = dir.path().join("l2.bin");
        loaded.save(&p2).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), std::fs::read(&p2).unwrap(), "a loaded model saves to the same bytes");
    }

    #[test]
    fn context_aggregation_round_trips_in_format_6() {
        let data = tiny();
        let (m, _) = train_sentences(&data, &data, &tiny_opts());
        assert!(m.context);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.bin");
        m.save(&p).unwrap();
        assert_eq!(u32::from_le_bytes(std::fs::read(&p).unwrap()[9..13].try_into().unwrap()), 6);
        let loaded = NerModel::load(&p).unwrap();
        assert!(loaded.context && loaded.is_two_stage());
        let doc: [&[&str]; 3] = [
            &["Peter", "Black", "visited", "Geneva", "."],
            &["Black", "left", "Geneva", "on", "Monday", "."],
            &["The", "UN", "met", "in", "Paris", "."],
        ];
        assert_eq!(loaded.tag_document(&doc), m.tag_document(&doc));
        let p2 = dir.path().join("x2.bin");
        loaded.save(&p2).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), std::fs::read(&p2).unwrap());
        // The stage-1 model alone has no document features, so no context flag either.
        assert!(!m.first_stage().context);
    }

    #[test]
    fn an_ensemble_sums_its_learners_and_fixed_epochs_reproduce_the_dev_choice() {
        let data = tiny();
        let bytes = |m: &NerModel| {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("m.bin");
            m.save(&p).unwrap();
            std::fs::read(&p).unwrap()
        };
        for ensemble in [1, 3] {
            let opts = TrainOptions { ensemble, ..tiny_opts() };
            // Epochs chosen on dev (learners side by side), then the same epochs fixed (learners
            // one after the other): the same model, byte for byte.
            let (chosen, rep) = train_sentences(&data, &data, &opts);
            let fixed = TrainOptions { fixed_epochs: Some((rep.stage1_epoch, rep.best_epoch)), ..opts.clone() };
            let (again, _) = train_sentences(&data, &[], &fixed);
            assert_eq!(bytes(&chosen), bytes(&again), "ensemble {ensemble}");
            assert_eq!(chosen.tag_tokens(&["Peter", "Black", "visited", "Geneva", "."])[0], Tag::B(EntityKind::Per));
        }
        // The stage of an ensemble is the sum of its learners' averaged weights, one scale.
        let gaz = Gazetteer::default();
        let feats: Vec<SentFeats> = data
            .iter()
            .map(|s| extract(&s.tokens.iter().map(String::as_str).collect::<Vec<_>>(), &gaz, 12))
            .collect();
        let gold: Vec<Vec<usize>> =
            data.iter().map(|s| spans_to_tags(&s.spans, s.tokens.len()).into_iter().map(Tag::index).collect()).collect();
        let idx: Vec<usize> = (0..data.len()).collect();
        let seeds = member_seeds(7, 3);
        assert_eq!(seeds, vec![7, 1007, 2007]);
        let learners: Vec<Learner> = seeds
            .iter()
            .map(|&s| {
                let mut l = Learner::new(&idx, s, 12);
                l.epoch(&feats, &gold);
                l.epoch(&feats, &gold);
                l
            })
            .collect();
        let (st, _, _) = perceptron(&feats, &gold, &idx, 2, &seeds, 12, None, None);
        let sum: Vec<f64> = (0..NT << 12).map(|i| learners.iter().map(|l| l.avg(i)).sum()).collect();
        let max = sum.iter().fold(0f64, |m, x| m.max(x.abs()));
        assert!(max > 0.0);
        for (i, x) in sum.iter().enumerate() {
            assert_eq!(st.weights[i], (x * 32000.0 / max).round() as i16);
        }
        assert_eq!(ensemble_stage(&learners).weights, st.weights);
    }

    #[test]
    fn refit_trains_on_train_and_dev_with_the_epochs_chosen_on_dev() {
        let train = tiny();
        let dev_text = "Olga NNP B-NP B-PER\nVerin NNP I-NP I-PER\nleft VBD B-VP O\nTarsk NNP B-NP B-LOC\n. . O O\n\n";
        let mut dev = Vec::new();
        for _ in 0..10 {
            dev.extend(conll::parse(dev_text));
        }
        let opts = TrainOptions { refit: true, ..tiny_opts() };
        let (plain, rep0) = train_maybe_refit(&train, &dev, &TrainOptions { refit: false, ..opts.clone() });
        let (refit, rep) = train_maybe_refit(&train, &dev, &opts);
        assert_eq!(rep0.trained_on, train.len());
        assert_eq!(rep.trained_on, train.len() + dev.len());
        // The report is the dev run's: same epochs, same dev score.
        assert_eq!((rep.stage1_epoch, rep.best_epoch), (rep0.stage1_epoch, rep0.best_epoch));
        assert_eq!(rep.dev.overall(), rep0.dev.overall());
        // Only the refit model has seen the dev names (its gazetteer holds them).
        let h = crate::features::hash_str("tarsk");
        assert!(refit.gaz.tokens.contains_key(&h));
        assert!(!plain.gaz.tokens.contains_key(&h));
        // Deterministic, and fixed epochs need no dev split.
        let (again, _) = train_maybe_refit(&train, &dev, &opts);
        let dir = tempfile::tempdir().unwrap();
        let (p1, p2) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
        refit.save(&p1).unwrap();
        again.save(&p2).unwrap();
        assert_eq!(std::fs::read(&p1).unwrap(), std::fs::read(&p2).unwrap());
        let (fixed, r) = train_sentences(&train, &[], &TrainOptions { fixed_epochs: Some((2, 3)), ..tiny_opts() });
        assert_eq!((r.stage1_epoch, r.best_epoch), (2, 3));
        assert_eq!(fixed.tag_tokens(&["Peter", "Black", "visited", "Geneva", "."])[0], Tag::B(EntityKind::Per));
    }
}
