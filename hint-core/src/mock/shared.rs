//! The state a service mock keeps, shared between the mock's handle and its router.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

/// A mock's state behind one lock: the mock's own handle seeds and inspects it, the
/// [`Router`](super::Router) hands it to the route handlers. Cheap to clone.
///
/// ```
/// use hint_core::mock::Shared;
/// let state = Shared::new(vec![1, 2]);
/// state.lock().push(3);
/// assert_eq!(state.lock().len(), 3);
/// ```
pub struct Shared<S>(Arc<Mutex<S>>);

impl<S> Shared<S> {
    /// Wraps a state.
    pub fn new(state: S) -> Self {
        Shared(Arc::new(Mutex::new(state)))
    }

    /// Locks the state. A handler that panicked while holding the lock does not poison the mock
    /// for the rest of the test: the state is used as that handler left it.
    pub fn lock(&self) -> MutexGuard<'_, S> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<S: Default> Default for Shared<S> {
    fn default() -> Self {
        Shared::new(S::default())
    }
}

impl<S> fmt::Debug for Shared<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The state holds test data, possibly personal numbers: never print it.
        f.write_str("Shared(..)")
    }
}
