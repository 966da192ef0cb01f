//! The QR code on a document: the public verification URL, drawn as black squares.

use qrcode::{Color, EcLevel, QrCode};

use crate::PdfError;
use crate::layout::Op;

/// The squares of a QR code of `data`, `side` points wide, with its bottom left corner at
/// (x, y). Dark modules of a row that touch are drawn as one rectangle.
pub fn squares(data: &str, x: f32, y: f32, side: f32) -> Result<Vec<Op>, PdfError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    let width = code.width();
    let module = side / width as f32;
    let colors = code.to_colors();
    let mut ops = Vec::new();
    for (row, line) in colors.chunks(width).enumerate() {
        let top = y + side - row as f32 * module;
        let mut column = 0;
        while column < width {
            if line[column] != Color::Dark {
                column += 1;
                continue;
            }
            let start = column;
            while column < width && line[column] == Color::Dark {
                column += 1;
            }
            ops.push(Op::Fill {
                x: x + start as f32 * module,
                y: top - module,
                w: (column - start) as f32 * module,
                h: module,
            });
        }
    }
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_becomes_squares_inside_its_box() {
        let ops = squares(
            "http://127.0.0.1:8080/v1/documents/KZ-AKMOLA-2013-000001?holder=870412300416",
            10.0,
            20.0,
            90.0,
        )
        .unwrap();
        assert!(ops.len() > 50);
        for op in ops {
            let Op::Fill { x, y, w, h } = op else {
                panic!("only squares")
            };
            assert!(x >= 10.0 && y >= 19.99 && x + w <= 100.01 && y + h <= 110.01);
        }
    }
}
