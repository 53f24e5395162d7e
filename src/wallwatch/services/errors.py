"""Errors a front end may show. Each ``str()`` is one plain sentence naming the problem."""

from __future__ import annotations

from wallwatch.domain.model import FieldError

# store.errors is plain Python: the Log can catch these before SQLAlchemy has loaded.
from wallwatch.store.errors import DatabaseError as JournalError
from wallwatch.store.errors import DatabaseTooNew as JournalTooNew
from wallwatch.store.errors import EncryptionUnavailable, NameTaken, NotFound, WrongPassphrase
from wallwatch.store.errors import NotAWallWatchDatabase as JournalNotOurs
from wallwatch.store.errors import PassphraseRequired as JournalLocked
from wallwatch.store.errors import StorageFull as JournalFull
from wallwatch.store.errors import StorageReadOnly as JournalReadOnly


class ValidationFailed(ValueError):
    """Input that cannot be saved; ``errors`` says which field and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    def for_field(self, name: str) -> list[str]:
        return [e.message for e in self.errors if e.field == name]


__all__ = [
    "EncryptionUnavailable",
    "JournalError",
    "JournalFull",
    "JournalLocked",
    "JournalNotOurs",
    "JournalReadOnly",
    "JournalTooNew",
    "NameTaken",
    "NotFound",
    "ValidationFailed",
    "WrongPassphrase",
]
