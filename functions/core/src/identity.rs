//! IIN and BIN: the twelve-digit national identification numbers of Kazakhstan.
//!
//! Every person has an **IIN** (individual identification number) and every legal entity, branch,
//! representative office and individual entrepreneur in joint entrepreneurship has a **BIN**
//! (business identification number). Both are kept in the national registers of identification
//! numbers (Law of the Republic of Kazakhstan of 12 January 2007 No. 223-III "On national registers
//! of identification numbers"; Rules for forming the identification number, Government resolution
//! of 22 May 2007 No. 406). Their layouts, digit positions counted from 1:
//!
//! | positions | IIN                                              | BIN                                             |
//! |-----------|--------------------------------------------------|-------------------------------------------------|
//! | 1–6       | birth date `YYMMDD`                              | 1–2 year, 3–4 month of registration (`YYMM`)    |
//! | 5         | (part of the birth date: first digit of the day) | kind: 4 resident legal entity, 5 non-resident legal entity, 6 individual entrepreneur in joint entrepreneurship |
//! | 6         | (last digit of the day)                          | unit: 0 head office, 1 branch, 2 representative office, 3 peasant farm in joint entrepreneurship |
//! | 7         | century of birth and sex: 1/2 male/female born 1800–1899, 3/4 born 1900–1999, 5/6 born 2000–2099 | serial (first digit) |
//! | 8–11      | serial                                           | serial (7–11)                                   |
//! | 12        | check digit                                      | check digit                                     |
//!
//! The check digit ([`check_digit`]): the weighted sum of the first eleven digits with weights
//! 1, 2, …, 11, modulo 11. If that is 10, a second sum with weights 3, 4, …, 11, 1, 2, modulo 11.
//! If that is 10 again, no number with these eleven digits exists (such numbers are never issued).
//!
//! The two layouts cannot be confused: an IIN's fifth digit is the tens of a day of the month
//! (0–3), a BIN's is 4–6. A number that fits neither is refused at the door (DECISIONS 13).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::rules::ApplicantKind;

/// How many digits an IIN or a BIN has.
pub const ID_LENGTH: usize = 12;

const FIRST_WEIGHTS: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
const IIN_SERIAL_MAX: u32 = 9_999;
const BIN_SERIAL_MAX: u32 = 99_999;
/// Serials 2k and 2k+1 differ only in the last serial digit, whose weights are 11 (≡ 0) in the
/// first sum and 2 in the second, so they cannot both lack a check digit: one of each pair is
/// valid, which gives the `*_for_tests` sequences 5000 distinct numbers per date.
const TEST_IDS_PER_DATE: u32 = 5_000;

/// A valid IIN (a person) or BIN (a legal entity): twelve digits with a correct check digit and
/// the layout of one of the two kinds. Only [`TaxpayerId::parse`] and the two constructors make
/// one, so holding a `TaxpayerId` means the number is well formed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaxpayerId {
    digits: String,
    kind: ApplicantKind,
}

/// Why a string is not an IIN/BIN, or why an IIN/BIN cannot be made from the given parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Not twelve characters.
    #[error(
        "an IIN/BIN has 12 digits, but {input:?} has {length} characters: enter all 12 digits without spaces"
    )]
    WrongLength { input: String, length: usize },
    /// A character that is not an ASCII digit; `position` counts from 1.
    #[error("an IIN/BIN has digits only, but {input:?} has {found:?} at position {position}")]
    NotADigit {
        input: String,
        position: usize,
        found: char,
    },
    /// The twelfth digit is not the check digit of the first eleven: most likely a typing error.
    #[error(
        "IIN/BIN {input} fails its check digit: expected {expected}, got {got}; check the number for a typing error"
    )]
    CheckDigitMismatch {
        input: String,
        expected: u8,
        got: u8,
    },
    /// Both weighted sums of the first eleven digits are 10 modulo 11: no such number is issued.
    #[error(
        "IIN/BIN {input} cannot exist: its first 11 digits have no check digit (both weighted sums are 10 modulo 11)"
    )]
    NoCheckDigit { input: String },
    /// Check digit right, but the layout is neither an IIN's nor a BIN's.
    #[error(
        "{input} is neither an IIN (digits 1–6 a birth date YYMMDD, digit 7 from 1 to 6) nor a BIN (digits 3–4 a month, digit 5 is 4, 5 or 6)"
    )]
    UnknownLayout { input: String },
    /// A serial too large for its field when making a number.
    #[error("serial {serial} does not fit: an {what} serial is 0..={max}")]
    SerialOutOfRange {
        what: &'static str,
        serial: u32,
        max: u32,
    },
    /// The parts give eleven digits without a check digit; another serial will do.
    #[error("{first_eleven} (from serial {serial}) has no check digit: choose another serial")]
    SerialWithoutCheckDigit { first_eleven: String, serial: u32 },
    /// A birth year the IIN's century digit cannot express.
    #[error("birth year {year} cannot be written in an IIN: the century digit covers 1800–2099")]
    BirthYearOutOfRange { year: i32 },
    /// A BIN registration month or year that does not fit its two digits.
    #[error(
        "registration {year}-{month:02} cannot be written in a BIN: year 2000–2099 or 1900–1999 (two digits), month 1–12"
    )]
    RegistrationOutOfRange { year: i32, month: u32 },
}

