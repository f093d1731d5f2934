//! Assembles a [`Brief`] from the documents of one story.

use chorus_corpus::features::sentence_terms;
use chorus_corpus::SentenceTerms;
use chorus_model::{
    BlockKind, Brief, BriefDocument, BriefRelation, Citation, CitationKind, Conflict, Document, Item, Relation,
    Section, SubEvent, Table, TableRow,
};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::claims::{group_claims, Claim, Unit};
use crate::cues::{classify, phase, Cue, Phase};
use crate::numbers;
use crate::sources::independent_groups;
use crate::verify::verify_item;

/// The documents of one story and the relations among them.
pub struct StoryInput<'a> {
    pub id: String,
    /// In ingest order.
    pub docs: &'a [Document],
    pub relations: &'a [Relation],
    /// Content terms of each document's sentences, when the caller has
    /// them already (as `chorus_corpus::features::sentence_terms` computes
    /// them); computed here otherwise.
    pub terms: Option<&'a [SentenceTerms]>,
    /// The entity tagger; without one the brief has no entities.
    pub ner: Option<&'a crate::entities::EntityTagger>,
}

/// Section names, in the order they appear.
pub const SECTIONS: [&str; 10] = [
    "Lead",
    "Key Takeaways",
    "Background",
    "Main Event",
    "Analysis & Implications",
    "Reactions & Quotes",
    "Comparison & Data",
    "Unconfirmed",
    "Bottom Line",
    "What to watch",
];

struct Ctx<'a> {
    docs: &'a [Document],
    units: Vec<Unit>,
    claims: Vec<Claim>,
    group_of: Vec<usize>,
    n_sources: usize,
    cues: Vec<Cue>,
    scores: Vec<f32>,
    used: FxHashSet<usize>,
    emitted: Vec<Vec<u64>>,
}

