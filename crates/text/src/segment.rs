//! Segmentation of clean article text into blocks and sentences.
//!
//! [`segment`] takes the text produced by the cleaning stage and returns
//! [`Segments`]: blocks (paragraphs, headings, list items, table rows) and
//! sentences, all as byte spans into the text, in order and non-overlapping.
//!
//! # Blocks
//!
//! The text is cut into lines at `\n` (and `\r`); every non-empty line is
//! its own block (a paragraph never spans a newline) and its span is the
//! line without surrounding whitespace. Blank lines separate nothing more.
//! A line is, checked in this order:
//!
//! * a **table row** when it starts and ends with `|`. A markdown separator
//!   row (only `|`, `-`, `:`, `+` and spaces, with at least one `-`, like
//!   `|---|:--:|`) is skipped entirely: no block, no sentence;
//! * a **list item** when it starts with `- `, `* `, `• ` or a number of at
//!   most three digits followed by `.` or `)` and a space (`1. `, `2) `);
//! * a **heading** when it is a markdown heading (`#` to `######` followed
//!   by a space), or when it is short (at most 12 words, at most 200 bytes),
//!   has a letter or digit, does not end in sentence punctuation
//!   (`. ! ? : ” " ’ …`), does not start with a label word such as `Lead:`,
//!   and more text follows it;
//! * otherwise a **paragraph**.
//!
//! # Sentences
//!
//! A heading, list item or table row is exactly one sentence. For list items
//! and markdown headings the sentence leaves out the marker (`- `, `1. `,
//! `## `); a table row's sentence is the whole row, pipes included.
//!
//! A paragraph is scanned once, byte by byte. A candidate break is a run of
//! terminators (`.`, `!`, `?`, `…`) plus any closing quotes and brackets
//! right after it (`” ’ " ' ) ] } »`), which stay with the sentence before
//! the break. The run must be followed by whitespace; so `3.5`, `1,000.25`,
//! `U.S.-led` and `example.com` never break. Then, looking at the next
//! character after the whitespace and any opening quotes or brackets:
//!
//! * after `?` or `!`, and after a plain word ending in `.`, break unless
//!   the next character is lowercase or one of `, ; : ) ] }`;
//! * after an ellipsis (`…`, `..`, `...`) or a lone `.` after a space,
//!   break only before an uppercase letter;
//! * after a title or prefix abbreviation (`Mr. Mrs. Ms. Dr. Prof. Gen.
//!   Gov. Sen. Rep. vs. No. e.g. i.e.` and a few more) never break;
//! * after an abbreviation that may also end a sentence (`St. Jr. Sr. Inc.
//!   Ltd. Co. Corp. etc.`, month abbreviations), an initialism (`U.S.`,
//!   `D.C.`, `a.m.`, `p.m.`) or a single capital initial (`John F.
//!   Kennedy`), break only when the next word is a common sentence starter
//!   (`The`, `A`, `He`, `In`, `However`, ...): "the U.S. The next day"
//!   breaks, "U.S. officials" and "Jan. 5" do not. When a closing quote or
//!   bracket follows the period, the plain-word rule applies instead;
//! * inside an open quotation (after `“` or an opening `"`) a break needs
//!   an uppercase letter next, so `“It was hard. 5 of us…` stays whole.
//!   Multi-sentence quotes are not kept together.
//!
//! A break is not taken when the sentence before it would have no letter or
//! digit (no sentences made only of punctuation); the text then runs on to
//! the next break. Sentences never span a newline and never start or end
//! with whitespace.
//!
//! # Guarantees
//!
//! For any input: no panic; spans lie on char boundaries; blocks and
//! sentences are in order, non-overlapping and non-empty; each sentence lies
//! inside the block it names, every block has at least one sentence, and
//! `text[span]` equals its own `trim()`. The work is linear in the length of
//! the text, with no allocation other than the two output vectors.

use chorus_model::{Block, BlockKind, Segments, Sentence, Span};

