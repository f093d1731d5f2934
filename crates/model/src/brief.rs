//! The brief: the stable JSON contract (see `docs/json-brief.md`).

use serde::{Deserialize, Serialize};

use crate::{DocId, RelationKind};

/// A span of stored document text that backs a brief sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub doc: DocId,
    pub start: u32,
    pub end: u32,
    /// `verbatim`: the span contains the item text itself.
    /// `support`: another independent source saying the same thing.
    pub kind: CitationKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    Verbatim,
    Support,
}

/// One sentence (or record) of a brief with its citations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub text: String,
    pub citations: Vec<Citation>,
    /// Number of independent sources that back the item.
    pub sources: u32,
    /// Set when only one independent source makes the claim in a story
    /// that has several.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub single_source: bool,
    /// Who said it, for quotes: a resolved name, with the role an outlet
    /// gives ("Dmitry Peskov, Kremlin spokesman").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// A table (Comparison & Data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    pub cells: Vec<String>,
    pub citations: Vec<Citation>,
}

/// Two independent sources that state different values for the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// `number`, `date` or `quote`.
    pub kind: String,
    pub description: String,
    pub sides: Vec<Item>,
}

/// A named section of the brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub name: String,
    pub items: Vec<Item>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<Table>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// A document as listed in a brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefDocument {
    pub id: DocId,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext_id: Option<String>,
}

/// A relation as listed in a brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefRelation {
    pub a: DocId,
    pub b: DocId,
    pub kind: RelationKind,
    pub score: f32,
    /// Aligned sentence pairs as citations `[a-span, b-span]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<[Citation; 2]>,
}

/// A group of documents within a story that report one phase of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubEvent {
    /// `preview`, `outcome` or `report`.
    pub label: String,
    pub documents: Vec<DocId>,
}

/// The brief of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub id: String,
    pub title: String,
    pub documents: Vec<BriefDocument>,
    pub relations: Vec<BriefRelation>,
    /// Groups of document ids; each group is one independent source.
    pub independent_sources: Vec<Vec<DocId>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subevents: Vec<SubEvent>,
    /// Earliest and latest publication time known, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_span: Option<[String; 2]>,
    pub sections: Vec<Section>,
    /// Statements grouped across outlets, most widely carried first.
    #[serde(default)]
    pub quotes: Vec<QuoteGroup>,
    /// Figures stated by the documents (with units and what they count).
    #[serde(default)]
    pub quantities: Vec<QuantityFact>,
    /// Dated events in time order.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// People, organisations, places and other named things of the story,
    /// one per real-world entity across its documents, most widely
    /// reported first.
    #[serde(default)]
    pub entities: Vec<EntityInfo>,
}

/// A named entity of a story: its mentions across documents under one
/// canonical name, with the roles outlets give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityInfo {
    /// Stable across stories and spellings: kind and the transliteration
    /// key of the canonical name (`per:volodimir-zelenski`, `loc:us`).
    pub id: String,
    /// The canonical name: the fullest spelling most sources use.
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Other spellings found, as written (titles and possessives removed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Roles and titles given to it ("Kremlin spokesman"), each with the
    /// spans that give it; different roles from different sources are all
    /// kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<EntityRole>,
    pub mentions: Vec<EntityMention>,
    /// Independent sources that mention it.
    pub sources: u32,
    /// Why spellings were taken for this entity: one note per alias merged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<MergeNote>,
    /// A one-word name every mention of which stands between an article and a lowercase
    /// word, as a modifier ("the Obama administration", "a Texas official"): a place or
    /// organisation so used may be a person's surname the tagger read as a place, and
    /// store-wide can join that person.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub modifier: bool,
}

/// A role or title of an entity, as written, with its citations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRole {
    pub text: String,
    pub citations: Vec<Citation>,
    /// Independent sources that give this role.
    pub sources: u32,
}

/// Where an entity is mentioned (byte offsets into the document text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    pub doc: DocId,
    pub start: u32,
    pub end: u32,
}

/// One merge decision: `alias` was read as `name` because of `reason`
/// (`same name`, `alias table`, `transliteration variant`, `one letter
/// apart`, `acronym`, `surname of the only person so named`, `role held by
/// this person`, `part of the full name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeNote {
    pub alias: String,
    pub reason: String,
}

/// One statement, as quoted by one or more outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroup {
    /// Resolved speaker name; `None` when no source names one for sure.
    pub speaker: Option<String>,
    /// The speaker's title or role as an outlet gives it at this quote
    /// ("Kremlin spokesman"); the entity work will attach roles properly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// How the speaker was found in the first variant: `named`, `title`,
    /// `pronoun` or `unresolved`.
    pub resolution: String,
    /// The speaker mention as written, with its span (first variant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_mention: Option<Citation>,
    /// The wordings, one per document, each cited.
    pub variants: Vec<QuoteVariant>,
    /// Independent sources that carry the statement.
    pub sources: u32,
    /// The variants' wordings differ (after case and punctuation).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub worded_differently: bool,
    /// A wording in quotation marks differs from another outlet's wording
    /// in quotation marks: at least one of them is a paraphrase presented
    /// as a direct quote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paraphrase_as_quote: bool,
}

/// One outlet's wording of a statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub text: String,
    /// In quotation marks (else reported speech).
    pub direct: bool,
    /// The content span (one per part of a split quote).
    pub citations: Vec<Citation>,
    /// The cue ("said", "told reporters") as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

/// A figure stated by a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantityFact {
    /// The phrase as written ("more than 220", "about 200 square kilometres").
    pub text: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// `exact`, `approximate`, `at_least`, `at_most` or `range`.
    pub qualifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Value and unit converted to the canonical unit of the dimension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<(f64, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<String>,
    pub citation: Citation,
}

/// A dated event of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// TIMEX3 value (`2025-11-14`, `2025-11`, `2025-11-14T09:00`).
    pub time: String,
    /// The time expression as written.
    pub expression: String,
    /// The sentence that dates the event.
    pub text: String,
    pub citations: Vec<Citation>,
    /// What relative expressions were resolved against: `published` (the
    /// document's date), `text` (a date in an undated document's opening),
    /// `story` (the story's latest dated document) or `none`.
    pub reference: String,
}

/// The top-level JSON document: `{"version": 1, "stories": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefSet {
    pub version: u32,
    pub stories: Vec<Brief>,
}

/// Summary of a story, as listed by `chorus stories`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub documents: u32,
    pub independent_sources: u32,
    pub first: Option<String>,
    pub last: Option<String>,
}
