//! hint-okonomi (work in progress).
