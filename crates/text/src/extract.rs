//! HTML main-content extraction.
//!
//! [`extract_html`] parses a page with `scraper` (html5ever), flattens the
//! tree once into a pre-order array (no recursion, so deep or broken markup
//! cannot overflow the stack) and then:
//!
//! * **Metadata** — title: JSON-LD `headline` › `og:title` (› `twitter:title`)
//!   › `<title>` with a ` | Site` / ` - Site` suffix cut › first `<h1>`;
//!   published: JSON-LD `datePublished` › `article:published_time` ›
//!   `meta name=date|pubdate|publish-date` (and similar) › `<time datetime>`;
//!   author: JSON-LD `author.name` › `meta name=author` (and similar) ›
//!   `rel=author` › `itemprop=author` › a short `class=…author…|…byline…`
//!   text › the byline found by the cleaner; url: `link rel=canonical` ›
//!   `og:url` › JSON-LD `url`. A known `og:site_name` is cut from titles;
//!   placeholder dates (`0001-01-01`) are skipped; authors lose `By ` and
//!   anything after ` | `.
//! * **Ignored elements** — `script`, `style`, `noscript`, `template`, `svg`,
//!   `iframe`, `button`, inputs, media, `figcaption`, hidden elements
//!   (`hidden`, `aria-hidden=true`, `display:none`, screen-reader-only
//!   classes); `nav`, `header`, `footer`, `aside`, `form`, landmark roles,
//!   and elements whose class/id word tokens are boilerplate cues (nav, menu,
//!   cookie, consent, banner, share, social, subscribe, newsletter, related,
//!   recommend, promo, advert, ad(s), sponsor, comment, footer, header,
//!   sidebar, breadcrumb, popup, modal, signup, paywall, outbrain, taboola,
//!   caption, credit, byline; glued forms like `shareButtons` too). If
//!   ignoring them would throw away most of the page's paragraph text, the
//!   cue sat on a page wrapper: those holding half the text or more are kept
//!   (comment sections never). `body`, `html`, `main`, `article` and
//!   `[itemprop=articleBody]` carry no cue.
//! * **Main container** — every text block (`p`, `li`, `blockquote`, cells,
//!   loose text in a `div`) of 10+ characters scores its length ×
//!   (1 − link density), zero when more than half of it is link text (list
//!   items count 0.3: they are mostly teasers and menus); scores add up the
//!   tree. The search starts at the `main` / `article` / `articleBody`
//!   element with the most paragraph text when it holds a fair share of the
//!   page's (the one holding the page's `<h1>` when two compete), else at
//!   `<body>`, and takes the container (`div`, `section`, `article`, `main`,
//!   `td`, …) maximising score − 0.5 × the text it holds outside accepted
//!   paragraphs; then, while one child container holds ≥ 80 % of its score,
//!   moves into it. So the tightest box around the article wins over
//!   sidebars, teaser rails and the page shell. No paragraph at all: the
//!   body's non-link text is kept as it is.
//! * **Text** — one block per `p` / `blockquote` / heading / `div` run of loose
//!   text / `<br>`-separated run; `li` → `- item`; data tables → one
//!   `| a | b |` line per row with `|---|---|` after a header row (layout
//!   tables are read as blocks); link-heavy lists and boxes inside the
//!   article are dropped. Whitespace collapses inside a block; blocks are
//!   separated by a blank line, consecutive list items and table rows by a
//!   single newline. The result then goes through
//!   [`clean_text`](crate::clean::clean_text) (`detect_title = false`); its
//!   removed lines, and a leading copy of the title, land in
//!   [`Extracted::removed`].
//!
//! It never panics: any `&str` parses, and every index used comes from the
//! flattened array itself.

use chorus_model::Extracted;
use scraper::node::Element;
use scraper::{Html, Node};
use serde_json::Value;

/// Extract the article text and metadata from an HTML page.
pub fn extract_html(html: &str) -> Extracted {
    let html = crate::depth::limit_depth(html);
    let doc = Html::parse_document(&html);
    let nodes = flatten(&doc);
    if nodes.is_empty() {
        return Extracted::default();
    }
    let mut page = Page::new(nodes);
    page.score();
    let meta = page.metadata();

    let body = page.body.unwrap_or(0);
    let (text, headings) = if page.sub[body] > 0.0 {
        page.render(page.choose_container(body))
    } else if page.len_sub[body] > page.link_sub[body] {
        // Only short bits of text (no paragraph scores): keep what is there
        // outside links and ignored parts.
        page.render(body)
    } else {
        (String::new(), Vec::new())
    };

    let cleaned = crate::clean::clean_text(&text, false);
    let author = meta.author.or(cleaned.byline);
    let mut out = Extracted {
        text: cleaned.text,
        title: meta.title,
        published: meta.published,
        modified: meta.modified,
        authors: author.as_deref().map(split_authors).unwrap_or_default(),
        author,
        url: meta.url,
        language: meta.language,
        headings,
        removed: cleaned.removed,
    };
    drop_leading_title(&mut out);
    out
}

/// Remove a copy of the title from the first lines of the text.
fn drop_leading_title(out: &mut Extracted) {
    let Some(title) = out.title.as_deref() else {
        return;
    };
    let want = collapse(title).to_lowercase();
    if want.is_empty() {
        return;
    }
    let mut cut: Option<(usize, usize)> = None;
    let mut offset = 0;
    for (n, line) in out.text.split('\n').enumerate() {
        if n >= 6 {
            break;
        }
        if !line.is_empty() && line.to_lowercase() == want {
            cut = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len() + 1;
    }
    if let Some((a, b)) = cut {
        let line = out.text[a..b].to_string();
        let before = out.text[..a].trim_end_matches('\n');
        let after = out.text[b..].trim_start_matches('\n');
        let joined = if before.is_empty() || after.is_empty() {
            format!("{before}{after}")
        } else {
            format!("{before}\n\n{after}")
        };
        out.text = joined;
        out.removed.insert(0, line);
    }
}

// ---------------------------------------------------------------------------
// Flattened tree

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Html,
    Body,
    Head,
    Article,
    Main,
    Container, // div, section, center, span-less boxes
    P,
    Heading,
    Li,
    List,      // ul, ol, dl, menu
    TextBlock, // blockquote, pre, dd, dt, address, figure, caption, summary, …
    Table,
    Tr,
    Cell,
    Br,
    Hr,
    A,
    Title,
    Meta,
    Link,
    Script,
    Time,
    Skip,     // never text: script, style, media, inputs, figcaption
    Landmark, // nav, header, footer, aside, form: ignored unless a wrapper
    Inline,
}

fn classify(name: &str) -> Tag {
    match name {
        "html" => Tag::Html,
        "body" => Tag::Body,
        "head" => Tag::Head,
        "article" => Tag::Article,
        "main" => Tag::Main,
        "div" | "section" | "center" | "hgroup" | "details" | "fieldset" | "thead" | "tbody"
        | "tfoot" => Tag::Container,
        "p" => Tag::P,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
        "li" => Tag::Li,
        "ul" | "ol" | "dl" => Tag::List,
        "blockquote" | "pre" | "dd" | "dt" | "address" | "figure" | "caption" | "summary"
        | "legend" => Tag::TextBlock,
        "table" => Tag::Table,
        "tr" => Tag::Tr,
        "td" | "th" => Tag::Cell,
        "br" => Tag::Br,
        "hr" => Tag::Hr,
        "a" => Tag::A,
        "title" => Tag::Title,
        "meta" => Tag::Meta,
        "link" => Tag::Link,
        "script" => Tag::Script,
        "time" => Tag::Time,
        "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "button" | "select"
        | "option" | "optgroup" | "textarea" | "input" | "label" | "object" | "embed"
        | "canvas" | "audio" | "video" | "picture" | "source" | "track" | "img" | "figcaption"
        | "dialog" | "map" | "area" | "frameset" | "frame" | "applet" | "datalist" | "output"
        | "progress" | "meter" | "base" => Tag::Skip,
        "nav" | "header" | "footer" | "aside" | "form" | "menu" => Tag::Landmark,
        _ => Tag::Inline,
    }
}

impl Tag {
    /// Starts a new block of text.
    fn is_block(self) -> bool {
        !matches!(self, Tag::Inline | Tag::A | Tag::Time | Tag::Br)
    }
    /// A block whose own text counts as paragraph text.
    fn holds_text(self) -> bool {
        matches!(
            self,
            Tag::P
                | Tag::Li
                | Tag::TextBlock
                | Tag::Cell
                | Tag::Container
                | Tag::Article
                | Tag::Main
                | Tag::Body
                | Tag::Landmark
        )
    }
    /// May be chosen as the main container.
    fn is_container(self) -> bool {
        matches!(
            self,
            Tag::Container | Tag::Article | Tag::Main | Tag::Cell | Tag::Landmark | Tag::Body
        )
    }
}

