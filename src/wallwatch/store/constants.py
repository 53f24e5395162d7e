"""What marks a file as a WallWatch journal, and the newest schema this code knows.

Kept free of SQLAlchemy so the start-up path (:mod:`wallwatch.store.peek`) can check a journal
before the ORM has loaded.
"""

from __future__ import annotations

# PRAGMA application_id: "WWCH". Tells a WallWatch journal from any other SQLite file.
APPLICATION_ID = 0x57574348

# The newest schema this code knows. A test checks it equals the Alembic script head.
HEAD_REVISION = "0003"
