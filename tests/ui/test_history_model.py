"""The History table model reads moments page by page, newest first, through the service."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

from PySide6.QtCore import QModelIndex, Qt

from wallwatch.domain.model import Direction, Moment, MomentDraft
from wallwatch.domain.query import MomentFilter
from wallwatch.store.moments import MomentRepository
from wallwatch.ui.context import AreaContext
from wallwatch.ui.history_model import (
    DASH,
    Column,
    HistoryModel,
    MomentRole,
    first_line,
    format_when,
)

START = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)


def add_many(ctx: AreaContext, n: int) -> None:
    """Moments one hour apart, through the repository in one transaction (fast)."""
    with ctx.journal.db.transaction() as session:
        repo = MomentRepository(session)
        for i in range(n):
            direction = Direction.OPENED if i % 3 == 0 else Direction.WITHDREW
            repo.add(MomentDraft(START + timedelta(hours=i), direction, note=f"moment number {i}"))


def test_pages_lazily_over_ten_thousand_moments(ctx: AreaContext) -> None:
    add_many(ctx, 10_000)
    model = HistoryModel(ctx.journal.moments, page_size=200)
    started = time.monotonic()
    model.reload()
    first_page = time.monotonic() - started

    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    assert first_page < 1.0, "the first screen must not wait for the whole journal"

    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400

    model.fetch_all()
    assert model.rowCount() == 10_000
    assert not model.canFetchMore(QModelIndex())

    newest = model.index(0, Column.NOTE).data()
    assert newest == "moment number 9999"
    oldest = model.index(9_999, 0).data(MomentRole)
    assert isinstance(oldest, Moment)
    assert oldest.note == "moment number 0"
    times = [model.moment_at(r).occurred_at for r in range(0, 10_000, 97)]  # type: ignore[union-attr]
    assert times == sorted(times, reverse=True)


def test_oldest_first_and_filter_reset_to_one_page(ctx: AreaContext) -> None:
    add_many(ctx, 450)
    model = HistoryModel(ctx.journal.moments, page_size=200)
    model.reload()
    model.fetch_all()
    assert model.rowCount() == 450

    model.set_newest_first(False)
    assert model.rowCount() == 200
    assert model.index(0, Column.NOTE).data() == "moment number 0"

    model.set_filter(MomentFilter(direction=Direction.OPENED))
    assert model.rowCount() == 150  # every third moment, fewer than a page
    assert not model.canFetchMore(QModelIndex())
    assert {model.moment_at(r).direction for r in range(150)} == {Direction.OPENED}  # type: ignore[union-attr]


def test_reload_keeps_as_many_rows_as_were_loaded(ctx: AreaContext) -> None:
    add_many(ctx, 700)
    model = HistoryModel(ctx.journal.moments, page_size=200)
    model.reload()
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 600
    model.reload(at_least=model.rowCount())
    assert model.rowCount() == 600
    assert model.canFetchMore(QModelIndex())


def test_cells_show_readable_values_and_tooltips(ctx: AreaContext) -> None:
    lived = datetime(2024, 3, 5, 21, 40, tzinfo=timezone(timedelta(hours=2)))
    ctx.journal.moments.record(
        MomentDraft(
            lived,
            Direction.WITHDREW,
            intensity=4,
            person="Sam",
            fears=("being trapped",),
            behaviours=("went silent", "left early"),
            loneliness=7,
            note="\nWent quiet at dinner.\nI wanted to be asked, really.",
            wish="Say I felt left out.",
        )
    )
    model = HistoryModel(ctx.journal.moments)
    model.reload()

    def cell(column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(0, column).data(role)

    assert cell(Column.WHEN) == "5 Mar 2024, 21:40"  # the local time it was lived in
    assert cell(Column.DIRECTION) == "Withdrew"
    assert cell(Column.DIRECTION, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(Column.INTENSITY, Qt.ItemDataRole.AccessibleTextRole) == "Intensity 4 of 5"
    assert cell(Column.PERSON) == "Sam"
    assert cell(Column.FEARS) == "being trapped"
    assert cell(Column.BEHAVIOURS) == "left early, went silent"
    assert cell(Column.LONELINESS) == "7"
    assert cell(Column.RESENTMENT) == DASH
    assert cell(Column.CONNECTION) == DASH
    assert cell(Column.NOTE) == "Went quiet at dinner."
    tip = str(cell(Column.NOTE, Qt.ItemDataRole.ToolTipRole))
    assert "I wanted to be asked, really." in tip
    assert "Say I felt left out." in tip
    header = model.headerData(Column.LONELINESS, Qt.Orientation.Horizontal)
    assert header == "Lonely"


def test_format_when_is_relative_near_today() -> None:
    today = date(2024, 6, 12)
    tz = timezone(timedelta(hours=-5))
    assert format_when(datetime(2024, 6, 12, 9, 5, tzinfo=tz), today) == "Today, 09:05"
    assert format_when(datetime(2024, 6, 11, 23, 59, tzinfo=tz), today) == "Yesterday, 23:59"
    assert format_when(datetime(2024, 6, 3, 7, 0, tzinfo=tz), today) == "Mon 3 Jun, 07:00"
    assert format_when(datetime(2023, 12, 31, 7, 0, tzinfo=tz), today) == "31 Dec 2023, 07:00"


def test_first_line_skips_blank_lines() -> None:
    assert first_line("\n  \n  hello there \nmore") == "hello there"
    assert first_line("") == ""


def test_deeper_pages_grow_but_stay_bounded(ctx: AreaContext) -> None:
    add_many(ctx, 5_000)
    model = HistoryModel(ctx.journal.moments, page_size=200)
    model.reload()
    sizes = []
    while model.canFetchMore(QModelIndex()):
        before = model.rowCount()
        model.fetchMore(QModelIndex())
        sizes.append(model.rowCount() - before)
    assert model.rowCount() == 5_000
    assert sizes[0] == 200
    assert max(sizes) <= 2_000
    assert len(sizes) < 15, "far fewer reads than 25 fixed pages"
    ids = [model.moment_at(r).id for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert len(set(ids)) == 5_000