/// What a class/id cue (or a landmark tag) says about an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cue {
    None,
    /// Page furniture or a widget (nav, sidebar, ads, related, consent, …):
    /// ignored, unless ignoring all of them would throw away most of the
    /// page's text, in which case those holding half of it or more are page
    /// wrappers (`class="page-ad-margins"`) and stay.
    Boiler,
    /// Comment sections: always ignored.
    Comment,
}

struct FNode<'a> {
    tag: Tag,
    /// Element, or `None` for text and other nodes.
    el: Option<&'a Element>,
    /// Text of a text node.
    text: &'a str,
    parent: usize,
    /// One past the last node of this subtree (pre-order).
    end: usize,
    cue: Cue,
    hidden: bool,
    article_body: bool,
}

/// Flatten the document in pre-order without recursion. `svg`, `math` and
/// `template` subtrees are not entered.
fn flatten(doc: &Html) -> Vec<FNode<'_>> {
    let mut nodes: Vec<FNode<'_>> = Vec::new();
    let root = doc.tree.root();
    let mut stack: Vec<usize> = Vec::new(); // open ancestors (indices)
    let mut cur = root.first_child();
    while let Some(node) = cur {
        let parent = stack.last().copied().unwrap_or(usize::MAX);
        let idx = nodes.len();
        let mut enter = false;
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                let tag = classify(name);
                let (cue, hidden, article_body) = inspect(el, tag);
                nodes.push(FNode {
                    tag,
                    el: Some(el),
                    text: "",
                    parent,
                    end: idx + 1,
                    cue,
                    hidden,
                    article_body,
                });
                enter = !matches!(name, "svg" | "math" | "template") && node.has_children();
            }
            Node::Text(t) => {
                nodes.push(FNode {
                    tag: Tag::Inline,
                    el: None,
                    text: t,
                    parent,
                    end: idx + 1,
                    cue: Cue::None,
                    hidden: false,
                    article_body: false,
                });
            }
            _ => {
                nodes.push(FNode {
                    tag: Tag::Skip,
                    el: None,
                    text: "",
                    parent,
                    end: idx + 1,
                    cue: Cue::None,
                    hidden: false,
                    article_body: false,
                });
            }
        }
        if enter {
            stack.push(idx);
            cur = node.first_child();
            continue;
        }
        // Next sibling, or climb.
        let mut here = node;
        loop {
            if let Some(sib) = here.next_sibling() {
                cur = Some(sib);
                break;
            }
            match (here.parent(), stack.pop()) {
                (Some(p), Some(open)) => {
                    let len = nodes.len();
                    if let Some(n) = nodes.get_mut(open) {
                        n.end = len;
                    }
                    here = p;
                }
                _ => {
                    cur = None;
                    break;
                }
            }
        }
    }
    // Close anything left open (defensive).
    let len = nodes.len();
    for open in stack {
        if let Some(n) = nodes.get_mut(open) {
            n.end = len;
        }
    }
    nodes
}

/// Cue words matched against whole class/id tokens.
const CUE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "banner",
    "share",
    "shares",
    "sharing",
    "social",
    "footer",
    "header",
    "masthead",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "signup",
    "paywall",
    "toolbar",
    "topbar",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "subscribe",
    "subscription",
    "newsletter",
    "newsletters",
    "related",
    "recommend",
    "recommended",
    "recommendations",
    "promo",
    "promos",
    "promoted",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adslot",
    "adunit",
    "sponsor",
    "sponsored",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    // Figure credits and bylines: metadata, not article text.
    "caption",
    "captions",
    "credit",
    "credits",
    "byline",
    "bylines",
];
/// Cue prefixes for glued tokens (`shareButtons` → `sharebuttons`).
const CUE_PREFIXES: &[&str] = &[
    "share",
    "social",
    "sidebar",
    "breadcrumb",
    "navbar",
    "signup",
    "paywall",
    "cookie",
    "consent",
    "newsletter",
    "related",
    "recommend",
    "outbrain",
    "taboola",
    "subscribe",
    "advert",
    "sponsor",
    "popup",
    "adsbygoogle",
];
const CUE_COMMENT: &[&str] = &["comment", "comments", "disqus", "replies"];

fn token_cue(tok: &str) -> Cue {
    if tok.len() < 2 {
        return Cue::None;
    }
    if CUE_COMMENT.contains(&tok) || (tok.len() > 7 && tok.starts_with("comments")) {
        return Cue::Comment;
    }
    if CUE_WORDS.contains(&tok)
        || (tok.len() > 5 && CUE_PREFIXES.iter().any(|p| tok.starts_with(p)))
    {
        return Cue::Boiler;
    }
    Cue::None
}

/// The strongest cue among the word tokens of a class or id value.
fn value_cue(value: &str) -> Cue {
    let lower = value.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(token_cue)
        .max()
        .unwrap_or(Cue::None)
}

/// Screen-reader-only helpers ("Opens in a new window", "Share this").
fn is_screen_reader_only(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    l.contains("sr-only")
        || l.contains("visually-hidden")
        || l.contains("visuallyhidden")
        || l.contains("screen-reader")
}

/// Read the attributes that matter for extraction in one pass.
fn inspect(el: &Element, tag: Tag) -> (Cue, bool, bool) {
    let mut cue = if tag == Tag::Landmark {
        Cue::Boiler
    } else {
        Cue::None
    };
    let mut hidden = false;
    let mut article_body = false;
    for (k, v) in el.attrs() {
        match k {
            "class" | "id" => {
                cue = cue.max(value_cue(v));
                hidden |= is_screen_reader_only(v);
            }
            "role" => {
                let r = v.trim().to_ascii_lowercase();
                match r.as_str() {
                    "navigation" | "banner" | "contentinfo" | "complementary" | "menu"
                    | "menubar" | "search" | "toolbar" | "dialog" | "alertdialog" => {
                        cue = cue.max(Cue::Boiler)
                    }
                    _ => {}
                }
            }
            "hidden" => hidden = true,
            "aria-hidden" => hidden |= v.trim().eq_ignore_ascii_case("true"),
            "style" => {
                let s: String = v
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                hidden |= s.contains("display:none") || s.contains("visibility:hidden");
            }
            "itemprop" => {
                article_body |= v
                    .split_whitespace()
                    .any(|p| p.eq_ignore_ascii_case("articlebody"));
            }
            _ => {}
        }
    }
    if matches!(tag, Tag::Body | Tag::Html | Tag::Main | Tag::Article) || article_body {
        cue = Cue::None;
        hidden = hidden && !matches!(tag, Tag::Body | Tag::Html);
    }
    (cue, hidden, article_body)
}

// ---------------------------------------------------------------------------
// Scoring and container choice

/// Weight of list-item text in the paragraph score.
const LI_WEIGHT: f64 = 0.3;
/// Cost of each character of non-paragraph text (links, menus, short bits)
/// a candidate container holds, against each character of paragraph text.
const OTHER_PENALTY: f64 = 0.5;

/// A child container holding this share of its parent's paragraph score
/// replaces the parent as the main container.
const TIGHTEN_SHARE: f64 = 0.8;

struct Page<'a> {
    nodes: Vec<FNode<'a>>,
    body: Option<usize>,
    /// Ignored (hard skip, hidden, or pruned by a cue), inherited.
    pruned: Vec<bool>,
    /// Paragraph score of the subtree (pruned parts excluded).
    sub: Vec<f64>,
    /// Text length and link-text length of the subtree (pruned excluded).
    len_sub: Vec<f64>,
    link_sub: Vec<f64>,
    /// Length of the subtree's text in blocks accepted as paragraph text.
    good_sub: Vec<f64>,
}

