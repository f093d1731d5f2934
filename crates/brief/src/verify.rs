//! Grounding checks: every item of a brief must be backed by the stored
//! text it cites. Items that fail are dropped, never "fixed".

use chorus_corpus::align::similarity;
use chorus_corpus::features::term_set as terms;
use chorus_model::{Citation, CitationKind, Document};

/// Minimum similarity between an item and a supporting span.
pub const SUPPORT_MIN: f32 = 0.4;

/// Checks one item: the verbatim citation must contain the text exactly;
/// each supporting citation must slice valid text that says much the same.
/// Returns the citations that hold, or `None` when the item itself is not
/// grounded.
pub fn verify_item(text: &str, citations: &[Citation], docs: &[Document]) -> Option<Vec<Citation>> {
    let slice = |c: &Citation| {
        docs.iter().find(|d| d.id == c.doc).and_then(|d| d.text.get(c.start as usize..c.end as usize))
    };
    let mut verbatim_ok = false;
    let mut kept = Vec::with_capacity(citations.len());
    let mut item_terms: Option<Vec<u64>> = None;
    for c in citations {
        let Some(span) = slice(c) else { continue };
        match c.kind {
            CitationKind::Verbatim => {
                if span.contains(text) {
                    verbatim_ok = true;
                    kept.push(c.clone());
                }
            }
            CitationKind::Support => {
                let item_terms = item_terms.get_or_insert_with(|| terms(text));
                if similarity(item_terms, &terms(span)).0 >= SUPPORT_MIN {
                    kept.push(c.clone());
                }
            }
        }
    }
    verbatim_ok.then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Document {
        Document::plain(id, text)
    }

    fn cite(doc: &str, start: u32, end: u32, kind: CitationKind) -> Citation {
        Citation { doc: doc.into(), start, end, kind }
    }

    #[test]
    fn drops_unsupported() {
        let docs = [
            doc("a", "Intro. The harbour board closed the northern pier on Friday."),
            doc("b", "On Friday the harbour board shut the northern pier. Weather was fine."),
        ];
        let text = "The harbour board closed the northern pier on Friday.";
        let good = cite("a", 7, 60, CitationKind::Verbatim);
        let support = cite("b", 0, 51, CitationKind::Support);
        let unrelated = cite("b", 52, 69, CitationKind::Support);
        assert_eq!(verify_item(text, &[good.clone(), support.clone(), unrelated], &docs), Some(vec![good, support]));
        assert_eq!(verify_item(text, &[cite("a", 0, 6, CitationKind::Verbatim)], &docs), None);
        assert_eq!(verify_item(text, &[cite("a", 7, 999, CitationKind::Verbatim)], &docs), None);
    }
}
