//! Renderers: Markdown (footnote citations), JSON (the full structured
//! form, `docs/json-brief.md`) and a self-contained HTML page.

use std::fmt::Write;

use chorus_model::{Brief, BriefSet, Citation, EntityInfo, Item};
use rustc_hash::FxHashMap;

/// Output formats of a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Html,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            other => Err(format!("unknown format {other:?} (expected md, json or html)")),
        }
    }
}

/// Renders a set of briefs in `format`.
pub fn render(set: &BriefSet, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(set).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
            s.push('\n');
            s
        }
        Format::Markdown => set.stories.iter().map(markdown).collect::<Vec<_>>().join("\n---\n\n"),
        Format::Html => html(set),
    }
}

/// Footnote numbering shared by the Markdown and HTML writers.
struct Notes<'a> {
    brief: &'a Brief,
    order: Vec<&'a Citation>,
    index: FxHashMap<(&'a str, u32, u32), usize>,
}

impl<'a> Notes<'a> {
    fn new(brief: &'a Brief) -> Self {
        Notes { brief, order: Vec::new(), index: FxHashMap::default() }
    }
    fn number(&mut self, c: &'a Citation) -> usize {
        let key = (c.doc.as_str(), c.start, c.end);
        if let Some(n) = self.index.get(&key) {
            return *n;
        }
        self.order.push(c);
        let n = self.order.len();
        self.index.insert(key, n);
        n
    }
    fn doc_label(&self, id: &str) -> String {
        match self.brief.documents.iter().position(|d| d.id == id) {
            Some(i) => {
                let d = &self.brief.documents[i];
                let src = d.source.as_deref().or(d.ext_id.as_deref()).unwrap_or(&d.id);
                format!("[{}] {}", i + 1, src)
            }
            None => id.to_string(),
        }
    }
}

fn counts_line(b: &Brief) -> String {
    let n = b.documents.len();
    let k = b.independent_sources.len();
    let mut s = format!(
        "{n} report{}, {k} independent source{}",
        if n == 1 { "" } else { "s" },
        if k == 1 { "" } else { "s" }
    );
    if let Some([a, z]) = &b.time_span {
        if a == z {
            let _ = write!(s, " · {a}");
        } else {
            let _ = write!(s, " · {a} – {z}");
        }
    }
    s
}

fn md_item<'a>(it: &'a Item, notes: &mut Notes<'a>) -> String {
    let mut s = it.text.clone();
    for c in &it.citations {
        let _ = write!(s, "[^{}]", notes.number(c));
    }
    if let Some(sp) = &it.speaker {
        let _ = write!(s, " — **{sp}**");
    }
    if it.single_source {
        s.push_str(" _(single source)_");
    } else if it.sources > 1 {
        let _ = write!(s, " _({} sources)_", it.sources);
    }
    s
}

/// Statements that outlets word differently, side by side.
fn md_quote_variants<'a>(b: &'a Brief, out: &mut String, notes: &mut Notes<'a>) {
    let groups: Vec<_> = b.quotes.iter().filter(|g| g.worded_differently && g.variants.len() >= 2).take(4).collect();
    if groups.is_empty() {
        return;
    }
    out.push_str("**Worded differently by different outlets**\n\n");
    for g in groups {
        let who = g.speaker.as_deref().unwrap_or("Unattributed");
        let flag = if g.paraphrase_as_quote { " — _at least one direct quote is a paraphrase_" } else { "" };
        let _ = writeln!(out, "{who}{flag}:\n");
        out.push_str("| Source | Wording |\n|---|---|\n");
        for v in &g.variants {
            let mut cell = if v.direct { format!("“{}”", md_cell(&v.text)) } else { md_cell(&v.text) };
            for c in &v.citations {
                let _ = write!(cell, "[^{}]", notes.number(c));
            }
            let doc = v.citations.first().map(|c| notes.doc_label(&c.doc)).unwrap_or_default();
            let _ = writeln!(out, "| {} | {cell} |", md_cell(&doc));
        }
        out.push('\n');
    }
}

