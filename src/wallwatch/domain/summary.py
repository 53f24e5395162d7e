"""Results of aggregation: what the charts and tables show. Computed in SQL, carried here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RATING_NAMES = ("loneliness", "resentment", "connection")


@dataclass(frozen=True, slots=True)
class RatingStat:
    """Mean of one rating over a bucket, with how many ratings it rests on (0 → no mean)."""

    mean: float | None
    count: int


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """One local day or one week: counts of each direction and the three ratings."""

    start: date
    withdrew: int
    opened: int
    loneliness: RatingStat
    resentment: RatingStat
    connection: RatingStat

    @property
    def total(self) -> int:
        return self.withdrew + self.opened

    def rating(self, name: str) -> RatingStat:
        stat: RatingStat = getattr(self, name)
        return stat


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Counts by some key (a fear, a person, a weekday…), split by direction."""

    key: str
    withdrew: int
    opened: int
    extra: dict[str, float | int | None] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.withdrew + self.opened


def empty_period(start: date) -> PeriodSummary:
    none = RatingStat(None, 0)
    return PeriodSummary(start, 0, 0, none, none, none)
