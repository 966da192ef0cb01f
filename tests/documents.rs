//! Results people can hold: each result kind printed as a PDF and read back out of the file,
//! the public verification of a document (and of a tampered one), the survey, and the
//! indicators report — through the API, as a client would.
//!
//! Akmola issues licences and motivated refusals end to end; Almaty issues an emission permit
//! with its limits tables and West Kazakhstan (2013) expertise conclusions with either verdict,
//! each through the API to the holder's PDF and its public verification. The renderer's own
//! cases (every table shape, every Kazakh letter, a conclusion without its verdict) are built
//! here as the issue step builds a document, signed by a provider key.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use chrono::Duration;
use http_body_util::BodyExt;
use reglament::samples::akmola_form;
use reglament_core::account::Role;
use reglament_core::document::{self, Document, DocumentRecord, ProviderKey, document_key};
use reglament_core::identity::TaxpayerId;
use reglament_core::rules::Message;
use reglament_store::{Condition, Item, Transaction, Write};
use reglament_tests::Harness;
use reglament_tests::ecology::{
    Channel, End, Scenario, Staff, answer_ok, assert_end, bin, file, filing as ecology_filing,
    portal_token, route, run,
};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A Monday while the Akmola act was in force, 09:00 in Astana.
const MONDAY: &str = "2013-02-11T09:00:00+06:00";

/// The Kazakh letters that Russian has not.
const KAZAKH: [char; 9] = ['Ә', 'Ғ', 'Қ', 'Ң', 'Ө', 'Ұ', 'Ү', 'Һ', 'І'];

fn iin(n: u32) -> String {
    TaxpayerId::individual_for_tests(n).unwrap().to_string()
}

fn filing(applicant: &str) -> Value {
    json!({
        "region": "akmola", "service": "veterinary", "kind": "issue", "applicant": applicant,
        "form": akmola_form("veterinary"), "documents": ["application-form"],
    })
}

/// An answer's status, content type and raw body.
async fn fetch(h: &Harness, path: &str, token: Option<&str>) -> (StatusCode, String, Vec<u8>) {
    let mut request = Request::builder().method(Method::GET).uri(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = h
        .system
        .router()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .expect("router answers");
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, bytes.to_vec())
}

/// Whether `text` holds `expected`, whatever the line breaks between its words.
fn has(text: &str, expected: &str) -> bool {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    flat(text).contains(&flat(expected))
}

fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF file");
    pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text reads back")
}

/// The staff of Akmola's provider and the applicant's portal account.
struct Akmola {
    h: Harness,
    clerk: String,
}

impl Akmola {
    async fn start() -> Akmola {
        let h = Harness::start(MONDAY).await;
        let clerk = h
            .staff("clerk.akmola", "akmola", &[Role::Employee], None)
            .await;
        Akmola { h, clerk }
    }

    /// A provider-channel application of `applicant`, waiting for the staff review.
    async fn file(&self, applicant: &str) -> String {
        self.h.registry(&[applicant]).await;
        let id = self.h.file_ok(&self.clerk, filing(applicant)).await;
        let view = self.h.settle(&self.clerk, &id).await;
        assert_eq!(view["status"], "waiting", "{view}");
        id
    }

