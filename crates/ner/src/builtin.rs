//! The model shipped with chorus: `models/ner/ner.bin` (the perceptron) and
//! `models/ner/lstm.bin` (the BiLSTM added to its scores), compiled into the binary so that
//! `chorus` runs anywhere without a model file beside it.
//!
//! `CHORUS_NER_MODEL=PATH` loads another perceptron file at run time instead (then no LSTM is
//! added, since its weight was chosen for the shipped perceptron, unless `CHORUS_NER_LSTM`
//! names one); `CHORUS_NER_LSTM=PATH` loads another LSTM file, `CHORUS_NER_LSTM=off` tags
//! with the perceptron alone.

use std::sync::{Arc, OnceLock};

use crate::{Lstm, NerError, NerModel};

/// The bytes of `models/ner/ner.bin` at build time.
pub static BUILTIN: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner/ner.bin"));

/// The bytes of `models/ner/lstm.bin` at build time.
pub static BUILTIN_LSTM: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner/lstm.bin"));

/// The model the pipeline uses (see the module comment). Decoded once per process.
pub fn default_model() -> Result<Arc<NerModel>, NerError> {
    static MODEL: OnceLock<Result<Arc<NerModel>, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let custom = std::env::var_os("CHORUS_NER_MODEL").filter(|p| !p.is_empty());
            let lstm = std::env::var_os("CHORUS_NER_LSTM").filter(|p| !p.is_empty());
            let load = || -> Result<NerModel, NerError> {
                let m = match &custom {
                    Some(p) => NerModel::load(p)?,
                    None => NerModel::from_bytes(BUILTIN, "built-in NER model (models/ner/ner.bin)")?,
                };
                Ok(match lstm.as_deref() {
                    Some(l) if l == "off" => m,
                    Some(l) => m.with_lstm(Arc::new(Lstm::load(l)?)),
                    None if custom.is_some() => m,
                    None => m.with_lstm(Arc::new(Lstm::from_bytes(
                        BUILTIN_LSTM,
                        "built-in NER LSTM (models/ner/lstm.bin)",
                    )?)),
                })
            };
            load().map(Arc::new).map_err(|e| e.to_string())
        })
        .clone()
        .map_err(NerError::Data)
}
