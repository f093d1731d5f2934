//! SQLite implementation of [`Store`].

use std::path::Path;

use chorus_model::{DocId, Document, Relation, RelationKind, StorySummary};
use rusqlite::{params, Connection, OptionalExtension};

use crate::codec::{decode_segments, encode_segments};
use crate::{Batch, Result, Store, StoreError, StoredFeatures, StoryId};

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    ext_id     TEXT,
    source     TEXT,
    published  TEXT,
    title      TEXT,
    url        TEXT,
    author     TEXT,
    text       TEXT NOT NULL,
    meta       TEXT NOT NULL,
    segments   BLOB NOT NULL,
    features   BLOB NOT NULL,
    text_hash  INTEGER NOT NULL,
    story      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_story ON documents(story);
CREATE TABLE IF NOT EXISTS relations (
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    kind     TEXT NOT NULL,
    score    REAL NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS relations_b ON relations(b);
CREATE TABLE IF NOT EXISTS stories (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    independent INTEGER NOT NULL DEFAULT 0,
    brief       TEXT
);
"#;

/// Added after version 1 without changing it: created on open when missing.
const STATE_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);";

/// A store in one SQLite file (or in memory).
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::init(conn, &path.display().to_string())
    }

    /// A store in memory, for tests and one-shot runs.
    pub fn in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == 0 {
            conn.execute_batch(SCHEMA)?;
            conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        } else if version != SCHEMA_VERSION {
            return Err(StoreError::Schema { path: path.to_string(), found: version, expected: SCHEMA_VERSION });
        }
        conn.execute_batch(STATE_SCHEMA)?;
        Ok(SqliteStore { conn })
    }

    fn row_to_document(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Document, Vec<u8>)> {
        let text: String = r.get(7)?;
        let meta: String = r.get(8)?;
        let meta = serde_json::from_str(&meta).unwrap_or_default();
        Ok((
            Document {
                id: r.get(0)?,
                ext_id: r.get(1)?,
                source: r.get(2)?,
                published: r.get(3)?,
                title: r.get(4)?,
                url: r.get(5)?,
                author: r.get(6)?,
                text,
                meta,
                segments: Default::default(),
            },
            r.get(9)?,
        ))
    }
}

fn story_of(id: i64) -> StoryId {
    id as StoryId
}

impl Store for SqliteStore {
    fn get_state(&self, key: &str) -> Result<Option<String>> {
        let mut st = self.conn.prepare_cached("SELECT value FROM state WHERE key = ?1")?;
        Ok(st.query_row([key], |r| r.get(0)).optional()?)
    }