fn is_ws_only(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

fn text_len(s: &str) -> f64 {
    s.chars().filter(|c| !c.is_whitespace()).count() as f64
}

impl<'a> Page<'a> {
    fn new(nodes: Vec<FNode<'a>>) -> Self {
        let n = nodes.len();
        let body = nodes.iter().position(|x| x.tag == Tag::Body);
        Page {
            nodes,
            body,
            pruned: vec![false; n],
            sub: vec![0.0; n],
            len_sub: vec![0.0; n],
            link_sub: vec![0.0; n],
            good_sub: vec![0.0; n],
        }
    }

    fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes[i].parent;
        (p < self.nodes.len()).then_some(p)
    }

    fn score(&mut self) {
        let n = self.nodes.len();
        // Hard skips (inherited), link context and nearest text block.
        let mut hard = vec![false; n];
        let mut in_link = vec![false; n];
        let mut block_of = vec![usize::MAX; n];
        for i in 0..n {
            let p = self.parent(i);
            let node = &self.nodes[i];
            let own_hard = node.el.is_some()
                && (matches!(
                    node.tag,
                    Tag::Skip | Tag::Head | Tag::Title | Tag::Script | Tag::Meta | Tag::Link
                ) || node.hidden);
            hard[i] = own_hard || p.is_some_and(|p| hard[p]);
            in_link[i] = node.tag == Tag::A || p.is_some_and(|p| in_link[p]);
            block_of[i] = match p {
                Some(p) if self.nodes[p].tag.is_block() => p,
                Some(p) => block_of[p],
                None => usize::MAX,
            };
        }
        // Own text per block.
        let mut own = vec![0.0f64; n];
        let mut own_link = vec![0.0f64; n];
        for i in 0..n {
            let node = &self.nodes[i];
            if node.el.is_some() || node.text.is_empty() || hard[i] {
                continue;
            }
            let b = block_of[i];
            if b >= n {
                continue;
            }
            let len = text_len(node.text);
            own[b] += len;
            if in_link[i] {
                own_link[b] += len;
            }
        }
        let contrib = |i: usize, nodes: &[FNode<'_>]| -> f64 {
            let len = own[i];
            if len < 10.0 || !nodes[i].tag.holds_text() {
                return 0.0;
            }
            let ld = own_link[i] / len;
            if ld > 0.5 {
                0.0
            } else {
                // List items are mostly teasers and menus; an article's own
                // lists ride along with the paragraphs around them.
                let w = if nodes[i].tag == Tag::Li {
                    LI_WEIGHT
                } else {
                    1.0
                };
                w * len * (1.0 - ld)
            }
        };
        // Raw scores (hard skips only), for the wrapper rescue.
        let mut raw = vec![0.0f64; n];
        for i in (0..n).rev() {
            if hard[i] {
                continue;
            }
            raw[i] += contrib(i, &self.nodes);
            if let Some(p) = self.parent(i) {
                raw[p] += raw[i];
            }
        }
        let root = self.body.unwrap_or(0);
        let total = raw.get(root).copied().unwrap_or(0.0);
        // Prune by cues, top-down. When that throws away most of the page's
        // text, the cue sat on a page wrapper: prune again, keeping cue
        // elements (other than comments) that hold half the text or more.
        for rescue in [false, true] {
            for i in 0..n {
                let node = &self.nodes[i];
                let by_cue = match node.cue {
                    Cue::None => false,
                    Cue::Comment => true,
                    Cue::Boiler => !(rescue && raw[i] >= 0.5 * total),
                };
                self.pruned[i] =
                    hard[i] || by_cue || self.parent(i).is_some_and(|p| self.pruned[p]);
            }
            self.sub.iter_mut().for_each(|x| *x = 0.0);
            self.len_sub.iter_mut().for_each(|x| *x = 0.0);
            self.link_sub.iter_mut().for_each(|x| *x = 0.0);
            self.good_sub.iter_mut().for_each(|x| *x = 0.0);
            for i in (0..n).rev() {
                if self.pruned[i] {
                    continue;
                }
                let c = contrib(i, &self.nodes);
                self.sub[i] += c;
                self.len_sub[i] += own[i];
                self.link_sub[i] += own_link[i];
                if c > 0.0 {
                    self.good_sub[i] += own[i];
                }
                if let Some(p) = self.parent(i) {
                    self.sub[p] += self.sub[i];
                    self.len_sub[p] += self.len_sub[i];
                    self.link_sub[p] += self.link_sub[i];
                    self.good_sub[p] += self.good_sub[i];
                }
            }
            if self.sub.get(root).copied().unwrap_or(0.0) >= 0.4 * total {
                break;
            }
        }
    }

    /// `i` has a higher paragraph score than the current best, if any.
    fn beats(&self, i: usize, best: Option<usize>) -> bool {
        match best {
            None => true,
            Some(b) => self.sub[i] > self.sub[b],
        }
    }

    /// Element children of `i` that are not pruned.
    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[i].end.min(self.nodes.len());
        let mut j = i + 1;
        std::iter::from_fn(move || {
            while j < end {
                let k = j;
                j = self.nodes[k].end.max(k + 1);
                if self.nodes[k].el.is_some() && !self.pruned[k] {
                    return Some(k);
                }
            }
            None
        })
    }

    /// Inside [`Page::semantic_root`], the candidate container (`div`,
    /// `section`, `article`, `main`, `td`, `[itemprop=articleBody]`, …) with
    /// the best paragraph score minus [`OTHER_PENALTY`] × the text it holds
    /// outside accepted paragraphs (menus, link lists, short bits).
    fn choose_container(&self, body: usize) -> usize {
        let start = self.semantic_root(body);
        let end = self.nodes[start].end.min(self.nodes.len());
        let mut best = start;
        let mut best_q = f64::MIN;
        let mut i = start;
        while i < end {
            let node = &self.nodes[i];
            if node.el.is_none() {
                i += 1;
                continue;
            }
            if self.pruned[i] {
                i = node.end.max(i + 1);
                continue;
            }
            if (node.tag.is_container() || node.article_body) && self.sub[i] > 0.0 {
                let other = (self.len_sub[i] - self.good_sub[i]).max(0.0);
                let q = self.sub[i] - OTHER_PENALTY * other;
                if q > best_q {
                    best_q = q;
                    best = i;
                }
            }
            i += 1;
        }
        // Tighten: a child container holding nearly all of the paragraph
        // text is the article; what stays outside is a side box.
        loop {
            let mut top: Option<usize> = None;
            for c in self.children(best) {
                if self.beats(c, top) {
                    top = Some(c);
                }
            }
            match top {
                Some(c)
                    if (self.nodes[c].tag.is_container() || self.nodes[c].article_body)
                        && self.sub[c] >= TIGHTEN_SHARE * self.sub[best] =>
                {
                    best = c
                }
                _ => return best,
            }
        }
    }

    /// The `main` / `article` / `[itemprop=articleBody]` element holding the
    /// most paragraph text, when it holds a fair share of the page's; else
    /// `body`.
    fn semantic_root(&self, body: usize) -> usize {
        let end = self.nodes[body].end.min(self.nodes.len());
        // The page's headline: the first h1 that is not ignored.
        let h1 = (body..end).find(|&i| {
            !self.pruned[i]
                && self.nodes[i].tag == Tag::Heading
                && self.nodes[i].el.is_some_and(|e| e.name() == "h1")
        });
        let mut best: Option<usize> = None;
        let mut best_h1: Option<usize> = None;
        let mut i = body + 1;
        while i < end {
            let node = &self.nodes[i];
            if node.el.is_some() && self.pruned[i] {
                i = node.end.max(i + 1);
                continue;
            }
            if matches!(node.tag, Tag::Main | Tag::Article) || node.article_body {
                if self.beats(i, best) {
                    best = Some(i);
                }
                if h1.is_some_and(|h| i < h && h < node.end) && self.beats(i, best_h1) {
                    best_h1 = Some(i);
                }
            }
            i += 1;
        }
        let fair = |b: usize| self.sub[b] >= 200.0 && self.sub[b] >= 0.25 * self.sub[body];
        match (best_h1, best) {
            // Two articles on a page: the one with the headline wins.
            (Some(h), Some(b)) if self.sub[h] >= 200.0 && self.sub[h] >= 0.2 * self.sub[b] => h,
            (_, Some(b)) if fair(b) => b,
            _ => body,
        }
    }

    /// A list or box inside the article that is mostly links.
    fn link_heavy(&self, i: usize) -> bool {
        let len = self.len_sub[i];
        len > 0.0 && self.link_sub[i] / len > 0.6
    }

    // -----------------------------------------------------------------------
    // Rendering

    /// The text of a container and the texts of its headings.
    fn render(&self, container: usize) -> (String, Vec<String>) {
        let mut em = Emitter::default();
        let stop = self.nodes[container].end.min(self.nodes.len());
        let mut open: Vec<usize> = Vec::new();
        let mut i = container;
        while i < stop {
            while let Some(&top) = open.last() {
                if self.nodes[top].end <= i {
                    open.pop();
                    em.exit(self.nodes[top].tag);
                } else {
                    break;
                }
            }
            let node = &self.nodes[i];
            let next = node.end.max(i + 1);
            if node.el.is_none() {
                if !node.text.is_empty() && !self.pruned[i] {
                    em.text(node.text);
                }
                i += 1;
                continue;
            }
            if self.pruned[i] {
                i = next;
                continue;
            }
            if i != container
                && matches!(node.tag, Tag::List | Tag::Container | Tag::Table)
                && self.link_heavy(i)
                && self.sub[i] < 0.25 * self.sub[container]
            {
                i = next;
                continue;
            }
            if node.tag == Tag::Table {
                if let Some(rows) = self.table_rows(i) {
                    em.table(rows);
                    i = next;
                    continue;
                }
            }
            em.enter(node.tag);
            open.push(i);
            i += 1;
        }
        while let Some(top) = open.pop() {
            em.exit(self.nodes[top].tag);
        }
        em.finish()
    }

    /// Collapsed text of a subtree, skipping pruned parts; `None` when it
    /// holds a nested table.
    fn cell_text(&self, i: usize) -> Option<String> {
        let end = self.nodes[i].end.min(self.nodes.len());
        let mut s = String::new();
        let mut j = i + 1;
        while j < end {
            let node = &self.nodes[j];
            if node.el.is_some() {
                if node.tag == Tag::Table {
                    return None;
                }
                if self.pruned[j] {
                    j = node.end.max(j + 1);
                    continue;
                }
                if node.tag.is_block() || node.tag == Tag::Br {
                    s.push(' ');
                }
            } else if !self.pruned[j] {
                s.push_str(node.text);
            }
            j += 1;
        }
        Some(collapse(&s))
    }

    /// Render a data table as Markdown rows; `None` for layout tables
    /// (nested tables, long cells, a single column).
    fn table_rows(&self, table: usize) -> Option<Vec<String>> {
        let end = self.nodes[table].end.min(self.nodes.len());
        let mut rows: Vec<(bool, Vec<String>)> = Vec::new(); // (header, cells)
        let mut caption: Option<String> = None;
        let mut max_cols = 0;
        let mut j = table + 1;
        let mut in_thead_until = 0usize;
        while j < end {
            let node = &self.nodes[j];
            let next = node.end.max(j + 1);
            let Some(el) = node.el else {
                j += 1;
                continue;
            };
            if self.pruned[j] {
                j = next;
                continue;
            }
            match node.tag {
                Tag::Table => return None,
                Tag::TextBlock if el.name() == "caption" => {
                    caption = self.cell_text(j);
                    j = next;
                }
                Tag::Container if el.name() == "thead" => {
                    in_thead_until = next;
                    j += 1;
                }
                Tag::Tr => {
                    let mut cells = Vec::new();
                    let mut all_th = true;
                    for c in self.children(j) {
                        if self.nodes[c].tag != Tag::Cell {
                            continue;
                        }
                        let t = self.cell_text(c)?;
                        if t.chars().count() > 300 {
                            return None;
                        }
                        all_th &= self.nodes[c].el.is_some_and(|e| e.name() == "th");
                        cells.push(t.replace('|', "\\|"));
                    }
                    if cells.iter().any(|c| !c.is_empty()) {
                        max_cols = max_cols.max(cells.len());
                        rows.push(((all_th || j < in_thead_until) && !cells.is_empty(), cells));
                    }
                    j = next;
                }
                _ => j += 1,
            }
        }
        if rows.is_empty() || max_cols < 2 {
            return None;
        }
        let mut out = Vec::with_capacity(rows.len() + 2);
        if let Some(c) = caption.filter(|c| !c.is_empty()) {
            out.push(c);
        }
        let header_first = rows[0].0;
        for (n, (_, cells)) in rows.iter().enumerate() {
            let mut line = String::from("|");
            for c in cells {
                line.push(' ');
                line.push_str(c);
                line.push_str(" |");
            }
            out.push(line);
            if n == 0 && header_first {
                out.push(format!("|{}", "---|".repeat(cells.len().max(1))));
            }
        }
        Some(out)
    }

    // -----------------------------------------------------------------------
    // Metadata

    fn metadata(&self) -> Meta {
        let mut jsonld = JsonLd::default();
        let mut metas: Vec<(String, &str)> = Vec::new(); // (lowercased key, content)
        let mut title_tag: Option<String> = None;
        let mut h1: Option<String> = None;
        let mut h1_pruned: Option<String> = None;
        let mut canonical: Option<&str> = None;
        let mut rel_author: Option<String> = None;
        let mut prop_author: Option<String> = None;
        let mut class_author: Option<String> = None;
        let mut class_byline: Option<String> = None;
        let mut time_pub: Option<&str> = None;
        let mut time_first: Option<&str> = None;
        let mut time_any: Option<&str> = None;
        let mut time_mod: Option<&str> = None;
        let mut html_lang: Option<&str> = None;
        let mut visible_date: Option<String> = None;

        for (i, node) in self.nodes.iter().enumerate() {
            let Some(el) = node.el else { continue };
            match node.tag {
                Tag::Meta => {
                    let mut keys: [Option<&str>; 4] = [None; 4];
                    let mut content: Option<&str> = None;
                    for (k, v) in el.attrs() {
                        match k {
                            "property" => keys[0] = Some(v),
                            "name" => keys[1] = Some(v),
                            "itemprop" => keys[2] = Some(v),
                            "http-equiv" => keys[3] = Some(v),
                            "content" => content = Some(v),
                            _ => {}
                        }
                    }
                    if let Some(c) = content.map(str::trim).filter(|c| !c.is_empty()) {
                        for k in keys.into_iter().flatten() {
                            metas.push((k.trim().to_ascii_lowercase(), c));
                        }
                    }
                }
                Tag::Link => {
                    let (mut rel, mut href) = (None, None);
                    for (k, v) in el.attrs() {
                        match k {
                            "rel" => rel = Some(v),
                            "href" => href = Some(v),
                            _ => {}
                        }
                    }
                    if let (Some(r), Some(h)) = (rel, href) {
                        if canonical.is_none() && has_token(r, "canonical") && !h.trim().is_empty()
                        {
                            canonical = Some(h.trim());
                        }
                    }
                }
                Tag::Title if title_tag.is_none() => {
                    let t = self.subtree_text(i, false);
                    if !t.is_empty() {
                        title_tag = Some(t);
                    }
                }
                Tag::Heading if el.name() == "h1" => {
                    if h1.is_none() && !self.pruned[i] {
                        let t = self.subtree_text(i, true);
                        if !t.is_empty() {
                            h1 = Some(t);
                        }
                    } else if h1_pruned.is_none() {
                        let t = self.subtree_text(i, false);
                        if !t.is_empty() {
                            h1_pruned = Some(t);
                        }
                    }
                }
                Tag::Script
                    if el
                        .attr("type")
                        .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
                {
                    jsonld.add(&self.raw_text(i));
                }
                Tag::Html if html_lang.is_none() => {
                    html_lang = el.attr("lang").or_else(|| el.attr("xml:lang"));
                }
                Tag::Time => {
                    let mut dt = None;
                    let mut published = false;
                    let mut modified = false;
                    for (k, v) in el.attrs() {
                        match k {
                            "datetime" => dt = Some(v.trim()),
                            "pubdate" => published = true,
                            "itemprop" => {
                                let v = v.to_ascii_lowercase();
                                published |= v.contains("datepublished");
                                modified |= v.contains("datemodified");
                            }
                            _ => {}
                        }
                    }
                    if modified {
                        if time_mod.is_none() {
                            time_mod = dt.filter(|d| !d.is_empty());
                        }
                    } else if let Some(d) = dt.filter(|d| !d.is_empty()) {
                        if published && time_pub.is_none() {
                            time_pub = Some(d);
                        }
                        if !self.pruned[i] && time_first.is_none() {
                            time_first = Some(d);
                        }
                        if time_any.is_none() {
                            time_any = Some(d);
                        }
                    }
                }
                _ => {}
            }
            // A visible date: a short element whose class names a date
            // (`date`, `published`, `timestamp`, `dateline`), read with a
            // month name or as digits.
            if visible_date.is_none() && !matches!(node.tag, Tag::Meta | Tag::Link | Tag::Script) {
                if let Some(class) = el.attr("class") {
                    let l = class.to_ascii_lowercase();
                    if (l.contains("date") || l.contains("publish") || l.contains("timestamp"))
                        && !l.contains("update")
                        && !l.contains("modif")
                    {
                        let t = self.subtree_text(i, false);
                        if t.len() <= 120 {
                            visible_date = crate::dates::date_in_text(&t);
                        }
                    }
                }
            }
            // rel=author / itemprop=author / class=…author…|…byline… on any
            // element: a short name without digits.
            if rel_author.is_none()
                || prop_author.is_none()
                || class_author.is_none()
                || class_byline.is_none()
            {
                for (k, v) in el.attrs() {
                    let slot = match k {
                        "rel" if has_token(v, "author") => &mut rel_author,
                        "itemprop" if has_token(v, "author") => &mut prop_author,
                        "class" => {
                            let l = v.to_ascii_lowercase();
                            let slot = if l.contains("author") {
                                &mut class_author
                            } else if l.contains("byline") {
                                &mut class_byline
                            } else {
                                continue;
                            };
                            // Not inside an ignored box (its own cue may be
                            // "byline").
                            if slot.is_some() || !self.in_byline_or_kept(i) {
                                continue;
                            }
                            slot
                        }
                        _ => continue,
                    };
                    if slot.is_none() && node.tag != Tag::Link && node.tag != Tag::Meta {
                        let t = clean_author(&self.subtree_text(i, false));
                        let words = t.split_whitespace().count();
                        if (1..=10).contains(&words) && !t.bytes().any(|b| b.is_ascii_digit()) {
                            *slot = Some(t);
                        }
                    }
                }
            }
        }

        let meta_get = |keys: &[&str]| -> Option<String> {
            for k in keys {
                if let Some((_, v)) = metas.iter().find(|(mk, _)| mk == k) {
                    return Some(decode_entities(v));
                }
            }
            None
        };

        let site = meta_get(&["og:site_name", "application-name"]);
        let title = jsonld
            .headline
            .clone()
            .or_else(|| {
                meta_get(&["og:title", "twitter:title"])
                    .map(|t| strip_known_site(&t, site.as_deref()))
            })
            .or_else(|| title_tag.map(|t| strip_site_suffix(&t, site.as_deref())))
            .or(h1)
            .or(h1_pruned)
            .map(|t| collapse(&t))
            .filter(|t| !t.is_empty());

        let date_keys: &[&str] = &[
            "article:published_time",
            "og:article:published_time",
            "article:published",
            "datepublished",
            "date",
            "pubdate",
            "publish-date",
            "publishdate",
            "publish_date",
            "publication_date",
            "publication-date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.created",
            "dcterms.issued",
            "parsely-pub-date",
            "sailthru.date",
            "og:published_time",
            "article.published",
        ];
        let og_url = meta_get(&["og:url"]);
        let url = match (canonical.map(decode_entities), og_url) {
            (Some(c), Some(o)) if !looks_like_url(&c) && looks_like_url(&o) => Some(o),
            (Some(c), _) => Some(c),
            (None, Some(o)) => Some(o),
            (None, None) => jsonld.url.clone(),
        }
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());

        // Order of trust: JSON-LD, meta tags, <time>, a date in the URL, a
        // visible date.
        let published = std::iter::once(jsonld.published.clone())
            .chain(date_keys.iter().map(|k| meta_get(&[k])))
            .chain(
                [time_pub, time_first, time_any]
                    .into_iter()
                    .map(|t| t.map(str::to_string)),
            )
            .chain([url.as_deref().and_then(crate::dates::date_in_url), visible_date])
            .flatten()
            .map(|t| collapse(&t))
            .find(|t| plausible_date(t));

        let modified_keys: &[&str] = &[
            "article:modified_time",
            "og:updated_time",
            "article:modified",
            "datemodified",
            "last-modified",
            "lastmod",
            "dc.date.modified",
            "dcterms.modified",
            "parsely-updated",
        ];
        let modified = std::iter::once(jsonld.modified.clone())
            .chain(modified_keys.iter().map(|k| meta_get(&[k])))
            .chain([time_mod.map(str::to_string)])
            .flatten()
            .map(|t| collapse(&t))
            .find(|t| plausible_date(t));

        let language = [
            html_lang.map(str::to_string),
            meta_get(&["content-language", "dc.language", "language", "og:locale"]),
            jsonld.language.clone(),
        ]
        .into_iter()
        .flatten()
        .find_map(|l| normalize_language(&l));

        let author_keys: &[&str] = &[
            "author",
            "byl",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "dcterms.creator",
            "article:author",
        ];
        let author = std::iter::once(jsonld.author.clone())
            .chain(author_keys.iter().map(|k| meta_get(&[k])))
            .chain([rel_author, prop_author, class_author, class_byline])
            .flatten()
            .map(|a| clean_author(&a))
            .find(|a| !a.is_empty() && !looks_like_url(a));

        Meta {
            title,
            published,
            modified,
            author,
            url,
            language,
        }
    }

    /// `i` is not inside an ignored box, other than a byline/author box.
    fn in_byline_or_kept(&self, i: usize) -> bool {
        let mut a = self.parent(i);
        while let Some(p) = a {
            if !self.pruned[p] {
                return true;
            }
            let cls = self.nodes[p]
                .el
                .and_then(|e| e.attr("class"))
                .unwrap_or("")
                .to_ascii_lowercase();
            if !(cls.contains("byline") || cls.contains("author")) {
                return false;
            }
            a = self.parent(p);
        }
        true
    }

    /// Collapsed text of a subtree; `skip_pruned` leaves out ignored parts.
    fn subtree_text(&self, i: usize, skip_pruned: bool) -> String {
        let end = self.nodes[i].end.min(self.nodes.len());
        let mut s = String::new();
        let mut j = i + 1;
        while j < end && s.len() < 2000 {
            let node = &self.nodes[j];
            if node.el.is_some() {
                if matches!(node.tag, Tag::Script | Tag::Skip) || (skip_pruned && self.pruned[j]) {
                    j = node.end.max(j + 1);
                    continue;
                }
                if node.tag.is_block() || node.tag == Tag::Br {
                    s.push(' ');
                }
            } else {
                s.push_str(node.text);
            }
            j += 1;
        }
        collapse(&s)
    }

    /// Raw concatenated text of the direct text children (for scripts).
    fn raw_text(&self, i: usize) -> String {
        let end = self.nodes[i].end.min(self.nodes.len());
        let mut s = String::new();
        for node in &self.nodes[(i + 1).min(end)..end] {
            if node.el.is_none() {
                s.push_str(node.text);
            }
        }
        s
    }
}

