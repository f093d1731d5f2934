//! Online, incremental story clustering.
//!
//! Each story keeps a centroid (the sum of its documents' unit tf-idf
//! vectors). A new document retrieves candidate stories through an
//! inverted index of its highest-weighted terms, is compared with each
//! candidate's centroid by cosine similarity, and joins the best one above
//! the threshold or starts a new story. Nothing is re-clustered: the cost
//! of one assignment depends on the candidates, not on the corpus size.
//! Document frequencies grow as documents arrive, so early documents are
//! weighted with the statistics known at their time (as in any online
//! clusterer).

use rustc_hash::FxHashMap;

use crate::DocFeatures;

/// Identifier of a story.
pub type StoryId = u64;

/// Parameters of [`StoryClusterer`].
#[derive(Debug, Clone, Copy)]
pub struct ClusterParams {
    /// Minimum cosine similarity between a document and a story centroid.
    pub threshold: f32,
    /// Number of a document's top terms used to retrieve candidates.
    pub query_terms: usize,
    /// Number of candidate stories compared exactly.
    pub candidates: usize,
    /// Terms kept in a centroid.
    pub centroid_terms: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams { threshold: 0.3, query_terms: 12, candidates: 6, centroid_terms: 200 }
    }
}

#[derive(Debug, Default, Clone)]
struct Centroid {
    weights: FxHashMap<u64, f32>,
    norm: f32,
    docs: u32,
}

/// The online clusterer; see the module docs.
#[derive(Debug, Default)]
pub struct StoryClusterer {
    params: ClusterParams,
    df: FxHashMap<u64, u32>,
    n_docs: u32,
    /// term → stories containing it in their centroid (may hold stale
    /// entries; they only cost a comparison).
    postings: FxHashMap<u64, Vec<StoryId>>,
    /// Centroids indexed by story id (ids are dense; index 0 unused; a
    /// centroid with no documents is no story).
    stories: Vec<Centroid>,
    n_stories: usize,
    next_id: StoryId,
    /// Scratch: candidate votes indexed by story id, and the ids voted for.
    votes: Vec<f32>,
    voted: Vec<StoryId>,
}

impl StoryClusterer {
    pub fn new(params: ClusterParams) -> Self {
        StoryClusterer { params, next_id: 1, ..Default::default() }
    }

    /// Number of stories.
    pub fn len(&self) -> usize {
        self.n_stories
    }

    pub fn is_empty(&self) -> bool {
        self.n_stories == 0
    }

    /// Documents in story `id`.
    pub fn story_size(&self, id: StoryId) -> u32 {
        self.centroid(id).map_or(0, |c| c.docs)
    }

    fn centroid(&self, id: StoryId) -> Option<&Centroid> {
        self.stories.get(usize::try_from(id).ok()?).filter(|c| c.docs > 0)
    }

    fn observe(&mut self, f: &DocFeatures) {
        self.n_docs += 1;
        for (t, _) in &f.terms {
            *self.df.entry(*t).or_default() += 1;
        }
    }

    fn vector(&self, f: &DocFeatures) -> Vec<(u64, f32)> {
        let n = self.n_docs as f32 + 1.0;
        let mut v: Vec<(u64, f32)> = f
            .terms
            .iter()
            .map(|(t, tf)| {
                let df = *self.df.get(t).unwrap_or(&0) as f32;
                let idf = (n / (df + 1.0)).ln() + 1.0;
                // a term seen in one document only says nothing about stories
                let rare = if df <= 1.0 { 0.5 } else { 1.0 };
                // squared idf: shared rare names and places decide stories
                (*t, (1.0 + tf.ln().max(0.0)) * idf * idf * rare)
            })
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        v
    }

    /// Assigns a new document to a story (an existing one, or a new one)
    /// and returns it. With `forced`, the document joins that story (used
    /// for duplicates of a document already placed).
    pub fn assign(&mut self, f: &DocFeatures, forced: Option<StoryId>) -> StoryId {
        self.observe(f);
        let v = self.vector(f);
        let story = match forced.filter(|s| self.centroid(*s).is_some()) {
            Some(s) => s,
            None => self.best_story(&v).unwrap_or_else(|| {
                let id = self.next_id;
                self.next_id += 1;
                id
            }),
        };
        self.add_to(story, &v);
        story
    }

    /// Re-adds a document already assigned to `story` (when reopening a
    /// store), without deciding anything.
    pub fn restore(&mut self, f: &DocFeatures, story: StoryId) {
        self.observe(f);
        let v = self.vector(f);
        self.next_id = self.next_id.max(story + 1);
        self.add_to(story, &v);
    }

