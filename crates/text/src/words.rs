//! Word-level helpers shared by the corpus and brief stages: tokenization,
//! a stopword list, a light suffix stemmer and term hashing.
//!
//! Terms are 64-bit hashes of lowercased, lightly stemmed words so that
//! feature vectors never allocate a string per token.

use std::hash::Hasher;

/// A word token: its byte offset in the source text and whether it started
/// with an uppercase letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub capitalized: bool,
}

/// Calls `f` for every run of letters/digits in `text` (apostrophes and
/// hyphens inside a word end it; a possessive `'s` is dropped).
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(Token<'a>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                let start = i;
                while i < n && bytes[i] < 0x80 && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                if i < n && bytes[i] >= 0x80 {
                    // word continues with non-ASCII letters: fall back to char scan
                    i = scan_unicode_word(text, i);
                }
                emit(text, start, i, &mut f);
            } else {
                i += 1;
            }
        } else {
            let Some(c) = text[i..].chars().next() else { break };
            if c.is_alphanumeric() {
                let start = i;
                i = scan_unicode_word(text, i);
                emit(text, start, i, &mut f);
            } else {
                i += c.len_utf8();
            }
        }
    }
}

fn scan_unicode_word(text: &str, mut i: usize) -> usize {
    for (off, c) in text[i..].char_indices() {
        if !c.is_alphanumeric() {
            return i + off;
        }
    }
    i = text.len();
    i
}

fn emit<'a>(text: &'a str, start: usize, end: usize, f: &mut impl FnMut(Token<'a>)) {
    let word = &text[start..end];
    let capitalized = word.chars().next().is_some_and(|c| c.is_uppercase());
    f(Token { text: word, start, capitalized });
}

/// Common English function words that carry no topic.
pub fn is_stopword(lower: &str) -> bool {
    // all stopwords are 1..=10 bytes; most content words are longer
    if lower.len() > 10 {
        return false;
    }
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect()).contains(lower)
}

// Sorted (checked by a test).
static STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "even", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "much", "must", "my", "myself",
    "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "ours",
    "ourselves", "out", "over", "own", "said", "same", "says", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
];

/// Lowercases `word` into `buf` and strips common English suffixes so that
/// "talks"/"talk" and "strikes"/"strike" share a term. Not a full stemmer:
/// both sides of every comparison go through the same function, which is
/// all that matters here.
pub fn normalize<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            buf.extend(c.to_lowercase());
        }
    }
    let n = buf.len();
    if buf.is_ascii() && n > 3 {
        let cut = if n > 5 && buf.ends_with("ing") {
            3
        } else if n > 4 && buf.ends_with("ies") {
            buf.truncate(n - 3);
            buf.push('y');
            0
        } else if n > 4 && buf.ends_with("ed") {
            2
        } else if buf.ends_with('s') && !buf.ends_with("ss") && !buf.ends_with("us") && !buf.ends_with("is") {
            1
        } else {
            0
        };
        buf.truncate(buf.len() - cut);
    }
    buf.as_str()
}

/// A stable 64-bit hash of a normalized term (FxHash-style; stable across
/// runs and platforms so hashes can be stored).
pub fn term_hash(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Content terms of `text`: hashes of normalized non-stopword tokens that
/// are not pure punctuation, in text order, with their capitalization.
pub fn content_terms(text: &str, mut f: impl FnMut(u64, Token<'_>)) {
    let mut buf = String::with_capacity(32);
    for_each_token(text, |tok| {
        if tok.text.len() < 2 && !tok.text.as_bytes()[0].is_ascii_digit() {
            return;
        }
        let norm = normalize(tok.text, &mut buf);
        if is_stopword(norm) {
            return;
        }
        f(term_hash(norm), tok);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_sorted() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn tokens_and_offsets() {
        let text = "Mayor Ilsa Varn’s plan: 42 ferries, Zürich-bound.";
        let mut toks = Vec::new();
        for_each_token(text, |t| toks.push((t.text, t.start, t.capitalized)));
        let words: Vec<_> = toks.iter().map(|t| t.0).collect();
        assert_eq!(words, ["Mayor", "Ilsa", "Varn", "s", "plan", "42", "ferries", "Zürich", "bound"]);
        for (w, s, _) in &toks {
            assert_eq!(&text[*s..*s + w.len()], *w);
        }
        assert!(toks[0].2 && !toks[4].2);
    }

    #[test]
    fn normalization_merges_inflections() {
        let mut a = String::new();
        let mut b = String::new();
        assert_eq!(normalize("Talks", &mut a), normalize("talk", &mut b));
        assert_eq!(normalize("ferries", &mut a), "ferry");
        assert_eq!(normalize("striking", &mut a), normalize("strike", &mut b).trim_end_matches('e'));
        assert_eq!(normalize("news", &mut a), "new");
        assert_eq!(normalize("crisis", &mut a), "crisis");
    }

    #[test]
    fn content_terms_skip_stopwords() {
        let mut n = 0;
        content_terms("The mayor said that the ferry will sail", |_, _| n += 1);
        assert_eq!(n, 3); // mayor, ferry, sail
    }
}
