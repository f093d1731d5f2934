//! Quotes and reported speech with their speakers: who said what.
//!
//! [`find_quotes`] finds direct quotes (`“…,” Peskov said`), split quotes
//! (`“…,” he said, “…”`), quotes that run on over several sentences and
//! paragraphs, and reported speech (`Smith said that …`, `X told reporters
//! …`, `according to X, …`, `…, she added.`), each with its cue, the
//! speaker mention as written (`source`) and the speaker it names
//! (`speaker`).
//!
//! # How it works
//!
//! Rule based, no model. One Aho-Corasick pass over the text looks for cue
//! words and quotation marks; a text without any is done. Otherwise each
//! line (paragraph) is cut into tokens once; a quotation (`"…"`, `“…”`,
//! `''…''`, `«…»`, `„…“`, and `‘…’` when a closing `’` is followed by no
//! letter) becomes one token, and a quotation still open at the end of a
//! line runs to the end of the line (the newspaper convention for quotes
//! over several paragraphs). Sentences are cut over these tokens, so a
//! quote never splits a sentence.
//!
//! In paragraphs with a hit, every cue word outside quotes is tried against
//! a few patterns: source before the cue (`NP [also|has|…] said`, `NP, an
//! apposition, said`, `NP … and said`) or after it (`“…,” said NP`),
//! `according to NP`, participles (`…, saying …`: the source of the
//! attribution just found in the sentence, else the clause's subject), and
//! a line that opens with a name and a colon (`Senator Lee: …`, transcript
//! turns). Object-taking cues (`called`, `described`, `criticized`,
//! `accused`, `urged`, `a poll shows`, `found`, `wants`, `declined to
//! comment`, …) take the rest of the clause as content (`called the plan a
//! mistake`), and so do `that`-cues (`announced`, `noted`, …) when an object
//! follows instead of `that`. `Asked about …,` / `when asked whether …` is
//! an attribution with no source. A passive (`was told`) or a relative clause (`which he said …`)
//! is skipped. What follows or precedes the cue
//! decides the content: a quote right before or after it (direct), the
//! rest of the sentence (`said [that] …`), the clause before a comma
//! (`…, he said.`), or both sides (`…, he said, …`). A quote that is a
//! sentence of its own, right after a direct quote in the same paragraph,
//! or a paragraph that opens with a quote and has no cue of its own, is
//! added to the content of the quote before it.
//!
//! Source noun phrases are walked leftwards from the cue over names,
//! titles, honorifics, determiners and appositions (`Anna White, a
//! spokeswoman for X,`); the span keeps titles and appositions, as the
//! PolNeAR annotation does (`source` = "Kremlin spokesman Dmitry Peskov").
//!
//! # Speakers
//!
//! * **Named**: the source holds a name. Titles, honorifics, appositions
//!   and a possessive `’s` are dropped, and a lone surname takes the full
//!   name of the most recent earlier mention with that surname (`Peskov` →
//!   `Dmitry Peskov`).
//! * **Title**: `the Kremlin spokesman` takes the most recent earlier
//!   person mention whose title has the same head noun and every
//!   capitalized modifier (`Kremlin spokesman Dmitry Peskov`, `Dmitry
//!   Peskov, the Kremlin spokesman,`).
//! * **Pronoun**: `he` / `she` take the most recent earlier person (a
//!   named speaker or a person mention outside quotes and quoted content,
//!   within four paragraphs) whose gender (from honorifics, gendered titles
//!   and a list of first names) does not conflict; `who` takes the noun
//!   phrase before its comma.
//! * otherwise **Unresolved** with `speaker: None` (`they`, `it`, `I`,
//!   `the campaign`, `officials`, a title with no antecedent): no speaker is
//!   better than a wrong one.
//!
//! # Spans
//!
//! All spans are byte offsets into the text given, end exclusive, on char
//! boundaries, trimmed of whitespace. Direct content spans include their
//! quotation marks (and a comma inside them), as PolNeAR does. The cue is
//! the verb alone (`said`, `told`, `according to`). Linear in the text; no
//! panic on any input.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// How the speaker of a quote was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerResolution {
    /// The source mention holds the name ("Peskov", "President Zelensky").
    Named,
    /// A title ("the Kremlin spokesman") matched an earlier named mention.
    Title,
    /// A pronoun ("he", "she", "who") resolved to an earlier person.
    Pronoun,
    /// No speaker could be named with confidence.
    Unresolved,
}

/// A quote or a piece of reported speech.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// BYTE spans (start, end exclusive) into the text given; content may
    /// have several parts (split quotes, quotes continued in later
    /// sentences or paragraphs). Direct parts include their quotation marks.
    pub content: Vec<(usize, usize)>,
    /// Inside quotation marks.
    pub direct: bool,
    /// "said", "told", "according to", "wrote".
    pub cue: Option<(usize, usize)>,
    /// The speaker mention as written at this quote ("he", "the Kremlin
    /// spokesman", "Kremlin spokesman Dmitry Peskov").
    pub source: Option<(usize, usize)>,
    /// Resolved name ("Dmitry Peskov"); `None` when unresolved.
    pub speaker: Option<String>,
    pub resolution: SpeakerResolution,
}

// ---------------------------------------------------------------------------
// Lexicon

const CAP: u32 = 1;
const DET: u32 = 1 << 1;
const PRON: u32 = 1 << 2;
const REL: u32 = 1 << 3;
const HON: u32 = 1 << 4;
const TITLE: u32 = 1 << 5;
const MOD: u32 = 1 << 6;
const STOP: u32 = 1 << 7;
const AUX: u32 = 1 << 8;
const BE: u32 = 1 << 9;
const PART: u32 = 1 << 10;
const ORG: u32 = 1 << 11;
const MALE: u32 = 1 << 12;
const FEMALE: u32 = 1 << 13;
const POSS: u32 = 1 << 14;
const TIME: u32 = 1 << 15;
const PREP: u32 = 1 << 16;
const OBJ: u32 = 1 << 17;
const INITIAL: u32 = 1 << 18;
const NUM: u32 = 1 << 19;
const ADVNOUN: u32 = 1 << 20;
const LINK: u32 = 1 << 21;
const WH: u32 = 1 << 22;
const LY: u32 = 1 << 23;
const CONJ: u32 = 1 << 24;
const PLURAL: u32 = 1 << 25;
const DEPT: u32 = 1 << 26;
const FIRSTM: u32 = 1 << 27;
const FIRSTF: u32 = 1 << 28;
const THAT: u32 = 1 << 29;
const NOTNAME: u32 = 1 << 30;

/// How a cue verb takes its content.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CueClass {
    /// Takes a bare clause: "said the plan failed".
    Free,
    /// Takes an object first: "told reporters (that) …".
    Tell,
    /// Reported content needs "that" (or a quote): "noted that …".
    That,
    /// Only with a quote next to it or a clause before it: "continued".
    Direct,
    /// "asked": a quote, or whether/if/why/… after the object.
    Ask,
    /// "according to".
    According,
    /// Takes an object or any complement as its content: "called the plan
    /// a disaster", "criticized the ruling", "a poll shows Smith ahead".
    Obj,
}

#[derive(Clone, Copy)]
struct CueInfo {
    class: CueClass,
    ing: bool,
    /// promise, vow, pledge: "vowed to …" is reported content.
    vow: bool,
}

struct Lexicon {
    words: FxHashMap<&'static str, u32>,
    cues: FxHashMap<&'static str, CueInfo>,
    prefilter: AhoCorasick,
}

