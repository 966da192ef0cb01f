//! The embedded font: DejaVu Sans (`assets/DejaVuSans.ttf`, Bitstream Vera licence in
//! `assets/LICENSE-DejaVu.txt`), which has Latin, Cyrillic and every Kazakh letter
//! (Ә Ғ Қ Ң Ө Ұ Ү Һ І). Compiled into the binary, so a document prints the same on any machine.

use std::sync::OnceLock;

use ttf_parser::{Face, GlyphId};

use crate::PdfError;

/// The font file, embedded (subset) into every document.
pub static FONT_FILE: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// The PostScript name the document gives the font.
pub const FONT_NAME: &str = "DejaVuSans";

/// The parsed font: glyph lookup and metrics.
pub struct Font {
    face: Face<'static>,
    units_per_em: f32,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Font({FONT_NAME})")
    }
}

impl Font {
    /// The embedded font, parsed once.
    pub fn embedded() -> Result<&'static Font, PdfError> {
        static FONT: OnceLock<Result<Font, String>> = OnceLock::new();
        FONT.get_or_init(|| {
            let face = Face::parse(FONT_FILE, 0).map_err(|e| e.to_string())?;
            let units_per_em = f32::from(face.units_per_em());
            Ok(Font { face, units_per_em })
        })
        .as_ref()
        .map_err(|e| PdfError::Font(e.clone()))
    }

    /// Whether the font can draw the character.
    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The glyph of a character (0, `.notdef`, when the font has none).
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// A glyph's advance in thousandths of the font size (PDF glyph space).
    pub fn advance(&self, glyph: u16) -> f32 {
        let units = self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0);
        f32::from(units) * 1000.0 / self.units_per_em
    }

    /// The width of a text at a font size, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Metrics for the font descriptor, in thousandths of the font size:
    /// (bounding box, ascent, descent, cap height).
    pub fn metrics(&self) -> ([f32; 4], f32, f32, f32) {
        let scale = |v: i16| f32::from(v) * 1000.0 / self.units_per_em;
        let bbox = self.face.global_bounding_box();
        (
            [
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ],
            scale(self.face.ascender()),
            scale(self.face.descender()),
            scale(self.face.capital_height().unwrap_or(self.face.ascender())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_has_cyrillic_and_every_kazakh_letter() {
        let font = Font::embedded().unwrap();
        for c in "АаЯяЁё ӘәҒғҚқҢңӨөҰұҮүҺһІі №«»".chars() {
            assert!(font.has(c), "{c:?} has a glyph");
        }
        assert!(font.width("Қазақстан", 10.0) > 30.0);
    }
}