/// The sex recorded in an IIN's seventh digit together with the century of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

/// The fifth digit of a BIN: what kind of business the number identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinKind {
    /// 4: a legal entity resident in Kazakhstan.
    Resident,
    /// 5: a non-resident legal entity (through its branch or representative office).
    NonResident,
    /// 6: an individual entrepreneur carrying on business as joint entrepreneurship.
    JointEntrepreneurship,
}

/// The sixth digit of a BIN: which unit of the business the number identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinUnit {
    /// 0: the legal entity itself (head office) or the joint entrepreneurship.
    HeadOffice,
    /// 1: a branch.
    Branch,
    /// 2: a representative office.
    RepresentativeOffice,
    /// 3: a peasant (farm) enterprise in joint entrepreneurship.
    PeasantFarm,
}

impl BinKind {
    fn digit(self) -> u8 {
        match self {
            BinKind::Resident => 4,
            BinKind::NonResident => 5,
            BinKind::JointEntrepreneurship => 6,
        }
    }
}

impl BinUnit {
    fn digit(self) -> u8 {
        match self {
            BinUnit::HeadOffice => 0,
            BinUnit::Branch => 1,
            BinUnit::RepresentativeOffice => 2,
            BinUnit::PeasantFarm => 3,
        }
    }
}

/// The check digit of the first eleven digits (each 0–9), or `None` when both weighted sums are
/// 10 modulo 11 and no valid number starts with these digits.
pub fn check_digit(first_eleven: &[u8; 11]) -> Option<u8> {
    let sum = |weights: &[u32; 11]| {
        first_eleven
            .iter()
            .zip(weights)
            .map(|(&d, &w)| u32::from(d) * w)
            .sum::<u32>()
            % 11
    };
    let first = sum(&FIRST_WEIGHTS);
    let digit = if first == 10 {
        sum(&SECOND_WEIGHTS)
    } else {
        first
    };
    // `digit` is below 11 and not 10 here, so it fits a u8.
    (digit != 10).then_some(digit as u8)
}

impl TaxpayerId {
    /// Reads an IIN or BIN: exactly 12 ASCII digits, the right check digit, and the layout of an
    /// IIN or a BIN. Each failure says which rule was broken and where.
    pub fn parse(input: &str) -> Result<TaxpayerId, IdError> {
        let digits = digits_of(input)?;
        let first_eleven = first_eleven(&digits);
        let expected = check_digit(&first_eleven).ok_or_else(|| IdError::NoCheckDigit {
            input: input.to_owned(),
        })?;
        if expected != digits[11] {
            return Err(IdError::CheckDigitMismatch {
                input: input.to_owned(),
                expected,
                got: digits[11],
            });
        }
        let kind = layout_kind(&digits).ok_or_else(|| IdError::UnknownLayout {
            input: input.to_owned(),
        })?;
        Ok(TaxpayerId {
            digits: input.to_owned(),
            kind,
        })
    }

    /// Makes the IIN of a person born on `birth`, with the given sex and registration serial
    /// (0–9999), computing the check digit. For tests and development data.
    pub fn individual(birth: NaiveDate, sex: Sex, serial: u32) -> Result<TaxpayerId, IdError> {
        check_serial("IIN", serial, IIN_SERIAL_MAX)?;
        let century = century_digit(birth.year(), sex)?;
        let prefix = format!(
            "{:02}{:02}{:02}{}{:04}",
            birth.year().rem_euclid(100),
            birth.month(),
            birth.day(),
            century,
            serial
        );
        complete(prefix, serial)
    }