const DETS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those", "one", "some",
    "many", "several", "another", "other", "most", "all", "both", "each", "every", "no", "any", "few", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands",
];
const PRONS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];
const OBJS: &[&str] = &[
    "me", "him", "them", "us", "reporters", "journalists", "supporters", "lawmakers", "voters", "listeners",
    "viewers", "readers", "audiences", "delegates", "students", "members", "donors", "parliament", "congress",
    "investigators", "police", "officials", "colleagues", "staff", "staffers", "employees", "workers", "crowds",
];
const HONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "prof", "rev", "adm", "maj",
    "cmdr", "messrs", "sens", "reps", "govs", "lt.", "pres", "supt", "insp", "mme", "mlle", "sir", "dame", "lord",
    "lady",
];
const TITLES: &[&str] = &[
    "president", "vice", "staff", "prime", "minister", "ministers", "spokesman", "spokeswoman", "spokesperson",
    "spokesmen", "spokeswomen", "spokespeople", "secretary", "senator", "senators", "governor", "chancellor",
    "mayor", "official", "officials", "ambassador", "general", "commander", "chief", "director", "chairman",
    "chairwoman", "chair", "leader", "leaders", "candidate", "nominee", "congressman", "congresswoman",
    "representative", "lawmaker", "lawmakers", "legislator", "adviser", "advisor", "advisers", "advisors", "aide",
    "aides", "attorney", "lawyer", "lawyers", "judge", "justice", "prosecutor", "prosecutors", "premier", "king",
    "queen", "prince", "princess", "pope", "ceo", "executive", "founder", "co-founder", "president-elect",
    "analyst", "analysts", "economist", "economists", "professor", "researcher", "researchers", "scientist",
    "expert", "experts", "strategist", "strategists", "pollster", "manager", "speaker", "envoy", "diplomat",
    "diplomats", "negotiator", "head", "deputy", "commissioner", "inspector", "sheriff", "officer", "officers",
    "captain", "colonel", "lieutenant", "sergeant", "admiral", "marshal", "emir", "sheikh", "ayatollah",
    "cardinal", "bishop", "rabbi", "imam", "reverend", "pastor", "activist", "activists", "organizer",
    "consultant", "operative", "surrogate", "supporter", "supporters", "critic", "critics", "member",
    "members", "owner", "host", "anchor", "correspondent", "reporter", "editor", "columnist", "writer", "author",
    "historian", "businessman", "businesswoman", "billionaire", "mogul", "frontrunner", "front-runner",
    "hopeful", "challenger", "incumbent", "rival", "opponent", "opponents", "chairperson", "treasurer",
    "administrator", "counsel", "coach", "actor", "actress", "singer", "comedian", "doctor", "physician",
    "surgeon", "neurosurgeon", "witness", "witnesses", "resident", "residents", "student", "teacher", "father",
    "mother", "son", "daughter", "wife", "husband", "brother", "sister", "sources", "source", "investigators",
    "authorities", "observers", "voters", "democrats", "republicans", "conservatives", "liberals", "others",
    "officer", "staffer", "ally", "allies", "donor", "fundraiser", "demographer", "sociologist", "pundit",
    "commentator", "general", "generals", "soldier", "soldiers", "police", "militants", "rebels", "protesters",
    "organizers", "delegate", "delegates", "superdelegate", "nominees", "candidates", "governors", "mayors",
    "justices", "judges", "agents", "agent", "journalist", "journalists", "reporters", "monarch", "sultan",
    "crown", "heir", "leader", "chiefs", "directors", "executives", "manager", "managers", "boss", "partner",
    "dean", "chancellor", "provost", "principal", "superintendent", "pilot", "farmer", "worker", "workers",
    "veteran", "veterans", "voter", "people", "person", "man", "woman", "men", "women", "someone", "everyone",
];
const MODS: &[&str] = &[
    "former", "senior", "top", "lead", "acting", "longtime", "long-time", "then", "current", "new", "assistant",
    "associate", "national", "foreign", "defense", "defence", "interior", "finance", "state", "federal", "local",
    "regional", "white", "house", "administration", "government", "military", "campaign", "party",
    "presidential", "retired", "leading", "prominent", "influential", "independent", "political", "press",
    "security", "intelligence", "department", "ministry", "civil", "rights", "health", "public",
    "communications", "media", "policy", "economic", "republican", "democratic", "conservative", "liberal",
    "gop", "u.s.", "us", "american", "vice-presidential", "communication", "legal", "chief", "deputy",
    "general", "principal", "special", "key", "close", "unnamed", "anonymous", "major", "veteran", "elder",
    "younger", "older", "eldest", "youngest", "later", "late", "outgoing", "incoming", "interim", "then-",
    "democrat", "prime", "vice", "executive", "managing", "education", "energy", "trade", "justice", "treasury",
    "labor", "commerce", "agriculture", "transportation", "housing", "homeland", "county", "city", "district",
    "union", "company", "firm", "bank", "group", "team", "staff", "council", "committee", "senate", "congressional",
    "parliamentary", "opposition", "ruling", "coalition", "palace", "kremlin", "pentagon", "police", "army",
    "navy", "air", "force", "fire", "emergency", "world", "industry", "market", "election", "polling", "research",
    "senior-level", "high-ranking", "high-level", "top-ranking", "well-known", "two", "three",
];
const DEPTS: &[&str] = &[
    "state", "defense", "defence", "homeland", "security", "treasury", "energy", "commerce", "labor",
    "agriculture", "education", "justice", "interior", "transportation", "health", "veterans", "affairs",
    "housing", "the", "staff", "foreign", "finance",
];
const STOPS: &[&str] = &[
    "and", "or", "but", "nor", "so", "yet", "that", "which", "when", "while", "as", "because", "after", "before",
    "since", "if", "though", "although", "where", "whether", "than", "then", "to", "in", "on", "at", "by", "with",
    "from", "into", "onto", "during", "about", "against", "between", "through", "over", "under", "without",
    "within", "also", "not", "is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "will",
    "would", "could", "should", "can", "may", "might", "must", "shall", "do", "does", "did", "there", "here",
    "what", "why", "how", "who", "whom", "whose", "said", "says", "say", "told", "says", "just", "only", "even",
    "still", "however", "meanwhile", "instead", "until", "unless", "like", "once", "upon", "via", "per", "among",
    "amid", "toward", "towards", "across", "behind", "beyond", "near", "outside", "inside", "around", "despite",
    "yes", "no", "not", "never", "ever", "now", "today", "tonight", "yesterday", "tomorrow", "again", "later",
    "earlier", "too", "very", "really", "asked", "when", "let", "please", "thank", "thanks", "well", "oh",
];
const AUXS: &[&str] = &[
    "has", "have", "had", "will", "would", "could", "should", "can", "may", "might", "must", "did", "does", "do",
    "also", "later", "then", "again", "once", "previously", "recently", "repeatedly", "publicly", "privately",
    "reportedly", "frequently", "often", "even", "never", "still", "just", "first", "subsequently",
    "immediately", "quickly", "simply", "flatly", "earlier", "already", "long", "since", "further", "not",
    "always", "ever", "separately", "told", "only", "sometimes", "initially", "originally", "now",
    "doesn't", "don't", "didn't", "won't", "wouldn't", "can't", "couldn't", "hasn't", "haven't", "hadn't",
    "still", "reportedly", "allegedly", "privately", "openly",
];
const BES: &[&str] = &["is", "was", "were", "are", "be", "been", "being", "am", "'s", "get", "got", "gets", "having"];
const PARTS: &[&str] = &[
    "de", "van", "von", "der", "den", "bin", "ibn", "al", "la", "le", "da", "di", "du", "del", "della", "dos",
    "das", "ter", "ten", "st.", "abu", "el", "y", "mac", "o'",
];
const ORGS: &[&str] = &[
    "party", "committee", "department", "ministry", "university", "college", "school", "news", "times", "post",
    "journal", "network", "press", "association", "institute", "center", "centre", "council", "court",
    "congress", "senate", "union", "republic", "kingdom", "federation", "agency", "bank", "fund", "group",
    "company", "corp", "corp.", "inc", "inc.", "ltd", "llc", "co.", "airlines", "airport", "army", "navy",
    "force", "forces", "guard", "police", "office", "foundation", "campaign", "club", "church", "hall", "square",
    "park", "street", "avenue", "road", "city", "county", "state", "states", "house", "white", "kremlin",
    "pentagon", "cnn", "nbc", "abc", "cbs", "fox", "msnbc", "bbc", "reuters", "ap", "afp", "politico",
    "facebook", "twitter", "google", "telegram", "youtube", "instagram", "nations", "united", "new", "york",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "america",
    "american", "americans", "europe", "european", "africa", "asia", "middle", "gulf", "islamic", "commission",
    "parliament", "assembly", "government", "administration", "coalition", "alliance", "organization",
    "organisation", "service", "services", "society", "board", "authority", "exchange", "reserve", "treasury",
    "magazine", "tribune", "herald", "gazette", "daily", "weekly", "radio", "television", "tv", "channel",
    "media", "review", "monitor", "observer", "insider", "report", "poll", "survey", "project", "initiative",
    "program", "programme", "movement", "front", "brigade", "battalion", "command", "mission", "embassy",
    "consulate", "museum", "library", "hospital", "clinic", "market", "street", "valley", "river", "lake",
    "mountain", "island", "islands", "sea", "ocean", "bay", "county", "province", "region", "district", "war",
    "day", "week", "act", "bill", "law", "capitol", "hill", "democrats", "republicans", "gop", "dnc", "rnc", "fbi",
    "cia", "nsa", "un", "nato", "eu", "isis", "isil", "tuesday", "super",
];
const TIMES: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "tonight", "last", "this", "earlier", "later", "recently", "previously", "morning", "afternoon", "evening",
    "night", "week", "month", "year", "weekend", "day", "days", "weeks", "months", "years", "ago", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "time", "past",
];
const PREPS: &[&str] = &[
    "on", "in", "at", "during", "after", "before", "with", "to", "from", "by", "about", "for", "of", "over",
    "via", "through", "under", "while", "outside", "inside", "near", "late", "early", "last", "this", "earlier",
];
const ADVNOUNS: &[&str] = &[
    "statement", "statements", "interview", "interviews", "rally", "conference", "briefing", "speech", "letter",
    "email", "e-mail", "post", "posts", "video", "tweet", "tweets", "twitter", "facebook", "telegram", "instagram",
    "television", "radio", "podcast", "show", "program", "hearing", "debate", "meeting", "event", "forum",
    "session", "call", "phone", "news", "press", "the", "a", "an", "his", "her", "their", "its", "separate",
    "written", "emailed", "joint", "brief", "recent", "televised", "broadcast", "address", "op-ed", "column",
    "blog", "message", "memo", "remarks", "appearance", "town", "hall", "stop", "campaign", "speaking",
    "telephone", "release", "x", "platform", "channel", "account", "page", "website", "site", "book",
];
const WHS: &[&str] = &["whether", "if", "why", "how", "what", "who", "when", "where", "which", "about"];
const CONJS: &[&str] = &["but", "and", "so", "yet", "still", "however", "meanwhile", "also", "then", "now", "later"];
const MALE_NAMES: &[&str] = &[
    "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
    "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua",
    "kenneth", "kevin", "brian", "george", "edward", "ronald", "timothy", "jason", "jeffrey", "ryan", "jacob",
    "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon", "benjamin",
    "samuel", "frank", "gregory", "raymond", "alexander", "patrick", "jack", "dennis", "jerry", "tyler", "aaron",
    "jose", "adam", "henry", "nathan", "douglas", "zachary", "peter", "kyle", "walter", "ethan", "jeremy",
    "harold", "keith", "christian", "roger", "noah", "gerald", "carl", "terry", "sean", "austin", "arthur",
    "lawrence", "jesse", "dylan", "bryan", "joe", "jordan", "billy", "bruce", "albert", "willie", "gabriel",
    "logan", "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene", "vincent", "russell", "louis", "philip",
    "bobby", "johnny", "bradley", "barack", "bernie", "ted", "marco", "jeb", "ben", "mike", "chris", "rand",
    "bill", "hillary", "newt", "mitt", "rick", "jim", "tom", "tim", "bob", "ron", "dick", "al", "lindsey", "rudy",
    "reince", "corey", "kellyanne", "vladimir", "dmitry", "dmitri", "sergei", "sergey", "volodymyr", "emmanuel",
    "olaf", "boris", "xi", "recep", "benjamin", "ali", "mohammed", "muhammad", "ahmed", "abdul", "hassan",
    "hussein", "omar", "ivan", "mikhail", "alexei", "alexey", "andrei", "andriy", "oleksandr", "olexander",
    "yuri", "viktor", "igor", "nikolai", "pavel", "jean", "pierre", "jacques", "francois", "françois", "nicolas",
    "friedrich", "wolfgang", "hans", "karl", "klaus", "angelo", "giuseppe", "giorgio", "carlos", "luis",
    "miguel", "pedro", "antonio", "manuel", "jorge", "javier", "felipe", "andres", "andrés", "luiz", "lula",
    "narendra", "rahul", "shinzo", "fumio", "kim", "moon", "yoon", "antony", "lloyd", "jake", "merrick",
    "kevin", "mitch", "chuck", "nancy", "elon", "jeff", "warren", "rex", "jared", "steve", "sean", "hunter",
    "beau", "pete", "kamala", "tulsi", "cory", "beto", "julian", "amy", "elizabeth", "ted", "hakeem", "jens",
    "josep", "charles", "harry", "keir", "rishi", "gordon", "tony", "nigel", "jeremy", "dominic", "emmanuel",
    "gerhard", "helmut", "mario", "matteo", "giorgia", "pedro", "recep", "mahmoud", "bashar", "hafez", "ayman",
    "osama", "abu", "yahya", "ismail", "naftali", "yair", "benny", "isaac", "mahmud", "salman", "abdullah",
    "faisal", "khalid", "tamim", "sheikh", "hamad", "fidel", "raul", "hugo", "nicolas", "juan", "evo", "dilma",
    "jair", "javier", "gustavo", "andrés", "enrique", "vicente", "ricardo", "mauricio", "sebastian", "sebastián",
    "marcelo", "justin", "stephen", "malcolm", "scott", "anthony", "kevin", "john", "cyril", "jacob", "thabo",
    "nelson", "uhuru", "william", "paul", "muhammadu", "bola", "abiy", "yoweri", "robert", "emmerson", "mohamed",
    "abdel", "fattah", "hosni", "anwar", "mahathir", "najib", "joko", "rodrigo", "ferdinand", "bongbong",
    "lee", "hun", "min", "thaksin", "prayuth", "shehbaz", "imran", "nawaz", "asif", "ashraf", "hamid",
    "tayyip", "ilham", "nikol", "alexander", "aleksandr", "alexandr", "lukashenko", "ramzan", "yevgeny",
    "sergiy", "denys", "dmytro", "vitali", "vitaly", "petro", "mykhailo", "ruslan", "kyrylo", "valery",
    "valeriy", "andriy", "oleg", "maxim", "maksim", "anatoly", "gennady", "leonid", "grigory", "stanislav",
    "herschel", "raphael", "josh", "matt", "dan", "sam", "max", "nick", "ed", "greg", "doug", "jay", "pat",
    "ken", "rob", "andy", "tony", "frank", "hank", "howard", "harvey", "herbert", "lester", "leon", "marvin",
    "martin", "morris", "neil", "norman", "oscar", "otto", "ray", "rex", "roland", "ross", "stanley", "todd",
    "travis", "troy", "vernon", "victor", "wesley", "trey", "jon", "lou", "glenn", "sheldon", "reid", "devin",
];
const FEMALE_NAMES: &[&str] = &[
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
    "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle",
    "dorothy", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia",
    "kathleen", "amy", "shirley", "angela", "helen", "anna", "brenda", "pamela", "nicole", "emma", "samantha",
    "katherine", "christine", "debra", "rachel", "catherine", "carolyn", "janet", "ruth", "maria", "heather",
    "diane", "virginia", "julie", "joyce", "victoria", "olivia", "kelly", "christina", "lauren", "joan",
    "evelyn", "judith", "megan", "cheryl", "andrea", "hannah", "martha", "jacqueline", "frances", "gloria",
    "ann", "teresa", "kathryn", "sara", "janice", "jean", "alice", "madison", "doris", "abigail", "julia",
    "judy", "grace", "denise", "amber", "marilyn", "beverly", "danielle", "theresa", "sophia", "marie", "diana",
    "brittany", "natalie", "isabella", "charlotte", "rose", "alexis", "kayla", "hillary", "michelle", "melania",
    "ivanka", "chelsea", "kellyanne", "hope", "sarah", "nikki", "carly", "condoleezza", "condi", "madeleine",
    "huma", "donna", "debbie", "jill", "kamala", "tulsi", "kirsten", "dianne", "nancy", "elizabeth", "amy",
    "angela", "ursula", "theresa", "liz", "margaret", "marine", "ségolène", "segolene", "christine", "giorgia",
    "yulia", "iryna", "olena", "maria", "marina", "svetlana", "irina", "natalia", "tatiana", "olga", "anna",
    "ekaterina", "yekaterina", "valentina", "lyudmila", "elena", "yelena", "oksana", "kaja", "annalena",
    "sanna", "jacinda", "julia", "golda", "benazir", "indira", "sonia", "aung", "tsai", "park", "dilma",
    "cristina", "michelle", "jen", "karine", "samantha", "janet", "gina", "kristi", "betsy", "elaine", "nikki",
    "sheryl", "susan", "ruth", "sonia", "ketanji", "amy", "elena", "sandra", "kate", "katie", "kathy", "kathleen",
    "wendy", "whitney", "zoe", "jane", "joanne", "josephine", "judith", "june", "karen", "kristen", "leslie",
    "lori", "lucy", "megyn", "mika", "meghan", "nina", "paula", "peggy", "rebekah", "rosa", "roxanne", "sally",
    "sheila", "stacey", "tammy", "tara", "tina", "tracy", "valerie", "vanessa", "veronica", "yvonne",
];
const MALE_TITLES: &[&str] = &[
    "mr", "spokesman", "chairman", "congressman", "businessman", "king", "prince", "father", "son", "husband",
    "brother", "actor", "sir", "lord", "sultan", "emir", "pope", "cardinal", "bishop", "rabbi", "imam",
    "messrs", "man", "men",
];
const FEMALE_TITLES: &[&str] = &[
    "mrs", "ms", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "queen", "princess", "mother",
    "daughter", "wife", "sister", "actress", "dame", "lady", "mme", "mlle", "woman", "women",
];
/// Capitalized words that are never part of a name (sentence openers).
const NOTNAMES: &[&str] = &[
    "the", "a", "an", "but", "and", "in", "on", "at", "as", "if", "for", "with", "by", "from", "to", "of", "it",
    "he", "she", "they", "we", "i", "you", "this", "that", "these", "those", "there", "here", "when", "while",
    "after", "before", "since", "so", "yet", "or", "nor", "not", "no", "yes", "asked", "speaking", "according",
    "still", "however", "meanwhile", "instead", "also", "now", "then", "today", "yesterday", "last", "next",
    "even", "only", "just", "though", "although", "because", "what", "who", "why", "how", "where", "which",
    "many", "some", "most", "all", "both", "each", "every", "several", "one", "two", "three", "his", "her", "its",
    "their", "our", "my", "your", "during", "despite", "until", "unlike", "like", "among", "about", "over",
    "under", "into", "through", "without", "within", "other", "others", "another", "such", "more", "less",
    "said", "says", "say", "told", "tells", "added", "wrote", "noted", "mr", "mrs", "ms", "dr", "read", "see",
    "more", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "photo", "video", "update", "updated", "editor", "note", "advertisement", "related", "having",
    "contributing", "follow", "credit", "image", "caption", "correction", "listen", "subscribe",
    "share", "tags", "topics", "filed", "click", "sign", "hours", "minutes", "days", "weeks", "months", "years",
];
/// Capitalized words that make a name run a group or place, not a person.
const NONPERSON: &[&str] = &[
    "democratic", "republican", "democrat", "democrats", "republicans", "conservative", "conservatives",
    "liberal", "liberals", "progressive", "progressives", "christian", "christians", "muslim", "muslims",
    "jewish", "jews", "catholic", "catholics", "evangelical", "evangelicals", "american", "americans", "russian",
    "russians", "ukrainian", "ukrainians", "chinese", "israeli", "israelis", "palestinian", "palestinians",
    "iranian", "iranians", "syrian", "syrians", "iraqi", "iraqis", "british", "french", "german", "germans",
    "european", "europeans", "mexican", "mexicans", "canadian", "canadians", "japanese", "korean", "koreans",
    "indian", "indians", "pakistani", "afghan", "turkish", "saudi", "arab", "arabs", "latino", "latinos",
    "hispanic", "hispanics", "african", "asian", "asians", "patriarchate", "alabama", "alaska", "arizona",
    "arkansas", "california", "colorado", "connecticut", "delaware", "florida", "hawaii", "idaho",
    "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts",
    "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "hampshire", "jersey",
    "mexico", "carolina", "dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode", "tennessee", "texas",
    "utah", "vermont", "wisconsin", "wyoming", "russia", "ukraine", "china", "israel",
    "iran", "syria", "iraq", "britain", "france", "germany", "kremlin", "moscow", "kyiv", "kiev", "beijing",
    "london", "paris", "berlin", "brussels", "tehran", "jerusalem", "gaza", "europe", "africa", "asia",
    "manhattan", "brooklyn", "chicago", "boston", "miami", "orlando", "atlanta", "dallas", "houston", "denver",
    "seattle", "detroit", "philadelphia", "baltimore", "cleveland", "iowans", "floridians", "texans", "d.c.", "d.c", "u.s.", "u.s", "u.k.", "u.n.",
    "californians", "ohioans", "parliament", "federal", "national", "international", "global", "islamic",
];

/// (form, class, -ing participle)
const CUES: &[(&str, CueClass, bool)] = {
    use CueClass::*;
    &[
        ("say", Free, false),
        ("says", Free, false),
        ("said", Free, false),
        ("saying", Free, true),
        ("tell", Tell, false),
        ("tells", Tell, false),
        ("told", Tell, false),
        ("telling", Tell, true),
        ("add", Free, false),
        ("adds", Free, false),
        ("added", Free, false),
        ("adding", Free, true),
        ("write", Free, false),
        ("writes", Free, false),
        ("wrote", Free, false),
        ("writing", That, true),
        ("claim", That, false),
        ("claims", That, false),
        ("claimed", That, false),
        ("claiming", That, true),
        ("insist", Free, false),
        ("insists", Free, false),
        ("insisted", Free, false),
        ("insisting", Free, true),
        ("argue", Free, false),
        ("argues", Free, false),
        ("argued", Free, false),
        ("arguing", Free, true),
        ("warn", Free, false),
        ("warns", Free, false),
        ("warned", Free, false),
        ("warning", That, true),
        ("think", Free, false),
        ("thinks", Free, false),
        ("believe", Free, false),
        ("believes", Free, false),
        ("believed", That, false),
        ("explain", That, false),
        ("explains", That, false),
        ("explained", That, false),
        ("explaining", That, true),
        ("note", That, false),
        ("notes", That, false),
        ("noted", That, false),
        ("noting", That, true),
        ("report", That, false),
        ("reports", That, false),
        ("reported", That, false),
        ("suggest", That, false),
        ("suggests", That, false),
        ("suggested", That, false),
        ("suggesting", That, true),
        ("announce", That, false),
        ("announces", That, false),
        ("announced", That, false),
        ("announcing", That, true),
        ("acknowledge", That, false),
        ("acknowledges", That, false),
        ("acknowledged", That, false),
        ("acknowledging", That, true),
        ("admit", That, false),
        ("admits", That, false),
        ("admitted", That, false),
        ("admitting", That, true),
        ("confirm", That, false),
        ("confirms", That, false),
        ("confirmed", That, false),
        ("confirming", That, true),
        ("deny", That, false),
        ("denies", That, false),
        ("denied", That, false),
        ("denying", That, true),
        ("predict", That, false),
        ("predicts", That, false),
        ("predicted", That, false),
        ("predicting", That, true),
        ("promise", That, false),
        ("promises", That, false),
        ("promised", That, false),
        ("promising", That, true),
        ("vow", That, false),
        ("vows", That, false),
        ("vowed", That, false),
        ("vowing", That, true),
        ("pledge", That, false),
        ("pledged", That, false),
        ("reveal", That, false),
        ("revealed", That, false),
        ("indicate", That, false),
        ("indicated", That, false),
        ("conclude", That, false),
        ("concluded", That, false),
        ("agree", That, false),
        ("agreed", That, false),
        ("concede", That, false),
        ("conceded", That, false),
        ("conceding", That, true),
        ("recall", That, false),
        ("recalls", That, false),
        ("recalled", That, false),
        ("recalling", That, true),
        ("stress", That, false),
        ("stressed", That, false),
        ("stressing", That, true),
        ("emphasize", That, false),
        ("emphasized", That, false),
        ("emphasised", That, false),
        ("emphasizing", That, true),
        ("assert", That, false),
        ("asserts", That, false),
        ("asserted", That, false),
        ("asserting", That, true),
        ("contend", That, false),
        ("contends", That, false),
        ("contended", That, false),
        ("complain", That, false),
        ("complained", That, false),
        ("complaining", That, true),
        ("allege", That, false),
        ("alleged", That, false),
        ("alleges", That, false),
        ("charged", That, false),
        ("observed", That, false),
        ("remarked", That, false),
        ("declare", That, false),
        ("declared", That, false),
        ("declaring", That, true),
        ("stated", That, false),
        ("maintained", That, false),
        ("maintains", That, false),
        ("testified", That, false),
        ("reiterated", That, false),
        ("repeated", That, false),
        ("tweeted", Free, false),
        ("posted", That, false),
        ("replied", That, false),
        ("responded", That, false),
        ("continued", Direct, false),
        ("continues", Direct, false),
        ("joked", Direct, false),
        ("quipped", Direct, false),
        ("shouted", Direct, false),
        ("yelled", Direct, false),
        ("exclaimed", Direct, false),
        ("whispered", Direct, false),
        ("countered", Direct, false),
        ("retorted", Direct, false),
        ("mused", Direct, false),
        ("boasted", That, false),
        ("bragged", That, false),
        ("lamented", That, false),
        ("cautioned", That, false),
        ("hinted", That, false),
        ("speculated", That, false),
        ("wondered", Ask, false),
        ("ask", Ask, false),
        ("asks", Ask, false),
        ("asked", Ask, false),
        ("asking", Ask, true),
        ("according", According, false),
        ("called", Obj, false),
        ("calls", Obj, false),
        ("calling", Obj, true),
        ("described", Obj, false),
        ("describes", Obj, false),
        ("describing", Obj, true),
        ("criticized", Obj, false),
        ("criticizes", Obj, false),
        ("criticised", Obj, false),
        ("criticizing", Obj, true),
        ("accused", Obj, false),
        ("accuses", Obj, false),
        ("accusing", Obj, true),
        ("urged", Obj, false),
        ("urges", Obj, false),
        ("urging", Obj, true),
        ("praised", Obj, false),
        ("praises", Obj, false),
        ("praising", Obj, true),
        ("defended", Obj, false),
        ("defends", Obj, false),
        ("defending", Obj, true),
        ("endorsed", Obj, false),
        ("endorses", Obj, false),
        ("endorsing", Obj, true),
        ("blamed", Obj, false),
        ("blames", Obj, false),
        ("blaming", Obj, true),
        ("dismissed", Obj, false),
        ("dismissing", Obj, true),
        ("questioned", Obj, false),
        ("proposed", Obj, false),
        ("proposes", Obj, false),
        ("proposing", Obj, true),
        ("cited", Obj, false),
        ("cites", Obj, false),
        ("citing", Obj, true),
        ("opposed", Obj, false),
        ("opposes", Obj, false),
        ("opposing", Obj, true),
        ("sought", Obj, false),
        ("seeks", Obj, false),
        ("wants", Obj, false),
        ("wanted", Obj, false),
        ("hopes", Obj, false),
        ("hoped", Obj, false),
        ("refused", Obj, false),
        ("refuses", Obj, false),
        ("declined", Obj, false),
        ("declines", Obj, false),
        ("found", Obj, false),
        ("finds", Obj, false),
        ("show", Obj, false),
        ("shows", Obj, false),
        ("showed", Obj, false),
        ("showing", Obj, true),
        ("feared", Obj, false),
        ("thought", Obj, false),
        ("slammed", Obj, false),
        ("slams", Obj, false),
        ("blasted", Obj, false),
        ("attacked", Obj, false),
        ("mocked", Obj, false),
        ("touted", Obj, false),
        ("touts", Obj, false),
        ("demanded", Obj, false),
        ("welcomed", Obj, false),
        ("welcomes", Obj, false),
        ("condemned", Obj, false),
        ("condemns", Obj, false),
        ("rejected", Obj, false),
        ("rejects", Obj, false),
        ("lauded", Obj, false),
        ("applauded", Obj, false),
        ("hailed", Obj, false),
        ("pointed", Obj, false),
    ]
};

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words: FxHashMap<&'static str, u32> = FxHashMap::default();
        let mut add = |list: &[&'static str], flag: u32| {
            for w in list {
                *words.entry(w).or_insert(0) |= flag;
            }
        };
        add(DETS, DET);
        add(PRONS, PRON);
        add(&["who"], REL);
        add(OBJS, OBJ);
        add(HONS, HON);
        add(TITLES, TITLE);
        add(MODS, MOD);
        add(DEPTS, DEPT);
        add(STOPS, STOP);
        add(AUXS, AUX);
        add(BES, BE);
        add(PARTS, PART);
        add(ORGS, ORG);
        add(TIMES, TIME);
        add(PREPS, PREP);
        add(ADVNOUNS, ADVNOUN);
        add(WHS, WH);
        add(CONJS, CONJ);
        add(MALE_TITLES, MALE);
        add(FEMALE_TITLES, FEMALE);
        add(MALE_NAMES, FIRSTM);
        add(FEMALE_NAMES, FIRSTF);
        add(NOTNAMES, NOTNAME);
        add(NONPERSON, ORG);
        add(&["ag", "atty", "supt", "amb"], TITLE);
        add(&["of", "for", "and", "&", "at"], LINK);
        add(&["that"], THAT);
        add(
            &[
                "officials", "experts", "analysts", "critics", "sources", "aides", "advisers", "advisors", "democrats",
                "republicans", "voters", "residents", "others", "supporters", "opponents", "authorities", "lawmakers",
                "observers", "witnesses", "investigators", "prosecutors", "members", "leaders", "police", "people",
                "diplomats", "economists", "researchers", "activists", "officers", "conservatives", "liberals",
                "spokesmen", "spokeswomen", "spokespeople", "men", "women", "they", "we", "senators", "candidates",
                "strategists", "generals", "soldiers", "militants", "rebels", "protesters", "organizers", "delegates",
                "journalists", "reporters", "agents", "workers", "veterans", "executives", "managers", "judges",
                "justices", "governors", "mayors", "nominees", "allies", "ministers", "polls", "surveys", "reports",
                "documents", "records", "studies", "data",
            ],
            PLURAL,
        );
        let mut cues: FxHashMap<&'static str, CueInfo> = FxHashMap::default();
        for &(w, class, ing) in CUES {
            let vow = w.starts_with("promis") || w.starts_with("vow") || w.starts_with("pledg");
            cues.insert(w, CueInfo { class, ing, vow });
        }
        let mut pats: Vec<&str> = CUES.iter().map(|c| c.0).collect();
        pats.extend_from_slice(&["\"", "\u{201c}", "\u{201d}", "''", "\u{ab}", "\u{bb}", "\u{2018}", "\u{201e}"]);
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(&pats)
            .expect("static patterns");
        Lexicon { words, cues, prefilter }
    })
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tk {
    Word,
    Punct(char),
    /// Index into `Doc::quotes`.
    Quote(u32),
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
    kind: Tk,
    fl: u32,
    cue: Option<CueInfo>,
}

