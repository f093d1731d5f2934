//! A small bidirectional LSTM tagger whose per-token tag log-probabilities are added to the
//! perceptron's final-stage scores (`NerModel::with_lstm`).
//!
//! The perceptron memorizes names and reads documents; the LSTM reads a word through pretrained
//! word vectors (GloVe, from a PyPI wheel) and its characters, so a name never seen in training
//! still looks like a person, a club or a town. Each token's input is the word's vector (its
//! lowercase form, else with digits as `0`, else a learned unknown vector), an embedding of its
//! case class and a max-pooled character convolution over its first `MAXC` characters; a
//! bidirectional LSTM reads the sentence and a linear layer gives the 17 BILOU tag scores,
//! normalized to log-probabilities. Trained by `scripts/train-ner-lstm` (PyTorch from PyPI);
//! only inference lives here.
//!
//! File (`lstm.bin`): `CHORUSLSTM`, version (u32 LE), FNV-1a 64 checksum of the payload, then
//! the payload as a raw deflate stream (the trainer writes stored blocks: the i8 vectors hardly
//! compress, and inflating them cost ~50 ms per start). Payload, all little-endian: dims
//! `h cf emb cased cd maxc` (u32),
//! the combination weight (f32), the vocabulary (count, then per word its FNV-1a 64 hash of the
//! lowercase form, then per word the `emb` i8 values and an f32 scale), the unknown vector, the
//! case table (7 × `cased`), the characters (count, code points; index = position + 2, 1 =
//! other, 0 = padding) and their table, the convolution (`cf × cd × 3`, bias), per direction
//! (forward, backward) the input weights transposed (`in × 4h`), the recurrent weights
//! transposed (`h × 4h`) and the summed biases (`4h`, gates i f g o), and the output layer
//! transposed (`2h × NT`, bias).

use std::io::Read;
use std::path::Path;

use rustc_hash::FxHashMap;

use crate::{fnv64, NerError, Reader, NT};

const MAGIC: &[u8; 10] = b"CHORUSLSTM";
const VERSION: u32 = 1;
/// Case classes (`case_class`).
const CASES: usize = 7;
/// Largest character window and number of character filters a file may ask for.
const MAX_CHARS: usize = 64;
const MAX_FILTERS: usize = 256;

/// The BiLSTM tagger.
#[derive(Debug, Clone)]
pub struct Lstm {
    h: usize,
    cf: usize,
    emb: usize,
    cased: usize,
    maxc: usize,
    /// Perceptron score units per nat of log-probability.
    weight: f32,
    vocab: FxHashMap<u64, u32>,
    vectors: Vec<i8>,
    scales: Vec<f32>,
    unk: Vec<f32>,
    case: Vec<f32>,
    chars: FxHashMap<char, u32>,
    /// Per character and tap `k` (0: the character before, 1: itself, 2: after), its
    /// contribution to each filter: `(chars + 2) × 3 × cf`.
    taps: Vec<f32>,
    conv_b: Vec<f32>,
    /// Both directions' input weights side by side: `input × 8h` (forward's `4h` first).
    w_in: Vec<f32>,
    /// Both directions' summed biases, `8h`.
    bias: Vec<f32>,
    /// Each direction's recurrent weights, transposed (`h × 4h`): a gate vector is a sum of
    /// scaled rows.
    w_rec: [Vec<f32>; 2],
    out_w: Vec<f32>,
    out_b: Vec<f32>,
}

/// The case class of a token, as the trainer computes it: 4 all ASCII digits, 5 some digit,
/// 6 no cased letter, 0 no capital, 1 one capital letter alone or a capital first and no other
/// capital, 2 several letters all capitals, 3 mixed.
pub fn case_class(w: &str) -> usize {
    if w.chars().all(|c| c.is_ascii_digit()) {
        return 4;
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        return 5;
    }
    let up = w.chars().filter(|c| c.is_uppercase()).count();
    let low = w.chars().any(|c| c.is_lowercase());
    match (up, low) {
        (0, false) => 6,
        (0, true) => 0,
        (_, false) => {
            if w.chars().count() > 1 {
                2
            } else {
                1
            }
        }
        (1, true) if w.chars().next().is_some_and(char::is_uppercase) => 1,
        _ => 3,
    }
}