impl Ctx<'_> {
    fn unit_text(&self, u: usize) -> &str {
        let unit = &self.units[u];
        self.docs[unit.doc].sentence_text(unit.sent)
    }

    fn unit_citation(&self, u: usize, kind: CitationKind) -> Citation {
        let unit = &self.units[u];
        let d = &self.docs[unit.doc];
        let span = d.segments.sentences[unit.sent].span;
        Citation { doc: d.id.clone(), start: span.start, end: span.end, kind }
    }

    /// One sentence as a verified single-source item (a side of a
    /// conflict).
    fn sentence_item(&self, u: usize) -> Option<Item> {
        let text = self.unit_text(u).to_string();
        let citations = vec![self.unit_citation(u, CitationKind::Verbatim)];
        verify_item(&text, &citations, self.docs).map(|citations| Item { text, citations, sources: 1, single_source: false, speaker: None })
    }

    /// Byte span of unit `u`; a sentence that opens a quotation it does
    /// not close is extended over the following sentences of its block
    /// (at most three) until the quotation closes.
    fn quote_span(&self, u: usize) -> (usize, usize) {
        let unit = &self.units[u];
        let d = &self.docs[unit.doc];
        let sents = &d.segments.sentences;
        let first = sents[unit.sent];
        let (start, mut end) = (first.span.start as usize, first.span.end as usize);
        let balance = |t: &str| t.matches('“').count() as i32 - t.matches('”').count() as i32;
        let mut open = balance(&d.text[start..end]);
        let mut k = unit.sent + 1;
        while open > 0 && k < sents.len() && k <= unit.sent + 3 && sents[k].block == first.block {
            open += balance(d.sentence_text(k));
            end = sents[k].span.end as usize;
            k += 1;
        }
        if open > 0 {
            end = first.span.end as usize;
        }
        (start, end)
    }

    /// The cited item for a claim, verified, or `None`.
    fn item(&self, c: usize) -> Option<Item> {
        let claim = &self.claims[c];
        let rep = claim.rep();
        let rep_group = self.group_of[self.units[rep].doc];
        let mut verbatim = self.unit_citation(rep, CitationKind::Verbatim);
        if self.cues[c] == Cue::Quote {
            let (start, end) = self.quote_span(rep);
            verbatim.start = start as u32;
            verbatim.end = end as u32;
        }
        let d = &self.docs[self.units[rep].doc];
        let text = d.text.get(verbatim.start as usize..verbatim.end as usize)?.to_string();
        let mut citations = vec![verbatim];
        let mut best_per_group: FxHashMap<usize, (usize, f32)> = FxHashMap::default();
        let outlet = |m: usize| self.docs[self.units[m].doc].source.as_deref().map(|s| s.trim().to_lowercase());
        let rep_outlet = outlet(rep);
        for &(m, s) in &claim.members[1..] {
            let g = self.group_of[self.units[m].doc];
            // one outlet is one witness, whatever its articles' relations
            if g == rep_group || (rep_outlet.is_some() && outlet(m) == rep_outlet) {
                continue;
            }
            let e = best_per_group.entry(g).or_insert((m, s));
            if s > e.1 {
                *e = (m, s);
            }
        }
        let mut support: Vec<(usize, (usize, f32))> = best_per_group.into_iter().collect();
        support.sort_by_key(|(g, _)| *g);
        citations.extend(support.iter().map(|(_, (m, _))| self.unit_citation(*m, CitationKind::Support)));
        let citations = verify_item(&text, &citations, self.docs)?;
        let sources = 1 + citations.iter().filter(|c| c.kind == CitationKind::Support).count() as u32;
        Some(Item { text, citations, sources, single_source: sources == 1 && self.n_sources > 1, speaker: None })
    }

    /// Takes claim `c` into a section if it is new and verifiable.
    fn take(&mut self, c: usize) -> Option<Item> {
        if self.used.contains(&c) {
            return None;
        }
        let terms = &self.units[self.claims[c].rep()].terms;
        if self.emitted.iter().any(|e| chorus_corpus::align::similarity(e, terms).0 >= 0.7) {
            self.used.insert(c);
            return None;
        }
        let item = self.item(c)?;
        self.used.insert(c);
        self.emitted.push(terms.clone());
        Some(item)
    }

    /// Claims with cue `cue`, best first.
    fn ranked(&self, pred: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.claims.len()).filter(|c| pred(*c)).collect();
        v.sort_by(|a, b| self.scores[*b].total_cmp(&self.scores[*a]).then(a.cmp(b)));
        v
    }

    fn fill(&mut self, candidates: Vec<usize>, max: usize) -> Vec<Item> {
        let mut out = Vec::new();
        for c in candidates {
            if out.len() >= max {
                break;
            }
            if let Some(it) = self.take(c) {
                out.push(it);
            }
        }
        out
    }
}