impl std::fmt::Debug for CueInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}{}", self.class, if self.ing { "/ing" } else { "" })
    }
}

impl Tok {
    fn is(&self, f: u32) -> bool {
        self.fl & f != 0
    }
    fn word(&self) -> bool {
        self.kind == Tk::Word
    }
    fn punct(&self, c: char) -> bool {
        self.kind == Tk::Punct(c)
    }
    fn quote(&self) -> Option<usize> {
        match self.kind {
            Tk::Quote(q) => Some(q as usize),
            _ => None,
        }
    }
    fn term(&self) -> bool {
        matches!(self.kind, Tk::Punct('.' | '!' | '?' | '\u{2026}'))
    }
    /// A capitalized word that can be part of a name.
    fn namey(&self) -> bool {
        self.word() && self.is(CAP) && !self.is(NOTNAME | HON | TITLE | DET | PRON | STOP)
    }
}

#[derive(Clone, Copy, Debug)]
struct QuoteUnit {
    s: usize,
    e: usize,
    /// Last non-space char inside the marks.
    last: char,
    closed: bool,
    words: u32,
}

struct Para {
    /// Token range.
    t0: usize,
    t1: usize,
    /// Sentence starts (token indexes, absolute), plus `t1` at the end.
    sents: Vec<usize>,
    hit: bool,
}

struct Doc<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    quotes: Vec<QuoteUnit>,
    paras: Vec<Para>,
}

fn lookup(word: &str) -> (u32, Option<CueInfo>) {
    let lex = lexicon();
    if word.len() > 24 {
        return (0, None);
    }
    // lowercase ASCII, with ’ read as '
    let mut buf = [0u8; 24];
    let mut n = 0;
    for c in word.chars() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if !c.is_ascii() || n >= buf.len() {
            return (0, None);
        }
        buf[n] = (c as u8).to_ascii_lowercase();
        n += 1;
    }
    let key = std::str::from_utf8(&buf[..n]).unwrap_or("");
    let mut fl = lex.words.get(key).copied().unwrap_or(0);
    // "sen." → "sen"
    if fl == 0 && key.ends_with('.') {
        fl = lex.words.get(&key[..key.len() - 1]).copied().unwrap_or(0);
    }
    (fl, lex.cues.get(key).copied())
}

/// How a word reads in a role phrase ("Kremlin spokesman", "former deputy
/// foreign minister"): the quote attributor's vocabulary, shared with entity
/// roles so both read titles the same way. Case-insensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleWord {
    /// "Mr.", "Sen.", "Dr.": leads a name, never a role on its own.
    Honorific,
    /// A role noun: "president", "spokesman", "envoy", "head".
    Title,
    /// A word that qualifies a role: "former", "foreign", "military".
    Modifier,
    /// Anything else.
    Other,
}

/// The [`RoleWord`] class of a word.
/// A word that, capitalized, opens a sentence but never starts or continues a
/// name or title ("Despite", "Now", "However", "The").
pub fn never_a_name(word: &str) -> bool {
    lookup(word).0 & NOTNAME != 0
}

pub fn role_word(word: &str) -> RoleWord {
    let (fl, _) = lookup(word);
    if fl & HON != 0 {
        RoleWord::Honorific
    } else if fl & TITLE != 0 && fl & PLURAL == 0 {
        RoleWord::Title
    } else if fl & MOD != 0 && fl & (FIRSTF | FIRSTM) == 0 {
        RoleWord::Modifier
    } else {
        RoleWord::Other
    }
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Abbreviations that keep their period.
fn keeps_period(w: &str) -> bool {
    let n = w.chars().count();
    if n == 1 {
        return w.chars().all(|c| c.is_alphabetic());
    }
    if w.contains('.') {
        return true;
    }
    matches!(
        w.to_ascii_lowercase().as_str(),
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "sen"
            | "rep"
            | "gov"
            | "gen"
            | "lt"
            | "col"
            | "sgt"
            | "capt"
            | "prof"
            | "rev"
            | "adm"
            | "maj"
            | "cmdr"
            | "st"
            | "jr"
            | "sr"
            | "vs"
            | "inc"
            | "corp"
            | "co"
            | "ltd"
            | "messrs"
            | "sens"
            | "reps"
            | "govs"
            | "jan"
            | "feb"
            | "aug"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "mt"
            | "ft"
            | "no"
            | "pres"
            | "supt"
            | "mme"
            | "gens"
    )
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, hits: &[usize]) -> Doc<'a> {
        let mut doc = Doc {
            text,
            toks: Vec::with_capacity(text.len() / 5 + 8),
            quotes: Vec::new(),
            paras: Vec::new(),
        };
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut hi = 0;
        while start < bytes.len() {
            let end = memchr_nl(bytes, start);
            while hi < hits.len() && hits[hi] < start {
                hi += 1;
            }
            let hit = hi < hits.len() && hits[hi] < end;
            if text[start..end].trim().is_empty() {
                start = end + 1;
                continue;
            }
            doc.tokenize_para(start, end, hit);
            start = end + 1;
        }
        doc
    }

    fn tokenize_para(&mut self, ps: usize, pe: usize, hit: bool) {
        let text = self.text;
        let seg = &text[ps..pe];
        let q0 = self.quotes.len();
        find_quote_units(seg, ps, &mut self.quotes);
        let t0 = self.toks.len();
        let mut qi = q0;
        let mut it = seg.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let at = ps + i;
            if qi < self.quotes.len() && at >= self.quotes[qi].s {
                let q = self.quotes[qi];
                self.toks.push(Tok { s: q.s, e: q.e, kind: Tk::Quote(qi as u32), fl: 0, cue: None });
                qi += 1;
                while let Some(&(j, _)) = it.peek() {
                    if ps + j < q.e {
                        it.next();
                    } else {
                        break;
                    }
                }
                continue;
            }
            if c.is_whitespace() {
                continue;
            }
            if c.is_alphanumeric() {
                let s = at;
                let mut e = at + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if qi < self.quotes.len() && ps + j >= self.quotes[qi].s {
                        break;
                    }
                    if d.is_alphanumeric() {
                        it.next();
                        e = ps + j + d.len_utf8();
                        continue;
                    }
                    if is_apos(d) || d == '-' || d == '.' || d == '\u{2011}' || d == '&' {
                        // internal only when a letter or digit follows
                        let nj = j + d.len_utf8();
                        let next = seg[nj..].chars().next();
                        // "said.Trump" (a missing space) splits; "U.S.", "3.5", "example.com" do not
                        let joins = next.is_some_and(|n| {
                            n.is_alphanumeric()
                                && (d != '.' || !n.is_uppercase() || text[s..e].rsplit('.').next().is_some_and(|x| x.chars().count() == 1))
                        });
                        if joins {
                            it.next();
                            e = ps + nj;
                            continue;
                        }
                        if d == '.' && keeps_period(&text[s..e]) {
                            it.next();
                            e = ps + nj;
                        } else if is_apos(d) && text[s..e].ends_with(['s', 'S']) && next.is_none_or(|n| !n.is_alphanumeric()) {
                            // plural possessive "voters’"
                            it.next();
                            e = ps + nj;
                        }
                    }
                    break;
                }
                let w = &text[s..e];
                let mut fl = 0;
                let first = w.chars().next().unwrap_or(' ');
                if first.is_uppercase() {
                    fl |= CAP;
                }
                if first.is_numeric() {
                    fl |= NUM;
                }
                let mut key = w;
                for suf in ["\u{2019}s", "'s", "\u{2019}S", "'S"] {
                    if let Some(k) = w.strip_suffix(suf) {
                        if !k.is_empty() {
                            key = k;
                            fl |= POSS;
                        }
                        break;
                    }
                }
                if key.ends_with('\u{2019}') || key.ends_with('\'') {
                    key = &key[..key.len() - key.chars().last().map_or(0, |c| c.len_utf8())];
                    fl |= POSS;
                }
                let (lf, cue) = lookup(key);
                fl |= lf;
                if key.len() > 3 && key.ends_with("ly") && fl & CAP == 0 {
                    fl |= LY;
                }
                if key.len() <= 2 && key.ends_with('.') {
                    fl |= INITIAL;
                }
                // "St." is not an initial; single capital letters are
                let cue = if fl & POSS != 0 { None } else { cue };
                self.toks.push(Tok { s, e, kind: Tk::Word, fl, cue });
            } else {
                self.toks.push(Tok { s: at, e: at + c.len_utf8(), kind: Tk::Punct(c), fl: 0, cue: None });
            }
        }
        let t1 = self.toks.len();
        // "according to": "according" is a cue only when "to" follows
        for t in t0..t1 {
            if let Some(c) = self.toks[t].cue {
                if c.class == CueClass::According {
                    let ok = self.toks.get(t + 1).is_some_and(|n| t + 1 < t1 && n.word() && self.text[n.s..n.e].eq_ignore_ascii_case("to"));
                    if !ok {
                        self.toks[t].cue = None;
                    }
                }
            }
        }
        let sents = self.sentences(t0, t1);
        self.paras.push(Para { t0, t1, sents, hit });
    }

    fn sentences(&self, t0: usize, t1: usize) -> Vec<usize> {
        let mut out = vec![t0];
        let toks = &self.toks;
        let mut i = t0;
        while i < t1 {
            let t = &toks[i];
            let ends = match t.kind {
                Tk::Punct('.' | '!' | '?' | '\u{2026}') => true,
                Tk::Quote(q) => {
                    let qu = &self.quotes[q as usize];
                    matches!(qu.last, '.' | '!' | '?' | '\u{2026}') || !qu.closed
                }
                _ => false,
            };
            if ends {
                // absorb a run of terminators / closing brackets
                let mut j = i + 1;
                while j < t1 && (toks[j].term() || matches!(toks[j].kind, Tk::Punct(')' | ']'))) {
                    j += 1;
                }
                if j < t1 {
                    let n = &toks[j];
                    let brk = match n.kind {
                        Tk::Quote(_) => true,
                        Tk::Word => n.is(CAP) || n.is(NUM),
                        Tk::Punct(c) => matches!(c, '(' | '-' | '\u{2014}' | '\u{2013}'),
                    };
                    // a quote ending in "?" or "!" followed by a lowercase word
                    // ("…?” he asked) is one sentence; handled by CAP above.
                    // after an ellipsis only before a capital
                    if brk && (t.kind != Tk::Punct('\u{2026}') || n.is(CAP)) {
                        out.push(j);
                    }
                }
                i = j;
                continue;
            }
            i += 1;
        }
        out.push(t1);
        out.dedup();
        out
    }

    fn s(&self, t: usize) -> &str {
        let k = &self.toks[t];
        &self.text[k.s..k.e]
    }
    /// Lowercase word without a possessive "’s".
    fn key(&self, t: usize) -> String {
        strip_poss(self.s(t)).to_lowercase()
    }
    fn lower_is(&self, t: usize, w: &str) -> bool {
        self.s(t).eq_ignore_ascii_case(w)
    }
}

fn memchr_nl(b: &[u8], from: usize) -> usize {
    b[from..].iter().position(|&c| c == b'\n' || c == b'\r').map_or(b.len(), |p| from + p)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum QKind {
    Curly,
    Low,
    Straight,
    Twin,
    Guil,
    Single,
    SGuil,
}

/// Quotation units of one line, appended to `out` (absolute offsets).
fn find_quote_units(seg: &str, base: usize, out: &mut Vec<QuoteUnit>) {
    let mut open: Option<(QKind, usize, usize)> = None; // kind, start, inner start
    let first_unit = out.len();
    let mut prev = ' ';
    let mut chars = seg.char_indices().peekable();
    let push = |out: &mut Vec<QuoteUnit>, s: usize, is: usize, ie: usize, e: usize, closed: bool| {
        let inner = &seg[is.min(ie)..ie];
        let last = inner.trim_end().chars().last().unwrap_or(' ');
        let words = inner.split_whitespace().count() as u32;
        out.push(QuoteUnit { s: base + s, e: base + e, last, closed, words });
    };
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        let l = c.len_utf8();
        match c {
            '\u{201c}' => match open {
                None => open = Some((QKind::Curly, i, i + l)),
                Some((QKind::Low, s, is)) => {
                    push(out, s, is, i, i + l, true);
                    open = None;
                }
                _ => {}
            },
            '\u{201e}' if open.is_none() => open = Some((QKind::Low, i, i + l)),
            '\u{201d}' => match open {
                // a straight opening mark closed by a curly one happens in sloppy text
                Some((QKind::Curly | QKind::Low | QKind::Straight, s, is)) => {
                    push(out, s, is, i, i + l, true);
                    open = None;
                }
                None if out.len() == first_unit && !seg[..i].contains(['\u{201c}', '"', '\u{201e}']) => {
                    // a line that closes a quote opened in an earlier paragraph
                    let s0 = seg.len() - seg.trim_start().len();
                    if i > s0 {
                        push(out, s0, s0, i, i + l, true);
                    }
                }
                _ => {}
            },
            '"' => match open {
                None => open = Some((QKind::Straight, i, i + l)),
                Some((QKind::Straight, s, is)) => {
                    push(out, s, is, i, i + l, true);
                    open = None;
                }
                Some((QKind::Curly, s, is)) if !next.is_alphanumeric() && !prev.is_whitespace() => {
                    push(out, s, is, i, i + l, true);
                    open = None;
                }
                _ => {}
            },
            '\'' if next == '\'' => {
                chars.next();
                match open {
                    None => open = Some((QKind::Twin, i, i + 2)),
                    Some((QKind::Twin, s, is)) => {
                        push(out, s, is, i, i + 2, true);
                        open = None;
                    }
                    _ => {}
                }
                prev = '\'';
                continue;
            }
            '\u{ab}' if open.is_none() => open = Some((QKind::Guil, i, i + l)),
            '\u{bb}' => {
                if let Some((QKind::Guil, s, is)) = open {
                    push(out, s, is, i, i + l, true);
                    open = None;
                }
            }
            '\u{2018}'
                if open.is_none()
                    && (prev.is_whitespace() || matches!(prev, '(' | '[' | '-' | '\u{2014}' | '\u{2013}' | ':'))
                    && !next.is_whitespace() =>
            {
                open = Some((QKind::Single, i, i + l));
            }
            '\u{2019}' => {
                if let Some((QKind::Single, s, is)) = open {
                    // "‘The farmers’ union can’t wait,’": a plural possessive before a
                    // lowercase word is not the end when a later ’ can be
                    let possessive = prev == 's'
                        && next == ' '
                        && seg[i + l..].chars().nth(1).is_some_and(|c| c.is_lowercase())
                        && seg[i + l..].char_indices().any(|(k, c)| {
                            c == '\u{2019}' && !seg[i + l + k + c.len_utf8()..].chars().next().is_some_and(|n| n.is_alphanumeric())
                        });
                    if !next.is_alphanumeric() && i > is && !possessive {
                        push(out, s, is, i, i + l, true);
                        open = None;
                    }
                }
            }
            '\u{2039}' if open.is_none() => open = Some((QKind::SGuil, i, i + l)),
            '\u{203a}' => {
                if let Some((QKind::SGuil, s, is)) = open {
                    push(out, s, is, i, i + l, true);
                    open = None;
                }
            }
            _ => {}
        }
        prev = c;
    }
    if let Some((k, s, is)) = open {
        if !matches!(k, QKind::Single | QKind::SGuil) && seg[is..].trim().chars().count() > 1 {
            let e = seg.trim_end().len();
            push(out, s, is, e.max(is), e.max(is), false);
        } else if matches!(k, QKind::Single | QKind::SGuil) {
            // an unclosed single quote is an apostrophe or a nested mark
        }
    }
}

