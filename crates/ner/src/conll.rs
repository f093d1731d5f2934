//! CoNLL-2003 files (`TOKEN POS CHUNK NER`, blank line between sentences, `-DOCSTART-`
//! lines skipped) and entity-level exact-match scoring with conlleval semantics.

use std::path::Path;

use crate::{EntityKind, NerError};

/// One sentence with its gold entity spans (token indices, end exclusive).
#[derive(Debug, Clone)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub spans: Vec<(usize, usize, EntityKind)>,
}

/// Gold chunks of IOB1/IOB2 labels, as conlleval reads them: a chunk starts at `B-X`, or at
/// `I-X` after `O` or after another type; it ends before `O`, `B-*` or a different type.
pub fn iob_spans(labels: &[&str]) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, l) in labels.iter().enumerate() {
        let (prefix, kind) = match l.split_once('-') {
            Some((p, k)) => (p, EntityKind::parse(k)),
            None => ("O", None),
        };
        let Some(kind) = kind else {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            continue;
        };
        let continues = prefix == "I" && open.is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            open = Some((i, kind));
        }
    }
    if let Some((s, k)) = open {
        out.push((s, labels.len(), k));
    }
    out
}

pub fn parse(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut toks: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut flush = |toks: &mut Vec<String>, labels: &mut Vec<String>| {
        if !toks.is_empty() {
            let l: Vec<&str> = labels.iter().map(String::as_str).collect();
            let spans = iob_spans(&l);
            out.push(Sentence { tokens: std::mem::take(toks), spans });
            labels.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut toks, &mut labels);
            continue;
        }
        let mut parts = line.split_whitespace();
        let tok = parts.next().unwrap_or("");
        if tok == "-DOCSTART-" {
            flush(&mut toks, &mut labels);
            continue;
        }
        let label = parts.next_back().unwrap_or("O");
        toks.push(tok.to_string());
        labels.push(label.to_string());
    }
    flush(&mut toks, &mut labels);
    out
}

pub fn read(path: &Path) -> Result<Vec<Sentence>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| NerError::Data(format!("{}: {e}", path.display())))?;
    let s = parse(&text);
    if s.is_empty() {
        return Err(NerError::Data(format!("{}: no sentences", path.display())));
    }
    Ok(s)
}

/// Entity-level counts per kind (index = `EntityKind as usize`).
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub tp: [usize; 4],
    pub pred: [usize; 4],
    pub gold: [usize; 4],
}

fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 { 0.0 } else { tp as f64 / pred as f64 };
    let r = if gold == 0 { 0.0 } else { tp as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

impl Score {
    pub fn add(&mut self, gold: &[(usize, usize, EntityKind)], pred: &[(usize, usize, EntityKind)]) {
        for g in gold {
            self.gold[g.2 as usize] += 1;
        }
        for p in pred {
            self.pred[p.2 as usize] += 1;
            if gold.contains(p) {
                self.tp[p.2 as usize] += 1;
            }
        }
    }

    pub fn kind(&self, k: EntityKind) -> (f64, f64, f64) {
        let i = k as usize;
        prf(self.tp[i], self.pred[i], self.gold[i])
    }

    pub fn overall(&self) -> (f64, f64, f64) {
        prf(self.tp.iter().sum(), self.pred.iter().sum(), self.gold.iter().sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conlleval_chunks() {
        let l = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "O"];
        assert_eq!(
            iob_spans(&l),
            vec![
                (0, 2, EntityKind::Per),
                (3, 5, EntityKind::Loc),
                (5, 6, EntityKind::Loc),
                (6, 7, EntityKind::Org)
            ]
        );
        let s = parse("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].spans, vec![(0, 1, EntityKind::Org)]);
        let mut sc = Score::default();
        sc.add(&s[0].spans, &[(0, 1, EntityKind::Org), (1, 2, EntityKind::Misc)]);
        assert_eq!(sc.overall().0, 0.5);
        assert_eq!(sc.overall().1, 1.0);
    }
}
