"""The strongest few patterns in plain words: at most five sentences, each naming its chart.

Rules the sentences keep:
- every sentence carries the numbers behind it ("present in 9 of your 12 withdrawals");
- nothing is said from results below the minimum sample (those are ``InsufficientData``);
- differences describe these records, never a cause, and use no diagnostic words;
- a rating difference is only mentioned when its permutation test says it is notable.

Ranking: each candidate scores *observations × effect*, where the effect is a number in 0–1 —
a share (fears, fear/behaviour, paradox), a share's distance from what an even spread would give
(people: from the overall openness; when: from 1/7 of weekdays or 1/4 of the day), the gap
between opening-led and withdrawal-led days (calendar), or a rating gap divided by the 10-point
scale (cost). The best candidate of each chart is kept; the five highest scores are shown. Ties
go by chart name, then by the sentence itself, so the same data always gives the same list.
"""

from __future__ import annotations

from collections.abc import Iterator

from wallwatch.domain.calendar import WEEKDAY_NAMES
from wallwatch.domain.patterns import (
    Calendar,
    Comparison,
    FearBehaviourMatrix,
    FearsBehindWalls,
    GroupMean,
    HourGrid,
    Insight,
    InsufficientData,
    Paradox,
    PeoplePatterns,
    Proportion,
    WallCost,
    WhenPatterns,
    format_p,
    name_key,
)

MAX_INSIGHTS = 5
PARTS_OF_DAY = (
    ("at night", "00:00–05:59", range(0, 6)),
    ("in the morning", "06:00–11:59", range(6, 12)),
    ("in the afternoon", "12:00–17:59", range(12, 18)),
    ("in the evening", "18:00–23:59", range(18, 24)),
)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _of(part: int, whole: int, noun: str, owner: str = "your") -> str:
    """ "6 of your 7 withdrawals", or "all 7 of your withdrawals" when every one counts."""
    if part == whole > 1:
        return f"all {whole} of {owner} {noun}s"
    return f"{part} of {owner} {_plural(whole, noun)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fears(result: FearsBehindWalls) -> Iterator[Insight]:
    for fear in result.fears:
        share = fear.share_of_withdrawals
        if isinstance(share, Proportion) and share.part > 0:
            text = (
                f"{_capital(fear.name)} was present in "
                f"{_of(share.part, share.whole, 'withdrawal')}."
            )
            yield Insight(text, "fears", float(share.part))


def _fear_behaviour(result: FearBehaviourMatrix | InsufficientData) -> Iterator[Insight]:
    if isinstance(result, InsufficientData):
        return
    for fear in result.fears:
        for behaviour in result.behaviours:
            share = result.given_fear(fear, behaviour)
            if isinstance(share, Proportion) and share.part > 0:
                text = (
                    f"When {fear} was present, “{behaviour}” was also noted in "
                    f"{_of(share.part, share.whole, 'moment', 'those')}."
                )
                yield Insight(text, "fear_behaviour", float(share.part))


def _people(result: PeoplePatterns) -> Iterator[Insight]:
    overall = result.overall_openness
    if not isinstance(overall, Proportion):
        return
    for person in result.people:
        share = person.openness
        if not isinstance(share, Proportion):
            continue
        effect = abs(share.value - overall.value)
        if effect == 0:
            continue
        safe = " (someone you marked as safe)" if person.safe else ""
        text = (
            f"With {person.name}{safe}, {_of(share.part, share.whole, 'moment')} were "
            f"openings, compared with {overall.part} of {overall.whole} across all your moments."
        )
        yield Insight(text, "people", share.whole * effect)


def _when(result: WhenPatterns) -> Iterator[Insight]:
    grid = result.withdrawals
    if not isinstance(grid, HourGrid):
        return
    total = grid.total
    days = grid.by_weekday()
    peak = max(range(7), key=lambda d: (days[d], -d))  # ties: the earlier weekday
    effect = days[peak] / total - 1 / 7
    if effect > 0:
        text = f"{WEEKDAY_NAMES[peak]}s held {days[peak]} of your {_plural(total, 'withdrawal')}."
        yield Insight(text, "when", total * effect)
    hours = grid.by_hour()
    parts = [sum(hours[h] for h in hs) for _, _, hs in PARTS_OF_DAY]
    best = max(range(len(parts)), key=lambda i: (parts[i], -i))  # ties: the earlier part
    phrase, clock, _ = PARTS_OF_DAY[best]
    count = parts[best]
    effect = count / total - 1 / 4
    if effect > 0:
        text = f"{_capital(_of(count, total, 'withdrawal'))} happened {phrase} ({clock})."
        yield Insight(text, "when", total * effect)