// ---------------------------------------------------------------------------
// Attributions before resolution

#[derive(Clone, Debug)]
struct Att {
    content: Vec<(usize, usize)>,
    direct: bool,
    cue: (usize, usize),
    /// Source token range (inclusive start, exclusive end).
    src: Option<(usize, usize)>,
    para: usize,
    /// Quote ids used as content.
    quotes: Vec<usize>,
    /// Last token index of the attribution's own sentence.
    sent_end: usize,
}

/// Tokens left of `t` (exclusive) that sit between a source and its cue:
/// auxiliaries and -ly adverbs. Returns the index of the last source
/// token candidate (t - skipped - 1) or None, and whether a passive "be"
/// was seen.
fn skip_aux_left(doc: &Doc, lo: usize, t: usize) -> (Option<usize>, bool) {
    let mut j = t;
    let mut n = 0;
    while j > lo && n < 3 {
        let k = &doc.toks[j - 1];
        if k.word() && !k.is(CAP) && k.is(BE) {
            return (None, true);
        }
        if k.word() && !k.is(CAP) && (k.is(AUX) || k.is(LY)) && k.cue.is_none() {
            j -= 1;
            n += 1;
            continue;
        }
        // "Clinton on Tuesday said", "Trump at the time said", "Smith last week said"
        if k.word() && k.is(TIME) && k.cue.is_none() {
            let mut m = j - 1;
            while m > lo && j - m < 4 && doc.toks[m - 1].word() && doc.toks[m - 1].is(TIME | PREP | DET) && !doc.toks[m - 1].is(CAP) {
                m -= 1;
            }
            let bare = m == j - 1;
            let ok_bare = !bare || k.is(CAP) && doc.toks[m - 1].namey() && !doc.toks[m - 1].is(ORG);
            if ok_bare && m > lo && (doc.toks[m - 1].word() && !doc.toks[m - 1].is(PREP | STOP) || doc.toks[m - 1].punct(',')) {
                j = m;
                n += 1;
                continue;
            }
        }
        break;
    }
    if j > lo {
        (Some(j - 1), false)
    } else {
        (None, false)
    }
}

/// A noun phrase ending at token `end` (inclusive), not before `lo`.
/// Returns its first token.
fn np_left(doc: &Doc, lo: usize, end: usize) -> Option<usize> {
    let toks = &doc.toks;
    let t = &toks[end];
    if !t.word() {
        return None;
    }
    if t.is(PRON) && !t.is(POSS) || t.is(REL) {
        return Some(end);
    }
    if t.is(DET) && is_quant(doc.s(end)) {
        // "Some said", "Another added"
        return Some(end);
    }
    if let Some(s) = poll_phrase(doc, lo, end) {
        return Some(s);
    }
    if t.is(STOP) && !t.is(CAP) || t.is(DET) && !t.is(PLURAL) || t.cue.is_some() && !t.is(CAP) || t.is(LY | AUX | BE) && !t.is(CAP) {
        return None;
    }
    let head_lower = !t.is(CAP);
    let mut j = end;
    let mut good = end;
    let mut unknown = 0;
    let mut det: Option<usize> = None;
    while j > lo {
        let k = &toks[j - 1];
        if !k.word() {
            // "Sen. Mitch McConnell (R-Ky.) said": skip a short parenthesis after a name
            if k.punct(')') && j - 1 > lo {
                let mut o = j - 1;
                while o > lo && o + 8 > j && !toks[o].punct('(') {
                    o -= 1;
                }
                if toks[o].punct('(') && o > lo && toks[o - 1].namey() {
                    j = o;
                    continue;
                }
            }
            break;
        }
        if k.is(DET) && !k.is(PLURAL) && (!k.is(CAP) || k.is(NOTNAME)) || k.is(PRON) && k.is(POSS) {
            det = Some(j - 1);
            break;
        }
        if k.is(LINK) && !k.is(CAP) {
            // "Secretary of State", "spokesman for the campaign": only between NP words
            if j - 1 > lo && toks[j - 2].word() && toks[j - 2].is(CAP | TITLE | MOD) && !toks[j - 2].is(STOP) {
                j -= 1;
                continue;
            }
            break;
        }
        if k.is(CAP) && !k.is(STOP | PRON) && k.cue.is_none() {
            if k.is(NOTNAME) && !k.is(TITLE | MOD | HON | ORG | PLURAL) {
                // "But Trump said": a sentence opener ends the phrase
                break;
            }
            j -= 1;
            if unknown == 0 {
                good = j;
            }
            continue;
        }
        if k.is(TITLE | MOD | HON | NUM | PART | POSS) && !k.is(STOP) && k.cue.is_none() {
            j -= 1;
            if unknown == 0 {
                good = j;
            }
            continue;
        }
        // an unknown lowercase word: only inside "the … head"
        if !k.is(CAP) && !k.is(STOP | AUX | BE | LY) && k.cue.is_none() && unknown < 3 && head_lower {
            unknown += 1;
            j -= 1;
            continue;
        }
        break;
    }
    if let Some(d) = det {
        return Some(quantified(doc, lo, d));
    }
    let s = good;
    let strong = |i: usize| toks[i].namey() || toks[i].is(TITLE | ORG | PLURAL) || toks[i].is(CAP) && !toks[i].is(NOTNAME);
    if !(s..=end).any(strong) {
        // a bare lowercase plural at a clause boundary: "security specialists say"
        let w = doc.s(end);
        let boundary = j == lo || !toks[j - 1].word() || toks[j - 1].is(STOP | CONJ);
        if unknown > 0 && boundary && w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
            return Some(j);
        }
        return None;
    }
    if s == end && !t.is(CAP) && !t.is(PLURAL) {
        return None;
    }
    if s == end && t.is(NOTNAME) && !t.is(TITLE | ORG | PLURAL) {
        return None;
    }
    Some(quantified(doc, lo, s))
}

/// Extends a phrase starting at `s` over "52 percent of", "half of",
/// "Many in", "About four in 10".
fn quantified(doc: &Doc, lo: usize, s: usize) -> usize {
    let toks = &doc.toks;
    if s < lo + 2 || !toks[s - 1].word() || !matches!(doc.key(s - 1).as_str(), "of" | "in") {
        return s;
    }
    let q = s - 2;
    if toks[q].word() && (toks[q].is(DET) && is_quant(doc.s(q)) || matches!(doc.key(q).as_str(), "most" | "each" | "none" | "all" | "some")) {
        let mut j = q;
        // "At least half of", "about half of"
        while j > lo && toks[j - 1].word() && matches!(doc.key(j - 1).as_str(), "about" | "nearly" | "almost" | "roughly" | "around" | "only") {
            j -= 1;
        }
        return j;
    }
    poll_phrase(doc, lo, q).unwrap_or(s)
}

/// Poll shares as speakers: "47 percent", "About 4 in 10", "nearly nine
/// out of 10", "a third", "half", "majorities in all five".
fn poll_phrase(doc: &Doc, lo: usize, end: usize) -> Option<usize> {
    let toks = &doc.toks;
    let frac = |w: &str| matches!(w, "half" | "third" | "thirds" | "quarter" | "quarters" | "majority" | "majorities" | "plurality" | "minority" | "percent");
    let w = doc.s(end).to_ascii_lowercase();
    let number_word = matches!(w.as_str(), "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten");
    if !(toks[end].is(NUM) || frac(&w) || number_word) {
        return None;
    }
    let mut j = end;
    let after_in_of = end > lo && (doc.lower_is(end - 1, "in") || doc.lower_is(end - 1, "of"));
    let mut seen = toks[end].is(NUM) && after_in_of || frac(&w);
    while j > lo && end - j < 8 {
        let k = &toks[j - 1];
        if !k.word() {
            break;
        }
        let kw = doc.s(j - 1).to_ascii_lowercase();
        let ok = k.is(NUM)
            || frac(&kw)
            || matches!(
                kw.as_str(),
                "in" | "out" | "of" | "about" | "around" | "nearly" | "almost" | "roughly" | "more" | "than" | "less"
                    | "fewer" | "only" | "just" | "over" | "under" | "a" | "one" | "two" | "three" | "four" | "five" | "six"
                    | "seven" | "eight" | "nine" | "ten" | "all" | "some" | "approximately" | "fully"
            );
        if !ok {
            break;
        }
        if frac(&kw) || kw == "in" || kw == "out" {
            seen = true;
        }
        j -= 1;
    }
    // "in"/"of"/"than" cannot open the phrase
    while j < end && matches!(doc.s(j).to_ascii_lowercase().as_str(), "in" | "out" | "of" | "than") {
        j += 1;
    }
    if !seen {
        return None;
    }
    // at a clause boundary
    let boundary = j == lo || !toks[j - 1].word() || toks[j - 1].is(STOP | CONJ);
    boundary.then_some(j)
}

/// Apposition before the cue: "NP, APPOS, said" — `comma` is the token
/// index of the comma right before the cue. Returns the source start.
fn appos_left(doc: &Doc, lo: usize, comma: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    if comma <= lo + 1 {
        return None;
    }
    let sep = if toks[comma].punct('\u{2014}') { '\u{2014}' } else { ',' };
    // find the opening comma within 20 tokens
    let mut j = comma;
    let floor = comma.saturating_sub(20).max(lo);
    while j > floor {
        j -= 1;
        let k = &toks[j];
        if k.punct(sep) {
            // "Marley Anderson, 21, a junior from Las Vegas, said": skip the age
            if sep == ',' && j >= lo + 2 && toks[j - 1].is(NUM) && toks[j - 2].punct(',') && j + 1 < comma && !toks[j + 1].is(NUM) {
                j -= 2;
            }
            break;
        }
        if k.quote().is_some() || k.term() || k.punct(';') || k.punct(':') {
            return None;
        }
        if k.cue.is_some() && !k.is(CAP) && k.cue.is_some_and(|c| !c.ing) && !(j > 0 && toks[j - 1].is(REL)) {
            return None;
        }
    }
    if !toks[j].punct(sep) || j + 1 >= comma || j <= lo {
        return None;
    }
    let inner0 = j + 1;
    let first = &toks[inner0];
    // the appositive starts with a determiner, a title, a name, a number (age) or "who"
    // ("Lewandowski, in a statement released on Thursday, said": an adverbial)
    let ok_inner = first.is(DET | TITLE | MOD | REL | NUM | POSS) || first.namey() || first.is(CAP) && first.is(ORG | TITLE) || first.is(PREP) && !first.is(CAP);
    if !ok_inner {
        return None;
    }
    // the core NP before the opening comma
    let core = np_left(doc, lo, j - 1)?;
    let c0 = &toks[core];
    if c0.is(PRON) && !c0.is(POSS) || c0.is(REL) {
        return None;
    }
    // the core must hold a name or title, or the appositive must be a name
    let core_named = (core..j).any(|i| toks[i].namey() || toks[i].is(TITLE));
    let inner_named = (inner0..comma).all(|i| toks[i].namey() || toks[i].is(INITIAL | PART | HON));
    if !(core_named || inner_named) {
        return None;
    }
    // "Facebook created the tool, a spokeswoman, Anna White, said": a
    // second apposition level "a spokeswoman, NAME," is handled by the
    // caller trying again from the core.
    Some((core, j))
}

/// Source noun phrase to the right of an inverted cue ("said Smith, a
/// spokesman for X"): returns the exclusive end token.
fn np_right(doc: &Doc, start: usize, hi: usize) -> Option<usize> {
    let toks = &doc.toks;
    if start >= hi {
        return None;
    }
    let f = &toks[start];
    if !f.word() {
        return None;
    }
    if f.is(PRON) && !f.is(POSS) {
        return if matches!(doc.s(start).to_ascii_lowercase().as_str(), "he" | "she" | "they") {
            Some(start + 1)
        } else {
            None
        };
    }
    let mut j = start;
    let mut named = false;
    while j < hi {
        let k = &toks[j];
        if !k.word() {
            break;
        }
        if k.cue.is_some() && !k.is(CAP) {
            break;
        }
        if k.is(CAP) || k.is(TITLE | MOD | HON | PART | DET | POSS | NUM) && !k.is(STOP) || k.is(LINK) && j > start {
            if k.namey() || k.is(TITLE) || k.is(CAP) {
                named = true;
            }
            j += 1;
            continue;
        }
        // "the group’s chief economist": unknown lowercase after determiner
        if !k.is(STOP | AUX | BE) && j > start && toks[start].is(DET) && j - start < 6 {
            j += 1;
            continue;
        }
        break;
    }
    // drop trailing link words
    while j > start && toks[j - 1].is(LINK) && !toks[j - 1].is(CAP) {
        j -= 1;
    }
    if !named || j == start {
        return None;
    }
    // apposition: ", a spokesman for X" or ", 39, a waitress" up to the sentence end
    if j + 1 < hi && toks[j].punct(',') && toks[j + 1].is(DET | TITLE | MOD | NUM | POSS | REL) {
        let mut k = j + 1;
        while k < hi && toks[k].kind != Tk::Punct('.') && toks[k].quote().is_none() && !toks[k].punct(';') {
            if toks[k].is(REL) && toks[k - 1].punct(',') {
                // "said Tom Burke, who is coming from …"
                return Some(k - 1);
            }
            if toks[k].cue.is_some() && !toks[k].is(CAP) {
                // "said Beck, who said …": the apposition ends at the last comma
                let c = (j..k).rev().find(|&c| toks[c].punct(',')).unwrap_or(j);
                return Some(c);
            }
            k += 1;
        }
        if k - j <= 25 {
            // stop before a trailing comma
            let mut e = k;
            while e > j && toks[e - 1].punct(',') {
                e -= 1;
            }
            return Some(e);
        }
    }
    Some(j)
}

fn is_quant(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "some" | "many" | "another" | "others" | "most" | "several" | "both" | "all" | "few" | "one"
    )
}

fn trim_span(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    if s >= e || e > text.len() {
        return None;
    }
    let sub = text.get(s..e)?;
    let lead = sub.len() - sub.trim_start().len();
    let t = sub.trim();
    if t.is_empty() {
        return None;
    }
    Some((s + lead, s + lead + t.len()))
}

/// Content from token `a` to the end of the sentence `b` (exclusive),
/// without the final terminator.
fn clause_span(doc: &Doc, a: usize, b: usize) -> Option<(usize, usize)> {
    if a >= b {
        return None;
    }
    let mut e = b;
    while e > a && (doc.toks[e - 1].term() || doc.toks[e - 1].punct(',') || doc.toks[e - 1].punct(';') || doc.toks[e - 1].punct(':')) {
        e -= 1;
    }
    if e <= a {
        return None;
    }
    trim_span(doc.text, doc.toks[a].s, doc.toks[e - 1].e)
}

/// Skip adverbials after a cue ("on Monday", "in a statement Sunday", "to
/// reporters"). Returns the first content token.
fn skip_adverbials(doc: &Doc, mut j: usize, b: usize) -> usize {
    let toks = &doc.toks;
    // "that" within reach with only adverbial words before it
    let mut k = j;
    while k < b && k < j + 12 {
        let t = &toks[k];
        if t.word() && t.is(THAT) {
            // "hinted at that": a pronoun, not a complementizer
            if k > j && toks[k - 1].word() && toks[k - 1].is(PREP) {
                break;
            }
            return k;
        }
        let ok = t.word() && (t.is(PREP | TIME | ADVNOUN | CAP | DET | NUM | MOD | TITLE | OBJ | LY | POSS) || t.is(LINK))
            || t.punct(',');
        if !ok {
            break;
        }
        k += 1;
    }
    // prepositional / time phrase then a comma or a clause
    let mut guard = 0;
    while j < b && guard < 3 {
        guard += 1;
        let t = &toks[j];
        if t.word() && t.is(TIME) && !t.is(PREP) {
            j += 1;
            while j < b && toks[j].word() && toks[j].is(TIME) {
                j += 1;
            }
            if j < b && toks[j].punct(',') {
                j += 1;
            }
            continue;
        }
        if t.word() && t.is(PREP) && !t.is(CAP) && !doc.lower_is(j, "that") {
            let mut k = j + 1;
            let mut n = 0;
            while k < b && n < 6 {
                let u = &toks[k];
                if u.word() && (u.is(DET | TIME | ADVNOUN | NUM) || u.namey() || u.is(CAP) || u.is(OBJ) || u.is(LINK) && n > 0)
                    && !u.is(THAT)
                {
                    k += 1;
                    n += 1;
                    continue;
                }
                break;
            }
            if n == 0 {
                break;
            }
            j = k;
            if j < b && toks[j].punct(',') {
                j += 1;
            }
            continue;
        }
        break;
    }
    j
}

/// Does token `j` look like the start of a clause?
fn clause_start(doc: &Doc, j: usize, b: usize) -> bool {
    if j >= b {
        return false;
    }
    let t = &doc.toks[j];
    match t.kind {
        Tk::Quote(_) => true,
        Tk::Punct(_) => false,
        Tk::Word => {
            if t.is(THAT) {
                return true;
            }
            if t.is(PRON | DET | NUM) || t.is(CAP) {
                return !doc.lower_is(j, "to");
            }
            matches!(
                doc.key(j).as_str(),
                "there" | "if" | "when" | "while" | "because" | "although" | "though" | "unless" | "nothing" | "none"
                    | "everything" | "everyone" | "nobody" | "people" | "voters" | "americans" | "officials" | "such"
            ) || t.is(PLURAL)
        }
    }
}