/// Rows of `a` per panel in `gemm`.
const R: usize = 4;

/// `c += a · b` for `b` (`k × n`) and `c` (`m × n`) row-major and `a` (`m × k`, `m` a multiple
/// of `R`) in panels of `R` rows stored column by column (`a[p·k·R + kk·R + i]` is row `p·R + i`,
/// column `kk`): `C` columns of a panel at a time, their sums held in registers while `b`'s rows
/// stream by. Allocates nothing (a library product that packed its operands into fresh
/// buffers on every call left the allocator holding ~200 MiB more over news-8k).
#[inline(always)]
fn gemm<const FMA: bool, const C: usize>(m: usize, k: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    for (panel, c) in a[..m * k].chunks_exact(k * R).zip(c[..m * n].chunks_exact_mut(n * R)) {
        let mut col = 0;
        while col + C <= n {
            let mut acc = [[0f32; C]; R];
            for (i, acc) in acc.iter_mut().enumerate() {
                acc.copy_from_slice(&c[i * n + col..][..C]);
            }
            for (xs, brow) in panel.chunks_exact(R).zip(b.chunks_exact(n)) {
                let row: &[f32; C] = brow[col..col + C].try_into().unwrap();
                for (acc, &x) in acc.iter_mut().zip(xs) {
                    for j in 0..C {
                        acc[j] = madd::<FMA>(x, row[j], acc[j]);
                    }
                }
            }
            for (i, acc) in acc.iter().enumerate() {
                c[i * n + col..][..C].copy_from_slice(acc);
            }
            col += C;
        }
        for (xs, brow) in panel.chunks_exact(R).zip(b.chunks_exact(n)) {
            for (i, &x) in xs.iter().enumerate() {
                for (y, &w) in c[i * n + col..(i + 1) * n].iter_mut().zip(&brow[col..]) {
                    *y = madd::<FMA>(x, w, *y);
                }
            }
        }
    }
}

/// `gates += hs · w` (`w`: `hs.len() × gates.len()`), `B` gates at a time so that their sums stay
/// in registers (several independent vector sums) while the rows stream by.
#[inline(always)]
fn recurrent<const FMA: bool, const B: usize>(gates: &mut [f32], hs: &[f32], w: &[f32]) {
    let g = gates.len();
    let mut c = 0;
    while c + B <= g {
        let mut acc = [0f32; B];
        acc.copy_from_slice(&gates[c..c + B]);
        for (k, &a) in hs.iter().enumerate() {
            let row: &[f32; B] = w[k * g + c..k * g + c + B].try_into().unwrap();
            for j in 0..B {
                acc[j] = madd::<FMA>(a, row[j], acc[j]);
            }
        }
        gates[c..c + B].copy_from_slice(&acc);
        c += B;
    }
    for (k, &a) in hs.iter().enumerate() {
        for (y, &x) in gates[c..].iter_mut().zip(&w[k * g + c..(k + 1) * g]) {
            *y = madd::<FMA>(a, x, *y);
        }
    }
}

/// `a × b + c`, fused when `FMA`.
#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// tanh by a rational approximation (absolute error below 1e-6 on f32) written with plain
/// arithmetic only, so loops over it vectorize; the same numbers on every CPU.
#[inline(always)]
fn tanh(x: f32) -> f32 {
    const CLAMP: f32 = 7.905_311;
    const A: [f32; 7] = [
        4.893_524_6e-3,
        6.372_619_3e-4,
        1.485_722_4e-5,
        5.122_297e-8,
        -8.604_672e-11,
        2.000_188e-13,
        -2.760_768_5e-16,
    ];
    const B: [f32; 4] = [4.893_525e-3, 2.268_434_6e-3, 1.185_347e-4, 1.198_258_4e-6];
    let x = x.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let mut p = A[6];
    for &a in A[..6].iter().rev() {
        p = p * x2 + a;
    }
    let q = ((B[3] * x2 + B[2]) * x2 + B[1]) * x2 + B[0];
    x * p / q
}

