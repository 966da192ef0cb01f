//! Sample request forms that meet each service's requirements: what the README walks through,
//! what `reglament bench` files, and what the scenario tests start from. The forms themselves are
//! defined by the regional rules (e.g. `components/akmola/src/forms.rs`).

use serde_json::{Value, json};

/// A specialist with higher education in plant protection.
fn plant_specialist() -> Value {
    json!({
        "full_name": "Иванов Иван Иванович",
        "education": "higher",
        "speciality": "plant-protection",
        "diploma_number": "ЖБ 0012345"
    })
}

/// A complete Akmola licence issue form for `service` whose declarations meet the qualification
/// requirements.
pub fn akmola_form(service: &str) -> Value {
    let premises = json!({ "area_m2": 120.5, "sanitary_conclusion": true });
    let mut form = json!({
        "applicant_name": "ТОО «Агро»",
        "activity_region": "akmola",
        "activity_address": "г. Кокшетау, ул. Абая, 1"
    });
    let specific = match service {
        "pesticide-production" => {
            json!({ "specialist": plant_specialist(), "production_site": premises, "laboratory": true })
        }
        "pesticide-sale" => json!({ "specialist": plant_specialist(), "storage": premises }),
        "pesticide-application" => json!({
            "specialist": plant_specialist(), "storage": premises,
            "methods": ["aerosol", "fumigation"], "equipment": true
        }),
        "grain-warehouse" => {
            json!({ "warehouse": { "capacity_tonnes": 5000, "owned": true }, "laboratory": true })
        }
        _ => json!({
            "specialist": {
                "full_name": "Петров Пётр Петрович",
                "education": "secondary-vocational",
                "speciality": "veterinary-medicine",
                "diploma_number": "ТКБ 0054321"
            },
            "premises": premises
        }),
    };
    if let (Some(form), Some(specific)) = (form.as_object_mut(), specific.as_object()) {
        form.extend(specific.clone());
    }
    form
}

/// The five Akmola licence services.
pub const AKMOLA_SERVICES: [&str; 5] = [
    "pesticide-production",
    "pesticide-sale",
    "pesticide-application",
    "grain-warehouse",
    "veterinary",
];
