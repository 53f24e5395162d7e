"""The first screen read with the standard library gives exactly what the full journal gives,
refuses every file the full path must open itself, writes nothing, and hands over to the full
journal (waiting for it when asked for more)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft, RelationshipKind, TagKind
from wallwatch.domain.settings import THEME, WEEK_START
from wallwatch.services import Journal, JournalError, open_journal
from wallwatch.services.demo import generate_demo
from wallwatch.services.first_screen import DEMO_KIND, FirstScreen, first_screen
from wallwatch.store import peek
from wallwatch.store.constants import HEAD_REVISION


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def _varied(journal: Journal) -> None:
    """Demo moments, plus hidden people and tags, non-ASCII names and several moments today."""
    generate_demo(journal, days=60, seed=3)
    journal.people.add("Émile", RelationshipKind.FRIEND)
    journal.people.add("zoë", RelationshipKind.OTHER)
    journal.people.add("Hidden Harriet", RelationshipKind.FAMILY)
    journal.people.update("Hidden Harriet", hidden=True)
    journal.tags.add(TagKind.FEAR, "Überforderung")
    journal.tags.add(TagKind.BEHAVIOUR, "ß-sulked", Direction.WITHDREW)
    for kind in TagKind:  # unused tags: their order is the tie-break (by id)
        for name in ("unused b", "Unused a", "unused c"):
            journal.tags.add(kind, f"{name} {kind.value}")
    journal.tags.add(TagKind.FEAR, "hidden fear")
    journal.tags.set_hidden(TagKind.FEAR, "hidden fear", True)
    now = now_local()
    for i, (person, fears, behaviours) in enumerate(
        [
            ("Émile", ("Überforderung", "being trapped"), ("ß-sulked", "went silent")),
            ("zoë", (), ("shared a feeling",)),
            (None, ("rejection / abandonment",), ()),
            ("Hidden Harriet", ("hidden fear",), ("went silent",)),
        ]
    ):
        journal.moments.record(
            MomentDraft(
                occurred_at=now - timedelta(minutes=5 + i),
                direction=Direction.WITHDREW if i % 2 == 0 else Direction.OPENED,
                intensity=2 + i,
                person=person,
                fears=fears,
                behaviours=behaviours,
                body_signals=("tight chest",) if i else (),
                loneliness=i if i else None,
                note=f'note "{i}", with, commas\nand a line',
            )
        )
    same_minute = now - timedelta(minutes=30)
    for text in ("first of two at the same minute", "second of two at the same minute"):
        journal.moments.record(
            MomentDraft(occurred_at=same_minute, direction=Direction.OPENED, intensity=1, note=text)
        )
    journal.settings.set(THEME, "dark")


@pytest.fixture
def varied(journal_path: Path) -> Path:
    journal = open_journal(journal_path)
    try:
        _varied(journal)
    finally:
        journal.close()
    return journal_path


def test_the_first_screen_reads_what_the_full_journal_reads(varied: Path) -> None:
    screen = first_screen(varied)
    assert screen is not None
    journal = open_journal(varied, daily_backup=False)
    try:
        today = now_local().date()
        days = [today - timedelta(days=n) for n in range(0, 40)]
        for day in days:
            assert screen.moments.on_day(day) == journal.moments.on_day(day), day
        assert len(screen.moments.on_day()) >= 4  # today: the four above, newest first
        assert screen.moments.on_day() == journal.moments.on_day()
        assert screen.moments.any() is True
        assert screen.people.by_use() == journal.people.by_use()
        for kind in TagKind:
            assert screen.tags.all(kind) == journal.tags.all(kind), kind
            assert screen.tags.suggestions(kind) == journal.tags.suggestions(kind), kind
            for direction in Direction:
                assert screen.tags.suggestions(kind, direction) == journal.tags.suggestions(
                    kind, direction
                ), (kind, direction)
        assert screen.settings.get(THEME) == "dark"
        assert screen.settings.get(WEEK_START) == journal.settings.get(WEEK_START)
        assert screen.is_demo is journal.is_demo is True  # generate_demo marks it
    finally:
        journal.close()
        screen.finish()


def test_an_empty_journal_and_the_demo_flag(journal_path: Path) -> None:
    journal = open_journal(journal_path)
    journal.close()
    screen = first_screen(journal_path)
    assert screen is not None
    assert screen.moments.any() is False
    assert screen.moments.on_day(date(2020, 1, 1)) == []
    screen.finish()
    journal = open_journal(journal_path)
    journal.mark_as_demo()
    journal.close()
    screen = first_screen(journal_path)
    assert screen is not None and screen.is_demo
    screen.finish()


def test_constants_match_the_full_path() -> None:
    from wallwatch.services.journal import DEMO_KIND as JOURNAL_DEMO_KIND
    from wallwatch.store.database import HEAD_REVISION as DATABASE_HEAD
    from wallwatch.store.people import USAGE_WINDOW

    assert peek.USAGE_WINDOW == USAGE_WINDOW
    assert DEMO_KIND == JOURNAL_DEMO_KIND
    assert HEAD_REVISION == DATABASE_HEAD


def _sqlite_file(path: Path, sql: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()


@pytest.mark.parametrize(
    "make",
    [
        "missing",
        "empty",
        "text",
        "foreign",
        "older",
        "newer",
        "random",
    ],
)
def test_files_the_full_path_must_handle_give_none_and_stay_untouched(
    make: str, varied: Path, tmp_path: Path
) -> None:
    path = tmp_path / "case" / "wallwatch.sqlite3"
    path.parent.mkdir()
    if make == "empty":
        path.write_bytes(b"")
    elif make == "text":
        path.write_text("these are my notes, not a database\n" * 20)
    elif make == "foreign":
        _sqlite_file(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);")
    elif make == "random":
        path.write_bytes(bytes(range(256)) * 16)
    elif make in ("older", "newer"):
        path.write_bytes(varied.read_bytes())
        revision = "0001" if make == "older" else "9999"
        conn = sqlite3.connect(path)
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    before = _files(path.parent)
    assert first_screen(path) is None
    assert _files(path.parent) == before  # nothing created or changed beside it either


def test_reading_creates_no_file_beside_the_journal(varied: Path) -> None:
    before = _files(varied.parent)
    screen = first_screen(varied)
    assert screen is not None
    screen.moments.on_day()
    screen.people.by_use()
    screen.tags.suggestions(TagKind.FEAR)
    screen.finish()
    assert _files(varied.parent) == before


def test_saving_opens_the_journal_and_then_every_read_goes_there(varied: Path) -> None:
    screen = first_screen(varied, daily_backup=False)
    assert screen is not None
    before_today = len(screen.moments.on_day())
    assert not screen.arrived
    draft = MomentDraft(
        occurred_at=now_local() - timedelta(minutes=1),
        direction=Direction.OPENED,
        intensity=3,
        note="said how I felt",
    )
    saved = screen.moments.record(draft)  # not a first-screen read: opens the journal here
    journal = screen.current()
    assert screen.arrived and journal is not None
    try:
        assert journal.moments.get(saved.id) is not None
        # The look is sealed: reads now come from the full journal and see the new moment.
        assert len(screen.moments.on_day()) == before_today + 1
        assert screen.moments.on_day() == journal.moments.on_day()
        assert screen.path == varied
    finally:
        screen.finish()
        journal.close()


def test_the_journal_opens_once_whoever_asks_first(varied: Path) -> None:
    screen = first_screen(varied, daily_backup=False)
    assert screen is not None
    results: list[Journal] = []
    worker = threading.Thread(target=lambda: results.append(screen.open_full()))
    worker.start()
    mine = screen.full()  # opens it, or waits for the worker that is opening it
    worker.join(60)
    assert not worker.is_alive() and results == [mine]
    assert screen.open_full() is mine
    screen.finish()
    mine.close()


def test_a_journal_that_fails_to_open_is_reported_to_whoever_asks(varied: Path) -> None:
    screen = first_screen(varied, daily_backup=False)
    assert screen is not None
    assert isinstance(screen, FirstScreen)
    # Another file takes the journal's place before the full open (the look keeps the old one).
    garbage = varied.with_name("garbage")
    garbage.write_bytes(bytes(range(256)) * 16)
    garbage.replace(varied)
    with pytest.raises(JournalError):
        screen.open_full()
    with pytest.raises(JournalError):
        screen.people.by_use()  # sealed: asks the full journal, which could not open
    assert screen.current() is None
    screen.finish()


def test_the_first_screen_does_not_load_sqlalchemy(varied: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from wallwatch.services.first_screen import first_screen\n"
        "from wallwatch.domain.model import TagKind\n"
        f"s = first_screen(Path({str(varied)!r}))\n"
        "assert s is not None\n"
        "s.moments.on_day(); s.people.by_use(); s.tags.suggestions(TagKind.FEAR)\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
