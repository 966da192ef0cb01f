//! Applications this process committed a moment ago, kept so that the step that follows need not
//! read them back from the store.
//!
//! A version of an application is written exactly once (every transition is conditioned on the
//! version before it), so the state committed as version `v` is the state any reader would load
//! at version `v`. A step event names the version it was emitted at; when the remembered state
//! has that version it is the current one, or the step's own conditional commit finds that it
//! moved on and changes nothing (and then reads the store to tell a stale delivery from a lost
//! race). Only applications still in progress or waiting are kept, up to a
//! fixed number; a finished one is forgotten.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::application::Application;

/// How many applications [`Recent::default`] keeps at most.
pub const DEFAULT_CAPACITY: usize = 16_384;

/// The last committed state of applications still under way in this process.
pub struct Recent {
    entries: Mutex<HashMap<String, Arc<Application>>>,
    capacity: usize,
}

impl Default for Recent {
    fn default() -> Self {
        Recent::new(DEFAULT_CAPACITY)
    }
}

impl Recent {
    /// Keeps at most `capacity` applications (0 keeps none).
    pub fn new(capacity: usize) -> Self {
        Recent {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The application's remembered state, if it is at `version`.
    pub fn at_version(&self, id: &str, version: u64) -> Option<Arc<Application>> {
        self.entries()
            .get(id)
            .filter(|app| app.version == version)
            .cloned()
    }

    /// Remembers a state just committed; a finished application is forgotten instead. When full,
    /// new applications are not remembered (the ones under way finish and make room).
    pub fn remember(&self, app: &Application) {
        if app.status.is_final() {
            self.entries().remove(&app.id);
            return;
        }
        // Copied before taking the lock: every step of every application passes here.
        let copy = Arc::new(app.clone());
        let mut entries = self.entries();
        match entries.get(&app.id) {
            // Two runs of a step may report out of order: the newer version stays.
            Some(kept) if kept.version >= app.version => {}
            Some(_) => {
                entries.insert(copy.id.clone(), copy);
            }
            None if entries.len() < self.capacity => {
                entries.insert(copy.id.clone(), copy);
            }
            None => {}
        }
    }

    /// Forget an application (its remembered state turned out outdated).
    pub fn forget(&self, id: &str) {
        self.entries().remove(id);
    }

    /// How many applications are remembered.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether none is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The map; a panic while it was held cannot leave it inconsistent, so poison is moot.
    fn entries(&self) -> MutexGuard<'_, HashMap<String, Arc<Application>>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
