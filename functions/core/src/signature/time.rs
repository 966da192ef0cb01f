//! Between the X.509 `Time` of certificates and CRLs and the `chrono` time of the domain.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use der::asn1::{GeneralizedTime, UtcTime};
use x509_cert::time::Time;

/// The instant of an X.509 time (whole seconds, UTC).
pub(crate) fn from_x509(time: &Time) -> DateTime<Utc> {
    let since_epoch = time.to_unix_duration();
    i64::try_from(since_epoch.as_secs())
        .ok()
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The X.509 time of an instant, as RFC 5280 wants it: UTCTime through 2049, GeneralizedTime
/// from 2050; sub-second precision is dropped. Instants before 1970 are refused.
pub(crate) fn to_x509(at: DateTime<Utc>) -> der::Result<Time> {
    let seconds = u64::try_from(at.timestamp()).map_err(|_| der::ErrorKind::DateTime)?;
    let since_epoch = Duration::from_secs(seconds);
    let date = der::DateTime::from_unix_duration(since_epoch)?;
    if date.year() <= UtcTime::MAX_YEAR {
        Ok(Time::UtcTime(UtcTime::from_date_time(date)?))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_date_time(date)))
    }
}

/// An instant as the failure messages print it, e.g. `2012-01-01T00:00:00Z`.
pub(crate) fn display(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn round_trips_through_utc_time_and_generalized_time() {
        for year in [1990, 2012, 2049, 2050, 2100] {
            let at = Utc
                .with_ymd_and_hms(year, 3, 21, 10, 30, 5)
                .single()
                .expect("date");
            let time = to_x509(at).expect("encodable");
            assert_eq!(matches!(time, Time::UtcTime(_)), year < 2050, "{year}");
            assert_eq!(from_x509(&time), at);
        }
    }

    #[test]
    fn displays_whole_seconds_with_z() {
        let at = Utc
            .with_ymd_and_hms(2012, 1, 1, 0, 0, 0)
            .single()
            .expect("date");
        assert_eq!(display(&at), "2012-01-01T00:00:00Z");
    }
}
