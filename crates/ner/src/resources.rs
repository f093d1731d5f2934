//! External word resources for training (`chorus train ner --resources DIR`), as written by
//! `scripts/ner-resources` from pinned registry packages:
//!
//! * `brown.tsv` — `word<TAB>path`: Brown cluster bit strings (first split first);
//! * `gazetteer.tsv` — `list<TAB>name`: names in the lists of [`EXT_LIST_NAMES`].
//!
//! Both become hashed lookups inside the model (no word list is stored as text).

use std::path::Path;

use crate::clusters::{word_hash, Clusters};
use crate::features::{ExtLists, EXT_LIST_NAMES};
use crate::tokenize::tokenize;
use crate::NerError;

fn read(path: &Path) -> Result<String, NerError> {
    std::fs::read_to_string(path).map_err(|e| {
        NerError::Data(format!("{}: {e} (run scripts/ner-resources to build the resource files)", path.display()))
    })
}

fn bad(path: &Path, line: usize, msg: &str) -> NerError {
    NerError::Data(format!("{}:{line}: {msg}", path.display()))
}

/// Parses a Brown-cluster table: paths longer than 30 bits are cut to 30.
pub fn parse_brown(text: &str, path: &Path) -> Result<Clusters, NerError> {
    let mut clu = Clusters::default();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let (word, bits) = line.split_once('\t').ok_or_else(|| bad(path, i + 1, "expected word<TAB>path"))?;
        if bits.is_empty() || !bits.bytes().all(|b| b == b'0' || b == b'1') {
            return Err(bad(path, i + 1, "path must be a non-empty string of 0 and 1"));
        }
        let mut p: u32 = 1;
        for b in bits.bytes().take(30) {
            p = (p << 1) | u32::from(b == b'1');
        }
        clu.paths.insert(word_hash(word), p);
    }
    Ok(clu)
}

/// Parses name lists; names are tokenized like running text, unknown list names are errors.
pub fn parse_lists(text: &str, path: &Path) -> Result<ExtLists, NerError> {
    let mut lists = ExtLists::default();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let (list, name) = line.split_once('\t').ok_or_else(|| bad(path, i + 1, "expected list<TAB>name"))?;
        let k = EXT_LIST_NAMES.iter().position(|&l| l == list).ok_or_else(|| {
            bad(path, i + 1, &format!("unknown list {list:?} (known: {})", EXT_LIST_NAMES.join(", ")))
        })?;
        let toks: Vec<&str> = tokenize(name).into_iter().flatten().map(|t| &name[t.start..t.end]).collect();
        lists.add(&toks, k);
    }
    Ok(lists)
}

/// Parses capitalization priors (`word<TAB>cap<TAB>logp`) into `lists`.
pub fn parse_caps(text: &str, path: &Path, lists: &mut ExtLists) -> Result<(), NerError> {
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut it = line.split('\t');
        let (Some(word), Some(cap), Some(logp), None) = (it.next(), it.next(), it.next(), it.next()) else {
            return Err(bad(path, i + 1, "expected word<TAB>cap<TAB>logp"));
        };
        let num = |s: &str| s.parse::<i32>().map_err(|_| bad(path, i + 1, &format!("{s:?} is not an integer")));
        lists.add_caps(&word.to_lowercase(), num(cap)?, num(logp)?);
    }
    Ok(())
}

/// Loads `DIR/brown.tsv`, `DIR/gazetteer.tsv` and `DIR/caps.tsv`.
pub fn load(dir: &Path) -> Result<(Clusters, ExtLists), NerError> {
    let b = dir.join("brown.tsv");
    let g = dir.join("gazetteer.tsv");
    let c = dir.join("caps.tsv");
    let mut lists = parse_lists(&read(&g)?, &g)?;
    parse_caps(&read(&c)?, &c, &mut lists)?;
    Ok((parse_brown(&read(&b)?, &b)?, lists))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brown_paths_and_lists_parse() {
        let p = Path::new("t.tsv");
        let c = parse_brown("Orlova\t0110\nthe\t1\n", p).unwrap();
        assert_eq!(c.paths[&word_hash("Orlova")], 0b10110);
        assert_eq!(c.paths[&word_hash("the")], 0b11);
        assert!(parse_brown("x\t012\n", p).is_err());
        assert!(parse_brown("x 0101\n", p).is_err());
        let l = parse_lists("city\tPort Velnar\nlast\tOrlova\n", p).unwrap();
        assert_eq!(l.len(), 2);
        assert!(parse_lists("planet\tMarsh\n", p).is_err());
        let mut l = ExtLists::default();
        parse_caps("orlova\t3\t-15\n", p, &mut l).unwrap();
        assert_eq!(l.caps_of(crate::features::hash_str("orlova")), Some((3, -15)));
        assert!(parse_caps("orlova\tx\t-15\n", p, &mut l).is_err());
    }
}