/// Builds the brief of one story. Pure and deterministic.
pub fn build_brief(input: &StoryInput<'_>) -> Brief {
    let docs = input.docs;
    let group_of = independent_groups(docs, input.relations);
    let n_sources = group_of.iter().max().map_or(0, |m| m + 1);
    let secondary: FxHashSet<&str> = input.relations.iter().map(|r| r.b.as_str()).collect();
    let mut doc_order: Vec<usize> = (0..docs.len()).collect();
    doc_order.sort_by_key(|&i| (secondary.contains(docs[i].id.as_str()), docs[i].published.is_none(), i));

    // units and claims
    let mut units = Vec::new();
    for &di in &doc_order {
        let d = &docs[di];
        let computed;
        let st = match input.terms.and_then(|t| t.get(di)).filter(|t| t.sentences.len() == d.segments.sentences.len()) {
            Some(t) => t,
            None => {
                computed = sentence_terms(d);
                &computed
            }
        };
        let title = d.title.as_deref().map(str::trim).unwrap_or("");
        let mut pos = 0;
        for (si, terms) in st.sentences.iter().enumerate() {
            let kind = d.segments.blocks.get(d.segments.sentences[si].block as usize).map_or(BlockKind::Paragraph, |b| b.kind);
            let text = d.sentence_text(si);
            // a sentence that continues a quotation opened in the previous
            // one is shown as part of that quotation, not on its own
            let continues_quote = matches!(
                (text.find('”'), text.find('“')),
                (Some(close), open) if open.is_none_or(|o| o > close)
            );
            if matches!(kind, BlockKind::Heading | BlockKind::TableRow)
                || terms.len() < 4
                || text == title
                || text.len() > 1200
                || continues_quote
                || !stands_alone(text)
            {
                continue;
            }
            units.push(Unit { doc: di, sent: si, pos, terms: terms.clone(), kind });
            pos += 1;
        }
    }
    let order: Vec<usize> = (0..units.len()).collect();
    let claims = group_claims(&units, &order, &group_of);

    // salience: share of independent sources using each term
    let mut pairs: Vec<(u64, usize)> =
        units.iter().flat_map(|u| u.terms.iter().map(|t| (*t, group_of[u.doc]))).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut term_groups: FxHashMap<u64, u32> = FxHashMap::default();
    term_groups.reserve(pairs.len());
    for (t, _) in pairs {
        *term_groups.entry(t).or_default() += 1;
    }
    let denom = n_sources.max(1) as f32;
    let mut cues = Vec::with_capacity(claims.len());
    let mut scores = Vec::with_capacity(claims.len());
    for c in &claims {
        let u = &units[c.rep()];
        let text = docs[u.doc].sentence_text(u.sent);
        let has_quote = !numbers::quotes(text).is_empty();
        cues.push(classify(text, has_quote));
        let sal = u.terms.iter().map(|t| term_groups[t] as f32 / denom).sum::<f32>() / u.terms.len() as f32;
        scores.push(c.sources.len() as f32 + 2.0 * sal + 0.8 / (1.0 + u.pos as f32));
    }
    let mut cx = Ctx { docs, units, claims, group_of, n_sources, cues, scores, used: Default::default(), emitted: vec![] };

    let mut facts = crate::facts::extract(docs);
    let entities = match input.ner {
        Some(ner) => crate::entities::story_entities(docs, ner, &cx.group_of),
        None => Vec::new(),
    };
    crate::entities::canonical_speakers(&mut facts, &entities);
    let quote_groups = crate::facts::quote_groups(docs, &facts, &cx.group_of);
    let mut sections: Vec<Section> = Vec::new();
    fn push_to(sections: &mut Vec<Section>, name: &str, items: Vec<Item>, tables: Vec<Table>, conflicts: Vec<Conflict>) {
        if !items.is_empty() || !tables.is_empty() || !conflicts.is_empty() {
            sections.push(Section { name: name.to_string(), items, tables, conflicts });
        }
    }
    macro_rules! push {
        ($name:expr, $items:expr, $tables:expr, $conflicts:expr) => {
            push_to(&mut sections, $name, $items, $tables, $conflicts)
        };
    }

    // Lead: the best-supported opening statement, preferring reports of
    // the outcome over previews, plus its follow-up sentence.
    let phases: Vec<Phase> = docs.iter().map(|d| phase(&d.text)).collect();
    let mut leads: Vec<(usize, f32)> = (0..cx.claims.len())
        .filter(|&c| {
            cx.units[cx.claims[c].rep()].pos <= 1 && matches!(cx.cues[c], Cue::Event | Cue::Future | Cue::Background)
        })
        .map(|c| {
            let outcome = phases[cx.units[cx.claims[c].rep()].doc] == Phase::Outcome;
            (c, cx.scores[c] + if outcome { 1.5 } else { 0.0 } + 0.5 * cx.claims[c].sources.len() as f32)
        })
        .collect();
    leads.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let leads: Vec<usize> = leads.into_iter().map(|(c, _)| c).collect();
    let mut lead = cx.fill(leads.clone(), 1);
    if let Some(first) = leads.first() {
        let u = &cx.units[cx.claims[*first].rep()];
        let (doc, pos) = (u.doc, u.pos);
        let next = (0..cx.claims.len()).find(|&c| {
            let r = &cx.units[cx.claims[c].rep()];
            r.doc == doc && r.pos == pos + 1 && r.terms.len() >= 6 && cx.cues[c] == Cue::Event
        });
        lead.extend(next.and_then(|c| cx.take(c)));
    }
    push!(SECTIONS[0], lead, vec![], vec![]);

    let multi = cx.ranked(|c| cx.claims[c].sources.len() >= 2 && matches!(cx.cues[c], Cue::Event | Cue::Future | Cue::Background | Cue::Analysis));
    let mut takeaways = cx.fill(multi, 6);
    if takeaways.len() < 3 {
        let more = cx.ranked(|c| cx.cues[c] == Cue::Event);
        let need = 3 - takeaways.len();
        takeaways.extend(cx.fill(more, need));
    }
    push!(SECTIONS[1], takeaways, vec![], vec![]);

    let bg = cx.fill(cx.ranked(|c| cx.cues[c] == Cue::Background), 4);
    push!(SECTIONS[2], bg, vec![], vec![]);

    let mut main = cx.ranked(|c| cx.cues[c] == Cue::Event);
    main.truncate(12);
    main.sort_by_key(|&c| {
        let u = &cx.units[cx.claims[c].rep()];
        (docs[u.doc].published.clone(), u.doc, u.sent)
    });
    let main = cx.fill(main, 8);
    push!(SECTIONS[3], main, vec![], vec![]);

    let analysis_all = cx.ranked(|c| cx.cues[c] == Cue::Analysis);
    let bottom_candidate = analysis_all.iter().copied().find(|c| !cx.used.contains(c));
    let analysis: Vec<usize> = analysis_all.into_iter().filter(|c| Some(*c) != bottom_candidate).collect();
    let analysis = cx.fill(analysis, 3);
    push!(SECTIONS[4], analysis, vec![], vec![]);

    // Reactions & Quotes: statements with a named speaker first (grouped
    // across outlets), then other quoted sentences.
    let cited: Vec<(String, u32, u32)> = sections
        .iter()
        .flat_map(|s| &s.items)
        .flat_map(|i| &i.citations)
        .map(|c| (c.doc.clone(), c.start, c.end))
        .collect();
    let overlaps = |c: &Citation, spans: &[(String, u32, u32)]| spans.iter().any(|(d, s, e)| *d == c.doc && c.start < *e && *s < c.end);
    let mut quotes: Vec<Item> = Vec::new();
    let mut quote_spans: Vec<(String, u32, u32)> = Vec::new();
    for it in crate::facts::quote_items(docs, &quote_groups, 12) {
        if quotes.len() >= 6 || it.citations.iter().any(|c| overlaps(c, &cited) || overlaps(c, &quote_spans)) {
            continue;
        }
        quote_spans.extend(it.citations.iter().map(|c| (c.doc.clone(), c.start, c.end)));
        quotes.push(it);
    }
    // claims inside the chosen quotes are used up
    for c in 0..cx.claims.len() {
        let u = &cx.units[cx.claims[c].rep()];
        if overlaps(&cx.unit_citation(cx.claims[c].rep(), CitationKind::Verbatim), &quote_spans) || {
            let d = &docs[u.doc];
            let sp = d.segments.sentences[u.sent].span;
            quote_spans.iter().any(|(id, s, e)| *id == d.id && sp.start < *e && *s < sp.end)
        } {
            cx.used.insert(c);
        }
    }
    if quotes.len() < 6 {
        let need = 6 - quotes.len();
        quotes.extend(cx.fill(cx.ranked(|c| cx.cues[c] == Cue::Quote), need));
    }
    push!(SECTIONS[5], quotes, vec![], vec![]);

    let (old_table, mut conflicts) = data_and_conflicts(&cx, &facts);
    let table = crate::facts::figure_table(docs, &facts, &cx.group_of).or(old_table);
    conflicts.extend(crate::facts::unit_conflicts(docs, &facts));
    push!(SECTIONS[6], vec![], table.into_iter().collect(), conflicts);

    let mut unconfirmed = cx.fill(cx.ranked(|c| cx.cues[c] == Cue::Hedged), 4);
    if cx.n_sources >= 3 && unconfirmed.len() < 4 {
        let single = cx.ranked(|c| {
            cx.claims[c].sources.len() == 1
                && cx.cues[c] == Cue::Event
                && !numbers::values(cx.unit_text(cx.claims[c].rep())).is_empty()
        });
        let need = 4 - unconfirmed.len();
        unconfirmed.extend(cx.fill(single, need.min(2)));
    }
    push!(SECTIONS[7], unconfirmed, vec![], vec![]);

    let bottom = bottom_candidate.and_then(|c| cx.take(c)).into_iter().collect();
    push!(SECTIONS[8], bottom, vec![], vec![]);

    let watch = cx.fill(cx.ranked(|c| cx.cues[c] == Cue::Future), 3);
    push!(SECTIONS[9], watch, vec![], vec![]);

    Brief {
        id: input.id.clone(),
        title: story_title(docs, &doc_order, &cx),
        documents: docs
            .iter()
            .map(|d| BriefDocument {
                id: d.id.clone(),
                source: d.source.clone(),
                title: d.title.clone(),
                published: d.published.clone(),
                url: d.url.clone(),
                ext_id: d.ext_id.clone(),
            })
            .collect(),
        relations: brief_relations(docs, input.relations),
        independent_sources: {
            let mut g: Vec<Vec<String>> = vec![Vec::new(); n_sources];
            for (i, d) in docs.iter().enumerate() {
                g[cx.group_of[i]].push(d.id.clone());
            }
            g
        },
        subevents: subevents(docs, &phases),
        time_span: time_span(docs),
        sections,
        quantities: crate::facts::quantity_facts(docs, &facts, &cx.group_of),
        timeline: crate::facts::timeline(docs, &facts),
        quotes: quote_groups,
        entities,
    }
}

