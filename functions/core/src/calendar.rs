//! The working-day calendar of Kazakhstan, as data (DECISIONS 9).
//!
//! Which days are worked is a matter of law and of yearly acts (public holidays, the rule that a
//! holiday on a weekend moves to the next working day, and the transfers of days off), so it is
//! kept as data, `data/calendar-kz.toml`, listing every non-working weekday and every working
//! weekend day of each covered year together with the act behind it. The file's header explains
//! the rules; the tests below re-derive the data from them.
//!
//! A date in a year the data does not cover is an error ([`CalendarError::YearNotCovered`]),
//! never a guess: a deadline computed from a guessed calendar could be a day early.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

/// The embedded calendar data of the Republic of Kazakhstan.
const KAZAKHSTAN_DATA: &str = include_str!("../data/calendar-kz.toml");

/// Which days are working days in one country over a range of years: the weekends, the days off
/// the law and the yearly acts add, and the weekend days the acts make working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    first: i32,
    last: i32,
    days: HashMap<NaiveDate, Listed>,
    sources: BTreeMap<i32, Vec<String>>,
}

/// A date the data lists: a day off or a working weekend day.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Listed {
    Off(DayOff),
    Working(WorkingWeekend),
}

/// Why a listed day is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OffKind {
    /// A public holiday or a religious day off, on its own date.
    Holiday,
    /// The weekday a public holiday falling on a Saturday or Sunday moved to, by law.
    Moved,
    /// A weekday made a day off by a transfer of days off (Government resolution or Ministry order).
    Transfer,
}

/// A date on which nobody works (five-day week), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOff {
    pub date: NaiveDate,
    pub kind: OffKind,
    /// What the day is, in English, with the act for a transfer.
    pub name: String,
    /// For a transfer: the day whose rest was moved here.
    pub from: Option<NaiveDate>,
}

/// A Saturday or Sunday made a working day by a transfer of days off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingWeekend {
    pub date: NaiveDate,
    pub name: String,
}

/// What a date is in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayStatus<'a> {
    /// An ordinary Monday–Friday.
    Working,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A listed day off.
    Off(&'a DayOff),
    /// A Saturday or Sunday that is worked.
    WorkingWeekend(&'a WorkingWeekend),
}

impl DayStatus<'_> {
    /// Whether people work on the day.
    pub fn is_working(&self) -> bool {
        matches!(self, DayStatus::Working | DayStatus::WorkingWeekend(_))
    }
}

/// Why a calendar question has no answer, or why calendar data is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date's year is not in the data: answering would be a guess.
    #[error("the working-day calendar has no data for {year} (it covers {}–{}): add the year to the calendar data before computing dates in it", covered.0, covered.1)]
    YearNotCovered { year: i32, covered: (i32, i32) },
    /// A region's time zone name that is not in the IANA database.
    #[error(
        "unknown time zone {name:?}: use an IANA name such as \"Asia/Almaty\" or \"Asia/Oral\""
    )]
    UnknownTimeZone { name: String },
    /// Date arithmetic left the range of representable dates.
    #[error("date arithmetic went beyond the representable dates")]
    DateOutOfRange,
    /// The data is not TOML of the expected shape (the message gives the line).
    #[error("calendar data is malformed: {0}")]
    Malformed(String),
    /// The data lists no year.
    #[error("calendar data lists no year")]
    NoYears,
    /// A year is listed twice.
    #[error("calendar data lists year {year} twice: merge the two tables")]
    DuplicateYear { year: i32 },
    /// Years must follow each other without gaps, in order.
    #[error(
        "calendar data years must be consecutive and in order: expected {expected}, found {found}"
    )]
    YearsNotConsecutive { expected: i32, found: i32 },
    /// A value that should be a date (like 2013-03-25) is a date-time or a time.
    #[error("calendar data for {year}: {value} is not a plain date like 2013-03-25")]
    NotADate { year: i32, value: String },
    /// A date listed under another year's table.
    #[error("calendar data for {year}: {date} is not in {year}; move it to its own year")]
    DateOutsideYear { year: i32, date: NaiveDate },
    /// The same date listed twice in the same list.
    #[error("calendar data: {date} is listed twice; keep one entry")]
    DuplicateDate { date: NaiveDate },
    /// A date listed both as a day off and as a working day.
    #[error(
        "calendar data: {date} is listed both as a day off and as a working day; it can only be one"
    )]
    OffAndWorking { date: NaiveDate },
    /// A working day that is not a weekend day: every weekday already works.
    #[error(
        "calendar data: working day {date} is a {weekday}; only a Saturday or Sunday can be made a working day"
    )]
    WorkingOnWeekday { date: NaiveDate, weekday: Weekday },
    /// A moved or transferred day off on a weekend, which is off anyway.
    #[error(
        "calendar data: {date} ({kind:?}) is a {weekday}; a moved or transferred day off must be a weekday"
    )]
    DayOffOnWeekend {
        date: NaiveDate,
        kind: OffKind,
        weekday: Weekday,
    },
    /// A transfer without the day its rest came from.
    #[error("calendar data: transfer {date} has no `from`; name the day whose rest was moved")]
    TransferWithoutFrom { date: NaiveDate },
    /// `from` given on an entry that is not a transfer.
    #[error(
        "calendar data: {date} is not a transfer but has `from`; remove it or make the kind \"transfer\""
    )]
    FromOnNonTransfer { date: NaiveDate },
    /// A transfer from a weekend day that is not listed as worked.
    #[error(
        "calendar data: transfer {date} takes its rest from {from}, a weekend day not listed as a working day; add {from} to `working`"
    )]
    TransferFromUnlistedWeekend { date: NaiveDate, from: NaiveDate },
    /// A working weekend day no transfer takes its rest from.
    #[error(
        "calendar data: working day {date} is the `from` of no transfer; add the transfer or remove the working day"
    )]
    WorkingWithoutTransfer { date: NaiveDate },
}

