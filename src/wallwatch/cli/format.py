"""How moments, summaries, people and tags look on a terminal and in JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wallwatch.domain.model import Moment
from wallwatch.domain.summary import RatingStat

NONE = "—"


def short_id(moment: Moment) -> str:
    return str(moment.id)[:8]


def moment_json(m: Moment) -> dict[str, Any]:
    """Every field, with times as ISO 8601 including the offset the moment was lived in."""
    return {
        "id": str(m.id),
        "occurred_at": m.occurred_at.isoformat(),
        "recorded_at": m.recorded_at.isoformat(),
        "edited_at": m.edited_at.isoformat(),
        "direction": m.direction.value,
        "intensity": m.intensity,
        "person": m.person,
        "fears": list(m.fears),
        "behaviours": list(m.behaviours),
        "body_signals": list(m.body_signals),
        "wanted_closeness": m.wanted_closeness.value if m.wanted_closeness else None,
        "loneliness": m.loneliness,
        "resentment": m.resentment,
        "connection": m.connection,
        "note": m.note,
        "wish": m.wish,
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())


def moment_lines(m: Moment) -> list[str]:
    """A heading line and indented details: readable in a terminal, greppable by id."""
    when = m.occurred_at.strftime("%a %Y-%m-%d %H:%M")
    head = (
        f"{short_id(m)}  {when}  {m.direction.label:<9}  intensity {m.intensity}/5"
        f"  {m.person or '(no one named)'}"
    )
    pad = " " * 10
    lines = [head]
    details = []
    for label, values in (
        ("fears", m.fears),
        ("behaviours", m.behaviours),
        ("body", m.body_signals),
    ):
        if values:
            details.append(f"{label}: {', '.join(values)}")
    if m.wanted_closeness:
        details.append(f"wanted closeness: {m.wanted_closeness.label.lower()}")
    if details:
        lines.append(pad + " · ".join(details))
    ratings = [
        f"{name} {value}"
        for name, value in (
            ("loneliness", m.loneliness),
            ("resentment", m.resentment),
            ("connection", m.connection),
        )
        if value is not None
    ]
    if ratings:
        lines.append(pad + " · ".join(ratings))
    if m.note:
        lines.append(pad + "note: " + _one_line(m.note))
    if m.wish:
        lines.append(pad + "wish: " + _one_line(m.wish))
    return lines


def rating_cell(stat: RatingStat) -> str:
    """ "6.2 (n=4)": the mean and how many ratings it rests on; a dash when there are none."""
    if stat.mean is None or stat.count == 0:
        return NONE
    return f"{stat.mean:.1f} (n={stat.count})"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Plain aligned columns; columns whose index is in ``right`` are right-aligned."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), *(line(r) for r in rows)]