    /// Makes the BIN of a business registered in `year`-`month`, of the given kind and unit, with
    /// a registration serial (0–99999), computing the check digit. For tests and development data.
    pub fn legal_entity(
        year: i32,
        month: u32,
        kind: BinKind,
        unit: BinUnit,
        serial: u32,
    ) -> Result<TaxpayerId, IdError> {
        check_serial("BIN", serial, BIN_SERIAL_MAX)?;
        if !(1900..=2099).contains(&year) || !(1..=12).contains(&month) {
            return Err(IdError::RegistrationOutOfRange { year, month });
        }
        let prefix = format!(
            "{:02}{:02}{}{}{:05}",
            year.rem_euclid(100),
            month,
            kind.digit(),
            unit.digit(),
            serial
        );
        complete(prefix, serial)
    }

    /// The `n`-th of a sequence of distinct valid IINs, for tests, benchmarks and development data:
    /// men born from 1 January 1970, 5000 numbers per birth day. Fails only for `n` so large that
    /// the birth year passes 2099.
    pub fn individual_for_tests(n: u32) -> Result<TaxpayerId, IdError> {
        let (day, slot) = (n / TEST_IDS_PER_DATE, n % TEST_IDS_PER_DATE);
        let birth = NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|base| base.checked_add_days(Days::new(u64::from(day))))
            .ok_or(IdError::BirthYearOutOfRange {
                year: 1970 + (day / 365) as i32,
            })?;
        TaxpayerId::individual(birth, Sex::Male, 2 * slot)
            .or_else(|_| TaxpayerId::individual(birth, Sex::Male, 2 * slot + 1))
    }

    /// The `n`-th of a sequence of distinct valid BINs of resident head offices, for tests and
    /// development data: registered from January 2010, 5000 numbers per month (up to 2099).
    pub fn legal_entity_for_tests(n: u32) -> Result<TaxpayerId, IdError> {
        let (month_index, slot) = (n / TEST_IDS_PER_DATE, n % TEST_IDS_PER_DATE);
        let year = 2010_i64 + i64::from(month_index / 12);
        let year = i32::try_from(year).unwrap_or(i32::MAX);
        let month = month_index % 12 + 1;
        let make = |serial| {
            TaxpayerId::legal_entity(year, month, BinKind::Resident, BinUnit::HeadOffice, serial)
        };
        make(2 * slot).or_else(|_| make(2 * slot + 1))
    }

    /// Whether the number is a person's IIN or a legal entity's BIN.
    pub fn kind(&self) -> ApplicantKind {
        self.kind
    }

    /// The twelve digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The birth date an IIN carries; `None` for a BIN.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        match self.kind {
            ApplicantKind::Individual => digits_of(&self.digits)
                .ok()
                .and_then(|d| iin_birth_date(&d)),
            ApplicantKind::LegalEntity => None,
        }
    }
}

/// The twelve digit values of `input`, or the first rule it breaks.
fn digits_of(input: &str) -> Result<[u8; ID_LENGTH], IdError> {
    let length = input.chars().count();
    if length != ID_LENGTH {
        return Err(IdError::WrongLength {
            input: input.to_owned(),
            length,
        });
    }
    let mut digits = [0u8; ID_LENGTH];
    for (index, c) in input.chars().enumerate() {
        let value = c.to_digit(10).ok_or_else(|| IdError::NotADigit {
            input: input.to_owned(),
            position: index + 1,
            found: c,
        })?;
        digits[index] = value as u8;
    }
    Ok(digits)
}

fn first_eleven(digits: &[u8; ID_LENGTH]) -> [u8; 11] {
    let mut first = [0u8; 11];
    first.copy_from_slice(&digits[..11]);
    first
}

/// Which layout the digits have, if any.
fn layout_kind(digits: &[u8; ID_LENGTH]) -> Option<ApplicantKind> {
    if iin_birth_date(digits).is_some() {
        Some(ApplicantKind::Individual)
    } else if is_bin_layout(digits) {
        Some(ApplicantKind::LegalEntity)
    } else {
        None
    }
}