    /// The best candidate story for a unit vector, with its similarity.
    pub fn nearest(&mut self, v: &[(u64, f32)]) -> Option<(StoryId, f32)> {
        let k = self.params.query_terms.min(v.len());
        let mut top: Vec<(u64, f32)> = v.to_vec();
        if k < top.len() {
            top.select_nth_unstable_by(k, |a, b| b.1.total_cmp(&a.1));
            top.truncate(k);
        }
        let cap = (self.n_stories / 16).max(64);
        self.votes.resize(self.stories.len(), 0.0);
        for (t, w) in &top {
            if let Some(list) = self.postings.get(t) {
                if list.len() > cap {
                    continue;
                }
                for &s in list {
                    let slot = &mut self.votes[s as usize];
                    if *slot == 0.0 {
                        self.voted.push(s);
                    }
                    *slot += w;
                }
            }
        }
        let mut cands: Vec<(StoryId, f32)> = self.voted.drain(..).map(|s| (s, self.votes[s as usize])).collect();
        for (s, _) in &cands {
            self.votes[*s as usize] = 0.0;
        }
        let n = self.params.candidates.min(cands.len());
        let order = |a: &(StoryId, f32), b: &(StoryId, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if n < cands.len() {
            cands.select_nth_unstable_by(n, order);
            cands.truncate(n);
        }
        cands
            .into_iter()
            .filter_map(|(s, _)| self.centroid(s).map(|c| (s, cosine(v, c))))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }

    fn best_story(&mut self, v: &[(u64, f32)]) -> Option<StoryId> {
        self.nearest(v).filter(|(_, sim)| *sim >= self.params.threshold).map(|(s, _)| s)
    }

    fn add_to(&mut self, story: StoryId, v: &[(u64, f32)]) {
        let i = story as usize;
        if self.stories.len() <= i {
            self.stories.resize_with(i + 1, Centroid::default);
        }
        let c = &mut self.stories[i];
        if c.docs == 0 {
            self.n_stories += 1;
        }
        c.docs += 1;
        for (t, w) in v {
            let e = c.weights.entry(*t).or_insert(0.0);
            if *e == 0.0 {
                self.postings.entry(*t).or_default().push(story);
            }
            *e += w;
        }
        if c.weights.len() > self.params.centroid_terms * 2 {
            let mut all: Vec<(u64, f32)> = c.weights.drain().collect();
            all.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
            all.truncate(self.params.centroid_terms);
            c.weights.extend(all);
        }
        c.norm = c.weights.values().map(|w| w * w).sum::<f32>().sqrt();
    }
}

fn cosine(v: &[(u64, f32)], c: &Centroid) -> f32 {
    if c.norm == 0.0 {
        return 0.0;
    }
    v.iter().map(|(t, w)| w * c.weights.get(t).copied().unwrap_or(0.0)).sum::<f32>() / c.norm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(text: &str) -> DocFeatures {
        let mut tf: FxHashMap<u64, f32> = FxHashMap::default();
        chorus_text::words::content_terms(text, |h, _| *tf.entry(h).or_default() += 1.0);
        let mut terms: Vec<_> = tf.into_iter().collect();
        terms.sort_unstable_by_key(|t| t.0);
        DocFeatures { terms, minhash: vec![], text_hash: 0 }
    }

    #[test]
    fn groups_by_topic_online() {
        let mut c = StoryClusterer::new(ClusterParams::default());
        let docs = [
            "Ferry crews in Port Alder walked out on Monday over pay, stranding commuters at the harbour.",
            "The mountain railway in Velka opens its new winter timetable with more trains to the ski valley.",
            "Port Alder ferry crews strike over pay; harbour commuters stranded as talks stall.",
            "Velka railway adds winter trains to the ski valley under a new timetable.",
            "Commuters in Port Alder face a second day without ferries as the crews' pay strike continues.",
        ];
        let ids: Vec<_> = docs.iter().map(|d| c.assign(&feats(d), None)).collect();
        assert_eq!(ids[0], ids[2]);
        assert_eq!(ids[0], ids[4]);
        assert_eq!(ids[1], ids[3]);
        assert_ne!(ids[0], ids[1]);
    }

    #[test]
    fn forced_and_restored() {
        let mut c = StoryClusterer::new(ClusterParams::default());
        c.restore(&feats("harbour ferry strike pay"), 7);
        let s = c.assign(&feats("something else entirely"), Some(7));
        assert_eq!(s, 7);
        let n = c.assign(&feats("unrelated words about gardening tools"), None);
        assert!(n > 7);
    }
}
