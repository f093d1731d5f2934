//! News text → CoNLL-like tokens with byte offsets, grouped into sentences.
//!
//! CoNLL-2003 keeps hyphenated words ("Anglo-Dutch") and abbreviations with inner
//! periods ("U.S.") as one token, splits off punctuation and the possessive `'s`.
//! This tokenizer does the same on raw text, so the model sees what it was trained on.

/// A token: byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "ltd", "co", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "prof", "rev", "no", "vs", "mt", "ft", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.u",
];

fn is_split_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '"' | '\u{201C}' | '\u{201D}' | '\u{2018}'
            | '\u{2019}' | '\'' | '\u{00AB}' | '\u{00BB}' | '\u{2014}' | '\u{2013}' | '\u{2026}' | '*' | '#' | '|'
    )
}

/// Splits `text` into sentences of tokens. A sentence ends at a line break, or after a
/// token `.`, `!` or `?` (not after an abbreviation such as "Mr.").
pub fn tokenize(text: &str) -> Vec<Vec<Token>> {
    let mut sentences = Vec::new();
    let mut cur: Vec<Token> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace; a newline ends the sentence.
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            if c == '\n' && !cur.is_empty() {
                sentences.push(std::mem::take(&mut cur));
            }
            i += c.len_utf8();
            continue;
        }
        // A whitespace-delimited chunk.
        let mut j = i;
        for ch in text[i..].chars() {
            if ch.is_whitespace() {
                break;
            }
            j += ch.len_utf8();
        }
        split_chunk(text, i, j, &mut cur);
        // Sentence end after terminal punctuation.
        if let Some(last) = cur.last() {
            let t = &text[last.start..last.end];
            if t == "." || t == "!" || t == "?" {
                sentences.push(std::mem::take(&mut cur));
            }
        }
        i = j;
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    sentences
}

fn split_chunk(text: &str, mut s: usize, mut e: usize, out: &mut Vec<Token>) {
    // Leading punctuation.
    while s < e {
        let c = text[s..e].chars().next().unwrap();
        if is_split_punct(c) {
            out.push(Token { start: s, end: s + c.len_utf8() });
            s += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation (collected in reverse).
    let mut tail = Vec::new();
    loop {
        if s >= e {
            break;
        }
        let c = text[s..e].chars().next_back().unwrap();
        let cl = c.len_utf8();
        let word = &text[s..e];
        // Possessive 's / ’s and bare plural possessive s'.
        if e - s > 2 && (word.ends_with("'s") || word.ends_with("'S")) {
            tail.push(Token { start: e - 2, end: e });
            e -= 2;
            continue;
        }
        if e - s > 4 && (word.ends_with("\u{2019}s") || word.ends_with("\u{2019}S")) {
            tail.push(Token { start: e - 4, end: e });
            e -= 4;
            continue;
        }
        if c == '.' {
            let stem = &word[..word.len() - 1];
            let lower = stem.to_lowercase();
            let keep = !stem.is_empty()
                && (ABBREV.contains(&lower.as_str())
                    || (stem.chars().count() == 1 && stem.chars().all(|c| c.is_uppercase()))
                    || (stem.contains('.') && stem.chars().all(|c| c.is_alphabetic() || c == '.')));
            if keep {
                break;
            }
            tail.push(Token { start: e - 1, end: e });
            e -= 1;
            continue;
        }
        if is_split_punct(c) {
            tail.push(Token { start: e - cl, end: e });
            e -= cl;
            continue;
        }
        break;
    }
    if s < e {
        out.push(Token { start: s, end: e });
    }
    out.extend(tail.into_iter().rev());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Vec<&str>> {
        tokenize(text).iter().map(|s| s.iter().map(|t| &text[t.start..t.end]).collect()).collect()
    }

    #[test]
    fn splits_punctuation_and_possessive() {
        assert_eq!(
            toks("Russia's envoy met Mr. Smith in the U.S. on Monday, officials said."),
            vec![vec![
                "Russia", "'s", "envoy", "met", "Mr.", "Smith", "in", "the", "U.S.", "on", "Monday", ",", "officials",
                "said", "."
            ]]
        );
        assert_eq!(toks("\u{201C}Kyiv-based\u{201D} (AFP)"), vec![vec!["\u{201C}", "Kyiv-based", "\u{201D}", "(", "AFP", ")"]]);
        assert_eq!(toks("One. Two\nThree"), vec![vec!["One", "."], vec!["Two"], vec!["Three"]]);
        assert_eq!(toks("Zelensky\u{2019}s aide"), vec![vec!["Zelensky", "\u{2019}s", "aide"]]);
    }
}