struct Meta {
    title: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

// ---------------------------------------------------------------------------
// Emitter: blocks of text

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Para,
    Heading,
    Item,
    Row,
    /// First line of a table (starts a new block).
    RowStart,
}

#[derive(Default)]
struct Emitter {
    blocks: Vec<(BlockKind, String)>,
    cur: String,
    li_depth: usize,
    heading_depth: usize,
}

impl Emitter {
    fn flush(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        if is_ws_only(&self.cur) {
            self.cur.clear();
            return;
        }
        let text = collapse(&self.cur);
        self.cur.clear();
        let kind = if self.heading_depth > 0 {
            BlockKind::Heading
        } else if self.li_depth > 0 {
            BlockKind::Item
        } else {
            BlockKind::Para
        };
        let text = if kind == BlockKind::Item {
            format!("- {text}")
        } else {
            text
        };
        self.blocks.push((kind, text));
    }

    fn text(&mut self, t: &str) {
        if self.cur.len() < (1 << 24) {
            self.cur.push_str(t);
        }
    }

    fn inline_context(&self) -> bool {
        self.heading_depth > 0 || self.li_depth > 0
    }

    fn enter(&mut self, tag: Tag) {
        match tag {
            Tag::Heading => {
                self.flush();
                self.heading_depth += 1;
            }
            Tag::Li => {
                self.flush();
                self.li_depth += 1;
            }
            Tag::List => self.flush(),
            Tag::Br => {
                if self.inline_context() {
                    self.cur.push(' ');
                } else {
                    self.flush();
                }
            }
            t if t.is_block() => {
                if self.inline_context() {
                    self.cur.push(' ');
                } else {
                    self.flush();
                }
            }
            _ => {}
        }
    }

