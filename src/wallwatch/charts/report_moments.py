"""The report's table of moments: every moment in the range, oldest first, with its notes
beneath it when the person chose to include them."""

from __future__ import annotations

from wallwatch.charts.patterns_text import plural
from wallwatch.charts.report_layout import SMALL, Document
from wallwatch.charts.report_pages import section_title
from wallwatch.charts.report_table import Column, Row, Table
from wallwatch.domain.model import Direction
from wallwatch.services.report_data import MomentRow, ReportData

MOMENT_COLUMNS = (
    Column("When", 1.02),  # the widest date on one line (a test checks every day)
    Column("Which way", 0.72),
    Column("Wanted closeness", 0.66),
    Column("With", 0.6),
    Column("Int.", 0.33, "right"),
    Column("Fears", 1.17),
    Column("What I did", 1.16),
    Column("Body", 0.8),
    Column("L · R · C", 0.56, "right"),
)


def _rating(value: int | None) -> str:
    return "–" if value is None else str(value)


def moment_row(m: MomentRow) -> Row:
    wanted = m.wanted_closeness.label if m.wanted_closeness is not None else "–"
    below: list[tuple[str, str]] = []
    if m.note:
        below.append(("Note:", m.note))
    if m.wish:
        below.append(("What I wish I had done:", m.wish))
    return Row(
        (
            f"{m.occurred_at:%a} {m.occurred_at.day} {m.occurred_at:%b %Y}\n{m.occurred_at:%H:%M}",
            m.direction.label,
            wanted if m.direction is Direction.WITHDREW else "",
            m.person or "–",
            str(m.intensity),
            ", ".join(m.fears) or "–",
            ", ".join(m.behaviours) or "–",
            ", ".join(m.body_signals) or "–",
            " · ".join(_rating(v) for v in (m.loneliness, m.resentment, m.connection)),
        ),
        tuple(below),
        bold=frozenset({1}) if m.direction is Direction.WITHDREW else frozenset(),
    )


def moments_section(doc: Document, data: ReportData) -> None:
    doc.new_page()
    section_title(doc, "Moments", "Every moment in the range, oldest first")
    n = len(data.moments)
    intro = (
        f"{plural(n, 'moment')}. Times are local, as each moment was lived; withdrawals are set "
        "in bold. Int.: intensity, 1–5. L · R · C: the loneliness, resentment and connection "
        "ratings, each 0–10 (– where not rated). Wanted closeness: whether part of the person "
        "wanted closeness while withdrawing."
    )
    if data.include_notes:
        intro += " Notes and “what I wish I had done” are included at the person's choice."
    else:
        intro += " Notes and “what I wish I had done” are left out."
    doc.paragraph(intro, SMALL, colour=doc.palette.muted)
    doc.space(0.06)
    table = Table(
        MOMENT_COLUMNS, size=7.2, below_indent=MOMENT_COLUMNS[0].width, continued="Moments"
    )
    table.draw(
        doc, [moment_row(m) for m in data.moments], empty="No moments were recorded in this range."
    )
