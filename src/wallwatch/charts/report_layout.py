"""Page layout for the report: A4 portrait figures, text placed in inches from the top, words
wrapped by their measured width, and a flowing cursor that starts a new page when one is full.

No pyplot and no global style changes: the report may be drawn on a worker thread while the
window draws its own charts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.textpath import TextToPath

from wallwatch.charts.palette import LIGHT, ChartPalette
from wallwatch.charts.report_fonts import font_families

PAGE_W, PAGE_H = 8.27, 11.69  # A4 in inches
MARGIN_X = 0.6
TOP = 0.6
BOTTOM = 0.85  # room for the footer
CONTENT_W = PAGE_W - 2 * MARGIN_X
LINE = 1.32  # line height as a multiple of the font size
BODY, SMALL, TINY = 9.0, 8.0, 7.2

# Print colours: white paper, darker ink, and the two directions apart in lightness as well as
# hue (withdrew dark, opened light) so they stay apart when printed in grey.
PRINT = replace(
    LIGHT,
    background="#ffffff",
    foreground="#1d1e22",
    muted="#5d5b56",
    grid="#d9d6d0",
    withdrew="#a9531c",
    opened="#86b6e3",
    loneliness="#5b4b9e",
    resentment="#b23a35",
    connection="#2b8670",
)
STRIPE = "#f1efeb"

_measure = TextToPath()


@functools.lru_cache(maxsize=20_000)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in inches, as the PDF will set it."""
    if not text:
        return 0.0
    prop = FontProperties(
        family=list(font_families()), size=size, weight="bold" if bold else "normal"
    )
    width, _h, _d = _measure.get_text_width_height_descent(text, prop, ismath=False)
    return float(width) / 72.0


@functools.lru_cache(maxsize=64)
def _space(size: float, bold: bool) -> float:
    return text_width("x x", size, bold) - text_width("xx", size, bold)


def _word_width(word: str, size: float, bold: bool) -> float:
    return sum(text_width(ch, size, bold) for ch in word)


# Lines are fitted by adding up cached letter widths (measuring each candidate line whole is slow
# for long notes); this margin covers the kerning a sum leaves out.
_FIT = 0.985


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word longer than a line (a link, a long name) broken at the last letter that fits."""
    pieces, current, used = [], "", 0.0
    for ch in word:
        w = text_width(ch, size, bold)
        if current and used + w > width * _FIT:
            pieces.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    return [*pieces, current] if current else pieces


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Lines of ``text`` no wider than ``width`` inches; the text's own line breaks are kept."""
    space = _space(size, bold)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current, used = "", 0.0
        for word in paragraph.split():
            w = _word_width(word, size, bold)
            if current and used + space + w <= width * _FIT:
                current, used = f"{current} {word}", used + space + w
                continue
            if current:
                lines.append(current)
            if w <= width * _FIT:
                current, used = word, w
            else:
                *whole, current = _split_word(word, width, size, bold)
                lines.extend(whole)
                used = _word_width(current, size, bold)
        lines.append(current)
    return lines


