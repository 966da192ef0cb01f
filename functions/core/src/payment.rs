//! Payments reported by the payment gateway (ПШЭП), the `PAY#<application> / <payment id>`
//! items. The gateway's callback is authenticated by an HMAC-SHA256 of its body; a payment is
//! recorded once per payment id, however often the gateway repeats the callback.

use serde::{Deserialize, Serialize};

/// What the gateway says happened to a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentStatus {
    Paid,
    Declined,
}

/// A payment-gateway confirmation for an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// The gateway's id of the payment.
    pub payment_id: String,
    pub application: String,
    /// Amount in tiyn.
    pub amount: u64,
    pub status: PaymentStatus,
    /// RFC 3339 time the gateway recorded the payment.
    pub paid_at: String,
}

pub fn payments_pk(application: &str) -> String {
    format!("PAY#{application}")
}

/// What the payment check concludes from the payments recorded so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentVerdict {
    /// Paid at least the fee.
    Paid { total: u64 },
    /// Paid less than the fee.
    Short { total: u64, fee: u64 },
    /// The gateway declined the payment.
    Declined { payment_id: String },
    /// Nothing yet.
    Nothing,
}

/// Compare the payments with the fee.
pub fn verdict(payments: &[Payment], fee: u64) -> PaymentVerdict {
    let total: u64 = payments
        .iter()
        .filter(|p| p.status == PaymentStatus::Paid)
        .map(|p| p.amount)
        .sum();
    if total >= fee && total > 0 {
        return PaymentVerdict::Paid { total };
    }
    if let Some(declined) = payments
        .iter()
        .find(|p| p.status == PaymentStatus::Declined)
    {
        return PaymentVerdict::Declined {
            payment_id: declined.payment_id.clone(),
        };
    }
    if total > 0 {
        return PaymentVerdict::Short { total, fee };
    }
    PaymentVerdict::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(id: &str, amount: u64, status: PaymentStatus) -> Payment {
        Payment {
            payment_id: id.into(),
            application: "a".into(),
            amount,
            status,
            paid_at: "2013-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn the_fee_paid_in_parts_is_paid() {
        let p = [
            pay("1", 500, PaymentStatus::Paid),
            pay("2", 500, PaymentStatus::Paid),
        ];
        assert_eq!(verdict(&p, 1000), PaymentVerdict::Paid { total: 1000 });
    }

    #[test]
    fn less_than_the_fee_is_short() {
        let p = [pay("1", 999, PaymentStatus::Paid)];
        assert_eq!(
            verdict(&p, 1000),
            PaymentVerdict::Short {
                total: 999,
                fee: 1000
            }
        );
    }

    #[test]
    fn a_declined_payment_and_nothing_else_is_declined() {
        let p = [pay("1", 1000, PaymentStatus::Declined)];
        assert_eq!(
            verdict(&p, 1000),
            PaymentVerdict::Declined {
                payment_id: "1".into()
            }
        );
        assert_eq!(verdict(&[], 1000), PaymentVerdict::Nothing);
    }
}
