"""Schema 0003 (the covering index of the summaries): a journal at 0002 is backed up, then gains
the index with every moment kept; downgrading drops the index only; the summaries read it
without touching the table."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, event

import wallwatch.store.database as database
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.store import open_database
from wallwatch.store.aggregates import period_summaries
from wallwatch.store.migrations import alembic_config
from wallwatch.store.moments import MomentRepository

INDEX = "ix_moment_day_ratings"


def _indexes(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as raw:
        found = dict(raw.execute("SELECT name, sql FROM sqlite_master WHERE type='index'"))
    raw.close()
    return {k: v for k, v in found.items() if v is not None}


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as raw:
        [(value,)] = raw.execute("SELECT version_num FROM alembic_version").fetchall()
    raw.close()
    return str(value)


def _downgrade(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
    engine.dispose()


def _journal_at_0002(path: Path) -> None:
    """A journal with three moments, as WallWatch 0002 left it."""
    db = open_database(path)
    try:
        with db.transaction() as s:
            repo = MomentRepository(s)
            for day, direction, lonely in ((5, Direction.OPENED, 3), (6, Direction.WITHDREW, None)):
                repo.add(
                    MomentDraft(datetime(2024, 3, day, tzinfo=UTC), direction, loneliness=lonely)
                )
            repo.add(MomentDraft(datetime(2024, 3, 7, tzinfo=UTC), Direction.WITHDREW, note="ä"))
    finally:
        db.close()
    _downgrade(path, "0002")


def test_head_is_0003() -> None:
    assert database.HEAD_REVISION == "0003"


def test_a_0002_journal_is_backed_up_then_gains_the_index(journal_path: Path) -> None:
    _journal_at_0002(journal_path)
    assert _revision(journal_path) == "0002"
    assert INDEX not in _indexes(journal_path)
    others = _indexes(journal_path)

    db = open_database(journal_path)
    try:
        with db.reading() as s:
            notes = sorted(m.note for m in MomentRepository(s).query())
    finally:
        db.close()
    assert notes == ["", "", "ä"]
    assert _revision(journal_path) == "0003"
    indexes = _indexes(journal_path)
    assert set(indexes) == set(others) | {INDEX}
    assert "(local_day, direction, loneliness, resentment, connection)" in indexes[INDEX]

    [backup] = sorted((journal_path.parent / "backups").glob("before-migrate-0002-*.sqlite3"))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _revision(backup) == "0002"
    assert INDEX not in _indexes(backup)
    with sqlite3.connect(backup) as raw:
        assert raw.execute("SELECT count(*) FROM moment").fetchone() == (3,)
    raw.close()


def test_downgrading_0003_drops_only_the_index(journal_path: Path) -> None:
    open_database(journal_path).close()
    at_head = _indexes(journal_path)
    _downgrade(journal_path, "0002")
    assert _indexes(journal_path) == {k: v for k, v in at_head.items() if k != INDEX}


@pytest.mark.parametrize("week_start", [None, 0, 6])
def test_summaries_read_the_index_only(journal_path: Path, week_start: int | None) -> None:
    db = open_database(journal_path)
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            sent.append((sql, params))

    try:
        with db.reading() as s:
            event.listen(db.engine, "before_cursor_execute", keep)
            period_summaries(s, date(2024, 1, 1), date(2024, 12, 29), week_start=week_start)
            event.remove(db.engine, "before_cursor_execute", keep)
            [(sql, params)] = sent
            plan = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    finally:
        db.close()
    # No "USE TEMP B-TREE": days come in the index's order and are added up into weeks after.
    assert [str(row[-1]) for row in plan] == [
        f"SEARCH moment USING COVERING INDEX {INDEX} (local_day>? AND local_day<?)"
    ]