impl Calendar {
    /// The calendar of the Republic of Kazakhstan, five-day week, 2012–2026, parsed once from the
    /// embedded `data/calendar-kz.toml`. Panics only if that embedded file were invalid, which the
    /// unit tests rule out.
    pub fn kazakhstan() -> &'static Calendar {
        static KAZAKHSTAN: OnceLock<Calendar> = OnceLock::new();
        KAZAKHSTAN.get_or_init(|| {
            Calendar::from_toml(KAZAKHSTAN_DATA)
                .unwrap_or_else(|e| panic!("embedded data/calendar-kz.toml is invalid: {e}"))
        })
    }

    /// Reads and validates calendar data in the layout of `data/calendar-kz.toml`.
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        let file: RawFile =
            toml::from_str(text).map_err(|e| CalendarError::Malformed(e.to_string()))?;
        let (first, last) = year_range(&file.year)?;
        let mut calendar = Calendar {
            first,
            last,
            days: HashMap::new(),
            sources: BTreeMap::new(),
        };
        for raw in file.year {
            calendar.add_year(raw)?;
        }
        calendar.check_transfers()?;
        Ok(calendar)
    }

    /// The first and last year the data covers.
    pub fn covered(&self) -> (i32, i32) {
        (self.first, self.last)
    }

    /// Whether the data covers `year`.
    pub fn covers(&self, year: i32) -> bool {
        (self.first..=self.last).contains(&year)
    }

    /// The acts a year's entries come from.
    pub fn sources(&self, year: i32) -> Result<&[String], CalendarError> {
        self.check_covered(year)?;
        Ok(self
            .sources
            .get(&year)
            .map(Vec::as_slice)
            .unwrap_or_default())
    }

    /// What `date` is: an ordinary working day or weekend day, or a listed day.
    pub fn day(&self, date: NaiveDate) -> Result<DayStatus<'_>, CalendarError> {
        self.check_covered(date.year())?;
        Ok(match self.days.get(&date) {
            Some(Listed::Off(off)) => DayStatus::Off(off),
            Some(Listed::Working(working)) => DayStatus::WorkingWeekend(working),
            None if is_weekend(date) => DayStatus::Weekend,
            None => DayStatus::Working,
        })
    }

    /// Whether people work on `date`: a weekday that is not a listed day off, or a weekend day
    /// listed as worked.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day(date)?.is_working())
    }

    /// `date` itself if it is a working day, else the first working day after it.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        while !self.is_working_day(day)? {
            day = next_day(day)?;
        }
        Ok(day)
    }

    /// The `n`th working day after `start`, counting `start` as day 0 (DECISIONS 9: the
    /// registration day is day 0), whether or not `start` is itself a working day: with `n` ≥ 1
    /// the result is the `n`th working day strictly after `start`.
    ///
    /// `n` = 0 gives `start` if it is a working day, else the next working day: a term of zero
    /// working days ends on the first working day at or after the start, never on a day off.
    ///
    /// Fails with [`CalendarError::YearNotCovered`] as soon as the count needs a year the data
    /// lacks (including the start's own year).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.check_covered(start.year())?;
        if n == 0 {
            return self.working_day_on_or_after(start);
        }
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = next_day(day)?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    fn check_covered(&self, year: i32) -> Result<(), CalendarError> {
        if self.covers(year) {
            Ok(())
        } else {
            Err(CalendarError::YearNotCovered {
                year,
                covered: self.covered(),
            })
        }
    }

    /// Adds one `[[year]]` table, checking each entry on its own and against the dates so far.
    fn add_year(&mut self, raw: RawYear) -> Result<(), CalendarError> {
        let year = raw.year;
        for off in raw.off {
            let day = off.into_day_off(year)?;
            self.insert(day.date, Listed::Off(day))?;
        }
        for working in raw.working {
            let day = working.into_working(year)?;
            self.insert(day.date, Listed::Working(day))?;
        }
        self.sources.insert(year, raw.sources);
        Ok(())
    }

    fn insert(&mut self, date: NaiveDate, listed: Listed) -> Result<(), CalendarError> {
        match (self.days.get(&date), &listed) {
            (None, _) => {
                self.days.insert(date, listed);
                Ok(())
            }
            (Some(Listed::Off(_)), Listed::Off(_))
            | (Some(Listed::Working(_)), Listed::Working(_)) => {
                Err(CalendarError::DuplicateDate { date })
            }
            _ => Err(CalendarError::OffAndWorking { date }),
        }
    }

    /// Every transfer from a weekend day takes it from a listed working day, and every listed
    /// working day gives its rest to some transfer.
    fn check_transfers(&self) -> Result<(), CalendarError> {
        let mut given = Vec::new();
        for listed in self.days.values() {
            let Listed::Off(DayOff {
                date,
                from: Some(from),
                ..
            }) = listed
            else {
                continue;
            };
            if is_weekend(*from) && !matches!(self.days.get(from), Some(Listed::Working(_))) {
                return Err(CalendarError::TransferFromUnlistedWeekend {
                    date: *date,
                    from: *from,
                });
            }
            given.push(*from);
        }
        let orphan = self.days.values().find_map(|listed| match listed {
            Listed::Working(w) if !given.contains(&w.date) => Some(w.date),
            _ => None,
        });
        match orphan {
            Some(date) => Err(CalendarError::WorkingWithoutTransfer { date }),
            None => Ok(()),
        }
    }
}

