"""Patterns: which fears build the walls, with whom, when, and what withdrawing goes along with.

SQLite does the counting (``store.pattern_queries``); this module shapes the rows into results
that carry their numbers, applies the journal's minimum sample (``MIN_SAMPLE``) and runs the
permutation tests. Nothing here says why something happens: results describe these records only.

Every use case reads in one snapshot. ``report`` computes all sections (and the insight
sentences) in a single snapshot, so a screen built from it is consistent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.model import Direction
from wallwatch.domain.patterns import (
    CALENDAR_DAYS,
    DEFAULT_PERMUTATIONS,
    DEFAULT_SEED,
    Calendar,
    CalendarDay,
    Comparison,
    DateRange,
    FearBehaviourMatrix,
    FearRow,
    FearsBehindWalls,
    GroupMean,
    HourGrid,
    Insight,
    InsufficientData,
    Paradox,
    ParadoxWeek,
    PatternReport,
    PeoplePatterns,
    PersonPattern,
    PersonWeek,
    RatingChange,
    RatingSum,
    Tally,
    TopItem,
    WallCost,
    WeeklyReview,
    WhenPatterns,
    longest_run,
    mean_of,
    name_key,
    permutation_test,
    proportion,
    top_item,
)
from wallwatch.domain.settings import MIN_SAMPLE, WEEK_START
from wallwatch.domain.summary import RATING_NAMES
from wallwatch.services.insights import build_insights
from wallwatch.services.settings import SettingsService
from wallwatch.store import pattern_queries as q
from wallwatch.store.database import Database
from wallwatch.store.pattern_queries import Snapshot

_ONE_DAY = timedelta(days=1)
_DAYS_UNIT = "days with a rating"


def _weeks(span: DateRange, week_start_day: int) -> list[DateRange]:
    """The weeks covering ``span``, clipped to it (the first and last may be partial)."""
    out = []
    start = week_start(span.first, week_start_day)
    while start <= span.last:
        out.append(DateRange(max(start, span.first), min(start + timedelta(days=6), span.last)))
        start += timedelta(days=7)
    return out


class PatternService:
    """Use cases of the Patterns area. ``seed`` and ``permutations`` fix the permutation tests,
    so the same journal always gives the same p-values."""

    def __init__(
        self,
        db: Database,
        *,
        permutations: int = DEFAULT_PERMUTATIONS,
        seed: int = DEFAULT_SEED,
    ) -> None:
        self._db = db
        self._settings = SettingsService(db)
        self.permutations = permutations
        self.seed = seed

    # -- settings and defaults ----------------------------------------------------------------
    def minimum(self) -> int:
        """Fewest observations before anything is stated (at least 1)."""
        return max(1, int(self._settings.get(MIN_SAMPLE)))

    def week_start_day(self) -> int:
        return int(self._settings.get(WEEK_START))

    @staticmethod
    def default_span(today: date | None = None) -> DateRange:
        """The last 8 weeks (56 days) ending today."""
        return DateRange.weeks_ending(today or now_local().date())

    @staticmethod
    def calendar_span(today: date | None = None) -> DateRange:
        end = today or now_local().date()
        return DateRange(end - timedelta(days=CALENDAR_DAYS - 1), end)

    # -- use cases (each reads in one snapshot) ---------------------------------------------
    def fears(self, span: DateRange | None = None) -> FearsBehindWalls:
        minimum = self.minimum()
        with self._db.reading() as s:
            return self._fears(s, span or self.default_span(), minimum)

    def fear_behaviour(
        self, span: DateRange | None = None, *, direction: Direction | None = None
    ) -> FearBehaviourMatrix | InsufficientData:
        """Fears × behaviours: how many moments had both (``direction`` None: all moments)."""
        minimum = self.minimum()
        with self._db.reading() as s:
            return self._fear_behaviour(s, span or self.default_span(), minimum, direction)

    def people(self, span: DateRange | None = None) -> PeoplePatterns:
        minimum, start_day = self.minimum(), self.week_start_day()
        with self._db.reading() as s:
            return self._people(s, span or self.default_span(), minimum, start_day)

    def when(self, span: DateRange | None = None) -> WhenPatterns:
        minimum = self.minimum()
        with self._db.reading() as s:
            return self._when(s, span or self.default_span(), minimum)

    def paradox(self, span: DateRange | None = None) -> Paradox:
        minimum, start_day = self.minimum(), self.week_start_day()
        with self._db.reading() as s:
            return self._paradox(s, span or self.default_span(), minimum, start_day)

    def cost(self, span: DateRange | None = None) -> WallCost:
        """Withdrawal days have ≥1 withdrawal and no opening; opening days have ≥1 opening.

        Each mean pools every rating given on those days; the day after a day in the span is
        looked at even when it falls just past the span's end.
        """
        minimum = self.minimum()
        with self._db.reading() as s:
            return self._cost(s, span or self.default_span(), minimum)

    def calendar(self, span: DateRange | None = None) -> Calendar:
        """Every day of ``span`` (default: the 365 days ending today), empty days included."""
        with self._db.reading() as s:
            return _calendar(s, span or self.calendar_span())

    def weekly_review(self, today: date | None = None) -> WeeklyReview:
        """The last complete week before the one containing ``today`` (weeks per WEEK_START)."""
        minimum, start_day = self.minimum(), self.week_start_day()
        with self._db.reading() as s:
            return _weekly_review(s, today or now_local().date(), start_day, minimum)

    def insights(self, span: DateRange | None = None) -> tuple[Insight, ...]:
        return self.report(span).insights

    def report(self, span: DateRange | None = None) -> PatternReport:
        """Every section for one span (the calendar too), and up to five insight sentences,
        all from one snapshot."""
        span = span or self.default_span()
        minimum, start_day = self.minimum(), self.week_start_day()
        with self._db.reading() as s:
            # One reading each of the days (span and the day after) and of the tags serves
            # several sections; sums of day tallies are whole numbers, so they equal q.tally.
            days = q.day_tallies(s, DateRange(span.first, span.last + _ONE_DAY))
            total = _sum_tallies(t for d, t in days.items() if d in span)
            tags = q.span_tag_counts(s, span)
            fears = self._fears(s, span, minimum, total, tags)
            pairs = _fear_behaviour_matrix(span, minimum, None, tags)
            people = self._people(s, span, minimum, start_day, total)
            when = self._when(s, span, minimum)
            paradox = self._paradox(s, span, minimum, start_day)
            cost = self._cost(s, span, minimum, days)
            calendar = _calendar_of(span, days)
        insights = build_insights(fears, pairs, people, when, paradox, cost, calendar, minimum)
        return PatternReport(
            span, minimum, fears, pairs, people, when, paradox, cost, calendar, insights
        )

    # -- computations on an open snapshot -------------------------------------------------------
    def _fears(
        self,
        s: Snapshot,
        span: DateRange,
        minimum: int,
        total: Tally | None = None,
        tags: q.SpanTagCounts | None = None,
    ) -> FearsBehindWalls:
        if total is None:
            total = q.tally(s, span)
        if tags is None:
            tags = q.span_tag_counts(s, span)
        rows = sorted(tags.fears, key=lambda r: (-r[1], -r[2], name_key(r[0])))
        fears = tuple(
            FearRow(
                name,
                w,
                o,
                proportion(w, total.withdrew, minimum, "withdrawals"),
                proportion(o, total.opened, minimum, "openings"),
            )
            for name, w, o in rows
        )
        without = total.withdrew - tags.withdrawals_with_fear
        return FearsBehindWalls(span, total.withdrew, total.opened, without, fears)

    def _fear_behaviour(
        self, s: Snapshot, span: DateRange, minimum: int, direction: Direction | None
    ) -> FearBehaviourMatrix | InsufficientData:
        tags = q.span_tag_counts(s, span, direction)
        return _fear_behaviour_matrix(span, minimum, direction, tags)

    def _people(
        self,
        s: Snapshot,
        span: DateRange,
        minimum: int,
        start_day: int,
        total: Tally | None = None,
    ) -> PeoplePatterns:
        if total is None:
            total = q.tally(s, span)
        by_week = {(n, wk): (w, o) for n, wk, w, o in q.person_week_counts(s, span, start_day)}
        weeks = _weeks(span, start_day)
        out = []
        for name, safe, w, o, connection in q.person_counts(s, span):
            series = []
            for week in weeks:
                ww, wo = by_week.get((name, week_start(week.first, start_day)), (0, 0))
                share = proportion(wo, ww + wo, minimum, "moments")
                series.append(PersonWeek(week.first, week.last, ww, wo, share))
            out.append(
                PersonPattern(
                    name,
                    safe,
                    w,
                    o,
                    proportion(o, w + o, minimum, "moments"),
                    mean_of(connection, minimum, "connection ratings"),
                    tuple(series),
                )
            )
        out.sort(key=lambda p: (-p.total, name_key(p.name)))
        overall = proportion(total.opened, total.total, minimum, "moments")
        return PeoplePatterns(span, tuple(out), q.moments_without_person(s, span), overall)

    def _when(self, s: Snapshot, span: DateRange, minimum: int) -> WhenPatterns:
        withdrew = [[0] * 24 for _ in range(7)]
        opened = [[0] * 24 for _ in range(7)]
        for day, hour, w, o in q.weekday_hour_counts(s, span):
            withdrew[day][hour], opened[day][hour] = w, o

        def grid(cells: list[list[int]], unit: str) -> HourGrid | InsufficientData:
            g = HourGrid(tuple(tuple(row) for row in cells))
            return g if g.total >= minimum else InsufficientData(minimum, g.total, unit)

        return WhenPatterns(span, grid(withdrew, "withdrawals"), grid(opened, "openings"))

    def _paradox(self, s: Snapshot, span: DateRange, minimum: int, start_day: int) -> Paradox:
        rows = {wk: (n, a, y) for wk, n, a, y in q.paradox_week_counts(s, span, start_day)}
        unit = "answered withdrawals"
        weeks = []
        for week in _weeks(span, start_day):
            n, answered, yes = rows.get(week_start(week.first, start_day), (0, 0, 0))
            share = proportion(yes, answered, minimum, unit)
            weeks.append(ParadoxWeek(week.first, week.last, n, answered, yes, share))
        n = sum(w.withdrawals for w in weeks)
        answered = sum(w.answered for w in weeks)
        yes = sum(w.wanted for w in weeks)
        return Paradox(
            span, tuple(weeks), n, answered, yes, proportion(yes, answered, minimum, unit)
        )

    def _cost(
        self, s: Snapshot, span: DateRange, minimum: int, days: dict[date, Tally] | None = None
    ) -> WallCost:
        """``days``: the day tallies of ``span`` and the day after, when already read."""
        if days is None:
            days = q.day_tallies(s, DateRange(span.first, span.last + _ONE_DAY))
        in_span = [(d, t) for d, t in days.items() if d in span]
        withdrew = [d for d, t in in_span if t.withdrew and not t.opened]
        opened = [d for d, t in in_span if t.opened]
        same = tuple(self._compare(r, days, withdrew, opened, 0, minimum) for r in RATING_NAMES)
        after = tuple(self._compare(r, days, withdrew, opened, 1, minimum) for r in RATING_NAMES)
        return WallCost(span, len(withdrew), len(opened), same, after)

    # -- helpers ------------------------------------------------------------------------------
    def _compare(
        self,
        rating: str,
        days: dict[date, Tally],
        withdrawal_days: Sequence[date],
        opening_days: Sequence[date],
        shift: int,
        minimum: int,
    ) -> Comparison:
        def units(group: Sequence[date]) -> list[RatingSum]:
            found = (days.get(d + timedelta(days=shift)) for d in group)
            return [r for t in found if t is not None and (r := t.rating(rating)).count > 0]

        a, b = units(withdrawal_days), units(opening_days)
        ga, gb = _group(a, minimum), _group(b, minimum)
        test = None
        if isinstance(ga, GroupMean) and isinstance(gb, GroupMean):
            test = permutation_test(a, b, permutations=self.permutations, seed=self.seed)
        return Comparison(rating, ga, gb, test)


def _group(units: Sequence[RatingSum], minimum: int) -> GroupMean | InsufficientData:
    if len(units) < minimum or not units:
        return InsufficientData(minimum, len(units), _DAYS_UNIT)
    pooled = sum(units, RatingSum())
    return GroupMean(pooled.total / pooled.count, len(units), pooled.count)


def _fear_behaviour_matrix(
    span: DateRange, minimum: int, direction: Direction | None, tags: q.SpanTagCounts
) -> FearBehaviourMatrix | InsufficientData:
    pairs, both = tags.pairs, tags.with_both
    if both < minimum:
        return InsufficientData(minimum, both, "moments with a fear and a behaviour")
    per_fear = {n: w + o for n, w, o in tags.fears}
    col_totals: dict[str, int] = {}
    for _, behaviour, n in pairs:
        col_totals[behaviour] = col_totals.get(behaviour, 0) + n
    fears = sorted({f for f, _, _ in pairs}, key=lambda f: (-per_fear[f], name_key(f)))
    behaviours = sorted(col_totals, key=lambda b: (-col_totals[b], name_key(b)))
    cell = {(f, b): n for f, b, n in pairs}
    return FearBehaviourMatrix(
        span,
        direction,
        tuple(fears),
        tuple(behaviours),
        tuple(tuple(cell.get((f, b), 0) for b in behaviours) for f in fears),
        tuple(per_fear[f] for f in fears),
        both,
        minimum,
    )


def _sum_tallies(tallies: Iterable[Tally]) -> Tally:
    w = o = 0
    ratings = [RatingSum(), RatingSum(), RatingSum()]
    for t in tallies:
        w, o = w + t.withdrew, o + t.opened
        ratings = [r + t.rating(name) for r, name in zip(ratings, RATING_NAMES, strict=True)]
    return Tally(w, o, *ratings)


def _calendar(s: Snapshot, span: DateRange) -> Calendar:
    days = q.day_directions(s, span)
    return Calendar(span, tuple(CalendarDay(d, *days.get(d, (0, 0))) for d in span.dates()))


def _calendar_of(span: DateRange, days: dict[date, Tally]) -> Calendar:
    """Every day of ``span``; ``days`` may hold more days than the span (they are ignored)."""
    empty = Tally()
    return Calendar(
        span,
        tuple(
            CalendarDay(d, days.get(d, empty).withdrew, days.get(d, empty).opened)
            for d in span.dates()
        ),
    )


def _weekly_review(s: Snapshot, today: date, start_day: int, minimum: int) -> WeeklyReview:
    first = week_start(today, start_day) - timedelta(days=7)
    week = DateRange(first, first + timedelta(days=6))
    this = q.tally(s, week)
    prev = q.tally(s, DateRange(first - timedelta(days=7), first - _ONE_DAY))
    ratings = tuple(
        RatingChange(name, mean_of(this.rating(name), minimum), mean_of(prev.rating(name), minimum))
        for name in RATING_NAMES
    )
    top_fear: TopItem | InsufficientData | None = InsufficientData(
        minimum, this.withdrew, "withdrawals"
    )
    if this.withdrew >= minimum:
        fears = q.fear_counts(s, week, Direction.WITHDREW)
        top_fear = top_item(((n, w) for n, w, _ in fears), this.withdrew)
    people = q.person_counts(s, week)
    with_person = sum(w + o for _, _, w, o, _ in people)
    top_person: TopItem | InsufficientData | None = InsufficientData(
        minimum, with_person, "moments with a person"
    )
    if with_person >= minimum:
        top_person = top_item(((n, w + o) for n, _, w, o, _ in people), with_person)
    run = longest_run(d for d, t in q.day_tallies(s, week).items() if t.opened)
    return WeeklyReview(
        week.first,
        week.last,
        start_day,
        this.withdrew,
        this.opened,
        prev.withdrew,
        prev.opened,
        ratings,
        top_fear,
        top_person,
        run,
    )
