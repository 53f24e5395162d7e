"""Which moments a person is looking at: the filter shared by History, the CLI and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wallwatch.domain.model import Direction


@dataclass(frozen=True, slots=True)
class MomentFilter:
    """All fields optional; ``since``/``until`` are local dates, both inclusive."""

    since: date | None = None
    until: date | None = None
    direction: Direction | None = None
    person: str | None = None
    fear: str | None = None
    text: str | None = None

    def is_empty(self) -> bool:
        return self == MomentFilter()
