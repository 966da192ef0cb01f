//! Laid-out pages to PDF bytes, with the font embedded as a subset of the glyphs the document
//! uses and a ToUnicode map, so that the text can be searched, copied and read back.
//!
//! Every character gets its own CID (in order of first use), mapped to its glyph by a
//! CIDToGIDMap stream and to its Unicode value by the ToUnicode CMap: letters that share a
//! glyph (Latin `I` and Kazakh `І`) still read back as themselves. Nothing in the file depends
//! on the time or on chance: the same pages give the same bytes.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::PdfError;
use crate::font::{FONT_FILE, FONT_NAME, Font};
use crate::layout::{Op, PAGE_HEIGHT, PAGE_WIDTH, Page};

const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const TYPE0: Ref = Ref::new(3);
const CID_FONT: Ref = Ref::new(4);
const DESCRIPTOR: Ref = Ref::new(5);
const FONT_DATA: Ref = Ref::new(6);
const TO_UNICODE: Ref = Ref::new(7);
const CID_TO_GID: Ref = Ref::new(8);
const INFO: Ref = Ref::new(9);
const FIRST_PAGE: i32 = 10;
const FONT_RESOURCE: Name<'static> = Name(b"F1");

fn system_info() -> SystemInfo<'static> {
    SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    }
}

/// The characters a document uses, each with its CID and its glyph in the subset.
struct Characters {
    cids: BTreeMap<char, u16>,
    /// By CID (index): the character.
    chars: Vec<char>,
    glyphs: GlyphRemapper,
}

impl Characters {
    fn new() -> Characters {
        Characters {
            cids: BTreeMap::new(),
            // CID 0 is .notdef.
            chars: vec!['\0'],
            glyphs: GlyphRemapper::new(),
        }
    }

    /// The CID of a character, given one on first use.
    fn cid(&mut self, c: char) -> Result<u16, PdfError> {
        if let Some(cid) = self.cids.get(&c) {
            return Ok(*cid);
        }
        let cid = u16::try_from(self.chars.len())
            .map_err(|_| PdfError::Font("more than 65535 distinct characters".into()))?;
        self.cids.insert(c, cid);
        self.chars.push(c);
        Ok(cid)
    }

    fn encode(&mut self, text: &str) -> Result<Vec<u8>, PdfError> {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            bytes.extend(self.cid(c)?.to_be_bytes());
        }
        Ok(bytes)
    }
}

/// The PDF of the pages, titled `title`.
pub fn pdf(pages: &[Page], font: &Font, title: &str) -> Result<Vec<u8>, PdfError> {
    let mut characters = Characters::new();
    let mut contents = Vec::with_capacity(pages.len());
    for page in pages {
        contents.push(content(page, &mut characters)?);
    }
    // Each CID's glyph in the subset, and its width.
    let mut cid_to_gid = Vec::with_capacity(characters.chars.len() * 2);
    let mut widths = Vec::with_capacity(characters.chars.len());
    for (cid, c) in characters.chars.iter().enumerate() {
        let glyph = if cid == 0 { 0 } else { font.glyph(*c) };
        cid_to_gid.extend(characters.glyphs.remap(glyph).to_be_bytes());
        widths.push(font.advance(glyph));
    }
    let subset = subsetter::subset(FONT_FILE, 0, &characters.glyphs)
        .map_err(|e| PdfError::Font(format!("subsetting {FONT_NAME}: {e}")))?;
    let base_font = format!("{}+{FONT_NAME}", subset_tag(&characters.chars));

    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGE_TREE);
    pdf.document_info(INFO)
        .title(TextStr(title))
        .producer(TextStr("reglament"));
    let page_refs: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(FIRST_PAGE + 2 * i as i32))
        .collect();
    pdf.pages(PAGE_TREE)
        .kids(page_refs.iter().copied())
        .count(pages.len() as i32);
    for (page_ref, content) in page_refs.iter().zip(&contents) {
        let content_ref = Ref::new(page_ref.get() + 1);
        let mut page = pdf.page(*page_ref);
        page.parent(PAGE_TREE)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_ref);
        page.resources().fonts().pair(FONT_RESOURCE, TYPE0);
        page.finish();
        pdf.stream(content_ref, content);
    }
    font_objects(&mut pdf, font, &base_font, &widths);
    pdf.stream(FONT_DATA, &subset)
        .pair(Name(b"Length1"), subset.len() as i32);
    pdf.stream(CID_TO_GID, &cid_to_gid);
    let mut cmap = UnicodeCmap::new(Name(b"reglament-ucs"), system_info());
    for (cid, c) in characters.chars.iter().enumerate().skip(1) {
        cmap.pair(cid as u16, *c);
    }
    let cmap = cmap.finish();
    pdf.stream(TO_UNICODE, &cmap);
    Ok(pdf.finish())
}

/// The Type0 font, its CID font and its descriptor.
fn font_objects(pdf: &mut Pdf, font: &Font, base_font: &str, widths: &[f32]) {
    let name = Name(base_font.as_bytes());
    pdf.type0_font(TYPE0)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(CID_FONT)
        .to_unicode(TO_UNICODE);
    let mut cid = pdf.cid_font(CID_FONT);
    cid.subtype(CidFontType::Type2)
        .base_font(name)
        .system_info(system_info())
        .font_descriptor(DESCRIPTOR)
        .default_width(0.0)
        .cid_to_gid_map_stream(CID_TO_GID);
    cid.widths().consecutive(0, widths.iter().copied());
    cid.finish();
    let ([x0, y0, x1, y1], ascent, descent, cap_height) = font.metrics();
    pdf.font_descriptor(DESCRIPTOR)
        .name(name)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(cap_height)
        .stem_v(80.0)
        .font_file2(FONT_DATA);
}

/// One page's content stream.
fn content(page: &Page, characters: &mut Characters) -> Result<Vec<u8>, PdfError> {
    let mut content = Content::new();
    content.set_fill_gray(0.0).set_line_width(0.5);
    for op in &page.ops {
        match op {
            Op::Text { x, y, size, text } => {
                let bytes = characters.encode(text)?;
                content
                    .begin_text()
                    .set_font(FONT_RESOURCE, *size)
                    .next_line(*x, *y)
                    .show(Str(&bytes))
                    .end_text();
            }
            Op::Fill { x, y, w, h } => {
                content.rect(*x, *y, *w, *h).fill_nonzero();
            }
            Op::Frame { x, y, w, h } => {
                content.rect(*x, *y, *w, *h).stroke();
            }
        }
    }
    Ok(content.finish().into_vec())
}

/// The six capital letters that name a font subset, from the characters it holds (the same
/// characters, the same tag).
fn subset_tag(chars: &[char]) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for c in chars {
        for byte in (*c as u32).to_le_bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect()
}