    fn exit(&mut self, tag: Tag) {
        match tag {
            Tag::Heading => {
                self.flush();
                self.heading_depth = self.heading_depth.saturating_sub(1);
            }
            Tag::Li => {
                self.flush();
                self.li_depth = self.li_depth.saturating_sub(1);
            }
            Tag::List => self.flush(),
            Tag::Br => {}
            t if t.is_block() => {
                if self.inline_context() {
                    self.cur.push(' ');
                } else {
                    self.flush();
                }
            }
            _ => {}
        }
    }

    fn table(&mut self, rows: Vec<String>) {
        self.flush();
        for (n, r) in rows.into_iter().enumerate() {
            let kind = if n == 0 {
                BlockKind::RowStart
            } else {
                BlockKind::Row
            };
            self.blocks.push((kind, r));
        }
    }

    fn finish(mut self) -> (String, Vec<String>) {
        self.flush();
        let headings = self
            .blocks
            .iter()
            .filter(|(k, _)| *k == BlockKind::Heading)
            .map(|(_, t)| t.clone())
            .collect();
        let mut out = String::new();
        let mut prev: Option<BlockKind> = None;
        for (kind, text) in &self.blocks {
            if let Some(p) = prev {
                let tight = matches!(
                    (p, kind),
                    (BlockKind::Item, BlockKind::Item)
                        | (BlockKind::Row | BlockKind::RowStart, BlockKind::Row)
                );
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            out.push_str(text);
            prev = Some(*kind);
        }
        (out, headings)
    }
}

// ---------------------------------------------------------------------------
// JSON-LD

#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    url: Option<String>,
    language: Option<String>,
    /// Rank of the object that gave the fields so far.
    rank: u8,
}

