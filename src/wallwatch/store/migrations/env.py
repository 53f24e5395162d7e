"""Alembic environment: always given a live connection by WallWatch (see ``upgrade_to_head``)."""

from __future__ import annotations

from alembic import context

from wallwatch.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running alembic by hand
    raise RuntimeError("WallWatch migrations run from the app, which passes a connection.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table.
)
with context.begin_transaction():
    context.run_migrations()
