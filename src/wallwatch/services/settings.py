"""Journal settings: read with their declared defaults, written one transaction at a time."""

from __future__ import annotations

from typing import Any

from wallwatch.domain.model import FieldError
from wallwatch.domain.settings import BY_NAME, SettingSpec
from wallwatch.services.errors import ValidationFailed
from wallwatch.store import keyvalue
from wallwatch.store.database import Database


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, spec: SettingSpec[Any]) -> Any:
        with self._db.reading() as s:
            raw = keyvalue.settings(s).get(spec.name)
        return spec.default if raw is None else spec.parse(raw)

    def all(self) -> dict[str, Any]:
        with self._db.reading() as s:
            stored = keyvalue.settings(s).all()
        return {
            name: (spec.parse(stored[name]) if name in stored else spec.default)
            for name, spec in BY_NAME.items()
        }

    def set(self, spec: SettingSpec[Any], value: Any) -> None:
        if not spec.accepts(value):
            raise ValidationFailed([FieldError(spec.name, f"{value!r} is not allowed")])
        with self._db.transaction() as s:
            keyvalue.settings(s).set(spec.name, spec.dump(value))
