"""What a brand-new journal starts with: the vocabulary from the domain articles."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from wallwatch.domain.vocabulary import seed_tags
from wallwatch.store.schema import MetaRow, TagRow


def seed_new_journal(session: Session, *, kind: str = "real") -> None:
    for tag in seed_tags():
        session.add(
            TagRow(
                kind=tag.kind.value,
                name=tag.name,
                direction=tag.direction.value if tag.direction else None,
                hidden=False,
            )
        )
    session.add(MetaRow(key="journal_kind", value=kind))
    session.add(MetaRow(key="created_utc", value=datetime.now(UTC).isoformat()))
