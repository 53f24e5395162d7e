"""The Alembic migrations build the same schema as ``create_all``, and old journals migrate
after a private backup copy."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect

import wallwatch.store.database as database
import wallwatch.store.migrations as migrations
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.vocabulary import seed_tags
from wallwatch.store import DatabaseTooNew, open_database
from wallwatch.store.migrations import alembic_config, upgrade_to_head
from wallwatch.store.moments import MomentRepository
from wallwatch.store.schema import APPLICATION_ID, Base


@pytest.fixture
def migrated_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty file brought to the newest schema by running every migration."""
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    with engine.begin() as conn:
        upgrade_to_head(conn)
    yield engine
    engine.dispose()


@pytest.fixture
def created_engine(tmp_path: Path) -> Iterator[Engine]:
    """A new journal as WallWatch creates it (``create_all`` then stamp)."""
    path = tmp_path / "created" / "journal.sqlite3"
    open_database(path).close()
    engine = create_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def test_migrations_match_the_models(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def _schema(engine: Engine) -> dict[str, Any]:
    insp = inspect(engine)
    out: dict[str, Any] = {}
    for table in sorted(insp.get_table_names()):
        out[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in insp.get_columns(table)
            ],
            "pk": insp.get_pk_constraint(table),
            "fks": sorted(
                (
                    fk["name"],
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    fk.get("options", {}).get("ondelete"),
                )
                for fk in insp.get_foreign_keys(table)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
            ),
            "checks": sorted(
                (c["name"], " ".join(c["sqltext"].split()))
                for c in insp.get_check_constraints(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
            ),
        }
    return out


def test_migrated_and_created_schemas_are_the_same(
    migrated_engine: Engine, created_engine: Engine
) -> None:
    migrated, created = _schema(migrated_engine), _schema(created_engine)
    assert sorted(migrated) == sorted(created)
    for table in created:
        assert migrated[table] == created[table], table
    names = {i[0] for t in created.values() for i in t["indexes"]}
    assert {
        "ix_moment_local_day",
        "ix_moment_day_ratings",
        "ix_moment_occurred",
        "ix_moment_person_day",
        "ix_moment_tag_tag",
    } <= names


def test_names_are_collated_case_insensitively_in_both(
    migrated_engine: Engine, created_engine: Engine
) -> None:
    for engine in (migrated_engine, created_engine):
        with engine.connect() as conn:
            sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name='person'").scalar()
        assert "NOCASE" in str(sql)


def test_migrations_set_the_application_id(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


# -- a journal at an older revision ----------------------------------------------------------
def _record(path: Path, note: str) -> None:
    db = open_database(path)
    try:
        with db.transaction() as s:
            MomentRepository(s).add(MomentDraft(datetime.now(UTC), Direction.WITHDREW, note=note))
    finally:
        db.close()


def _downgrade_to_base(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    engine.dispose()


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("before-migrate-*.sqlite3")) if folder.exists() else []


def test_a_journal_at_the_base_revision_is_backed_up_then_migrated(journal_path: Path) -> None:
    open_database(journal_path).close()
    _downgrade_to_base(journal_path)
    with sqlite3.connect(journal_path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"alembic_version"}
        assert raw.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 0
    raw.close()

    db = open_database(journal_path)
    db.close()

    backups_dir = journal_path.parent / "backups"
    [backup] = _backups(backups_dir)
    assert "base" in backup.name
    assert stat.S_IMODE(backups_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as raw:  # the copy is the journal as it was before
        assert raw.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 0
    raw.close()
    with sqlite3.connect(journal_path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (database.HEAD_REVISION,)
        ]
        assert raw.execute("SELECT count(*) FROM tag").fetchone()[0] == len(seed_tags())
    raw.close()
    _record(journal_path, "works after migrating")


def test_backup_dir_can_be_chosen(journal_path: Path, tmp_path: Path) -> None:
    open_database(journal_path).close()
    _downgrade_to_base(journal_path)
    elsewhere = tmp_path / "elsewhere"
    open_database(journal_path, backup_dir=elsewhere).close()
    assert len(_backups(elsewhere)) == 1
    assert not (journal_path.parent / "backups").exists()


# A test-only revision after the newest real one (whatever HEAD_REVISION is): an index on the note.
NEXT_REVISION = f"{int(database.HEAD_REVISION) + 1:04d}"
_REVISION_NEXT = f'''
"""Test-only revision after the newest real one: an index on the note.

Revision ID: {NEXT_REVISION}
Revises: {database.HEAD_REVISION}
"""
from alembic import op

revision = "{NEXT_REVISION}"
down_revision = "{database.HEAD_REVISION}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_test_moment_note", "moment", ["note"])


def downgrade() -> None:
    op.drop_index("ix_test_moment_note", table_name="moment")
'''


def test_an_older_journal_keeps_its_moments_through_a_migration(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    head = database.HEAD_REVISION
    _record(journal_path, "before the upgrade")
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / f"{NEXT_REVISION}_test.py").write_text(textwrap.dedent(_REVISION_NEXT))
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS_DIR", folder)
        m.setattr(database, "HEAD_REVISION", NEXT_REVISION)
        assert migrations.script_head() == NEXT_REVISION
        _record(journal_path, "after the upgrade")

    [backup] = _backups(journal_path.parent / "backups")
    assert head in backup.name
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        assert raw.execute("SELECT note FROM moment").fetchall() == [("before the upgrade",)]
    raw.close()
    with sqlite3.connect(journal_path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (NEXT_REVISION,)
        notes = {r[0] for r in raw.execute("SELECT note FROM moment")}
        indexes = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    raw.close()
    assert notes == {"before the upgrade", "after the upgrade"}
    assert "ix_test_moment_note" in indexes

    # Back on this version, the upgraded file is newer and is left alone.
    before = journal_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match=NEXT_REVISION):
        open_database(journal_path)
    assert journal_path.read_bytes() == before
