//! hint-budsjett (work in progress).
