"""Alembic migrations, run programmatically when a journal opens (never from a shell).

Revisions are numbered ``0001``, ``0002``… so an unknown, larger number means a newer WallWatch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MIGRATIONS_DIR = Path(__file__).parent


def alembic_config(connection: Any | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return str(head)


def upgrade_to_head(connection: Any) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
