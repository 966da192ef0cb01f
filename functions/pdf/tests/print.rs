//! Every result kind printed and read back out of the PDF file.

use reglament_core::document::{Document, ProviderKey};
use reglament_core::rules::Message;
use serde_json::{Value, json};

fn message(ru: &str, kk: &str) -> Message {
    Message {
        ru: ru.into(),
        kk: kk.into(),
        en: String::new(),
    }
}

fn document(kind: &str, content: Value) -> Document {
    let mut document = Document {
        number: "KZ-ALMATY-2013-000007".into(),
        kind: kind.into(),
        region: "almaty".into(),
        service: "emission-permit".into(),
        request_kind: "issue".into(),
        holder: "120340005678".into(),
        holder_name: Some("ТОО «Қазақ Өнім»".into()),
        provider: message(
            "Управление природных ресурсов города Алматы",
            "Алматы қаласының табиғи ресурстар басқармасы",
        ),
        act: message(
            "Постановление акимата города Алматы № 1/226",
            "Алматы қаласы әкімдігінің № 1/226 қаулысы",
        ),
        application: "app-1".into(),
        registration_number: Some("almaty-2013-000007".into()),
        issued_at: "2013-05-06T04:05:00.000Z".into(),
        refers_to: None,
        content,
        rules_digest: "d".into(),
        signature: None,
    };
    ProviderKey::generate().sign(&mut document);
    document
}

fn text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).expect("the PDF reads back")
}

#[test]
fn a_permit_prints_its_limits_table_in_both_languages() {
    let doc = document(
        "permit",
        json!({
            "title": {"ru": "Выдача разрешений на эмиссии", "kk": "Эмиссияға рұқсаттар беру", "en": "x"},
            "category": "II",
            "tables": [{
                "title": {"ru": "Лимиты выбросов", "kk": "Шығарындылар лимиттері", "en": "x"},
                "columns": [{"ru": "Год", "kk": "Жыл", "en": "Year"}, "т/год"],
                "rows": [["2014", 12.5], ["2015", "11.0"]],
            }],
        }),
    );
    let pdf = reglament_pdf::render(&doc, "http://localhost/v1/documents/KZ?holder=1").unwrap();
    let text = text(&pdf);
    for expected in [
        "РАЗРЕШЕНИЕ НА ЭМИССИИ",
        "ҚОРШАҒАН ОРТАҒА ЭМИССИЯҒА РҰҚСАТ",
        "Шығарындылар лимиттері",
        "12.5",
        "2015",
        "ТОО «Қазақ Өнім»",
        "KZ-ALMATY-2013-000007",
        "06.05.2013",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    assert_eq!(
        pdf,
        reglament_pdf::render(&doc, "http://localhost/v1/documents/KZ?holder=1").unwrap()
    );
}

#[test]
fn kazakh_letters_read_back() {
    let doc = document(
        "conclusion",
        json!({"verdict": "not-agreed", "project": "ӘҒҚҢӨҰҮҺІ әғқңөұүһі"}),
    );
    let text = text(&reglament_pdf::render(&doc, "http://x/").unwrap());
    assert!(text.contains("ӘҒҚҢӨҰҮҺІ әғқңөұүһі"), "{text}");
    assert!(text.contains("НЕ СОГЛАСОВЫВАЕТСЯ"), "{text}");
    assert!(text.contains("КЕЛІСІЛМЕЙДІ"), "{text}");
}
