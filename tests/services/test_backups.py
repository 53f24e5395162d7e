"""Backups: made daily on open and before imports, rotated by day and week, restored safely."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.settings import BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY
from wallwatch.services import Journal, JournalError, JournalNotOurs, JournalTooNew, open_journal
from wallwatch.services.backups import (
    BEFORE_IMPORT,
    BEFORE_MIGRATE,
    BEFORE_RESTORE,
    DAILY,
    EVENT_KEEP,
    MANUAL,
    backup_name,
    create_backup,
    list_backups,
    newest_good_backup,
    restore_backup,
    rotate_backups,
)
from wallwatch.services.transfer import ImportRejected, export_csv, import_csv

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)  # a Tuesday


def record(journal: Journal, n: int = 1, note: str = "") -> None:
    for i in range(n):
        journal.moments.record(
            MomentDraft(datetime.now(UTC) - timedelta(minutes=i), Direction.OPENED, note=note)
        )


def notes(path: Path) -> list[str]:
    with open_journal(path, daily_backup=False) as j:
        return sorted(m.note for m in j.moments.query())


def touch_backup(folder: Path, reason: str, when: datetime) -> Path:
    """A backup file as far as naming goes (rotation only reads names)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / backup_name(reason, when)
    path.write_bytes(b"")
    return path


# -- making backups -----------------------------------------------------------------------------
def test_a_backup_is_a_private_copy_with_the_right_count(journal: Journal) -> None:
    record(journal, 4)
    info = journal.backups.create()
    assert (info.reason, info.moments, info.ok) == (MANUAL, 4, True)
    assert info.path.parent == journal.path.parent / "backups"
    assert info.path.name.startswith("wallwatch-") and info.path.name.endswith("-manual.sqlite3")
    assert info.size == info.path.stat().st_size > 0
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    record(journal, 1)  # the journal goes on; the backup does not change
    assert [(b.path, b.moments) for b in journal.backups.list()] == [(info.path, 4)]


def test_backups_taken_during_writes_are_consistent(journal: Journal) -> None:
    record(journal, 2)
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                record(journal, 1, "meanwhile")
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        made = [journal.backups.create(now=T0 + timedelta(seconds=i)) for i in range(5)]
    finally:
        stop.set()
        thread.join()
    assert failures == []
    counts = [b.moments for b in reversed(journal.backups.list())]  # oldest first, all checked
    assert counts == [b.moments for b in made][-EVENT_KEEP:]
    assert all(c is not None and 2 <= c <= journal.moments.count() for c in counts)
    assert counts == sorted(counts)  # type: ignore[type-var]


def test_names_sort_by_time_and_carry_the_reason(journal: Journal) -> None:
    record(journal)
    late = journal.backups.create(BEFORE_IMPORT, now=T0 + timedelta(hours=1))
    early = journal.backups.create(MANUAL, now=T0)
    again = journal.backups.create(MANUAL, now=T0)  # the same second: a new name, not a clash
    assert early.path != again.path
    assert sorted(p.name for p in (late.path, early.path)) == [early.path.name, late.path.name]
    assert early.path.name == "wallwatch-20260331T090000Z-manual.sqlite3"
    assert journal.backups.list()[0].path == late.path


def test_an_unknown_reason_is_refused(journal: Journal) -> None:
    with pytest.raises(ValueError, match="not a reason"):
        create_backup(journal.path, journal.backups.folder, "whenever")


def test_there_is_nothing_to_back_up_without_a_journal(tmp_path: Path) -> None:
    missing = tmp_path / "no journal" / "wallwatch.sqlite3"
    with pytest.raises(JournalError, match="no journal at"):
        create_backup(missing, tmp_path / "backups", MANUAL)
    assert not missing.exists() and not missing.parent.exists()
    assert not (tmp_path / "backups").exists()


# -- daily on open ------------------------------------------------------------------------------
def test_the_daily_backup_is_made_once_a_day(journal: Journal) -> None:
    assert journal.backups.daily_if_due(T0) is None  # nothing to keep in an empty journal
    record(journal, 3)
    first = journal.backups.daily_if_due(T0)
    assert first is not None and (first.reason, first.moments) == (DAILY, 3)
    record(journal)
    assert journal.backups.daily_if_due(T0 + timedelta(hours=14)) is None  # 23:00, same day
    second = journal.backups.daily_if_due(T0 + timedelta(hours=15))  # 00:00 the next day
    assert second is not None and second.moments == 4
    assert [b.reason for b in journal.backups.list()] == [DAILY, DAILY]