/// Dated events in time order.
fn md_timeline<'a>(b: &'a Brief, out: &mut String, notes: &mut Notes<'a>) {
    out.push_str("**Timeline**\n\n");
    for e in b.timeline.iter().take(12) {
        let mut line = format!("- **{}** ({}): {}", e.time, e.expression, e.text.trim());
        for c in &e.citations {
            let _ = write!(line, "[^{}]", notes.number(c));
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

/// Other spellings worth showing: not a bare part of the name ("Zelensky"
/// of "Volodymyr Zelensky") nor, for a person, a surname alone.
fn shown_aliases(e: &EntityInfo) -> String {
    let name = e.name.to_lowercase();
    e.aliases
        .iter()
        .filter(|a| !(name.ends_with(&a.to_lowercase()) || name.starts_with(&a.to_lowercase())))
        .filter(|a| e.kind != "PER" || a.split_whitespace().count() >= 2)
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Key people and organisations of a brief, for its "Who's who" block:
/// people with a full name or a role, organisations two sources name,
/// most widely reported first.
pub fn whos_who(b: &Brief) -> Vec<&EntityInfo> {
    let people = b
        .entities
        .iter()
        .filter(|e| e.kind == "PER" && (e.name.split_whitespace().count() >= 2 || !e.roles.is_empty()))
        .take(8);
    let orgs = b.entities.iter().filter(|e| e.kind == "ORG" && e.sources >= 2).take(4);
    people.chain(orgs).collect()
}

fn sources_label(n: u32) -> String {
    format!("{n} source{}", if n == 1 { "" } else { "s" })
}

fn md_whos_who<'a>(b: &'a Brief, out: &mut String, notes: &mut Notes<'a>) {
    let list = whos_who(b);
    if list.is_empty() {
        return;
    }
    out.push_str("## Who's who

");
    for e in list {
        let mut line = format!("- **{}**", e.name);
        let aliases = shown_aliases(e);
        if !aliases.is_empty() {
            let _ = write!(line, " (also {aliases})");
        }
        let roles: Vec<String> = e
            .roles
            .iter()
            .take(3)
            .map(|r| {
                let mut t = r.text.clone();
                if let Some(c) = r.citations.first() {
                    let _ = write!(t, "[^{}]", notes.number(c));
                }
                t
            })
            .collect();
        if !roles.is_empty() {
            let _ = write!(line, " — {}", roles.join("; "));
        }
        let _ = write!(line, " _({})_", sources_label(e.sources));
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Markdown with footnote-style citations.
pub fn markdown(b: &Brief) -> String {
    let mut out = String::new();
    let mut notes = Notes::new(b);
    let _ = writeln!(out, "# {}\n\n_{}_\n", b.title, counts_line(b));
    let mut timeline_done = false;
    let mut whos_who_done = false;
    for sec in &b.sections {
        let _ = writeln!(out, "## {}\n", sec.name);
        let bullets = !matches!(sec.name.as_str(), "Lead" | "Bottom Line");
        for it in &sec.items {
            let line = md_item(it, &mut notes);
            if bullets {
                let _ = writeln!(out, "- {line}");
            } else {
                let _ = writeln!(out, "{line}\n");
            }
        }
        if bullets && !sec.items.is_empty() {
            out.push('\n');
        }
        for t in &sec.tables {
            let _ = writeln!(out, "| {} |", t.columns.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | "));
            let _ = writeln!(out, "|{}", "---|".repeat(t.columns.len()));
            for r in &t.rows {
                let mut cells: Vec<String> = r.cells.iter().map(|c| md_cell(c)).collect();
                if let Some(first) = cells.first_mut() {
                    for c in &r.citations {
                        let _ = write!(first, "[^{}]", notes.number(c));
                    }
                }
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
            out.push('\n');
        }
        if sec.name == "Reactions & Quotes" {
            md_quote_variants(b, &mut out, &mut notes);
        }
        if sec.name == "Main Event" && !b.timeline.is_empty() {
            md_timeline(b, &mut out, &mut notes);
            timeline_done = true;
        }
        if !whos_who_done && (sec.name == "Key Takeaways" || sec.name == "Lead" && !b.sections.iter().any(|s| s.name == "Key Takeaways")) {
            md_whos_who(b, &mut out, &mut notes);
            whos_who_done = true;
        }
        if !sec.conflicts.is_empty() {
            out.push_str("**Sources disagree**\n\n");
            for c in &sec.conflicts {
                let _ = writeln!(out, "- {} ({}):", c.description, c.kind);
                for side in &c.sides {
                    let _ = writeln!(out, "  - {}", md_item(side, &mut notes));
                }
            }
            out.push('\n');
        }
    }
    if !timeline_done && !b.timeline.is_empty() {
        md_timeline(b, &mut out, &mut notes);
    }
    if !whos_who_done {
        md_whos_who(b, &mut out, &mut notes);
    }
    out.push_str("## Sources\n\n");
    let kinds: Vec<String> = b
        .relations
        .iter()
        .map(|r| format!("{} is {} of {}", notes.doc_label(&r.b), article(r.kind.as_str()), notes.doc_label(&r.a)))
        .collect();
    for (i, d) in b.documents.iter().enumerate() {
        let src = d.source.as_deref().unwrap_or("unknown source");
        let title = d.title.as_deref().unwrap_or("(untitled)");
        let when = d.published.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
        let _ = writeln!(out, "{}. {src}: {title}{when} (`{}`)", i + 1, d.ext_id.as_deref().unwrap_or(&d.id));
    }
    if !kinds.is_empty() {
        out.push('\n');
        for k in kinds {
            let _ = writeln!(out, "- {k}");
        }
    }
    out.push('\n');
    for (i, c) in notes.order.iter().enumerate() {
        let _ = writeln!(
            out,
            "[^{}]: {}, bytes {}–{}{}",
            i + 1,
            notes.doc_label(&c.doc),
            c.start,
            c.end,
            if c.kind == chorus_model::CitationKind::Support { " (supporting)" } else { "" }
        );
    }
    out
}

fn article(kind: &str) -> String {
    match kind {
        "exact" => "an exact duplicate".into(),
        "near" => "a near duplicate".into(),
        other => format!("a {other}"),
    }
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

fn html_item<'a>(it: &'a Item, notes: &mut Notes<'a>, sid: &str) -> String {
    let mut s = esc(&it.text);
    for c in &it.citations {
        let n = notes.number(c);
        let _ = write!(s, "<sup><a href=\"#{sid}-n{n}\">[{n}]</a></sup>");
    }
    if let Some(sp) = &it.speaker {
        let _ = write!(s, " — <strong>{}</strong>", esc(sp));
    }
    if it.single_source {
        s.push_str(" <em class=\"single\">single source</em>");
    }
    s
}

/// A self-contained HTML page of all briefs.
fn html_whos_who<'a>(b: &'a Brief, out: &mut String, notes: &mut Notes<'a>, sid: &str) {
    let list = whos_who(b);
    if list.is_empty() {
        return;
    }
    out.push_str("<h2>Who's who</h2><ul>");
    for e in list {
        let _ = write!(out, "<li><strong>{}</strong>", esc(&e.name));
        let aliases = shown_aliases(e);
        if !aliases.is_empty() {
            let _ = write!(out, " (also {})", esc(&aliases));
        }
        for (i, r) in e.roles.iter().take(3).enumerate() {
            out.push_str(if i == 0 { " — " } else { "; " });
            out.push_str(&esc(&r.text));
            if let Some(c) = r.citations.first() {
                let n = notes.number(c);
                let _ = write!(out, "<sup><a href=\"#{sid}-n{n}\">[{n}]</a></sup>");
            }
        }
        let _ = write!(out, " <em>({})</em></li>", sources_label(e.sources));
    }
    out.push_str("</ul>\n");
}

pub fn html(set: &BriefSet) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>chorus briefs</title>\n<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}sup a{text-decoration:none}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}.single{color:#a60}.meta{color:#555}</style></head><body>\n",
    );
    for b in &set.stories {
        let sid = format!("s{}", esc(&b.id));
        let mut notes = Notes::new(b);
        let _ = writeln!(out, "<article id=\"{sid}\"><h1>{}</h1><p class=\"meta\">{}</p>", esc(&b.title), esc(&counts_line(b)));
        for sec in &b.sections {
            let _ = writeln!(out, "<h2>{}</h2>", esc(&sec.name));
            if !sec.items.is_empty() {
                out.push_str("<ul>");
                for it in &sec.items {
                    let _ = write!(out, "<li>{}</li>", html_item(it, &mut notes, &sid));
                }
                out.push_str("</ul>\n");
            }
            for t in &sec.tables {
                out.push_str("<table><tr>");
                for c in &t.columns {
                    let _ = write!(out, "<th>{}</th>", esc(c));
                }
                out.push_str("</tr>");
                for r in &t.rows {
                    out.push_str("<tr>");
                    for (i, c) in r.cells.iter().enumerate() {
                        let mut cell = esc(c);
                        if i == 0 {
                            for cit in &r.citations {
                                let n = notes.number(cit);
                                let _ = write!(cell, "<sup><a href=\"#{sid}-n{n}\">[{n}]</a></sup>");
                            }
                        }
                        let _ = write!(out, "<td>{cell}</td>");
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</table>\n");
            }
            if sec.name == "Key Takeaways" || sec.name == "Lead" && !b.sections.iter().any(|s| s.name == "Key Takeaways") {
                html_whos_who(b, &mut out, &mut notes, &sid);
            }
            for c in &sec.conflicts {
                let _ = write!(out, "<p><strong>Sources disagree:</strong> {}</p><ul>", esc(&c.description));
                for side in &c.sides {
                    let _ = write!(out, "<li>{}</li>", html_item(side, &mut notes, &sid));
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("<h2>Sources</h2><ol>");
        for d in &b.documents {
            let _ = write!(
                out,
                "<li>{}: {}{}</li>",
                esc(d.source.as_deref().unwrap_or("unknown source")),
                esc(d.title.as_deref().unwrap_or("(untitled)")),
                d.published.as_deref().map(|p| format!(", {}", esc(p))).unwrap_or_default()
            );
        }
        out.push_str("</ol><ol class=\"notes\">");
        for (i, c) in notes.order.iter().enumerate() {
            let _ = write!(
                out,
                "<li id=\"{sid}-n{}\">{}, bytes {}–{}</li>",
                i + 1,
                esc(&notes.doc_label(&c.doc)),
                c.start,
                c.end
            );
        }
        out.push_str("</ol></article>\n");
    }
    out.push_str("</body></html>\n");
    out
}
