"""Patterns across many moments: results that carry their own numbers, and the pure maths behind
them (the minimum-sample gate, a seeded permutation test, runs of days, ties).

Honesty is built into the types. Every share and mean travels with the counts it rests on, and
below the journal's minimum sample a result is an :class:`InsufficientData` instead of a number,
so nothing further along can state a pattern from too little.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from wallwatch.domain.model import Direction

DEFAULT_WEEKS = 8
CALENDAR_DAYS = 365
NOTABLE_P = 0.05
DEFAULT_PERMUTATIONS = 5000
DEFAULT_SEED = 20240531


@dataclass(frozen=True, slots=True)
class InsufficientData:
    """Too few observations to say anything yet: ``have`` of the ``needed`` ``unit``."""

    needed: int
    have: int
    unit: str = "observations"

    def __str__(self) -> str:
        return f"Not enough data yet: {self.have} of the {self.needed} {self.unit} needed."


@dataclass(frozen=True, slots=True)
class DateRange:
    """Local dates, both ends included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"the range ends ({self.last}) before it starts ({self.first})")

    @classmethod
    def weeks_ending(cls, last: date, weeks: int = DEFAULT_WEEKS) -> DateRange:
        return cls(last - timedelta(days=7 * weeks - 1), last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def dates(self) -> Iterator[date]:
        return (self.first + timedelta(days=i) for i in range(self.days))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class Proportion:
    """``part`` of ``whole``, e.g. 9 of 12 withdrawals."""

    part: int
    whole: int

    @property
    def value(self) -> float:
        return self.part / self.whole

    def __str__(self) -> str:
        return f"{self.part} of {self.whole}"


@dataclass(frozen=True, slots=True)
class Mean:
    """A mean and how many values it rests on."""

    value: float
    count: int


@dataclass(frozen=True, slots=True)
class RatingSum:
    """Sum and count of one 0–10 rating; whole numbers, so pooled means are exact."""

    total: int = 0
    count: int = 0

    def __add__(self, other: RatingSum) -> RatingSum:
        return RatingSum(self.total + other.total, self.count + other.count)

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts and rating sums over some set of moments (a day, a week…)."""

    withdrew: int = 0
    opened: int = 0
    loneliness: RatingSum = RatingSum()
    resentment: RatingSum = RatingSum()
    connection: RatingSum = RatingSum()

    @property
    def total(self) -> int:
        return self.withdrew + self.opened

    def rating(self, name: str) -> RatingSum:
        value: RatingSum = getattr(self, name)
        return value


def proportion(part: int, whole: int, minimum: int, unit: str) -> Proportion | InsufficientData:
    return InsufficientData(minimum, whole, unit) if whole < minimum else Proportion(part, whole)


def mean_of(ratings: RatingSum, minimum: int, unit: str = "ratings") -> Mean | InsufficientData:
    if ratings.count < minimum or ratings.count == 0:
        return InsufficientData(minimum, ratings.count, unit)
    return Mean(ratings.total / ratings.count, ratings.count)


# -- permutation test -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PermutationResult:
    """Two-sided test of the difference of pooled means between two groups of units (days).

    ``exact`` means every arrangement of the labels was enumerated (p = share of arrangements at
    least as extreme); otherwise ``permutations`` seeded shuffles were drawn and
    p = (at least as extreme + 1) / (permutations + 1).
    """

    difference: float
    p_value: float
    permutations: int
    exact: bool
    seed: int
    units_a: int
    units_b: int

    @property
    def below_threshold(self) -> bool:
        return self.p_value < NOTABLE_P


def permutation_test(
    group_a: Sequence[RatingSum],
    group_b: Sequence[RatingSum],
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> PermutationResult:
    """Shuffle the group labels of whole units (each a day's ratings), keeping each unit intact.

    Ratings within one day are not independent, so the day is what gets relabelled. The statistic
    is the pooled mean of group A minus that of group B, compared exactly in integers (no float
    rounding can move an arrangement across the "as extreme" line). When there are no more
    arrangements than ``permutations`` they are all enumerated, giving the exact p-value.
    """
    units = [*group_a, *group_b]
    k, n = len(group_a), len(units)
    if k == 0 or k == n:
        raise ValueError("both groups need at least one unit")
    if any(u.count < 1 for u in units):
        raise ValueError("every unit needs at least one value")
    if permutations < 1:
        raise ValueError("permutations must be at least 1")
    grand_total = sum(u.total for u in units)
    grand_count = sum(u.count for u in units)

    def gap(total_a: int, count_a: int) -> tuple[int, int]:
        """|mean A − mean B| as a fraction (numerator, denominator)."""
        total_b, count_b = grand_total - total_a, grand_count - count_a
        return abs(total_a * count_b - total_b * count_a), count_a * count_b

    obs_a = RatingSum(sum(u.total for u in group_a), sum(u.count for u in group_a))
    obs_num, obs_den = gap(obs_a.total, obs_a.count)

    def as_extreme(indices: Iterable[int]) -> bool:
        total = count = 0
        for i in indices:
            total += units[i].total
            count += units[i].count
        num, den = gap(total, count)
        return num * obs_den >= obs_num * den

    obs_b = RatingSum(grand_total - obs_a.total, grand_count - obs_a.count)
    difference = obs_a.total / obs_a.count - obs_b.total / obs_b.count
    arrangements = math.comb(n, k)
    if arrangements <= permutations:
        hits = sum(as_extreme(c) for c in itertools.combinations(range(n), k))
        p, used, exact = hits / arrangements, arrangements, True
    else:
        rng = random.Random(seed)
        hits = sum(as_extreme(sample_indices(rng, n, k)) for _ in range(permutations))
        p, used, exact = (hits + 1) / (permutations + 1), permutations, False
    return PermutationResult(difference, p, used, exact, seed, k, n - k)


def sample_indices(rng: random.Random, n: int, k: int) -> list[int]:
    """``rng.sample(range(n), k)``: the same indices from the same draws of ``rng``.

    The permutation test spends most of its time here; ``random.sample`` makes a method call
    per draw, which this spells out inline (CPython 3.11's algorithm: a pool of indices when it
    is smaller than a set of ``k``, else redraws of repeats). A test holds the two equal.
    """
    if not 0 <= k <= n:
        raise ValueError("the sample must fit in the population")
    getrandbits = rng.getrandbits
    result = [0] * k
    setsize = 21
    if k > 5:
        setsize += 4 ** math.ceil(math.log(k * 3, 4))
    if n <= setsize:
        pool = list(range(n))
        for i in range(k):
            m = n - i
            bits = m.bit_length()
            j = getrandbits(bits)
            while j >= m:
                j = getrandbits(bits)
            result[i] = pool[j]
            pool[j] = pool[m - 1]
        return result
    bits = n.bit_length()
    selected: set[int] = set()
    for i in range(k):
        j = getrandbits(bits)
        while j >= n or j in selected:
            j = getrandbits(bits)
        selected.add(j)
        result[i] = j
    return result


# -- runs and ties --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive local days, both ends included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def longest_run(days: Iterable[date]) -> Run | None:
    """The longest stretch of consecutive dates; of equally long ones, the earliest."""
    best: Run | None = None
    current: Run | None = None
    for day in sorted(set(days)):
        if current is not None and day == current.last + timedelta(days=1):
            current = Run(current.first, day)
        else:
            current = Run(day, day)
        if best is None or current.days > best.days:
            best = current
    return best


@dataclass(frozen=True, slots=True)
class TopItem:
    """The most frequent name; ties go to the alphabetically first, the others are listed."""

    name: str
    count: int
    of: int
    tied_with: tuple[str, ...] = ()


def name_key(name: str) -> tuple[str, str]:
    """Alphabetical regardless of case, then exact spelling: one fixed order for any names."""
    return (name.casefold(), name)


def top_item(counts: Iterable[tuple[str, int]], of: int) -> TopItem | None:
    ranked = sorted(((n, c) for n, c in counts if c > 0), key=lambda nc: (-nc[1], name_key(nc[0])))
    if not ranked:
        return None
    name, count = ranked[0]
    tied = tuple(n for n, c in ranked[1:] if c == count)
    return TopItem(name, count, of, tied)


# -- results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FearRow:
    name: str
    withdrew: int
    opened: int
    share_of_withdrawals: Proportion | InsufficientData
    share_of_openings: Proportion | InsufficientData


@dataclass(frozen=True, slots=True)
class FearsBehindWalls:
    """Each fear with how many withdrawals and openings it was present in (most withdrawals
    first, then most openings, then by name)."""

    span: DateRange
    withdrawals: int
    openings: int
    withdrawals_without_fear: int
    fears: tuple[FearRow, ...]


@dataclass(frozen=True, slots=True)
class FearBehaviourMatrix:
    """``counts[i][j]``: moments in which fear i and behaviour j were both noted.

    ``fear_moments[i]`` is how many moments had fear i at all (the denominator for "when this
    fear was present"). Rows and columns go most frequent first, then by name.
    """

    span: DateRange
    direction: Direction | None
    fears: tuple[str, ...]
    behaviours: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    fear_moments: tuple[int, ...]
    moments_with_both: int
    minimum: int

    def count(self, fear: str, behaviour: str) -> int:
        return self.counts[self.fears.index(fear)][self.behaviours.index(behaviour)]

    def given_fear(self, fear: str, behaviour: str) -> Proportion | InsufficientData:
        i = self.fears.index(fear)
        return proportion(
            self.count(fear, behaviour), self.fear_moments[i], self.minimum, "moments"
        )


@dataclass(frozen=True, slots=True)
class PersonWeek:
    first: date
    last: date
    withdrew: int
    opened: int
    openness: Proportion | InsufficientData


@dataclass(frozen=True, slots=True)
class PersonPattern:
    name: str
    safe: bool
    withdrew: int
    opened: int
    openness: Proportion | InsufficientData
    connection: Mean | InsufficientData
    weeks: tuple[PersonWeek, ...]

    @property
    def total(self) -> int:
        return self.withdrew + self.opened


@dataclass(frozen=True, slots=True)
class PeoplePatterns:
    """People with moments in the span, most moments first, then by name."""

    span: DateRange
    people: tuple[PersonPattern, ...]
    moments_without_person: int
    overall_openness: Proportion | InsufficientData


@dataclass(frozen=True, slots=True)
class HourGrid:
    """``cells[weekday][hour]`` in local time; weekday 0 is Monday."""

    cells: tuple[tuple[int, ...], ...]

    @property
    def total(self) -> int:
        return sum(map(sum, self.cells))

    def by_weekday(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.cells)

    def by_hour(self) -> tuple[int, ...]:
        return tuple(sum(row[h] for row in self.cells) for h in range(24))


@dataclass(frozen=True, slots=True)
class WhenPatterns:
    span: DateRange
    withdrawals: HourGrid | InsufficientData
    openings: HourGrid | InsufficientData


@dataclass(frozen=True, slots=True)
class ParadoxWeek:
    first: date
    last: date
    withdrawals: int
    answered: int
    wanted: int
    wanted_share: Proportion | InsufficientData

    @property
    def unanswered(self) -> int:
        return self.withdrawals - self.answered


@dataclass(frozen=True, slots=True)
class Paradox:
    """How often part of the person wanted closeness while withdrawing (``wanted_closeness``)."""

    span: DateRange
    weeks: tuple[ParadoxWeek, ...]
    withdrawals: int
    answered: int
    wanted: int
    wanted_share: Proportion | InsufficientData

    @property
    def unanswered(self) -> int:
        return self.withdrawals - self.answered


@dataclass(frozen=True, slots=True)
class GroupMean:
    """Mean of every rating given on a group of days, and how many days and ratings."""

    mean: float
    days: int
    ratings: int


class _HasMean(Protocol):
    @property
    def mean(self) -> float: ...


def mean_difference(a: _HasMean | InsufficientData, b: _HasMean | InsufficientData) -> float | None:
    """``a.mean - b.mean`` when both groups are large enough; None otherwise."""
    if isinstance(a, InsufficientData) or isinstance(b, InsufficientData):
        return None
    return a.mean - b.mean


@dataclass(frozen=True, slots=True)
class Comparison:
    """One rating on withdrawal days (or the days after them) against opening days."""

    rating: str
    withdrawal_days: GroupMean | InsufficientData
    opening_days: GroupMean | InsufficientData
    test: PermutationResult | None

    @property
    def difference(self) -> float | None:
        """Withdrawal-day mean minus opening-day mean, when both groups are large enough."""
        return mean_difference(self.withdrawal_days, self.opening_days)

    @property
    def notable(self) -> bool:
        return self.test is not None and self.test.below_threshold


@dataclass(frozen=True, slots=True)
class WallCost:
    """Ratings on withdrawal days (≥1 withdrawal, no opening) vs opening days (≥1 opening), and
    on the day after each. ``same_day`` and ``next_day`` follow ``RATING_NAMES`` order."""

    span: DateRange
    withdrawal_days: int
    opening_days: int
    same_day: tuple[Comparison, ...]
    next_day: tuple[Comparison, ...]


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: date
    withdrew: int
    opened: int

    @property
    def balance(self) -> int | None:
        """Openings minus withdrawals; ``None`` on a day with no moments (not the same as 0)."""
        if self.withdrew == 0 and self.opened == 0:
            return None
        return self.opened - self.withdrew


@dataclass(frozen=True, slots=True)
class Calendar:
    span: DateRange
    days: tuple[CalendarDay, ...]

    @property
    def recorded_days(self) -> int:
        return sum(1 for d in self.days if d.balance is not None)


@dataclass(frozen=True, slots=True)
class RatingChange:
    rating: str
    this_week: Mean | InsufficientData
    week_before: Mean | InsufficientData

    @property
    def change(self) -> float | InsufficientData:
        a, b = self.this_week, self.week_before
        if isinstance(a, InsufficientData):
            return a
        if isinstance(b, InsufficientData):
            return b
        return a.value - b.value


@dataclass(frozen=True, slots=True)
class WeeklyReview:
    """The last complete week. Ties for the top fear or person go to the alphabetically first
    name; the others are in ``tied_with``. ``top_fear`` counts withdrawals only."""

    first: date
    last: date
    week_start_day: int
    withdrew: int
    opened: int
    withdrew_week_before: int
    opened_week_before: int
    ratings: tuple[RatingChange, ...]
    top_fear: TopItem | InsufficientData | None
    top_person: TopItem | InsufficientData | None
    longest_opening_run: Run | None


@dataclass(frozen=True, slots=True)
class Insight:
    """One plain sentence with its numbers; ``chart`` names where it can be seen."""

    text: str
    chart: str
    score: float
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PatternReport:
    span: DateRange
    minimum: int
    fears: FearsBehindWalls
    fear_behaviour: FearBehaviourMatrix | InsufficientData
    people: PeoplePatterns
    when: WhenPatterns
    paradox: Paradox
    cost: WallCost
    calendar: Calendar
    insights: tuple[Insight, ...]


def format_p(p: float) -> str:
    """A p-value as people can read it: never "p = 0.000", and never rounded up to the
    threshold of notable (0.0499 is not shown as 0.050)."""
    if p < 0.001:
        return "p < 0.001"
    text = f"{p:.3f}"
    if p < NOTABLE_P <= float(text):
        text = f"{math.floor(p * 10_000) / 10_000:.4f}"
    return f"p = {text}"
