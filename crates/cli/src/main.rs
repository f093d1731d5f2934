//! `chorus`: the command-line interface. Glue only: parses arguments,
//! calls `chorus-engine`, prints results.

mod bench;
mod commands;
mod eval_coref;
mod eval_quotes;
mod eval_timex;
mod extract;
mod ner_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// chorus: many reports of one event in, one cited brief out.
///
/// chorus reads news articles (plain text, HTML pages, JSONL), removes
/// boilerplate, finds duplicates and rewrites, groups articles into
/// stories, and writes an extractive brief in which every sentence cites
/// the exact source spans behind it and counts independent sources.
#[derive(Parser)]
#[command(name = "chorus", version, about, long_about, max_term_width = 100)]
struct Cli {
    /// SQLite store used by ingest, stories and brief.
    #[arg(long, global = true, env = "CHORUS_DB", default_value = "chorus.db")]
    db: PathBuf,
    /// Do not show progress or warnings on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline on the built-in fictional demo corpus and print its briefs.
    Demo {
        /// Output format.
        #[arg(long, short, default_value = "md", value_parser = ["md", "json", "html"])]
        format: String,
    },
    /// Add articles to the store: files or folders (recursive) of .txt, .html/.htm,
    /// .jsonl/.jsonl.gz, .warc/.warc.gz (the HTML pages of a web crawl); `-` reads JSONL from
    /// standard input.
    ///
    /// JSONL records: {"id","source","published","title","text"|"html","url"}; only one of
    /// text/html is needed and unknown fields are kept as metadata. Ingesting the same record
    /// twice stores it once. Bad records are reported with file and line and skipped; the exit
    /// code is non-zero only when nothing could be ingested.
    Ingest {
        /// Files, folders, or `-` for JSONL on stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Outlet name for inputs that do not say (e.g. plain .txt files).
        #[arg(long)]
        source: Option<String>,
        /// Publication time (RFC 3339 or YYYY-MM-DD) for inputs that do not say.
        #[arg(long)]
        published: Option<String>,
        /// Documents per transaction.
        #[arg(long, default_value_t = 1024)]
        batch_size: usize,
    },
    /// List stories: id, title, documents, independent sources, time span.
    Stories {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write the brief of one story (by id, see `chorus stories`) or of all stories.
    Brief {
        /// Story id.
        story: Option<String>,
        /// All stories.
        #[arg(long, conflicts_with = "story")]
        all: bool,
        /// Output format.
        #[arg(long, short, default_value = "md", value_parser = ["md", "json", "html"])]
        format: String,
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Who said what: the statements of one story (or all), grouped across outlets, with the
    /// resolved speaker, each outlet's wording side by side and its exact span, and flags when
    /// outlets word a statement differently or a direct quote is a paraphrase.
    Quotes {
        /// Story id (see `chorus stories`); all stories when left out.
        story: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Who is who: the people, organisations, places and other named things of one story (or,
    /// without STORY, of the whole store, merged across stories), each under one canonical name
    /// with its other spellings, the roles outlets give it, how many independent sources mention
    /// it, and why spellings were merged.
    Entities {
        /// Story id (see `chorus stories`); the whole store when left out.
        story: Option<String>,
        /// Only this type: PER, ORG, LOC or MISC.
        #[arg(long, value_parser = ["PER", "ORG", "LOC", "MISC"])]
        r#type: Option<String>,
        /// At most this many entities (0: all).
        #[arg(long, default_value_t = 40)]
        limit: usize,
        /// Print JSON (the story's `entities`, or the merged list for the store).
        #[arg(long)]
        json: bool,
    },
    /// Ingest PATHs and write the brief of every story in one step (a temporary store unless
    /// --db is given explicitly).
    Run {
        /// Files or folders (recursive) of .txt, .html/.htm, .jsonl/.jsonl.gz, .warc/.warc.gz, or
        /// `-` for JSONL on stdin (as for `ingest`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format: Markdown, the JSON brief (docs/json-brief.md) or a standalone HTML page.
        #[arg(long, short, default_value = "md", value_parser = ["md", "json", "html"])]
        format: String,
        /// Outlet name for inputs that do not say (e.g. plain .txt files).
        #[arg(long)]
        source: Option<String>,
        /// Publication time (RFC 3339 or YYYY-MM-DD) for inputs that do not say.
        #[arg(long)]
        published: Option<String>,
    },
    /// Print the article of one HTML page (file, .html.gz, or `-` for stdin): main text without
    /// navigation, ads, banners, share bars, related links or comments, plus its metadata.
    ///
    /// The page's encoding is detected (byte-order mark, <meta charset>, else UTF-8 or
    /// Windows-1252). Exit code 1 when the page holds no article text.
    Extract {
        /// HTML file (.html, .htm, optionally gzipped) or `-`.
        input: PathBuf,
        /// Output: plain text, Markdown (title, byline, ## headings) or JSON with metadata
        /// (title, authors, published, modified, language, url, encoding, text).
        #[arg(long, short, default_value = "text", value_parser = ["text", "markdown", "json"])]
        format: String,
        /// Print the title before the text (text format).
        #[arg(long)]
        title: bool,
    },
    /// Follow RSS/Atom/JSON feeds: poll them, fetch each new article page, and add it to the
    /// store, updating stories and briefs as articles arrive.
    ///
    /// FEEDS are feed URLs or OPML files listing feeds. Polls use conditional GET (ETag,
    /// Last-Modified); failing feeds back off exponentially (Retry-After is honoured); one
    /// request at a time per host, --delay apart; robots.txt is obeyed (a disallowed page is
    /// replaced by the feed's own text for it when there is any). Pages that fail are retried
    /// with backoff. What was seen and what is still to fetch is kept in the store, so a restart
    /// fetches nothing twice. Ctrl-C stops after the current round.
    Watch {
        /// Feed URLs and/or OPML files.
        #[arg(required = true)]
        feeds: Vec<String>,
        /// One pass over all feeds and pending pages, then exit.
        #[arg(long)]
        once: bool,
        /// Time between polls of a feed (e.g. 900, 90s, 15m, 1h).
        #[arg(long, default_value = "15m", value_parser = parse_duration)]
        interval: std::time::Duration,
        /// Minimum time between two requests to one host.
        #[arg(long, default_value = "1s", value_parser = parse_duration)]
        delay: std::time::Duration,
        /// Time limit of one request.
        #[arg(long, default_value = "20s", value_parser = parse_duration)]
        timeout: std::time::Duration,
        /// Requests in parallel (to different hosts).
        #[arg(long, default_value_t = 4)]
        workers: usize,
        /// Tries per page before falling back to the feed's text.
        #[arg(long, default_value_t = 5)]
        max_attempts: u32,
    },
    /// Measure quality against gold labels.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train a model from data in ../shared.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Measure throughput of the whole pipeline on JSONL corpora (docs/s, MB/s, peak RSS, per
    /// stage). Uses a temporary store.
    Bench {
        /// JSONL corpora in the ingest format (e.g. ../shared/bench/news-8k.jsonl); each is run
        /// into a fresh store and reported on its own line.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Named-entity recognizer: two-stage averaged structured perceptron on CoNLL-2003 train,
    /// best epochs chosen on testa (dev); writes the model and prints dev per-type P/R/F1. The
    /// committed model: `scripts/ner-resources && chorus train ner --resources target/ner-resources --refit`
    /// (the BiLSTM added to it at run time is trained by `scripts/train-ner-lstm`).
    Ner {
        /// Folder with train.txt and testa.txt (CoNLL-2003).
        #[arg(long, default_value = "../shared/data/conll2003")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "models/ner/ner.bin")]
        out: PathBuf,
        /// Training epochs (the best on dev is kept).
        #[arg(long, default_value_t = 15)]
        epochs: usize,
        /// Seed of the per-epoch shuffle.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also build word clusters from unlabeled text in ../shared and use them as features
        /// (experimental: within seed noise on dev, so the committed model does not use them).
        #[arg(long, conflicts_with = "resources")]
        clusters: bool,
        /// Folder written by `scripts/ner-resources` (Brown clusters, capitalization priors and
        /// name lists unpacked from pinned PyPI packages); the committed model is trained with
        /// it. Without it the model uses the CoNLL training data alone.
        #[arg(long, value_name = "DIR")]
        resources: Option<PathBuf>,
        /// After choosing both stages' epochs on testa, train again with those epochs on train +
        /// testa together and write that model (the printed dev scores are the first run's:
        /// a refit model has seen testa, so only testb can score it). About twice the time.
        #[arg(long)]
        refit: bool,
        /// Learners per stage, each with its own seed (`--seed`, then seed + 1000, + 2000, …),
        /// whose averaged weights are summed into one model of the same size and speed. Time and
        /// training memory grow with it.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
        ensemble: u16,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Named entities: tag a CoNLL-2003 file (default ../shared/data/conll2003/testa.txt, the
    /// dev split) and print per-type P/R/F1 (entity-level exact match, conlleval semantics),
    /// tokens/s on one core, and last `f1=…`. The committed models (the perceptron and the LSTM
    /// added to it) were refit on train + testa (`chorus train ner --refit`, `scripts/train-ner-lstm
    /// refit`), so only testb.txt measures their quality; dev scores are for models trained
    /// without the refit.
    Ner {
        /// CoNLL file (TOKEN POS CHUNK NER).
        file: Option<PathBuf>,
        /// Trained perceptron model.
        #[arg(long, default_value = "models/ner/ner.bin")]
        model: PathBuf,
        /// BiLSTM whose tag log-probabilities are added to the model's scores (trained by
        /// `scripts/train-ner-lstm`); `off`: the perceptron alone.
        #[arg(long, default_value = "models/ner/lstm.bin")]
        lstm: String,
        /// Perceptron score units per nat of the LSTM's log-probability (default: the weight
        /// stored in the LSTM file).
        #[arg(long)]
        lstm_weight: Option<f32>,
    },
    /// Quotes and attributions: run the quote extractor on PolNeAR (default
    /// ../shared/data/polnear/attributions.jsonl, primary annotations of the split) and print
    /// source, cue and content P/R/F1 (exact and overlap), throughput on one core, then
    /// `paired_source_f1=…` (overlap-matched source F1 over paired attributions: each prediction
    /// paired with a gold attribution by cue overlap, else content overlap; a gold attribution
    /// without a source is right only with no predicted source) and last `source_f1=…`: the
    /// end-to-end overlap-matched source F1, where missed and spurious attributions count.
    Quotes {
        /// Gold JSONL (one record per annotated article, character offsets).
        file: Option<PathBuf>,
        /// Documents to score: dev, train or all.
        #[arg(long, default_value = "dev")]
        split: String,
    },
    /// Story clustering: B-cubed precision/recall/F1 against a gold TSV (doc_id<TAB>story_id).
    Cluster {
        /// Gold labels.
        #[arg(long)]
        gold: PathBuf,
        /// JSONL input whose record ids match the gold file.
        input: PathBuf,
        /// Override the story-joining similarity threshold (for tuning on dev data).
        #[arg(long)]
        threshold: Option<f32>,
    },
    /// Article extraction: extract every page in DIR (.html / .html.gz; id = file name without
    /// extensions) on one core into the JSON the article-extraction-benchmark reads
    /// ({id: {"articleBody": …}}), print pages/s and MB/s of HTML, and with --gold the
    /// benchmark's token F1 (last line `f1=…`).
    Extract {
        /// Folder of pages, e.g. ../shared/data/extraction/zyte/html.
        dir: PathBuf,
        /// Where to write the predictions JSON.
        #[arg(long)]
        out: PathBuf,
        /// Gold JSON ({id: {"articleBody": …}}), e.g. ../shared/data/extraction/zyte/ground-truth.json.
        #[arg(long)]
        gold: Option<PathBuf>,
    },
    /// Cross-document entity coreference on ECB+ (default ../shared/data/ecbplus) with gold
    /// entity mentions: documents are grouped into stories (by chorus's own story clustering, or
    /// by the gold sub-topics), the mentions of each group are clustered with the entity-name
    /// rules of chorus-entities (canon) plus head-noun, time and pronoun rules, clusters of
    /// different groups that share a name (a person's full name, a place's or organisation's
    /// name) are joined as in the store-wide entity list, and the clusters are scored against the gold chains with MUC, B-cubed and CEAF-e (P/R/F1) and their
    /// average, the CoNLL F1. Only mentions in validated sentences are scored unless
    /// --all-mentions. Prints scores with and without singletons, counts, time, and last
    /// `conll_f1=…` (with singletons unless --no-singletons). Topics 1-22 were used for tuning;
    /// 23-35 are held out.
    Coref {
        /// Folder with docs.jsonl and mentions.jsonl.
        dir: Option<PathBuf>,
        /// Document grouping: clustered (chorus story clustering) or subtopic (gold sub-topics).
        #[arg(long, default_value = "clustered", value_parser = ["clustered", "subtopic"])]
        docs: String,
        /// Topics to score, an inclusive range: 1-22 (tuning), 23-35 (held out), 1-35.
        #[arg(long, default_value = "1-35")]
        topics: String,
        /// Score all entity mentions, not only those in validated sentences.
        #[arg(long)]
        all_mentions: bool,
        /// Headline (last line) without singletons: clusters of one mention removed from key
        /// and response.
        #[arg(long)]
        no_singletons: bool,
    },
    /// Time expressions: tag every text of a TimeML JSONL file (default
    /// ../shared/data/tempeval3/timex.jsonl) against its DCT and print TempEval-3 Task A scores
    /// (strict and relaxed extent P/R/F1, type and value F1), throughput on one core, and last
    /// `value_f1=…`.
    Timex {
        /// Gold JSONL ({"doc","dct","text","timex":[{"start","end","type","value",…}]}, character
        /// offsets).
        file: Option<PathBuf>,
        /// Documents to score: dev (sorted-id index % 5 == 0), train (the rest) or all.
        #[arg(long, default_value = "all")]
        split: String,
        /// List missed, spurious and mismatched expressions on stderr.
        #[arg(long)]
        errors: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let explicit_db = std::env::args_os().any(|a| a == "--db" || a.to_string_lossy().starts_with("--db="))
        || std::env::var_os("CHORUS_DB").is_some();
    let result = match cli.command {
        Command::Demo { format } => commands::demo(&format, cli.quiet),
        Command::Ingest { paths, source, published, batch_size } => {
            commands::ingest(&cli.db, &paths, source, published, batch_size, cli.quiet)
        }
        Command::Stories { json } => commands::stories(&cli.db, json),
        Command::Quotes { story, json } => commands::quotes(&cli.db, story.as_deref(), json),
        Command::Entities { story, r#type, limit, json } => {
            commands::entities(&cli.db, story.as_deref(), r#type.as_deref(), limit, json)
        }
        Command::Brief { story, all, format, output } => {
            commands::brief(&cli.db, if all { None } else { story.as_deref() }, all, &format, output.as_deref())
        }
        Command::Run { paths, format, source, published } => {
            commands::run(explicit_db.then_some(cli.db.as_path()), &paths, source, published, &format, cli.quiet)
        }
        Command::Eval(EvalCommand::Cluster { gold, input, threshold }) => {
            commands::eval_cluster(&gold, &input, threshold, cli.quiet)
        }
        Command::Extract { input, format, title } => extract::extract(&input, &format, title),
        Command::Eval(EvalCommand::Extract { dir, out, gold }) => {
            extract::eval_extract(&dir, &out, gold.as_deref(), cli.quiet)
        }
        Command::Eval(EvalCommand::Quotes { file, split }) => eval_quotes::run(file.as_deref(), &split, cli.quiet),
        Command::Eval(EvalCommand::Coref { dir, docs, topics, all_mentions, no_singletons }) => {
            eval_coref::run(&eval_coref::CorefArgs { dir, docs, topics, all_mentions, no_singletons }, cli.quiet)
        }
        Command::Eval(EvalCommand::Timex { file, split, errors }) => {
            eval_timex::run(file.as_deref(), &split, errors, cli.quiet)
        }
        Command::Watch { feeds, once, interval, delay, timeout, workers, max_attempts } => commands::watch(
            &cli.db,
            commands::WatchArgs { feeds, once, interval, delay, timeout, workers, max_attempts },
            cli.quiet,
        ),
        Command::Bench { inputs } => bench::run(&inputs),
        Command::Train(TrainCommand::Ner { data, out, epochs, seed, clusters, resources, refit, ensemble }) => {
            let opts = ner_cmd::TrainArgs { epochs, seed, with_clusters: clusters, refit, ensemble: ensemble.into() };
            ner_cmd::train(&data, &out, &opts, resources.as_deref(), cli.quiet)
        }
        Command::Eval(EvalCommand::Ner { file, model, lstm, lstm_weight }) => ner_cmd::eval(
            &file.unwrap_or_else(|| PathBuf::from("../shared/data/conll2003/testa.txt")),
            &model,
            (lstm != "off").then(|| Path::new(&lstm)),
            lstm_weight,
            cli.quiet,
        ),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `90`, `90s`, `500ms`, `15m`, `1h` → a duration.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("{s:?} is not a duration (e.g. 30s, 15m, 1h)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        other => return Err(format!("unknown unit {other:?} (use ms, s, m or h)")),
    };
    if !secs.is_finite() || !(0.0..=1e9).contains(&secs) {
        return Err(format!("{s:?} is out of range"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