impl Lstm {
    /// Reads a model file; a missing or damaged file is an error naming it.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, NerError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => NerError::Data(format!(
                "NER LSTM {shown}: file not found (train one with `scripts/train-ner-lstm`; `--lstm off` or \
                 CHORUS_NER_LSTM=off tags without it)"
            )),
            _ => NerError::Io { path: shown.clone(), source: e },
        })?;
        Self::from_bytes(&bytes, &shown)
    }

    /// Decodes a model file's bytes; `label` names the file in errors.
    pub fn from_bytes(bytes: &[u8], label: &str) -> Result<Self, NerError> {
        let bad = |why: &str| NerError::Corrupt { path: label.to_string(), msg: format!("not a usable LSTM model ({why})") };
        if bytes.len() < MAGIC.len() + 12 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad("wrong magic"));
        }
        let mut at = MAGIC.len();
        let version = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        at += 4;
        if version != VERSION {
            return Err(bad(&format!("format version {version}, this build reads {VERSION}")));
        }
        let sum = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        at += 8;
        let mut payload = Vec::new();
        flate2::read::DeflateDecoder::new(&bytes[at..]).read_to_end(&mut payload).map_err(|_| bad("corrupt data"))?;
        if fnv64(&payload) != sum {
            return Err(bad("checksum mismatch"));
        }
        Self::parse(&payload).ok_or_else(|| bad("truncated or inconsistent"))
    }

    fn parse(p: &[u8]) -> Option<Self> {
        let mut r = Reader { p, at: 0 };
        let dims: Vec<usize> = (0..6).map(|_| r.u32().map(|v| v as usize)).collect::<Option<_>>()?;
        let [h, cf, emb, cased, cd, maxc] = dims[..] else { return None };
        if h == 0 || h > 1024 || emb == 0 || emb > 1024 || cf > MAX_FILTERS || cased > 64 || cd > 256 || maxc > MAX_CHARS
        {
            return None;
        }
        let weight = r.f32()?;
        let n = r.u32()? as usize;
        let mut vocab = FxHashMap::default();
        vocab.reserve(n);
        for i in 0..n {
            vocab.insert(r.u64()?, i as u32);
        }
        let vectors: Vec<i8> = r.take(n.checked_mul(emb)?)?.iter().map(|&b| b as i8).collect();
        let scales = r.f32s(n)?;
        let unk = r.f32s(emb)?;
        let case = r.f32s(CASES * cased)?;
        let m = r.u32()? as usize;
        let mut chars = FxHashMap::default();
        for i in 0..m {
            chars.insert(char::from_u32(r.u32()?)?, i as u32 + 2);
        }
        let char_emb = r.f32s((m + 2) * cd)?;
        let conv_w = r.f32s(cf * cd * 3)?;
        let mut taps = vec![0f32; (m + 2) * 3 * cf];
        for c in 0..m + 2 {
            let e = &char_emb[c * cd..(c + 1) * cd];
            for k in 0..3 {
                for f in 0..cf {
                    taps[(c * 3 + k) * cf + f] = (0..cd).map(|j| conv_w[(f * cd + j) * 3 + k] * e[j]).sum();
                }
            }
        }
        let conv_b = r.f32s(cf)?;
        let input = emb + cased + cf;
        let mut w_in = vec![0f32; input * 8 * h];
        let mut bias = Vec::with_capacity(8 * h);
        let mut w_rec = Vec::with_capacity(2);
        for d in 0..2 {
            let wi = r.f32s(input * 4 * h)?;
            for k in 0..input {
                w_in[k * 8 * h + d * 4 * h..][..4 * h].copy_from_slice(&wi[k * 4 * h..(k + 1) * 4 * h]);
            }
            w_rec.push(r.f32s(h * 4 * h)?);
            bias.extend(r.f32s(4 * h)?);
        }
        let w_rec: [Vec<f32>; 2] = w_rec.try_into().ok()?;
        let out_w = r.f32s(2 * h * NT)?;
        let out_b = r.f32s(NT)?;
        (r.at == p.len()).then_some(Lstm {
            h,
            cf,
            emb,
            cased,
            maxc,
            weight,
            vocab,
            vectors,
            scales,
            unk,
            case,
            chars,
            taps,
            conv_b,
            w_in,
            bias,
            w_rec,
            out_w,
            out_b,
        })
    }

    /// Perceptron score units added per nat of the LSTM's log-probability.
    pub fn weight(&self) -> f32 {
        self.weight
    }

    /// The same LSTM with another combination weight.
    pub fn with_weight(mut self, weight: f32) -> Self {
        self.weight = weight;
        self
    }

    /// The vocabulary row of a lowercased word (UTF-8 bytes): as written, else with its ASCII
    /// digits as `0` (they are never part of a longer UTF-8 sequence, so it stays valid).
    fn row_of(&self, lower: &mut [u8]) -> Option<&u32> {
        self.vocab.get(&fnv64(lower)).or_else(|| {
            lower.iter().any(u8::is_ascii_digit).then(|| {
                lower.iter_mut().filter(|c| c.is_ascii_digit()).for_each(|c| *c = b'0');
                self.vocab.get(&fnv64(lower))
            })?
        })
    }

    /// Writes token `w`'s input vector into `x` (`emb + cased + cf` values).
    fn input(&self, w: &str, x: &mut [f32]) {
        let (vec, rest) = x.split_at_mut(self.emb);
        let row = if w.is_ascii() && w.len() <= 64 {
            // The common case without allocating: ASCII lowercase is Unicode lowercase here.
            let mut buf = [0u8; 64];
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            self.row_of(b)
        } else {
            self.row_of(&mut w.to_lowercase().into_bytes())
        };
        match row {
            Some(&r) => {
                let r = r as usize;
                let s = self.scales[r];
                for (v, &q) in vec.iter_mut().zip(&self.vectors[r * self.emb..(r + 1) * self.emb]) {
                    *v = q as f32 * s;
                }
            }
            None => vec.copy_from_slice(&self.unk),
        }
        let (case, conv) = rest.split_at_mut(self.cased);
        let c = case_class(w);
        case.copy_from_slice(&self.case[c * self.cased..(c + 1) * self.cased]);
        // Character convolution (width 3, zero padding) over the first `maxc` characters,
        // ReLU, max over the `maxc` positions. Positions whose window holds only padding give
        // ReLU(bias); the padding character's embedding is zero, so it adds nothing.
        let cf = self.cf;
        let mut ids = [0usize; MAX_CHARS];
        let mut len = 0;
        for ch in w.chars().take(self.maxc) {
            ids[len] = self.chars.get(&ch).copied().unwrap_or(1) as usize;
            len += 1;
        }
        if len + 1 < self.maxc {
            for (o, &b) in conv.iter_mut().zip(&self.conv_b) {
                *o = b.max(0.0);
            }
        } else {
            conv.fill(0.0);
        }
        let mut sums = [0f32; MAX_FILTERS];
        let s = &mut sums[..cf];
        for p in 0..(len + 1).min(self.maxc) {
            s.copy_from_slice(&self.conv_b);
            for k in 0..3 {
                let q = p + k;
                if (1..=len).contains(&q) {
                    let t = &self.taps[(ids[q - 1] * 3 + k) * cf..][..cf];
                    for (a, &b) in s.iter_mut().zip(t) {
                        *a += b;
                    }
                }
            }
            for (o, &v) in conv.iter_mut().zip(s.iter()) {
                *o = o.max(v);
            }
        }
    }

    /// Per-token log-probabilities of the 17 tags (`n × NT`).
    pub fn log_probs(&self, tokens: &[&str]) -> Vec<f32> {
        let mut out = self.scores(tokens);
        for o in out.chunks_exact_mut(NT) {
            let m = o.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let z = m + o.iter().map(|&v| (v - m).exp()).sum::<f32>().ln();
            for v in o.iter_mut() {
                *v -= z;
            }
        }
        out
    }

    /// Per-token tag scores (`n × NT`): the log-probabilities up to a constant per token,
    /// which no tag path can tell apart, so Viterbi decoding needs no normalization.
    pub fn scores(&self, tokens: &[&str]) -> Vec<f32> {
        self.document_scores(&[tokens]).pop().unwrap_or_default()
    }

    /// `scores` of each sentence of a document, computed together: the input layer is one
    /// matrix product over the tokens of up to `CHUNK` tokens of sentences (a book-length text
    /// does not hold all its activations at once).
    pub fn document_scores(&self, sents: &[&[&str]]) -> Vec<Vec<f32>> {
        const CHUNK: usize = 2048;
        let mut out = Vec::with_capacity(sents.len());
        let mut start = 0;
        while start < sents.len() {
            let mut end = start + 1;
            let mut tokens = sents[start].len();
            while end < sents.len() && tokens + sents[end].len() <= CHUNK {
                tokens += sents[end].len();
                end += 1;
            }
            out.extend(self.chunk_scores(&sents[start..end]));
            start = end;
        }
        out
    }

    fn chunk_scores(&self, sents: &[&[&str]]) -> Vec<Vec<f32>> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports AVX-512F and FMA, checked just above.
            return unsafe { self.document_scores_avx512(sents) };
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports AVX2 and FMA, checked just above.
            return unsafe { self.document_scores_avx2(sents) };
        }
        self.document_scores_generic::<false, 16, 64>(sents)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn document_scores_avx2(&self, sents: &[&[&str]]) -> Vec<Vec<f32>> {
        self.document_scores_generic::<true, 16, 64>(sents)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx2,fma")]
    unsafe fn document_scores_avx512(&self, sents: &[&[&str]]) -> Vec<Vec<f32>> {
        self.document_scores_generic::<true, 64, 192>(sents)
    }

    /// `FMA`: multiply-adds are fused (one rounding), as on CPUs with FMA; without, a product
    /// and a sum (the scores then differ in the last bits). `C` and `B`: output columns and
    /// gates summed at once (`gemm`, `recurrent`), as many as the vector registers hold: the
    /// sums are the same whatever they are, only their order across registers differs.
    #[inline(always)]
    fn document_scores_generic<const FMA: bool, const C: usize, const B: usize>(
        &self,
        sents: &[&[&str]],
    ) -> Vec<Vec<f32>> {
        let n: usize = sents.iter().map(|s| s.len()).sum();
        if n == 0 {
            return sents.iter().map(|_| Vec::new()).collect();
        }
        // Scratch matrices are kept per thread, not allocated per document.
        let mut sc = SCRATCH.take();
        let out = self.chunk_in::<FMA, C, B>(sents, n, &mut sc);
        SCRATCH.set(sc);
        out
    }

    #[inline(always)]
    fn chunk_in<const FMA: bool, const C: usize, const B: usize>(
        &self,
        sents: &[&[&str]],
        n: usize,
        sc: &mut Scratch,
    ) -> Vec<Vec<f32>> {
        let (h, g) = (self.h, 4 * self.h);
        let input = self.emb + self.cased + self.cf;
        let Scratch { x, pre, hidden, out } = sc;
        // Inputs in panels of `R` tokens for `gemm` (padding tokens are zero, their results
        // unused).
        let rows = n.div_ceil(R) * R;
        x.clear();
        x.resize(rows * input, 0.0);
        let mut tok = vec![0f32; input];
        for (i, w) in sents.iter().flat_map(|s| s.iter()).enumerate() {
            self.input(w, &mut tok);
            let panel = &mut x[(i / R) * input * R..][..input * R];
            for (kk, &v) in tok.iter().enumerate() {
                panel[kk * R + i % R] = v;
            }
        }
        // Both directions' input terms of every token at once: pre = x · w_in + bias.
        pre.clear();
        for _ in 0..rows {
            pre.extend_from_slice(&self.bias);
        }
        gemm::<FMA, C>(rows, input, 2 * g, x, &self.w_in, pre);
        // hidden[i] = [forward h_i, backward h_i], each sentence read on its own.
        hidden.clear();
        hidden.resize(rows * 2 * h, 0.0);
        let mut gates = vec![0f32; g];
        let (mut hs, mut cs) = (vec![0f32; h], vec![0f32; h]);
        let mut start = 0;
        for len in sents.iter().map(|s| s.len()) {
            for (d, w_rec) in self.w_rec.iter().enumerate() {
                hs.fill(0.0);
                cs.fill(0.0);
                for step in 0..len {
                    let i = start + if d == 0 { step } else { len - 1 - step };
                    gates.copy_from_slice(&pre[i * 2 * g + d * g..][..g]);
                    recurrent::<FMA, B>(&mut gates, &hs, w_rec);
                    // Gates i f o are sigmoids, g a tanh: sigmoid(x) = (1 + tanh(x / 2)) / 2.
                    let (ifg, rest) = gates.split_at_mut(2 * h);
                    let (gg, og) = rest.split_at_mut(h);
                    for v in ifg.iter_mut() {
                        *v = 0.5 + 0.5 * tanh(0.5 * *v);
                    }
                    for v in og.iter_mut() {
                        *v = 0.5 + 0.5 * tanh(0.5 * *v);
                    }
                    for v in gg.iter_mut() {
                        *v = tanh(*v);
                    }
                    let (ig, fg) = ifg.split_at(h);
                    for (((c, &i), &f), &gv) in cs.iter_mut().zip(ig).zip(fg).zip(gg.iter()) {
                        *c = f * *c + i * gv;
                    }
                    for ((hv, &o), &c) in hs.iter_mut().zip(og.iter()).zip(cs.iter()) {
                        *hv = o * tanh(c);
                    }
                    hidden[i * 2 * h + d * h..][..h].copy_from_slice(&hs);
                }
            }
            start += len;
        }
        out.clear();
        for _ in 0..rows {
            out.extend_from_slice(&self.out_b);
        }
        for (o, hrow) in out.chunks_exact_mut(NT).zip(hidden.chunks_exact(2 * h)) {
            let mut acc = [0f32; NT];
            acc.copy_from_slice(o);
            for (&x, w) in hrow.iter().zip(self.out_w.chunks_exact(NT)) {
                for j in 0..NT {
                    acc[j] = madd::<FMA>(x, w[j], acc[j]);
                }
            }
            o.copy_from_slice(&acc);
        }
        let mut start = 0;
        sents
            .iter()
            .map(|s| {
                let part = out[start * NT..(start + s.len()) * NT].to_vec();
                start += s.len();
                part
            })
            .collect()
    }
}

