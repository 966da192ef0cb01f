//! The published versions of one region and the choice among them: the version in force on a
//! date, and the catalogue.

use chrono::NaiveDate;

use crate::dates::InForce;
use crate::record::PublishedVersion;

/// The published versions of one region's rules and its active pointer.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegionVersions {
    versions: Vec<(PublishedVersion, InForce)>,
    active: Option<String>,
}

impl RegionVersions {
    /// Add a version (or replace the record of the same digest). Fails if its recorded dates do
    /// not parse, which publishing prevents.
    pub(crate) fn insert(&mut self, version: PublishedVersion) -> Result<(), String> {
        let in_force = InForce::parse(&version.in_force_from, version.in_force_until.as_deref())?;
        self.versions.retain(|(v, _)| v.digest != version.digest);
        self.versions.push((version, in_force));
        Ok(())
    }

    pub(crate) fn set_active(&mut self, digest: Option<String>) {
        self.active = digest;
    }

    pub(crate) fn active(&self) -> Option<&str> {
        self.active.as_deref()
    }

    pub(crate) fn versions(&self) -> impl Iterator<Item = &PublishedVersion> {
        self.versions.iter().map(|(v, _)| v)
    }

    /// The version in force on `date`: among the versions whose in-force days contain it, the
    /// active one if it is among them, else the most recently published. When none covers the
    /// date, the error lists the days the published versions do cover.
    pub(crate) fn in_force(&self, date: NaiveDate) -> Result<&PublishedVersion, String> {
        let covering = self
            .versions
            .iter()
            .filter(|(_, in_force)| in_force.contains(date));
        self.preferred(covering.map(|(v, _)| v)).ok_or_else(|| {
            let mut spans: Vec<String> = self
                .versions
                .iter()
                .map(|(_, in_force)| in_force.to_string())
                .collect();
            spans.sort();
            spans.dedup();
            if spans.is_empty() {
                "no versions are published".to_string()
            } else {
                format!("published versions cover {}", spans.join(", "))
            }
        })
    }

    /// One version per act: the active one if it carries the act, else the most recently
    /// published; ordered by first day in force.
    pub(crate) fn catalogue(&self) -> Vec<&PublishedVersion> {
        let mut acts: Vec<&reglament_core::rules::Message> = Vec::new();
        for (version, _) in &self.versions {
            if !acts.contains(&&version.act) {
                acts.push(&version.act);
            }
        }
        let mut chosen: Vec<&PublishedVersion> = acts
            .into_iter()
            .filter_map(|act| self.preferred(self.versions().filter(|v| &v.act == act)))
            .collect();
        chosen.sort_by(|a, b| a.in_force_from.cmp(&b.in_force_from));
        chosen
    }

    /// Among `candidates`: the active version, else the most recently published (the digest
    /// breaks a tie, so the choice never depends on the order of loading).
    fn preferred<'a>(
        &self,
        candidates: impl Iterator<Item = &'a PublishedVersion>,
    ) -> Option<&'a PublishedVersion> {
        let candidates: Vec<&PublishedVersion> = candidates.collect();
        if let Some(active) = &self.active
            && let Some(version) = candidates.iter().find(|v| &v.digest == active)
        {
            return Some(version);
        }
        candidates
            .into_iter()
            .max_by(|a, b| (a.published_at, &a.digest).cmp(&(b.published_at, &b.digest)))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use reglament_core::rules::Message;

    use super::*;
    use crate::dates::parse_iso_date;

    fn act(name: &str) -> Message {
        Message {
            ru: name.into(),
            kk: name.into(),
            en: name.into(),
        }
    }

    fn version(
        digest: &str,
        act_name: &str,
        from: &str,
        until: Option<&str>,
        published: u32,
    ) -> PublishedVersion {
        PublishedVersion {
            region: "west-kazakhstan".into(),
            digest: digest.into(),
            act: act(act_name),
            in_force_from: from.into(),
            in_force_until: until.map(Into::into),
            published_at: Utc
                .with_ymd_and_hms(2025, 1, published, 0, 0, 0)
                .single()
                .expect("date"),
            artifact: format!("{digest}.cwasm"),
            engine: "test".into(),
        }
    }

    fn date(text: &str) -> NaiveDate {
        parse_iso_date(text).expect("test date")
    }

    fn wko() -> RegionVersions {
        let mut versions = RegionVersions::default();
        for v in [
            version("a2013", "No. 72", "2013-06-28", Some("2014-01-15"), 1),
            version("b2015", "No. 263", "2015-10-15", Some("2020-04-20"), 2),
            // The 2015 act published again, later (e.g. a fixed component).
            version("c2015", "No. 263", "2015-10-15", Some("2020-04-20"), 3),
        ] {
            versions.insert(v).expect("valid");
        }
        versions
    }

    #[test]
    fn the_filing_date_picks_the_act() {
        let versions = wko();
        assert_eq!(
            versions.in_force(date("2013-07-01")).expect("2013").digest,
            "a2013"
        );
        assert_eq!(
            versions.in_force(date("2016-01-01")).expect("2015").digest,
            "c2015"
        );
    }

    #[test]
    fn the_active_version_wins_among_those_in_force() {
        let mut versions = wko();
        versions.set_active(Some("b2015".into()));
        assert_eq!(
            versions.in_force(date("2016-01-01")).expect("2015").digest,
            "b2015"
        );
        // Active elsewhere in time does not matter on a date it does not cover.
        assert_eq!(
            versions.in_force(date("2013-07-01")).expect("2013").digest,
            "a2013"
        );
    }

    #[test]
    fn a_date_outside_every_act_names_what_is_covered() {
        let err = wko().in_force(date("2014-06-01")).expect_err("gap");
        assert_eq!(
            err,
            "published versions cover 2013-06-28..2014-01-15, 2015-10-15..2020-04-20"
        );
        let none = RegionVersions::default()
            .in_force(date("2014-06-01"))
            .expect_err("empty");
        assert_eq!(none, "no versions are published");
    }

    #[test]
    fn the_catalogue_has_one_version_per_act() {
        let mut versions = wko();
        let digests: Vec<&str> = versions
            .catalogue()
            .iter()
            .map(|v| v.digest.as_str())
            .collect();
        assert_eq!(digests, ["a2013", "c2015"]);
        versions.set_active(Some("b2015".into()));
        let digests: Vec<&str> = versions
            .catalogue()
            .iter()
            .map(|v| v.digest.as_str())
            .collect();
        assert_eq!(digests, ["a2013", "b2015"]);
    }
}