/// Whether a sentence can be shown on its own: it does not open with "And",
/// "But", "Or", "Nor" or "Yet", or with a lowercase word (the rest of a
/// sentence cut in two), does not end with a colon (it introduces what
/// follows: "Microsoft's Mike Reavey grabs the mic:"), and it has a lowercase
/// word other than a function word ("Jim Banks of Indiana and Jim Jordan of
/// Ohio." is the end of a list, not a statement; "September 17, 2013 03:16 PM
/// ET" is a dateline).
pub(crate) fn stands_alone(text: &str) -> bool {
    if text.trim_end().ends_with(':') {
        return false;
    }
    let body = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let first = body.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    if first.starts_with(char::is_lowercase) || ["And", "But", "Or", "Nor", "Yet"].contains(&first) {
        return false;
    }
    let mut content = false;
    chorus_text::words::for_each_token(body, |t| {
        content |= t.text.len() >= 3 && t.text.starts_with(|c: char| c.is_lowercase()) && !chorus_text::words::is_stopword(t.text);
    });
    content
}

fn story_title(docs: &[Document], doc_order: &[usize], cx: &Ctx<'_>) -> String {
    if let Some(t) = doc_order.iter().filter_map(|&i| docs[i].title.as_deref()).map(str::trim).find(|t| !t.is_empty()) {
        return t.to_string();
    }
    let best = (0..cx.claims.len()).max_by(|a, b| cx.scores[*a].total_cmp(&cx.scores[*b]));
    let text = best.map(|c| cx.unit_text(cx.claims[c].rep())).unwrap_or("Untitled story");
    truncate_words(text, 12)
}