impl JsonLd {
    fn add(&mut self, raw: &str) {
        let cleaned: String = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_end_matches("//]]>")
            .trim()
            .trim_end_matches(';')
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let Ok(v) = serde_json::from_str::<Value>(&cleaned) else {
            return;
        };
        let mut objs: Vec<&serde_json::Map<String, Value>> = Vec::new();
        collect_objects(&v, 0, &mut objs);
        for o in objs {
            let rank = type_rank(o);
            if rank == 0 {
                continue;
            }
            // A better-ranked object replaces what a weaker one gave.
            if rank > self.rank {
                let fresh = JsonLd::from_object(o, rank);
                if fresh.headline.is_some() || fresh.published.is_some() {
                    *self = JsonLd {
                        headline: fresh.headline.or(self.headline.take()),
                        published: fresh.published.or(self.published.take()),
                        modified: fresh.modified.or(self.modified.take()),
                        author: fresh.author.or(self.author.take()),
                        url: fresh.url.or(self.url.take()),
                        language: fresh.language.or(self.language.take()),
                        rank,
                    };
                    continue;
                }
            }
            let more = JsonLd::from_object(o, rank);
            self.headline = self.headline.take().or(more.headline);
            self.published = self.published.take().or(more.published);
            self.modified = self.modified.take().or(more.modified);
            self.author = self.author.take().or(more.author);
            self.url = self.url.take().or(more.url);
            self.language = self.language.take().or(more.language);
        }
    }

    fn from_object(o: &serde_json::Map<String, Value>, rank: u8) -> JsonLd {
        let s = |k: &str| o.get(k).and_then(value_string);
        let headline = s("headline").or_else(|| if rank >= 2 { s("name") } else { None });
        let published = s("datePublished")
            .or_else(|| s("dateCreated"))
            .or_else(|| s("uploadDate"));
        let author = o
            .get("author")
            .or_else(|| o.get("creator"))
            .and_then(author_names);
        let url = s("url").or_else(|| match o.get("mainEntityOfPage") {
            Some(Value::String(u)) => Some(u.trim().to_string()),
            Some(Value::Object(m)) => m.get("@id").and_then(value_string),
            _ => None,
        });
        JsonLd {
            headline,
            published,
            modified: s("dateModified"),
            author,
            url,
            language: s("inLanguage"),
            rank,
        }
    }
}

/// Objects at the top level, in arrays, in `@graph` and `mainEntity`.
fn collect_objects<'v>(
    v: &'v Value,
    depth: usize,
    out: &mut Vec<&'v serde_json::Map<String, Value>>,
) {
    if depth > 6 || out.len() > 64 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a.iter().take(64) {
                collect_objects(x, depth + 1, out);
            }
        }
        Value::Object(o) => {
            out.push(o);
            for k in ["@graph", "mainEntity", "itemListElement"] {
                if let Some(x) = o.get(k) {
                    collect_objects(x, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// 3: article-like; 2: other creative works with a headline; 1: web page;
/// 0: not an article (organisation, breadcrumbs, …).
fn type_rank(o: &serde_json::Map<String, Value>) -> u8 {
    let mut types: Vec<&str> = Vec::new();
    match o.get("@type") {
        Some(Value::String(t)) => types.push(t),
        Some(Value::Array(a)) => types.extend(a.iter().filter_map(Value::as_str)),
        _ => {}
    }
    let mut rank = 0;
    for t in types {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        let r = if t.ends_with("Article")
            || t.ends_with("Posting")
            || t == "Report"
            || t == "NewsArticle"
        {
            3
        } else if matches!(t, "CreativeWork" | "VideoObject" | "Blog" | "Review") {
            2
        } else if t.ends_with("Page") {
            1
        } else {
            0
        };
        rank = rank.max(r);
    }
    if rank == 0 && types_missing(o) && o.contains_key("headline") {
        rank = 2;
    }
    rank
}

fn types_missing(o: &serde_json::Map<String, Value>) -> bool {
    !o.contains_key("@type")
}

fn value_string(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.as_str(),
        Value::Array(a) => return a.iter().find_map(value_string),
        Value::Object(m) => return m.get("@value").and_then(value_string),
        _ => return None,
    };
    let s = collapse(&decode_entities(s));
    (!s.is_empty()).then_some(s)
}

fn author_names(v: &Value) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |v: &Value| {
        let name = match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(m) => m.get("name").and_then(value_string),
            _ => None,
        };
        if let Some(n) = name {
            let n = collapse(&decode_entities(strip_by(&n)));
            if !n.is_empty() && !looks_like_url(&n) && !names.contains(&n) {
                names.push(n);
            }
        }
    };
    match v {
        Value::Array(a) => a.iter().take(16).for_each(&mut push),
        other => push(other),
    }
    (!names.is_empty()).then(|| names.join(", "))
}

// ---------------------------------------------------------------------------
// Small helpers

/// Collapse runs of whitespace to one space and trim.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn has_token(v: &str, want: &str) -> bool {
    v.split_whitespace().any(|t| t.eq_ignore_ascii_case(want))
}

fn looks_like_url(s: &str) -> bool {
    let l = s.trim_start();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("//")
        || l.starts_with("www.")
}

/// A date that is not a placeholder (`0001-01-01…`): any text with a digit,
/// and a leading year, when there is one, after 1800.
fn plausible_date(t: &str) -> bool {
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let year: String = t.chars().take_while(char::is_ascii_digit).collect();
    year.len() != 4 || year.parse::<u32>().is_ok_and(|y| y > 1800)
}

/// `en-US`, `en_GB`, `EN` → `en`; anything that is not a 2–3 letter
/// language subtag → `None`.
fn normalize_language(l: &str) -> Option<String> {
    let primary = l.trim().split(['-', '_', ',', ';']).next()?.trim();
    (2..=3).contains(&primary.len())
        .then(|| primary.to_ascii_lowercase())
        .filter(|p| p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Author names of a joined author string: `A, B and C` → `[A, B, C]`.
pub fn split_authors(joined: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in joined.split([',', ';', '&']).flat_map(|p| p.split(" and ")) {
        let name = collapse(part);
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// `By Jane Doe | May 1, 2020 Print` → `Jane Doe`.
fn clean_author(a: &str) -> String {
    let a = strip_by(a);
    let a = [" | ", " · ", " • ", "\n"]
        .iter()
        .fold(a, |acc, sep| acc.split(sep).next().unwrap_or(acc));
    collapse(a.trim_end_matches([',', ';', '|', '-', ' ']))
}

/// `By Jane Doe` → `Jane Doe`.
fn strip_by(s: &str) -> &str {
    let t = s.trim();
    match t.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => t[3..].trim_start(),
        _ => t,
    }
}

/// Cut a known site name from either end of a title (`og:title` often
/// carries it too).
fn strip_known_site(title: &str, site: Option<&str>) -> String {
    let t = collapse(title);
    if let Some(site) = site.map(collapse).filter(|s| !s.is_empty()) {
        for sep in TITLE_SEPS {
            if let Some(head) = t.strip_suffix(&format!("{sep}{site}")) {
                return head.trim().to_string();
            }
            if let Some(tail) = t.strip_prefix(&format!("{site}{sep}")) {
                return tail.trim().to_string();
            }
        }
    }
    t
}

const TITLE_SEPS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ",
];

/// Cut a ` | Site name` / ` - Site` suffix (or a known site name at either
/// end) from a `<title>`.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let collapsed = collapse(title);
    let mut t = strip_known_site(&collapsed, site);
    if t.len() != collapsed.len() {
        return t;
    }
    for round in 0..2 {
        let found = TITLE_SEPS
            .iter()
            .filter(|sep| round == 0 || **sep == " | ")
            .filter_map(|sep| t.rfind(sep).map(|p| (p, sep.len())))
            .max_by_key(|&(p, _)| p);
        let Some((pos, len)) = found else { break };
        let (head, tail) = (&t[..pos], &t[pos + len..]);
        if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
            t = head.trim().to_string();
        } else {
            break;
        }
    }
    t
}

