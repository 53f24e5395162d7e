"""How instants are written in the journal: fixed-width UTC text that sorts correctly."""

from __future__ import annotations

from datetime import UTC, datetime

UTC_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def to_utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC).strftime(UTC_FORMAT)


def from_utc_text(value: str) -> datetime:
    return datetime.strptime(value, UTC_FORMAT).replace(tzinfo=UTC)