fn truncate_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        text.to_string()
    } else {
        format!("{}…", words[..n].join(" "))
    }
}

/// The relations shown with a brief: each later report's three strongest (a wire story copied
/// by a thousand sites has hundreds of thousands of pairs; the independent sources are counted
/// from all of them), each with at most five aligned sentence pairs as evidence.
fn brief_relations(docs: &[Document], relations: &[Relation]) -> Vec<BriefRelation> {
    const PER_REPORT: usize = 3;
    const EVIDENCE: usize = 5;
    let by_id: FxHashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut order: Vec<usize> = (0..relations.len()).collect();
    order.sort_by(|&x, &y| relations[y].score.total_cmp(&relations[x].score).then(x.cmp(&y)));
    let mut shown: FxHashMap<&str, usize> = FxHashMap::default();
    let mut keep = vec![false; relations.len()];
    for i in order {
        let n = shown.entry(relations[i].b.as_str()).or_default();
        if *n < PER_REPORT {
            *n += 1;
            keep[i] = true;
        }
    }
    relations
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .filter_map(|(r, _)| {
            let (a, b) = (by_id.get(r.a.as_str())?, by_id.get(r.b.as_str())?);
            let cite = |d: &Document, i: u32| {
                d.segments.sentences.get(i as usize).map(|s| Citation {
                    doc: d.id.clone(),
                    start: s.span.start,
                    end: s.span.end,
                    kind: CitationKind::Verbatim,
                })
            };
            let evidence =
                r.evidence.iter().take(EVIDENCE).filter_map(|p| Some([cite(a, p.a)?, cite(b, p.b)?])).collect();
            Some(BriefRelation { a: r.a.clone(), b: r.b.clone(), kind: r.kind, score: r.score, evidence })
        })
        .collect()
}