def test_the_day_is_the_local_day_of_now(journal: Journal) -> None:
    record(journal)
    plus_two = timezone(timedelta(hours=2))
    late = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # already 1 April at UTC+2
    assert journal.backups.daily_if_due(late) is not None
    assert journal.backups.daily_if_due(datetime(2026, 4, 1, 9, 0, tzinfo=plus_two)) is None
    assert journal.backups.daily_if_due(datetime(2026, 4, 1, 9, 0, tzinfo=UTC)) is not None


def test_opening_makes_the_daily_backup_once(journal_path: Path) -> None:
    with open_journal(journal_path, now=T0) as j:
        record(j, 2)
        assert j.backups.list() == []  # the journal was empty when it opened
    for _ in range(2):
        with open_journal(journal_path, now=T0 + timedelta(hours=1)) as j:
            pass
    with open_journal(journal_path, now=T0 + timedelta(days=1), daily_backup=False) as j:
        pass
    with open_journal(journal_path, now=T0 + timedelta(days=2)) as j:
        made = [(b.created, b.reason, b.moments) for b in j.backups.list()]
    assert made == [
        (T0 + timedelta(days=2), DAILY, 2),
        (T0 + timedelta(hours=1), DAILY, 2),
    ]


def test_the_demo_journal_gets_no_daily_backup(journal_path: Path) -> None:
    with open_journal(journal_path) as j:
        j.mark_as_demo()
        record(j)
    with open_journal(journal_path) as j:
        assert j.backups.list() == []


def test_a_failed_daily_backup_does_not_stop_the_journal_opening(journal_path: Path) -> None:
    with open_journal(journal_path) as j:
        record(j)
    (journal_path.parent / "backups").write_text("a file where the folder should be")
    with open_journal(journal_path) as j:
        assert j.moments.count() == 1
        assert "backups" in j.backups.last_problem


# -- rotation -----------------------------------------------------------------------------------
def _days(paths: list[Path]) -> list[str]:
    return sorted(p.name[10:18] for p in paths)


