//! Deadlines: when a term ("15 working days", "1 month", "20 minutes") started at a moment ends.
//!
//! Conventions (DECISIONS 8–10):
//! - seconds, minutes and hours are added exactly to the start instant;
//! - day-based terms count in the **region's time zone**: the start's day is its local date there
//!   (a registration at 20:00 UTC is already the next day in Almaty, UTC+6 until 2024);
//! - a day-based deadline falls at the **end of its day** in that time zone, represented as the
//!   last millisecond of the day (local 23:59:59.999). An action at or before `due` is in time;
//!   anything after it is late. (Using the last millisecond, not the next midnight, keeps the
//!   deadline on its own date when shown in local time.)
//! - calendar days: the end of the local day `start day + N`;
//! - working days: the registration day is day 0; the deadline is the end of the N-th working day
//!   after it ([`Calendar::add_working_days`]; N = 0 is the start day if working, else the next
//!   working day);
//! - months: the same day number N months later, or that month's last day if it is shorter
//!   (31 January + 1 month = 28 or 29 February), to the end of that day.
//!
//! A calendar-day or month deadline is not pushed off a holiday: the regulations and DECISIONS
//! say "N calendar days" and "N months" without that rule.

use chrono::{DateTime, Days, Months, NaiveDate, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::calendar::{Calendar, CalendarError};
use crate::rules::{Term, Unit};

/// Reads an IANA time zone name, as a regulation's `time_zone` gives it ("Asia/Almaty"); an
/// unknown name is [`CalendarError::UnknownTimeZone`].
pub fn parse_time_zone(name: &str) -> Result<Tz, CalendarError> {
    name.parse::<Tz>()
        .map_err(|_| CalendarError::UnknownTimeZone {
            name: name.to_owned(),
        })
}

/// The moment a `term` started at `start` ends, for a region in time zone `tz` whose working days
/// `calendar` gives. See the module documentation for the conventions.
///
/// Fails with [`CalendarError::YearNotCovered`] when a working-day count reaches a year the
/// calendar lacks, and with [`CalendarError::DateOutOfRange`] past chrono's range.
pub fn due(
    start: DateTime<Utc>,
    term: Term,
    tz: Tz,
    calendar: &Calendar,
) -> Result<DateTime<Utc>, CalendarError> {
    let amount = term.amount;
    match term.unit {
        Unit::Seconds => exact(start, TimeDelta::try_seconds(i64::from(amount))),
        Unit::Minutes => exact(start, TimeDelta::try_minutes(i64::from(amount))),
        Unit::Hours => exact(start, TimeDelta::try_hours(i64::from(amount))),
        Unit::CalendarDays => {
            let day = local_date(start, tz).checked_add_days(Days::new(u64::from(amount)));
            end_of_day(day.ok_or(CalendarError::DateOutOfRange)?, tz)
        }
        Unit::WorkingDays => end_of_day(
            calendar.add_working_days(local_date(start, tz), amount)?,
            tz,
        ),
        Unit::Months => {
            // chrono clamps to the month's last day: 31 Jan + 1 month = 28/29 Feb.
            let day = local_date(start, tz).checked_add_months(Months::new(amount));
            end_of_day(day.ok_or(CalendarError::DateOutOfRange)?, tz)
        }
    }
}

/// As [`due`], with the day of `start` left out of the term (Almaty para 8(5): at a service
/// centre "the day of acceptance is not counted"): a term in calendar days or months counts from
/// the next local day; a working-day term already starts after the start day, and a term in
/// seconds, minutes or hours is unchanged.
pub fn due_without_start_day(
    start: DateTime<Utc>,
    term: Term,
    tz: Tz,
    calendar: &Calendar,
) -> Result<DateTime<Utc>, CalendarError> {
    match term.unit {
        Unit::CalendarDays | Unit::Months => {
            let next = local_date(start, tz)
                .succ_opt()
                .ok_or(CalendarError::DateOutOfRange)?;
            due(start_of_day(next, tz)?, term, tz, calendar)
        }
        _ => due(start, term, tz, calendar),
    }
}

/// The moment `term` before the deadline `due`: exact for seconds, minutes and hours; for days
/// and months the end of the local day that many days (or months) earlier; for working days the
/// end of the working day that many working days earlier (Almaty para 8(6): the provider hands
/// the result over "a day before the term ends").
pub fn before(
    due: DateTime<Utc>,
    term: Term,
    tz: Tz,
    calendar: &Calendar,
) -> Result<DateTime<Utc>, CalendarError> {
    let amount = term.amount;
    let seconds = |n: i64| {
        TimeDelta::try_seconds(n)
            .and_then(|delta| due.checked_sub_signed(delta))
            .ok_or(CalendarError::DateOutOfRange)
    };
    let day = local_date(due, tz);
    match term.unit {
        Unit::Seconds => seconds(i64::from(amount)),
        Unit::Minutes => seconds(i64::from(amount) * 60),
        Unit::Hours => seconds(i64::from(amount) * 3600),
        Unit::CalendarDays => end_of_day(
            day.checked_sub_days(Days::new(u64::from(amount)))
                .ok_or(CalendarError::DateOutOfRange)?,
            tz,
        ),
        Unit::Months => end_of_day(
            day.checked_sub_months(Months::new(amount))
                .ok_or(CalendarError::DateOutOfRange)?,
            tz,
        ),
        Unit::WorkingDays => {
            let mut day = day;
            let mut left = amount;
            while left > 0 {
                day = day.pred_opt().ok_or(CalendarError::DateOutOfRange)?;
                if calendar.is_working_day(day)? {
                    left -= 1;
                }
            }
            end_of_day(day, tz)
        }
    }
}

fn exact(start: DateTime<Utc>, delta: Option<TimeDelta>) -> Result<DateTime<Utc>, CalendarError> {
    delta
        .and_then(|delta| start.checked_add_signed(delta))
        .ok_or(CalendarError::DateOutOfRange)
}

/// The date of `instant` in time zone `tz`.
fn local_date(instant: DateTime<Utc>, tz: Tz) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}

