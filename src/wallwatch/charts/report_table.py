"""A table laid out across as many report pages as it needs: cells wrapped to their column,
the header repeated on each page, and long text under a row (a note) allowed to continue on the
next page instead of being cut."""

from __future__ import annotations

from dataclasses import dataclass, field

from wallwatch.charts.report_layout import (
    CONTENT_W,
    MARGIN_X,
    STRIPE,
    Document,
    clip_lines,
    line_height,
    text_width,
    wrap,
)

PAD = 0.08  # inches between a cell's text and the next column
ROW_GAP = 0.05
MAX_CELL_LINES = 8


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float  # inches
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Row:
    """One row: its cells, and any labelled texts shown in full beneath it."""

    cells: tuple[str, ...]
    below: tuple[tuple[str, str], ...] = ()
    bold: frozenset[int] = field(default_factory=frozenset)


@dataclass
class Table:
    columns: tuple[Column, ...]
    size: float = 7.4
    below_indent: float = 0.0  # where the texts beneath a row start, from the table's left
    stripes: bool = True
    left: float = MARGIN_X  # inches from the page's left edge
    continued: str = ""  # heading repeated over the table on each further page

    def __post_init__(self) -> None:
        total = sum(c.width for c in self.columns)
        room = CONTENT_W - (self.left - MARGIN_X)
        if total > room + 1e-6:
            raise ValueError(f"the columns are {total:.2f} in wide; there are {room:.2f}")
        for c in self.columns:
            # A title word broken across lines ("Withdr / ew") reads badly: refuse it early.
            if any(text_width(w, self.size, True) > c.width - PAD for w in c.title.split()):
                raise ValueError(f"the column {c.title!r} is too narrow for its title")

    @property
    def width(self) -> float:
        return sum(c.width for c in self.columns)

    # -- measuring ---------------------------------------------------------------------------
    def _cell_lines(self, row: Row) -> list[list[str]]:
        return [
            clip_lines(
                wrap(text, col.width - PAD, self.size, bold=i in row.bold),
                MAX_CELL_LINES,
                col.width - PAD,
                self.size,
            )
            for i, (text, col) in enumerate(zip(row.cells, self.columns, strict=True))
        ]

    def _below_lines(self, row: Row) -> list[tuple[str, str]]:
        """(label, line) pairs; the label only on each text's first line."""
        out: list[tuple[str, str]] = []
        for label, text in row.below:
            # The label is set in bold, a little wider than the wrapping measured it.
            extra = text_width(label, self.size, True) - text_width(label, self.size)
            width = self.width - self.below_indent - PAD - extra
            for i, line in enumerate(wrap(f"{label} {text}", width, self.size)):
                out.append((label if i == 0 else "", line))
        return out

    # -- drawing -----------------------------------------------------------------------------
    def header(self, doc: Document) -> None:
        lh = line_height(self.size)
        x = self.left
        titles = [wrap(c.title, c.width - PAD, self.size, bold=True) for c in self.columns]
        for col, lines in zip(self.columns, titles, strict=True):
            self._put(doc, x, col, lines, bold=True, colour=doc.palette.muted)
            x += col.width
        doc.y += lh * max(len(t) for t in titles) + 0.03
        doc.rule(doc.y, self.left, self.left + self.width)
        doc.y += 0.05

    def _put(
        self,
        doc: Document,
        x: float,
        col: Column,
        lines: list[str],
        *,
        bold: bool = False,
        colour: str | None = None,
    ) -> None:
        lh = line_height(self.size)
        right = col.align == "right"
        for k, line in enumerate(lines):
            doc.text(
                x + col.width - PAD if right else x,
                doc.y + k * lh,
                line,
                self.size,
                ha="right" if right else "left",
                fontweight="bold" if bold else "normal",
                color=colour or doc.palette.foreground,
            )

    def draw(self, doc: Document, rows: list[Row], *, empty: str = "Nothing to show.") -> None:
        """Draw ``rows`` from the cursor on, starting pages (header first) as they fill up."""
        lh = line_height(self.size)
        if doc.room < lh * 4:
            doc.new_page()
        self.header(doc)
        if not rows:
            doc.paragraph(empty, self.size, colour=doc.palette.muted)
            return
        for index, row in enumerate(rows):
            cells = self._cell_lines(row)
            below = self._below_lines(row)
            cell_h = lh * max(len(c) for c in cells)
            # Keep the row with the start of its notes (a few lines); the rest may flow on.
            if doc.room < cell_h + lh * min(len(below), 2) + ROW_GAP:
                self._next_page(doc)
            top, pages = doc.y, len(doc.pages)
            x = self.left
            for i, (col, lines) in enumerate(zip(self.columns, cells, strict=True)):
                self._put(doc, x, col, lines, bold=i in row.bold)
                x += col.width
            doc.y += cell_h
            self._draw_below(doc, below)
            # A row whose notes went on to another page stays unshaded: its band is split.
            if self.stripes and index % 2 == 1 and len(doc.pages) == pages:
                height = doc.y - top + 0.05
                doc.box(self.left - 0.04, top - 0.025, self.width + 0.08, height, STRIPE)
            doc.y += ROW_GAP

    def _next_page(self, doc: Document) -> None:
        doc.new_page()
        if self.continued:
            doc.text(self.left, doc.y, f"{self.continued} (continued)", 9.0, fontweight="bold")
            doc.y += line_height(9.0) + 0.08
        self.header(doc)

    def _draw_below(self, doc: Document, below: list[tuple[str, str]]) -> None:
        lh = line_height(self.size)
        x = self.left + self.below_indent
        if below:
            doc.y += 0.03
        for label, line in below:
            if doc.room < lh:
                self._next_page(doc)
                doc.text(x, doc.y, "(continued)", self.size, color=doc.palette.muted)
                doc.y += lh
            if label and line.startswith(label):
                doc.text(x, doc.y, label, self.size, fontweight="bold", color=doc.palette.muted)
                offset = text_width(label, self.size, True)
                doc.text(x + offset, doc.y, line[len(label) :], self.size, style="italic")
            else:
                doc.text(x, doc.y, line, self.size, style="italic")
            doc.y += lh