/// Decode the common HTML entities (JSON-LD and meta strings are sometimes
/// double-escaped).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let semi = after.find(';').filter(|&p| p <= 10);
        let decoded = semi.and_then(|p| {
            let name = &after[1..p];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, p + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Lerin council approves harbour tram | The Lerin Ledger</title>
<meta property="og:title" content="Council approves harbour tram (og)">
<meta property="og:site_name" content="The Lerin Ledger">
<meta property="og:url" content="https://ledger.example/og-url">
<meta name="author" content="By Meta Author">
<meta property="article:published_time" content="2026-03-03T09:00:00Z">
<link rel="canonical" href="https://ledger.example/news/tram-vote">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"Organization","name":"The Lerin Ledger"},
 {"@type":"NewsArticle","headline":"Lerin council approves harbour tram after eleven-hour debate",
  "datePublished":"2026-03-03T08:30:00+01:00",
  "author":[{"@type":"Person","name":"Mira Castell"},{"@type":"Person","name":"Tomas Weil"}]}
]}
</script>
<style>.x{color:red}</style>
</head><body>
<div id="cookie-banner"><p>We use cookies to improve your experience on our site. Accept all cookies?</p></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<div class="layout">
 <main>
  <article>
   <h1>Lerin council approves harbour tram after eleven-hour debate</h1>
   <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
   <p>The city council of Lerin voted 23 to 19 on Tuesday night to build a tram line linking the harbour to the university district, ending a dispute that has run for almost a decade.</p>
   <p>The vote followed eleven hours of debate, during which residents of the old town warned about noise &amp; construction dust.</p>
   <figure><img src="tram.jpg" alt=""><figcaption>A tram prototype on display. Photo: Ledger</figcaption></figure>
   <h2>What happens next</h2>
   <p>Mayor Ilse Brandt said the line would open in 2029 and cost 410&nbsp;million euros, most of it paid by a regional fund.</p>
   <ul><li>Construction starts in spring.</li><li>Bus line 4 will be cut.</li></ul>
   <table><thead><tr><th>Party</th><th>For</th><th>Against</th></tr></thead>
    <tbody><tr><td>Greens</td><td>12</td><td>0</td></tr><tr><td>Harbour List</td><td>11</td><td>19</td></tr></tbody></table>
   <aside class="related-stories"><h3>Related</h3><ul><li><a href="/a">Budget gap widens as port revenue falls in the third quarter</a></li></ul></aside>
   <div class="newsletter-signup"><p>Sign up for our newsletter to get the latest Lerin news every morning in your inbox.</p></div>
  </article>
 </main>
 <div class="sidebar"><h3>Most read</h3><p>A long sidebar paragraph about an unrelated festival that happened in the neighbouring town last summer and drew crowds.</p></div>
