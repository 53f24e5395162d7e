"""The report's first page: what the range holds at a glance, for someone reading it cold."""

from __future__ import annotations

from wallwatch.charts.patterns_text import day_text, percent, plural, span_text
from wallwatch.charts.report_layout import (
    BODY,
    CONTENT_W,
    MARGIN_X,
    SMALL,
    STRIPE,
    Document,
    line_height,
)
from wallwatch.charts.report_table import Column, Row, Table
from wallwatch.domain.patterns import DateRange, Mean
from wallwatch.domain.steps import StepStatus
from wallwatch.domain.summary import RatingStat
from wallwatch.services.report_data import RatingTrend, ReportData

DESCRIBES = "The figures describe these records; they don't say what causes what."
NO_CHECKINS = "No check-ins recorded in this period"
NO_STEPS = "No practice steps set"
NO_MOMENTS = "No moments were recorded in this range, so there are no patterns to draw."
TOP = 5
GUTTER = 0.35
MAX_STEPS = 6
CHECKIN_SCALE = (
    "Scores are totals of the three-item UCLA loneliness scale, 3–9 (higher: lonelier); "
    "each week's score is in the week-by-week table."
)


def report_title(data: ReportData) -> str:
    return f"WallWatch report, {span_text(data.span)}"


def privacy_lines(data: ReportData) -> list[str]:
    notes = (
        "Notes and “what I wish I had done” are included, at the person's choice."
        if data.include_notes
        else "Notes and “what I wish I had done” are left out, at the person's choice."
    )
    names = "People are shown by their initials." if data.initials else "People are named in full."
    return [notes, names]


def _header(doc: Document, data: ReportData) -> None:
    doc.text(MARGIN_X, doc.y, "WallWatch report", 22.0, fontweight="bold")
    doc.y += line_height(22.0)
    doc.text(MARGIN_X, doc.y, f"{span_text(data.span)}  ·  {plural(data.span.days, 'day')}", 13.0)
    doc.y += line_height(13.0) + 0.06
    made = day_text(data.generated.date())
    doc.paragraph(
        f"Prepared on {made} from a personal WallWatch journal: moments when its keeper "
        f"withdrew from someone or opened up to them. Private and confidential. {DESCRIBES}",
        SMALL,
        colour=doc.palette.muted,
        after=0.02,
    )
    doc.paragraph(" ".join(privacy_lines(data)), SMALL, colour=doc.palette.muted, after=0.18)


def _figures(doc: Document, data: ReportData) -> None:
    """Four boxed numbers across the page."""
    withdrew, opened = data.withdrew, data.opened
    boxes = [
        (f"{data.total:,}", "moments recorded"),
        (f"{withdrew:,}", "times withdrew"),
        (f"{opened:,}", f"times opened up ({percent(opened, data.total)})"),
        (f"{data.days_recorded} of {data.span.days}", "days with a moment"),
    ]
    gap = 0.12
    width = (CONTENT_W - gap * (len(boxes) - 1)) / len(boxes)
    height = 0.66
    doc.ensure(height)
    for i, (number, label) in enumerate(boxes):
        x = MARGIN_X + i * (width + gap)
        doc.box(x, doc.y, width, height, STRIPE)
        doc.text(x + 0.12, doc.y + 0.1, number, 17.0, fontweight="bold")
        doc.text(x + 0.12, doc.y + 0.42, label, SMALL, color=doc.palette.muted)
    doc.y += height + 0.2


def _mean(stat: RatingStat) -> str:
    return "–" if stat.mean is None else f"{stat.mean:.1f} (n={stat.count})"


def _short(span: DateRange) -> str:
    return f"{day_text(span.first, year=False)} – {day_text(span.last, year=False)}"


def _change(t: RatingTrend) -> str:
    a, b = t.first_half.mean, t.second_half.mean
    if a is None or b is None:
        return "–"
    change = round(b - a, 1)
    if change == 0:
        return "about the same"
    return f"{'up' if change > 0 else 'down'} {abs(change):.1f}"


def _ratings(doc: Document, data: ReportData) -> None:
    doc.heading("Ratings (0–10)", 11.5)
    halves = data.halves
    first = f"Earlier half, {_short(halves[0])}" if halves else "Earlier half"
    second = f"Later half, {_short(halves[1])}" if halves else "Later half"
    columns = (
        Column("Rating", 1.1),
        Column("Whole range", 1.2, "right"),
        Column(first, 1.95, "right"),
        Column(second, 1.95, "right"),
        Column("Change", 0.87, "right"),
    )
    rows = [
        Row(
            (
                t.rating.capitalize(),
                _mean(t.whole),
                _mean(t.first_half),
                _mean(t.second_half),
                _change(t),
            )
        )
        for t in data.ratings
    ]
    Table(columns, size=BODY - 0.5, stripes=False).draw(doc, rows)
    doc.paragraph(
        "Means of the ratings given, with how many there were (n); rating is optional.",
        SMALL,
        colour=doc.palette.muted,
        after=0.12,
    )


