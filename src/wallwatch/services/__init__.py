"""Use cases: what a person can do with their journal, independent of any screen.

``open_journal`` is the entry point; everything else hangs off the :class:`Journal` it returns.
"""

from wallwatch.services.errors import (
    JournalError,
    JournalFull,
    JournalNotOurs,
    JournalReadOnly,
    JournalTooNew,
    NameTaken,
    NotFound,
    ValidationFailed,
)
from wallwatch.services.journal import Journal, open_journal

__all__ = [
    "Journal",
    "JournalError",
    "JournalFull",
    "JournalNotOurs",
    "JournalReadOnly",
    "JournalTooNew",
    "NameTaken",
    "NotFound",
    "ValidationFailed",
    "open_journal",
]