/// "…,” Susan said as she turned around": a subordinate clause after the cue.
fn subordinate(doc: &Doc, j: usize, b: usize) -> bool {
    j < b
        && doc.toks[j].word()
        && matches!(doc.key(j).as_str(), "as" | "when" | "while" | "after" | "before" | "because" | "since" | "until" | "though" | "although" | "if")
}

/// After "said": any lowercase word that is not a preposition or "so"
/// ("said expanding the monument will …", "said he’d …").
fn loose_start(doc: &Doc, j: usize) -> bool {
    let t = &doc.toks[j];
    t.word()
        && !t.is(PREP | STOP | LY)
        && t.cue.is_none()
        && !matches!(doc.key(j).as_str(), "so" | "nothing" | "anything" | "little" | "much" | "goodbye" | "yes" | "no" | "hello" | "as")
        || t.word() && matches!(doc.key(j).as_str(), "there" | "if" | "when" | "while" | "because" | "although" | "though" | "unless" | "even" | "only" | "not")
}

/// The subject of a sentence that starts at token `a`: for participles
/// ("…, saying …"). Skips an opening phrase up to the first comma.
fn subject_np(doc: &Doc, a: usize, b: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let mut s = a;
    // conjunctions / intro phrase
    while s < b && toks[s].word() && toks[s].is(CONJ) {
        s += 1;
    }
    // "Hours later, Trump …": a capitalized word followed by a time word is an opener
    let opener = s + 1 < b && toks[s].word() && toks[s + 1].word() && toks[s + 1].is(TIME) && !toks[s + 1].is(CAP);
    if s < b && toks[s].word() && (toks[s].is(PREP | STOP) && !toks[s].is(PRON) || opener || toks[s].is(LY)) {
        let mut k = s;
        while k < b && k < s + 25 && !toks[k].punct(',') {
            k += 1;
        }
        if k < b && toks[k].punct(',') {
            s = k + 1;
        } else {
            return None;
        }
    }
    if s >= b || !toks[s].word() {
        return None;
    }
    if toks[s].is(PRON) && !toks[s].is(POSS) {
        return Some((s, s + 1));
    }
    // walk right over the NP
    let mut j = s;
    while j < b {
        let k = &toks[j];
        if k.word() && (k.is(CAP) && !k.is(STOP) || k.is(TITLE | MOD | HON | PART | DET | POSS) && !k.is(STOP)) && k.cue.is_none() {
            j += 1;
            continue;
        }
        // "Former Secretary of State Madeleine Albright"
        if k.word() && k.is(LINK) && !k.is(CAP) && j > s && j + 1 < b && toks[j + 1].is(CAP) && toks[j - 1].is(TITLE) {
            j += 1;
            continue;
        }
        break;
    }
    if j == s {
        return None;
    }
    if !(s..j).any(|i| toks[i].namey() || toks[i].is(TITLE)) {
        return None;
    }
    // the subject must be followed by a verb-ish lowercase word, maybe after
    // an apposition ("Sen. Mark Kirk, R-Ill., who faces …, rescinded")
    if j < b && toks[j].word() && !toks[j].is(CAP) {
        return Some((s, j));
    }
    if j + 1 < b && toks[j].punct(',') {
        let mut k = j + 1;
        let mut commas = 0;
        while k < b && k < j + 30 {
            if toks[k].punct(',') {
                commas += 1;
                if k + 1 < b && toks[k + 1].word() && !toks[k + 1].is(CAP) && !toks[k + 1].is(STOP | PREP | REL) && toks[k + 1].cue.is_none() {
                    return Some((s, k + 1));
                }
            }
            if toks[k].term() || toks[k].quote().is_some() || commas > 3 || toks[k].cue.is_some() {
                break;
            }
            k += 1;
        }
    }
    None
}

fn src_ok(doc: &Doc, s: usize, e: usize) -> bool {
    // "it" is rarely a speaker outside corporate speech; keep it but not "you"
    !(e == s + 1 && doc.lower_is(s, "you"))
}

/// Find attributions in paragraph `p`.
fn para_attributions(doc: &Doc, p: usize, out: &mut Vec<Att>, used_q: &mut [bool]) {
    let para = &doc.paras[p];
    let toks = &doc.toks;
    let first_new = out.len();
    colon_line(doc, p, out, used_q);
    for si in 0..para.sents.len().saturating_sub(1) {
        let a0 = para.sents[si];
        let b0 = para.sents[si + 1];
        let mut t = a0;
        while t < b0 {
            // a window around the cue keeps run-on "sentences" linear
            let a = a0.max(t.saturating_sub(150));
            let b = b0.min(t + 300);
            let tok = &toks[t];
            let Some(ci) = tok.cue else {
                t += 1;
                continue;
            };
            if tok.is(CAP) && t != a && ci.class != CueClass::According {
                // capitalized cue mid-sentence is a name or headline word
                t += 1;
                continue;
            }
            let before = out.len();
            match ci.class {
                CueClass::According => according(doc, p, a, b, t, out, used_q),
                _ if ci.ing && !(t > a && toks[t - 1].word() && toks[t - 1].is(BE) && !toks[t - 1].is(CAP)) => {
                    participle(doc, p, a, b, t, ci, out, used_q)
                }
                CueClass::Ask if asked_no_source(doc, p, a, b, t, out) => {}
                _ => verb(doc, p, si, a, b, t, ci, out, used_q),
            }
            if out.len() > before {
                // one attribution per cue; skip past its source if right of cue
                t += 1;
            } else {
                t += 1;
            }
        }
    }
    // quote-only sentences right after a direct attribution in this paragraph
    let n = out.len();
    for att in out.iter_mut().take(n).skip(first_new) {
        if !att.direct {
            continue;
        }
        let mut t = att.sent_end + 1;
        while t < para.t1 {
            let Some(q) = toks[t].quote() else { break };
            if used_q[q] {
                break;
            }
            // the sentence must be only this quote (and punctuation)
            let mut k = t + 1;
            while k < para.t1 && toks[k].kind != Tk::Word && toks[k].quote().is_none() {
                k += 1;
            }
            if k < para.t1 && toks[k].word() && !toks[k].is(CAP) {
                break;
            }
            used_q[q] = true;
            let qu = doc.quotes[q];
            att.content.push((qu.s, qu.e));
            att.quotes.push(q);
            t = k;
        }
    }
}

/// "Asked about the vote, Lee said …", "when asked whether …", "was asked
/// if …": a question whose asker is not named. Content: the question, up to
/// a comma or the end of the sentence. Returns whether one was added.
fn asked_no_source(doc: &Doc, p: usize, a: usize, b: usize, t: usize, out: &mut Vec<Att>) -> bool {
    let toks = &doc.toks;
    if !doc.lower_is(t, "asked") {
        return false;
    }
    let opener = t == a && toks[t].is(CAP);
    let passive = t > a && toks[t - 1].word() && matches!(doc.key(t - 1).as_str(), "when" | "was" | "were" | "if" | "after" | "being" | "is" | "been");
    if !(opener || passive) {
        return false;
    }
    let mut j = t + 1;
    // "was asked by a reporter whether": the asker is named after "by"
    if j < b && doc.lower_is(j, "by") {
        return false;
    }
    // "was asked Tuesday whether": a time word
    while j < b && toks[j].word() && toks[j].is(TIME) && !toks[j].is(PREP) {
        j += 1;
    }
    if !(j < b && toks[j].word() && (toks[j].is(WH) || doc.lower_is(j, "to"))) {
        return false;
    }
    let mut e = j;
    while e < b && !toks[e].punct(',') && !toks[e].term() && !toks[e].punct(';') {
        e += 1;
    }
    let Some(c) = clause_span(doc, j, e) else { return false };
    let cue = (toks[t].s, toks[t].e);
    out.push(Att { content: vec![c], direct: false, cue, src: None, para: p, quotes: Vec::new(), sent_end: b - 1 });
    true
}

/// "John McCain: Populist anger appeals to …" and transcript turns
/// ("TAPPER: And obviously, …"): a line that opens with a name and a colon.
fn colon_line(doc: &Doc, p: usize, out: &mut Vec<Att>, used_q: &mut [bool]) {
    let para = &doc.paras[p];
    let toks = &doc.toks;
    let (t0, t1) = (para.t0, para.t1);
    let Some(c) = (t0 + 1..t1.min(t0 + 8)).find(|&k| toks[k].punct(':')) else { return };
    if !(t0..c).all(|k| toks[k].word()) || (t0..c).any(|k| toks[k].cue.is_some() || toks[k].is(NOTNAME) && !toks[k].is(TITLE | ORG)) {
        return;
    }
    // a name, title or all-capitals speaker label covering everything before the colon
    if np_left(doc, t0, c - 1) != Some(t0) || !(t0..c).any(|k| toks[k].namey() || toks[k].is(CAP) && toks[k].is(TITLE | ORG)) {
        return;
    }
    if c == t0 + 1
        && matches!(
            doc.key(t0).as_str(),
            "breaking" | "exclusive" | "look" | "watch" | "update" | "live" | "opinion" | "analysis" | "editorial" | "commentary"
                | "review" | "photos" | "audio" | "listen" | "report" | "warning" | "alert" | "flashback" | "new"
                | "more" | "exclusive:" | "developing" | "just" | "confirmed" | "official" | "revealed" | "bombshell" | "must"
        )
    {
        return;
    }
    let words = (c + 1..t1).filter(|&k| toks[k].word() || toks[k].quote().is_some()).count();
    if words < 3 {
        return;
    }
    let Some(span) = clause_span(doc, c + 1, t1) else { return };
    let (quotes, direct) = match toks.get(c + 1).and_then(|t| t.quote()) {
        Some(q) if doc.quotes[q].e >= span.1 && !used_q[q] => (vec![q], true),
        _ => (Vec::new(), false),
    };
    let cue = (toks[c].s, toks[c].e);
    push_att(out, Att { content: vec![span], direct, cue, src: Some((t0, c)), para: p, quotes, sent_end: t1 - 1 }, used_q);
}

fn push_att(out: &mut Vec<Att>, att: Att, used_q: &mut [bool]) {
    for &q in &att.quotes {
        if let Some(u) = used_q.get_mut(q) {
            *u = true;
        }
    }
    out.push(att);
}

fn according(doc: &Doc, p: usize, a: usize, b: usize, t: usize, out: &mut Vec<Att>, used_q: &mut [bool]) {
    let toks = &doc.toks;
    let cue = (toks[t].s, toks[t + 1].e);
    let s0 = t + 2;
    // the source runs to the next comma or the end of the sentence
    let upto = (s0..b.min(s0 + 25)).find(|&k| !toks[k].word() && !toks[k].punct('-') && !toks[k].punct('\'') && !toks[k].punct('&'));
    let whole = match upto {
        Some(k) if k > s0 && (toks[k].punct(',') || toks[k].term() || toks[k].punct(';')) => Some(k),
        None if b > s0 && b <= s0 + 25 => Some(b),
        _ => None,
    };
    let Some(se) = whole.or_else(|| np_right(doc, s0, b)).or_else(|| {
        // "according to the 2009 paper", "according to polls"
        let mut j = s0;
        while j < b && toks[j].word() && j < s0 + 8 && !toks[j].is(STOP) || (j < b && j > s0 && toks[j].is(LINK)) {
            j += 1;
        }
        (j > s0).then_some(j)
    }) else {
        return;
    };
    let mut se = se;
    while se > s0 && toks[se - 1].is(LINK) && !toks[se - 1].is(CAP) {
        se -= 1;
    }
    // "according to its chair, Lina Osei.": a name closing the sentence is an apposition
    if se + 1 < b && toks[se].punct(',') {
        let mut k = se + 1;
        while k < b && toks[k].word() && (toks[k].namey() || toks[k].is(INITIAL | PART | HON)) {
            k += 1;
        }
        if k > se + 1 && (k == b || toks[k].term() && k + 1 >= b) {
            se = k;
        }
    }
    let src = Some((s0, se));
    let mut content = Vec::new();
    // content before: "CLAUSE, according to X."
    if t > a {
        let mut e = t;
        while e > a && toks[e - 1].punct(',') {
            e -= 1;
        }
        // skip a reporting clause before ("…,” Sanders said, according to CNN.)
        if let Some(c) = clause_span(doc, a, e) {
            content.push(c);
        }
    }
    // content after: "According to X, CLAUSE." or mid "A, according to X, B."
    if se < b && toks[se].punct(',') {
        if let Some(c) = clause_span(doc, se + 1, b) {
            content.push(c);
        }
    }
    if content.is_empty() {
        return;
    }
    let quotes = quote_ids_in(doc, &content);
    let direct = content.len() == 1 && quotes.len() == 1 && doc.quotes[quotes[0]].s == content[0].0 && doc.quotes[quotes[0]].e >= content[0].1;
    let quotes = if direct { quotes } else { Vec::new() };
    push_att(out, Att { content, direct, cue, src, para: p, quotes, sent_end: b - 1 }, used_q);
}

fn quote_ids_in(doc: &Doc, spans: &[(usize, usize)]) -> Vec<usize> {
    let mut v = Vec::new();
    for &(s, e) in spans {
        // quotes are in text order
        let i0 = doc.quotes.partition_point(|q| q.s < s);
        for (i, q) in doc.quotes.iter().enumerate().skip(i0) {
            if q.s >= e {
                break;
            }
            if q.e <= e {
                v.push(i);
            }
        }
    }
    v
}

#[allow(clippy::too_many_arguments)]
fn participle(doc: &Doc, p: usize, a: usize, b: usize, t: usize, ci: CueInfo, out: &mut Vec<Att>, used_q: &mut [bool]) {
    let toks = &doc.toks;
    // "…, saying …" only after a comma (or a quote/colon for "writing:")
    if t == a || !(toks[t - 1].punct(',') || toks[t - 1].punct('\u{2014}') || toks[t - 1].punct('-')) {
        return;
    }
    // "…,” he said, adding, “…”": the source of the attribution just found in
    // this sentence; else the sentence's subject
    let prev = out.last().filter(|x| x.para == p && x.sent_end + 1 == b && x.cue.0 >= toks[a].s && x.cue.1 <= toks[t].s);
    let src = match prev.and_then(|x| x.src) {
        Some(s) => s,
        None => {
            let Some(src) = subject_np(doc, a, b) else { return };
            src
        }
    };
    if src.1 > t {
        return;
    }
    let cue = (toks[t].s, toks[t].e);
    let (content, quotes, direct) = match forward_content(doc, t + 1, b, ci) {
        Some(x) => x,
        None => return,
    };
    push_att(out, Att { content, direct, cue, src: Some(src), para: p, quotes, sent_end: b - 1 }, used_q);
}

type Fwd = (Vec<(usize, usize)>, Vec<usize>, bool);

/// Content after the cue: a quote (after `:`/`,`), or the rest of the
/// sentence (from "that" or a clause start).
fn forward_content(doc: &Doc, j0: usize, b: usize, ci: CueInfo) -> Option<Fwd> {
    let toks = &doc.toks;
    // "added to the confusion", "said to be": no reported content
    if !matches!(ci.class, CueClass::Tell | CueClass::Obj) && j0 < b && toks[j0].word() && doc.lower_is(j0, "to") && !ci.vow {
        return None;
    }
    // the content stops before a coordinated cue: "said X and added Y"
    let mut b = b;
    for k in j0 + 1..b {
        if toks[k].cue.is_some_and(|c| c.class == CueClass::According) && toks[k - 1].punct(',') {
            // "says the offer is too low, according to …"
            b = k - 1;
            break;
        }
        if toks[k].word() && doc.lower_is(k, "and") {
            let mut n = k + 1;
            while n < b && toks[n].word() && toks[n].is(AUX | LY) && toks[n].cue.is_none() {
                n += 1;
            }
            if n < b && toks[n].cue.is_some_and(|c| !c.ing && c.class != CueClass::According) {
                b = if k > j0 && toks[k - 1].punct(',') { k - 1 } else { k };
                break;
            }
        }
    }
    if ci.class == CueClass::Obj {
        // "declined to comment" is reported (non-)speech; "declined to give
        // details" or "refused to leave" is an act
        if j0 > 0 && matches!(doc.key(j0 - 1).as_str(), "declined" | "declines" | "refused" | "refuses") {
            let speech = j0 + 1 < b
                && doc.lower_is(j0, "to")
                && matches!(
                    doc.key(j0 + 1).as_str(),
                    "comment" | "say" | "discuss" | "answer" | "elaborate" | "respond" | "speak" | "confirm" | "specify"
                        | "name" | "address" | "disclose" | "reveal" | "be" | "explain" | "talk" | "detail" | "endorse"
                );
            if !speech {
                return None;
            }
        }
        return obj_content(doc, j0, b);
    }
    let mut j = j0;
    if ci.class == CueClass::Tell {
        // "told NBC News on Sunday that …": "that" close by
        let that = (j..b.min(j + 12)).take_while(|&k| toks[k].word()).find(|&k| toks[k].is(THAT));
        if let Some(k) = that {
            j = k;
        } else if j < b && toks[j].word() {
            // object: pronoun, name run, "reporters", "the crowd", "host Sean Hannity"
            if toks[j].is(OBJ) || toks[j].is(PRON) && !doc.lower_is(j, "it") {
                j += 1;
            } else if let Some(e) = np_right(doc, j, b) {
                j = e;
            } else if toks[j].is(DET) {
                let mut k = j + 1;
                while k < b && k < j + 5 && toks[k].word() && !toks[k].is(STOP | THAT) {
                    k += 1;
                }
                j = k;
            } else {
                return None;
            }
        } else {
            return None;
        }
    }
    if ci.class == CueClass::Tell && j < b && j > j0 && toks[j].punct(',') && j + 1 < b && toks[j + 1].word() {
        // "Kasich tells the crowd, he’s been known …"
        j += 1;
    }
    if ci.class == CueClass::Ask {
        // "asked Trump whether …", "asked the network to donate …"
        if j < b && toks[j].word() && (toks[j].is(OBJ) || toks[j].is(PRON) && !doc.lower_is(j, "it")) {
            j += 1;
        } else if let Some(e) = np_right(doc, j, b) {
            j = e;
        }
        if j < b && toks[j].punct(',') {
            j += 1;
        }
        let to = j > j0 && j < b && doc.lower_is(j, "to");
        if !(j < b && (toks[j].is(WH) || toks[j].quote().is_some() || to)) {
            return None;
        }
        if to {
            let c = clause_span(doc, j, b)?;
            return Some((vec![c], Vec::new(), false));
        }
    }
    let j = skip_adverbials(doc, j, b);
    let mut k = j;
    while k < b && (toks[k].punct(':') || toks[k].punct(',') || toks[k].punct('\u{2014}')) {
        k += 1;
    }
    if k < b {
        if let Some(q) = toks[k].quote() {
            let qu = doc.quotes[q];
            // a quote that is (nearly) the rest of the sentence
            let mut r = k + 1;
            while r < b && !toks[r].word() && toks[r].quote().is_none() {
                r += 1;
            }
            if r >= b && (qu.words >= 2 || k > j) {
                return Some((vec![(qu.s, qu.e)], vec![q], true));
            }
            if k > j {
                // "said, “…,” and then …": the quote and the rest
                let c = clause_span(doc, k, b)?;
                return Some((vec![c], Vec::new(), false));
            }
        }
    }
    let j = if j < b && toks[j].punct(':') { j + 1 } else { j };
    if j >= b {
        return None;
    }
    let tj = &toks[j];
    let ok = match ci.class {
        CueClass::Free | CueClass::Tell => clause_start(doc, j, b) || loose_start(doc, j),
        CueClass::That => {
            tj.word() && tj.is(THAT)
                || tj.quote().is_some()
                || ci.vow && tj.word() && (doc.lower_is(j, "to") || doc.lower_is(j, "not") && j + 1 < b && doc.lower_is(j + 1, "to"))
        }
        CueClass::Ask => tj.is(WH) || tj.quote().is_some(),
        CueClass::Direct | CueClass::According | CueClass::Obj => false,
    };
    if !ok {
        // "announced his candidacy", "noted the delays": an object as content
        let inflected = j0 > 0 && matches!(doc.s(j0 - 1).as_bytes().last(), Some(b'd' | b's' | b'g'));
        if ci.class == CueClass::That && !ci.vow && inflected && tj.word() && (tj.is(DET | NUM | WH) || tj.is(PRON) && tj.is(POSS) || tj.is(CAP) && !tj.is(STOP)) {
            return obj_content(doc, j, b);
        }
        return None;
    }
    // "said so" / "said nothing" are no content
    if tj.word() && matches!(doc.key(j).as_str(), "so" | "nothing" | "anything") {
        return None;
    }
    let c = clause_span(doc, j, b)?;
    let direct = tj.quote().is_some_and(|q| doc.quotes[q].e >= c.1);
    let quotes = if direct { tj.quote().into_iter().collect() } else { Vec::new() };
    Some((vec![c], quotes, direct))
}

