"""Fonts for the report: matplotlib's DejaVu Sans first, so the layout is the same on every
machine, then whichever fonts this machine has for letters DejaVu Sans lacks (names written in
other scripts, symbols). matplotlib falls back from one font to the next letter by letter."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.text import Text

# Tried in this order, when installed.
_FALLBACKS = (
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
    "Noto Sans Symbols",
    "Noto Sans Symbols2",
    "Droid Sans Fallback",
    "WenQuanYi Zen Hei",
    "Source Han Sans",
    "Microsoft YaHei",
    "Yu Gothic",
    "Malgun Gothic",
    "Segoe UI",
    "Segoe UI Symbol",
    "Arial Unicode MS",
    "PingFang SC",
    "Hiragino Sans",
    "Noto Emoji",
    "Symbola",
    "STIXGeneral",  # shipped with matplotlib: mathematical letters and symbols
)


@functools.cache
def font_families() -> tuple[str, ...]:
    """DejaVu Sans (matplotlib's own, so the layout is the same everywhere), then the
    fallback fonts this machine has."""
    installed = {f.name for f in fontManager.ttflist}
    return ("DejaVu Sans", *(name for name in _FALLBACKS if name in installed))


def use_fallback_fonts(fig: Figure) -> None:
    """Let every text of a chart fall back to other fonts for letters DejaVu Sans lacks."""
    families = list(font_families())
    if len(families) > 1:
        for text in fig.findobj(Text):
            text.set_fontfamily(families)
