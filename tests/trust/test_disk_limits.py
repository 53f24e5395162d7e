"""A full disk, a file-size limit or a read-only disk: a plain sentence, and nothing committed
before is lost.

``tests/store/test_transactions.py`` already fills a journal with ``max_page_count``; these
tests use the operating system's own limits instead: a real RLIMIT_FSIZE on a separate CLI
process (works anywhere), and a small tmpfs mounted full or read-only (needs root and a
kernel that allows the mount; skipped otherwise, with a chmod fallback for the read-only case
when not running as root).
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wallwatch.domain.model import Direction, MomentDraft, TagKind
from wallwatch.services import Journal, open_journal
from wallwatch.services.errors import JournalFull, JournalReadOnly
from wallwatch.services.transfer import ExportFailed, export_csv

WHEN = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
BIG_NOTE = "full disk test " * 4_000  # about 60 kB: a few of these fill a small limit


def _record(j: Journal, n: int, prefix: str) -> dict[uuid.UUID, str]:
    kept = {}
    for i in range(n):
        m = j.moments.record(
            MomentDraft(WHEN + timedelta(minutes=i), Direction.OPENED, note=f"{prefix} {i}")
        )
        kept[m.id] = m.note
    return kept


def _assert_all_there(path: Path, kept: dict[uuid.UUID, str]) -> None:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()
    with open_journal(path) as j:
        stored = {m.id: m.note for m in j.moments.query()}
    assert {k: stored.get(k) for k in kept} == kept


def _one_sentence(text: str) -> None:
    assert text.count("\n") <= 1, text
    assert "Traceback" not in text
    assert text.rstrip().endswith("."), text


# -- a file-size limit on a separate process -------------------------------------------------
def _cli(data: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def preexec() -> None:
        if limit is not None:
            # Writes past the limit must fail with EFBIG instead of killing the process.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "wallwatch", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=preexec,
    )


def test_a_file_size_limit_stops_the_cli_with_a_sentence_and_loses_nothing(
    tmp_path: Path, trust_figure: Callable[[str, str], None]
) -> None:
    data = tmp_path / "limited"
    database = data / "wallwatch.sqlite3"
    with open_journal(database) as j:
        kept = _record(j, 20, "before the limit")
    files = [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))]
    limit = max(f.stat().st_size for f in files if f.exists()) + 128 * 1024
    failed = None
    tries = 0
    while failed is None and tries < 40:
        tries += 1
        result = _cli(data, "add", "--note", BIG_NOTE + str(tries), limit=limit)
        if result.returncode == 0:
            kept[uuid.UUID(result.stdout.strip())] = BIG_NOTE + str(tries)
        else:
            failed = result
    assert failed is not None, "the size limit was never reached"
    assert failed.returncode == 1
    assert failed.stderr.startswith("wallwatch: Nothing was saved: "), failed.stderr
    assert "full" in failed.stderr and str(database) in failed.stderr
    _one_sentence(failed.stderr)

    _assert_all_there(database, kept)
    # Without the limit the same journal takes new moments again.
    assert _cli(data, "add", "--note", "room again").returncode == 0
    trust_figure(
        "size limit (RLIMIT_FSIZE)",
        f"CLI stopped after {tries - 1} big adds with one sentence, 0 of "
        f"{len(kept)} earlier moments lost, integrity ok",
    )


# -- a real small disk -----------------------------------------------------------------------
def _mount_tmpfs(where: Path, size_kb: int) -> bool:
    if os.geteuid() != 0:
        return False
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 kB tmpfs of its own (so "full" is a real ENOSPC)."""
    where = tmp_path / "small-disk"
    if not _mount_tmpfs(where, 600):
        pytest.skip("cannot mount a tmpfs here (needs root and a permissive kernel)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(path: Path) -> None:
    """Take every free byte of the disk holding ``path``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        block = b"\0" * 4096
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, block)
    finally:
        os.close(fd)


def test_a_full_disk_refuses_new_moments_and_keeps_the_old_ones(
    small_disk: Path, trust_figure: Callable[[str, str], None]
) -> None:
    database = small_disk / "data" / "wallwatch.sqlite3"
    with open_journal(database) as j:
        kept = _record(j, 10, "before the disk filled")
        export_csv(j, small_disk / "earlier-export.csv")
        earlier_export = (small_disk / "earlier-export.csv").read_bytes()
        with pytest.raises(JournalFull) as info:
            for i in range(100):
                m = j.moments.record(MomentDraft(WHEN, Direction.WITHDREW, note=BIG_NOTE))
                kept[m.id] = m.note
                assert i < 99, "the disk never filled"
        assert str(info.value).startswith("Nothing was saved: ")
        assert "full" in str(info.value)
        _one_sentence(str(info.value))
        # The export cannot be written now: the old file stays whole, no part file is left.
        _fill(small_disk / "ballast")
        with pytest.raises(ExportFailed, match="full"):
            export_csv(j, small_disk / "earlier-export.csv")
        assert (small_disk / "earlier-export.csv").read_bytes() == earlier_export
        assert not [p for p in small_disk.iterdir() if p.name.endswith(".part")]
    _assert_all_there(database, kept)
    (small_disk / "ballast").unlink()
    with open_journal(database) as j:
        j.moments.record(MomentDraft(WHEN, Direction.OPENED, note="room again"))
        assert j.moments.count() == len(kept) + 1
    trust_figure(
        "disk full (600 kB tmpfs)",
        f"JournalFull after {len(kept) - 10} big moments, 0 of {len(kept)} lost, "
        "earlier export intact, integrity ok, writable again once space was freed",
    )


def test_a_first_start_on_a_full_disk_says_so_and_works_once_there_is_room(
    small_disk: Path,
) -> None:
    _fill(small_disk / "ballast")
    database = small_disk / "data" / "wallwatch.sqlite3"
    with pytest.raises(JournalFull) as info:
        open_journal(database)
    assert str(database) in str(info.value)
    _one_sentence(str(info.value))
    (small_disk / "ballast").unlink()
    with open_journal(database) as j:
        assert j.tags.all(TagKind.FEAR), "a journal begun on a full disk lacks its vocabulary"
        j.moments.record(MomentDraft(WHEN, Direction.OPENED, note="first"))
        assert j.moments.count() == 1


# -- a read-only disk or folder --------------------------------------------------------------
@pytest.fixture
def read_only_switch(tmp_path: Path) -> Iterator[tuple[Path, Callable[[bool], None]]]:
    """A folder and a switch making it read-only (a read-only mount; chmod when not root)."""
    where = tmp_path / "ro-disk"
    if _mount_tmpfs(where, 2048):

        def switch(read_only: bool) -> None:
            _remount(where, "ro" if read_only else "rw")

        try:
            yield where, switch
        finally:
            subprocess.run(["umount", "-l", str(where)], check=False)
        return
    if os.geteuid() == 0:
        pytest.skip("running as root without mount: nothing here is read-only for root")
    where.mkdir()

    def chmod_switch(read_only: bool) -> None:
        for path in sorted(where.rglob("*"), reverse=True):
            path.chmod((0o500 if path.is_dir() else 0o400) if read_only else 0o700)
        where.chmod(0o500 if read_only else 0o700)

    try:
        yield where, chmod_switch
    finally:
        chmod_switch(False)


def test_a_read_only_disk_is_refused_with_a_sentence_and_the_journal_survives(
    read_only_switch: tuple[Path, Callable[[bool], None]],
) -> None:
    folder, switch = read_only_switch
    data = folder / "data"
    database = data / "wallwatch.sqlite3"
    with open_journal(database) as j:
        kept = _record(j, 12, "before read-only")
    switch(True)
    try:
        with pytest.raises(JournalReadOnly) as info:
            open_journal(database)
        assert str(database) in str(info.value)
        _one_sentence(str(info.value))
        result = _cli(data, "add", "--note", "not saved")
        assert result.returncode == 1
        assert result.stderr.startswith("wallwatch: ") and str(database) in result.stderr
        _one_sentence(result.stderr)
    finally:
        switch(False)
    _assert_all_there(database, kept)
    with open_journal(database) as j:
        assert j.moments.count() == len(kept)
