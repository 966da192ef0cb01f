//! A result document laid out on its pages: provider, heading, number and date, the holder and
//! the rest of the header, the rules' lines, the verdict or the refusal's reasons, the tables,
//! and at the end the signature block beside the verification QR code.

use crate::PdfError;
use crate::font::Font;
use crate::labels::{self, Label};
use crate::layout::{Layout, MARGIN, Op, PAGE_WIDTH, Page};
use crate::model::{Bilingual, ResultDocument};
use crate::qr;

const BODY: f32 = 10.0;
const SMALL: f32 = 8.0;
const QR_SIDE: f32 = 96.0;

/// The pages of a document whose QR code points at `verification_url`.
pub fn pages(
    document: &ResultDocument,
    font: &Font,
    verification_url: &str,
) -> Result<Vec<Page>, PdfError> {
    let mut l = Layout::new(font);
    for line in document.provider.lines() {
        l.centred(&line, BODY);
    }
    l.gap(14.0);
    for line in document.kind.heading().lines() {
        l.centred(&line, 15.0);
    }
    if let Some(title) = &document.title {
        l.gap(4.0);
        for line in title.lines() {
            l.centred(&line, 11.0);
        }
    }
    l.gap(12.0);
    row(
        &mut l,
        &labels::NUMBER.bilingual(),
        std::slice::from_ref(&document.number),
    );
    row(
        &mut l,
        &labels::ISSUED.bilingual(),
        std::slice::from_ref(&document.issued),
    );
    for field in document.header.iter().chain(&document.fields) {
        row(&mut l, &field.label, &field.value);
    }
    if let Some(verdict) = document.verdict {
        l.gap(4.0);
        label(&mut l, &labels::VERDICT.bilingual());
        for line in verdict.text().lines() {
            l.paragraph(&line.to_uppercase(), 12.0, 14.0);
        }
    }
    if let Some(statement) = &document.statement {
        l.gap(6.0);
        for line in statement.lines() {
            l.paragraph(&line, BODY, 0.0);
        }
    }
    if !document.reasons.is_empty() {
        l.gap(4.0);
        label(&mut l, &labels::REASONS.bilingual());
        for (n, reason) in document.reasons.iter().enumerate() {
            l.paragraph(&format!("{}. {}", n + 1, reason.ru), BODY, 14.0);
            if reason.kk != reason.ru {
                l.paragraph(&reason.kk, BODY, 26.0);
            }
        }
    }
    for table in &document.tables {
        l.gap(10.0);
        for line in table.title.lines() {
            l.paragraph(&line, BODY, 0.0);
        }
        l.gap(2.0);
        let header: Vec<String> = table.columns.iter().map(Bilingual::joined).collect();
        l.table(&header, &table.rows, SMALL);
    }
    signature_block(&mut l, document, verification_url)?;
    Ok(l.finish())
}

/// A label line in small type: "Русский / Қазақша".
fn label(l: &mut Layout<'_>, label: &Bilingual) {
    l.paragraph(&format!("{}:", label.joined()), SMALL, 0.0);
}

/// A labelled line: the label, then the value's lines indented.
fn row(l: &mut Layout<'_>, name: &Bilingual, value: &[String]) {
    l.ensure(SMALL * 1.35 + BODY * 1.35);
    label(l, name);
    for line in value {
        l.paragraph(line, BODY, 14.0);
    }
    l.gap(2.0);
}

/// Who signed, with what key, over which content; the QR code of the verification URL at the
/// right.
fn signature_block(
    l: &mut Layout<'_>,
    document: &ResultDocument,
    verification_url: &str,
) -> Result<(), PdfError> {
    l.gap(16.0);
    l.ensure(QR_SIDE + 8.0);
    let top = l.cursor();
    let left = Layout::text_width() - QR_SIDE - 14.0;
    let line = |l: &mut Layout<'_>, text: &str| l.paragraph_in(text, SMALL, 0.0, left);
    if let Some(signer) = &document.signer {
        line(l, labels::SIGNED.ru);
        line(l, labels::SIGNED.kk);
        line(l, &signer.provider.ru);
        line(l, &signer.provider.kk);
        line(
            l,
            &format!(
                "{}: {} {}",
                key_label(&labels::KEY),
                signer.algorithm,
                signer.key_id
            ),
        );
    }
    line(l, &format!("{}:", key_label(&labels::CONTENT_HASH)));
    line(l, &document.content_hash);
    line(l, &format!("{}:", key_label(&labels::VERIFY)));
    line(l, verification_url);
    for op in qr::squares(
        verification_url,
        PAGE_WIDTH - MARGIN - QR_SIDE,
        top - QR_SIDE,
        QR_SIDE,
    )? {
        l.push(op);
    }
    let bottom = top - QR_SIDE;
    if l.cursor() > bottom {
        l.gap(l.cursor() - bottom);
    }
    l.push(Op::Frame {
        x: PAGE_WIDTH - MARGIN - QR_SIDE - 4.0,
        y: bottom - 4.0,
        w: QR_SIDE + 8.0,
        h: QR_SIDE + 8.0,
    });
    Ok(())
}

fn key_label(label: &Label) -> String {
    format!("{} / {}", label.ru, label.kk)
}
