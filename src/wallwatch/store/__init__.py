"""Persistence: SQLAlchemy models over SQLite, Alembic migrations, repositories, SQL aggregates.

The only package that imports SQLAlchemy or Alembic.
"""

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
