"""The report reads the journal once per kind of count and shares it between sections; every
number must be what counting the moments one by one gives, and what each section's own use case
gives on its own (varied tags, offsets, empty fields, ratings missing, spans with nothing)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from wallwatch.domain.model import Direction, Moment, MomentDraft, WantedCloseness
from wallwatch.domain.patterns import DateRange, FearBehaviourMatrix, InsufficientData
from wallwatch.services import Journal

LAST = date(2024, 3, 31)  # British summer time began that morning: offsets change mid-span
FEARS = ("rejection / abandonment", "Ärger", "ärger", "being trapped", "=SUM(1)", "past hurt")
BEHAVIOURS = ("went silent", "pushed away", "shared a feeling", "Schweigen über „alles“", "-x")
OFFSETS = (UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30)))


def _fill(journal: Journal, seed: int, days: int = 70) -> None:
    rng = random.Random(seed)
    for _ in range(220):
        day = LAST - timedelta(days=rng.randrange(days + 2) - 1)  # one day past the end too
        when = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)))
        direction = rng.choice((Direction.WITHDREW, Direction.OPENED))
        wanted = rng.choice((None, *WantedCloseness)) if direction is Direction.WITHDREW else None
        journal.moments.record(
            MomentDraft(
                when.replace(tzinfo=rng.choice(OFFSETS)),
                direction,
                person=rng.choice((None, "Robin", "Zoë")),
                fears=tuple(rng.sample(FEARS, rng.choice((0, 0, 1, 1, 2, 3)))),
                behaviours=tuple(rng.sample(BEHAVIOURS, rng.choice((0, 1, 1, 2)))),
                wanted_closeness=wanted,
                loneliness=rng.choice((None, rng.randrange(11))),
                connection=rng.choice((None, rng.randrange(11))),
                note=rng.choice(("", 'She said "fine",\nthen left.', "@home")),
            )
        )


def _moments(journal: Journal, span: DateRange, direction: Direction | None) -> list[Moment]:
    found = [m for d in span.dates() for m in journal.moments.on_day(d)]
    return [m for m in found if direction is None or m.direction is direction]


def _expected_pairs(moments: list[Moment]) -> tuple[Counter[tuple[str, str]], int]:
    pairs: Counter[tuple[str, str]] = Counter()
    both = 0
    for m in moments:
        pairs.update((f, b) for f in m.fears for b in m.behaviours)
        both += bool(m.fears and m.behaviours)
    return pairs, both


SPANS = (
    DateRange(LAST - timedelta(days=55), LAST),
    DateRange(LAST - timedelta(days=6), LAST),
    DateRange(LAST - timedelta(days=20), LAST - timedelta(days=14)),
    DateRange(date(2020, 1, 1), date(2020, 2, 1)),  # nothing recorded
)


@pytest.mark.parametrize("seed", [1, 2])
def test_fear_counts_and_pairs_match_the_moments_one_by_one(journal: Journal, seed: int) -> None:
    _fill(journal, seed)
    patterns = journal.patterns
    for span in SPANS:
        moments = _moments(journal, span, None)
        fears = patterns.fears(span)
        withdrawals = [m for m in moments if m.direction is Direction.WITHDREW]
        assert fears.withdrawals == len(withdrawals)
        assert fears.openings == len(moments) - len(withdrawals)
        assert fears.withdrawals_without_fear == sum(1 for m in withdrawals if not m.fears)
        expected = {
            name: (
                sum(name in m.fears for m in withdrawals),
                sum(name in m.fears and m not in withdrawals for m in moments),
            )
            for name in {f for m in moments for f in m.fears}
        }
        assert {f.name: (f.withdrew, f.opened) for f in fears.fears} == expected
        order = [(-f.withdrew, -f.opened, f.name.casefold(), f.name) for f in fears.fears]
        assert order == sorted(order)
        for direction in (None, Direction.WITHDREW, Direction.OPENED):
            chosen = _moments(journal, span, direction)
            pairs, both = _expected_pairs(chosen)
            matrix = patterns.fear_behaviour(span, direction=direction)
            if isinstance(matrix, InsufficientData):
                assert matrix.have == both < patterns.minimum()
                continue
            assert isinstance(matrix, FearBehaviourMatrix)
            assert matrix.moments_with_both == both
            got = {
                (f, b): n
                for f, row in zip(matrix.fears, matrix.counts, strict=True)
                for b, n in zip(matrix.behaviours, row, strict=True)
                if n
            }
            assert got == dict(pairs)
            per_fear = Counter(f for m in chosen for f in m.fears)
            assert list(matrix.fear_moments) == [per_fear[f] for f in matrix.fears]


@pytest.mark.parametrize("seed", [3, 4])
def test_the_report_equals_each_section_worked_out_on_its_own(journal: Journal, seed: int) -> None:
    _fill(journal, seed)
    patterns = journal.patterns
    for span in SPANS:
        report = patterns.report(span)
        assert report.fears == patterns.fears(span)
        assert report.fear_behaviour == patterns.fear_behaviour(span)
        assert report.people == patterns.people(span)
        assert report.when == patterns.when(span)
        assert report.paradox == patterns.paradox(span)
        assert report.cost == patterns.cost(span)
        assert report.calendar == patterns.calendar(span)
        for day in report.calendar.days:
            on_day = journal.moments.on_day(day.day)
            withdrew = sum(1 for m in on_day if m.direction is Direction.WITHDREW)
            assert (day.withdrew, day.opened) == (withdrew, len(on_day) - withdrew)