/// Reused matrices of `document_scores` (see there).
#[derive(Default)]
struct Scratch {
    x: Vec<f32>,
    pre: Vec<f32>,
    hidden: Vec<f32>,
    out: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A file in the format `scripts/train-ner-lstm` writes: a two-word vocabulary, two
    /// characters, every weight zero except the output biases and the unknown vector.
    fn tiny(out_b: &[f32; NT], checksum_ok: bool) -> Vec<u8> {
        let (h, cf, emb, cased, cd, maxc) = (2usize, 2usize, 3usize, 2usize, 2usize, 4usize);
        let mut p = Vec::new();
        let put_f32s = |p: &mut Vec<u8>, v: &[f32]| v.iter().for_each(|x| p.extend(x.to_le_bytes()));
        for d in [h, cf, emb, cased, cd, maxc] {
            p.extend((d as u32).to_le_bytes());
        }
        put_f32s(&mut p, &[1000.0]);
        p.extend(4u32.to_le_bytes());
        for w in ["kyiv", "said", "f-00", "köln"] {
            p.extend(fnv64(w.as_bytes()).to_le_bytes());
        }
        p.extend([1u8, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        put_f32s(&mut p, &[0.5, 0.25, 1.0, 1.0]);
        put_f32s(&mut p, &[0.0; 3]);
        put_f32s(&mut p, &[0.0; CASES * 2]);
        p.extend(2u32.to_le_bytes());
        for c in ['a', 'b'] {
            p.extend((c as u32).to_le_bytes());
        }
        put_f32s(&mut p, &vec![0.0; 4 * cd]);
        put_f32s(&mut p, &vec![0.0; cf * cd * 3]);
        put_f32s(&mut p, &vec![0.0; cf]);
        let input = emb + cased + cf;
        for _ in 0..2 {
            put_f32s(&mut p, &vec![0.0; input * 4 * h]);
            put_f32s(&mut p, &vec![0.0; h * 4 * h]);
            put_f32s(&mut p, &vec![0.0; 4 * h]);
        }
        put_f32s(&mut p, &vec![0.0; 2 * h * NT]);
        put_f32s(&mut p, out_b);
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&p).unwrap();
        let body = enc.finish().unwrap();
        let mut file = MAGIC.to_vec();
        file.extend(VERSION.to_le_bytes());
        file.extend((fnv64(&p) ^ u64::from(!checksum_ok)).to_le_bytes());
        file.extend(body);
        file
    }

    #[test]
    fn zero_weights_give_the_output_bias() {
        let mut b = [0f32; NT];
        b[0] = 2.0;
        b[4] = 1.0;
        let l = Lstm::from_bytes(&tiny(&b, true), "tiny").unwrap();
        assert_eq!(l.weight(), 1000.0);
        let lp = l.log_probs(&["Kyiv", "said", "Zorvath", "1996", "."]);
        assert_eq!(lp.len(), 5 * NT);
        let z = (2f32.exp() + 1f32.exp() + (NT - 2) as f32).ln();
        for row in lp.chunks(NT) {
            assert!((row[0] - (2.0 - z)).abs() < 1e-5);
            assert!((row[4] - (1.0 - z)).abs() < 1e-5);
            assert!((row[1] + z).abs() < 1e-5);
        }
        assert!(l.log_probs(&[]).is_empty());
    }

    #[test]
    fn vectors_are_found_by_lowercase_form() {
        let l = Lstm::from_bytes(&tiny(&[0.0; NT], true), "tiny").unwrap();
        let mut x = vec![0f32; 3 + 2 + 2];
        l.input("KYIV", &mut x);
        assert_eq!(&x[..3], &[0.5, 1.0, 1.5]);
        l.input("Said", &mut x);
        assert_eq!(&x[..3], &[1.0, 1.25, 1.5]);
        l.input("Zorvath", &mut x);
        assert_eq!(&x[..3], &[0.0, 0.0, 0.0]);
        // Digits read as 0 when the word itself is not listed.
        l.input("F-16", &mut x);
        assert_eq!(&x[..3], &[7.0, 8.0, 9.0]);
        // Beyond ASCII, Unicode lowercase.
        l.input("KÖLN", &mut x);
        assert_eq!(&x[..3], &[10.0, 11.0, 12.0]);
    }

    #[test]
    fn the_tagger_adds_the_lstm_scores() {
        let m = crate::NerModel::from_bytes(crate::builtin::BUILTIN, "built-in").unwrap();
        let words = ["the", "river", "rose"];
        assert!(m.tag_tokens(&words).iter().all(|t| *t == crate::Tag::O));
        // An LSTM sure that every word is a one-word person, weighted far above the perceptron.
        let mut b = [0f32; NT];
        b[crate::Tag::U(crate::EntityKind::Per).index()] = 50.0;
        let l = Lstm::from_bytes(&tiny(&b, true), "tiny").unwrap().with_weight(1e6);
        let tags = m.with_lstm(std::sync::Arc::new(l)).tag_tokens(&words);
        assert!(tags.iter().all(|t| *t == crate::Tag::U(crate::EntityKind::Per)), "{tags:?}");
    }

    #[test]
    fn every_code_path_gives_the_same_scores() {
        let l = Lstm::from_bytes(crate::builtin::BUILTIN_LSTM, "built-in").unwrap();
        let a: &[&str] = &["Delegations", "from", "Kyiv", "met", "in", "Geneva", "on", "Tuesday", "."];
        let b: &[&str] = &["Maria", "Fendler", "said", "the", "talks", "would", "resume", "in", "2027", "."];
        let sents = [a, b];
        // How many sums are held at once changes nothing: each is added up in the same order.
        let plain = l.document_scores_generic::<false, 16, 64>(&sents);
        assert_eq!(plain, l.document_scores_generic::<false, 64, 192>(&sents));
        assert_eq!(plain, l.document_scores_generic::<false, 8, 32>(&sents));
        // A document is its sentences: scored together or alone, the same.
        assert_eq!(plain[1], l.document_scores_generic::<false, 16, 64>(&[b])[0]);
        // Fused multiply-adds round once instead of twice: the same up to the last bits.
        let fused = l.document_scores_generic::<true, 16, 64>(&sents);
        assert_eq!(fused, l.document_scores_generic::<true, 64, 192>(&sents));
        for (x, y) in plain.iter().flatten().zip(fused.iter().flatten()) {
            assert!((x - y).abs() < 1e-3, "{x} vs {y}");
        }
        // What the CPU's own path gives is one of the two.
        let own = l.document_scores(&sents);
        assert!(own == plain || own == fused);
    }

    #[test]
    fn odd_tokens_and_empty_sentences_are_scored() {
        let l = Lstm::from_bytes(crate::builtin::BUILTIN_LSTM, "built-in").unwrap();
        let long = "x".repeat(5000);
        let odd: &[&str] = &["", "🙂", "e\u{301}", &long, "ÀÉÎÕÜ-1234567890", "İstanbul", "ǅ", "\u{0}"];
        let empty: &[&str] = &[];
        let out = l.document_scores(&[empty, odd, empty]);
        assert_eq!(out.iter().map(Vec::len).collect::<Vec<_>>(), vec![0, odd.len() * NT, 0]);
        assert!(out[1].iter().all(|v| v.is_finite()));
        // A document longer than one piece (`CHUNK` tokens) is scored sentence by sentence alike.
        let sent: Vec<String> = (0..700).map(|i| format!("w{i}")).collect();
        let sent: Vec<&str> = sent.iter().map(String::as_str).collect();
        let doc = [sent.as_slice(); 4];
        let all = l.document_scores(&doc);
        assert!(all.iter().all(|s| *s == all[0]) && all[0] == l.scores(&sent));
    }

    #[test]
    fn damaged_files_are_clear_errors() {
        let good = tiny(&[0.0; NT], true);
        let e = Lstm::from_bytes(&tiny(&[0.0; NT], false), "x.bin").unwrap_err().to_string();
        assert!(e.contains("x.bin") && e.contains("checksum"), "{e}");
        let e = Lstm::from_bytes(b"CHORUSNER....", "x.bin").unwrap_err().to_string();
        assert!(e.contains("magic"), "{e}");
        let mut v = good.clone();
        v[MAGIC.len()] = 9;
        assert!(Lstm::from_bytes(&v, "x.bin").unwrap_err().to_string().contains("version 9"));
        assert!(Lstm::from_bytes(&good[..good.len() - 20], "x.bin").is_err());
        let dir = tempfile::tempdir().unwrap();
        let e = Lstm::load(dir.path().join("none.bin")).unwrap_err().to_string();
        assert!(e.contains("none.bin") && e.contains("not found"), "{e}");
    }

    #[test]
    fn tanh_is_close() {
        let mut worst = 0f32;
        for i in -20_000..=20_000 {
            let x = i as f32 / 1000.0;
            worst = worst.max((tanh(x) - x.tanh()).abs());
        }
        assert!(worst < 2e-6, "max error {worst}");
    }

    #[test]
    fn case_classes() {
        assert_eq!(case_class("1996"), 4);
        assert_eq!(case_class("F-16"), 5);
        assert_eq!(case_class(","), 6);
        assert_eq!(case_class("said"), 0);
        assert_eq!(case_class("Kyiv"), 1);
        assert_eq!(case_class("I"), 1);
        assert_eq!(case_class("NATO"), 2);
        assert_eq!(case_class("McDonald"), 3);
        assert_eq!(case_class("Élysée"), 1);
    }
}
