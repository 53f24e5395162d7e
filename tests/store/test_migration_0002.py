"""Schema 0002 (check-ins and practice steps): a journal at 0001 is backed up, then upgraded with
every moment kept; the new tables enforce their rules; a deleted moment leaves its tick."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

import wallwatch.store.database as database
from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.steps import StepDraft
from wallwatch.store import open_database
from wallwatch.store.checkins import CheckinRepository
from wallwatch.store.migrations import alembic_config
from wallwatch.store.moments import MomentRepository
from wallwatch.store.steps import StepRepository

NEW_TABLES = {"checkin", "step", "step_tick"}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        found = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    raw.close()
    return found


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as raw:
        [(value,)] = raw.execute("SELECT version_num FROM alembic_version").fetchall()
    raw.close()
    return str(value)


def _journal_at_0001(path: Path) -> None:
    """A journal with two moments, as WallWatch 0001 left it."""
    db = open_database(path)
    try:
        with db.transaction() as s:
            repo = MomentRepository(s)
            for note in ("first", "second"):
                repo.add(MomentDraft(datetime(2024, 3, 5, tzinfo=UTC), Direction.OPENED, note=note))
    finally:
        db.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    engine.dispose()


def test_head_is_at_or_after_0002() -> None:
    assert database.HEAD_REVISION >= "0002"


def test_a_0001_journal_is_backed_up_then_gains_the_new_tables(journal_path: Path) -> None:
    _journal_at_0001(journal_path)
    assert _revision(journal_path) == "0001"
    assert not _tables(journal_path) & NEW_TABLES

    db = open_database(journal_path)
    try:
        with db.reading() as s:
            notes = sorted(m.note for m in MomentRepository(s).query())
        with db.transaction() as s:
            step = StepRepository(s).add(StepDraft("tell Sam", person="Sam"))
            StepRepository(s).add_tick(step.id, date(2024, 3, 5))
            CheckinRepository(s).save(date(2024, 3, 4), 0, CheckinAnswers(1, 2, 3), "more")
    finally:
        db.close()
    assert notes == ["first", "second"]
    assert _revision(journal_path) == database.HEAD_REVISION
    assert _tables(journal_path) >= NEW_TABLES

    [backup] = sorted((journal_path.parent / "backups").glob("before-migrate-0001-*.sqlite3"))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _revision(backup) == "0001"
    assert not _tables(backup) & NEW_TABLES
    with sqlite3.connect(backup) as raw:
        assert raw.execute("SELECT count(*) FROM moment").fetchone() == (2,)
    raw.close()


def test_downgrading_0002_drops_only_the_new_tables(journal_path: Path) -> None:
    open_database(journal_path).close()
    at_head = _tables(journal_path)
    _journal_at_0001(journal_path)
    assert _tables(journal_path) == at_head - NEW_TABLES
    with sqlite3.connect(journal_path) as raw:
        assert raw.execute("SELECT count(*) FROM moment").fetchone() == (2,)
    raw.close()


def _raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@pytest.mark.parametrize(
    "sql",
    [
        # an item outside 1–3
        "INSERT INTO checkin VALUES (1, 19000, 0, 4, 1, 1, 6, '', 'x', 'x')",
        # a total that is not the sum
        "INSERT INTO checkin VALUES (1, 19000, 0, 1, 1, 1, 4, '', 'x', 'x')",
        # a weekday that does not exist
        "INSERT INTO checkin VALUES (1, 19000, 7, 1, 1, 1, 3, '', 'x', 'x')",
        # a target below one, an unknown status
        "INSERT INTO step VALUES (1, 't', NULL, NULL, 0, 'active', 'x', 'x', 'x', 0)",
        "INSERT INTO step VALUES (1, 't', NULL, NULL, 1, 'gone', 'x', 'x', 'x', 0)",
        # a tick of a step that does not exist
        "INSERT INTO step_tick VALUES (1, 99, NULL, 19000, 'x')",
    ],
)
def test_the_new_tables_refuse_impossible_rows(journal_path: Path, sql: str) -> None:
    open_database(journal_path).close()
    conn = _raw(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    finally:
        conn.close()


def test_one_checkin_per_week_start(journal_path: Path) -> None:
    open_database(journal_path).close()
    conn = _raw(journal_path)
    try:
        conn.execute("INSERT INTO checkin VALUES (1, 19000, 0, 1, 1, 1, 3, '', 'x', 'x')")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO checkin VALUES (2, 19000, 6, 1, 1, 1, 3, '', 'x', 'x')")
    finally:
        conn.close()


def test_a_deleted_moment_clears_its_tick_link_and_a_step_takes_its_ticks(
    journal_path: Path,
) -> None:
    db = open_database(journal_path)
    try:
        with db.transaction() as s:
            moment_id = MomentRepository(s).add(
                MomentDraft(datetime(2024, 3, 5, tzinfo=UTC), Direction.OPENED)
            )
            steps = StepRepository(s)
            step = steps.add(StepDraft("tell Sam"))
            steps.add_tick(step.id, date(2024, 3, 5), moment_id)
        with db.transaction() as s:
            MomentRepository(s).delete([moment_id])
        with db.reading() as s:
            [tick] = StepRepository(s).ticks(step.id)
        assert (tick.day, tick.moment_id) == (date(2024, 3, 5), None)
    finally:
        db.close()
    conn = _raw(journal_path)
    try:
        conn.execute("DELETE FROM step")  # never done by the app (it archives), but consistent
        assert conn.execute("SELECT count(*) FROM step_tick").fetchone() == (0,)
    finally:
        conn.close()