fn subevents(docs: &[Document], phases: &[Phase]) -> Vec<SubEvent> {
    if !(phases.contains(&Phase::Preview) && phases.contains(&Phase::Outcome)) {
        return Vec::new();
    }
    [(Phase::Preview, "preview"), (Phase::Outcome, "outcome"), (Phase::Report, "report")]
        .into_iter()
        .filter_map(|(p, label)| {
            let ids: Vec<String> =
                docs.iter().zip(phases).filter(|(_, q)| **q == p).map(|(d, _)| d.id.clone()).collect();
            (!ids.is_empty()).then(|| SubEvent { label: label.to_string(), documents: ids })
        })
        .collect()
}

fn time_span(docs: &[Document]) -> Option<[String; 2]> {
    let mut ts: Vec<&str> = docs.iter().filter_map(|d| d.published.as_deref()).collect();
    ts.sort_unstable();
    Some([ts.first()?.to_string(), ts.last()?.to_string()])
}

/// The Comparison & Data table and the disagreements between sources.
fn data_and_conflicts(cx: &Ctx<'_>, facts: &[crate::facts::DocFacts]) -> (Option<Table>, Vec<Conflict>) {
    let mut rows = Vec::new();
    let mut conflicts = Vec::new();
    let mut ranked: Vec<usize> = (0..cx.claims.len()).collect();
    ranked.sort_by(|a, b| cx.scores[*b].total_cmp(&cx.scores[*a]).then(a.cmp(b)));
    let label = |u: usize| cx.docs[cx.units[u].doc].label().to_string();
    // each sentence's figures, from the quantities found once per document
    let figures: Vec<Vec<numbers::Figure>> = cx
        .units
        .iter()
        .map(|u| {
            let span = cx.docs[u.doc].segments.sentences[u.sent].span;
            let (s, e) = (span.start as usize, span.end as usize);
            let inside: Vec<_> = facts[u.doc]
                .quantities
                .iter()
                .filter(|q| q.start >= s && q.end <= e)
                .map(|q| chorus_facts::quantities::Quantity { start: q.start - s, end: q.end - s, ..q.clone() })
                .collect();
            numbers::figures_of(cx.docs[u.doc].sentence_text(u.sent), &inside)
        })
        .collect();
    for c in ranked {
        let claim = &cx.claims[c];
        let rep = claim.rep();
        let text = cx.unit_text(rep);
        if rows.len() < 10 && cx.cues[c] != Cue::Quote {
            let figures = numbers::figure_phrases(text);
            if !figures.is_empty() {
                let mut srcs: Vec<String> = Vec::new();
                let mut seen_groups = FxHashSet::default();
                let mut citations = Vec::new();
                for &(m, _) in &claim.members {
                    if seen_groups.insert(cx.group_of[cx.units[m].doc]) {
                        srcs.push(label(m));
                        let kind = if m == rep { CitationKind::Verbatim } else { CitationKind::Support };
                        citations.push(cx.unit_citation(m, kind));
                    }
                }
                let figure = figures.join("; ");
                if let Some(citations) = verify_item(figures[0], &citations[..1], cx.docs).map(|mut v| {
                    v.extend(citations[1..].iter().cloned());
                    v
                }) {
                    rows.push(TableRow { cells: vec![figure, srcs.join(", "), srcs.len().to_string()], citations });
                }
            }
        }
        if claim.sources.len() >= 2 {
            conflicts.extend(conflict_of(cx, claim, &figures));
        }
    }
    // disagreements need two independent sources
    let quantity = if cx.n_sources >= 2 { quantity_conflicts(cx, &figures) } else { Vec::new() };
    for c in quantity {
        let same = |x: &Conflict| x.sides.iter().zip(&c.sides).all(|(a, b)| a.citations[0] == b.citations[0]);
        if conflicts.len() < 8 && !conflicts.iter().any(same) {
            conflicts.push(c);
        }
    }
    let table = (!rows.is_empty()).then(|| Table {
        columns: vec!["Figure".into(), "Reported by".into(), "Independent sources".into()],
        rows,
    });
    (table, conflicts)
}

