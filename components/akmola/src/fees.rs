//! The fee the portal route checks (P4 / C2), in tiyn.
//!
//! **Assumption.** The act says only "оплата услуги" (payment for the service) and gives no amount
//! (DECISIONS 4; spec §4.1). What the applicant pays is the licence fee (лицензионный сбор) of
//! the Tax Code in force in 2012, which sets its rates in monthly calculation indices (MCI). The
//! project assumes:
//! - issuing a licence for any of the five activities: [`ISSUE_FEE_MCI`] = 10 MCI, the Tax
//!   Code's general rate for licensed activities not given a rate of their own;
//! - re-issue: [`REISSUE_FEE_MCI`] = 1 MCI, taken as 10 % of the issue rate;
//! - a duplicate: [`DUPLICATE_FEE_MCI`] = 1 MCI, likewise.
//!
//! The MCI is the 2012 one, [`MCI_2012_TENGE`] = 1 618 tenge, set by the republican budget law
//! for 2012–2014. The act stayed in force until June 2013, when the MCI was 1 731 tenge; `fee`
//! has no date to tell the two apart (noted in the report on the WIT), so 2012's is used.
//!
//! None of the five services is free of charge. Only the portal route pays; the provider route
//! has no payment step (DECISIONS 2).

use crate::service::{self, LicenceService};
use crate::types::RequestKind;

/// The monthly calculation index (МРП) of 2012, in tenge.
pub const MCI_2012_TENGE: u64 = 1_618;

/// Tiyn in one tenge.
pub const TIYN_PER_TENGE: u64 = 100;

/// Licence fee for issuing a licence, in MCI (an assumption; see the module documentation).
pub const ISSUE_FEE_MCI: u64 = 10;

/// Licence fee for re-issuing a licence, in MCI (an assumption: 10 % of the issue fee).
pub const REISSUE_FEE_MCI: u64 = 1;

/// Licence fee for a duplicate of a licence, in MCI (an assumption: 10 % of the issue fee).
pub const DUPLICATE_FEE_MCI: u64 = 1;

/// `fee`: what the applicant pays for the service and kind, in tiyn. `None` for a service or kind
/// the act does not provide (the host turns those back before any payment).
pub fn fee(service_id: &str, kind: RequestKind) -> Option<u64> {
    LicenceService::from_id(service_id)?;
    if !service::provides(kind) {
        return None;
    }
    let mci = match kind {
        RequestKind::Reissue => REISSUE_FEE_MCI,
        RequestKind::Duplicate => DUPLICATE_FEE_MCI,
        _ => ISSUE_FEE_MCI,
    };
    Some(mci_to_tiyn(mci))
}

/// An amount in MCI of 2012, in tiyn.
pub const fn mci_to_tiyn(mci: u64) -> u64 {
    mci * MCI_2012_TENGE * TIYN_PER_TENGE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_pays_ten_mci_to_issue_and_one_for_reissue_or_duplicate() {
        for service in LicenceService::ALL {
            assert_eq!(fee(service.id(), RequestKind::Issue), Some(1_618_000));
            assert_eq!(fee(service.id(), RequestKind::Reissue), Some(161_800));
            assert_eq!(fee(service.id(), RequestKind::Duplicate), Some(161_800));
        }
    }

    #[test]
    fn what_the_act_does_not_provide_has_no_fee() {
        assert_eq!(fee("emission-permit", RequestKind::Issue), None);
        assert_eq!(fee("veterinary", RequestKind::Preliminary), None);
    }
}
