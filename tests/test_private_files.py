"""Owner-only folders and files, and writes that complete or leave nothing behind."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from wallwatch.private_files import (
    PrivateFileError,
    atomic_writer,
    describe_os_error,
    ensure_private_dir,
    make_private_file,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of this test's own (tmp_path also holds the fake home)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_ensure_private_dir_creates_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    assert ensure_private_dir(folder) == folder
    assert folder.is_dir()
    assert _mode(folder) == 0o700


def test_ensure_private_dir_tightens_an_existing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    ensure_private_dir(folder)
    assert _mode(folder) == 0o700


def test_ensure_private_dir_refuses_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(PrivateFileError, match="blocker"):
        ensure_private_dir(blocker)
    with pytest.raises(PrivateFileError) as info:
        ensure_private_dir(blocker / "inside")
    assert "not a folder" in str(info.value)


def test_make_private_file_creates_empty_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "f"
    make_private_file(target)
    assert target.read_bytes() == b""
    assert _mode(target) == 0o600


def test_make_private_file_keeps_content_and_tightens(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_text("keep me")
    target.chmod(0o644)
    make_private_file(target)
    assert target.read_text() == "keep me"
    assert _mode(target) == 0o600


def test_make_private_file_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PrivateFileError, match="does not exist"):
        make_private_file(tmp_path / "missing" / "f")


def test_atomic_writer_writes_owner_only_and_leaves_no_temp(folder: Path) -> None:
    target = folder / "export.csv"
    with atomic_writer(target) as fh:
        fh.write("a,b\r\n1,2\r\n")
        assert not target.exists()  # nothing appears until the write is complete
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"  # newline="" keeps line ends as written
    assert _mode(target) == 0o600
    assert [p.name for p in folder.iterdir()] == ["export.csv"]


def test_atomic_writer_replaces_a_loose_file_with_a_private_one(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old")
    target.chmod(0o644)
    with atomic_writer(target) as fh:
        fh.write("new")
    assert target.read_text() == "new"
    assert _mode(target) == 0o600


def test_atomic_writer_error_keeps_the_old_file(folder: Path) -> None:
    target = folder / "report.txt"
    target.write_text("old")
    with pytest.raises(ValueError, match="half way"), atomic_writer(target) as fh:
        fh.write("partial")
        raise ValueError("half way")
    assert target.read_text() == "old"
    assert [p.name for p in folder.iterdir()] == ["report.txt"]


def test_atomic_writer_os_error_becomes_a_plain_message(folder: Path) -> None:
    target = folder / "report.txt"
    with pytest.raises(PrivateFileError) as info, atomic_writer(target):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert "disk is full" in str(info.value)
    assert str(target) in str(info.value)
    assert list(folder.iterdir()) == []


def test_atomic_writer_in_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.txt"
    with pytest.raises(PrivateFileError, match="does not exist"), atomic_writer(target):
        pass


def test_atomic_writer_encoding(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    with atomic_writer(target, encoding="utf-16") as fh:
        fh.write("Émile")
    assert target.read_text(encoding="utf-16") == "Émile"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_atomic_writer_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    try:
        with (
            pytest.raises(PrivateFileError, match="permission denied"),
            atomic_writer(folder / "x"),
        ):
            pass
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.ENOSPC, "disk is full"),
        (errno.ENOENT, "does not exist"),
        (errno.ENOTDIR, "not a folder"),
    ],
)
def test_describe_os_error(code: int, words: str) -> None:
    assert words in describe_os_error(OSError(code, os.strerror(code)))


def test_describe_unknown_os_error_uses_the_system_words() -> None:
    assert describe_os_error(OSError(errno.EBUSY, "Device busy")) == "Device busy"
