//! Accounts: portal applicants and provider staff (the `ACCT#<login> / META` item).
//!
//! A portal account logs in with its IIN/BIN and password (the regulation's C1). A staff account
//! belongs to one region's provider with one or more roles. Passwords are kept as argon2 hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use reglament_store::{Condition, Item, Key, Store, StoreError, Transaction, Write};
use serde::{Deserialize, Serialize};

use crate::identity::TaxpayerId;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Files and follows their own applications on the portal.
    Applicant,
    /// A provider employee: files for applicants with paper documents and reviews applications.
    Employee,
    /// Provider office: registers incoming and outgoing documents.
    Office,
    /// Provider head: assigns executors and signs results.
    Head,
    /// Provider executor: checks and prepares results.
    Executor,
    /// A public service centre operator.
    Operator,
    /// Publishes and activates regional rules.
    Admin,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Employee => "employee",
            Role::Office => "office",
            Role::Head => "head",
            Role::Executor => "executor",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        [
            Role::Applicant,
            Role::Employee,
            Role::Office,
            Role::Head,
            Role::Executor,
            Role::Operator,
            Role::Admin,
        ]
        .into_iter()
        .find(|r| r.name() == name)
    }

    /// Whether the role belongs to a provider's staff.
    pub fn is_provider_staff(self) -> bool {
        matches!(
            self,
            Role::Employee | Role::Office | Role::Head | Role::Executor
        )
    }
}

/// A login of the system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// For staff: the region whose provider (or service centre) they work for.
    pub region: Option<String>,
    /// For applicants: their IIN/BIN (equal to the login). For staff: their own IIN, the one
    /// their EDS certificate carries.
    pub taxpayer_id: Option<String>,
    pub password_hash: String,
    pub active: bool,
}

impl Account {
    /// A portal account of an applicant: the login is the IIN/BIN.
    pub fn applicant(id: &TaxpayerId, name: &str, password: &str) -> Result<Account, AccountError> {
        Ok(Account {
            login: id.to_string(),
            name: name.to_string(),
            roles: vec![Role::Applicant],
            region: None,
            taxpayer_id: Some(id.to_string()),
            password_hash: hash_password(password)?,
            active: true,
        })
    }

    /// A staff account of a region's provider or service centre.
    pub fn staff(
        login: &str,
        name: &str,
        region: &str,
        roles: Vec<Role>,
        iin: Option<&TaxpayerId>,
        password: &str,
    ) -> Result<Account, AccountError> {
        if login.is_empty() || login.len() > 64 || !login.chars().all(is_login_char) {
            return Err(AccountError::BadLogin(login.to_string()));
        }
        if roles.is_empty() || roles.contains(&Role::Applicant) {
            return Err(AccountError::BadRoles);
        }
        Ok(Account {
            login: login.to_string(),
            name: name.to_string(),
            roles,
            region: Some(region.to_string()),
            taxpayer_id: iin.map(|i| i.to_string()),
            password_hash: hash_password(password)?,
            active: true,
        })
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_applicant(&self) -> bool {
        self.has_role(Role::Applicant)
    }

    /// Whether the account is staff of the given region's provider.
    pub fn is_staff_of(&self, region: &str) -> bool {
        self.region.as_deref() == Some(region) && self.roles.iter().any(|r| r.is_provider_staff())
    }

    pub fn check_password(&self, password: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(&self.password_hash) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    }
}

fn is_login_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@')
}

fn hash_password(password: &str) -> Result<String, AccountError> {
    if password.len() < 8 {
        return Err(AccountError::WeakPassword);
    }
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// Why an account could not be made or stored.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("login {0:?} is not valid: use 1–64 letters, digits, '.', '-', '_' or '@'")]
    BadLogin(String),
    #[error(
        "a staff account needs at least one staff role (employee, office, head, executor, operator, admin)"
    )]
    BadRoles,
    #[error("the password must be at least 8 characters long")]
    WeakPassword,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("account {0:?} already exists")]
    Exists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub fn account_key(login: &str) -> Key {
    Key::new(format!("ACCT#{login}"), "META")
}

/// Load an account by login.
pub async fn load(store: &dyn Store, login: &str) -> Result<Option<Account>, StoreError> {
    match store.get(&account_key(login)).await? {
        Some(item) => item.to_value().map(Some),
        None => Ok(None),
    }
}

/// Store a new account; an existing login is an error and is left unchanged.
pub async fn create(store: &dyn Store, account: &Account) -> Result<(), AccountError> {
    let item = Item::from_value(account_key(&account.login), account)?;
    let tx = Transaction::new(vec![Write::Put {
        item,
        condition: Condition::NotExists,
    }]);
    match store.transact(tx).await {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(AccountError::Exists(account.login.clone())),
        Err(e) => Err(e.into()),
    }
}
