"""The therapist report as a real PDF, read back with poppler (pdfinfo, pdftotext): its pages,
what it says and leaves out, and how it is written to disk."""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from matplotlib.patches import Rectangle

from wallwatch.charts.palette import LIGHT
from wallwatch.charts.patterns import CalendarDrawing, draw_pattern
from wallwatch.charts.patterns_text import span_text
from wallwatch.charts.report import ReportCancelled, ReportResult, build_pages, write_report
from wallwatch.charts.report_layout import text_width, wrap
from wallwatch.charts.report_moments import MOMENT_COLUMNS
from wallwatch.charts.report_pages import mark_calendar_days, mark_withdrawals, printable
from wallwatch.charts.report_summary import NO_CHECKINS, NO_MOMENTS, NO_STEPS
from wallwatch.charts.report_table import PAD
from wallwatch.charts.weekly_panels import BarCollection
from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.domain.model import Direction, Moment, MomentDraft
from wallwatch.domain.patterns import DateRange
from wallwatch.domain.query import MomentFilter
from wallwatch.domain.steps import StepDraft
from wallwatch.private_files import PrivateFileError
from wallwatch.services import Journal, open_journal
from wallwatch.services.demo import generate_demo
from wallwatch.services.report_data import ReportData, ReportOptions, gather_report

END = date(2025, 11, 30)
SPAN = DateRange.weeks_ending(END, 8)
MADE = datetime(2025, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))
ZONE = timezone(timedelta(hours=1))

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed; scripts/bootstrap.sh test adds it",
)


def pdf_text(path: Path, page: int | None = None, *, layout: bool = False) -> str:
    """The PDF's text; ``layout`` keeps things side by side on one line, as printed."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    mode = ["-layout"] if layout else []
    done = subprocess.run(
        ["pdftotext", *mode, *pages, str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces (wrapping undone)."""
    return " ".join(text.split())


def pdf_info(path: Path) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pairs = (line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in pairs}


@dataclass
class Written:
    """Reports of the demo journal, written once for this module (each takes seconds)."""

    journal: Journal
    data: ReportData
    plain: ReportResult
    notes: ReportResult
    initials: ReportResult


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Written]:
    folder = tmp_path_factory.mktemp("reports")
    j = open_journal(folder / "journal" / "wallwatch.sqlite3", daily_backup=False)
    generate_demo(j, days=120, end=END)
    data = _data(j)
    written = Written(
        j,
        data,
        write_report(data, folder / "plain.pdf"),
        write_report(_data(j, include_notes=True), folder / "notes.pdf"),
        write_report(_data(j, include_notes=True, initials=True), folder / "initials.pdf"),
    )
    yield written
    j.close()


def _data(j: Journal, **options: bool) -> ReportData:
    return gather_report(j, ReportOptions(SPAN, **options), now=MADE)


def _moments(j: Journal) -> list[Moment]:
    return j.moments.query(MomentFilter(since=SPAN.first, until=SPAN.last), newest_first=False)


def _table_text(path: Path, pages: int) -> str:
    """The text of the moments table: from its first page to the end."""
    texts = [pdf_text(path, n) for n in range(1, pages + 1)]
    first = next(i for i, t in enumerate(texts) if "Every moment in the range" in t)
    return "\n".join(texts[first:])


# -- the file -------------------------------------------------------------------------------------
@needs_poppler
def test_demo_report_is_a_numbered_dated_a4_pdf(demo: Written) -> None:
    result = demo.plain
    target = result.path
    assert target.read_bytes().startswith(b"%PDF-")
    info = pdf_info(target)
    assert int(info["Pages"]) == result.pages
    assert "(A4)" in info["Page size"]
    # A summary, the weekly page, at least one Patterns chart and at least one table page.
    assert result.pages >= 4
    for n in range(1, result.pages + 1):
        text = flat(pdf_text(target, n))
        assert f"Page {n} of {result.pages}" in text
        assert span_text(SPAN) in text and "prepared 2 Dec 2025" in text


@needs_poppler
@pytest.mark.parametrize("which", ["plain", "notes"])
def test_every_moment_is_in_the_table_exactly_once(demo: Written, which: str) -> None:
    result: ReportResult = getattr(demo, which)
    table = _table_text(result.path, result.pages)
    times = re.findall(r"^(\d\d:\d\d)$", table, re.MULTILINE)
    expected = [f"{m.occurred_at:%H:%M}" for m in _moments(demo.journal)]
    assert sorted(times) == sorted(expected)
    assert f"{len(expected)} moments." in flat(table)


@needs_poppler
def test_the_summary_holds_the_counts_and_top_fears_and_people(demo: Written) -> None:
    data = demo.data
    first = flat(pdf_text(demo.plain.path, 1, layout=True))
    moments = _moments(demo.journal)
    withdrew = sum(m.direction is Direction.WITHDREW for m in moments)
    opened = len(moments) - withdrew
    boxes = f"{len(moments)} {withdrew} {opened} {data.days_recorded} of 56"
    share = round(100 * opened / len(moments))
    assert f"{boxes} moments recorded times withdrew times opened up ({share}%)" in first
    top_fear = data.patterns.fears.fears[0]
    assert top_fear.name in first and f"{top_fear.withdrew} of {withdrew}" in first
    assert data.patterns.people.people[0].name in first
    assert "Loneliness" in first and "Later half" in first
    assert NO_CHECKINS in first and NO_STEPS in first


