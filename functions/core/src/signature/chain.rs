//! The path from the signer's certificate to a trusted root: each certificate signed by the
//! next, each intermediate a CA, the last a root of the [`TrustStore`].

use x509_cert::Certificate;

use super::certificate::{self, IssuedProblem};
use super::trust::TrustStore;

/// The longest chain accepted, root included; the national CA uses two or three.
const MAX_LENGTH: usize = 8;

/// A verified chain: the signer's certificate first, the trusted root last (a trusted root that
/// signs requests itself is a chain of one).
#[derive(Debug)]
pub(crate) struct Chain<'a> {
    pub certificates: Vec<&'a Certificate>,
}

impl Chain<'_> {
    /// Each certificate with the one that issued it, signer first; the root is not paired.
    pub(crate) fn issued_pairs(&self) -> impl Iterator<Item = (&Certificate, &Certificate)> {
        self.certificates.windows(2).map(|pair| (pair[0], pair[1]))
    }
}

/// Why no chain to a trusted root exists: which certificate is stuck and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChainProblem {
    /// The subject of the certificate whose issuer was not found or did not verify.
    pub certificate: String,
    pub reason: String,
}

/// Builds the chain of `leaf` from the request's own `extra` certificates and the store.
pub(crate) fn build<'a>(
    trust: &'a TrustStore,
    leaf: &'a Certificate,
    extra: &'a [Certificate],
) -> Result<Chain<'a>, ChainProblem> {
    let mut certificates = vec![leaf];
    let mut current = leaf;
    loop {
        if let Some(root) = trusted_root(trust, current)? {
            if root != current {
                certificates.push(root);
            }
            return Ok(Chain { certificates });
        }
        if certificates.len() + 1 >= MAX_LENGTH {
            return Err(stuck(
                current,
                format!("the chain is longer than {MAX_LENGTH} certificates"),
            ));
        }
        let next = intermediate(trust, extra, current, &certificates)?;
        certificates.push(next);
        current = next;
    }
}

/// The trusted root that issued `cert` (or `cert` itself, when it is a trusted root).
fn trusted_root<'a>(
    trust: &'a TrustStore,
    cert: &Certificate,
) -> Result<Option<&'a Certificate>, ChainProblem> {
    if let Some(itself) = trust.roots().iter().find(|root| *root == cert) {
        return Ok(Some(itself));
    }
    let named: Vec<&Certificate> = trust
        .roots()
        .iter()
        .filter(|root| root.tbs_certificate.subject == cert.tbs_certificate.issuer)
        .collect();
    first_signer(cert, &named).map_err(|problem| {
        stuck(
            cert,
            format!(
                "the trusted root \"{}\" did not sign it: {problem}",
                certificate::issuer(cert)
            ),
        )
    })
}

/// The intermediate CA (from the request or the store) that issued `cert`; it must be a CA and
/// not already in the chain.
fn intermediate<'a>(
    trust: &'a TrustStore,
    extra: &'a [Certificate],
    cert: &Certificate,
    chain: &[&Certificate],
) -> Result<&'a Certificate, ChainProblem> {
    let named: Vec<&Certificate> = extra
        .iter()
        .chain(trust.intermediates())
        .filter(|ca| ca.tbs_certificate.subject == cert.tbs_certificate.issuer)
        .filter(|ca| !chain.contains(ca))
        .collect();
    if named.is_empty() {
        return Err(stuck(
            cert,
            format!(
                "its issuer \"{}\" is neither a trusted root nor a known intermediate CA",
                certificate::issuer(cert)
            ),
        ));
    }
    let issuer = first_signer(cert, &named)
        .map_err(|problem| {
            stuck(
                cert,
                format!(
                    "its issuer \"{}\" did not sign it: {problem}",
                    certificate::issuer(cert)
                ),
            )
        })?
        .ok_or_else(|| stuck(cert, "no issuer certificate verifies its signature".into()))?;
    if !certificate::is_ca(issuer) {
        return Err(stuck(
            cert,
            format!(
                "its issuer \"{}\" is not a CA certificate (basicConstraints cA is not set)",
                certificate::subject(issuer)
            ),
        ));
    }
    Ok(issuer)
}

/// The first of `candidates` whose key verifies `cert`'s signature; `Ok(None)` if there are no
/// candidates; the last problem if none verifies.
fn first_signer<'a>(
    cert: &Certificate,
    candidates: &[&'a Certificate],
) -> Result<Option<&'a Certificate>, IssuedProblem> {
    let mut last_problem = None;
    for candidate in candidates {
        match certificate::issued_by(cert, candidate) {
            Ok(()) => return Ok(Some(candidate)),
            Err(problem) => last_problem = Some(problem),
        }
    }
    match last_problem {
        Some(problem) => Err(problem),
        None => Ok(None),
    }
}

fn stuck(cert: &Certificate, reason: String) -> ChainProblem {
    ChainProblem {
        certificate: certificate::subject(cert),
        reason,
    }
}