/// The birth date of an IIN layout: digit 7 gives the century, digits 1–6 the date.
fn iin_birth_date(digits: &[u8; ID_LENGTH]) -> Option<NaiveDate> {
    let century = match digits[6] {
        1 | 2 => 1800,
        3 | 4 => 1900,
        5 | 6 => 2000,
        _ => return None,
    };
    let two = |i: usize| u32::from(digits[i]) * 10 + u32::from(digits[i + 1]);
    // two(0) is at most 99, so the sum fits an i32.
    NaiveDate::from_ymd_opt(century + two(0) as i32, two(2), two(4))
}

/// A BIN layout: digits 3–4 a month, digit 5 one of the three kinds.
fn is_bin_layout(digits: &[u8; ID_LENGTH]) -> bool {
    let month = digits[2] * 10 + digits[3];
    (1..=12).contains(&month) && matches!(digits[4], 4..=6)
}

fn century_digit(year: i32, sex: Sex) -> Result<u8, IdError> {
    let base = match year {
        1800..=1899 => 1,
        1900..=1999 => 3,
        2000..=2099 => 5,
        _ => return Err(IdError::BirthYearOutOfRange { year }),
    };
    Ok(match sex {
        Sex::Male => base,
        Sex::Female => base + 1,
    })
}

fn check_serial(what: &'static str, serial: u32, max: u32) -> Result<(), IdError> {
    if serial > max {
        return Err(IdError::SerialOutOfRange { what, serial, max });
    }
    Ok(())
}

/// Appends the check digit to eleven digits made by a constructor and parses the result, so a
/// made number passes exactly the checks a typed one does.
fn complete(first_eleven_text: String, serial: u32) -> Result<TaxpayerId, IdError> {
    let mut first = [0u8; 11];
    for (slot, c) in first.iter_mut().zip(first_eleven_text.bytes()) {
        *slot = c - b'0';
    }
    let digit = check_digit(&first).ok_or_else(|| IdError::SerialWithoutCheckDigit {
        first_eleven: first_eleven_text.clone(),
        serial,
    })?;
    TaxpayerId::parse(&format!("{first_eleven_text}{digit}"))
}

impl fmt::Display for TaxpayerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

impl FromStr for TaxpayerId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TaxpayerId::parse(s)
    }
}

impl Serialize for TaxpayerId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.digits)
    }
}

