"""``encrypt`` / ``passphrase`` / ``decrypt`` and the passphrase options of every command."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.services.encryption import LOST_PASSPHRASE_WARNING, is_encrypted

if TYPE_CHECKING:
    from tests.cli.conftest import Run

PASS = "quiet river behind the house"
NEW = "a second long passphrase"
NOTE = "A-NOTE-NOBODY-ELSE-READS"


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def pass_file(tmp_path: Path) -> str:
    return _file(tmp_path, "pass.txt", PASS)


@pytest.fixture
def journal_with_notes(run: Run, real_db: Path) -> Path:
    for i in range(3):
        assert run("add", "--opened", "--note", f"{NOTE} {i}").code == 0
    return real_db


def _no_secret_printed(*texts: str) -> None:
    for text in texts:
        assert PASS not in text and NEW not in text


def test_encrypt_then_commands_need_the_passphrase(
    run: Run, journal_with_notes: Path, home: Path, pass_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("backup")  # a plain backup from before
    r = run("--passphrase-file", pass_file, "encrypt")
    assert r.code == 0, r.err
    assert LOST_PASSPHRASE_WARNING in r.out
    assert f"Encrypted {journal_with_notes} and 2 backups." in r.out  # the daily and the manual
    _no_secret_printed(r.out, r.err)
    assert is_encrypted(journal_with_notes)
    assert NOTE.encode() not in journal_with_notes.read_bytes()
    for backup in (home / "backups").iterdir():
        assert NOTE.encode() not in backup.read_bytes(), backup.name

    locked = run("list")
    locked.assert_one_line_error(1)
    assert "locked with a passphrase" in locked.err and "--passphrase-file" in locked.err

    wrong = run("--passphrase-file", _file(home.parent, "wrong.txt", "not it at all"), "list")
    wrong.assert_one_line_error(1)
    assert f"That passphrase does not open {journal_with_notes}." in wrong.err

    listed = run("list", "--passphrase-file", pass_file)  # after the command name works too
    assert listed.code == 0, listed.err
    assert f"{NOTE} 2" in listed.out
    monkeypatch.setenv("WALLWATCH_PASSPHRASE", PASS)
    assert run("add", "--withdrew", "--note", "one more").code == 0
    assert "one more" in run("list").out


def test_backups_of_an_encrypted_journal_are_encrypted_and_listed(
    run: Run, journal_with_notes: Path, home: Path, pass_file: str
) -> None:
    assert run("--passphrase-file", pass_file, "encrypt").code == 0
    r = run("--passphrase-file", pass_file, "backup")
    assert r.code == 0, r.err
    made = Path(r.out.strip().rsplit(" to ", 1)[1])
    assert is_encrypted(made) and NOTE.encode() not in made.read_bytes()
    listing = run("--passphrase-file", pass_file, "backup", "--list")
    assert listing.code == 0 and "DAMAGED" not in listing.out
    restored = run("--passphrase-file", pass_file, "restore", str(made))
    assert restored.code == 0, restored.err
    assert is_encrypted(journal_with_notes)


def test_change_the_passphrase(
    run: Run, journal_with_notes: Path, tmp_path: Path, pass_file: str
) -> None:
    assert run("--passphrase-file", pass_file, "encrypt").code == 0
    new_file = _file(tmp_path, "new.txt", NEW)
    bad = run("--passphrase-file", new_file, "passphrase", "--new-passphrase-file", new_file)
    bad.assert_one_line_error(1)
    assert "does not open" in bad.err

    r = run("--passphrase-file", pass_file, "passphrase", "--new-passphrase-file", new_file)
    assert r.code == 0, r.err
    _no_secret_printed(r.out, r.err)
    run("--passphrase-file", pass_file, "list").assert_one_line_error(1)
    assert f"{NOTE} 0" in run("--passphrase-file", new_file, "list").out


def test_decrypt_makes_the_journal_plain(
    run: Run, journal_with_notes: Path, pass_file: str
) -> None:
    assert run("--passphrase-file", pass_file, "encrypt").code == 0
    r = run("--passphrase-file", pass_file, "decrypt")
    assert r.code == 0, r.err
    assert not is_encrypted(journal_with_notes)
    raw = sqlite3.connect(journal_with_notes)
    assert raw.execute("SELECT count(*) FROM moment").fetchone()[0] == 3
    raw.close()
    assert f"{NOTE} 1" in run("list").out


def test_encrypt_refuses_a_short_passphrase_and_a_missing_one(
    run: Run, journal_with_notes: Path, tmp_path: Path
) -> None:
    short = run("--passphrase-file", _file(tmp_path, "short.txt", "abc"), "encrypt")
    short.assert_one_line_error(1)
    assert "at least 8 characters" in short.err
    missing = run("encrypt")  # no file, no variable, no terminal
    missing.assert_one_line_error(1)
    assert "no passphrase was given" in missing.err
    assert not is_encrypted(journal_with_notes)


def test_encrypt_twice_is_refused(run: Run, journal_with_notes: Path, pass_file: str) -> None:
    assert run("--passphrase-file", pass_file, "encrypt").code == 0
    again = run("--passphrase-file", pass_file, "encrypt")
    again.assert_one_line_error(1)
    assert "already encrypted" in again.err


def test_in_a_terminal_the_passphrase_is_asked_for_without_echo(
    run: Run, journal_with_notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts: list[str] = []
    answers = iter([PASS, PASS, PASS])

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    r = run("encrypt")
    assert r.code == 0, r.err
    assert LOST_PASSPHRASE_WARNING in r.err  # said before the passphrase is chosen
    assert prompts == ["New passphrase: ", "The same passphrase again: "]
    listed = run("list")
    assert listed.code == 0, listed.err
    assert prompts[-1] == f"Passphrase for {journal_with_notes}: "
    _no_secret_printed(r.out, r.err, listed.out, listed.err)


def test_a_missing_passphrase_file_is_one_line(run: Run, journal_with_notes: Path) -> None:
    r = run("--passphrase-file", "/nonexistent/pass.txt", "encrypt")
    r.assert_one_line_error(1)
    assert "cannot read the passphrase file" in r.err
