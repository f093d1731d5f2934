//! Word clusters learned from unlabeled text (distributional features, after Ratinov & Roth
//! 2009, who used Brown clusters).
//!
//! Method (deterministic for a given corpus and seed):
//! 1. Every word type (as written) seen at least `min_count` times is a target.
//! 2. Its contexts are the lowercased words at offsets −2, −1, +1, +2 (words outside the
//!    `contexts` most frequent are replaced by their short shape, ±2 count half); each
//!    (word, context) count `c` becomes `PPMI × ln(1 + c)` (context distribution smoothed
//!    with exponent 0.75; the count factor keeps one-off contexts from drowning the vector).
//! 3. The sparse PPMI vector is reduced by a seeded Gaussian random projection to `dim`
//!    dimensions and L2-normalized.
//! 4. Divisive spherical k-means: the words are split into `branch` groups, each group again,
//!    down to `depth` levels (or until a group is too small). A word's cluster is its path in
//!    that tree, so prefixes of the path give coarser clusters, like Brown bit strings.
//!
//! Only 64-bit word hashes and paths are kept (no text).

use rustc_hash::FxHashMap;

use crate::features::{hash_str, mix, shapes};

/// Cluster-building hyperparameters.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    pub min_count: usize,
    pub contexts: usize,
    pub dim: usize,
    /// Children per split (a power of two).
    pub branch: usize,
    pub depth: usize,
    pub iters: usize,
    pub seed: u64,
    /// Vector values: 0 PPMI, 1 PPMI × ln(1 + count), 2 sqrt of p(context | word), 3 PPMI × sqrt(count).
    pub weighting: u32,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions { min_count: 2, contexts: 20000, dim: 256, branch: 4, depth: 6, iters: 10, seed: 1, weighting: 1 }
    }
}

/// Word hash → cluster path, encoded as `(1 << len) | bits` (`len` path bits; 0 = unknown).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Clusters {
    pub paths: FxHashMap<u64, u32>,
}

impl Clusters {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// The path of `word`: as written, else lowercased, else title-cased; 0 when unknown.
    pub fn lookup(&self, word: &str, lower_hash: u64, lower: &str) -> u32 {
        self.lookup_hashed(hash_str(word), lower_hash, lower)
    }

    /// [`Clusters::lookup`] with the word's hash already computed (no allocation).
    pub fn lookup_hashed(&self, word_hash: u64, lower_hash: u64, lower: &str) -> u32 {
        if let Some(&p) = self.paths.get(&word_hash) {
            return p;
        }
        if let Some(&p) = self.paths.get(&lower_hash) {
            return p;
        }
        let mut c = lower.chars();
        if let Some(f) = c.next() {
            // hash_str of the title-cased word, without building it.
            let mut h = crate::features::FNV_OFFSET;
            let mut buf = [0u8; 4];
            for u in f.to_uppercase() {
                for &b in u.encode_utf8(&mut buf).as_bytes() {
                    h = crate::features::fnv_step(h, b);
                }
            }
            for &b in c.as_str().as_bytes() {
                h = crate::features::fnv_step(h, b);
            }
            if let Some(&p) = self.paths.get(&mix(h)) {
                return p;
            }
        }
        0
    }

    /// The first `bits` bits of a path (the whole path when it is shorter), sentinel kept.
    #[inline]
    pub fn prefix(path: u32, bits: u32) -> u32 {
        if path == 0 {
            return 0;
        }
        let len = 31 - path.leading_zeros();
        if len <= bits {
            path
        } else {
            path >> (len - bits)
        }
    }
}

/// The hash under which a word's path is stored.
pub fn word_hash(word: &str) -> u64 {
    hash_str(word)
}

use crate::train::Rng;

/// Builds clusters from tokenized sentences of unlabeled text.
pub fn build(sents: &[Vec<String>], opts: &ClusterOptions) -> Clusters {
    let (targets, vecs) = vectors(sents, opts);
    let mut paths = vec![0u32; targets.len()];
    let idx: Vec<u32> = (0..targets.len() as u32).collect();
    let bpl = opts.branch.max(2).trailing_zeros();
    split(&vecs, opts.dim, idx, 1, 0, opts, bpl, &mut paths);
    let mut out = Clusters::default();
    for (i, w) in targets.iter().enumerate() {
        out.paths.insert(hash_str(w), paths[i]);
    }
    out
}