/// Content of an object-taking cue ("called the plan a disaster", "a poll
/// shows Smith ahead", "declined to comment"): the rest of the clause, from
/// its object on. Not after a preposition that makes the verb something
/// else ("found in", "called from").
fn obj_content(doc: &Doc, j0: usize, b: usize) -> Option<Fwd> {
    let toks = &doc.toks;
    let mut j = j0;
    while j < b && (toks[j].punct(':') || toks[j].punct('\u{2014}')) {
        j += 1;
    }
    if j >= b {
        return None;
    }
    let tj = &toks[j];
    if let Some(q) = tj.quote() {
        let qu = doc.quotes[q];
        let mut r = j + 1;
        while r < b && !toks[r].word() && toks[r].quote().is_none() {
            r += 1;
        }
        if r >= b {
            return Some((vec![(qu.s, qu.e)], vec![q], true));
        }
    } else if !tj.word()
        || tj.is(REL)
        || matches!(
            doc.key(j).as_str(),
            "in" | "at" | "by" | "with" | "from" | "of" | "into" | "after" | "before" | "during" | "off" | "up" | "down"
                | "back" | "away" | "over" | "under" | "and" | "or" | "but" | "so" | "if" | "when" | "while" | "because"
                | "since" | "until" | "than" | "which" | "who" | "where"
        )
    {
        return None;
    }
    let c = clause_span(doc, j, b)?;
    Some((vec![c], Vec::new(), false))
}

/// The quote or clause right before the source (tokens `a..pre`), with a
/// flag telling whether it ended in a comma (or a quote ending in `,?!`).
fn before_part(doc: &Doc, a: usize, pre: usize) -> Option<((usize, usize), Option<usize>, bool)> {
    let toks = &doc.toks;
    let mut e = pre;
    while e > a && (toks[e - 1].punct(',') || toks[e - 1].punct('\u{2014}') || toks[e - 1].punct('-')) {
        e -= 1;
    }
    if e <= a {
        return None;
    }
    if e == a + 1 {
        if let Some(q) = toks[a].quote() {
            let qu = doc.quotes[q];
            return Some(((qu.s, qu.e), Some(q), true));
        }
    }
    let ends_q = toks[e - 1].quote().is_some_and(|q| matches!(doc.quotes[q].last, ',' | '?' | '!'));
    let had_comma = e < pre || ends_q;
    let c = clause_span(doc, a, e)?;
    Some((c, None, had_comma))
}

/// The quote that makes up the sentence before sentence `si` ("“…” Smith said.").
fn prev_sentence_quote(doc: &Doc, p: usize, si: usize) -> Option<usize> {
    if si == 0 {
        return None;
    }
    let para = &doc.paras[p];
    let (pa, pb) = (para.sents[si - 1], para.sents[si]);
    let toks = &doc.toks;
    let q = toks[pa].quote()?;
    // only the quote, maybe followed by punctuation
    if (pa + 1..pb).all(|i| !toks[i].word() && toks[i].quote().is_none()) {
        Some(q)
    } else {
        None
    }
}

/// Content from the quote or paragraph after a cue ending a paragraph with
/// a colon ("Reporter Jane Doe says:").
fn next_para_content(doc: &Doc, p: usize) -> Option<Fwd> {
    let np = doc.paras.get(p + 1)?;
    if np.t0 >= np.t1 {
        return None;
    }
    if let Some(q) = doc.toks[np.t0].quote() {
        let qu = doc.quotes[q];
        return Some((vec![(qu.s, qu.e)], vec![q], true));
    }
    let e = np.sents.get(1).copied().unwrap_or(np.t1);
    let c = clause_span(doc, np.t0, e)?;
    Some((vec![c], Vec::new(), false))
}

#[allow(clippy::too_many_arguments)]
fn verb(doc: &Doc, p: usize, si: usize, a: usize, b: usize, t: usize, ci: CueInfo, out: &mut Vec<Att>, used_q: &mut [bool]) {
    let toks = &doc.toks;
    let para = &doc.paras[p];
    let cue = (toks[t].s, toks[t].e);

    // ---- source before the cue ("is telling": a progressive, not a passive)
    let (last, passive) = if ci.ing && t > a && toks[t - 1].is(BE) {
        skip_aux_left(doc, a, t - 1)
    } else {
        skip_aux_left(doc, a, t)
    };
    if passive {
        return;
    }
    let mut src: Option<(usize, usize)> = None;
    let mut coordinated = false;
    if let Some(l) = last {
        if toks[l].punct(')') {
            // "Bob Goodlatte (R-Va.) told …"
            let mut o = l;
            while o > a && o + 8 > l && !toks[o].punct('(') {
                o -= 1;
            }
            if toks[o].punct('(') && o > a && toks[o - 1].namey() {
                if let Some(s0) = np_left(doc, a, o - 1) {
                    src = Some((s0, l + 1));
                }
            }
        } else if toks[l].punct(',') || toks[l].punct('\u{2014}') {
            // apposition "Name, a spokeswoman, said"
            if let Some((s0, open)) = appos_left(doc, a, l) {
                // a second level: "a spokeswoman, Anna White, said"
                let mut s = s0;
                if s > a + 1 && toks[s - 1].punct(',') {
                    if let Some(s1) = np_left(doc, a, s - 2) {
                        let named0 = (s0..l).all(|i| toks[i].namey() || toks[i].is(INITIAL | PART | HON));
                        let core_title = toks[s1].is(DET) && (s1..s - 1).any(|i| toks[i].is(TITLE));
                        if named0 && core_title {
                            s = s1;
                        }
                    }
                }
                // "Ted Cruz, by contrast, wrote": an adverbial is not part of the source
                let adverbial = toks[open + 1].is(PREP) && !toks[open + 1].is(CAP) || toks[open + 1].is(LY);
                src = Some(if adverbial { (s, open) } else { (s, l + 1) });
            }
        } else if toks[l].word() && doc.lower_is(l, "and") && !toks[l].is(CAP) {
            // "The campaign released a statement and said …": the clause's subject
            if let Some((s0, e0)) = subject_np(doc, a, l) {
                src = Some((s0, e0));
                coordinated = true;
            }
        } else if toks[l].word() {
            if let Some(s0) = np_left(doc, a, l) {
                src = Some((s0, l + 1));
            }
        }
    }
    if let Some((s0, e0)) = src {
        if !src_ok(doc, s0, e0) {
            return;
        }
        // "a group called Occupy Main Street": a name, not a report
        if doc.lower_is(t, "called") && toks[s0].word() && matches!(doc.key(s0).as_str(), "a" | "an") && t + 1 < b && toks[t + 1].is(CAP) {
            return;
        }
        // "the system, which he said runs …": a relative clause, not a report
        if s0 > a && toks[s0 - 1].word() && matches!(doc.key(s0 - 1).as_str(), "which" | "what" | "whom" | "whose") {
            return;
        }
        let after = t + 1;
        // "“…?” Obama asked Republican politicians.": skip the object of tell/ask
        let mut after_obj = after;
        if matches!(ci.class, CueClass::Tell | CueClass::Ask) && after < b && toks[after].word() {
            if toks[after].is(OBJ) || toks[after].is(PRON) && !doc.lower_is(after, "it") {
                after_obj = after + 1;
            } else if let Some(e) = np_right(doc, after, b) {
                after_obj = e;
            }
        }
        let adv_end = skip_adverbials(doc, after_obj, b);
        let ends_here = adv_end >= b || toks[adv_end].term();
        let comma_after = adv_end < b && (toks[adv_end].punct(',') || toks[adv_end].punct('\u{2014}'));
        let colon_end = adv_end < b && toks[adv_end].punct(':') && adv_end + 1 >= b && si + 2 == para.sents.len();
        let mut content: Vec<(usize, usize)> = Vec::new();
        let mut quotes: Vec<usize> = Vec::new();
        let mut direct = false;
        let before = if coordinated {
            None
        } else if s0 > a {
            before_part(doc, a, s0)
        } else if ends_here {
            prev_sentence_quote(doc, p, si).map(|q| ((doc.quotes[q].s, doc.quotes[q].e), Some(q), true))
        } else {
            None
        };
        let before = before.filter(|(_, q, _)| q.is_none_or(|q| !used_q[q]));
        match before {
            Some((span, Some(q), _)) => {
                // "“…,” he said [adverbials][, “…”]"
                content.push(span);
                quotes.push(q);
                if comma_after && adv_end + 1 < b {
                    if let Some(q2) = toks[adv_end + 1].quote() {
                        if !used_q[q2] {
                            content.push((doc.quotes[q2].s, doc.quotes[q2].e));
                            quotes.push(q2);
                        }
                    } else if let Some(c) = clause_span(doc, adv_end + 1, b) {
                        if toks[adv_end + 1].cue.is_none_or(|c| !c.ing) {
                            content.push(c);
                        }
                    }
                }
                direct = content.len() == quotes.len();
            }
            Some((span, None, had_comma)) => {
                let fwd = if colon_end { next_para_content(doc, p) } else { forward_content(doc, after, b, ci) };
                if let Some(f) = fwd {
                    // an intro phrase before the source: "On Monday, Trump said the…"
                    content = f.0;
                    quotes = f.1;
                    direct = f.2;
                } else if had_comma && (ends_here || comma_after || adv_end > after || subordinate(doc, adv_end, b)) {
                    // "CLAUSE, he said [in a statement][, CLAUSE]"; a short opener
                    // ("Now, she said, …") is not content
                    let intro = comma_after && (toks[a].is(PREP | CONJ | TIME) && s0 - a < 7 || s0 - a <= 2 && toks[a].is(LY | CONJ | TIME));
                    if !intro {
                        content.push(span);
                    }
                    if comma_after && adv_end + 1 < b && toks[adv_end + 1].cue.is_none_or(|c| !c.ing) {
                        if let Some(q2) = toks[adv_end + 1].quote() {
                            if !used_q[q2] {
                                content.push((doc.quotes[q2].s, doc.quotes[q2].e));
                                quotes.push(q2);
                            }
                        } else if let Some(c) = clause_span(doc, adv_end + 1, b) {
                            content.push(c);
                        }
                    }
                    direct = !content.is_empty() && content.len() == quotes.len();
                }
            }
            None => {
                let fwd = if colon_end { next_para_content(doc, p) } else { forward_content(doc, after, b, ci) };
                if let Some(f) = fwd {
                    content = f.0;
                    quotes = f.1;
                    direct = f.2;
                }
            }
        }
        if content.is_empty() || quotes.iter().any(|&q| used_q[q]) {
            return;
        }
        push_att(out, Att { content, direct, cue, src: Some((s0, e0)), para: p, quotes, sent_end: b - 1 }, used_q);
        return;
    }

    // ---- inverted: "“…,” said Smith." / "…, says Trump." / "“…!” said Smith" at sentence start
    let prev_ok = t > a && (toks[t - 1].punct(',') || toks[t - 1].quote().is_some() || toks[t - 1].punct('\u{2014}'));
    let at_start = t == a && si > 0;
    if !(prev_ok || at_start) {
        return;
    }
    let Some(se) = np_right(doc, t + 1, b) else { return };
    // the source must end the sentence or be followed by a comma/quote/adverbial
    let after_src = skip_adverbials(doc, se, b);
    if after_src < b && !(toks[after_src].term() || toks[after_src].punct(',') || toks[after_src].quote().is_some() || toks[after_src].punct(';')) {
        return;
    }
    let mut content = Vec::new();
    let mut quotes = Vec::new();
    if prev_ok {
        match before_part(doc, a, t) {
            Some((span, Some(q), _)) => {
                content.push(span);
                quotes.push(q);
            }
            Some((span, None, _)) => content.push(span),
            None => {}
        }
    } else if let Some(q) = prev_sentence_quote(doc, p, si) {
        content.push((doc.quotes[q].s, doc.quotes[q].e));
        quotes.push(q);
    }
    // split quote: "“…,” said Smith, “…”"
    if after_src + 1 < b && toks[after_src].punct(',') {
        if let Some(q2) = toks[after_src + 1].quote() {
            content.push((doc.quotes[q2].s, doc.quotes[q2].e));
            quotes.push(q2);
        }
    }
    if content.is_empty() || quotes.iter().any(|&q| used_q[q]) {
        return;
    }
    let direct = content.len() == quotes.len();
    push_att(out, Att { content, direct, cue, src: Some((t + 1, se)), para: p, quotes, sent_end: b - 1 }, used_q);
}

/// Paragraphs that open with a quote and have no cue of their own continue
/// the last direct quote of the paragraph before.
fn continuations(doc: &Doc, atts: &mut [Att], used_q: &mut [bool]) {
    if atts.is_empty() {
        return;
    }
    // last direct attribution per paragraph
    let mut last_in: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, a) in atts.iter().enumerate() {
        if a.direct || !a.quotes.is_empty() {
            last_in.insert(a.para, i);
        }
    }
    let has_att: rustc_hash::FxHashSet<usize> = atts.iter().map(|a| a.para).collect();
    let mut cur: Option<usize> = None;
    for p in 0..doc.paras.len() {
        if let Some(&i) = last_in.get(&p) {
            cur = Some(i);
            continue;
        }
        let para = &doc.paras[p];
        let Some(i) = cur else { continue };
        if has_att.contains(&p) || para.t0 >= para.t1 {
            cur = None;
            continue;
        }
        let Some(q) = doc.toks[para.t0].quote() else {
            cur = None;
            continue;
        };
        if p != atts[i].para + 1 && !continued(atts, i, p) {
            cur = None;
            continue;
        }
        // no cue word outside quotes
        if (para.t0..para.t1).any(|t| doc.toks[t].cue.is_some()) {
            cur = None;
            continue;
        }
        if used_q[q] {
            cur = None;
            continue;
        }
        for t in para.t0..para.t1 {
            if let Some(q) = doc.toks[t].quote() {
                if !used_q[q] {
                    used_q[q] = true;
                    atts[i].content.push((doc.quotes[q].s, doc.quotes[q].e));
                    atts[i].quotes.push(q);
                }
            }
        }
        atts[i].para = p; // so the next paragraph may continue too
        last_in.insert(p, i);
        cur = Some(i);
    }
}

fn continued(atts: &[Att], i: usize, p: usize) -> bool {
    atts[i].para + 1 == p
}

// ---------------------------------------------------------------------------
// Mentions and speaker resolution

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Gender {
    Unknown,
    Male,
    Female,
}

#[derive(Clone, Debug)]
struct Mention {
    /// Byte offset where the name part starts.
    s: usize,
    /// Token range of the name part.
    t0: usize,
    t1: usize,
    /// Lowercase title words (space separated, possessive dropped).
    title: String,
    gender: Gender,
    person: bool,
    /// A single capitalized word at a sentence start (may be an opener).
    initial: bool,
    para: usize,
}

fn gender_of(fl: u32) -> Gender {
    if fl & (MALE | FIRSTM) != 0 && fl & (FEMALE | FIRSTF) == 0 {
        Gender::Male
    } else if fl & (FEMALE | FIRSTF) != 0 && fl & (MALE | FIRSTM) == 0 {
        Gender::Female
    } else {
        Gender::Unknown
    }
}

