"""How instants are written in the journal: fixed-width UTC text that sorts correctly.

The text is ``YYYY-MM-DD HH:MM:SS.ffffff``. ``isoformat``/``fromisoformat`` write and read it
several times faster than ``strftime``/``strptime`` (which matters when a million rows are
exported); the slower pair stays for years before 1000, where the two disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime

UTC_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def to_utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    utc = moment.astimezone(UTC)
    if utc.year >= 1000:
        return utc.replace(tzinfo=None).isoformat(" ", "microseconds")
    return utc.strftime(UTC_FORMAT)


def from_utc_text(value: str) -> datetime:
    if len(value) == 26:
        try:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.strptime(value, UTC_FORMAT).replace(tzinfo=UTC)
