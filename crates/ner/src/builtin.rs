//! The model shipped with chorus: `models/ner/ner.bin`, compiled into the
//! binary so that `chorus` runs anywhere without a model file beside it.
//! `CHORUS_NER_MODEL=PATH` loads another model file at run time instead.

use std::sync::{Arc, OnceLock};

use crate::{NerError, NerModel};

/// The bytes of `models/ner/ner.bin` at build time.
pub static BUILTIN: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner/ner.bin"));

/// The model the pipeline uses: the file named by `CHORUS_NER_MODEL` if
/// set, else the built-in one. Decoded once per process.
pub fn default_model() -> Result<Arc<NerModel>, NerError> {
    static MODEL: OnceLock<Result<Arc<NerModel>, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let m = match std::env::var_os("CHORUS_NER_MODEL") {
                Some(p) if !p.is_empty() => NerModel::load(p),
                _ => NerModel::from_bytes(BUILTIN, "built-in NER model (models/ner/ner.bin)"),
            };
            m.map(Arc::new).map_err(|e| e.to_string())
        })
        .clone()
        .map_err(NerError::Data)
}