def _paradox(result: Paradox) -> Iterator[Insight]:
    share = result.wanted_share
    if not isinstance(share, Proportion) or share.part == 0:
        return
    unanswered = result.unanswered
    tail = f"; {unanswered} more had no answer" if unanswered else ""
    text = (
        f"In {_of(share.part, share.whole, 'withdrawal', 'the')} where you answered, "
        f"part of you wanted closeness{tail}."
    )
    yield Insight(text, "paradox", float(share.part))


def _cost_sentence(c: Comparison, a: GroupMean, b: GroupMean, next_day: bool) -> str:
    if next_day:
        return (
            f"On the day after you withdrew, {c.rating} averaged {a.mean:.1f} "
            f"({_plural(a.days, 'day')}) vs {b.mean:.1f} on the day after you opened up "
            f"({_plural(b.days, 'day')})."
        )
    return (
        f"On days you withdrew, {c.rating} averaged {a.mean:.1f} ({_plural(a.days, 'day')}) "
        f"vs {b.mean:.1f} on days you opened up ({_plural(b.days, 'day')})."
    )


def _cost(result: WallCost) -> Iterator[Insight]:
    for next_day, comparisons in ((False, result.same_day), (True, result.next_day)):
        for c in comparisons:
            a, b, test = c.withdrawal_days, c.opening_days, c.test
            if not (c.notable and isinstance(a, GroupMean) and isinstance(b, GroupMean)):
                continue
            assert test is not None
            how = (
                f"all {test.permutations:,} arrangements of the day labels"
                if test.exact
                else f"{test.permutations:,} seeded shuffles of the day labels"
            )
            detail = (
                f"Withdrawal days had a withdrawal and no opening. {a.ratings} vs "
                f"{b.ratings} ratings. Permutation test over {how}: {format_p(test.p_value)}. "
                "This describes your records only; it is not an explanation."
            )
            score = (a.days + b.days) * abs(a.mean - b.mean) / 10
            yield Insight(_cost_sentence(c, a, b, next_day), "cost", score, detail)


def _calendar(result: Calendar, minimum: int) -> Iterator[Insight]:
    recorded = result.recorded_days
    if recorded < minimum:
        return
    up = sum(1 for d in result.days if (d.balance or 0) > 0)
    down = sum(1 for d in result.days if (d.balance or 0) < 0)
    if up == down:
        return
    count, lead, other = (
        (up, "Openings", "withdrawals") if up > down else (down, "Withdrawals", "openings")
    )
    text = (
        f"{lead} outnumbered {other} on {count} of the {_plural(recorded, 'day')} "
        "you recorded a moment."
    )
    yield Insight(text, "calendar", float(abs(up - down)))


def _order(i: Insight) -> tuple[float, str, tuple[str, str]]:
    return (-i.score, i.chart, name_key(i.text))


def candidate_insights(
    fears: FearsBehindWalls,
    fear_behaviour: FearBehaviourMatrix | InsufficientData,
    people: PeoplePatterns,
    when: WhenPatterns,
    paradox: Paradox,
    cost: WallCost,
    calendar: Calendar,
    minimum: int,
) -> list[Insight]:
    """Every sentence that could be said, strongest first (before the one-per-chart cap)."""
    found = [
        *_fears(fears),
        *_fear_behaviour(fear_behaviour),
        *_people(people),
        *_when(when),
        *_paradox(paradox),
        *_cost(cost),
        *_calendar(calendar, minimum),
    ]
    return sorted(found, key=_order)


def build_insights(
    fears: FearsBehindWalls,
    fear_behaviour: FearBehaviourMatrix | InsufficientData,
    people: PeoplePatterns,
    when: WhenPatterns,
    paradox: Paradox,
    cost: WallCost,
    calendar: Calendar,
    minimum: int,
    limit: int = MAX_INSIGHTS,
) -> tuple[Insight, ...]:
    """At most ``limit`` (≤ 5) sentences, strongest first; one per chart."""
    candidates = candidate_insights(
        fears, fear_behaviour, people, when, paradox, cost, calendar, minimum
    )
    best: dict[str, Insight] = {}
    for insight in candidates:
        best.setdefault(insight.chart, insight)
    return tuple(sorted(best.values(), key=_order)[: min(limit, MAX_INSIGHTS)])
