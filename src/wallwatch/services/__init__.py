"""Use cases: what a person can do with their journal, independent of any screen.

``open_journal`` is the entry point; everything else hangs off the :class:`Journal` it returns.
The names below load on first use (PEP 562): they bring SQLAlchemy with them, and the app's
first screen (:mod:`wallwatch.services.first_screen`) is shown before that has loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {
    "Journal": "journal",
    "open_journal": "journal",
    "JournalError": "errors",
    "JournalFull": "errors",
    "JournalNotOurs": "errors",
    "JournalReadOnly": "errors",
    "JournalTooNew": "errors",
    "NameTaken": "errors",
    "NotFound": "errors",
    "ValidationFailed": "errors",
}

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


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
