//! hint-arkiv (work in progress).
