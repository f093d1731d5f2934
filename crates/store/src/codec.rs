//! Compact binary encoding of segments (u32 little endian).

use chorus_model::{Block, BlockKind, Segments, Sentence, Span};

pub fn encode_segments(s: &Segments) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + s.blocks.len() * 9 + s.sentences.len() * 12);
    out.extend_from_slice(&(s.blocks.len() as u32).to_le_bytes());
    for b in &s.blocks {
        out.extend_from_slice(&b.span.start.to_le_bytes());
        out.extend_from_slice(&b.span.end.to_le_bytes());
        out.push(match b.kind {
            BlockKind::Paragraph => 0,
            BlockKind::Heading => 1,
            BlockKind::ListItem => 2,
            BlockKind::TableRow => 3,
        });
    }
    out.extend_from_slice(&(s.sentences.len() as u32).to_le_bytes());
    for x in &s.sentences {
        out.extend_from_slice(&x.span.start.to_le_bytes());
        out.extend_from_slice(&x.span.end.to_le_bytes());
        out.extend_from_slice(&x.block.to_le_bytes());
    }
    out
}

pub fn decode_segments(b: &[u8], text_len: usize) -> Option<Segments> {
    let mut i = 0usize;
    let u32_at = |i: &mut usize| -> Option<u32> {
        let v = u32::from_le_bytes(b.get(*i..*i + 4)?.try_into().ok()?);
        *i += 4;
        Some(v)
    };
    let nb = u32_at(&mut i)? as usize;
    if nb > b.len() {
        return None;
    }
    let mut blocks = Vec::with_capacity(nb);
    for _ in 0..nb {
        let span = Span { start: u32_at(&mut i)?, end: u32_at(&mut i)? };
        let kind = match *b.get(i)? {
            0 => BlockKind::Paragraph,
            1 => BlockKind::Heading,
            2 => BlockKind::ListItem,
            3 => BlockKind::TableRow,
            _ => return None,
        };
        i += 1;
        blocks.push(Block { span, kind });
    }
    let ns = u32_at(&mut i)? as usize;
    if ns > b.len() {
        return None;
    }
    let mut sentences = Vec::with_capacity(ns);
    for _ in 0..ns {
        let span = Span { start: u32_at(&mut i)?, end: u32_at(&mut i)? };
        sentences.push(Sentence { span, block: u32_at(&mut i)? });
    }
    let ok = i == b.len()
        && blocks.iter().all(|x| x.span.start <= x.span.end && x.span.end as usize <= text_len)
        && sentences.iter().all(|x| x.span.start <= x.span.end && x.span.end as usize <= text_len);
    ok.then_some(Segments { blocks, sentences })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        let s = Segments {
            blocks: vec![Block { span: Span::new(0, 10), kind: BlockKind::TableRow }],
            sentences: vec![Sentence { span: Span::new(1, 9), block: 0 }],
        };
        let b = encode_segments(&s);
        assert_eq!(decode_segments(&b, 10), Some(s));
        assert_eq!(decode_segments(&b, 5), None);
        assert_eq!(decode_segments(&b[..b.len() - 1], 10), None);
    }
}
