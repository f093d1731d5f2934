//! Scoring [`find_quotes`](crate::quotes::find_quotes) against PolNeAR-style
//! attribution records (`attributions.jsonl`: source, cue and content spans
//! in CHARACTER offsets).
//!
//! What is computed (micro-averaged: counts are pooled over documents):
//!
//! * Spans are trimmed of whitespace. A discontinuous gold **source** or
//!   **cue** is compared as its covering span (first start to last end);
//!   **content** is compared fragment by fragment. Overlap is counted in
//!   characters (bytes of the same text): two spans match when they share
//!   at least one character.
//! * **Pairing** (the README's rule for sources *of an attribution*): every
//!   (predicted, gold) pair whose cues overlap is a candidate of the first
//!   tier, weighted by the cue overlap; a pair whose cues do not overlap but
//!   whose contents do is a candidate of the second tier, weighted by the
//!   content overlap. Candidates are taken greedily, first tier first, then
//!   largest overlap, one-to-one.
//! * **Source of paired attributions** (`paired_source_f1`): over pairs
//!   only. Predicted = pairs where the system gives a source;
//!   gold = pairs whose gold attribution has a source; a true positive is a
//!   pair where both have one and they overlap (exact: same trimmed span).
//!   A gold Attribution-no-source is thus correct only if the system gives
//!   no source: a source there is a false positive. P = TP / predicted,
//!   R = TP / gold.
//! * **Source end-to-end** (the headline number, `source_f1`): the same
//!   overlap true positives, but predicted = every predicted attribution
//!   with a source and gold = every gold attribution with a source, so
//!   missed and spurious attributions count too.
//! * **Span sets** (source, cue, content, no pairing): per document, the
//!   distinct gold spans and the distinct predicted spans, matched
//!   one-to-one, exactly or greedily by largest overlap.

use serde::Deserialize;

use crate::quotes::Quote;

/// One record of `attributions.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub doc: String,
    #[serde(default)]
    pub primary: bool,
    #[serde(default)]
    pub split: String,
    pub text: String,
    #[serde(default)]
    pub attributions: Vec<RecordAttribution>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RecordAttribution {
    #[serde(default)]
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub source: Vec<RecordSpan>,
    #[serde(default)]
    pub cue: Vec<RecordSpan>,
    #[serde(default)]
    pub content: Vec<RecordSpan>,
}

/// Character (code point) offsets, end exclusive.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct RecordSpan {
    pub start: usize,
    pub end: usize,
}

/// A gold attribution in BYTE offsets of the record's text, trimmed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldAttribution {
    pub source: Option<(usize, usize)>,
    pub cue: Option<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
}

impl Record {
    /// Gold attributions with character offsets converted to byte offsets
    /// (out-of-range offsets are clamped), spans trimmed of whitespace.
    pub fn gold(&self) -> Vec<GoldAttribution> {
        let text = &self.text;
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let conv = |s: &RecordSpan| -> Option<(usize, usize)> {
            let a = byte_at[s.start.min(byte_at.len() - 1)];
            let b = byte_at[s.end.min(byte_at.len() - 1)];
            trim(text, a, b)
        };
        let cover = |v: &[RecordSpan]| -> Option<(usize, usize)> {
            let spans: Vec<(usize, usize)> = v.iter().filter_map(conv).collect();
            let s = spans.iter().map(|x| x.0).min()?;
            let e = spans.iter().map(|x| x.1).max()?;
            Some((s, e))
        };
        self.attributions
            .iter()
            .map(|a| GoldAttribution {
                source: cover(&a.source),
                cue: cover(&a.cue),
                content: a.content.iter().filter_map(conv).collect(),
            })
            .collect()
    }
}

fn trim(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let sub = text.get(s..e)?;
    let lead = sub.len() - sub.trim_start().len();
    let t = sub.trim();
    if t.is_empty() {
        None
    } else {
        Some((s + lead, s + lead + t.len()))
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn overlap_opt(a: Option<(usize, usize)>, b: Option<(usize, usize)>) -> usize {
    match (a, b) {
        (Some(a), Some(b)) => overlap(a, b),
        _ => 0,
    }
}

/// True positives, predictions and gold items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Prf {
    pub fn p(&self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.tp as f64 / self.pred as f64
        }
    }
    pub fn r(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Prf) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
}