def _checkins(doc: Document, data: ReportData) -> None:
    doc.heading("Weekly check-in scores", 11.5, keep_with=0.3)
    summary = data.checkins
    if summary.recorded == 0:
        doc.paragraph(NO_CHECKINS + ".", BODY, colour=doc.palette.muted, after=0.14)
        return
    scored = [w.score for w in summary.weeks if w.score is not None]
    latest = next(w for w in reversed(summary.weeks) if w.score is not None)
    weeks = plural(len(summary.weeks), "week")
    if len(scored) == 1:
        text = (
            f"1 check-in in the {weeks}: the week of {day_text(latest.first)} scored {scored[0]}."
        )
    else:
        text = (
            f"Check-ins in {len(scored)} of the {weeks}, scoring {min(scored)} to {max(scored)} "
            f"(mean {sum(scored) / len(scored):.1f}); the latest, in the week of "
            f"{day_text(latest.first)}, scored {latest.score}."
        )
    doc.paragraph(text, BODY, after=0.02)
    doc.paragraph(CHECKIN_SCALE, SMALL, colour=doc.palette.muted, after=0.14)


def _side_by_side(doc: Document, parts: list[tuple[str, Table, list[Row], str]]) -> None:
    """Small tables next to each other, each under its own heading (kept on one page)."""
    size = 11.0
    tallest = max(len(rows) for _h, _t, rows, _e in parts)
    doc.ensure(line_height(size) + line_height(BODY) * (tallest + 2) + 0.2)
    top, bottom = doc.y, doc.y
    for heading, table, rows, empty in parts:
        doc.y = top
        doc.text(table.left, doc.y, heading, size, fontweight="bold")
        doc.y += line_height(size) + 0.06
        if rows:
            table.draw(doc, rows)
        else:
            doc.text(table.left, doc.y, empty, BODY, color=doc.palette.muted)
            doc.y += line_height(BODY)
        bottom = max(bottom, doc.y)
    doc.y = bottom + 0.14


def _fears_and_people(doc: Document, data: ReportData) -> None:
    half = (CONTENT_W - GUTTER) / 2
    total = data.patterns.fears.withdrawals
    fears = [f for f in data.patterns.fears.fears if f.withdrew > 0][:TOP]
    fear_rows = [
        Row((f.name, f"{f.withdrew} of {total} ({percent(f.withdrew, total)})", str(f.opened)))
        for f in fears
    ]
    fear_table = Table(
        (
            Column("Fear", half - 1.05 - 0.85),
            Column("In withdrawals", 1.05, "right"),
            Column("In openings", 0.85, "right"),
        ),
        size=SMALL,
        stripes=False,
    )
    people_rows = []
    for p in data.patterns.people.people[:TOP]:
        c = p.connection
        mean = f"{c.value:.1f} (n={c.count})" if isinstance(c, Mean) else "–"
        name = p.name + (" (safe)" if p.safe else "")
        people_rows.append(Row((name, str(p.withdrew), str(p.opened), mean)))
    people_table = Table(
        (
            Column("Person", half - 0.72 - 0.78 - 0.82),
            Column("Withdrew", 0.72, "right"),
            Column("Opened up", 0.78, "right"),
            Column("Connection", 0.82, "right"),
        ),
        size=SMALL,
        stripes=False,
        left=MARGIN_X + half + GUTTER,
    )
    _side_by_side(
        doc,
        [
            ("Fears most often behind withdrawals", fear_table, fear_rows, "No fears noted."),
            ("People most present", people_table, people_rows, "No one was named."),
        ],
    )
    if people_rows:
        doc.paragraph(
            "Connection: mean connection rating (0–10) in moments with that person, with how "
            "many ratings (n). “Safe”: someone the person marked as safe to open up to.",
            SMALL,
            colour=doc.palette.muted,
            after=0.14,
        )


def _steps(doc: Document, data: ReportData) -> None:
    doc.heading("Practice steps", 11.5, keep_with=0.3)
    steps = data.steps.steps
    if not steps:
        doc.paragraph(NO_STEPS + ".", BODY, colour=doc.palette.muted, after=0.14)
        return
    rows = []
    for s in steps[:MAX_STEPS]:
        text = s.text if s.status is StepStatus.ACTIVE else f"{s.text} ({s.status.value})"
        met = f"{s.met} of {plural(s.weeks, 'week')}" if s.weeks else "no complete week yet"
        rows.append(Row((text, f"{s.target_per_week}× a week", met, plural(s.streak, "week"))))
    columns = (
        Column("Step", 3.6),
        Column("Aim", 1.0, "right"),
        Column("Weeks met", 1.4, "right"),
        Column("Met in a row", 1.07, "right"),
    )
    Table(columns, size=BODY - 0.5, stripes=False).draw(doc, rows)
    if len(steps) > MAX_STEPS:
        doc.paragraph(
            f"And {plural(len(steps) - MAX_STEPS, 'more step')}.", SMALL, colour=doc.palette.muted
        )
    doc.paragraph(
        "A week is met when the step was done as often as aimed; a week still in progress is "
        "not counted.",
        SMALL,
        colour=doc.palette.muted,
        after=0.14,
    )


def summary_section(doc: Document, data: ReportData, missing: list[str]) -> None:
    doc.new_page()
    _header(doc, data)
    _figures(doc, data)
    _ratings(doc, data)
    _checkins(doc, data)
    _fears_and_people(doc, data)
    _steps(doc, data)
    insights = [i.text for i in data.patterns.insights]
    if insights:
        doc.heading("What stands out", 11.5)
        doc.bullets(insights, BODY)
        doc.space(0.06)
    if data.total == 0:
        doc.paragraph(NO_MOMENTS, BODY, colour=doc.palette.muted)
    elif missing:
        doc.paragraph(
            "Not drawn, as there is too little data for them yet: " + "; ".join(missing) + ".",
            SMALL,
            colour=doc.palette.muted,
        )
