//! Laying text out on A4 pages: lines wrapped at word boundaries by the font's real glyph
//! widths, tables as grids, new pages when one is full. The result is a list of drawing
//! operations per page, which [`crate::write`] turns into PDF.

use crate::font::Font;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN: f32 = 50.0;

/// One drawing operation on a page (PDF coordinates: origin bottom left, points).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text with its baseline starting at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    /// A filled black rectangle.
    Fill { x: f32, y: f32, w: f32, h: f32 },
    /// A rectangle's outline.
    Frame { x: f32, y: f32, w: f32, h: f32 },
}

/// The operations of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

/// A cursor running down the pages.
#[derive(Debug)]
pub struct Layout<'f> {
    font: &'f Font,
    pages: Vec<Page>,
    /// The top of the next line.
    y: f32,
}

impl<'f> Layout<'f> {
    pub fn new(font: &'f Font) -> Layout<'f> {
        Layout {
            font,
            pages: vec![Page::default()],
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    /// The width text may take.
    pub fn text_width() -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN
    }

    /// Room left on the current page.
    pub fn room(&self) -> f32 {
        self.y - MARGIN
    }

    /// The top of the next line on the current page.
    pub fn cursor(&self) -> f32 {
        self.y
    }

    pub fn font(&self) -> &'f Font {
        self.font
    }

    /// Start a new page unless `height` fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.room() < height {
            self.pages.push(Page::default());
            self.y = PAGE_HEIGHT - MARGIN;
        }
    }

    /// Vertical space.
    pub fn gap(&mut self, height: f32) {
        self.y -= height;
    }

    /// Add an operation to the current page; a character the font cannot draw prints as `?`.
    pub fn push(&mut self, mut op: Op) {
        if let Op::Text { text, .. } = &mut op
            && text.chars().any(|c| !self.font.has(c))
        {
            *text = text
                .chars()
                .map(|c| if self.font.has(c) { c } else { '?' })
                .collect();
        }
        if let Some(page) = self.pages.last_mut() {
            page.ops.push(op);
        }
    }

    /// A paragraph at `indent` from the left margin, wrapped to the text width.
    pub fn paragraph(&mut self, text: &str, size: f32, indent: f32) {
        self.paragraph_in(text, size, indent, Self::text_width() - indent);
    }

    /// A paragraph at `indent` from the left margin, wrapped to `width`.
    pub fn paragraph_in(&mut self, text: &str, size: f32, indent: f32, width: f32) {
        for line in wrap(self.font, text, size, width) {
            self.line(&line, size, MARGIN + indent);
        }
    }

    /// A paragraph centred on the page.
    pub fn centred(&mut self, text: &str, size: f32) {
        for line in wrap(self.font, text, size, Self::text_width()) {
            let x = (PAGE_WIDTH - self.font.width(&line, size)) / 2.0;
            self.line(&line, size, x);
        }
    }

    /// One line of text at `x`, on a new page if this one is full.
    fn line(&mut self, text: &str, size: f32, x: f32) {
        let leading = size * 1.35;
        self.ensure(leading);
        self.y -= leading;
        self.push(Op::Text {
            x,
            y: self.y + size * 0.3,
            size,
            text: text.to_owned(),
        });
    }

    /// A table as a grid with a header row; cells wrap; a row never splits across pages, and
    /// the header repeats on every page the table runs onto.
    pub fn table(&mut self, header: &[String], rows: &[Vec<String>], size: f32) {
        if header.is_empty() {
            return;
        }
        let column = Self::text_width() / header.len() as f32;
        let pad = 3.0;
        let leading = size * 1.3;
        let cells = |row: &[String]| -> Vec<Vec<String>> {
            row.iter()
                .map(|cell| wrap(self.font, cell, size, column - 2.0 * pad))
                .collect()
        };
        let height = |wrapped: &[Vec<String>]| {
            wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * leading + 2.0 * pad
        };
        let head = cells(header);
        let head_height = height(&head);
        let mut first = true;
        for row in rows {
            let body = cells(row);
            let body_height = height(&body);
            if first || self.room() < body_height {
                self.ensure(head_height + body_height);
                self.grid_row(&head, head_height, column, pad, leading, size);
                first = false;
            }
            self.grid_row(&body, body_height, column, pad, leading, size);
        }
        if rows.is_empty() {
            self.ensure(head_height);
            self.grid_row(&head, head_height, column, pad, leading, size);
        }
    }

    fn grid_row(
        &mut self,
        cells: &[Vec<String>],
        height: f32,
        column: f32,
        pad: f32,
        leading: f32,
        size: f32,
    ) {
        let top = self.y;
        for (i, lines) in cells.iter().enumerate() {
            let x = MARGIN + i as f32 * column;
            self.push(Op::Frame {
                x,
                y: top - height,
                w: column,
                h: height,
            });
            for (n, line) in lines.iter().enumerate() {
                self.push(Op::Text {
                    x: x + pad,
                    y: top - pad - (n as f32 + 1.0) * leading + size * 0.3,
                    size,
                    text: line.clone(),
                });
            }
        }
        self.y = top - height;
    }

    pub fn finish(self) -> Vec<Page> {
        self.pages
    }
}

/// Break a text into lines no wider than `width` at `size`: at spaces where possible, inside a
/// word when the word alone is too wide. Line breaks in the text are kept.
pub fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if font.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if font.width(&line, size) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_within_the_width_and_keep_every_word() {
        let font = Font::embedded().unwrap();
        let text = "Выдача лицензии на осуществление деятельности по производству пестицидов \
                    Пестицидтерді өндіру жөніндегі қызметті жүзеге асыруға лицензия беру";
        let lines = wrap(font, text, 10.0, 150.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(font.width(line, 10.0) <= 150.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_long_table_runs_onto_a_second_page() {
        let font = Font::embedded().unwrap();
        let mut layout = Layout::new(font);
        let rows: Vec<Vec<String>> = (0..80)
            .map(|i| vec![format!("{}", 2014 + i), format!("{i}.5")])
            .collect();
        layout.table(&["Год / Жыл".into(), "тонн / тонна".into()], &rows, 9.0);
        let pages = layout.finish();
        assert!(pages.len() >= 2);
        let header_on = |page: &Page| {
            page.ops
                .iter()
                .any(|op| matches!(op, Op::Text { text, .. } if text == "Год / Жыл"))
        };
        assert!(pages.iter().all(header_on), "the header repeats");
    }
}
