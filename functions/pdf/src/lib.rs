//! Result documents people can hold: the licence, permit, ecological expertise conclusion or
//! motivated refusal, printed from the stored signed [`Document`] as a PDF.
//!
//! - [`model`]: one printed form for every result kind, read from the document and the rules'
//!   rendered content;
//! - [`labels`]: the host's wording (headings, labels) in Russian and Kazakh;
//! - [`font`]: the embedded DejaVu Sans (Cyrillic and the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І);
//! - [`layout`], [`compose`]: lines and tables on A4 pages; [`qr`]: the verification QR code;
//! - [`write`]: the PDF file, the font subset embedded with a ToUnicode map.
//!
//! The same document and URL always give the same bytes: nothing depends on the clock or on
//! chance.

pub mod compose;
pub mod font;
pub mod labels;
pub mod layout;
pub mod model;
pub mod qr;
pub mod write;

use reglament_core::document::Document;
use tracing::instrument;

pub use model::{ModelError, ResultDocument, ResultKind, Verdict};

/// Why a document could not be printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("font: {0}")]
    Font(String),
    #[error("QR code: {0}")]
    Qr(String),
}

/// The public address where anyone holding the holder's IIN/BIN checks the document:
/// `<base>/v1/documents/<number>?holder=<IIN/BIN>`.
pub fn verification_url(base: &str, number: &str, holder: &str) -> String {
    format!(
        "{}/v1/documents/{number}?holder={holder}",
        base.trim_end_matches('/')
    )
}

/// The PDF of a stored document, its QR code pointing at `verification_url`.
#[instrument(skip_all, fields(document = %document.number))]
pub fn render(document: &Document, verification_url: &str) -> Result<Vec<u8>, PdfError> {
    let printed = ResultDocument::from_document(document)?;
    let font = font::Font::embedded()?;
    let pages = compose::pages(&printed, font, verification_url)?;
    write::pdf(&pages, font, &printed.number)
}
