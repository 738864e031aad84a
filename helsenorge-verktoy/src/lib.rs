//! helsenorge-verktoy (work in progress).