    /// The staff decide; answers the application's final view.
    async fn decide(&self, id: &str, decision: Value) -> Value {
        let (status, answer) = self
            .h
            .call(
                Method::POST,
                &format!("/v1/applications/{id}/decisions"),
                Some(&self.clerk),
                Some(decision),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
        self.h.settle(&self.clerk, id).await
    }

    async fn issued(&self, applicant: &str) -> (String, Value) {
        let id = self.file(applicant).await;
        let view = self.decide(&id, json!({"action": "approve"})).await;
        assert_eq!(view["status"], "issued", "{view}");
        (id, view)
    }

    /// Log the clerk in again (after the clock moved past the session).
    async fn relogin(&mut self) {
        self.clerk = self.h.token("clerk.akmola").await;
    }
}

#[tokio::test]
async fn the_holder_gets_the_licence_as_a_pdf_the_same_bytes_every_time() {
    let a = Akmola::start().await;
    let holder = iin(1);
    let token = a.h.applicant(&holder).await;
    let (_, view) = a.issued(&holder).await;
    let number = view["document"].as_str().expect("a document number");

    let path = format!("/v1/documents/{number}.pdf");
    let (status, kind, pdf) = fetch(&a.h, &path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(kind, "application/pdf");
    let text = pdf_text(&pdf);
    let result = &view["result"];
    for expected in [
        "ЛИЦЕНЗИЯ",
        number,
        holder.as_str(),
        result["content"]["title"]["ru"].as_str().unwrap(),
        result["content"]["title"]["kk"].as_str().unwrap(),
        result["provider"]["kk"].as_str().unwrap(),
        result["act"]["ru"].as_str().unwrap(),
        result["signature"]["key_id"].as_str().unwrap(),
        "11.02.2013",
        &format!("http://127.0.0.1:8080/v1/documents/{number}?holder={holder}"),
    ] {
        assert!(has(&text, expected), "{expected:?} in the PDF:\n{text}");
    }
    assert!(text.contains('Қ'), "Kazakh letters read back:\n{text}");

    let (_, _, again) = fetch(&a.h, &path, Some(&token)).await;
    assert_eq!(pdf, again, "the same bytes every time");

    // The provider's staff may print it too; another applicant and a stranger may not.
    let (status, _, _) = fetch(&a.h, &path, Some(&a.clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let other = a.h.applicant(&iin(2)).await;
    let (status, _, body) = fetch(&a.h, &path, Some(&other)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, _, _) = fetch(&a.h, &path, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = fetch(
        &a.h,
        "/v1/documents/KZ-AKMOLA-2013-999999.pdf",
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_motivated_refusal_prints_its_reasons_in_both_languages() {
    let a = Akmola::start().await;
    let holder = iin(3);
    let token = a.h.applicant(&holder).await;
    let id = a.file(&holder).await;
    let reason = json!({"ru": "Помещение не соответствует требованиям", "kk": "Үй-жай талаптарға сәйкес келмейді", "en": "the premises do not qualify"});
    let view = a
        .decide(&id, json!({"action": "refuse", "reasons": [reason]}))
        .await;
    assert_eq!(view["status"], "refused", "{view}");
    let number = view["document"].as_str().unwrap();
    let (status, _, pdf) = fetch(&a.h, &format!("/v1/documents/{number}.pdf"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(&pdf);
    for expected in [
        "МОТИВИРОВАННЫЙ ОТКАЗ",
        "ДӘЛЕЛДІ БАС ТАРТУ",
        "Помещение не соответствует требованиям",
        "Үй-жай талаптарға сәйкес келмейді",
        view["result"]["content"]["statement"]["ru"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
    ] {
        assert!(has(&text, expected), "{expected:?} in the PDF:\n{text}");
    }
}

/// Monday 01.07.2013, 09:00 in Almaty (UTC+6), while the Almaty and West Kazakhstan 2013 acts
/// were in force.
const ECOLOGY_MONDAY: &str = "2013-07-01T09:00:00+06:00";

/// Each verdict of a conclusion as printed: (verdict, Russian, Kazakh).
const VERDICTS: [(&str, &str, &str); 2] = [
    ("agreed", "СОГЛАСОВЫВАЕТСЯ", "КЕЛІСІЛЕДІ"),
    ("not-agreed", "НЕ СОГЛАСОВЫВАЕТСЯ", "КЕЛІСІЛМЕЙДІ"),
];

/// A conclusion's text has its heading in both languages, its project and its verdict; an agreed
/// one never reads as not agreed.
fn assert_conclusion(text: &str, project: &str, (verdict, ru, kk): (&str, &str, &str)) {
    for expected in [
        "ЗАКЛЮЧЕНИЕ ГОСУДАРСТВЕННОЙ ЭКОЛОГИЧЕСКОЙ ЭКСПЕРТИЗЫ",
        "МЕМЛЕКЕТТІК ЭКОЛОГИЯЛЫҚ САРАПТАМАНЫҢ ҚОРЫТЫНДЫСЫ",
        project,
        ru,
        kk,
    ] {
        assert!(
            has(text, expected),
            "{expected:?} in the {verdict} conclusion:\n{text}"
        );
    }
    if verdict == "agreed" {
        assert!(!has(text, "НЕ СОГЛАСОВЫВАЕТСЯ"), "{text}");
    }
}

/// The holder downloads the document as a PDF; answers its text.
async fn holders_pdf(h: &Harness, token: &str, number: &str) -> String {
    let (status, kind, pdf) = fetch(h, &format!("/v1/documents/{number}.pdf"), Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(kind, "application/pdf");
    pdf_text(&pdf)
}

/// Anyone with the holder's number verifies the document issued in `view`.
async fn verified_publicly(h: &Harness, view: &Value, holder: &str, kind: &str) {
    let number = view["document"].as_str().unwrap();
    let (status, answer) = verify(h, number, Some(holder)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["valid"], true, "{answer}");
    assert_eq!(answer["type"], kind);
    assert_eq!(answer["holder"], holder);
    assert_eq!(answer["signature"]["verified"], true, "{answer}");
    assert_eq!(answer["document"], view["result"]);
    let (status, _) = verify(h, number, Some(&bin(1))).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not without the holder's number"
    );
}

/// What every issued document of a region prints: number, holder, provider, act, title.
fn assert_header(text: &str, view: &Value, holder: &str) {
    let result = &view["result"];
    for expected in [
        view["document"].as_str().unwrap(),
        holder,
        result["holder_name"].as_str().unwrap(),
        result["provider"]["ru"].as_str().unwrap(),
        result["provider"]["kk"].as_str().unwrap(),
        result["act"]["ru"].as_str().unwrap(),
        result["content"]["title"]["ru"].as_str().unwrap(),
        result["content"]["title"]["kk"].as_str().unwrap(),
        "01.07.2013",
    ] {
        assert!(has(text, expected), "{expected:?} in the PDF:\n{text}");
    }
}

#[tokio::test]
async fn an_almaty_permit_prints_the_limits_its_request_gave() {
    let h = Harness::start(ECOLOGY_MONDAY).await;
    let staff = Staff::of(&h, "almaty").await;
    let holder = bin(700);
    let documents = ["application", "emission-standards"];
    let mut body = ecology_filing(
        "almaty",
        "emission-permit",
        "issue",
        &holder,
        "IV",
        &documents,
    );

    // Limits the permit form has not, or a year that is no year, are refused at the door.
    body["form"]["limits"] = json!({"noise": {"2014": 1}, "emissions": {"14": 2}});
    let (status, refused) = h.file(&staff.employee, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    for field in ["limits.noise", "limits.emissions.14"] {
        assert!(refused.to_string().contains(field), "{field}: {refused}");
    }

    body["form"]["limits"] = json!({
        "emissions": {"2014": 14.25, "2015": 13.5, "2016": 12.75},
        "waste": {"2014": 310},
    });
    let (token, id) = file(&h, &staff, Channel::Portal, body, true).await;
    assert_eq!(h.settle(&token, &id).await["status"], "waiting");
    answer_ok(&h, &staff.employee, &id, "approve", &[]).await;
    let view = h.settle(&token, &id).await;
    assert_end(
        &view,
        "issued",
        &route(Channel::Portal),
        None,
        Some("permit"),
        None,
    );
    let tables = &view["result"]["content"]["tables"];
    assert_eq!(
        tables[0]["rows"],
        json!([["2014", 14.25], ["2015", 13.5], ["2016", 12.75]])
    );

    let text = holders_pdf(&h, &token, view["document"].as_str().unwrap()).await;
    assert_header(&text, &view, &holder);
    for expected in [
        "РАЗРЕШЕНИЕ НА ЭМИССИИ В ОКРУЖАЮЩУЮ СРЕДУ",
        "ҚОРШАҒАН ОРТАҒА ЭМИССИЯҒА РҰҚСАТ",
        "Котельная №2",
        "Лимиты выбросов загрязняющих веществ (приложение 1)",
        "Ластаушы заттардың шығарындылары (1-қосымша)",
        "Лимиты на размещение отходов производства и потребления (приложение 3)",
        "Өндіріс және тұтыныс қалдықтарын орналастыру (3-қосымша)",
        "Аспайтын көлемі, тонна",
        "14.25",
        "13.5",
        "12.75",
        "2016",
        "310",
    ] {
        assert!(has(&text, expected), "{expected:?} in the permit:\n{text}");
    }
    assert!(
        !has(&text, "приложение 2"),
        "no discharge limits were given:\n{text}"
    );
    verified_publicly(&h, &view, &holder, "permit").await;
}

#[tokio::test]
async fn west_kazakhstan_conclusions_print_their_verdicts() {
    let h = Harness::start(ECOLOGY_MONDAY).await;
    let staff = Staff::of(&h, "west-kazakhstan").await;
    for (i, verdict) in VERDICTS.into_iter().enumerate() {
        let n = 710 + i as u32;
        let scenario = Scenario {
            region: "west-kazakhstan",
            service: "ecological-expertise",
            kind: "issue",
            category: "II",
            channel: Channel::Portal,
            documents: vec!["application"],
            end: End::Conclusion(verdict.0),
        };
        let view = run(&h, &staff, &scenario, n).await;
        let holder = bin(n);
        let token = portal_token(&h, &holder).await;
        let text = holders_pdf(&h, &token, view["document"].as_str().unwrap()).await;
        assert_header(&text, &view, &holder);
        assert_conclusion(&text, "Реконструкция котельной", verdict);
        assert!(has(&text, "№ 72"), "the act of 2013:\n{text}");
        verified_publicly(&h, &view, &holder, "conclusion").await;
    }
}

fn message(ru: &str, kk: &str) -> Message {
    Message {
        ru: ru.into(),
        kk: kk.into(),
        en: String::new(),
    }
}

/// A document as the issue step forms it for a region whose component issues permits and
/// conclusions, signed by that provider's key.
fn ecology_document(kind: &str, number: &str, content: Value, key: &ProviderKey) -> Document {
    let mut document = Document {
        number: number.into(),
        kind: kind.into(),
        region: "west-kazakhstan".into(),
        service: if kind == "permit" {
            "emission-permit".into()
        } else {
            "ecological-expertise".into()
        },
        request_kind: if kind == "permit" { "issue" } else { "main" }.into(),
        holder: TaxpayerId::legal_entity_for_tests(7).unwrap().to_string(),
        holder_name: Some("ТОО «Жайық Өңдеу»".into()),
        provider: message(
            "Управление природных ресурсов Западно-Казахстанской области",
            "Батыс Қазақстан облысының табиғи ресурстар басқармасы",
        ),
        act: message(
            "Постановление акимата Западно-Казахстанской области № 263",
            "Батыс Қазақстан облысы әкімдігінің № 263 қаулысы",
        ),
        application: "app-ecology".into(),
        registration_number: Some("west-kazakhstan-2016-000012".into()),
        issued_at: "2016-03-14T05:30:00.000Z".into(),
        refers_to: None,
        content,
        rules_digest: "0".repeat(64),
        signature: None,
    };
    key.sign(&mut document);
    document
}

#[test]
fn a_permit_prints_its_limits_tables_and_a_conclusion_its_verdict() {
    let key = ProviderKey::generate();
    let permit = ecology_document(
        "permit",
        "KZ-WEST-KAZAKHSTAN-2016-000012",
        json!({
            "type": "permit",
            "title": {"ru": "Выдача разрешений на эмиссии в окружающую среду для объектов II, III и IV категорий",
                      "kk": "II, III және IV санаттағы объектілер үшін қоршаған ортаға эмиссияға рұқсат беру", "en": "-"},
            "category": "II",
            "object": "Өңдеу цехы № 2",
            "valid_from": "2016", "valid_until": "2020",
            "tables": [
                {"title": {"ru": "Лимиты выбросов загрязняющих веществ, тонн", "kk": "Ластаушы заттар шығарындыларының лимиттері, тонна", "en": "-"},
                 "columns": [{"ru": "Год", "kk": "Жыл", "en": "Year"}, {"ru": "Выбросы", "kk": "Шығарындылар", "en": "-"}],
                 "rows": [["2016", 14.25], ["2017", 13.5]]},
                {"title": {"ru": "Лимиты размещения отходов, тонн", "kk": "Қалдықтарды орналастыру лимиттері, тонна", "en": "-"},
                 "columns": ["Год / Жыл", "Отходы / Қалдықтар"],
                 "rows": [["2016", "310"]]},
            ],
        }),
        &key,
    );
    let url =
        reglament_pdf::verification_url("https://e.example.kz/", &permit.number, &permit.holder);
    let pdf = reglament_pdf::render(&permit, &url).unwrap();
    assert_eq!(
        pdf,
        reglament_pdf::render(&permit, &url).unwrap(),
        "same bytes"
    );
    let text = pdf_text(&pdf);
    for expected in [
        "РАЗРЕШЕНИЕ НА ЭМИССИИ В ОКРУЖАЮЩУЮ СРЕДУ",
        "ҚОРШАҒАН ОРТАҒА ЭМИССИЯҒА РҰҚСАТ",
        "Ластаушы заттар шығарындыларының лимиттері, тонна",
        "Қалдықтарды орналастыру лимиттері, тонна",
        "14.25",
        "13.5",
        "310",
        "Өңдеу цехы № 2",
        "ТОО «Жайық Өңдеу»",
        "KZ-WEST-KAZAKHSTAN-2016-000012",
        "14.03.2016",
    ] {
        assert!(has(&text, expected), "{expected:?} in the permit:\n{text}");
    }

    for (verdict, ru, kk) in VERDICTS {
        let conclusion = ecology_document(
            "conclusion",
            "KZ-WEST-KAZAKHSTAN-2016-000013",
            json!({
                "type": "conclusion",
                "title": {"ru": "Выдача заключений государственной экологической экспертизы", "kk": "Мемлекеттік экологиялық сараптама қорытындыларын беру", "en": "-"},
                "project": "Қоқыс полигонын кеңейту жобасы",
                "verdict": verdict,
            }),
            &key,
        );
        let text = pdf_text(&reglament_pdf::render(&conclusion, &url).unwrap());
        assert_conclusion(&text, "Қоқыс полигонын кеңейту жобасы", (verdict, ru, kk));
    }

    // Every Kazakh letter, capital and small, survives the round trip.
    let letters: String = KAZAKH.iter().collect();
    let small = letters.to_lowercase();
    let alphabet = ecology_document(
        "conclusion",
        "KZ-WEST-KAZAKHSTAN-2016-000014",
        json!({"verdict": "agreed", "project": format!("{letters} {small}")}),
        &key,
    );
    let text = pdf_text(&reglament_pdf::render(&alphabet, &url).unwrap());
    assert!(text.contains(&format!("{letters} {small}")), "{text}");

    // A conclusion without its verdict is not printed as if it had one.
    let mut undecided = alphabet.clone();
    undecided.content = json!({"project": "x"});
    assert!(reglament_pdf::render(&undecided, &url).is_err());
}

#[test]
fn a_changed_byte_of_a_document_fails_its_signature() {
    let key = ProviderKey::generate();
    let permit = ecology_document(
        "permit",
        "KZ-WEST-KAZAKHSTAN-2016-000015",
        json!({"tables": [{"title": "Лимиты", "columns": ["Год"], "rows": [["2016"]]}]}),
        &key,
    );
    assert_eq!(document::verify(&permit, &key.verifying_key()), Ok(()));
    let json = serde_json::to_vec(&permit).unwrap();
    let at = json
        .windows(4)
        .position(|w| w == b"2016")
        .expect("the year is in the document");
    let mut changed = json.clone();
    changed[at + 3] = b'7';
    let changed: Document = serde_json::from_slice(&changed).unwrap();
    assert_eq!(
        document::verify(&changed, &key.verifying_key()),
        Err(document::DocumentError::Mismatch)
    );
}

async fn verify(h: &Harness, number: &str, holder: Option<&str>) -> (StatusCode, Value) {
    let path = match holder {
        Some(holder) => format!("/v1/documents/{number}?holder={holder}"),
        None => format!("/v1/documents/{number}"),
    };
    h.call(Method::GET, &path, None, None).await
}

#[tokio::test]
async fn anyone_with_the_holders_number_verifies_a_document_and_a_tampered_one_fails() {
    let a = Akmola::start().await;
    let holder = iin(4);
    let (_, view) = a.issued(&holder).await;
    let number = view["document"].as_str().unwrap();

    let (status, answer) = verify(&a.h, number, Some(&holder)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["valid"], true, "{answer}");
    assert_eq!(answer["status"], "valid");
    assert_eq!(answer["type"], "licence");
    assert_eq!(answer["holder"], holder.as_str());
    assert_eq!(answer["service"], "veterinary");
    assert_eq!(answer["signature"]["verified"], true);
    assert_eq!(answer["signature"]["algorithm"], "Ed25519");
    assert_eq!(answer["document"], view["result"]);

    // Nothing without the matching holder: a wrong holder and an unknown number answer alike.
    let stranger = iin(5);
    let (wrong_status, wrong) = verify(&a.h, number, Some(&stranger)).await;
    let (unknown_status, unknown) = verify(&a.h, "KZ-AKMOLA-2013-999999", Some(&stranger)).await;
    assert_eq!(wrong_status, StatusCode::NOT_FOUND);
    assert_eq!(unknown_status, StatusCode::NOT_FOUND);
    assert_eq!(
        wrong.to_string().replace(number, "N"),
        unknown.to_string().replace("KZ-AKMOLA-2013-999999", "N")
    );
    for secret in ["licence", "veterinary", holder.as_str(), "akmola"] {
        assert!(
            !wrong.to_string().contains(secret),
            "{secret} revealed: {wrong}"
        );
    }
    let (status, missing) = verify(&a.h, number, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(missing["error"]["field"], "holder");
    let (status, malformed) = verify(&a.h, number, Some("123")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(malformed["error"]["field"], "holder");

    // One character of the stored document changed: the signature no longer holds.
    let store = a.h.system.ctx.store.clone();
    let mut record: DocumentRecord = store
        .get(&document_key(number))
        .await
        .unwrap()
        .unwrap()
        .to_value()
        .unwrap();
    let place = record.document.content["place_of_activity"]
        .as_str()
        .expect("the licence names its place")
        .replacen('1', "7", 1);
    record.document.content["place_of_activity"] = json!(place);
    store
        .transact(Transaction::new(vec![Write::Put {
            item: Item::from_value(document_key(number), &record).unwrap(),
            condition: Condition::Exists,
        }]))
        .await
        .unwrap();
    let (status, answer) = verify(&a.h, number, Some(&holder)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["valid"], false, "{answer}");
    assert_eq!(answer["signature"]["verified"], false);
    assert!(
        answer["signature"]["problem"]
            .as_str()
            .unwrap()
            .contains("changed after signing"),
        "{answer}"
    );
}

async fn survey(h: &Harness, token: &str, id: &str, body: Value) -> (StatusCode, Value) {
    h.call(
        Method::POST,
        &format!("/v1/applications/{id}/survey"),
        Some(token),
        Some(body),
    )
    .await
}

async fn survey_view(h: &Harness, token: &str, id: &str) -> (StatusCode, Value) {
    h.call(
        Method::GET,
        &format!("/v1/applications/{id}/survey"),
        Some(token),
        None,
    )
    .await
}

#[tokio::test]
async fn the_applicant_answers_the_survey_once_after_the_result() {
    let a = Akmola::start().await;
    let holder = iin(6);
    let token = a.h.applicant(&holder).await;
    let id = a.file(&holder).await;
    let answers = json!({"process_and_result": "satisfied", "information": "partially-satisfied"});

    let (status, body) = survey(&a.h, &token, &id, answers.clone()).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "not before the result: {body}"
    );
    assert_eq!(body["error"]["code"], "not-finished");

    a.decide(&id, json!({"action": "approve"})).await;
    let (status, questions) = survey_view(&a.h, &token, &id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(questions["open"], true);
    assert!(
        questions["questions"][0]["text"]["ru"]
            .as_str()
            .unwrap()
            .contains("качеством процесса и результатом")
    );
    assert!(
        questions["questions"][1]["text"]["kk"]
            .as_str()
            .unwrap()
            .contains("тәртібі туралы ақпараттың")
    );

    for (bad, field) in [
        (
            json!({"process_and_result": "great", "information": "satisfied"}),
            "process_and_result",
        ),
        (json!({"process_and_result": "satisfied"}), "information"),
        (
            json!({"process_and_result": "satisfied", "information": "satisfied", "speed": "ok"}),
            "speed",
        ),
    ] {
        let (status, body) = survey(&a.h, &token, &id, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["field"], field, "{body}");
    }
    let (status, body) = survey(&a.h, &a.clerk, &id, answers.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "staff do not answer: {body}");
    let other = a.h.applicant(&iin(7)).await;
    let (status, _) = survey(&a.h, &other, &id, answers.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = survey(&a.h, &token, &id, answers.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["process_and_result"], "satisfied");
    let (status, body) = survey(&a.h, &token, &id, answers).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "survey-answered");
    let (_, questions) = survey_view(&a.h, &token, &id).await;
    assert_eq!(questions["open"], false);
    assert_eq!(questions["answered"]["information"], "partially-satisfied");
}

fn share(report: &Value, path: &[&str]) -> (u64, Option<f64>) {
    let mut at = report;
    for key in path {
        at = &at[*key];
    }
    (at["count"].as_u64().unwrap(), at["share"].as_f64())
}

#[tokio::test]
async fn the_indicators_count_answers_and_finishes_within_term() {
    let mut a = Akmola::start().await;
    // Two licences issued the same day, well within the 15 working days.
    let mut tokens = Vec::new();
    let mut ids = Vec::new();
    for n in 10..12 {
        let holder = iin(n);
        tokens.push(a.h.applicant(&holder).await);
        ids.push(a.issued(&holder).await.0);
    }
    // A third ends before registration: it has no term.
    let early = iin(13);
    let early_token = a.h.applicant(&early).await;
    let mut body = filing(&iin(14));
    Harness::sign(&mut body, &a.h.person(&iin(14)));
    let early_id = a.h.file_ok(&early_token, body).await;
    assert_eq!(
        a.h.settle(&early_token, &early_id).await["status"],
        "refused"
    );
    // A fourth is refused after its term ran out (six weeks of review).
    let late = iin(12);
    tokens.push(a.h.applicant(&late).await);
    let late_id = a.file(&late).await;
    a.h.clock.advance(Duration::days(42));
    a.relogin().await;
    for (i, n) in (10..13).enumerate() {
        tokens[i] = a.h.token(&iin(n)).await;
    }
    let early_token = a.h.token(&early).await;
    let view = a
        .decide(&late_id, json!({"action": "refuse", "reasons": [{"ru": "Нет диплома", "kk": "Диплом жоқ", "en": "no diploma"}]}))
        .await;
    assert_eq!(view["status"], "refused");
    ids.push(late_id);

    for (token, id, first, second) in [
        (&tokens[0], &ids[0], "satisfied", "not-satisfied"),
        (&tokens[1], &ids[1], "partially-satisfied", "not-satisfied"),
        (&tokens[2], &ids[2], "not-satisfied", "not-satisfied"),
        (&early_token, &early_id, "satisfied", "satisfied"),
    ] {
        let (status, body) = survey(
            &a.h,
            token,
            id,
            json!({"process_and_result": first, "information": second}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }

    let head =
        a.h.staff("head.akmola", "akmola", &[Role::Head], None)
            .await;
    let (status, report) =
        a.h.call(
            Method::GET,
            "/v1/reports/indicators?region=akmola&service=veterinary",
            Some(&head),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let vet = &report["services"][0];
    assert_eq!(vet["service"], "veterinary");
    assert_eq!(vet["finished"], 4, "{vet}");
    assert_eq!(vet["with_term"], 3);
    assert_eq!(share(vet, &["within_term"]), (2, Some(2.0 / 3.0)));
    assert_eq!(vet["surveys"], 4);
    assert_eq!(
        share(vet, &["process_and_result", "satisfied"]),
        (2, Some(0.5))
    );
    assert_eq!(
        share(vet, &["process_and_result", "partially-satisfied"]),
        (1, Some(0.25))
    );
    assert_eq!(
        share(vet, &["process_and_result", "not-satisfied"]),
        (1, Some(0.25))
    );
    assert_eq!(
        share(vet, &["information", "not-satisfied"]),
        (3, Some(0.75))
    );
    assert_eq!(share(vet, &["information", "satisfied"]), (1, Some(0.25)));

    // The period is of finish dates: up to the first day holds the three early finishes.
    let (_, first_day) =
        a.h.call(
            Method::GET,
            "/v1/reports/indicators?region=akmola&service=veterinary&from=2013-02-11&to=2013-02-11",
            Some(&head),
            None,
        )
        .await;
    let vet = &first_day["services"][0];
    assert_eq!(vet["finished"], 3, "{first_day}");
    assert_eq!(share(vet, &["within_term"]), (2, Some(1.0)));
    assert_eq!(vet["surveys"], 3);

    // Every Akmola service is listed without `service`; the empty ones have no shares.
    let (_, all) =
        a.h.call(
            Method::GET,
            "/v1/reports/indicators?region=akmola",
            Some(&head),
            None,
        )
        .await;
    let services = all["services"].as_array().unwrap();
    assert_eq!(services.len(), 5, "{all}");
    let grain = services
        .iter()
        .find(|s| s["service"] == "grain-warehouse")
        .unwrap();
    assert_eq!(grain["finished"], 0);
    assert_eq!(share(grain, &["within_term"]), (0, None));

    // Who may read it, and bad input named.
    let admin = a.h.staff("admin", "akmola", &[Role::Admin], None).await;
    let head_elsewhere =
        a.h.staff("head.almaty", "almaty", &[Role::Head], None)
            .await;
    for (token, expected) in [
        (&admin, StatusCode::OK),
        (&a.clerk, StatusCode::FORBIDDEN),
        (&head_elsewhere, StatusCode::FORBIDDEN),
        (&tokens[0], StatusCode::FORBIDDEN),
    ] {
        let (status, body) =
            a.h.call(
                Method::GET,
                "/v1/reports/indicators?region=akmola",
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, expected, "{body}");
    }
    for (query, status, field) in [
        ("", StatusCode::BAD_REQUEST, "region"),
        (
            "region=akmola&service=emission-permit",
            StatusCode::UNPROCESSABLE_ENTITY,
            "service",
        ),
        (
            "region=akmola&from=11.02.2013",
            StatusCode::UNPROCESSABLE_ENTITY,
            "from",
        ),
        (
            "region=akmola&from=2013-03-01&to=2013-02-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "from",
        ),
    ] {
        let (got, body) =
            a.h.call(
                Method::GET,
                &format!("/v1/reports/indicators?{query}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(got, status, "{query}: {body}");
        assert_eq!(body["error"]["field"], field, "{query}: {body}");
    }
}