/// Counts for one document or pooled over many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    pub docs: usize,
    /// Attributions: tp = pairs.
    pub attributions: Prf,
    pub source_paired_exact: Prf,
    pub source_paired_overlap: Prf,
    pub source_e2e_exact: Prf,
    pub source_e2e_overlap: Prf,
    pub source_set_exact: Prf,
    pub source_set_overlap: Prf,
    pub cue_exact: Prf,
    pub cue_overlap: Prf,
    pub content_exact: Prf,
    pub content_overlap: Prf,
    /// Paired gold attributions without a source, and how many of them the
    /// system also gave no source.
    pub no_source_pairs: usize,
    pub no_source_correct: usize,
}

impl Scores {
    pub fn add(&mut self, o: &Scores) {
        self.docs += o.docs;
        self.attributions.add(&o.attributions);
        self.source_paired_exact.add(&o.source_paired_exact);
        self.source_paired_overlap.add(&o.source_paired_overlap);
        self.source_e2e_exact.add(&o.source_e2e_exact);
        self.source_e2e_overlap.add(&o.source_e2e_overlap);
        self.source_set_exact.add(&o.source_set_exact);
        self.source_set_overlap.add(&o.source_set_overlap);
        self.cue_exact.add(&o.cue_exact);
        self.cue_overlap.add(&o.cue_overlap);
        self.content_exact.add(&o.content_exact);
        self.content_overlap.add(&o.content_overlap);
        self.no_source_pairs += o.no_source_pairs;
        self.no_source_correct += o.no_source_correct;
    }
}

/// One-to-one pairs (predicted index, gold index) by the pairing rule in
/// the module documentation.
pub fn pair(pred: &[Quote], gold: &[GoldAttribution]) -> Vec<(usize, usize)> {
    // (tier, -overlap, pred, gold)
    let mut cand: Vec<(u8, std::cmp::Reverse<usize>, usize, usize)> = Vec::new();
    for (i, p) in pred.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let c = overlap_opt(p.cue, g.cue);
            if c > 0 {
                cand.push((0, std::cmp::Reverse(c), i, j));
                continue;
            }
            let x: usize = p.content.iter().map(|&a| g.content.iter().map(|&b| overlap(a, b)).sum::<usize>()).sum();
            if x > 0 {
                cand.push((1, std::cmp::Reverse(x), i, j));
            }
        }
    }
    cand.sort_unstable();
    let mut pu = vec![false; pred.len()];
    let mut gu = vec![false; gold.len()];
    let mut out = Vec::new();
    for (_, _, i, j) in cand {
        if !pu[i] && !gu[j] {
            pu[i] = true;
            gu[j] = true;
            out.push((i, j));
        }
    }
    out.sort_unstable();
    out
}