/// Splits clean article text into blocks and sentences (see the module
/// documentation for the rules).
pub fn segment(text: &str) -> Segments {
    let mut out = Segments {
        blocks: Vec::with_capacity(text.len() / 256 + 1),
        sentences: Vec::with_capacity(text.len() / 96 + 1),
    };
    let bytes = text.as_bytes();
    // Where the last non-whitespace character ends: a line ending before
    // this is followed by more text.
    let content_end = text.trim_end().len();
    let mut pos = 0;
    while pos < bytes.len() {
        let line_end = bytes[pos..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |k| pos + k);
        let line = &text[pos..line_end];
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            let end = start + trimmed.len();
            push_line(text, start, end, end < content_end, &mut out);
        }
        pos = line_end + 1;
    }
    out
}

/// Classifies the trimmed line `text[start..end]` and pushes its block and
/// sentences.
fn push_line(text: &str, start: usize, end: usize, followed: bool, out: &mut Segments) {
    let line = &text[start..end];
    let (kind, content) = match classify(line, followed) {
        Some(k) => k,
        None => return,
    };
    let block = out.blocks.len() as u32;
    out.blocks.push(Block { span: Span::new(start, end), kind });
    if kind == BlockKind::Paragraph {
        split_paragraph(text, start, end, block, &mut out.sentences);
    } else {
        out.sentences.push(Sentence { span: Span::new(start + content, end), block });
    }
}

/// The kind of a trimmed, non-empty line and the offset where its one
/// sentence starts (past a list or heading marker); `None` for a line to
/// skip (a table separator row).
fn classify(line: &str, followed: bool) -> Option<(BlockKind, usize)> {
    let b = line.as_bytes();
    let n = b.len();
    if n >= 2 && b[0] == b'|' && b[n - 1] == b'|' {
        let separator = b.iter().all(|c| matches!(c, b'|' | b'-' | b':' | b'+' | b' ' | b'\t'))
            && b.contains(&b'-');
        return if separator { None } else { Some((BlockKind::TableRow, 0)) };
    }
    if let Some(marker) = list_marker(b) {
        return Some((BlockKind::ListItem, content_offset(line, marker)));
    }
    let hashes = b.iter().take_while(|&&c| c == b'#').count();
    if (1..=6).contains(&hashes) && (hashes == n || matches!(b[hashes], b' ' | b'\t')) {
        let content = content_offset(line, hashes);
        return Some((BlockKind::Heading, if content < n { content } else { 0 }));
    }
    if followed && is_short_heading(line) {
        return Some((BlockKind::Heading, 0));
    }
    Some((BlockKind::Paragraph, 0))
}

/// Length of a list marker at the start of `b`, including its space.
fn list_marker(b: &[u8]) -> Option<usize> {
    let space = |i: usize| matches!(b.get(i), Some(b' ' | b'\t'));
    match b.first()? {
        b'-' | b'*' if space(1) => Some(2),
        // `•` is E2 80 A2.
        0xE2 if b.get(1) == Some(&0x80) && b.get(2) == Some(&0xA2) && space(3) => Some(4),
        b'0'..=b'9' => {
            let digits = b.iter().take(4).take_while(|c| c.is_ascii_digit()).count();
            let ok = digits <= 3 && matches!(b.get(digits), Some(b'.' | b')')) && space(digits + 1);
            ok.then_some(digits + 2)
        }
        _ => None,
    }
}

/// Offset of the first non-whitespace character at or after `from`, or the
/// line length when there is none.
fn content_offset(line: &str, from: usize) -> usize {
    let rest = &line[from..];
    from + (rest.len() - rest.trim_start().len())
}

/// A short line that reads as a heading (see the module documentation).
fn is_short_heading(line: &str) -> bool {
    if line.len() > 200 {
        return false;
    }
    let last = line.chars().next_back().unwrap_or('.');
    if matches!(last, '.' | '!' | '?' | ':' | '”' | '"' | '’' | '…') {
        return false;
    }
    let mut words = line.split_whitespace();
    if words.next().is_some_and(|w| w.ends_with(':')) {
        return false;
    }
    words.take(12).count() <= 11 && line.chars().any(char::is_alphanumeric)
}