def clip_lines(lines: list[str], most: int, width: float, size: float) -> list[str]:
    """At most ``most`` lines, the last ending in "…" when some were cut."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1]
    while last and text_width(last + " …", size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + " …"
    return kept


def line_height(size: float) -> float:
    return size * LINE / 72.0


class Document:
    """A4 pages filled from the top down. ``y`` is the cursor, in inches from the page top."""

    def __init__(self, palette: ChartPalette = PRINT) -> None:
        self.palette = palette
        self.pages: list[Figure] = []
        self.y = TOP
        self.on_new_page: Callable[[Document], None] | None = None

    @property
    def page(self) -> Figure:
        if not self.pages:
            self.new_page()
        return self.pages[-1]

    @property
    def room(self) -> float:
        return PAGE_H - BOTTOM - self.y

    def new_page(self, fig: Figure | None = None) -> Figure:
        fig = fig or Figure(figsize=(PAGE_W, PAGE_H), dpi=100)
        fig.set_size_inches(PAGE_W, PAGE_H)
        fig.set_facecolor(self.palette.background)
        self.pages.append(fig)
        self.y = TOP
        if self.on_new_page is not None:
            self.on_new_page(self)
        return fig

    def ensure(self, height: float) -> bool:
        """Start a new page unless ``height`` inches still fit; True if a page was started."""
        if self.pages and height <= self.room:
            return False
        self.new_page()
        return True

    # -- drawing at a place ----------------------------------------------------------------
    def text(self, x: float, y: float, text: str, size: float = BODY, **style: Any) -> Text:
        """Text whose top-left (by default) is ``x`` inches from the left, ``y`` from the top."""
        fig = self.page
        style.setdefault("color", self.palette.foreground)
        style.setdefault("va", "top")
        style.setdefault("ha", "left")
        style.setdefault("fontfamily", list(font_families()))
        artist = fig.text(
            x, PAGE_H - y, text, fontsize=size, transform=fig.dpi_scale_trans, **style
        )
        artist.set_in_layout(False)
        return artist

    def box(self, x: float, y: float, w: float, h: float, colour: str) -> Rectangle:
        fig = self.page
        rect = Rectangle(
            (x, PAGE_H - y - h), w, h, transform=fig.dpi_scale_trans, color=colour, lw=0, zorder=-1
        )
        rect.set_in_layout(False)
        fig.add_artist(rect)
        return rect

    def rule(self, y: float, x0: float = MARGIN_X, x1: float = PAGE_W - MARGIN_X) -> None:
        fig = self.page
        line = Line2D(
            [x0, x1],
            [PAGE_H - y, PAGE_H - y],
            transform=fig.dpi_scale_trans,
            color=self.palette.grid,
            linewidth=0.8,
        )
        line.set_in_layout(False)
        fig.add_artist(line)

    # -- flowing text ------------------------------------------------------------------------
    def space(self, inches: float) -> None:
        self.y += inches

    def heading(self, text: str, size: float = 13.0, *, keep_with: float = 0.6) -> None:
        """A section heading, moved to the next page when nothing of its section would fit."""
        self.ensure(line_height(size) + keep_with)
        self.text(MARGIN_X, self.y, text, size, fontweight="bold")
        self.y += line_height(size) + 0.06

    def paragraph(
        self,
        text: str,
        size: float = BODY,
        *,
        x: float = MARGIN_X,
        width: float = CONTENT_W,
        colour: str | None = None,
        after: float = 0.08,
        **style: Any,
    ) -> None:
        """Wrapped text; it flows on to the next page line by line if need be."""
        lh = line_height(size)
        bold = style.get("fontweight") == "bold"
        for line in wrap(text, width, size, bold=bold):
            self.ensure(lh)
            self.text(x, self.y, line, size, color=colour or self.palette.foreground, **style)
            self.y += lh
        self.y += after

    def bullets(self, items: list[str], size: float = BODY, *, colour: str | None = None) -> None:
        indent = 0.18
        for item in items:
            lines = wrap(item, CONTENT_W - indent, size)
            self.ensure(line_height(size) * min(len(lines), 2))
            self.text(MARGIN_X + 0.04, self.y, "•", size, color=self.palette.muted)
            self.paragraph(
                item, size, x=MARGIN_X + indent, width=CONTENT_W - indent, colour=colour, after=0.04
            )


def stamp_footers(pages: list[Figure], left: str, palette: ChartPalette) -> None:
    """ "Page 2 of 7" on every page, with the range and the day the report was made."""
    total = len(pages)
    for number, fig in enumerate(pages, start=1):
        y = 0.5
        line = Line2D(
            [MARGIN_X, PAGE_W - MARGIN_X],
            [y + 0.17, y + 0.17],
            transform=fig.dpi_scale_trans,
            color=palette.grid,
            linewidth=0.6,
        )
        line.set_in_layout(False)
        fig.add_artist(line)
        for x, text, ha in (
            (MARGIN_X, left, "left"),
            (PAGE_W - MARGIN_X, f"Page {number} of {total}", "right"),
        ):
            artist = fig.text(
                x,
                y,
                text,
                ha=ha,
                va="top",
                fontsize=TINY,
                fontfamily=list(font_families()),
                color=palette.muted,
                transform=fig.dpi_scale_trans,
            )
            artist.set_in_layout(False)