/// The first and last year, checking the years are listed once each, in order, without gaps.
fn year_range(years: &[RawYear]) -> Result<(i32, i32), CalendarError> {
    let first = years.first().ok_or(CalendarError::NoYears)?.year;
    for (offset, raw) in years.iter().enumerate() {
        let expected = first + offset as i32;
        if raw.year != expected {
            if years[..offset]
                .iter()
                .any(|earlier| earlier.year == raw.year)
            {
                return Err(CalendarError::DuplicateYear { year: raw.year });
            }
            return Err(CalendarError::YearsNotConsecutive {
                expected,
                found: raw.year,
            });
        }
    }
    Ok((first, first + years.len() as i32 - 1))
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    date.succ_opt().ok_or(CalendarError::DateOutOfRange)
}

/// The file as written: `[[year]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    year: Vec<RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    off: Vec<RawOff>,
    #[serde(default)]
    working: Vec<RawWorking>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOff {
    date: toml::value::Datetime,
    kind: OffKind,
    name: String,
    #[serde(default)]
    from: Option<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorking {
    date: toml::value::Datetime,
    name: String,
}

impl RawOff {
    fn into_day_off(self, year: i32) -> Result<DayOff, CalendarError> {
        let date = date_in_year(&self.date, year)?;
        let from = self
            .from
            .as_ref()
            .map(|from| plain_date(from, year))
            .transpose()?;
        match (self.kind, from) {
            (OffKind::Transfer, None) => return Err(CalendarError::TransferWithoutFrom { date }),
            (OffKind::Holiday | OffKind::Moved, Some(_)) => {
                return Err(CalendarError::FromOnNonTransfer { date });
            }
            _ => {}
        }
        if self.kind != OffKind::Holiday && is_weekend(date) {
            return Err(CalendarError::DayOffOnWeekend {
                date,
                kind: self.kind,
                weekday: date.weekday(),
            });
        }
        Ok(DayOff {
            date,
            kind: self.kind,
            name: self.name,
            from,
        })
    }
}

impl RawWorking {
    fn into_working(self, year: i32) -> Result<WorkingWeekend, CalendarError> {
        let date = date_in_year(&self.date, year)?;
        if !is_weekend(date) {
            return Err(CalendarError::WorkingOnWeekday {
                date,
                weekday: date.weekday(),
            });
        }
        Ok(WorkingWeekend {
            date,
            name: self.name,
        })
    }
}

/// A TOML local date inside `year`.
fn date_in_year(value: &toml::value::Datetime, year: i32) -> Result<NaiveDate, CalendarError> {
    let date = plain_date(value, year)?;
    if date.year() != year {
        return Err(CalendarError::DateOutsideYear { year, date });
    }
    Ok(date)
}

/// A TOML local date (no time, no offset) as a `NaiveDate`.
fn plain_date(value: &toml::value::Datetime, year: i32) -> Result<NaiveDate, CalendarError> {
    let not_a_date = || CalendarError::NotADate {
        year,
        value: value.to_string(),
    };
    let date = match (value.date, value.time, value.offset) {
        (Some(date), None, None) => date,
        _ => return Err(not_a_date()),
    };
    NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )
    .ok_or_else(not_a_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn kz() -> &'static Calendar {
        Calendar::kazakhstan()
    }

    fn working(d: NaiveDate) -> bool {
        kz().is_working_day(d).unwrap()
    }

    #[test]
    fn embedded_data_is_valid_and_covers_2012_to_2026() {
        let calendar = Calendar::from_toml(KAZAKHSTAN_DATA).unwrap();
        assert_eq!(calendar.covered(), (2012, 2026));
        for year in 2012..=2026 {
            assert!(calendar.covers(year));
            assert!(
                !calendar.sources(year).unwrap().is_empty(),
                "{year} names no source"
            );
        }
        assert!(!calendar.covers(2011) && !calendar.covers(2027));
    }

    #[test]
    fn a_year_not_covered_is_an_error() {
        let err = kz().is_working_day(date(2011, 6, 1)).unwrap_err();
        assert_eq!(
            err,
            CalendarError::YearNotCovered {
                year: 2011,
                covered: (2012, 2026)
            }
        );
        assert!(err.to_string().contains("2012–2026"));
        assert_eq!(
            kz().add_working_days(date(2026, 12, 28), 10).unwrap_err(),
            CalendarError::YearNotCovered {
                year: 2027,
                covered: (2012, 2026)
            }
        );
        assert!(matches!(
            kz().add_working_days(date(2011, 12, 30), 1),
            Err(CalendarError::YearNotCovered { year: 2011, .. })
        ));
    }

    #[test]
    fn weekends_holidays_moved_and_transferred_days() {
        assert!(working(date(2013, 3, 18))); // an ordinary Monday
        assert!(!working(date(2013, 3, 16))); // an ordinary Saturday
        assert!(!working(date(2013, 3, 21))); // Nauryz
        assert!(!working(date(2013, 3, 25))); // Nauryz: 23 Mar was a Saturday
        assert!(working(date(2013, 5, 4))); // working Saturday
        assert!(!working(date(2013, 5, 10))); // its rest
        assert!(working(date(2014, 5, 4)) && working(date(2014, 5, 11))); // working Sundays
        assert!(!working(date(2012, 12, 3))); // first First President's Day, moved from Saturday
        assert!(working(date(2012, 5, 7)) && !working(date(2013, 5, 7))); // Defender's Day from 2013
        assert!(!working(date(2021, 12, 1)) && working(date(2022, 12, 1))); // 1 Dec removed in 2022
        assert!(working(date(2022, 12, 19))); // 17 Dec 2022 (Sat) no longer a holiday: not moved
        assert!(!working(date(2022, 10, 25)) && !working(date(2022, 10, 24))); // Republic Day
        assert!(working(date(2020, 5, 11)) && !working(date(2020, 5, 8))); // moved rest transferred
        assert!(working(date(2024, 6, 17))); // Kurban Ait on Sunday 16 Jun 2024: not moved
        assert!(working(date(2018, 1, 8))); // Christmas on Sunday 7 Jan 2018: not moved
        assert!(!working(date(2017, 12, 18)) && !working(date(2017, 12, 19))); // 16–17 Dec on a weekend
    }

    #[test]
    fn day_explains_a_date() {
        let DayStatus::Off(off) = kz().day(date(2020, 5, 8)).unwrap() else {
            panic!()
        };
        assert_eq!(off.kind, OffKind::Transfer);
        assert_eq!(off.from, Some(date(2020, 5, 11)));
        assert!(matches!(
            kz().day(date(2013, 12, 28)).unwrap(),
            DayStatus::WorkingWeekend(_)
        ));
        assert_eq!(kz().day(date(2013, 12, 27)).unwrap(), DayStatus::Working);
        assert_eq!(kz().day(date(2013, 12, 29)).unwrap(), DayStatus::Weekend);
    }

    #[test]
    fn add_working_days_counts_from_day_zero() {
        // Registration Mon 18 Mar 2013, 15 working days across Nauryz (21–23 Mar, 25 Mar moved).
        assert_eq!(
            kz().add_working_days(date(2013, 3, 18), 15).unwrap(),
            date(2013, 4, 11)
        );
        // Fri + 1 over a weekend.
        assert_eq!(
            kz().add_working_days(date(2013, 5, 31), 1).unwrap(),
            date(2013, 6, 3)
        );
        // Fri 3 May 2013 + 1 is the working Saturday 4 May.
        assert_eq!(
            kz().add_working_days(date(2013, 5, 3), 1).unwrap(),
            date(2013, 5, 4)
        );
        // Across New Year 2014: 31 Dec, then 1–2 Jan holidays, 3 Jan transfer, 7 Jan Christmas.
        assert_eq!(
            kz().add_working_days(date(2013, 12, 30), 3).unwrap(),
            date(2014, 1, 8)
        );
        // A start on a day off still is day 0: Sat 23 Mar 2013 + 1 is Tue 26 Mar.
        assert_eq!(
            kz().add_working_days(date(2013, 3, 23), 1).unwrap(),
            date(2013, 3, 26)
        );
    }

    #[test]
    fn zero_working_days_is_the_start_or_the_next_working_day() {
        assert_eq!(
            kz().add_working_days(date(2013, 3, 18), 0).unwrap(),
            date(2013, 3, 18)
        );
        assert_eq!(
            kz().add_working_days(date(2013, 3, 21), 0).unwrap(),
            date(2013, 3, 26)
        );
        assert_eq!(
            kz().add_working_days(date(2013, 5, 4), 0).unwrap(),
            date(2013, 5, 4)
        );
    }

    fn working_days_in(year: i32) -> usize {
        let mut day = date(year, 1, 1);
        let mut count = 0;
        while day.year() == year {
            count += usize::from(working(day));
            day = day.succ_opt().unwrap();
        }
        count
    }

    #[test]
    fn working_day_counts_match_published_production_calendars() {
        // 2019: 119 days off, 246 working days (zakon.kz, January 2019).
        assert_eq!(working_days_in(2019), 246);
        // 2026: 119 days off, 246 working days (Ministry of Labour production calendar, Dec 2025).
        assert_eq!(working_days_in(2026), 246);
    }

    /// The law as the data header states it, encoded independently of the data: the holidays of
    /// a year, each with whether the weekend rule moves it.
    fn statutory_holidays(year: i32) -> Vec<(NaiveDate, bool)> {
        let mut days: Vec<((u32, u32), bool)> = vec![
            ((1, 1), true),
            ((1, 2), true),
            ((1, 7), false), // Orthodox Christmas: a day off, never moved
            ((3, 8), true),
            ((3, 21), true),
            ((3, 22), true),
            ((3, 23), true),
            ((5, 1), true),
            ((5, 9), true),
            ((7, 6), true),
            ((8, 30), true),
            ((12, 16), true),
        ];
        if year >= 2013 {
            days.push(((5, 7), true));
        }
        if year >= 2022 {
            days.push(((10, 25), true));
        }
        if year <= 2021 {
            days.push(((12, 1), true));
            days.push(((12, 17), true));
        }
        let mut dated: Vec<_> = days
            .into_iter()
            .map(|((m, d), moves)| (date(year, m, d), moves))
            .collect();
        dated.sort();
        dated
    }

    /// Rule 3: each movable holiday on a weekend moves to the first weekday after it that is
    /// neither a holiday nor already taken by an earlier move.
    fn moved_days(holidays: &[(NaiveDate, bool)], kurban_ait: NaiveDate) -> Vec<NaiveDate> {
        let is_holiday = |d: NaiveDate| d == kurban_ait || holidays.iter().any(|(h, _)| *h == d);
        let mut moved = Vec::new();
        for &(holiday, movable) in holidays {
            if !movable || !is_weekend(holiday) {
                continue;
            }
            let mut day = holiday.succ_opt().unwrap();
            while is_weekend(day) || is_holiday(day) || moved.contains(&day) {
                day = day.succ_opt().unwrap();
            }
            moved.push(day);
        }
        moved
    }

    fn listed_off(calendar: &Calendar, year: i32, kind: OffKind) -> Vec<NaiveDate> {
        let mut dates: Vec<_> = calendar
            .days
            .values()
            .filter_map(|l| match l {
                Listed::Off(off) if off.date.year() == year && off.kind == kind => Some(off.date),
                _ => None,
            })
            .collect();
        dates.sort();
        dates
    }

    #[test]
    fn data_follows_the_law() {
        let calendar = kz();
        for year in 2012..=2026 {
            let law = statutory_holidays(year);
            let listed = listed_off(calendar, year, OffKind::Holiday);
            // Every listed holiday is a statutory one, except exactly one: Kurban Ait.
            let extra: Vec<_> = listed
                .iter()
                .filter(|d| !law.iter().any(|(h, _)| h == *d))
                .collect();
            assert_eq!(
                extra.len(),
                1,
                "{year}: expected Kurban Ait as the only other holiday, got {extra:?}"
            );
            let kurban_ait = *extra[0];
            let missing: Vec<_> = law.iter().filter(|(h, _)| !listed.contains(h)).collect();
            assert!(
                missing.is_empty(),
                "{year}: statutory holidays missing: {missing:?}"
            );
            // Moved days: the rule's, less those a transfer took elsewhere.
            let transferred_from: Vec<_> = calendar
                .days
                .values()
                .filter_map(|l| match l {
                    Listed::Off(DayOff {
                        from: Some(from), ..
                    }) => Some(*from),
                    _ => None,
                })
                .collect();
            let expected: Vec<_> = moved_days(&law, kurban_ait)
                .into_iter()
                .filter(|d| !transferred_from.contains(d))
                .collect();
            assert_eq!(
                listed_off(calendar, year, OffKind::Moved),
                expected,
                "{year}: moved days"
            );
        }
    }

    const GOOD: &str = r#"
        [[year]]
        year = 2013
        sources = ["test"]
        off = [
          { date = 2013-03-21, kind = "holiday", name = "Nauryz" },
          { date = 2013-05-10, kind = "transfer", name = "rest of 4 May", from = 2013-05-04 },
        ]
        working = [{ date = 2013-05-04, name = "working Saturday" }]

        [[year]]
        year = 2014
    "#;

    fn parse(text: &str) -> Result<Calendar, CalendarError> {
        Calendar::from_toml(text)
    }

    #[test]
    fn small_data_parses() {
        let calendar = parse(GOOD).unwrap();
        assert_eq!(calendar.covered(), (2013, 2014));
        assert!(calendar.is_working_day(date(2013, 5, 4)).unwrap());
        assert!(!calendar.is_working_day(date(2013, 5, 10)).unwrap());
        assert!(calendar.sources(2014).unwrap().is_empty());
    }

    #[test]
    fn malformed_data_is_refused_with_its_line() {
        let err = parse("[[year]]\nyear = 2013\noff = [ { date = 2013-03-21, kind = \"feast\", name = \"x\" } ]").unwrap_err();
        let CalendarError::Malformed(message) = err else {
            panic!("{err:?}")
        };
        assert!(
            message.contains("feast") && message.contains("line 3"),
            "{message}"
        );
        assert!(matches!(
            parse("[[year]]\nyear = 2013\nholidays = []"),
            Err(CalendarError::Malformed(_))
        ));
        assert!(matches!(
            parse("year = ["),
            Err(CalendarError::Malformed(_))
        ));
        assert_eq!(parse("year = []").unwrap_err(), CalendarError::NoYears);
    }

    #[test]
    fn years_must_be_consecutive_and_unique() {
        assert_eq!(
            parse("[[year]]\nyear = 2013\n[[year]]\nyear = 2015").unwrap_err(),
            CalendarError::YearsNotConsecutive {
                expected: 2014,
                found: 2015
            }
        );
        assert_eq!(
            parse("[[year]]\nyear = 2013\n[[year]]\nyear = 2014\n[[year]]\nyear = 2013")
                .unwrap_err(),
            CalendarError::DuplicateYear { year: 2013 }
        );
    }

    #[test]
    fn dates_must_be_plain_dates_inside_their_year() {
        assert_eq!(
            parse("[[year]]\nyear = 2013\noff = [{ date = 2014-01-01, kind = \"holiday\", name = \"x\" }]")
                .unwrap_err(),
            CalendarError::DateOutsideYear { year: 2013, date: date(2014, 1, 1) }
        );
        assert_eq!(
            parse("[[year]]\nyear = 2013\noff = [{ date = 2013-01-01T00:00:00, kind = \"holiday\", name = \"x\" }]")
                .unwrap_err(),
            CalendarError::NotADate { year: 2013, value: "2013-01-01T00:00:00".into() }
        );
    }

    #[test]
    fn a_date_is_listed_once() {
        let twice_off = "[[year]]\nyear = 2013\noff = [\n{ date = 2013-01-01, kind = \"holiday\", name = \"x\" },\n{ date = 2013-01-01, kind = \"holiday\", name = \"y\" }]";
        assert_eq!(
            parse(twice_off).unwrap_err(),
            CalendarError::DuplicateDate {
                date: date(2013, 1, 1)
            }
        );
        let off_and_working = "[[year]]\nyear = 2013\noff = [{ date = 2013-03-23, kind = \"holiday\", name = \"Nauryz\" }]\nworking = [{ date = 2013-03-23, name = \"x\" }]";
        assert_eq!(
            parse(off_and_working).unwrap_err(),
            CalendarError::OffAndWorking {
                date: date(2013, 3, 23)
            }
        );
    }

    #[test]
    fn weekdays_and_weekends_are_where_they_belong() {
        assert_eq!(
            parse("[[year]]\nyear = 2013\nworking = [{ date = 2013-05-03, name = \"x\" }]")
                .unwrap_err(),
            CalendarError::WorkingOnWeekday {
                date: date(2013, 5, 3),
                weekday: Weekday::Fri
            }
        );
        assert_eq!(
            parse("[[year]]\nyear = 2013\noff = [{ date = 2013-03-24, kind = \"moved\", name = \"x\" }]").unwrap_err(),
            CalendarError::DayOffOnWeekend { date: date(2013, 3, 24), kind: OffKind::Moved, weekday: Weekday::Sun }
        );
    }

    #[test]
    fn transfers_and_working_days_match_up() {
        assert_eq!(
            parse("[[year]]\nyear = 2013\noff = [{ date = 2013-05-10, kind = \"transfer\", name = \"x\" }]").unwrap_err(),
            CalendarError::TransferWithoutFrom { date: date(2013, 5, 10) }
        );
        assert_eq!(
            parse("[[year]]\nyear = 2013\noff = [{ date = 2013-03-25, kind = \"moved\", name = \"x\", from = 2013-03-23 }]").unwrap_err(),
            CalendarError::FromOnNonTransfer { date: date(2013, 3, 25) }
        );
        assert_eq!(
            parse("[[year]]\nyear = 2013\noff = [{ date = 2013-05-10, kind = \"transfer\", name = \"x\", from = 2013-05-04 }]").unwrap_err(),
            CalendarError::TransferFromUnlistedWeekend { date: date(2013, 5, 10), from: date(2013, 5, 4) }
        );
        assert_eq!(
            parse("[[year]]\nyear = 2013\nworking = [{ date = 2013-05-04, name = \"x\" }]")
                .unwrap_err(),
            CalendarError::WorkingWithoutTransfer {
                date: date(2013, 5, 4)
            }
        );
    }
}