    fn put_state(&mut self, entries: &[(String, Option<String>)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut put = tx.prepare_cached("INSERT INTO state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?;
            let mut del = tx.prepare_cached("DELETE FROM state WHERE key = ?1")?;
            for (k, v) in entries {
                match v {
                    Some(v) => put.execute(params![k, v])?,
                    None => del.execute([k])?,
                };
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn state_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare_cached("SELECT key, value FROM state WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key")?;
        let rows = st.query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn contains(&self, id: &str) -> Result<bool> {
        let mut st = self.conn.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
        Ok(st.exists([id])?)
    }

    fn write_batch(&mut self, batch: &Batch) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut ins = tx.prepare_cached(
                "INSERT OR IGNORE INTO documents
                 (id, ext_id, source, published, title, url, author, text, meta, segments, features, text_hash, story)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            for nd in &batch.documents {
                let d = &nd.doc;
                let meta = serde_json::Value::Object(d.meta.clone()).to_string();
                ins.execute(params![
                    d.id,
                    d.ext_id,
                    d.source,
                    d.published,
                    d.title,
                    d.url,
                    d.author,
                    d.text,
                    meta,
                    encode_segments(&d.segments),
                    nd.features,
                    nd.text_hash as i64,
                    nd.story as i64
                ])?;
            }
            let mut rel = tx.prepare_cached(
                "INSERT OR REPLACE INTO relations (a, b, kind, score, evidence) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for r in &batch.relations {
                let ev = serde_json::to_string(&r.evidence).unwrap_or_else(|_| "[]".into());
                rel.execute(params![r.a, r.b, r.kind.as_str(), r.score as f64, ev])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO stories (id, title, independent) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET title = excluded.title, independent = excluded.independent",
            )?;
            for s in &batch.stories {
                st.execute(params![s.id as i64, s.title, s.independent_sources])?;
            }
            let mut br = tx.prepare_cached("UPDATE stories SET brief = ?2 WHERE id = ?1")?;
            for (id, json) in &batch.briefs {
                br.execute(params![*id as i64, json])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn all_features(&self) -> Result<Vec<StoredFeatures>> {
        let mut st = self.conn.prepare("SELECT id, features, story, published FROM documents ORDER BY seq")?;
        let rows = st.query_map([], |r| {
            Ok(StoredFeatures { id: r.get(0)?, features: r.get(1)?, story: story_of(r.get(2)?), published: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn documents(&self, ids: &[DocId]) -> Result<Vec<Document>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, ext_id, source, published, title, url, author, text, meta, segments FROM documents WHERE id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some((mut d, seg)) = st.query_row([id], Self::row_to_document).optional()? {
                d.segments = decode_segments(&seg, d.text.len())
                    .ok_or_else(|| StoreError::Corrupt(format!("segments of document {id}")))?;
                out.push(d);
            }
        }
        Ok(out)
    }

    fn story_documents(&self, story: StoryId) -> Result<Vec<DocId>> {
        let mut st = self.conn.prepare_cached("SELECT id FROM documents WHERE story = ?1 ORDER BY seq")?;
        let rows = st.query_map([story as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn relations(&self, ids: &[DocId]) -> Result<Vec<Relation>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT a, b, kind, score, evidence FROM relations WHERE a = ?1 OR b = ?1")?;
        let mut out: Vec<Relation> = Vec::new();
        for id in ids {
            let rows = st.query_map([id], |r| {
                let kind: String = r.get(2)?;
                let ev: String = r.get(4)?;
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, kind, r.get::<_, f64>(3)?, ev))
            })?;
            for row in rows {
                let (a, b, kind, score, ev) = row?;
                let kind = RelationKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("relation kind {kind:?}")))?;
                let evidence = serde_json::from_str(&ev).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                out.push(Relation { a, b, kind, score: score as f32, evidence });
            }
        }
        out.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        out.dedup_by(|x, y| x.a == y.a && x.b == y.b);
        Ok(out)
    }

    fn stories(&self) -> Result<Vec<StorySummary>> {
        let mut st = self.conn.prepare(
            "SELECT s.id, s.title, COUNT(d.id), s.independent, MIN(d.published), MAX(d.published)
             FROM stories s JOIN documents d ON d.story = s.id
             GROUP BY s.id ORDER BY COUNT(d.id) DESC, s.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(StorySummary {
                id: r.get::<_, i64>(0)?.to_string(),
                title: r.get(1)?,
                documents: r.get(2)?,
                independent_sources: r.get(3)?,
                first: r.get(4)?,
                last: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn brief(&self, story: StoryId) -> Result<Option<String>> {
        let mut st = self.conn.prepare_cached("SELECT brief FROM stories WHERE id = ?1")?;
        let v: Option<Option<String>> = st.query_row([story as i64], |r| r.get(0)).optional()?;
        match v {
            None => Err(StoreError::NoStory(story.to_string())),
            Some(b) => Ok(b),
        }
    }

    fn document_count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewDocument, StoryMeta};
    use chorus_model::{Segments, Sentence, Span};

    #[test]
    fn state_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        {
            let mut s = SqliteStore::open(&path).unwrap();
            assert_eq!(s.get_state("feed:a").unwrap(), None);
            s.put_state(&[("feed:a".into(), Some("1".into())), ("feed:b".into(), Some("2".into())), ("item:x".into(), Some("3".into()))])
                .unwrap();
            s.put_state(&[("feed:b".into(), Some("22".into())), ("item:x".into(), None)]).unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.get_state("feed:b").unwrap().as_deref(), Some("22"));
        assert_eq!(s.get_state("item:x").unwrap(), None);
        let all = s.state_with_prefix("feed:").unwrap();
        assert_eq!(all, vec![("feed:a".to_string(), "1".to_string()), ("feed:b".to_string(), "22".to_string())]);
    }

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            ext_id: None,
            source: Some("Example Gazette".into()),
            published: Some("2026-03-01T10:00:00Z".into()),
            title: Some("Ferry strike".into()),
            url: None,
            author: None,
            text: text.into(),
            meta: Default::default(),
            segments: Segments { blocks: vec![], sentences: vec![Sentence { span: Span::new(0, text.len()), block: 0 }] },
        }
    }

    #[test]
    fn batch_roundtrip_and_idempotence() {
        let mut s = SqliteStore::in_memory().unwrap();
        let nd = NewDocument { doc: doc("d1", "Ferry crews walked out."), features: vec![1, 2], text_hash: 9, story: 3 };
        let batch = Batch {
            documents: vec![nd.clone(), nd],
            relations: vec![Relation { a: "d1".into(), b: "d2".into(), kind: RelationKind::Rewrite, score: 0.7, evidence: vec![] }],
            stories: vec![StoryMeta { id: 3, title: "Ferry strike".into(), independent_sources: 1 }],
            briefs: vec![(3, "{}".into())],
        };
        s.write_batch(&batch).unwrap();
        s.write_batch(&batch).unwrap();
        assert_eq!(s.document_count().unwrap(), 1);
        assert!(s.contains("d1").unwrap());
        let docs = s.documents(&["d1".into(), "nope".into()]).unwrap();
        assert_eq!(docs, vec![doc("d1", "Ferry crews walked out.")]);
        assert_eq!(s.relations(&["d2".into()]).unwrap().len(), 1);
        let stories = s.stories().unwrap();
        assert_eq!(stories.len(), 1);
        assert_eq!((stories[0].documents, stories[0].independent_sources), (1, 1));
        assert_eq!(s.brief(3).unwrap().as_deref(), Some("{}"));
        assert!(matches!(s.brief(99), Err(StoreError::NoStory(_))));
        assert_eq!(s.story_documents(3).unwrap(), vec!["d1".to_string()]);
    }

    #[test]
    fn file_store_reopens() {
        let dir = std::env::temp_dir().join(format!("chorus-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        {
            let mut s = SqliteStore::open(&path).unwrap();
            let nd = NewDocument { doc: doc("d1", "Text."), features: vec![], text_hash: 1, story: 1 };
            s.write_batch(&Batch { documents: vec![nd], ..Default::default() }).unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.all_features().unwrap().len(), 1);
        std::fs::remove_dir_all(&dir).ok();
    }
}
