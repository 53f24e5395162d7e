"""Encryption of a journal and its backups through the services: turn on, change, turn off."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import Journal, ValidationFailed, open_journal
from wallwatch.services.backups import MANUAL, backup_name, list_backups
from wallwatch.services.encryption import (
    Strength,
    check_new_passphrase,
    encrypt_journal,
    is_encrypted,
    strength_of,
)
from wallwatch.services.errors import JournalError, JournalLocked, WrongPassphrase

PASS = "a long and private passphrase"
NEW = "another passphrase, also long"
MARK = "NOTE-ONLY-I-SHOULD-READ"


def _record(journal: Journal, n: int) -> None:
    for i in range(n):
        journal.moments.record(
            MomentDraft(
                datetime.now(UTC) - timedelta(minutes=i), Direction.OPENED, note=f"{MARK} {i}"
            )
        )


def _notes(journal: Journal) -> list[str]:
    return sorted(m.note for m in journal.moments.stream())


def _plaintext_in(path: Path) -> bool:
    return MARK.encode() in path.read_bytes()


def test_enable_keeps_every_moment_and_encrypts_the_old_backups(journal: Journal) -> None:
    _record(journal, 20)
    first = journal.backups.create(MANUAL)
    second = journal.backups.create(MANUAL, now=datetime.now(UTC) + timedelta(seconds=5))
    before = _notes(journal)
    assert _plaintext_in(first.path)

    result = journal.encryption.enable(PASS)

    assert result.encrypted and result.backups_rewritten == 2 and not result.skipped
    assert journal.encryption.enabled
    for path in (journal.path, first.path, second.path):
        assert is_encrypted(path), path
        assert not _plaintext_in(path), path
    # The open journal goes on working with the new key.
    assert _notes(journal) == before
    _record(journal, 1)
    assert journal.moments.count() == 21
    assert [b.moments for b in journal.backups.list()] == [20, 20]


def test_an_encrypted_journal_needs_its_passphrase_to_open(journal: Journal) -> None:
    _record(journal, 3)
    journal.encryption.enable(PASS)
    path = journal.path
    journal.close()
    with pytest.raises(JournalLocked):
        open_journal(path)
    with pytest.raises(WrongPassphrase):
        open_journal(path, passphrase="guess guess guess")
    with open_journal(path, passphrase=PASS) as again:
        assert again.moments.count() == 3
        assert again.passphrase == PASS


def test_backups_of_an_encrypted_journal_are_encrypted(journal: Journal, tmp_path: Path) -> None:
    _record(journal, 4)
    journal.encryption.enable(PASS)
    path = journal.path
    journal.close()
    with open_journal(path, passphrase=PASS) as again:  # the day's first opening backs up
        daily = again.backups.list()
        made = again.backups.create(MANUAL, now=datetime.now(UTC) + timedelta(hours=1))
    assert made.moments == 4 and made.ok
    for info in [*daily, made]:
        assert is_encrypted(info.path)
        assert not _plaintext_in(info.path)
    unreadable = list_backups(made.path.parent)  # without the passphrase
    assert unreadable and all(not b.ok and "passphrase" in b.problem for b in unreadable)


def test_change_passphrase_re_keys_journal_and_backups(journal: Journal) -> None:
    _record(journal, 6)
    journal.encryption.enable(PASS)
    backup = journal.backups.create(MANUAL)
    with pytest.raises(WrongPassphrase):
        journal.encryption.change("not the old one", NEW)
    assert journal.moments.count() == 6  # still open with the old passphrase

    result = journal.encryption.change(PASS, NEW)
    assert result.backups_rewritten == 1
    assert journal.passphrase == NEW
    path = journal.path
    journal.close()
    with pytest.raises(WrongPassphrase):
        open_journal(path, passphrase=PASS, daily_backup=False)
    with open_journal(path, passphrase=NEW, daily_backup=False) as again:
        assert again.moments.count() == 6
        assert [b.ok for b in again.backups.list() if b.path == backup.path] == [True]


def test_disable_makes_journal_and_backups_plain_again(journal: Journal) -> None:
    _record(journal, 5)
    before = _notes(journal)
    journal.encryption.enable(PASS)
    backup = journal.backups.create(MANUAL)
    with pytest.raises(WrongPassphrase):
        journal.encryption.disable("wrong wrong wrong")
    assert journal.encryption.enabled

    result = journal.encryption.disable(PASS)
    assert not result.encrypted and result.backups_rewritten == 1
    assert not journal.encryption.enabled
    assert journal.passphrase is None
    assert _notes(journal) == before
    assert not is_encrypted(backup.path) and _plaintext_in(backup.path)
    path = journal.path
    journal.close()
    with open_journal(path) as again:
        assert _notes(again) == before


def test_a_damaged_backup_is_left_alone_and_named(journal: Journal) -> None:
    _record(journal, 2)
    folder = journal.backups.folder
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / backup_name(MANUAL, datetime(2024, 1, 1, tzinfo=UTC))
    broken.write_bytes(os.urandom(9000))
    result = journal.encryption.enable(PASS)
    assert result.skipped == (broken,)
    assert journal.moments.count() == 2


def test_restore_keeps_an_encrypted_journal_encrypted(journal: Journal) -> None:
    _record(journal, 3)
    journal.encryption.enable(PASS)
    backup = journal.backups.create(MANUAL)
    _record(journal, 2)
    result = journal.backups.restore(backup.path)
    assert result.restored.moments == 3
    assert result.safety is not None and result.safety.moments == 5
    assert is_encrypted(journal.path) and is_encrypted(result.safety.path)
    assert journal.moments.count() == 3  # the journal object reconnects with its passphrase


def test_enable_twice_and_disable_a_plain_journal_are_refused(journal: Journal) -> None:
    _record(journal, 1)
    with pytest.raises(JournalError, match="not encrypted"):
        journal.encryption.disable(PASS)
    journal.encryption.enable(PASS)
    with pytest.raises(JournalError, match="already encrypted"):
        journal.encryption.enable(NEW)


def test_encrypting_a_closed_journal(journal_path: Path) -> None:
    with open_journal(journal_path) as j:
        _record(j, 2)
    result = encrypt_journal(journal_path, journal_path.parent / "backups", PASS)
    assert result.encrypted
    assert not _plaintext_in(journal_path)


def test_new_passphrases_are_checked() -> None:
    assert check_new_passphrase(PASS, PASS) == PASS
    with pytest.raises(ValidationFailed) as info:
        check_new_passphrase("short", "shorts")
    assert info.value.for_field("passphrase") == ["A passphrase needs at least 8 characters."]
    assert info.value.for_field("confirm") == ["The two passphrases are not the same."]


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("abc", Strength.TOO_SHORT),
        ("aaaaaaaaaaaa", Strength.WEAK),
        ("password", Strength.WEAK),
        ("Password12", Strength.FAIR),
        ("walnut harbour violet", Strength.STRONG),
        ("Tr0ub4dor&3-x!", Strength.STRONG),
    ],
)
def test_strength_hint(text: str, strength: Strength) -> None:
    hint = strength_of(text)
    assert hint.strength is strength
    assert hint.text