impl<'de> Deserialize<'de> for TaxpayerId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TaxpayerId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Numbers computed by hand (and independently with a short script) from the layout above.
    const IIN_MALE_1990: &str = "900515301234"; // 1990-05-15, male, serial 0123, check 4
    const IIN_FEMALE_1985: &str = "851223400018"; // 1985-12-23, female, serial 0001, check 8
    const IIN_LEAP_2000: &str = "000229500771"; // 2000-02-29, male, serial 0077, check 1
    const IIN_SECOND_SUM: &str = "900515300908"; // first sum 10, second sum gives 8
    const BIN_RESIDENT: &str = "130440000074"; // 2013-04, resident, head office, serial 7
    const BIN_SECOND_SUM: &str = "130440000001"; // 2013-04, serial 0: first sum 10, second 1
    const BIN_NON_RESIDENT: &str = "150550000120"; // 2015-05, non-resident, serial 12, check 0
    const BIN_JOINT_BRANCH: &str = "071061003459"; // 2007-10, joint entrepreneurship, branch

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn valid_iins_parse_as_individuals() {
        for text in [
            IIN_MALE_1990,
            IIN_FEMALE_1985,
            IIN_LEAP_2000,
            IIN_SECOND_SUM,
        ] {
            let id = TaxpayerId::parse(text).unwrap();
            assert_eq!(id.kind(), ApplicantKind::Individual, "{text}");
            assert_eq!(id.as_str(), text);
        }
        assert_eq!(
            TaxpayerId::parse(IIN_LEAP_2000).unwrap().birth_date(),
            Some(date(2000, 2, 29))
        );
    }

    #[test]
    fn valid_bins_parse_as_legal_entities() {
        for text in [
            BIN_RESIDENT,
            BIN_SECOND_SUM,
            BIN_NON_RESIDENT,
            BIN_JOINT_BRANCH,
        ] {
            let id = TaxpayerId::parse(text).unwrap();
            assert_eq!(id.kind(), ApplicantKind::LegalEntity, "{text}");
            assert_eq!(id.birth_date(), None);
        }
    }

    #[test]
    fn check_digit_uses_the_second_weights_when_the_first_sum_is_ten() {
        let first: [u8; 11] = [9, 0, 0, 5, 1, 5, 3, 0, 0, 9, 0];
        assert_eq!(
            first
                .iter()
                .zip(FIRST_WEIGHTS)
                .map(|(&d, w)| u32::from(d) * w)
                .sum::<u32>()
                % 11,
            10
        );
        assert_eq!(check_digit(&first), Some(8));
        assert_eq!(check_digit(&[9, 0, 0, 5, 1, 5, 3, 0, 0, 9, 1]), None);
    }

    #[test]
    fn wrong_length_is_reported_with_the_count() {
        let err = TaxpayerId::parse("90051530123").unwrap_err();
        assert_eq!(
            err,
            IdError::WrongLength {
                input: "90051530123".into(),
                length: 11
            }
        );
        assert!(err.to_string().contains("11 characters"));
        let err = TaxpayerId::parse("").unwrap_err();
        assert!(matches!(err, IdError::WrongLength { length: 0, .. }));
        // Characters, not bytes: a Cyrillic letter counts once.
        assert!(matches!(
            TaxpayerId::parse("90051530123Б").unwrap_err(),
            IdError::NotADigit {
                position: 12,
                found: 'Б',
                ..
            }
        ));
    }

    #[test]
    fn a_non_digit_is_reported_with_its_position() {
        let err = TaxpayerId::parse("9005 5301234").unwrap_err();
        assert_eq!(
            err,
            IdError::NotADigit {
                input: "9005 5301234".into(),
                position: 5,
                found: ' '
            }
        );
        assert!(err.to_string().contains("position 5"));
        // Non-ASCII digits are not digits of an IIN.
        assert!(matches!(
            TaxpayerId::parse("９00515301234").unwrap_err(),
            IdError::NotADigit { position: 1, .. }
        ));
    }

    #[test]
    fn a_wrong_check_digit_names_the_expected_one() {
        let err = TaxpayerId::parse("900515301235").unwrap_err();
        assert_eq!(
            err,
            IdError::CheckDigitMismatch {
                input: "900515301235".into(),
                expected: 4,
                got: 5
            }
        );
        assert!(err.to_string().contains("expected 4, got 5"));
    }

    #[test]
    fn a_number_without_a_check_digit_is_invalid_whatever_its_last_digit() {
        for last in 0..=9 {
            let text = format!("90051530091{last}");
            assert_eq!(
                TaxpayerId::parse(&text).unwrap_err(),
                IdError::NoCheckDigit {
                    input: text.clone()
                }
            );
        }
    }

    /// Eleven digits with their check digit appended.
    fn with_check_digit(first_eleven: &str) -> String {
        let digits: Vec<u8> = first_eleven.bytes().map(|b| b - b'0').collect();
        let digit = check_digit(&digits.try_into().unwrap()).unwrap();
        format!("{first_eleven}{digit}")
    }

    #[test]
    fn a_number_of_neither_layout_is_refused() {
        // Month 13 is no date, and digit 5 is 1, not a BIN kind.
        let text = with_check_digit("90131530123");
        assert_eq!(
            TaxpayerId::parse(&text).unwrap_err(),
            IdError::UnknownLayout { input: text }
        );
        // Digit 7 = 0 is no century.
        let text = with_check_digit("90051500123");
        assert!(matches!(
            TaxpayerId::parse(&text).unwrap_err(),
            IdError::UnknownLayout { .. }
        ));
        // 1900-02-29 did not exist: digit 7 = 3 puts 000229 in the 1900s.
        let text = with_check_digit("00022930001");
        assert!(matches!(
            TaxpayerId::parse(&text).unwrap_err(),
            IdError::UnknownLayout { .. }
        ));
        // A BIN with month 00.
        let text = with_check_digit("13004000007");
        assert!(matches!(
            TaxpayerId::parse(&text).unwrap_err(),
            IdError::UnknownLayout { .. }
        ));
    }

    #[test]
    fn individual_makes_the_expected_iins() {
        assert_eq!(
            TaxpayerId::individual(date(1990, 5, 15), Sex::Male, 123)
                .unwrap()
                .as_str(),
            IIN_MALE_1990
        );
        assert_eq!(
            TaxpayerId::individual(date(1985, 12, 23), Sex::Female, 1)
                .unwrap()
                .as_str(),
            IIN_FEMALE_1985
        );
        assert_eq!(
            TaxpayerId::individual(date(2000, 2, 29), Sex::Male, 77)
                .unwrap()
                .as_str(),
            IIN_LEAP_2000
        );
        assert_eq!(
            TaxpayerId::individual(date(1990, 5, 15), Sex::Male, 90)
                .unwrap()
                .as_str(),
            IIN_SECOND_SUM
        );
        let born_1899 = TaxpayerId::individual(date(1899, 1, 1), Sex::Female, 5).unwrap();
        assert_eq!(&born_1899.as_str()[6..7], "2");
        assert_eq!(born_1899.birth_date(), Some(date(1899, 1, 1)));
    }

    #[test]
    fn individual_refuses_impossible_parts() {
        assert_eq!(
            TaxpayerId::individual(date(1990, 5, 15), Sex::Male, 10_000).unwrap_err(),
            IdError::SerialOutOfRange {
                what: "IIN",
                serial: 10_000,
                max: 9_999
            }
        );
        assert_eq!(
            TaxpayerId::individual(date(1990, 5, 15), Sex::Male, 91).unwrap_err(),
            IdError::SerialWithoutCheckDigit {
                first_eleven: "90051530091".into(),
                serial: 91
            }
        );
        assert_eq!(
            TaxpayerId::individual(date(2100, 1, 1), Sex::Male, 1).unwrap_err(),
            IdError::BirthYearOutOfRange { year: 2100 }
        );
    }

    #[test]
    fn legal_entity_makes_the_expected_bins() {
        let make = |y, m, k, u, s| TaxpayerId::legal_entity(y, m, k, u, s).unwrap().to_string();
        assert_eq!(
            make(2013, 4, BinKind::Resident, BinUnit::HeadOffice, 7),
            BIN_RESIDENT
        );
        assert_eq!(
            make(2013, 4, BinKind::Resident, BinUnit::HeadOffice, 0),
            BIN_SECOND_SUM
        );
        assert_eq!(
            make(2015, 5, BinKind::NonResident, BinUnit::HeadOffice, 12),
            BIN_NON_RESIDENT
        );
        assert_eq!(
            make(
                2007,
                10,
                BinKind::JointEntrepreneurship,
                BinUnit::Branch,
                345
            ),
            BIN_JOINT_BRANCH
        );
    }

    #[test]
    fn legal_entity_refuses_impossible_parts() {
        let make =
            |y, m, s| TaxpayerId::legal_entity(y, m, BinKind::Resident, BinUnit::HeadOffice, s);
        assert_eq!(
            make(2013, 4, 100_000).unwrap_err(),
            IdError::SerialOutOfRange {
                what: "BIN",
                serial: 100_000,
                max: 99_999
            }
        );
        assert_eq!(
            make(2013, 4, 190).unwrap_err(),
            IdError::SerialWithoutCheckDigit {
                first_eleven: "13044000190".into(),
                serial: 190
            }
        );
        assert_eq!(
            make(2013, 13, 1).unwrap_err(),
            IdError::RegistrationOutOfRange {
                year: 2013,
                month: 13
            }
        );
    }

    #[test]
    fn test_sequences_are_valid_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for n in (0..12_000).chain([1_000_000]) {
            let iin = TaxpayerId::individual_for_tests(n).unwrap();
            assert_eq!(iin.kind(), ApplicantKind::Individual);
            assert!(seen.insert(iin.to_string()), "IIN {n} repeats");
            let bin = TaxpayerId::legal_entity_for_tests(n).unwrap();
            assert_eq!(bin.kind(), ApplicantKind::LegalEntity);
            assert!(seen.insert(bin.to_string()), "BIN {n} repeats");
        }
        assert_eq!(
            TaxpayerId::individual_for_tests(0).unwrap().birth_date(),
            Some(date(1970, 1, 1))
        );
        assert!(TaxpayerId::legal_entity_for_tests(u32::MAX).is_err());
    }

    #[test]
    fn display_from_str_and_serde_round_trip() {
        let id: TaxpayerId = BIN_RESIDENT.parse().unwrap();
        assert_eq!(id.to_string(), BIN_RESIDENT);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{BIN_RESIDENT}\""));
        let back: TaxpayerId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn deserializing_validates() {
        let err = serde_json::from_str::<TaxpayerId>("\"900515301235\"").unwrap_err();
        assert!(err.to_string().contains("expected 4, got 5"), "{err}");
        assert!(serde_json::from_str::<TaxpayerId>("900515301234").is_err());
    }
}
