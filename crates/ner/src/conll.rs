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

/// `1996-08-30`: a date token as Reuters datelines write it.
fn is_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A Reuters dateline sentence ("LONDON 1996-08-30", "BONN , Germany 1996-08-30"): at most
/// ten tokens, the last a date.
pub fn is_dateline<S: AsRef<str>>(tokens: &[S]) -> bool {
    tokens.len() <= 10 && tokens.last().is_some_and(|t| is_date(t.as_ref()))
}

/// A line between a headline and its dateline: a byline ("Robert Kitson", "Klara Gajduskova":
/// two to four capitalized words, not all capitals, nothing else) or a correction note
/// ("[ CORRECTED 14:06 GMT ]").
fn is_byline_or_note<S: AsRef<str>>(tokens: &[S]) -> bool {
    let first = tokens.first().map(AsRef::as_ref);
    if first == Some("[") {
        return tokens.last().is_some_and(|t| t.as_ref() == "]");
    }
    (2..=4).contains(&tokens.len())
        && tokens.iter().all(|t| {
            let t = t.as_ref();
            t.chars().next().is_some_and(char::is_uppercase)
                && t.chars().any(char::is_lowercase)
                && t.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
        })
}

/// Document boundaries of a run of sentences (ranges of sentence indices, covering all of
/// them in order). The CoNLL-2003 files used here have no `-DOCSTART-` lines, but every Reuters
/// story opens with a headline followed by a dateline, so a document starts at the sentence
/// before each dateline (at the dateline itself when it directly follows a document start), or
/// two sentences before it when a byline or a correction note sits between headline and
/// dateline. Uses the tokens only, never the labels.
pub fn documents<S: AsRef<str>, T: AsRef<[S]>>(sents: &[T]) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0usize];
    for (i, s) in sents.iter().enumerate() {
        if is_dateline(s.as_ref()) && i > 0 {
            let st = if i >= 2 && is_byline_or_note(sents[i - 1].as_ref()) && !is_dateline(sents[i - 2].as_ref()) {
                i - 2
            } else {
                i - 1
            };
            if st > *starts.last().unwrap() {
                starts.push(st);
            }
        }
    }
    starts.push(sents.len());
    starts.windows(2).filter(|w| w[1] > w[0]).map(|w| w[0]..w[1]).collect()
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

    #[test]
    fn documents_split_before_datelines() {
        let s: Vec<Vec<&str>> = vec![
            vec!["SOCCER", "-", "RESULTS", "."],
            vec!["LONDON", "1996-08-30"],
            vec!["Text", "."],
            vec!["CRICKET", "-", "SCORES", "."],
            vec!["BONN", ",", "Germany", "1996-08-31"],
            vec!["More", "text", "."],
        ];
        assert_eq!(documents(&s), vec![0..3, 3..6]);
        assert_eq!(documents(&s[1..]), vec![0..2, 2..5]);
        assert_eq!(documents::<&str, Vec<&str>>(&[]), Vec::<std::ops::Range<usize>>::new());
    }

    #[test]
    fn a_byline_or_correction_note_stays_with_its_headline() {
        let s: Vec<Vec<&str>> = vec![
            vec!["Last", "line", "."],
            vec!["RUGBY", "-", "VELNAR", "WIN", "."],
            vec!["Ada", "Korrin"],
            vec!["TARSK", "1996-12-06"],
            vec!["Text", "."],
            vec!["HOCKEY", "-", "RESULTS", "."],
            vec!["[", "CORRECTED", "08:40", "GMT", "]"],
            vec!["OLMEN", "1996-12-06"],
            vec!["Text", "."],
            vec!["Velnar", "beat", "Tarsk", "."],
            vec!["Kessing", "Works"],
            vec!["OLMEN", "1996-12-07"],
        ];
        assert_eq!(documents(&s), vec![0..1, 1..5, 5..9, 9..12]);
        // a capitals line before the dateline is a headline, not a byline
        assert!(!is_byline_or_note(&["VELNAR", "WIN"]));
        assert!(!is_byline_or_note(&["Velnar", "1", "Tarsk", "0"]));
    }
}
