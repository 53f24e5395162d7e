"""Encryption at rest: a passphrase for the journal and its backups, changed, or turned off.

Unencrypted is the default. Nothing about the passphrase is kept anywhere, so a lost passphrase
cannot be recovered by anyone: every front end says so before encryption is turned on.

Turning encryption on re-writes the journal encrypted (overwriting its old bytes where the file
system allows), then every backup WallWatch made in the backups folder, so no unencrypted copy
of the journal stays there. Changing the passphrase and turning encryption off do the same to
the journal and its backups. A backup that cannot be re-written (damaged, or locked with some
other passphrase) is left as it is and named in the result; the journal itself is either wholly
re-written or not changed at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from wallwatch.domain.model import FieldError
from wallwatch.services.backups import backup_paths
from wallwatch.services.errors import JournalError, ValidationFailed
from wallwatch.store import encryption
from wallwatch.store.database import Database
from wallwatch.store.identity import FileKind, file_kind

LOST_PASSPHRASE_WARNING = (
    "If you forget this passphrase, nobody — not WallWatch, not us — can recover your journal."
)
UNAVAILABLE = encryption.UNAVAILABLE  # why encryption cannot be offered here
MIN_LENGTH = 8
# Beyond this many characters a passphrase of several words is strong whatever its letters.
STRONG_LENGTH = 20


class Strength(enum.Enum):
    TOO_SHORT = "too short"
    WEAK = "weak"
    FAIR = "fair"
    STRONG = "strong"


@dataclass(frozen=True, slots=True)
class StrengthHint:
    strength: Strength
    text: str


@dataclass(frozen=True, slots=True)
class EncryptionResult:
    """What a change of encryption did. ``skipped`` are backups left as they were."""

    encrypted: bool
    backups_rewritten: int
    skipped: tuple[Path, ...] = ()


def available() -> bool:
    """Whether this installation can encrypt (the sqlcipher3 package is there)."""
    return encryption.available()


def is_encrypted(path: Path) -> bool:
    """Whether the journal file at ``path`` is encrypted (from its first bytes; a damaged file
    can look the same until a passphrase is tried)."""
    try:
        return path.is_file() and file_kind(path) is FileKind.ENCRYPTED
    except OSError:
        return False


def strength_of(passphrase: str) -> StrengthHint:
    """A rough, honest hint: length matters most, then the kinds of characters used."""
    text = passphrase.strip()
    if len(text) < MIN_LENGTH:
        return StrengthHint(Strength.TOO_SHORT, f"Use at least {MIN_LENGTH} characters.")
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )
    if len(set(text)) <= 3:
        return StrengthHint(Strength.WEAK, "Weak: it repeats a few characters.")
    if len(text) >= STRONG_LENGTH or (len(text) >= 14 and kinds >= 3):
        return StrengthHint(Strength.STRONG, "Strong.")
    if len(text) >= 12 or kinds >= 3:
        return StrengthHint(Strength.FAIR, "Fair: a few more words would make it strong.")
    return StrengthHint(Strength.WEAK, "Weak: several unrelated words make a strong passphrase.")


def check_new_passphrase(passphrase: str, confirm: str | None = None) -> str:
    """The passphrase, checked; raises :class:`ValidationFailed` naming what is wrong."""
    errors: list[FieldError] = []
    if len(passphrase.strip()) < MIN_LENGTH:
        errors.append(
            FieldError("passphrase", f"A passphrase needs at least {MIN_LENGTH} characters.")
        )
    elif "\x00" in passphrase:
        errors.append(FieldError("passphrase", "A passphrase cannot contain a NUL character."))
    if confirm is not None and confirm != passphrase:
        errors.append(FieldError("confirm", "The two passphrases are not the same."))
    if errors:
        raise ValidationFailed(errors)
    return passphrase


# -- on a closed journal ------------------------------------------------------------------------
def encrypt_journal(database: Path, backups: Path, passphrase: str) -> EncryptionResult:
    """Encrypt the closed journal at ``database`` and its backups in ``backups``."""
    check_new_passphrase(passphrase)
    _require_state(database, encrypted=False)
    encryption.rewrite(database, old=None, new=passphrase, scrub=True)
    return _rewrite_backups(backups, old=None, new=passphrase)


def decrypt_journal(database: Path, backups: Path, passphrase: str) -> EncryptionResult:
    """Turn encryption off for the closed journal at ``database`` and its backups."""
    _require_state(database, encrypted=True)
    encryption.rewrite(database, old=passphrase, new=None)
    return _rewrite_backups(backups, old=passphrase, new=None)


def change_passphrase(database: Path, backups: Path, old: str, new: str) -> EncryptionResult:
    """Give the closed, encrypted journal at ``database`` (and its backups) a new passphrase."""
    check_new_passphrase(new)
    _require_state(database, encrypted=True)
    encryption.rewrite(database, old=old, new=new)
    return _rewrite_backups(backups, old=old, new=new)


def _require_state(database: Path, *, encrypted: bool) -> None:
    encryption.driver()  # say plainly when SQLCipher is missing
    if not database.is_file() or database.stat().st_size == 0:
        raise JournalError(f"There is no journal at {database} yet.")
    if is_encrypted(database) != encrypted:
        state = "already encrypted" if not encrypted else "not encrypted"
        raise JournalError(f"{database} is {state}; nothing was changed.")


def _rewrite_backups(folder: Path, *, old: str | None, new: str | None) -> EncryptionResult:
    done = 0
    skipped: list[Path] = []
    for path in backup_paths(folder):
        plain = not is_encrypted(path)
        if plain and new is None:
            continue  # already as it should be
        try:
            # A plain backup is read as it is; an encrypted one needs ``old``.
            if encryption.rewrite(path, old=old, new=new, scrub=plain):
                done += 1
        except (JournalError, OSError):  # damaged, or locked with another passphrase
            skipped.append(path)
    return EncryptionResult(new is not None, done, tuple(skipped))


# -- on an open journal -------------------------------------------------------------------------
class EncryptionService:
    """Encryption of one open journal. Each change closes the journal's connections, re-writes
    the file and its backups, and then keeps working with the new passphrase (or none)."""

    def __init__(self, db: Database, backups_folder: Path) -> None:
        self._db = db
        self._folder = Path(backups_folder)

    @property
    def enabled(self) -> bool:
        return self._db.encrypted

    def enable(self, passphrase: str) -> EncryptionResult:
        check_new_passphrase(passphrase)
        self._db.close()
        result = encrypt_journal(self._db.path, self._folder, passphrase)
        self._db.use_key(passphrase)
        return result

    def change(self, old: str, new: str) -> EncryptionResult:
        check_new_passphrase(new)
        self._db.close()
        result = change_passphrase(self._db.path, self._folder, old, new)
        self._db.use_key(new)
        return result

    def disable(self, passphrase: str) -> EncryptionResult:
        self._db.close()
        result = decrypt_journal(self._db.path, self._folder, passphrase)
        self._db.use_key(None)
        return result


__all__ = [
    "LOST_PASSPHRASE_WARNING",
    "MIN_LENGTH",
    "UNAVAILABLE",
    "EncryptionResult",
    "EncryptionService",
    "Strength",
    "StrengthHint",
    "available",
    "change_passphrase",
    "check_new_passphrase",
    "decrypt_journal",
    "encrypt_journal",
    "is_encrypted",
    "strength_of",
]