fn key_of(w: &str) -> String {
    let mut w = w;
    for suf in ["\u{2019}s", "'s", "\u{2019}", "'"] {
        if let Some(k) = w.strip_suffix(suf) {
            w = k;
            break;
        }
    }
    w.to_lowercase()
}

/// Person and organization name mentions outside quotes.
fn mentions(doc: &Doc) -> Vec<Mention> {
    let toks = &doc.toks;
    let mut out = Vec::new();
    for (p, para) in doc.paras.iter().enumerate() {
        let mut sent_starts = para.sents.iter().copied().peekable();
        let mut t = para.t0;
        while t < para.t1 {
            while sent_starts.peek().is_some_and(|&s| s < t) {
                sent_starts.next();
            }
            let k = &toks[t];
            let starts_name = k.word() && (k.namey() || k.is(CAP) && k.is(HON | TITLE) && !k.is(NOTNAME | DET | PLURAL));
            if !starts_name {
                t += 1;
                continue;
            }
            // capitalized run (with particles and initials)
            let r0 = t;
            let mut r1 = t;
            while r1 < para.t1 {
                let k = &toks[r1];
                if !k.word() {
                    break;
                }
                let part_ok = k.is(PART) && !k.is(CAP) && r1 + 1 < para.t1 && toks[r1 + 1].namey();
                if k.is(CAP) && !k.is(NOTNAME | DET | PRON | STOP) || part_ok || k.is(CAP) && k.is(HON | TITLE) {
                    r1 += 1;
                    if k.is(POSS) {
                        break;
                    }
                    continue;
                }
                break;
            }
            // split leading titles: everything up to the last title/honorific word
            let mut n0 = r0;
            for i in r0..r1 {
                if toks[i].is(TITLE | HON) && !toks[i].is(POSS) || toks[i].is(DEPT) && i > r0 && toks[i - 1].is(TITLE) {
                    n0 = i + 1;
                }
            }
            // "Secretary of State John Kerry": the run was cut at "of"
            if n0 == r1 {
                t = r1.max(t + 1);
                continue;
            }
            let n1 = r1;
            let mut title = String::new();
            let mut gfl = 0u32;
            let mut hon = false;
            for (i, k) in toks.iter().enumerate().take(n0).skip(r0) {
                push_word(&mut title, &key_of(doc.s(i)));
                gfl |= k.fl & (MALE | FEMALE);
                hon |= k.is(HON | TITLE);
            }
            // lowercase titles and modifiers right before: "Kremlin spokesman Dmitry Peskov"
            let mut pre = Vec::new();
            let mut j = r0;
            while j > para.t0 && pre.len() < 6 {
                let k = &toks[j - 1];
                if k.word() && (k.is(TITLE | MOD | HON | DEPT) && !k.is(DET) || k.is(CAP) && !k.is(NOTNAME) || k.is(POSS) && !k.is(PRON) || k.is(LINK) && !k.is(CAP) && !pre.is_empty())
                    && k.cue.is_none()
                {
                    pre.push(j - 1);
                    j -= 1;
                    continue;
                }
                break;
            }
            if pre.iter().any(|&i| toks[i].is(TITLE)) {
                hon = true;
                for &i in pre.iter().rev() {
                    push_word(&mut title, &key_of(doc.s(i)));
                    gfl |= toks[i].fl & (MALE | FEMALE);
                }
            }
            // apposition after: "Dmitry Peskov, the Kremlin spokesman,"
            if n1 + 1 < para.t1 && toks[n1].punct(',') && toks[n1 + 1].is(DET | TITLE | MOD) {
                let mut k = n1 + 1;
                let mut words = Vec::new();
                while k < para.t1 && k < n1 + 9 && toks[k].word() && toks[k].cue.is_none() && !toks[k].is(STOP | REL) || (k < para.t1 && toks[k].is(LINK) && !words.is_empty()) {
                    words.push(k);
                    k += 1;
                }
                if words.iter().any(|&i| toks[i].is(TITLE)) && k < para.t1 && !toks[k].word() {
                    hon = true;
                    for &i in &words {
                        if !toks[i].is(DET) {
                            push_word(&mut title, &key_of(doc.s(i)));
                            gfl |= toks[i].fl & (MALE | FEMALE);
                        }
                    }
                }
            }
            // apposition before: "the Kremlin spokesman, Dmitry Peskov,"
            if r0 >= para.t0 + 2 && toks[r0 - 1].punct(',') && toks[r0 - 2].is(TITLE) {
                let mut k = r0 - 1;
                let mut words = Vec::new();
                while k > para.t0 && words.len() < 6 && toks[k - 1].word() && (toks[k - 1].is(TITLE | MOD | DEPT) || toks[k - 1].is(CAP) && !toks[k - 1].is(NOTNAME)) {
                    words.push(k - 1);
                    k -= 1;
                }
                hon = true;
                for &i in words.iter().rev() {
                    push_word(&mut title, &key_of(doc.s(i)));
                    gfl |= toks[i].fl & (MALE | FEMALE);
                }
            }
            let first = &toks[n0];
            gfl |= first.fl & (FIRSTM | FIRSTF);
            let org = (n0..n1).any(|i| toks[i].is(ORG)) || title.split(' ').any(|w| matches!(w, "party" | "company" | "group"));
            // "the Armenian Patriarchate": a name after "the" is a thing, not a person
            let after_the = r0 > para.t0 && toks[r0 - 1].word() && doc.lower_is(r0 - 1, "the") && !hon;
            let person = !org && !after_the && (hon || n1 - n0 >= 2 || first.is(FIRSTM | FIRSTF));
            let initial = n1 - n0 == 1 && para.sents.binary_search(&n0).is_ok() && !hon;
            let s = toks[n0].s;
            out.push(Mention { s, t0: n0, t1: n1, title, gender: gender_of(gfl), person, initial, para: p });
            t = r1.max(t + 1);
        }
    }
    out
}

fn push_word(s: &mut String, w: &str) {
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str(w);
}

/// The name of a mention without a possessive ending.
fn name_text(doc: &Doc, m: &Mention) -> String {
    let mut out = String::new();
    for t in m.t0..m.t1 {
        let w = doc.s(t);
        let w = strip_poss(w);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn strip_poss(w: &str) -> &str {
    for suf in ["\u{2019}s", "'s", "\u{2019}S", "'S", "\u{2019}", "'"] {
        if let Some(k) = w.strip_suffix(suf) {
            if !k.is_empty() {
                return k;
            }
        }
    }
    w
}

fn last_key(doc: &Doc, m: &Mention) -> String {
    key_of(doc.s(m.t1 - 1))
}

struct Resolver<'d, 'a> {
    doc: &'d Doc<'a>,
    ms: Vec<Mention>,
    /// Surname key → (full-name mention indexes)
    by_last: FxHashMap<String, Vec<usize>>,
    /// Content spans of attributions (mentions inside are not antecedents).
    contents: Vec<(usize, usize)>,
    /// Surname key → the one gender its mentions show (Unknown on conflict).
    genders: FxHashMap<String, Gender>,
}

impl<'d, 'a> Resolver<'d, 'a> {
    fn new(doc: &'d Doc<'a>, atts: &[Att]) -> Self {
        let ms = mentions(doc);
        let mut by_last: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, m) in ms.iter().enumerate() {
            if m.t1 - m.t0 >= 2 && m.person {
                by_last.entry(last_key(doc, m)).or_default().push(i);
            }
        }
        let mut contents: Vec<(usize, usize)> = atts.iter().flat_map(|a| a.content.iter().copied()).collect();
        contents.sort_unstable();
        let mut genders: FxHashMap<String, Gender> = FxHashMap::default();
        for m in &ms {
            if m.gender != Gender::Unknown {
                genders
                    .entry(last_key(doc, m))
                    .and_modify(|g| {
                        if *g != m.gender {
                            *g = Gender::Unknown;
                        }
                    })
                    .or_insert(m.gender);
            }
        }
        Resolver { doc, ms, by_last, contents, genders }
    }

    fn in_content(&self, pos: usize) -> bool {
        let i = self.contents.partition_point(|c| c.0 <= pos);
        self.contents[..i].iter().rev().take(8).any(|c| pos < c.1)
    }

    /// Full name for a name mention (surname → earlier full name) and its gender.
    fn full(&self, mi: usize) -> (String, Gender, bool) {
        let m = &self.ms[mi];
        let doc = self.doc;
        let mut gender = m.gender;
        if m.t1 - m.t0 >= 2 {
            let mut g = gender;
            if g == Gender::Unknown {
                g = self.surname_gender(&last_key(doc, m), m.s);
            }
            return (name_text(doc, m), g, m.person);
        }
        let key = last_key(doc, m);
        if let Some(list) = self.by_last.get(&key) {
            // the most recent earlier full name with a compatible gender; else the first later one
            let pick = list
                .iter()
                .rev()
                .find(|&&j| self.ms[j].s < m.s && compatible(gender, self.ms[j].gender))
                .or_else(|| list.iter().find(|&&j| compatible(gender, self.ms[j].gender)));
            if let Some(&j) = pick {
                let fm = &self.ms[j];
                if gender == Gender::Unknown {
                    gender = fm.gender;
                }
                return (name_text(doc, fm), gender, true);
            }
        }
        (name_text(doc, m), gender, m.person)
    }

    fn surname_gender(&self, key: &str, _before: usize) -> Gender {
        self.genders.get(key).copied().unwrap_or(Gender::Unknown)
    }

    /// The mention whose name part lies inside token range [s, e).
    fn mention_in(&self, s: usize, e: usize) -> Option<usize> {
        let i = self.ms.partition_point(|m| m.t0 < s);
        let mut best = None;
        for (j, m) in self.ms.iter().enumerate().skip(i) {
            if m.t0 >= e {
                break;
            }
            if m.t1 <= e {
                // prefer a person
                match best {
                    None => best = Some(j),
                    Some(b) if !self.ms[b].person && m.person => best = Some(j),
                    _ => {}
                }
            }
        }
        best
    }

    fn resolve(&self, att: &Att) -> (Option<String>, SpeakerResolution) {
        let Some((s, e)) = att.src else {
            return (None, SpeakerResolution::Unresolved);
        };
        let doc = self.doc;
        let toks = &doc.toks;
        if e == s + 1 && toks[s].is(PRON | REL) && !toks[s].is(POSS) {
            let w = doc.s(s).to_ascii_lowercase();
            return match w.as_str() {
                "he" => self.pronoun(toks[s].s, Gender::Male, att.para),
                "she" => self.pronoun(toks[s].s, Gender::Female, att.para),
                "who" => self.relative(s, att.para),
                _ => (None, SpeakerResolution::Unresolved),
            };
        }
        // the head: last word of the core phrase (before an apposition)
        let core_end = (s..e).find(|&i| toks[i].punct(',') || toks[i].punct('\u{2014}') || toks[i].punct('(')).unwrap_or(e);
        let head = core_end.checked_sub(1).filter(|&h| h >= s).unwrap_or(s);
        let head_tok = &toks[head];
        // a name inside the source
        if let Some(mi) = self.mention_in(s, e) {
            let m = &self.ms[mi];
            // "Trump’s campaign": a name followed by a lowercase non-title head is not the speaker
            let name_is_head = m.t1 >= core_end || (m.t1..core_end).all(|i| !toks[i].word());
            let appos_name = m.t0 > core_end;
            if name_is_head || appos_name {
                if m.initial && !m.person && !self.by_last.contains_key(&last_key(doc, m)) {
                    // "Officials said" / a lone sentence-initial capital: only when known
                    if (s..e).len() == 1 && head_tok.is(NOTNAME | PLURAL) {
                        return (None, SpeakerResolution::Unresolved);
                    }
                }
                let (name, _, _) = self.full(mi);
                let name = name.trim_start_matches("The ").trim_start_matches("the ").to_string();
                if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                    return (None, SpeakerResolution::Unresolved);
                }
                return (Some(name), SpeakerResolution::Named);
            }
        }
        // a title: "the Kremlin spokesman", "Putin’s spokesman"
        if head_tok.is(TITLE) && !head_tok.is(PLURAL) {
            return self.title(s, core_end, toks[s].s);
        }
        (None, SpeakerResolution::Unresolved)
    }

    fn title(&self, s: usize, e: usize, pos: usize) -> (Option<String>, SpeakerResolution) {
        let doc = self.doc;
        let toks = &doc.toks;
        let head = key_of(doc.s(e - 1));
        let mut need: Vec<String> = Vec::new();
        for (i, k) in toks.iter().enumerate().take(e - 1).skip(s) {
            if k.is(DET) || k.is(LINK) && !k.is(CAP) {
                continue;
            }
            // capitalized modifiers and titles must match; generic modifiers are optional
            if k.is(CAP) || k.is(TITLE) && !k.is(MOD) || k.is(POSS) {
                need.push(key_of(doc.s(i)));
            }
        }
        let heads: &[&str] = match head.as_str() {
            "spokesman" | "spokeswoman" | "spokesperson" => &["spokesman", "spokeswoman", "spokesperson"],
            "president" => &["president", "president-elect"],
            _ => &[],
        };
        let matches_head = |t: &str| t.split(' ').any(|w| w == head || heads.contains(&w));
        // the most recent match (looking back over at most 5,000 mentions)
        let end = self.ms.partition_point(|m| m.s < pos);
        let found = (end.saturating_sub(5000)..end).rev().find(|&i| {
            let m = &self.ms[i];
            m.person
                && !m.title.is_empty()
                && !self.in_content(m.s)
                && matches_head(&m.title)
                && need.iter().all(|w| m.title.split(' ').any(|x| x == w))
        });
        match found {
            Some(i) => {
                let (name, _, _) = self.full(i);
                (Some(name), SpeakerResolution::Title)
            }
            None => (None, SpeakerResolution::Unresolved),
        }
    }

    fn pronoun(&self, pos: usize, g: Gender, para: usize) -> (Option<String>, SpeakerResolution) {
        // most recent person mention before `pos`, within 4 paragraphs,
        // outside quotes (never tokenized) and outside quoted/reported content
        let end = self.ms.partition_point(|m| m.s < pos);
        for i in (end.saturating_sub(200)..end).rev() {
            let m = &self.ms[i];
            if m.para + 4 < para {
                break;
            }
            if self.in_content(m.s) {
                continue;
            }
            let (name, mg, person) = self.full(i);
            if !person {
                continue;
            }
            if m.initial && !self.by_last.contains_key(&last_key(self.doc, m)) && !m.person {
                continue;
            }
            if !compatible(g, mg) {
                continue;
            }
            // an unknown-gender candidate with a known-gender, compatible one
            // right before it in the same sentence is ambiguous: give up
            return (Some(name), SpeakerResolution::Pronoun);
        }
        (None, SpeakerResolution::Unresolved)
    }

    fn relative(&self, s: usize, _para: usize) -> (Option<String>, SpeakerResolution) {
        let toks = &self.doc.toks;
        if s < 2 || !toks[s - 1].punct(',') {
            return (None, SpeakerResolution::Unresolved);
        }
        let e = s - 1;
        let Some(st) = np_left(self.doc, 0, e - 1) else {
            return (None, SpeakerResolution::Unresolved);
        };
        if let Some(mi) = self.mention_in(st, e) {
            if self.ms[mi].t1 == e {
                let (name, _, _) = self.full(mi);
                return (Some(name), SpeakerResolution::Pronoun);
            }
        }
        (None, SpeakerResolution::Unresolved)
    }
}

fn compatible(a: Gender, b: Gender) -> bool {
    a == Gender::Unknown || b == Gender::Unknown || a == b
}

// ---------------------------------------------------------------------------