def test_rotation_keeps_seven_days_then_one_per_week(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = []
    day = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    while day <= T0:
        made.append(touch_backup(folder, DAILY, day))
        made.append(touch_backup(folder, DAILY, day - timedelta(hours=2)))  # an earlier one
        day += timedelta(days=1)
    removed = rotate_backups(folder, 7, 4, now=T0)
    kept = [p for p in made if p.exists()]
    assert _days(kept) == [
        # One per week for the four weeks before the daily ones (each its Sunday, the newest)
        "20260301",
        "20260308",
        "20260315",
        "20260322",
        # The newest seven days; Monday 23 and Tuesday 24 March are in a week already covered.
        "20260325",
        "20260326",
        "20260327",
        "20260328",
        "20260329",
        "20260330",
        "20260331",
    ]
    assert all(p.name.endswith("T090000Z-daily.sqlite3") for p in kept)  # the newest of a day
    assert sorted(removed) == sorted(p for p in made if not p.exists())


def test_rotating_every_day_ends_where_rotating_once_does(tmp_path: Path) -> None:
    once, daily = tmp_path / "once", tmp_path / "daily"
    day = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    while day <= T0:
        touch_backup(once, DAILY, day)
        touch_backup(daily, DAILY, day)
        rotate_backups(daily, 7, 4, now=day)
        day += timedelta(days=1)
    rotate_backups(once, 7, 4, now=T0)
    assert sorted(p.name for p in daily.iterdir()) == sorted(p.name for p in once.iterdir())
    assert len(list(daily.iterdir())) == 11


def test_days_without_a_backup_do_not_count(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    opened = [T0 - timedelta(days=d) for d in (0, 3, 4, 10, 11, 12, 30, 31, 45, 60, 90)]
    for when in opened:
        touch_backup(folder, DAILY, when)
    rotate_backups(folder, 3, 2, now=T0)
    kept = sorted(when for when in opened if (folder / backup_name(DAILY, when)).exists())
    # Days 0, 3, 4 are the three daily ones (the week of day 4 is covered); of the older weeks
    # the two newest keep their newest backup: day 10 (week of 16 March), day 30 (of 23 Feb).
    assert kept == sorted(T0 - timedelta(days=d) for d in (0, 3, 4, 10, 30))


def test_other_reasons_keep_their_newest_few_and_foreign_files_stay(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    for reason in (MANUAL, BEFORE_IMPORT, BEFORE_RESTORE):
        for i in range(EVENT_KEEP + 2):
            touch_backup(folder, reason, T0 - timedelta(days=i))
    for rev in ("base", "0001"):  # as the store names its copies before a migration
        for i in range(4):
            stamp = (T0 - timedelta(days=i, minutes=len(rev))).strftime("%Y%m%dT%H%M%SZ")
            (folder / f"before-migrate-{rev}-{stamp}.sqlite3").write_bytes(b"")
    for name in ("notes.txt", "wallwatch-copy.sqlite3", "wallwatch-20200101T000000Z-odd.sqlite3"):
        (folder / name).write_text("mine")
    rotate_backups(folder, 7, 4, now=T0)
    reasons = [b.reason for b in list_backups(folder, thorough=False)]
    for reason in (MANUAL, BEFORE_IMPORT, BEFORE_RESTORE, BEFORE_MIGRATE):
        assert reasons.count(reason) == EVENT_KEEP
    for name in ("notes.txt", "wallwatch-copy.sqlite3", "wallwatch-20200101T000000Z-odd.sqlite3"):
        assert (folder / name).read_text() == "mine"
    # The newest of each reason are the ones kept.
    manual = sorted(p.name for p in folder.glob("*-manual.sqlite3"))
    assert manual == sorted(backup_name(MANUAL, T0 - timedelta(days=i)) for i in range(EVENT_KEEP))


def test_the_journal_settings_set_how_many_are_kept(journal: Journal) -> None:
    record(journal)
    journal.settings.set(BACKUP_KEEP_DAILY, 2)
    journal.settings.set(BACKUP_KEEP_WEEKLY, 0)
    for d in range(5):
        journal.backups.daily_if_due(T0 + timedelta(days=d))
    days = [b.created for b in journal.backups.list(thorough=False)]
    assert days == [T0 + timedelta(days=4), T0 + timedelta(days=3)]


# -- damaged backups ----------------------------------------------------------------------------
def _scribble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data) - page, page):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def test_newest_good_skips_damaged_backups(journal: Journal) -> None:
    record(journal, 2)
    good = journal.backups.create(now=T0)
    record(journal)
    scribbled = journal.backups.create(now=T0 + timedelta(hours=1))
    cut = journal.backups.create(now=T0 + timedelta(hours=2))
    _scribble(scribbled.path)
    cut.path.write_bytes(cut.path.read_bytes()[:5000])
    newest = journal.backups.newest_good()
    assert newest is not None and (newest.path, newest.moments) == (good.path, 2)
    listed = {b.path: b for b in journal.backups.list()}
    assert [listed[p].ok for p in (cut.path, scribbled.path, good.path)] == [False, False, True]
    assert "damaged" in listed[scribbled.path].problem
    assert listed[cut.path].moments is None


def test_there_is_no_newest_good_backup_in_an_empty_folder(tmp_path: Path) -> None:
    assert newest_good_backup(tmp_path / "nothing here") is None


# -- restore ------------------------------------------------------------------------------------
def test_restore_puts_the_backup_back_and_keeps_the_journal_as_it_was(journal_path: Path) -> None:
    with open_journal(journal_path, daily_backup=False) as j:
        record(j, 2, "old")
        backup = j.backups.create(now=T0)
        record(j, 3, "new")
        folder = j.backups.folder
    result = restore_backup(journal_path, folder, backup.path, now=T0 + timedelta(days=1))
    assert (result.restored.path, result.restored.moments) == (backup.path, 2)
    assert result.safety is not None
    assert (result.safety.reason, result.safety.moments) == (BEFORE_RESTORE, 5)
    assert result.safety.path.name == "wallwatch-20260401T090000Z-before-restore.sqlite3"
    assert notes(journal_path) == ["old", "old"]
    assert notes(result.safety.path) == ["new", "new", "new", "old", "old"]
    assert stat.S_IMODE(journal_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(result.safety.path.stat().st_mode) == 0o600
    # Restoring the safety copy undoes the restore.
    restore_backup(journal_path, folder, result.safety.path)
    assert len(notes(journal_path)) == 5


def test_restore_is_refused_while_the_journal_is_open(journal: Journal) -> None:
    record(journal, 2)
    backup = journal.backups.create(now=T0)
    record(journal)
    with pytest.raises(JournalError, match="close it and try again"):
        restore_backup(journal.path, journal.backups.folder, backup.path)
    assert journal.moments.count() == 3
    assert [b.reason for b in journal.backups.list()] == [MANUAL]


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("kind", ["damaged", "foreign", "newer", "not sqlite", "missing"])
def test_a_bad_file_is_refused_and_nothing_changes(journal_path: Path, kind: str) -> None:
    with open_journal(journal_path, daily_backup=False) as j:
        record(j, 2)
        folder = j.backups.folder
        bad = j.backups.create(now=T0).path
    expected: tuple[type[Exception], str]
    if kind == "damaged":
        _scribble(bad)
        expected = (JournalNotOurs, "damaged")
    elif kind == "foreign":
        bad = _foreign(folder / "songs.sqlite3")
        expected = (JournalNotOurs, "another program")
    elif kind == "newer":
        conn = sqlite3.connect(bad)
        conn.execute("UPDATE alembic_version SET version_num = '0042'")
        conn.commit()
        conn.close()
        expected = (JournalTooNew, "newer version of WallWatch")
    elif kind == "not sqlite":
        bad.write_text("name,when\nMaya,today\n" * 20)
        expected = (JournalNotOurs, "not an SQLite database")
    else:
        bad = folder / "gone.sqlite3"
        expected = (JournalError, "does not exist")
    journal_bytes = journal_path.read_bytes()
    folder_before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(expected[0]) as info:
        restore_backup(journal_path, folder, bad)
    message = str(info.value)
    assert message.startswith("Nothing was restored: ") and expected[1] in message
    assert str(bad) in message and "\n" not in message
    assert journal_path.read_bytes() == journal_bytes
    assert sorted(p.name for p in folder.iterdir()) == folder_before


def test_the_journal_itself_cannot_be_restored_over_itself(journal_path: Path) -> None:
    open_journal(journal_path, daily_backup=False).close()
    with pytest.raises(JournalError, match="the journal itself"):
        restore_backup(journal_path, journal_path.parent / "backups", journal_path)


def test_restore_into_a_missing_journal_needs_no_safety_copy(journal_path: Path) -> None:
    with open_journal(journal_path, daily_backup=False) as j:
        record(j, 2, "kept")
        backup = j.backups.create(now=T0)
    journal_path.unlink()
    result = restore_backup(journal_path, backup.path.parent, backup.path)
    assert result.safety is None
    assert notes(journal_path) == ["kept", "kept"]


def test_a_damaged_journal_is_backed_up_byte_for_byte_before_a_restore(journal_path: Path) -> None:
    with open_journal(journal_path, daily_backup=False) as j:
        record(j, 1, "safe")
        backup = j.backups.create(now=T0)
    journal_path.write_bytes(b"\x00garbage where the journal was" * 10)
    result = restore_backup(journal_path, backup.path.parent, backup.path)
    assert result.safety is not None and not result.safety.ok
    assert result.safety.path.read_bytes() == b"\x00garbage where the journal was" * 10
    assert notes(journal_path) == ["safe"]


def test_only_the_newest_safety_copies_are_kept(journal_path: Path) -> None:
    with open_journal(journal_path, daily_backup=False) as j:
        record(j)
        backup = j.backups.create(now=T0)
    for i in range(EVENT_KEEP + 2):
        restore_backup(journal_path, backup.path.parent, backup.path, now=T0 + timedelta(hours=i))
    reasons = [b.reason for b in list_backups(backup.path.parent, thorough=False)]
    assert reasons.count(BEFORE_RESTORE) == EVENT_KEEP
    assert reasons.count(MANUAL) == 1
    # Restoring the oldest safety copy keeps that file, though it is no longer among the newest.
    oldest = list_backups(backup.path.parent, thorough=False)[-2]
    assert oldest.reason == BEFORE_RESTORE
    restore_backup(journal_path, backup.path.parent, oldest.path, now=T0 + timedelta(days=1))
    assert oldest.path.exists()


# -- before an import ---------------------------------------------------------------------------
def test_an_import_that_writes_is_backed_up_first(journal: Journal, tmp_path: Path) -> None:
    record(journal, 2, "before")
    csv_file = tmp_path / "moments.csv"
    with open_journal(tmp_path / "other" / "j.sqlite3", daily_backup=False) as other:
        record(other, 3, "imported")
        export_csv(other, csv_file)
    import_csv(journal, csv_file, dry_run=True)
    assert journal.backups.list() == []
    report = import_csv(journal, csv_file)
    assert report.added == 3
    [backup] = journal.backups.list()
    assert (backup.reason, backup.moments) == (BEFORE_IMPORT, 2)
    assert notes(backup.path) == ["before", "before"]
    import_csv(journal, csv_file)  # nothing new to write: no new backup
    assert len(journal.backups.list()) == 1


def test_a_rejected_import_makes_no_backup(journal: Journal, tmp_path: Path) -> None:
    record(journal)
    bad = tmp_path / "bad.csv"
    bad.write_text("this is not the header\n1,2,3\n")
    with pytest.raises(ImportRejected):
        import_csv(journal, bad)
    assert journal.backups.list() == []