/// Members of a claim from different independent sources that differ on
/// a figure of the same measure (ranges that do not meet: "at least 12
/// shots" and "13 shots" agree), a year, a date or the wording of a quote.
fn conflict_of(cx: &Ctx<'_>, claim: &Claim, figures: &[Vec<numbers::Figure>]) -> Option<Conflict> {
    let rep = claim.rep();
    let rep_text = cx.unit_text(rep);
    let rep_group = cx.group_of[cx.units[rep].doc];
    for &(m, _) in &claim.members[1..] {
        if cx.group_of[cx.units[m].doc] == rep_group {
            continue;
        }
        let other = cx.unit_text(m);
        let measure = numbers::disagreement(&figures[rep], &figures[m], None);
        let (ya, yb) = (numbers::years(rep_text), numbers::years(other));
        let (da, db) = (numbers::dates(rep_text), numbers::dates(other));
        let (qa, qb) = (quote_words(rep_text), quote_words(other));
        let kind = if measure.is_some() {
            "number"
        } else if numbers::each_lacks(&ya, &yb) || numbers::dates_disagree(&da, &db) {
            "date"
        } else if numbers::quotes_disagree(&qa, &qb) {
            "quote"
        } else {
            continue;
        };
        let (a, b) = (cx.sentence_item(rep)?, cx.sentence_item(m)?);
        let description = format!(
            "{} and {} give different {}",
            cx.docs[cx.units[rep].doc].label(),
            cx.docs[cx.units[m].doc].label(),
            match (kind, &measure) {
                ("number", Some(label)) => format!("figures ({label})"),
                ("date", _) => "dates".to_string(),
                _ => "wording of the quote".to_string(),
            }
        );
        return Some(Conflict { kind: kind.to_string(), description, sides: vec![a, b] });
    }
    None
}

/// The words, lowercased, of each quotation in `text`.
fn quote_words(text: &str) -> Vec<Vec<String>> {
    numbers::quotes(text).into_iter().map(|(s, e)| numbers::words(&text[s..e])).collect()
}