/// Finds quotes and reported speech with their speakers (see the module
/// documentation). Spans are byte offsets into `text`.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    if text.is_empty() {
        return Vec::new();
    }
    let lex = lexicon();
    let mut hits: Vec<usize> = Vec::new();
    for m in lex.prefilter.find_iter(text) {
        hits.push(m.start());
    }
    if hits.is_empty() {
        return Vec::new();
    }
    let doc = Doc::new(text, &hits);
    let mut used_q = vec![false; doc.quotes.len()];
    let mut atts: Vec<Att> = Vec::new();
    for p in 0..doc.paras.len() {
        if doc.paras[p].hit {
            para_attributions(&doc, p, &mut atts, &mut used_q);
        }
    }
    if atts.is_empty() {
        return Vec::new();
    }
    continuations(&doc, &mut atts, &mut used_q);
    let resolver = Resolver::new(&doc, &atts);
    let mut out: Vec<Quote> = atts
        .iter()
        .map(|a| {
            let (speaker, resolution) = resolver.resolve(a);
            let source = a.src.and_then(|(s, e)| {
                if s < e && e <= doc.toks.len() {
                    let mut e2 = e;
                    // keep a trailing comma of an apposition only when the phrase
                    // opened one ("a spokeswoman, Anna White,")
                    while e2 > s + 1
                        && doc.toks[e2 - 1].kind != Tk::Word
                        && !doc.toks[e2 - 1].punct(')')
                        && !(doc.toks[e2 - 1].punct(',') && (s..e2 - 1).any(|i| doc.toks[i].punct(',')))
                        && !(doc.toks[e2 - 1].punct('\u{2014}') && (s..e2 - 1).any(|i| doc.toks[i].punct('\u{2014}')))
                    {
                        e2 -= 1;
                    }
                    trim_span(text, doc.toks[s].s, doc.toks[e2 - 1].e)
                } else {
                    None
                }
            });
            let mut content: Vec<(usize, usize)> = a.content.iter().filter_map(|&(s, e)| trim_span(text, s, e)).collect();
            content.sort_unstable();
            content.dedup();
            Quote { content, direct: a.direct, cue: Some(a.cue), source, speaker, resolution }
        })
        .filter(|q| !q.content.is_empty())
        .collect();
    out.sort_by_key(|q| q.content.first().map_or(0, |c| c.0).min(q.cue.map_or(usize::MAX, |c| c.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sl(text: &str, span: Option<(usize, usize)>) -> &str {
        span.map_or("", |(s, e)| &text[s..e])
    }

    fn contents(text: &str, q: &Quote) -> Vec<String> {
        q.content.iter().map(|&(s, e)| text[s..e].to_string()).collect()
    }

    /// The one quote whose cue is `cue`.
    fn by_cue<'q>(text: &str, qs: &'q [Quote], cue: &str) -> &'q Quote {
        let found: Vec<&Quote> = qs.iter().filter(|q| sl(text, q.cue) == cue).collect();
        assert_eq!(found.len(), 1, "cue {cue:?} in {qs:#?}");
        found[0]
    }

    #[test]
    fn straight_quotes_speaker_after() {
        let t = "\"We will not back down,\" Smith said.";
        let qs = find_quotes(t);
        assert_eq!(qs.len(), 1, "{qs:?}");
        let q = &qs[0];
        assert_eq!(contents(t, q), ["\"We will not back down,\""]);
        assert!(q.direct);
        assert_eq!(sl(t, q.cue), "said");
        assert_eq!(sl(t, q.source), "Smith");
        assert_eq!(q.speaker.as_deref(), Some("Smith"));
        assert_eq!(q.resolution, SpeakerResolution::Named);
    }

    #[test]
    fn curly_quotes_inverted_cue_with_apposition() {
        let t = "\u{201c}The talks were useful,\u{201d} said Maria Lindqvist, a spokeswoman for the ministry.";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["\u{201c}The talks were useful,\u{201d}"]);
        assert!(q.direct);
        assert_eq!(sl(t, q.source), "Maria Lindqvist, a spokeswoman for the ministry");
        assert_eq!(q.speaker.as_deref(), Some("Maria Lindqvist"));
        assert_eq!(q.resolution, SpeakerResolution::Named);
    }

    #[test]
    fn guillemets_and_single_curly_quotes() {
        let t = "\u{ab}The port will reopen next week,\u{bb} Olga Brandt said.";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["\u{ab}The port will reopen next week,\u{bb}"]);
        assert_eq!(q.speaker.as_deref(), Some("Olga Brandt"));

        let t = "\u{2018}We are ready,\u{2019} Captain Joe Marsh told reporters.";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["\u{2018}We are ready,\u{2019}"]);
        assert_eq!(sl(t, q.cue), "told");
        assert_eq!(sl(t, q.source), "Captain Joe Marsh");
        assert_eq!(q.speaker.as_deref(), Some("Joe Marsh"));

        // an apostrophe is not a closing single quote
        let t = "\u{2018}The farmers\u{2019} union can\u{2019}t wait,\u{2019} Ida Berg said.";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["\u{2018}The farmers\u{2019} union can\u{2019}t wait,\u{2019}"]);
    }

    #[test]
    fn twin_apostrophe_quotes() {
        let t = "''Nobody warned us,'' Ms. Tanaka said.";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["''Nobody warned us,''"]);
        assert_eq!(sl(t, q.source), "Ms. Tanaka");
        assert_eq!(q.speaker.as_deref(), Some("Tanaka"));
    }

    #[test]
    fn quote_over_several_sentences_and_paragraphs() {
        let t = "\u{201c}The water rose fast. We lost everything. Nobody came,\u{201d} said Ravi Menon.";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["\u{201c}The water rose fast. We lost everything. Nobody came,\u{201d}"]);

        let t = "\u{201c}We lost the harvest,\u{201d} Ravi Menon said. \u{201c}The river took it all.\n\n\
                 \u{201c}Next year we will plant again.\u{201d}\n\nThe village has 300 people.";
        let qs = find_quotes(t);
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(
            contents(t, &qs[0]),
            ["\u{201c}We lost the harvest,\u{201d}", "\u{201c}The river took it all.", "\u{201c}Next year we will plant again.\u{201d}"]
        );
        assert_eq!(qs[0].speaker.as_deref(), Some("Ravi Menon"));
    }

    #[test]
    fn split_quote() {
        let t = "Tomas Eriksen, the ferry captain, was tired. \u{201c}We tried,\u{201d} he said, \u{201c}but the road was closed.\u{201d}";
        let qs = find_quotes(t);
        let q = by_cue(t, &qs, "said");
        assert_eq!(contents(t, q), ["\u{201c}We tried,\u{201d}", "\u{201c}but the road was closed.\u{201d}"]);
        assert!(q.direct);
        assert_eq!(sl(t, q.source), "he");
        assert_eq!(q.speaker.as_deref(), Some("Tomas Eriksen"));
        assert_eq!(q.resolution, SpeakerResolution::Pronoun);
    }

    #[test]
    fn speaker_before_the_quote() {
        let t = "Jane Okafor said: \u{201c}The results speak for themselves.\u{201d}";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["\u{201c}The results speak for themselves.\u{201d}"]);
        assert!(q.direct);
        assert_eq!(q.speaker.as_deref(), Some("Jane Okafor"));
    }

    #[test]
    fn reported_speech() {
        let t = "Economy Minister Lars Berg said that inflation would ease. \
                 Berg said prices would fall by summer. \
                 According to the port authority, three ships were delayed. \
                 Two more ships were late, according to Harbour Watch. \
                 The senator told reporters the bill would pass. \
                 Mayor Tina Holm wrote on Telegram that the curfew was lifted. \
                 The general warned that supplies were low. \
                 The bridge will stay closed, she added.";
        let qs = find_quotes(t);
        let q = qs.iter().find(|q| contents(t, q) == ["that inflation would ease"]).expect("said that");
        assert!(!q.direct);
        assert_eq!(sl(t, q.source), "Economy Minister Lars Berg");
        assert_eq!(q.speaker.as_deref(), Some("Lars Berg"));
        let q = qs.iter().find(|q| contents(t, q) == ["prices would fall by summer"]).expect("said without that");
        assert_eq!(sl(t, q.source), "Berg");
        assert_eq!(q.speaker.as_deref(), Some("Lars Berg"), "a surname takes the full name");
        let q = qs.iter().find(|q| contents(t, q) == ["three ships were delayed"]).expect("according to, before");
        assert_eq!(sl(t, q.cue), "According to");
        assert_eq!(sl(t, q.source), "the port authority");
        assert_eq!(q.speaker, None);
        let q = qs.iter().find(|q| contents(t, q) == ["Two more ships were late"]).expect("according to, after");
        assert_eq!(sl(t, q.source), "Harbour Watch");
        assert_eq!(q.speaker.as_deref(), Some("Harbour Watch"));
        let q = by_cue(t, &qs, "told");
        assert_eq!(sl(t, q.source), "The senator");
        assert_eq!(contents(t, q), ["the bill would pass"]);
        let q = by_cue(t, &qs, "wrote");
        assert_eq!(sl(t, q.source), "Mayor Tina Holm");
        assert_eq!(contents(t, q), ["that the curfew was lifted"]);
        let q = by_cue(t, &qs, "warned");
        assert_eq!(sl(t, q.source), "The general");
        assert_eq!(contents(t, q), ["that supplies were low"]);
        let q = by_cue(t, &qs, "added");
        assert_eq!(contents(t, q), ["The bridge will stay closed"]);
        assert_eq!(sl(t, q.source), "she");
        assert_eq!(q.speaker.as_deref(), Some("Tina Holm"));
    }

    #[test]
    fn mid_sentence_cue_gives_two_parts() {
        let t = "The storm, Ole Dahl said, was the worst in years.";
        let q = &find_quotes(t)[0];
        assert_eq!(contents(t, q), ["The storm", "was the worst in years"]);
        assert_eq!(q.speaker.as_deref(), Some("Ole Dahl"));
    }

    #[test]
    fn title_resolves_to_an_earlier_named_mention() {
        let t = "Kremlin spokesman Dmitry Peskov declined to give details on Monday.\n\n\
                 Later, the Kremlin spokesman said the talks had stalled.";
        let q = &find_quotes(t)[0];
        assert_eq!(sl(t, q.source), "the Kremlin spokesman");
        assert_eq!(q.speaker.as_deref(), Some("Dmitry Peskov"));
        assert_eq!(q.resolution, SpeakerResolution::Title);

        // apposition after the name
        let t = "Dmitry Peskov, the Kremlin spokesman, arrived late. The spokesman said the meeting was over.";
        let q = &find_quotes(t)[0];
        assert_eq!(q.speaker.as_deref(), Some("Dmitry Peskov"));
        assert_eq!(q.resolution, SpeakerResolution::Title);

        // no antecedent: no speaker
        let t = "The Kremlin spokesman said the talks had stalled.";
        let q = &find_quotes(t)[0];
        assert_eq!(q.speaker, None);
        assert_eq!(q.resolution, SpeakerResolution::Unresolved);
    }

    #[test]
    fn pronoun_takes_the_latest_compatible_person() {
        let t = "Anna Kovacs, the mayor of Sopron, visited the flooded district. \u{201c}We need pumps,\u{201d} she said.";
        let q = &find_quotes(t)[0];
        assert_eq!(q.speaker.as_deref(), Some("Anna Kovacs"));
        assert_eq!(q.resolution, SpeakerResolution::Pronoun);

        // "he" skips a woman mentioned later
        let t = "Peter Novak spoke after Maria Horvath left the room. He said the dam would hold.";
        let q = &find_quotes(t)[0];
        assert_eq!(sl(t, q.source), "He");
        assert_eq!(q.speaker.as_deref(), Some("Peter Novak"));

        // the previous speaker of a run of quotes
        let t = "\u{201c}It is a dark day,\u{201d} said Senator Rosa Lind. \u{201c}We were not told,\u{201d} she added.";
        let qs = find_quotes(t);
        let q = by_cue(t, &qs, "added");
        assert_eq!(q.speaker.as_deref(), Some("Rosa Lind"));
    }

    #[test]
    fn titles_and_possessives_are_stripped_from_the_speaker() {
        let t = "President Volodymyr Zelensky said the front was stable.";
        let q = &find_quotes(t)[0];
        assert_eq!(sl(t, q.source), "President Volodymyr Zelensky");
        assert_eq!(q.speaker.as_deref(), Some("Volodymyr Zelensky"));

        let t = "Ukraine\u{2019}s president, Volodymyr Zelensky, said the front was stable.";
        let q = &find_quotes(t)[0];
        assert_eq!(q.speaker.as_deref(), Some("Volodymyr Zelensky"));

        let t = "President Volodymyr Zelensky met troops. Zelensky\u{2019}s aide said the visit was planned. \
                 \u{201c}We stay,\u{201d} Mr. Zelensky said.";
        let qs = find_quotes(t);
        let q = qs.iter().find(|q| sl(t, q.source) == "Mr. Zelensky").expect("honorific");
        assert_eq!(q.speaker.as_deref(), Some("Volodymyr Zelensky"));
        // "Zelensky’s aide" is not Zelensky
        let q = qs.iter().find(|q| sl(t, q.source) == "Zelensky\u{2019}s aide").expect("possessive");
        assert_ne!(q.speaker.as_deref(), Some("Volodymyr Zelensky"));
    }

    #[test]
    fn unsure_means_no_speaker() {
        for t in [
            "\u{201c}Stay inside,\u{201d} they said.",
            "\u{201c}Stay inside,\u{201d} he said.",
            "Officials said the road would reopen.",
            "The company said profits fell.",
        ] {
            let qs = find_quotes(t);
            assert_eq!(qs.len(), 1, "{t}: {qs:?}");
            assert_eq!(qs[0].speaker, None, "{t}");
            assert_eq!(qs[0].resolution, SpeakerResolution::Unresolved, "{t}");
        }
    }

    #[test]
    fn object_cues_take_the_rest_of_the_clause() {
        let t = "Mayor Ida Voss called the new tram line a costly mistake. \
                 The harbour union criticized the port board for its silence. \
                 A new Lakeside Institute survey shows Voss ahead by nine points. \
                 Pim Arends, a council member, accused the mayor of hiding the budget. \
                 The ferry company declined to comment. \
                 Councillor Bo Lund described the vote as a turning point.";
        let qs = find_quotes(t);
        let q = by_cue(t, &qs, "called");
        assert_eq!(sl(t, q.source), "Mayor Ida Voss");
        assert_eq!(contents(t, q), ["the new tram line a costly mistake"]);
        assert_eq!(q.speaker.as_deref(), Some("Ida Voss"));
        let q = by_cue(t, &qs, "criticized");
        assert_eq!(sl(t, q.source), "The harbour union");
        assert_eq!(contents(t, q), ["the port board for its silence"]);
        let q = by_cue(t, &qs, "shows");
        assert_eq!(sl(t, q.source), "A new Lakeside Institute survey");
        assert_eq!(contents(t, q), ["Voss ahead by nine points"]);
        let q = by_cue(t, &qs, "accused");
        assert_eq!(sl(t, q.source), "Pim Arends, a council member,");
        assert_eq!(contents(t, q), ["the mayor of hiding the budget"]);
        let q = by_cue(t, &qs, "declined");
        assert_eq!(contents(t, q), ["to comment"]);
        let q = by_cue(t, &qs, "described");
        assert_eq!(sl(t, q.source), "Councillor Bo Lund");
        assert_eq!(contents(t, q), ["the vote as a turning point"]);
    }

    #[test]
    fn that_cues_also_take_a_noun_phrase() {
        let t = "Governor Ada Brink announced her candidacy on a farm near Tolle. \
                 The clerk noted the late filing. Brink noted that turnout was low.";
        let qs = find_quotes(t);
        let q = by_cue(t, &qs, "announced");
        assert_eq!(sl(t, q.source), "Governor Ada Brink");
        assert_eq!(contents(t, q), ["her candidacy on a farm near Tolle"]);
        let q = qs.iter().find(|q| contents(t, q) == ["the late filing"]).expect("noted NP");
        assert_eq!(sl(t, q.source), "The clerk");
        let q = qs.iter().find(|q| contents(t, q) == ["that turnout was low"]).expect("noted that");
        assert_eq!(sl(t, q.source), "Brink");
    }

    #[test]
    fn asked_without_a_named_asker() {
        let t = "Asked about the ferry fares, Olsen said they would stay flat. \
                 When asked whether she would run again, Mayor Kari Dahl smiled.";
        let qs = find_quotes(t);
        let q = qs.iter().find(|q| sl(t, q.cue) == "Asked").expect("sentence-initial Asked");
        assert_eq!(q.source, None);
        assert_eq!(contents(t, q), ["about the ferry fares"]);
        let q = by_cue(t, &qs, "said");
        assert_eq!(sl(t, q.source), "Olsen");
        let q = by_cue(t, &qs, "asked");
        assert_eq!(q.source, None);
        assert_eq!(contents(t, q), ["whether she would run again"]);
    }

    #[test]
    fn object_cues_that_are_not_attributions() {
        for t in [
            "She joined a local group called Friends of the Canal.",
            "The river was called the Vell by early settlers.",
            "The minister was accused of fraud.",
            "The mayor found in the archive a map of the old port.",
        ] {
            let qs = find_quotes(t);
            assert!(qs.is_empty(), "{t}: {qs:#?}");
        }
    }

    #[test]
    fn not_quotes() {
        for t in [
            "The so-called \u{201c}peace plan\u{201d} was published on Monday.",
            "He was told to leave.",
            "The reported figures were revised.",
            "Prices added to the pressure on the bank.",
            "It is said to be the oldest bridge in the city.",
            "",
            "No cue words here at all.",
        ] {
            let qs = find_quotes(t);
            assert!(qs.is_empty(), "{t}: {qs:#?}");
        }
    }

    #[test]
    fn spans_are_byte_offsets_on_char_boundaries() {
        let t = "Ünal Şahin, the Zürich-based analyst, said the lira would fall. \u{201c}Ça suffit,\u{201d} ajouta-t-il, said Élodie Martin.";
        for q in find_quotes(t) {
            for (s, e) in q.content.iter().copied().chain(q.cue).chain(q.source) {
                assert!(s < e && e <= t.len() && t.is_char_boundary(s) && t.is_char_boundary(e));
                assert_eq!(t[s..e].trim(), &t[s..e]);
            }
        }
        let q = &find_quotes(t)[0];
        assert_eq!(sl(t, q.source), "Ünal Şahin, the Zürich-based analyst,");
        assert_eq!(q.speaker.as_deref(), Some("Ünal Şahin"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let pieces = [
            "\"", "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}", "''", "'", "\u{ab}", "\u{bb}", "\u{201e}", "\u{2039}",
            "\u{203a}", "said", "Said", "told", "according", "to", "he", "she", "who", ",", ".", ":", "\u{2014}", "(", ")",
            " ", "\n", "\r\n", "Mr.", "Smith", "the", "spokesman", "\u{0}", "\u{feff}", "é", "𝔘", "U.S.", "3.5", "’s", "and",
            "saying", "asked", "whether", "that", "Kremlin", "\t", "...", "\u{2026}",
        ];
        // deterministic pseudo-random sequences
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut s = String::new();
            let n = (x % 40) as usize;
            for _ in 0..n {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(pieces[(x % pieces.len() as u64) as usize]);
                if x & 3 == 0 {
                    s.push(' ');
                }
            }
            x = x.wrapping_add(0x9e37_79b9);
            for q in find_quotes(&s) {
                for (a, b) in q.content.iter().copied().chain(q.cue).chain(q.source) {
                    assert!(a < b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b), "{s:?}");
                }
            }
        }
        for s in ["\"", "\u{201c}", "said", "\"said\"", "'' said ''", "he said:", "According to", "according to ,", "\u{201d} said he", ",said", "said,", "A said that"] {
            let _ = find_quotes(s);
        }
        let long = "\u{201c}".to_string() + &"word ".repeat(50_000) + "said he";
        let _ = find_quotes(&long);
    }

    #[test]
    fn run_on_text_stays_fast() {
        // no sentence breaks, thousands of cues, names and quotes in one line
        for unit in ["he said ", "Said Said ", "Smith said Jones told \u{201c}x\u{201d} ", "according to Ann Lee, ", "\u{201c}a,\u{201d} he said, "] {
            let t = unit.repeat(20_000);
            let start = std::time::Instant::now();
            let _ = find_quotes(&t);
            assert!(start.elapsed().as_secs_f64() < 20.0, "{unit:?} took {:?}", start.elapsed());
        }
    }
}