/// How the word just before a single `.` affects a break after it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token {
    /// An ordinary word or number: break unless lowercase follows.
    Word,
    /// The `.` stands alone after a space: break only before uppercase.
    Bare,
    /// A title or prefix abbreviation: never break.
    Prefix,
    /// An abbreviation or initialism that can end a sentence: break only
    /// before a common sentence starter.
    Final,
}

/// Abbreviations that precede what they modify, so a sentence never ends
/// at them.
const PREFIX_ABBREVIATIONS: &[&[u8]] = &[
    b"Mr", b"Mrs", b"Ms", b"Messrs", b"Dr", b"Prof", b"Gen", b"Gov", b"Sen", b"Rep", b"Rev",
    b"Hon", b"Pres", b"Lt", b"Col", b"Sgt", b"Capt", b"Cmdr", b"Adm", b"Maj", b"Mt", b"Ft",
    b"vs", b"v", b"No", b"Nos", b"Fig", b"cf", b"approx", b"e.g", b"i.e",
];

/// Abbreviations that can also end a sentence.
const FINAL_ABBREVIATIONS: &[&[u8]] = &[
    b"St", b"Jr", b"Sr", b"Inc", b"Ltd", b"Co", b"Corp", b"Bros", b"Ave", b"Blvd", b"Rd",
    b"etc", b"al", b"Jan", b"Feb", b"Mar", b"Apr", b"Jun", b"Jul", b"Aug", b"Sep", b"Sept",
    b"Oct", b"Nov", b"Dec",
];

/// Capitalized words that usually start a sentence; after an initialism or
/// a sentence-final abbreviation only these start a new one.
const SENTENCE_STARTERS: &[&[u8]] = &[
    b"The", b"A", b"An", b"He", b"She", b"It", b"They", b"We", b"I", b"In", b"On", b"But",
    b"And", b"This", b"That", b"These", b"Those", b"Meanwhile", b"However", b"His", b"Her",
    b"Its", b"Their", b"There", b"Our", b"You", b"If", b"For", b"So", b"Yet", b"Still", b"Then",
    b"After", b"When", b"At",
];

/// Classifies the word ending right before the `.` at `dot`, looking no
/// further back than `line_start`.
fn classify_token(b: &[u8], line_start: usize, dot: usize) -> Token {
    const MAX: usize = 12;
    let limit = dot.saturating_sub(MAX + 1).max(line_start);
    let mut k = dot;
    while k > limit && (b[k - 1].is_ascii_alphabetic() || b[k - 1] == b'.') {
        k -= 1;
    }
    let tok = &b[k..dot];
    if tok.len() > MAX {
        return Token::Word;
    }
    if tok.is_empty() {
        return if k == line_start || b[k - 1].is_ascii_whitespace() { Token::Bare } else { Token::Word };
    }
    if PREFIX_ABBREVIATIONS.contains(&tok) {
        return Token::Prefix;
    }
    if FINAL_ABBREVIATIONS.contains(&tok) {
        return Token::Final;
    }
    if tok.len() == 1 {
        return if tok[0].is_ascii_uppercase() { Token::Final } else { Token::Word };
    }
    // Initialisms: `U.S`, `a.m`, `Ph.D` (segments of one or two letters).
    if tok.contains(&b'.') && tok.split(|&c| c == b'.').all(|s| (1..=2).contains(&s.len())) {
        return Token::Final;
    }
    Token::Word
}

/// Whether `rest` starts with a common sentence starter followed by a
/// non-alphanumeric character (or nothing).
fn starts_with_starter(rest: &str) -> bool {
    let b = rest.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if n == 0 || b.get(n).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    SENTENCE_STARTERS.contains(&&b[..n])
}

/// The rule for `?`, `!` and a period after an ordinary word.
fn plain_break(next: char, in_quote: bool) -> bool {
    if in_quote {
        return next.is_uppercase();
    }
    !(next.is_lowercase() || matches!(next, ',' | ';' | ':' | ')' | ']' | '}'))
}

/// Remembers how far a sentence in progress has been checked for a letter
/// or digit, so that each byte is checked at most once.
struct AlnumSeen {
    upto: usize,
    seen: bool,
}

