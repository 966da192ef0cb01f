//! The dates a version of a region's rules is in force.

use chrono::NaiveDate;

/// Read an ISO calendar date (`YYYY-MM-DD`, exactly).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The days a regulation is in force: from its first day to its last day, both included; open
/// while it has no last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InForce {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl InForce {
    /// The interval from a regulation's ISO dates; an error names the date that does not parse
    /// or an interval that ends before it starts.
    pub fn parse(from: &str, until: Option<&str>) -> Result<Self, String> {
        let first = parse_iso_date(from)
            .ok_or_else(|| format!("in-force-from {from:?} is not an ISO date (YYYY-MM-DD)"))?;
        let last = match until {
            None => None,
            Some(until) => Some(parse_iso_date(until).ok_or_else(|| {
                format!("in-force-until {until:?} is not an ISO date (YYYY-MM-DD)")
            })?),
        };
        if let Some(last) = last
            && last < first
        {
            return Err(format!(
                "in force until {last}, before it comes into force on {first}"
            ));
        }
        Ok(InForce {
            from: first,
            until: last,
        })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

#[cfg(feature = "compiler")]
/// The first day a publication asks for (`requested`, `--in-force-from`), checked against the
/// act's own days: an ISO date, not before the act comes into force, not after it ends.
pub fn later_start(
    requested: &str,
    act_from: &str,
    act_until: Option<&str>,
) -> Result<String, String> {
    let act = InForce::parse(act_from, act_until)?;
    let day = parse_iso_date(requested)
        .ok_or_else(|| format!("--in-force-from {requested:?} is not an ISO date (YYYY-MM-DD)"))?;
    if !act.contains(day) {
        return Err(format!(
            "--in-force-from {requested} lies outside the act's days in force ({act}): a version \
             cannot govern filings the act itself does not"
        ));
    }
    Ok(day.to_string())
}

impl std::fmt::Display for InForce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.until {
            Some(until) => write!(f, "{}..{}", self.from, until),
            None => write!(f, "{}..", self.from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_iso_date(s).expect("test date")
    }

    #[test]
    fn both_ends_are_in_force() {
        let akmola = InForce::parse("2012-11-05", Some("2013-06-03")).expect("valid");
        assert!(akmola.contains(date("2012-11-05")));
        assert!(akmola.contains(date("2013-06-03")));
        assert!(!akmola.contains(date("2012-11-04")));
        assert!(!akmola.contains(date("2013-06-04")));
        assert_eq!(akmola.to_string(), "2012-11-05..2013-06-03");
    }

    #[test]
    fn open_ended_runs_forever() {
        let open = InForce::parse("2015-10-15", None).expect("valid");
        assert!(open.contains(date("2099-01-01")));
        assert_eq!(open.to_string(), "2015-10-15..");
    }

    #[test]
    fn refuses_what_is_not_an_iso_date_or_a_backward_interval() {
        assert!(parse_iso_date("05.11.2012").is_none());
        assert!(parse_iso_date("2012-1-5").is_none());
        assert!(parse_iso_date("2013-02-30").is_none());
        let err = InForce::parse("2013-06-03", Some("2012-11-05")).expect_err("backwards");
        assert!(err.contains("before it comes into force"), "{err}");
    }
}