/// The same measure ("duration", "shots") given irreconcilable figures by
/// sentences of different independent sources that talk about the same
/// matter (they share content words). One conflict per measure.
fn quantity_conflicts(cx: &Ctx<'_>, figures: &[Vec<numbers::Figure>]) -> Vec<Conflict> {
    let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (u, fs) in figures.iter().enumerate() {
        let mut keys: Vec<&str> = fs.iter().map(|f| f.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            by_key.entry(k).or_default().push(u);
        }
    }
    let mut keys: Vec<_> = by_key.into_iter().filter(|(_, v)| v.len() >= 2).collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    let outlets: Vec<Option<String>> = cx.docs.iter().map(|d| d.source.as_deref().map(|s| s.trim().to_lowercase())).collect();
    let outlet = |u: usize| outlets[cx.units[u].doc].as_deref();
    let mut out = Vec::new();
    for (key, list) in keys {
        let mut best: Option<(f32, usize, usize, String)> = None;
        for (i, &ua) in list.iter().enumerate() {
            for &ub in &list[i + 1..] {
                let (ga, gb) = (cx.group_of[cx.units[ua].doc], cx.group_of[cx.units[ub].doc]);
                if ga == gb || (outlet(ua).is_some() && outlet(ua) == outlet(ub)) {
                    continue;
                }
                let (sim, shared) = chorus_corpus::align::similarity(&cx.units[ua].terms, &cx.units[ub].terms);
                if shared < 3 || sim < 0.19 || best.as_ref().is_some_and(|(s, ..)| sim <= *s) {
                    continue;
                }
                if let Some(label) = numbers::disagreement(&figures[ua], &figures[ub], Some(key)) {
                    // sentences that agree only around the figures ("lasted … hours") may be
                    // about different things: two more words in common elsewhere
                    let rest = |u: usize| chorus_corpus::features::term_set(&numbers::without_figures(cx.unit_text(u), &figures[u], key));
                    let (_, elsewhere) = chorus_corpus::align::similarity(&rest(ua), &rest(ub));
                    if elsewhere < 2 {
                        continue;
                    }
                    best = Some((sim, ua, ub, label));
                }
            }
        }
        let Some((_, ua, ub, label)) = best else { continue };
        if let (Some(a), Some(b)) = (cx.sentence_item(ua), cx.sentence_item(ub)) {
            let description = format!(
                "{} and {} give different figures ({})",
                cx.docs[cx.units[ua].doc].label(),
                cx.docs[cx.units[ub].doc].label(),
                label
            );
            out.push(Conflict { kind: "number".into(), description, sides: vec![a, b] });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{brief_relations, stands_alone};
    use chorus_model::{AlignedPair, Document, Relation, RelationKind, Segments, Sentence, Span};

    #[test]
    fn a_brief_shows_each_reports_three_strongest_relations_with_five_pairs() {
        let text = "One. Two. Three. Four. Five. Six. Seven.";
        let sentences = (0..7).map(|i| Sentence { span: Span::new(i * 6, i * 6 + 4), block: 0 }).collect();
        let segments = Segments { blocks: Vec::new(), sentences };
        let doc = |id: &str| Document { segments: segments.clone(), ..Document::plain(id, text) };
        let docs: Vec<Document> = ["a", "b", "c", "d", "e"].into_iter().map(doc).collect();
        let evidence: Vec<AlignedPair> = (0..7).map(|i| AlignedPair { a: i, b: i, score: 1.0 }).collect();
        let rel = |a: &str, b: &str, score: f32| Relation { a: a.into(), b: b.into(), kind: RelationKind::Near, score, evidence: evidence.clone() };
        let relations = [rel("a", "e", 0.5), rel("b", "e", 0.9), rel("c", "e", 0.8), rel("d", "e", 0.7), rel("a", "b", 0.6)];
        let shown = brief_relations(&docs, &relations);
        let pairs: Vec<(&str, &str)> = shown.iter().map(|r| (r.a.as_str(), r.b.as_str())).collect();
        assert_eq!(pairs, [("b", "e"), ("c", "e"), ("d", "e"), ("a", "b")], "the weakest of e's four is left out");
        assert!(shown.iter().all(|r| r.evidence.len() == 5));
    }

    #[test]
    fn sentences_that_cannot_be_shown_alone() {
        assert!(stands_alone("The panel will report in June."));
        assert!(stands_alone("“We will rebuild,” the mayor said."));
        // the rest of a sentence, a list's tail, a sentence leaning on the one before
        assert!(!stands_alone("and Tavi Orun will return for the sequel."));
        assert!(!stands_alone("Ilse Maron of Velm and Tavi Orun of Dravik."));
        assert!(!stands_alone("But the panel did not say why."));
        assert!(!stands_alone("\"And that is a problem,\" she said."));
        assert!(!stands_alone("The mayor put it this way:"));
        assert!(!stands_alone("March 3, 2026 09:15 AM ET"));
    }
}