/// The target words (most frequent first) and their unit vectors (`dim` each).
pub fn vectors<'a>(sents: &'a [Vec<String>], opts: &ClusterOptions) -> (Vec<&'a str>, Vec<f32>) {
    // Vocabulary of targets (as written) and of context words (lowercased).
    let mut wcount: FxHashMap<&str, usize> = FxHashMap::default();
    let mut lcount: FxHashMap<String, usize> = FxHashMap::default();
    for s in sents {
        for t in s {
            *wcount.entry(t.as_str()).or_default() += 1;
            *lcount.entry(t.to_lowercase()).or_default() += 1;
        }
    }
    let mut targets: Vec<(&str, usize)> = wcount.into_iter().filter(|&(_, c)| c >= opts.min_count).collect();
    targets.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let tid: FxHashMap<&str, u32> = targets.iter().enumerate().map(|(i, &(w, _))| (w, i as u32)).collect();
    let mut cwords: Vec<(String, usize)> = lcount.into_iter().collect();
    cwords.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    cwords.truncate(opts.contexts);
    let cid: FxHashMap<&str, u64> = cwords.iter().map(|(w, _)| (w.as_str(), hash_str(w))).collect();

    // Co-occurrence counts: (target, context key) → count; context key = hash(offset, word or shape).
    let mut co: FxHashMap<(u32, u64), f64> = FxHashMap::default();
    let mut ctx_tot: FxHashMap<u64, f64> = FxHashMap::default();
    let mut tgt_tot = vec![0f64; targets.len()];
    const PAD: u64 = 0x7a7a_0001;
    for s in sents {
        let keys: Vec<u64> = s
            .iter()
            .map(|t| {
                let l = t.to_lowercase();
                match cid.get(l.as_str()) {
                    Some(&h) => h,
                    None => mix(hash_str(&shapes(t).1) ^ 0x5ea9),
                }
            })
            .collect();
        for (i, t) in s.iter().enumerate() {
            let Some(&w) = tid.get(t.as_str()) else { continue };
            for d in [-2isize, -1, 1, 2] {
                let j = i as isize + d;
                let k = if j < 0 || j as usize >= s.len() { PAD } else { keys[j as usize] };
                let key = mix(k ^ (d + 8) as u64);
                let wt = if d.abs() == 1 { 1.0 } else { 0.5 };
                *co.entry((w, key)).or_default() += wt;
                *ctx_tot.entry(key).or_default() += wt;
                tgt_tot[w as usize] += wt;
            }
        }
    }
    let total: f64 = tgt_tot.iter().sum();
    let ctx_sm: FxHashMap<u64, f64> = ctx_tot.iter().map(|(&k, &c)| (k, c.powf(0.75))).collect();
    let sm_total: f64 = ctx_sm.values().sum();

    // PPMI → random projection. Sorted pairs keep floating-point sums deterministic.
    let mut pairs: Vec<((u32, u64), f64)> = co.into_iter().collect();
    pairs.sort_unstable_by_key(|a| a.0);
    let dim = opts.dim;
    let mut vecs = vec![0f32; targets.len() * dim];
    let mut proj = vec![0f32; dim];
    for ((w, key), c) in pairs {
        let pw = tgt_tot[w as usize] / total;
        let pc = ctx_sm[&key] / sm_total;
        let mut pmi = ((c / total) / (pw * pc)).ln();
        if opts.weighting == 1 {
            pmi *= c.ln_1p();
        } else if opts.weighting == 2 {
            pmi = (c / tgt_tot[w as usize]).sqrt();
        } else if opts.weighting == 3 {
            pmi *= c.sqrt();
        }
        if pmi <= 0.0 {
            continue;
        }
        // Gaussian-ish (sum of uniforms) projection row for this context, from its key and the seed.
        let mut r = Rng(mix(key ^ opts.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1);
        for p in proj.iter_mut() {
            *p = (r.unit() + r.unit() + r.unit() - 1.5) as f32;
        }
        let v = &mut vecs[w as usize * dim..(w as usize + 1) * dim];
        for (a, &p) in v.iter_mut().zip(&proj) {
            *a += pmi as f32 * p;
        }
    }
    for v in vecs.chunks_mut(dim) {
        normalize(v);
    }

    (targets.into_iter().map(|(w, _)| w).collect(), vecs)
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

#[allow(clippy::too_many_arguments)]
fn split(vecs: &[f32], dim: usize, idx: Vec<u32>, path: u32, level: usize, opts: &ClusterOptions, bpl: u32, paths: &mut [u32]) {
    let k = 1usize << bpl;
    if level >= opts.depth || idx.len() < 2 * k {
        for &i in &idx {
            paths[i as usize] = path;
        }
        return;
    }
    let row = |i: u32| &vecs[i as usize * dim..(i as usize + 1) * dim];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    // k-means++ seeding (cosine distance), seeded by the path.
    let mut rng = Rng(mix(opts.seed ^ (u64::from(path) << 20) ^ 0xc1u64) | 1);
    let mut cents: Vec<f32> = Vec::with_capacity(k * dim);
    let first = idx[(rng.next() % idx.len() as u64) as usize];
    cents.extend_from_slice(row(first));
    let mut dist: Vec<f32> = idx.iter().map(|&i| (1.0 - dot(row(i), &cents[..dim])).max(0.0)).collect();
    for _ in 1..k {
        let sum: f64 = dist.iter().map(|&d| d as f64).sum();
        let mut target = rng.unit() * sum;
        let mut pick = idx.len() - 1;
        for (j, &d) in dist.iter().enumerate() {
            target -= d as f64;
            if target <= 0.0 {
                pick = j;
                break;
            }
        }
        let c = cents.len() / dim;
        cents.extend_from_slice(row(idx[pick]));
        for (j, &i) in idx.iter().enumerate() {
            dist[j] = dist[j].min((1.0 - dot(row(i), &cents[c * dim..(c + 1) * dim])).max(0.0));
        }
    }
    let mut assign = vec![0usize; idx.len()];
    for _ in 0..opts.iters {
        let mut changed = false;
        for (j, &i) in idx.iter().enumerate() {
            let v = row(i);
            let mut best = f32::MIN;
            let mut arg = 0;
            for c in 0..k {
                let s = dot(v, &cents[c * dim..(c + 1) * dim]);
                if s > best {
                    best = s;
                    arg = c;
                }
            }
            if assign[j] != arg {
                assign[j] = arg;
                changed = true;
            }
        }
        let mut sums = vec![0f32; k * dim];
        for (j, &i) in idx.iter().enumerate() {
            for (a, &x) in sums[assign[j] * dim..(assign[j] + 1) * dim].iter_mut().zip(row(i)) {
                *a += x;
            }
        }
        for c in 0..k {
            let s = &mut sums[c * dim..(c + 1) * dim];
            if s.iter().any(|&x| x != 0.0) {
                normalize(s);
                cents[c * dim..(c + 1) * dim].copy_from_slice(s);
            }
        }
        if !changed {
            break;
        }
    }
    for c in 0..k {
        let sub: Vec<u32> = idx.iter().zip(&assign).filter(|&(_, &a)| a == c).map(|(&i, _)| i).collect();
        if !sub.is_empty() {
            split(vecs, dim, sub, (path << bpl) | c as u32, level + 1, opts, bpl, paths);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_similar_words() {
        assert_eq!(Clusters::prefix(0b1_1011, 2), 0b1_10);
        assert_eq!(Clusters::prefix(0b1_10, 4), 0b1_10);
        assert_eq!(Clusters::prefix(0, 4), 0);
        let mut sents = Vec::new();
        let cities = ["Paris", "London", "Berlin", "Rome", "Madrid", "Vienna", "Oslo", "Bern"];
        let names = ["Smith", "Jones", "Brown", "Taylor", "Clark", "Lewis", "Walker", "Hall"];
        for i in 0..400 {
            let c = cities[i % 8];
            let n = names[(i * 3) % 8];
            let s = format!("talks in {c} , said Mr. {n} on {} .", ["Monday", "Friday"][i % 2]);
            sents.push(s.split(' ').map(String::from).collect::<Vec<_>>());
        }
        let opts = ClusterOptions { min_count: 2, depth: 3, ..ClusterOptions::default() };
        let a = build(&sents, &opts);
        assert_eq!(a, build(&sents, &opts), "deterministic");
        let p = |w: &str| Clusters::prefix(a.lookup(w, hash_str(&w.to_lowercase()), &w.to_lowercase()), 2);
        assert_eq!(p("Paris"), p("Rome"));
        assert_eq!(p("Smith"), p("Hall"));
        assert_ne!(p("Paris"), p("Smith"));
        assert_eq!(p("PARIS"), p("Paris"), "falls back to the title-cased form");
    }

    #[test]
    fn title_case_fallback_hashes_like_the_built_string() {
        let mut c = Clusters::default();
        c.paths.insert(word_hash("Ölberg"), 0b101);
        c.paths.insert(word_hash("Varnley"), 0b110);
        assert_eq!(c.lookup("ÖLBERG", hash_str("ölberg"), "ölberg"), 0b101);
        assert_eq!(c.lookup("varnley", hash_str("varnley"), "varnley"), 0b110);
        assert_eq!(c.lookup("Tessaly", hash_str("tessaly"), "tessaly"), 0);
    }
}
