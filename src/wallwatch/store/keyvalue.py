"""The journal's settings and meta facts: small key/value tables."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wallwatch.store.schema import KeyValueRow, MetaRow, SettingRow


class KeyValueRepository:
    def __init__(self, session: Session, table: type[KeyValueRow]) -> None:
        self.session = session
        self.table = table

    def get(self, key: str) -> str | None:
        return self.session.scalars(select(self.table.value).where(self.table.key == key)).first()

    def all(self) -> dict[str, str]:
        return {k: v for k, v in self.session.execute(select(self.table.key, self.table.value))}

    def set(self, key: str, value: str) -> None:
        row = self.session.get(self.table, key)
        if row is None:
            self.session.add(self.table(key=key, value=value))
        else:
            row.value = value
        self.session.flush()


def settings(session: Session) -> KeyValueRepository:
    return KeyValueRepository(session, SettingRow)


def meta(session: Session) -> KeyValueRepository:
    return KeyValueRepository(session, MetaRow)
