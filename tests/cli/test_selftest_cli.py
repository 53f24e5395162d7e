"""``wallwatch selftest``: a journal, a moment and the weekly chart in a fresh folder, never the
person's own journal (the packaging tests run the same command on the frozen bundle)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.cli.commands_selftest import PASSPHRASE, PNG_SIGNATURE
from wallwatch.domain.vocabulary import SEED_FEARS
from wallwatch.services import encryption, open_journal
from wallwatch.store import encryption as store_encryption

if TYPE_CHECKING:
    from tests.cli.conftest import Run


def test_selftest_keeps_a_journal_and_charts_in_the_folder_given(
    run: Run, tmp_path: Path, home: Path
) -> None:
    out = tmp_path / "check"
    ran = run("selftest", "--out", str(out))

    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[-1] == "selftest: passed"
    assert "(source, Python" in ran.out
    assert (out / "weekly.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "<svg" in (out / "weekly.svg").read_text(encoding="utf-8")
    assert (out.stat().st_mode & 0o777) == 0o700
    assert "selftest: encrypted the journal" in ran.out
    journal_file = out / "wallwatch.sqlite3"
    assert encryption.is_encrypted(journal_file)
    with open_journal(journal_file, daily_backup=False, passphrase=PASSPHRASE) as journal:
        [moment] = journal.moments.query()
    assert moment.fears == (SEED_FEARS[0],)
    assert moment.person == "Selftest"
    assert not home.exists(), "the person's own journal folder was touched"


def test_selftest_without_a_folder_cleans_up_after_itself(
    run: Run, tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    ran = run("selftest")

    assert ran.code == 0, ran.err
    assert "selftest: drew the weekly chart" in ran.out
    assert list(scratch.iterdir()) == []
    assert not home.exists()


def test_selftest_will_not_write_into_a_folder_that_holds_something(
    run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "wallwatch.sqlite3").write_bytes(b"someone's journal")

    ran = run("selftest", "--out", str(out))

    ran.assert_one_line_error(1)
    assert "not an empty folder" in ran.err
    assert (out / "wallwatch.sqlite3").read_bytes() == b"someone's journal"


def test_selftest_is_left_out_of_the_command_list(run: Run) -> None:
    listed = run("--help")
    assert "selftest" not in listed.out
    assert "add" in listed.out  # the list itself is still there
    described = " ".join(run("selftest", "--help").out.split())
    assert "Your own journal is not touched" in described


@pytest.fixture
def without_sqlcipher(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if the sqlcipher3 package were not installed (``None`` in sys.modules fails imports)."""
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    store_encryption.driver.cache_clear()
    yield
    store_encryption.driver.cache_clear()


@pytest.mark.usefixtures("without_sqlcipher")
def test_selftest_fails_plainly_when_encryption_is_missing(run: Run, tmp_path: Path) -> None:
    ran = run("selftest", "--out", str(tmp_path / "check"))

    ran.assert_one_line_error(1)
    assert "sqlcipher3" in ran.err
    assert "selftest: drew the weekly chart" in ran.out  # everything before it still ran
    assert "selftest: passed" not in ran.out