@needs_poppler
def test_notes_are_absent_by_default_and_present_when_asked(demo: Written) -> None:
    notes = [m.note for m in _moments(demo.journal) if m.note]
    wishes = [m.wish for m in _moments(demo.journal) if m.wish]
    assert notes and wishes
    plain, with_notes = demo.plain.path, demo.notes.path
    assert demo.notes.pages > demo.plain.pages

    hidden = flat(pdf_text(plain))
    assert "Note:" not in hidden and "What I wish I had done:" not in hidden
    assert [n for n in notes if flat(n) in hidden] == []
    assert [w for w in wishes if flat(w) in hidden] == []

    shown = flat(pdf_text(with_notes))
    assert [n for n in notes if flat(n) not in shown] == []
    assert [w for w in wishes if flat(w) not in shown] == []
    assert "are included, at the person's choice" in shown


@needs_poppler
def test_initials_replace_names_in_the_whole_pdf(demo: Written) -> None:
    names = [p.name for p in demo.journal.people.all(include_hidden=True)]
    present = {m.person for m in _moments(demo.journal) if m.person}

    def named(text: str) -> set[str]:
        return {n for n in names if re.search(rf"\b{re.escape(n)}\b", text)}

    assert named(pdf_text(demo.notes.path)) >= present
    text = pdf_text(demo.initials.path)
    assert named(text) == set()
    assert "People are shown by their initials." in flat(text)
    assert re.search(r"\bS\. \(safe\)", text)  # the demo's partner, Sam, marked safe


@needs_poppler
def test_metadata_carries_the_range_but_no_names(demo: Written) -> None:
    info = pdf_info(demo.notes.path)
    assert info["Title"] == f"WallWatch report, {span_text(SPAN)}"
    assert "Author" not in info and "Producer" not in info
    names = [p.name for p in demo.journal.people.all(include_hidden=True)]
    assert not any(n in " ".join(info.values()) for n in names)


@needs_poppler
def test_checkins_and_steps_appear_when_kept(journal: Journal, tmp_path: Path) -> None:
    journal.moments.record(MomentDraft(datetime(2025, 11, 20, 9, 0, tzinfo=ZONE), Direction.OPENED))
    journal.checkins.record(date(2025, 11, 12), CheckinAnswers(3, 2, 2), "long walks", today=END)
    step = journal.steps.add(StepDraft("Ask for a hug before bed", target_per_week=1))
    journal.steps.tick(step.id, date(2025, 11, 11), today=END)
    target = tmp_path / "report.pdf"
    result = write_report(_data(journal, include_notes=True), target)
    first, weekly = flat(pdf_text(target, 1)), flat(pdf_text(target, 2))
    assert NO_CHECKINS not in first
    assert "1 check-in in the 8 weeks: the week of 10 Nov 2025 scored 7." in first
    assert NO_STEPS not in first and "Ask for a hug before bed" in first
    assert "Check-in (3–9)" in weekly and "long walks" in weekly
    assert "Check-in loneliness (UCLA-3, 3–9)" in weekly  # the weekly chart's own line
    assert result.pages >= 3


@needs_poppler
def test_an_empty_range_still_makes_a_short_report(journal: Journal, tmp_path: Path) -> None:
    target = tmp_path / "empty.pdf"
    result = write_report(_data(journal), target)
    text = flat(pdf_text(target))
    assert NO_MOMENTS in text and "No moments were recorded in this range." in text
    assert "PATTERNS" not in text
    assert result.pages == int(pdf_info(target)["Pages"]) == 3


@needs_poppler
def test_a_very_long_note_flows_onto_further_pages(journal: Journal, tmp_path: Path) -> None:
    words = [f"word{i}" for i in range(2400)]
    note = " ".join(words) + " " + "x" * 400  # and one word wider than the page
    journal.moments.record(
        MomentDraft(datetime(2025, 11, 20, 21, 5, tzinfo=ZONE), Direction.WITHDREW, note=note)
    )
    short, long = tmp_path / "short.pdf", tmp_path / "long.pdf"
    plain = write_report(_data(journal), short)
    full = write_report(_data(journal, include_notes=True), long)
    assert full.pages > plain.pages + 1
    text = pdf_text(long)
    assert "(continued)" in text
    found = [t for t in text.split() if t.startswith("word")]
    assert found == words  # every word, once, in order, across the pages
    assert "x" * 400 in "".join(text.split())