/// The last millisecond of local `date` in `tz`: one millisecond before the next day starts.
fn end_of_day(date: NaiveDate, tz: Tz) -> Result<DateTime<Utc>, CalendarError> {
    let next = date.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
    let start_of_next = start_of_day(next, tz)?;
    start_of_next
        .checked_sub_signed(TimeDelta::milliseconds(1))
        .ok_or(CalendarError::DateOutOfRange)
}

/// The first instant of local `date` in `tz`. Midnight normally; if a clock change skips
/// midnight, the first whole hour that exists; if midnight occurs twice, the earlier.
fn start_of_day(date: NaiveDate, tz: Tz) -> Result<DateTime<Utc>, CalendarError> {
    (0..24)
        .filter_map(|hour| date.and_hms_opt(hour, 0, 0))
        .find_map(|local| tz.from_local_datetime(&local).earliest())
        .map(|instant| instant.with_timezone(&Utc))
        .ok_or(CalendarError::DateOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALMATY: Tz = chrono_tz::Asia::Almaty;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn term(amount: u32, unit: Unit) -> Term {
        Term { amount, unit }
    }

    fn due_kz(start: &str, amount: u32, unit: Unit) -> Result<DateTime<Utc>, CalendarError> {
        due(
            at(start),
            term(amount, unit),
            ALMATY,
            Calendar::kazakhstan(),
        )
    }

    #[test]
    fn seconds_minutes_and_hours_add_exactly() {
        let start = "2013-03-18T20:00:00Z";
        assert_eq!(
            due_kz(start, 15, Unit::Seconds).unwrap(),
            at("2013-03-18T20:00:15Z")
        );
        assert_eq!(
            due_kz(start, 20, Unit::Minutes).unwrap(),
            at("2013-03-18T20:20:00Z")
        );
        // Hours ignore days off: 2 hours from Friday evening end on Friday night.
        assert_eq!(
            due_kz("2013-03-22T16:30:00Z", 2, Unit::Hours).unwrap(),
            at("2013-03-22T18:30:00Z")
        );
    }

    #[test]
    fn working_days_cross_nauryz() {
        // Mon 18 Mar 2013 09:00 Almaty (+06). Day 0 is 18 Mar; 21–23 and 25 Mar are off.
        assert_eq!(
            due_kz("2013-03-18T03:00:00Z", 15, Unit::WorkingDays).unwrap(),
            at("2013-04-11T23:59:59.999+06:00")
        );
    }

    #[test]
    fn the_start_day_is_taken_in_the_region_time_zone() {
        // 20:00 UTC on 18 Mar is 02:00 on 19 Mar in Almaty: day 0 is Tue 19 Mar.
        assert_eq!(
            due_kz("2013-03-18T20:00:00Z", 15, Unit::WorkingDays).unwrap(),
            at("2013-04-12T23:59:59.999+06:00")
        );
        // Same instant in a UTC region: day 0 is still 18 Mar.
        let utc = due(
            at("2013-03-18T20:00:00Z"),
            term(15, Unit::WorkingDays),
            Tz::UTC,
            Calendar::kazakhstan(),
        );
        assert_eq!(utc.unwrap(), at("2013-04-11T23:59:59.999Z"));
    }

    #[test]
    fn working_days_cross_new_year_and_a_transfer_saturday() {
        // Fri 27 Dec 2013: Sat 28 Dec is a working Saturday, then Mon 30, Tue 31.
        assert_eq!(
            due_kz("2013-12-27T05:00:00Z", 3, Unit::WorkingDays).unwrap(),
            at("2013-12-31T23:59:59.999+06:00")
        );
        // Mon 30 Dec 2013 + 3: 31 Dec; 1–2 Jan holidays, 3 Jan transfer, 6 Jan, 7 Jan Christmas, 8 Jan.
        assert_eq!(
            due_kz("2013-12-30T05:00:00Z", 3, Unit::WorkingDays).unwrap(),
            at("2014-01-08T23:59:59.999+06:00")
        );
    }

    #[test]
    fn working_days_skip_a_weekend() {
        assert_eq!(
            due_kz("2013-05-31T05:00:00Z", 1, Unit::WorkingDays).unwrap(),
            at("2013-06-03T23:59:59.999+06:00")
        );
        // Wed 8 May 2013 + 1: 9 May Victory Day, 10 May transfer, weekend: Mon 13 May.
        assert_eq!(
            due_kz("2013-05-08T05:00:00Z", 1, Unit::WorkingDays).unwrap(),
            at("2013-05-13T23:59:59.999+06:00")
        );
    }

    #[test]
    fn a_service_centre_term_leaves_out_the_acceptance_day_and_hands_over_a_day_early() {
        let cal = Calendar::kazakhstan();
        // Accepted Friday 31 May 2013 at 17:00 in Almaty: 1 month counts from 1 June.
        let accepted = at("2013-05-31T17:00:00+06:00");
        let month = term(1, Unit::Months);
        assert_eq!(
            due(accepted, month, ALMATY, cal).unwrap(),
            at("2013-06-30T23:59:59.999+06:00")
        );
        let due_at_centre = due_without_start_day(accepted, month, ALMATY, cal).unwrap();
        assert_eq!(due_at_centre, at("2013-07-01T23:59:59.999+06:00"));
        // 15 calendar days: to 16 June, not 15 June.
        assert_eq!(
            due_without_start_day(accepted, term(15, Unit::CalendarDays), ALMATY, cal).unwrap(),
            at("2013-06-16T23:59:59.999+06:00")
        );
        // Working days already start after the acceptance day.
        assert_eq!(
            due_without_start_day(accepted, term(5, Unit::WorkingDays), ALMATY, cal).unwrap(),
            due(accepted, term(5, Unit::WorkingDays), ALMATY, cal).unwrap()
        );
        // The provider hands over a day before: by the end of 30 June.
        assert_eq!(
            before(due_at_centre, term(1, Unit::CalendarDays), ALMATY, cal).unwrap(),
            at("2013-06-30T23:59:59.999+06:00")
        );
        // A working day before Monday 25 March 2013 (a day off in place of Saturday's Nauryz,
        // after Nauryz 21–23 March) is Wednesday 20 March.
        assert_eq!(
            before(
                at("2013-03-25T23:59:59.999+06:00"),
                term(1, Unit::WorkingDays),
                ALMATY,
                cal
            )
            .unwrap(),
            at("2013-03-20T23:59:59.999+06:00")
        );
        assert_eq!(
            before(accepted, term(20, Unit::Minutes), ALMATY, cal).unwrap(),
            at("2013-05-31T16:40:00+06:00")
        );
    }

    #[test]
    fn calendar_days_end_at_the_end_of_the_local_day() {
        // Local start 19 Mar 02:00; + 15 days = 3 Apr, holidays notwithstanding.
        assert_eq!(
            due_kz("2013-03-18T20:00:00Z", 15, Unit::CalendarDays).unwrap(),
            at("2013-04-03T23:59:59.999+06:00")
        );
        assert_eq!(
            due_kz("2013-03-18T03:00:00Z", 0, Unit::CalendarDays).unwrap(),
            at("2013-03-18T23:59:59.999+06:00")
        );
    }

    #[test]
    fn months_keep_the_day_number_or_take_the_month_end() {
        assert_eq!(
            due_kz("2013-01-31T04:00:00Z", 1, Unit::Months).unwrap(),
            at("2013-02-28T23:59:59.999+06:00")
        );
        // Leap year. Almaty moved from UTC+6 to UTC+5 as this day ended (see the next test).
        assert_eq!(
            due_kz("2024-01-31T04:00:00Z", 1, Unit::Months).unwrap(),
            at("2024-02-29T23:59:59.999+05:00")
        );
        assert_eq!(
            due_kz("2013-03-15T04:00:00Z", 1, Unit::Months).unwrap(),
            at("2013-04-15T23:59:59.999+06:00")
        );
        // Months do not need the working-day calendar: 2030 is fine.
        assert!(due_kz("2030-01-15T04:00:00Z", 1, Unit::Months).is_ok());
    }

    #[test]
    fn the_2024_clock_change_in_almaty_ends_29_february_at_the_later_midnight() {
        // On 1 Mar 2024 00:00 +06 Almaty's clocks went back to 29 Feb 23:00 +05: the local hour
        // 23:00–24:00 of 29 Feb happened twice. The day ends when 1 Mar starts, at 00:00 +05.
        assert_eq!(
            due_kz("2024-02-29T04:00:00Z", 0, Unit::CalendarDays).unwrap(),
            at("2024-02-29T18:59:59.999Z")
        );
    }

    #[test]
    fn a_year_not_covered_is_an_error() {
        assert_eq!(
            due_kz("2011-06-01T04:00:00Z", 5, Unit::WorkingDays).unwrap_err(),
            CalendarError::YearNotCovered {
                year: 2011,
                covered: (2012, 2026)
            }
        );
        assert_eq!(
            due_kz("2026-12-25T04:00:00Z", 10, Unit::WorkingDays).unwrap_err(),
            CalendarError::YearNotCovered {
                year: 2027,
                covered: (2012, 2026)
            }
        );
    }

    #[test]
    fn time_zones_parse_by_iana_name() {
        assert_eq!(parse_time_zone("Asia/Almaty").unwrap(), ALMATY);
        assert_eq!(parse_time_zone("Asia/Oral").unwrap(), chrono_tz::Asia::Oral);
        let err = parse_time_zone("Almaty").unwrap_err();
        assert_eq!(
            err,
            CalendarError::UnknownTimeZone {
                name: "Almaty".into()
            }
        );
        assert!(err.to_string().contains("Asia/Almaty"));
    }
}
