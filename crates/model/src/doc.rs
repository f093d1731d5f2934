//! Documents, spans, segments and diagnostics.

use serde::{Deserialize, Serialize};

/// Identifier of a stored document (`d` + 16 hex digits of a content hash).
pub type DocId = String;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start: start as u32, end: end as u32 }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The slice of `text` this span covers, or `None` when it is out of
    /// bounds or not on character boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.range())
    }
}

/// The body of an input record: plain text or an HTML page.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Text(String),
    Html(String),
}

impl Body {
    /// Size of the body in bytes.
    pub fn len(&self) -> usize {
        match self {
            Body::Text(s) | Body::Html(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One article as read from a file, stdin or a JSONL line, before extraction.
#[derive(Debug, Clone)]
pub struct RawInput {
    /// Where it came from, for messages: `path` or `path:line`.
    pub origin: String,
    /// The record's own id, if it had one.
    pub ext_id: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub body: Body,
    /// Unknown JSONL fields, kept as they were.
    pub meta: serde_json::Map<String, serde_json::Value>,
}

/// Output of extraction and cleaning: the article text and what metadata
/// could be recovered from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Clean article text: blocks separated by a blank line; headings,
    /// `- ` list items and `| a | b |` table rows each on their own line.
    pub text: String,
    pub title: Option<String>,
    /// Publication date as the page gives it (RFC 3339, a date, or a date
    /// read from the URL or the visible byline as `YYYY-MM-DD`).
    pub published: Option<String>,
    /// Last modification date, as the page gives it.
    pub modified: Option<String>,
    /// All authors joined with `, ` (as the page lists them).
    pub author: Option<String>,
    /// The authors one by one.
    pub authors: Vec<String>,
    /// Canonical URL of the page.
    pub url: Option<String>,
    /// Primary language subtag (`en`, `de`, …) declared by the page.
    pub language: Option<String>,
    /// Texts of the headings kept in `text` (each is also a line of it).
    pub headings: Vec<String>,
    /// Boilerplate lines that were removed (for `--explain` and tests).
    pub removed: Vec<String>,
}

/// The structural kind of a block of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    TableRow,
}

/// A paragraph, heading, list item or table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
}

/// A sentence (or a table row / heading treated as one record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Segments::blocks`].
    pub block: u32,
}

/// Blocks and sentences of a document, in text order, non-overlapping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segments {
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
}

/// A stored document: immutable text plus metadata and segmentation.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: DocId,
    pub ext_id: Option<String>,
    pub source: Option<String>,
    /// RFC 3339 when known.
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub text: String,
    pub meta: serde_json::Map<String, serde_json::Value>,
    pub segments: Segments,
}

impl Document {
    /// A document of `text` alone: no metadata, no segmentation (tests, tools).
    pub fn plain(id: &str, text: &str) -> Self {
        Document {
            id: id.into(),
            ext_id: None,
            source: None,
            published: None,
            title: None,
            url: None,
            author: None,
            text: text.into(),
            meta: Default::default(),
            segments: Segments::default(),
        }
    }

    /// Text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        self.segments.sentences.get(i).and_then(|s| s.span.slice(&self.text)).unwrap_or("")
    }
    /// A short human label: source, else the external id, else the id.
    pub fn label(&self) -> &str {
        self.source.as_deref().or(self.ext_id.as_deref()).unwrap_or(&self.id)
    }
}

/// A problem with one input that did not stop the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `path` or `path:line`.
    pub origin: String,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// How two documents relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Same text.
    Exact,
    /// Nearly the same text (small edits, different boilerplate).
    Near,
    /// A paraphrase of the other report: same facts and quotes, reworded.
    Rewrite,
}

impl RelationKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            RelationKind::Exact => "exact",
            RelationKind::Near => "near",
            RelationKind::Rewrite => "rewrite",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "exact" => Some(Self::Exact),
            "near" => Some(Self::Near),
            "rewrite" => Some(Self::Rewrite),
            _ => None,
        }
    }
}

/// A pair of aligned sentences, evidence of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AlignedPair {
    /// Sentence index in document `a`.
    pub a: u32,
    /// Sentence index in document `b`.
    pub b: u32,
    pub score: f32,
}

/// A typed relation between two documents. `a` is the earlier (original)
/// document where that can be told, else the one stored first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub a: DocId,
    pub b: DocId,
    pub kind: RelationKind,
    pub score: f32,
    pub evidence: Vec<AlignedPair>,
}