# -- writing --------------------------------------------------------------------------------------
def test_the_file_is_owner_only_and_replaces_an_old_one(demo: Written, tmp_path: Path) -> None:
    for result in (demo.plain, demo.notes, demo.initials):
        assert oct(result.path.stat().st_mode & 0o777) == oct(0o600)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"an older report")
    target.chmod(0o644)
    write_report(demo.data, target)
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)
    assert target.read_bytes().startswith(b"%PDF-")


def test_cancelling_leaves_no_file_and_keeps_the_old_one(demo: Written, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.pdf"
    target.write_bytes(b"an older report")
    written: list[tuple[int, int]] = []

    def after_two_pages() -> bool:
        return len([d for d, _ in written if d > 0]) >= 2

    with pytest.raises(ReportCancelled):
        write_report(
            demo.data,
            target,
            progress=lambda d, t: written.append((d, t)),
            should_cancel=after_two_pages,
        )
    assert written[:3] == [(0, 0), (1, written[1][1]), (2, written[1][1])]
    assert target.read_bytes() == b"an older report"
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def test_a_missing_folder_is_a_plain_error_and_leaves_nothing(
    demo: Written, tmp_path: Path
) -> None:
    with pytest.raises(PrivateFileError, match="does not exist"):
        write_report(demo.data, tmp_path / "gone" / "report.pdf")
    assert not (tmp_path / "gone").exists()


# -- layout pieces --------------------------------------------------------------------------------
def test_withdrawal_bars_are_hatched_for_greyscale(demo: Written) -> None:
    pages = build_pages(demo.data)
    weekly = pages[1]
    # The weekly chart's bars are one collection per series; the legend key is a rectangle.
    [withdrawals] = [c for c in weekly.findobj(BarCollection) if c.get_hatch() == "////"]
    drawn = [p for p in withdrawals.get_paths() if p.vertices[:, 1].max() > p.vertices[:, 1].min()]
    weeks = demo.data.weekly.weeks
    assert len(drawn) == sum(1 for w in weeks if w.withdrew) > 0
    keys = [p for p in weekly.findobj(Rectangle) if p.get_hatch() == "////" and p.get_width() > 0]
    assert keys  # the legend's key for withdrawals is hatched too
    for fig in pages:
        fig.clear()


def test_mark_withdrawals_hatches_only_the_withdrawal_colour() -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    ax.bar([0, 1], [1, 2], color=LIGHT.withdrew)
    ax.bar([2], [3], color=LIGHT.opened)
    assert mark_withdrawals(fig, LIGHT) == 2
    hatches = [p.get_hatch() for p in ax.patches]
    assert hatches == ["////", "////", None]


def test_wrapping_keeps_lines_within_the_width() -> None:
    text = "Told Sam I felt left out today.\nMy voice shook " + "but I said it " * 20 + "y" * 90
    lines = wrap(text, 2.0, 8.0)
    assert all(text_width(line, 8.0) <= 2.0 for line in lines)
    assert lines[0] == "Told Sam I felt left out today."
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_captions_lose_the_windows_pointing_and_clicking() -> None:
    caption = (
        "Each square counts moments; point at a square for the share. "
        "Chosen weeks: 4 days. Click a day to see its moments."
    )
    assert printable(caption) == "Each square counts moments. Chosen weeks: 4 days."


def test_calendar_days_carry_a_sign_for_greyscale(demo: Written) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    drawing = draw_pattern("calendar", fig, demo.data.patterns, LIGHT)
    assert isinstance(drawing, CalendarDrawing)
    days = [d for d in demo.data.patterns.calendar.days if d.balance is not None]
    assert mark_calendar_days(drawing, LIGHT) == len(days)
    signs = [t.get_text() for t in drawing.axes[0].texts if t.get_text() in {"+", "−", "="}]
    assert signs.count("+") == sum(1 for d in days if (d.balance or 0) > 0)
    assert signs.count("−") == sum(1 for d in days if (d.balance or 0) < 0)
    assert signs.count("=") == sum(1 for d in days if d.balance == 0)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "More openings (+)" in labels and "More withdrawals (−)" in labels


@needs_poppler
def test_letters_from_any_script_make_a_readable_pdf(journal: Journal, tmp_path: Path) -> None:
    note = "Told 李小龍 — שלום, 😀 — I felt seen"
    journal.moments.record(
        MomentDraft(
            datetime(2025, 11, 20, 20, 0, tzinfo=ZONE),
            Direction.OPENED,
            person="Zoë Ğül",
            note=note,
            fears=("страх",),
        )
    )
    target = tmp_path / "unicode.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # letters no installed font has become placeholder boxes
        result = write_report(_data(journal, include_notes=True), target)
    text = pdf_text(target)
    assert result.pages == int(pdf_info(target)["Pages"])
    assert "Zoë Ğül" in text and "страх" in text and "I felt seen" in flat(text)


def test_every_date_fits_the_when_column_on_one_line() -> None:
    when = MOMENT_COLUMNS[0]
    first = date(2024, 1, 1)
    for day in (first + timedelta(days=i) for i in range(800)):
        cell = f"{day:%a} {day.day} {day:%b %Y}"
        assert wrap(cell, when.width - PAD, 7.2) == [cell]