</div>
<footer><p>© 2026 The Lerin Ledger. All rights reserved.</p></footer>
<script>var x = "<p>not text</p>";</script>
</body></html>"##;

    #[test]
    fn article_page() {
        let e = extract_html(PAGE);
        assert_eq!(
            e.title.as_deref(),
            Some("Lerin council approves harbour tram after eleven-hour debate")
        );
        assert_eq!(e.published.as_deref(), Some("2026-03-03T08:30:00+01:00"));
        assert_eq!(e.author.as_deref(), Some("Mira Castell, Tomas Weil"));
        assert_eq!(
            e.url.as_deref(),
            Some("https://ledger.example/news/tram-vote")
        );
        let expected = "The city council of Lerin voted 23 to 19 on Tuesday night to build a tram line linking the harbour to the university district, ending a dispute that has run for almost a decade.\n\n\
The vote followed eleven hours of debate, during which residents of the old town warned about noise & construction dust.\n\n\
What happens next\n\n\
Mayor Ilse Brandt said the line would open in 2029 and cost 410 million euros, most of it paid by a regional fund.\n\n\
- Construction starts in spring.\n\
- Bus line 4 will be cut.\n\n\
| Party | For | Against |\n\
|---|---|---|\n\
| Greens | 12 | 0 |\n\
| Harbour List | 11 | 19 |";
        assert_eq!(e.text, expected);
        // The h1 copy of the title was dropped and reported.
        assert!(e
            .removed
            .iter()
            .any(|r| r.starts_with("Lerin council approves")));
    }

    #[test]
    fn modified_language_url_and_visible_dates() {
        // JSON-LD gives published and modified, <html lang> the language,
        // two authors are listed one by one.
        let html = r#"<html lang="en-GB"><head>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Tram line approved","datePublished":"2026-03-02T08:00:00Z","dateModified":"2026-03-03T09:30:00Z","author":[{"name":"Ines Vale"},{"name":"Tom Baird"}]}</script>
</head><body><h2>Route</h2><p>The council approved the new tram line on Monday after a two-year consultation with residents.</p></body></html>"#;
        let e = extract_html(html);
        assert_eq!(e.published.as_deref(), Some("2026-03-02T08:00:00Z"));
        assert_eq!(e.modified.as_deref(), Some("2026-03-03T09:30:00Z"));
        assert_eq!(e.language.as_deref(), Some("en"));
        assert_eq!(e.authors, vec!["Ines Vale".to_string(), "Tom Baird".to_string()]);
        assert_eq!(e.headings, vec!["Route".to_string()]);

        // No date in markup: the canonical URL has one.
        let html = r#"<html><head><link rel="canonical" href="https://post.example/news/2026/02/17/ferry-strike"><meta http-equiv="content-language" content="de"></head>
<body><p>Die Fährleute kehrten am Freitag an die Arbeit zurück, nachdem die Reederei einem neuen Vertrag zugestimmt hatte.</p></body></html>"#;
        let e = extract_html(html);
        assert_eq!(e.published.as_deref(), Some("2026-02-17"));
        assert_eq!(e.language.as_deref(), Some("de"));

        // Only a visible date next to the byline.
        let html = r#"<html><body><div class="article-date">Published 17 February 2026, 10:04</div>
<p>The ferry crews went back to work on Friday after the company agreed to a new contract with the union.</p></body></html>"#;
        let e = extract_html(html);
        assert_eq!(e.published.as_deref(), Some("2026-02-17"));
        assert_eq!(e.modified, None);
    }

    #[test]
    fn metadata_fallbacks() {
        // No JSON-LD: og:title, meta author, meta date.
        let html = r#"<html><head><title>Ferry strike ends - Island Post</title>
<meta property="og:title" content="Ferry strike ends after five days">
<meta name="author" content="Pau Serra">
<meta name="date" content="2026-02-17">
<meta property="og:url" content="https://post.example/ferry">
</head><body><time datetime="2026-02-01">1 Feb</time><p>The ferry crews went back to work on Friday after the company agreed to a new contract with the union.</p></body></html>"#;
        let e = extract_html(html);
        assert_eq!(
            e.title.as_deref(),
            Some("Ferry strike ends after five days")
        );
        assert_eq!(e.author.as_deref(), Some("Pau Serra"));
        assert_eq!(e.published.as_deref(), Some("2026-02-17"));
        assert_eq!(e.url.as_deref(), Some("https://post.example/ferry"));

        // <title> with a site suffix, <time>, rel=author.
        let html = r#"<html><head><title>Ferry strike ends after five days | Island Post</title></head>
<body><p class="byline">By <a rel="author" href="/staff/ana">Ana Ruiz</a></p><time datetime="2026-02-01T10:00:00Z">1 Feb</time>
<p>The ferry crews went back to work on Friday after the company agreed to a new contract with the union.</p></body></html>"#;
        let e = extract_html(html);
        assert_eq!(
            e.title.as_deref(),
            Some("Ferry strike ends after five days")
        );
        assert_eq!(e.published.as_deref(), Some("2026-02-01T10:00:00Z"));
        assert_eq!(e.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(e.url, None);

        // Only an h1.
        let e = extract_html("<body><h1>Harbour reopens</h1><p>The harbour of Vell reopened on Monday after storm repairs were finished ahead of schedule.</p></body>");
        assert_eq!(e.title.as_deref(), Some("Harbour reopens"));
        assert_eq!(e.text, "The harbour of Vell reopened on Monday after storm repairs were finished ahead of schedule.");
    }

    #[test]
    fn main_text_beats_sidebar() {
        let para = "The regional ferry company said on Thursday that crossings to the outer islands would resume next week once the new crews have been trained.";
        let html = format!(
            r#"<body><div id="page">
<div class="col-a"><p>{para}</p><p>{para}</p><p>{para}</p><p>{para}</p></div>
<div class="col-b"><p>Weather: sunny spells with a light breeze from the north-west during the afternoon.</p></div>
</div></body>"#
        );
        let e = extract_html(&html);
        assert_eq!(e.text.matches("regional ferry company").count(), 4);
        assert!(!e.text.contains("Weather"));
    }

    #[test]
    fn link_lists_and_widgets_dropped() {
        let html = r#"<body><article>
<p>Teachers in the canton of Aris will strike on Monday over a pay freeze announced last month by the government.</p>
<ul><li><a href="/1">Canton budget explained in detail</a></li><li><a href="/2">Who are the Aris teachers and what do they want</a></li></ul>
<div class="ad-slot"><p>Buy the new Harbour phone today with a discount of twenty percent off.</p></div>
<section id="comments"><p>I think the teachers are right and the government should pay them more money.</p></section>
<p>Schools will stay open for children whose parents cannot arrange care, the education office said.</p>
<div hidden><p>Hidden text that should never appear in the output of the extractor at all.</p></div>
<p style="display: none">Another hidden paragraph that the reader never sees on the page.</p>
</article></body>"#;
        let e = extract_html(html);
        assert_eq!(
            e.text,
            "Teachers in the canton of Aris will strike on Monday over a pay freeze announced last month by the government.\n\n\
Schools will stay open for children whose parents cannot arrange care, the education office said."
        );
    }

    #[test]
    fn wrapper_with_cue_class_is_kept() {
        // A page-wide wrapper whose class happens to contain a cue word.
        let html = r#"<body><div class="page has-sidebar"><div class="story">
<p>The island of Vell elected its first mayor from the fishing cooperative on Sunday, with 61 percent of the vote.</p>
<p>Turnout was the highest in twenty years, the electoral office said in a statement.</p>
</div><div class="sidebar"><p>Other news from the islands this week, collected by our editors for you.</p></div></div></body>"#;
        let e = extract_html(html);
        assert!(e.text.starts_with("The island of Vell elected"));
        assert!(e.text.contains("Turnout was the highest"));
        assert!(!e.text.contains("Other news"));
    }

    #[test]
    fn boilerplate_text_lines_cleaned() {
        let html = r#"<body><article>
<p>The tram depot will be built on the site of the old gasworks, the council said on Wednesday evening.</p>
<p>Advertisement</p>
<p>Read more: Council to vote on the tram budget</p>
<p>Work will start in April and take three years, according to the city planning department.</p>
<p>Discover more from The Lerin Ledger</p>
<p>Subscribe to get the latest posts sent to your email.</p>
</article></body>"#;
        let e = extract_html(html);
        assert_eq!(
            e.text,
            "The tram depot will be built on the site of the old gasworks, the council said on Wednesday evening.\n\n\
Work will start in April and take three years, according to the city planning department."
        );
        assert_eq!(e.removed.len(), 4);
    }

    #[test]
    fn br_and_loose_text() {
        let html = "<body><div>The first loose paragraph of the story, told without any p tags at all.<br><br>The second loose paragraph follows after two line breaks in the markup.</div></body>";
        let e = extract_html(html);
        assert_eq!(
            e.text,
            "The first loose paragraph of the story, told without any p tags at all.\n\nThe second loose paragraph follows after two line breaks in the markup."
        );
    }

    #[test]
    fn layout_table_is_read_as_blocks() {
        let long = "This is a long paragraph inside a layout table cell, the way some old sites still build pages. ".repeat(5);
        let html = format!("<body><table><tr><td><a href='/'>Home</a></td><td><p>{long}</p><p>{long}</p></td></tr></table></body>");
        let e = extract_html(&html);
        assert!(!e.text.contains('|'));
        assert_eq!(e.text.matches("layout table cell").count(), 10);
    }

    #[test]
    fn json_ld_variants() {
        let html = r#"<head><script type="application/ld+json">[{"@type":"WebPage","name":"Page name"},
{"@type":["NewsArticle"],"headline":"Tram &amp; bus plan","datePublished":"2026-01-05","author":"By Jo Lind","url":"https://x.example/a"}]</script>
<script type="application/ld+json">{ not json</script></head><body><p>x</p></body>"#;
        let e = extract_html(html);
        assert_eq!(e.title.as_deref(), Some("Tram & bus plan"));
        assert_eq!(e.published.as_deref(), Some("2026-01-05"));
        assert_eq!(e.author.as_deref(), Some("Jo Lind"));
        assert_eq!(e.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(e.text, "");
    }

    #[test]
    fn title_suffixes() {
        assert_eq!(
            strip_site_suffix("Ferry strike ends after five days | Island Post", None),
            "Ferry strike ends after five days"
        );
        assert_eq!(
            strip_site_suffix("Ferry strike - what you need to know | Island Post", None),
            "Ferry strike - what you need to know"
        );
        assert_eq!(
            strip_site_suffix("Island Post - Ferry strike ends", Some("Island Post")),
            "Ferry strike ends"
        );
        assert_eq!(
            strip_site_suffix("Ferry strike — Island Post", Some("Island Post")),
            "Ferry strike"
        );
        assert_eq!(strip_site_suffix("Short - Title", None), "Short - Title");
    }

    #[test]
    fn entities_decoded() {
        assert_eq!(
            decode_entities("a &amp; b &#39;c&#x27; &lt;&gt; &bogus; &"),
            "a & b 'c' <> &bogus; &"
        );
    }

    #[test]
    fn list_article_beats_short_sidebar() {
        let item = "<li><a href='/x'>The harbour office</a> says the new timetable starts on the first Monday of May, with extra crossings at weekends.</li>";
        let html = format!(
            "<body><div class='main'><h1>Ten things to know about the ferry timetable</h1><p>Here is what changes for passengers.</p><ol>{}</ol></div>\
             <div class='aside-box'><p>The weather will stay mild for the rest of the week, forecasters say.</p></div></body>",
            item.repeat(10)
        );
        let e = extract_html(&html);
        assert_eq!(
            e.text.matches("- The harbour office says").count(),
            10,
            "{}",
            e.text
        );
        assert!(e.text.starts_with("Here is what changes for passengers."));
        assert!(!e.text.contains("weather"));
        assert_eq!(
            e.title.as_deref(),
            Some("Ten things to know about the ferry timetable")
        );
    }

    #[test]
    fn wrapper_with_ad_cue_is_rescued() {
        let html = r#"<body><div class="page-ad-margins"><div class="story">
<p>The island of Vell elected its first mayor from the fishing cooperative on Sunday, with 61 percent of the vote.</p>
<p>Turnout was the highest in twenty years, the electoral office said in a statement.</p>
<div class="ad-slot"><p>Advertisement text that must not appear in the article at all, whatever happens.</p></div>
</div></div></body>"#;
        let e = extract_html(html);
        assert!(
            e.text.starts_with("The island of Vell elected"),
            "{}",
            e.text
        );
        assert!(e.text.contains("Turnout was the highest"));
        assert!(!e.text.contains("Advertisement text"));
    }

    #[test]
    fn article_with_headline_wins_over_teaser_article() {
        let teaser = "<p>Another story from the archive about something that happened on the islands a long time ago.</p>";
        let html = format!(
            "<body><article class='post'><h1>Night ferry returns</h1><p>The night ferry between Vell and the mainland returns on Friday after a two-year break, the operator said.</p>\
             <p>Tickets go on sale on Wednesday, and season passes from the islands' cooperative remain valid on the new service.</p><p>The crossing will take four hours and leave Vell at eleven in the evening.</p></article><article class='archive'>{}</article></body>",
            teaser.repeat(6)
        );
        let e = extract_html(&html);
        assert!(
            e.text.starts_with("The night ferry between Vell"),
            "{}",
            e.text
        );
        assert!(!e.text.contains("archive"));
    }

    #[test]
    fn author_and_date_cleanup() {
        let html = r#"<html><head>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Port strike ends","datePublished":"0001-01-01T00:00:00Z"}</script>
<meta property="og:site_name" content="Island Post">
<meta name="date" content="2026-04-02">
</head><body><div class="article-byline"><span class="author-name">By Lena Aro | April 2, 2026 Print this article</span></div>
<p>The port workers of Vell ended their strike on Thursday after a deal on night shifts was reached.</p></body></html>"#;
        let e = extract_html(html);
        assert_eq!(e.published.as_deref(), Some("2026-04-02"));
        assert_eq!(e.author.as_deref(), Some("Lena Aro"));
        assert_eq!(e.text, "The port workers of Vell ended their strike on Thursday after a deal on night shifts was reached.");
        let html = r#"<head><meta property="og:title" content="Port strike ends | Island Post"><meta property="og:site_name" content="Island Post"></head>"#;
        assert_eq!(
            extract_html(html).title.as_deref(),
            Some("Port strike ends")
        );
    }

    #[test]
    fn short_text_only_page() {
        let e = extract_html("<body><nav><a href='/'>Home</a></nav><p>Closed today.</p></body>");
        assert_eq!(e.text, "Closed today.");
        let e = extract_html(
            "<body><nav><a href='/'>Home</a></nav><a href='/x'>Only a link</a></body>",
        );
        assert_eq!(e.text, "");
    }

    #[test]
    fn garbage_never_panics() {
        let mut inputs: Vec<String> = vec![
            String::new(),
            " ".into(),
            "<".into(),
            "<<<>>></p></div></body>".into(),
            "<html><body><p>unclosed <b>bold <i>italic".into(),
            "<table><tr><td><table><tr><td>x</td></tr></table>".into(),
            "<script>".into(),
            "<svg><title>t</title><p>in svg</p></svg>".into(),
            "\u{0}\u{1}\u{fffd}\u{feff}<p>\u{0}</p>".into(),
            "<meta property=og:title><link rel=canonical><time datetime>".into(),
            "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"author\":[1,{},null]}</script>".into(),
            "plain text without any markup at all, just words and more words for the reader".into(),
        ];
        // Deep nesting and a big page.
        inputs.push("<div>".repeat(5_000) + "deep text inside many divs" + &"</div>".repeat(5_000));
        inputs.push("<p>word </p>".repeat(20_000));
        // Pseudo-random bytes, lossily decoded.
        let mut x: u32 = 12345;
        let bytes: Vec<u8> = (0..50_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        for s in &inputs {
            let _ = extract_html(s);
        }
        assert_eq!(extract_html(""), Extracted::default());
        let e = extract_html(
            "plain text without any markup at all, just words and more words for the reader",
        );
        assert_eq!(
            e.text,
            "plain text without any markup at all, just words and more words for the reader"
        );
    }
}