fn dedup(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Span sets: (exact, overlap) counts, one-to-one.
fn span_sets(pred: Vec<(usize, usize)>, gold: Vec<(usize, usize)>) -> (Prf, Prf) {
    let pred = dedup(pred);
    let gold = dedup(gold);
    let mut exact = Prf { tp: 0, pred: pred.len(), gold: gold.len() };
    let gold_set: rustc_hash::FxHashSet<(usize, usize)> = gold.iter().copied().collect();
    exact.tp = pred.iter().filter(|p| gold_set.contains(p)).count();
    let mut cand: Vec<(std::cmp::Reverse<usize>, usize, usize)> = Vec::new();
    for (i, &p) in pred.iter().enumerate() {
        // gold is sorted: only spans starting before p ends can overlap
        let hi = gold.partition_point(|g| g.0 < p.1);
        for (j, &g) in gold[..hi].iter().enumerate() {
            let o = overlap(p, g);
            if o > 0 {
                cand.push((std::cmp::Reverse(o), i, j));
            }
        }
    }
    cand.sort_unstable();
    let mut pu = vec![false; pred.len()];
    let mut gu = vec![false; gold.len()];
    let mut tp = 0;
    for (_, i, j) in cand {
        if !pu[i] && !gu[j] {
            pu[i] = true;
            gu[j] = true;
            tp += 1;
        }
    }
    (exact, Prf { tp, pred: pred.len(), gold: gold.len() })
}

/// Scores one document's predictions against its gold attributions.
pub fn score_doc(pred: &[Quote], gold: &[GoldAttribution]) -> Scores {
    let pairs = pair(pred, gold);
    let mut s = Scores { docs: 1, ..Scores::default() };
    s.attributions = Prf { tp: pairs.len(), pred: pred.len(), gold: gold.len() };
    let mut pe = Prf::default();
    let mut po = Prf::default();
    for &(i, j) in &pairs {
        let ps = pred[i].source;
        let gs = gold[j].source;
        if ps.is_some() {
            pe.pred += 1;
            po.pred += 1;
        }
        if gs.is_some() {
            pe.gold += 1;
            po.gold += 1;
        } else {
            s.no_source_pairs += 1;
            if ps.is_none() {
                s.no_source_correct += 1;
            }
        }
        if let (Some(a), Some(b)) = (ps, gs) {
            if a == b {
                pe.tp += 1;
            }
            if overlap(a, b) > 0 {
                po.tp += 1;
            }
        }
    }
    s.source_paired_exact = pe;
    s.source_paired_overlap = po;
    let pred_src = pred.iter().filter(|q| q.source.is_some()).count();
    let gold_src = gold.iter().filter(|g| g.source.is_some()).count();
    s.source_e2e_exact = Prf { tp: pe.tp, pred: pred_src, gold: gold_src };
    s.source_e2e_overlap = Prf { tp: po.tp, pred: pred_src, gold: gold_src };
    (s.source_set_exact, s.source_set_overlap) =
        span_sets(pred.iter().filter_map(|q| q.source).collect(), gold.iter().filter_map(|g| g.source).collect());
    (s.cue_exact, s.cue_overlap) = span_sets(pred.iter().filter_map(|q| q.cue).collect(), gold.iter().filter_map(|g| g.cue).collect());
    (s.content_exact, s.content_overlap) = span_sets(
        pred.iter().flat_map(|q| q.content.iter().copied()).collect(),
        gold.iter().flat_map(|g| g.content.iter().copied()).collect(),
    );
    s
}

fn line(name: &str, p: &Prf) -> String {
    format!("P={:.4} R={:.4} F1={:.4} (tp={} pred={} gold={}) {name}", p.p(), p.r(), p.f1(), p.tp, p.pred, p.gold)
}

/// The report printed by `chorus eval quotes`; the last line is
/// `source_f1=…` (end-to-end overlap-matched source F1: missed and spurious
/// attributions count), the line before it `paired_source_f1=…`
/// (overlap-matched source F1 of paired attributions only).
pub fn report(s: &Scores) -> String {
    let mut out = String::new();
    let mut w = |x: String| {
        out.push_str(&x);
        out.push('\n');
    };
    w(format!("documents: {}", s.docs));
    w(format!("attributions (paired by cue, else content overlap): {}", line("", &s.attributions)));
    w("source of paired attributions (gold no-source counts as correct only with no predicted source):".into());
    w(format!("  exact   {}", line("", &s.source_paired_exact)));
    w(format!("  overlap {}", line("", &s.source_paired_overlap)));
    w(format!(
        "  gold no-source pairs: {} (system gave no source: {})",
        s.no_source_pairs, s.no_source_correct
    ));
    w("source end-to-end (unpaired predicted and gold attributions count):".into());
    w(format!("  exact   {}", line("", &s.source_e2e_exact)));
    w(format!("  overlap {}", line("", &s.source_e2e_overlap)));
    w("source spans as sets (no pairing; discontinuous = covering span):".into());
    w(format!("  exact   {}", line("", &s.source_set_exact)));
    w(format!("  overlap {}", line("", &s.source_set_overlap)));
    w("cue spans as sets:".into());
    w(format!("  exact   {}", line("", &s.cue_exact)));
    w(format!("  overlap {}", line("", &s.cue_overlap)));
    w("content spans as sets (fragments):".into());
    w(format!("  exact   {}", line("", &s.content_exact)));
    w(format!("  overlap {}", line("", &s.content_overlap)));
    w("source_f1 = end-to-end overlap-matched source F1; paired_source_f1 = the same over paired attributions only".into());
    w(format!("paired_source_f1={:.4}", s.source_paired_overlap.f1()));
    out.push_str(&format!("source_f1={:.4}", s.source_e2e_overlap.f1()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::SpeakerResolution;

    fn q(content: &[(usize, usize)], cue: (usize, usize), source: Option<(usize, usize)>) -> Quote {
        Quote {
            content: content.to_vec(),
            direct: false,
            cue: Some(cue),
            source,
            speaker: None,
            resolution: SpeakerResolution::Unresolved,
        }
    }

    #[test]
    fn char_offsets_become_byte_offsets() {
        let line = r#"{"doc":"d","primary":true,"split":"dev","text":"“Ça va,” Zoë said.",
            "attributions":[{"id":"E1","type":"Attribution","source":[{"start":9,"end":12}],
            "cue":[{"start":13,"end":17}],"content":[{"start":0,"end":8}]}]}"#
            .replace('\n', "");
        let r: Record = serde_json::from_str(&line).unwrap();
        let g = r.gold();
        assert_eq!(&r.text[g[0].source.unwrap().0..g[0].source.unwrap().1], "Zoë");
        assert_eq!(&r.text[g[0].cue.unwrap().0..g[0].cue.unwrap().1], "said");
        assert_eq!(&r.text[g[0].content[0].0..g[0].content[0].1], "“Ça va,”");
    }

    /// Gold: three attributions (A with source 10..15, B with source 40..42,
    /// C no source). System: A' (cue overlaps A, source 8..15: overlap, not
    /// exact), B' (content overlaps B only, exact source), C' (pairs with C
    /// by cue but gives a source: false positive), D' (pairs with nothing,
    /// has a source).
    #[test]
    fn scorer_counts_on_a_hand_made_pair() {
        let gold = vec![
            GoldAttribution { source: Some((10, 15)), cue: Some((16, 20)), content: vec![(0, 9)] },
            GoldAttribution { source: Some((40, 42)), cue: Some((43, 47)), content: vec![(48, 70)] },
            GoldAttribution { source: None, cue: Some((80, 84)), content: vec![(85, 99)] },
        ];
        let pred = vec![
            q(&[(0, 9)], (16, 20), Some((8, 15))),
            q(&[(50, 60)], (30, 34), Some((40, 42))),
            q(&[(85, 99)], (80, 84), Some((75, 79))),
            q(&[(120, 130)], (110, 114), Some((100, 105))),
        ];
        let s = score_doc(&pred, &gold);
        assert_eq!(s.attributions, Prf { tp: 3, pred: 4, gold: 3 });
        assert_eq!(s.source_paired_overlap, Prf { tp: 2, pred: 3, gold: 2 });
        assert_eq!(s.source_paired_exact, Prf { tp: 1, pred: 3, gold: 2 });
        assert_eq!(s.source_e2e_overlap, Prf { tp: 2, pred: 4, gold: 2 });
        assert_eq!((s.no_source_pairs, s.no_source_correct), (1, 0));
        // paired overlap: P = 2/3, R = 1, F1 = 0.8
        assert!((s.source_paired_overlap.f1() - 0.8).abs() < 1e-9);
        // cue sets: gold {16..20, 43..47, 80..84}, pred {16..20, 30..34, 80..84, 110..114}
        assert_eq!(s.cue_exact, Prf { tp: 2, pred: 4, gold: 3 });
        // source sets: pred {8..15, 40..42, 75..79, 100..105} vs gold {10..15, 40..42}
        assert_eq!(s.source_set_exact, Prf { tp: 1, pred: 4, gold: 2 });
        assert_eq!(s.source_set_overlap, Prf { tp: 2, pred: 4, gold: 2 });
        // content: pred {0..9, 50..60, 85..99, 120..130} vs gold {0..9, 48..70, 85..99}
        assert_eq!(s.content_exact, Prf { tp: 2, pred: 4, gold: 3 });
        assert_eq!(s.content_overlap, Prf { tp: 3, pred: 4, gold: 3 });
        // end-to-end overlap: P = 2/4, R = 2/2, F1 = 2/3
        assert!((s.source_e2e_overlap.f1() - 2.0 / 3.0).abs() < 1e-9);
        let r = report(&s);
        let lines: Vec<&str> = r.lines().collect();
        assert_eq!(lines[lines.len() - 1], "source_f1=0.6667", "{r}");
        assert_eq!(lines[lines.len() - 2], "paired_source_f1=0.8000", "{r}");
    }

    #[test]
    fn no_source_gold_is_right_when_the_system_gives_none() {
        let gold = vec![GoldAttribution { source: None, cue: Some((0, 4)), content: vec![(5, 9)] }];
        let pred = vec![q(&[(5, 9)], (0, 4), None)];
        let s = score_doc(&pred, &gold);
        assert_eq!((s.no_source_pairs, s.no_source_correct), (1, 1));
        assert_eq!(s.source_paired_overlap, Prf { tp: 0, pred: 0, gold: 0 });
    }

    #[test]
    fn one_long_prediction_matches_one_gold_span() {
        let (_, o) = span_sets(vec![(0, 100)], vec![(0, 10), (20, 30)]);
        assert_eq!(o, Prf { tp: 1, pred: 1, gold: 2 });
    }
}
