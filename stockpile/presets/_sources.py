"""Citations the presets share, as they appear in source notes."""

from __future__ import annotations

__all__ = ["HUR_NYT", "HUR_STOCKS"]

HUR_NYT = "Ukrainian military intelligence (HUR), via the New York Times (dnyuz.com/?p=15120)"
HUR_STOCKS = "HUR, via press reports of a Kyiv Independent investigation (no primary text found)"
