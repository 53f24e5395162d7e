"""Persistence: SQLAlchemy models over SQLite, Alembic migrations, repositories, SQL aggregates.

The only package that imports SQLAlchemy or Alembic. The names below load on first use
(PEP 562), so the standard-library modules here (``constants``, ``peek``, ``identity``) can be
imported on the app's start-up path without SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wallwatch.store.database import (
        Database,
        DatabaseError,
        DatabaseTooNew,
        NotAWallWatchDatabase,
        StorageFull,
        StorageReadOnly,
        open_database,
    )

__all__ = [
    "Database",
    "DatabaseError",
    "DatabaseTooNew",
    "NotAWallWatchDatabase",
    "StorageFull",
    "StorageReadOnly",
    "open_database",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.database"), name)
    globals()[name] = value
    return value