impl AlnumSeen {
    fn new(at: usize) -> Self {
        AlnumSeen { upto: at, seen: false }
    }
    /// Whether `text[start..end]` has a letter or digit, where `start` is
    /// the position given to [`AlnumSeen::new`] and `end` a char boundary.
    fn check(&mut self, text: &str, end: usize) -> bool {
        if !self.seen && end > self.upto {
            self.seen = text[self.upto..end].chars().any(char::is_alphanumeric);
            self.upto = end;
        }
        self.seen
    }
}

/// Splits the paragraph `text[start..end]` (trimmed, one line) into
/// sentences.
fn split_paragraph(text: &str, start: usize, end: usize, block: u32, out: &mut Vec<Sentence>) {
    let b = text.as_bytes();
    let mut sentence_start = start;
    let mut alnum = AlnumSeen::new(start);
    let mut in_quote = false;
    let mut i = start;
    while i < end {
        match b[i] {
            b'.' | b'!' | b'?' => {}
            b'"' => {
                in_quote = !in_quote;
                i += 1;
                continue;
            }
            // Three-byte characters E2 80 xx: “ ” … and others.
            0xE2 if i + 3 <= end && b[i + 1] == 0x80 => match b[i + 2] {
                0x9C => {
                    in_quote = true;
                    i += 3;
                    continue;
                }
                0x9D => {
                    in_quote = false;
                    i += 3;
                    continue;
                }
                0xA6 => {}
                _ => {
                    i += 3;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        }

        // A run of terminators and closing quotes/brackets starts at `i`.
        let (mut dots, mut strong, mut ellipsis, mut closed) = (0usize, false, false, false);
        let mut j = i;
        while j < end {
            match b[j] {
                b'.' => dots += 1,
                b'!' | b'?' => strong = true,
                b'"' => {
                    in_quote = false;
                    closed = true;
                }
                b'\'' | b')' | b']' | b'}' => closed = true,
                0xE2 if j + 3 <= end && b[j + 1] == 0x80 => {
                    match b[j + 2] {
                        0xA6 => ellipsis = true,
                        0x9D => {
                            in_quote = false;
                            closed = true;
                        }
                        0x99 => closed = true,
                        _ => break,
                    }
                    j += 2;
                }
                // `»` is C2 BB.
                0xC2 if j + 2 <= end && b[j + 1] == 0xBB => {
                    closed = true;
                    j += 1;
                }
                _ => break,
            }
            j += 1;
        }
        if j >= end {
            break;
        }
        // The run must be followed by whitespace.
        if !text[j..end].chars().next().is_some_and(char::is_whitespace) {
            i = j;
            continue;
        }
        let rest = text[j..end].trim_start();
        let next_start = end - rest.len();
        // Look past opening quotes and brackets at what comes next.
        let word = rest.trim_start_matches(['"', '\'', '(', '[', '“', '‘', '«']);
        let Some(next) = word.chars().next() else {
            i = next_start;
            continue;
        };
        let split = if strong {
            plain_break(next, in_quote)
        } else if ellipsis || dots >= 2 {
            next.is_uppercase()
        } else if closed {
            plain_break(next, in_quote)
        } else {
            match classify_token(b, start, i) {
                Token::Word => plain_break(next, in_quote),
                Token::Bare => next.is_uppercase(),
                Token::Prefix => false,
                Token::Final => starts_with_starter(word),
            }
        };
        if split && alnum.check(text, j) {
            out.push(Sentence { span: Span::new(sentence_start, j), block });
            sentence_start = next_start;
            alnum = AlnumSeen::new(next_start);
        }
        i = next_start;
    }
    if sentence_start < end {
        out.push(Sentence { span: Span::new(sentence_start, end), block });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks every invariant promised by [`segment`] for `text`.
    fn assert_invariants(text: &str, seg: &Segments) {
        let mut prev_end = 0usize;
        for block in &seg.blocks {
            let s = block.span.slice(text).expect("block span on char boundaries");
            assert!(!s.is_empty(), "empty block in {text:?}");
            assert_eq!(s, s.trim(), "block not trimmed in {text:?}");
            assert!(!s.contains('\n') && !s.contains('\r'), "block spans lines in {text:?}");
            assert!(block.span.start as usize >= prev_end, "blocks overlap in {text:?}");
            prev_end = block.span.end as usize;
        }
        let mut prev_end = 0usize;
        let mut prev_block = 0u32;
        let mut per_block = vec![0usize; seg.blocks.len()];
        for sent in &seg.sentences {
            let s = sent.span.slice(text).expect("sentence span on char boundaries");
            assert!(!s.is_empty(), "empty sentence in {text:?}");
            assert_eq!(s, s.trim(), "sentence not trimmed in {text:?}");
            assert!(sent.span.start as usize >= prev_end, "sentences overlap in {text:?}");
            assert!(sent.block >= prev_block, "sentence blocks out of order in {text:?}");
            let block = seg.blocks.get(sent.block as usize).expect("sentence block index");
            assert!(
                block.span.start <= sent.span.start && sent.span.end <= block.span.end,
                "sentence outside its block in {text:?}"
            );
            per_block[sent.block as usize] += 1;
            prev_end = sent.span.end as usize;
            prev_block = sent.block;
        }
        assert!(per_block.iter().all(|&n| n > 0), "block without a sentence in {text:?}");
    }

    fn sentences(text: &str) -> Vec<&str> {
        let seg = segment(text);
        assert_invariants(text, &seg);
        seg.sentences.iter().map(|s| &text[s.span.range()]).collect()
    }

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(sentences(input), expected, "input: {input:?}");
    }

    fn kinds(input: &str) -> Vec<BlockKind> {
        let seg = segment(input);
        assert_invariants(input, &seg);
        seg.blocks.iter().map(|b| b.kind).collect()
    }

    #[test]
    fn empty_and_blank_inputs() {
        check("", &[]);
        check("   \n\n\t \r\n ", &[]);
        check("\u{a0}\u{2003}\n", &[]);
        check("...", &["..."]);
        check("?!", &["?!"]);
        check("One line", &["One line"]);
    }

    #[test]
    fn basic_splits() {
        let cases: &[(&str, &[&str])] = &[
            ("The bridge opened. Traffic moved.", &["The bridge opened.", "Traffic moved."]),
            (
                "  Rain fell on Tuesday.   Rivers rose overnight.  ",
                &["Rain fell on Tuesday.", "Rivers rose overnight."],
            ),
            ("Who paid? Nobody knows!", &["Who paid?", "Nobody knows!"]),
            ("Really?! Yes.", &["Really?!", "Yes."]),
            ("It ended in 2021. Then talks resumed.", &["It ended in 2021.", "Then talks resumed."]),
            ("The vote passed. 40 members abstained.", &["The vote passed.", "40 members abstained."]),
            ("The mayor resigned. Éric Valois took over.", &["The mayor resigned.", "Éric Valois took over."]),
            ("No punctuation at the end", &["No punctuation at the end"]),
            ("A dot in the middle.of a word stays.", &["A dot in the middle.of a word stays."]),
            ("\"Why?\" asked the clerk.", &["\"Why?\" asked the clerk."]),
            ("Lower case after a period. and more", &["Lower case after a period. and more"]),
            ("See the list. , then go.", &["See the list. , then go."]),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn abbreviations() {
        let cases: &[(&str, &[&str])] = &[
            ("Mr. Orlov met Dr. Pham at noon.", &["Mr. Orlov met Dr. Pham at noon."]),
            ("Mrs. Adeyemi and Ms. Lund spoke. Prof. Baer did not.", &["Mrs. Adeyemi and Ms. Lund spoke.", "Prof. Baer did not."]),
            ("Gen. Ostrova and Gov. Telles met Sen. Kwan and Rep. Doyle.", &["Gen. Ostrova and Gov. Telles met Sen. Kwan and Rep. Doyle."]),
            ("Acme Inc. said profits rose.", &["Acme Inc. said profits rose."]),
            ("Shares of Brindle Corp. The company declined.", &["Shares of Brindle Corp.", "The company declined."]),
            ("Harlow Ltd. Board members met.", &["Harlow Ltd. Board members met."]),
            ("The talks end on Jan. 5 in Oslo.", &["The talks end on Jan. 5 in Oslo."]),
            ("It was signed in Sept. 2020 and Oct. 2021.", &["It was signed in Sept. 2020 and Oct. 2021."]),
            ("Rovers vs. Athletic ended 2-2.", &["Rovers vs. Athletic ended 2-2."]),
            ("Some fruits, e.g. Apples, were banned.", &["Some fruits, e.g. Apples, were banned."]),
            ("Fuel, i.e. Diesel, ran out.", &["Fuel, i.e. Diesel, ran out."]),
            ("He lives at No. 12 on the square.", &["He lives at No. 12 on the square."]),
            ("Tools, ropes, etc. The crew packed fast.", &["Tools, ropes, etc.", "The crew packed fast."]),
            ("Tools, ropes, etc. were packed.", &["Tools, ropes, etc. were packed."]),
            ("Paul Ames Jr. He was elected.", &["Paul Ames Jr.", "He was elected."]),
            ("They met at St. Olaf church.", &["They met at St. Olaf church."]),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn initialisms_and_times() {
        let cases: &[(&str, &[&str])] = &[
            ("U.S. officials said the plan failed.", &["U.S. officials said the plan failed."]),
            ("The envoy held talks with the U.S. The next day he left.", &["The envoy held talks with the U.S.", "The next day he left."]),
            ("Forces from the U.K. Navy arrived.", &["Forces from the U.K. Navy arrived."]),
            ("A U.N. panel and an E.U. team met in Washington, D.C. on Friday.", &["A U.N. panel and an E.U. team met in Washington, D.C. on Friday."]),
            ("The senator flew to D.C. However, the vote slipped.", &["The senator flew to D.C.", "However, the vote slipped."]),
            ("Voters recalled John F. Kennedy fondly.", &["Voters recalled John F. Kennedy fondly."]),
            ("The ship was named after Mary B. It sank.", &["The ship was named after Mary B.", "It sank."]),
            ("The blast came at 4 a.m. Rescuers arrived later.", &["The blast came at 4 a.m. Rescuers arrived later."]),
            ("The blast came at 4 a.m. The rescuers arrived later.", &["The blast came at 4 a.m.", "The rescuers arrived later."]),
            ("Polls closed at 8 p.m. local time.", &["Polls closed at 8 p.m. local time."]),
            ("The U.S.-led group met.", &["The U.S.-led group met."]),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn numbers() {
        let cases: &[(&str, &[&str])] = &[
            ("Growth was 3.5 percent. Prices fell.", &["Growth was 3.5 percent.", "Prices fell."]),
            ("The bill came to 1,000.25 euros. It was paid.", &["The bill came to 1,000.25 euros.", "It was paid."]),
            ("Version 2.0.1 shipped.", &["Version 2.0.1 shipped."]),
            ("The fine was $12. The firm appealed.", &["The fine was $12.", "The firm appealed."]),
            ("Scores: 0.5, .75 and 3. none were final.", &["Scores: 0.5, .75 and 3. none were final."]),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn ellipses() {
        let cases: &[(&str, &[&str])] = &[
            ("We waited... and waited.", &["We waited... and waited."]),
            ("We waited... Then the doors opened.", &["We waited...", "Then the doors opened."]),
            ("It was late… Nobody came.", &["It was late…", "Nobody came."]),
            ("It was late… but someone came.", &["It was late… but someone came."]),
            ("Wait . . . and see.", &["Wait . . . and see."]),
            ("Wait . . . Then go.", &["Wait . . .", "Then go."]),
            ("The list goes on... 300 more names.", &["The list goes on... 300 more names."]),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn quotes_and_brackets() {
        let cases: &[(&str, &[&str])] = &[
            ("“We will rebuild.” The crowd cheered.", &["“We will rebuild.”", "The crowd cheered."]),
            ("She said: \"It is over.\" Then she left.", &["She said: \"It is over.\"", "Then she left."]),
            ("“Is it safe?” she asked.", &["“Is it safe?” she asked."]),
            ("‘We are ready.’ The coach smiled.", &["‘We are ready.’", "The coach smiled."]),
            ("He said ‘no.’ The talks ended.", &["He said ‘no.’", "The talks ended."]),
            ("(The vote was close.) Results follow.", &["(The vote was close.)", "Results follow."]),
            ("The plan [see above.] Was dropped.", &["The plan [see above.]", "Was dropped."]),
            ("“Is it over?”) Maybe.", &["“Is it over?”)", "Maybe."]),
            ("“It was hard. We lost everything,” said Ana Ruiz.", &["“It was hard.", "We lost everything,” said Ana Ruiz."]),
            ("“It was hard. 5 of us left,” she said.", &["“It was hard. 5 of us left,” she said."]),
            ("The firm said. “Nothing changes,” a spokesman added.", &["The firm said.", "“Nothing changes,” a spokesman added."]),
            ("Prices rose. \"We cannot pay,\" a tenant said.", &["Prices rose.", "\"We cannot pay,\" a tenant said."]),
            ("«C'est fini.» The minister left.", &["«C'est fini.»", "The minister left."]),
            ("The talks were with the U.S.” He paused.", &["The talks were with the U.S.”", "He paused."]),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn lines_and_blocks() {
        check(
            "First line without end\nSecond line. Third part.",
            &["First line without end", "Second line.", "Third part."],
        );
        check("Ends with Mr.\nNext line.", &["Ends with Mr.", "Next line."]);
        check("A sentence\r\ncontinues? No.", &["A sentence", "continues?", "No."]);
        check("One.\n\n\nTwo.", &["One.", "Two."]);
    }

    #[test]
    fn block_kinds() {
        use BlockKind::*;
        let text = "# Storm season\n\nFloods hit the coast\nThe river rose by two metres overnight.\n\n- First item\n* Second item\n• Third item\n1. Numbered item\n2) Another item\n\n| town | level |\n|---|---|\n| Brill | 4.2 |\n\nLead: Officials said more rain is due.\nAfter the storm";
        assert_eq!(
            kinds(text),
            vec![
                Heading, Heading, Paragraph, ListItem, ListItem, ListItem, ListItem, ListItem,
                TableRow, TableRow, Paragraph, Paragraph
            ]
        );
        check(
            text,
            &[
                "Storm season",
                "Floods hit the coast",
                "The river rose by two metres overnight.",
                "First item",
                "Second item",
                "Third item",
                "Numbered item",
                "Another item",
                "| town | level |",
                "| Brill | 4.2 |",
                "Lead: Officials said more rain is due.",
                "After the storm",
            ],
        );
    }

    #[test]
    fn heading_rules() {
        use BlockKind::*;
        assert_eq!(kinds("Short title\nBody text here."), vec![Heading, Paragraph]);
        assert_eq!(kinds("Short title"), vec![Paragraph]);
        assert_eq!(kinds("Short title\n\n  \n"), vec![Paragraph]);
        assert_eq!(kinds("A short statement.\nBody."), vec![Paragraph, Paragraph]);
        assert_eq!(kinds("What happened next?\nBody."), vec![Paragraph, Paragraph]);
        assert_eq!(kinds("He said:\nBody."), vec![Paragraph, Paragraph]);
        assert_eq!(kinds("“A quoted line”\nBody."), vec![Paragraph, Paragraph]);
        assert_eq!(kinds("Update: ferry service resumes\nBody."), vec![Paragraph, Paragraph]);
        assert_eq!(
            kinds("one two three four five six seven eight nine ten eleven twelve\nBody."),
            vec![Heading, Paragraph]
        );
        assert_eq!(
            kinds("one two three four five six seven eight nine ten eleven twelve thirteen\nBody."),
            vec![Paragraph, Paragraph]
        );
        assert_eq!(kinds("***\nBody."), vec![Paragraph, Paragraph]);
        assert_eq!(kinds("## Markdown heading."), vec![Heading]);
        assert_eq!(kinds("#hashtag trend\nBody."), vec![Heading, Paragraph]);
        assert_eq!(kinds("#hashtag trend."), vec![Paragraph]);
        assert_eq!(kinds("####### seven\nBody."), vec![Heading, Paragraph]);
        check("## Markdown heading. Not split.", &["Markdown heading. Not split."]);
        check("#", &["#"]);
        check("Title with Mr. Vance. And more\nBody.", &["Title with Mr. Vance. And more", "Body."]);
    }

    #[test]
    fn list_items_and_tables() {
        use BlockKind::*;
        check("- One. Two. Three.", &["One. Two. Three."]);
        check("12. The twelfth point. Still one.", &["The twelfth point. Still one."]);
        assert_eq!(kinds("1234. Not a list. Split."), vec![Paragraph]);
        check("1234. Not a list. Split.", &["1234.", "Not a list.", "Split."]);
        assert_eq!(kinds("-no space"), vec![Paragraph]);
        assert_eq!(kinds("- \t spaced"), vec![ListItem]);
        check("- \t spaced", &["spaced"]);
        check("| a. B. | c? D! |", &["| a. B. | c? D! |"]);
        check("|---|---|\n| :--: | --- |\n|-|+|", &[]);
        assert_eq!(kinds("|---|\n||\n|"), vec![TableRow, Paragraph]);
        check("Before.\n| x | y |\n|---|---|\n| 1 | 2 |\nAfter.", &["Before.", "| x | y |", "| 1 | 2 |", "After."]);
    }

    #[test]
    fn sentence_block_indices() {
        let text = "Head line\nOne. Two.\n|--|\n- item\nThree? Four.";
        let seg = segment(text);
        assert_invariants(text, &seg);
        let blocks: Vec<u32> = seg.sentences.iter().map(|s| s.block).collect();
        assert_eq!(blocks, vec![0, 1, 1, 2, 3, 3]);
        assert_eq!(&text[seg.blocks[1].span.range()], "One. Two.");
    }

    #[test]
    fn punctuation_only_pieces_merge() {
        check("“” Next part.", &["“” Next part."]);
        check("Hello. ... Then it ended.", &["Hello.", "... Then it ended."]);
        check("? ? ? Why?", &["? ? ? Why?"]);
        check("!!! Alarm.", &["!!! Alarm."]);
    }

    #[test]
    fn odd_characters() {
        check("Tab\tinside. Next\u{a0}one.", &["Tab\tinside.", "Next\u{a0}one."]);
        check("End.\u{a0}Next one.", &["End.", "Next one."]);
        check("Zero\u{0}byte. Ok.", &["Zero\u{0}byte.", "Ok."]);
        check("数字。 Text here.", &["数字。 Text here."]);
        check("Done.\u{2028}Next.", &["Done.", "Next."]);
        check("Trailing quote \u{201c}", &["Trailing quote \u{201c}"]);
        check("Ends with dot then open. “", &["Ends with dot then open. “"]);
        check("\u{e2}\u{80} x", &["\u{e2}\u{80} x"]);
    }

    const NEWS_PIECES: &[&str] = &[
        "The", "officials", "said", " ", " ", ". ", ".", "U.S.", "U.S. ", "Mr. ", "“", "”", "\"",
        "'", "’", "\n", "\n\n", "- ", "* ", "1. ", "| a | b |", "|---|", "3.5", "1,000.25", "12",
        "...", "…", "?", "! ", "(", ")", "#", "## ", "\t", "\r\n", "\u{a0}", "é", "数", ":", "Jan. ",
        "e.g. ", "a.m. ", "F. ", "etc. ", "He ", "they ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn invariants_on_arbitrary_strings(text in any::<String>()) {
            assert_invariants(&text, &segment(&text));
        }

        #[test]
        fn invariants_on_news_like_strings(
            parts in proptest::collection::vec(proptest::sample::select(NEWS_PIECES), 0..80)
        ) {
            let text = parts.concat();
            assert_invariants(&text, &segment(&text));
        }

        #[test]
        fn invariants_on_mixed_chars(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    'a', 'Z', ' ', '.', '!', '?', '\n', '\r', '|', '-', '*', '#', '1', '"', '\'',
                    ')', '“', '”', '’', '‘', '…', '«', '»', '•', '\u{a0}', '\u{2028}', '\u{0}', 'é',
                ]),
                0..120,
            )
        ) {
            let text: String = chars.into_iter().collect();
            assert_invariants(&text, &segment(&text));
        }
    }
}
