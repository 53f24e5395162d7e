"""Everything a report for a therapist shows about one range of days, as plain dataclasses.

The privacy choices are applied here, before anything is drawn: notes and "what I wish I had
done" are left out of the data unless asked for, and with ``initials`` every person's name is
replaced, in the charts' data and in free text alike. The drawing code cannot leak what it was
never given.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.model import Direction, Moment, TagKind, WantedCloseness
from wallwatch.domain.patterns import DateRange, PatternReport, name_key
from wallwatch.domain.query import MomentFilter
from wallwatch.domain.summary import RATING_NAMES, Breakdown, PeriodSummary, RatingStat
from wallwatch.services.journal import Journal
from wallwatch.services.report_practice import CheckinSummary, StepsSummary, checkins_for, steps_for
from wallwatch.services.summaries import WeeklySeries

__all__ = [
    "CheckinSummary",
    "MomentRow",
    "RatingTrend",
    "ReportData",
    "ReportOptions",
    "StepsSummary",
    "gather_report",
    "initials_for",
    "pool",
]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    span: DateRange
    include_notes: bool = False
    initials: bool = False


@dataclass(frozen=True, slots=True)
class RatingTrend:
    """One rating over the whole range and over its two halves (each mean with its count)."""

    rating: str
    whole: RatingStat
    first_half: RatingStat
    second_half: RatingStat


@dataclass(frozen=True, slots=True)
class MomentRow:
    """One moment as the report's table shows it; ``note``/``wish`` are None when left out."""

    occurred_at: datetime
    direction: Direction
    intensity: int
    person: str | None
    fears: tuple[str, ...]
    behaviours: tuple[str, ...]
    body_signals: tuple[str, ...]
    wanted_closeness: WantedCloseness | None
    loneliness: int | None
    resentment: int | None
    connection: int | None
    note: str | None
    wish: str | None


@dataclass(frozen=True, slots=True)
class ReportData:
    span: DateRange
    generated: datetime
    week_start_day: int
    include_notes: bool
    initials: bool
    weekly: WeeklySeries  # whole weeks, each counting only the days inside the span
    latest_fears: tuple[Breakdown, ...]  # fears in the last week's withdrawals (inside the span)
    ratings: tuple[RatingTrend, ...]
    patterns: PatternReport
    moments: tuple[MomentRow, ...]
    checkins: CheckinSummary
    steps: StepsSummary

    @property
    def withdrew(self) -> int:
        return sum(w.withdrew for w in self.weekly.weeks)

    @property
    def opened(self) -> int:
        return sum(w.opened for w in self.weekly.weeks)

    @property
    def total(self) -> int:
        return self.withdrew + self.opened

    @property
    def days_recorded(self) -> int:
        return self.patterns.calendar.recorded_days

    @property
    def halves(self) -> tuple[DateRange, DateRange] | None:
        return halves(self.span)


def halves(span: DateRange) -> tuple[DateRange, DateRange] | None:
    """The range split into an earlier and a later half (None for a single day)."""
    if span.days < 2:
        return None
    mid = span.first + (span.last - span.first) // 2
    return DateRange(span.first, mid), DateRange(mid + timedelta(days=1), span.last)


def pool(stats: Iterable[RatingStat]) -> RatingStat:
    """The mean of all the ratings behind several means (each weighted by its count)."""
    total = count = 0.0
    for s in stats:
        if s.mean is not None and s.count:
            total += s.mean * s.count
            count += s.count
    return RatingStat(total / count if count else None, int(count))


def _weekly(days: list[PeriodSummary], start_day: int) -> WeeklySeries:
    """Days (every day of the span, empty ones included) grouped into whole weeks, so a week
    at either end counts only its days inside the span."""
    by_week: dict[date, list[PeriodSummary]] = {}
    for d in days:
        by_week.setdefault(week_start(d.start, start_day), []).append(d)
    weeks = []
    for start, group in sorted(by_week.items()):
        weeks.append(
            PeriodSummary(
                start,
                sum(d.withdrew for d in group),
                sum(d.opened for d in group),
                *(pool(d.rating(n) for d in group) for n in RATING_NAMES),
            )
        )
    return WeeklySeries(start_day, tuple(weeks))


def _trends(days: list[PeriodSummary], span: DateRange) -> tuple[RatingTrend, ...]:
    parts = halves(span)
    out = []
    for name in RATING_NAMES:
        whole = pool(d.rating(name) for d in days)
        if parts is None:
            first = second = RatingStat(None, 0)
        else:
            first = pool(d.rating(name) for d in days if d.start in parts[0])
            second = pool(d.rating(name) for d in days if d.start in parts[1])
        out.append(RatingTrend(name, whole, first, second))
    return tuple(out)


# -- initials ---------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def initials_for(names: Iterable[str]) -> dict[str, str]:
    """Short stand-ins for names, unique among them: "Sam" -> "S.", "Mary Jane" -> "M.J.".

    Names that would share initials are numbered in alphabetical order ("M.1", "M.2") rather
    than given more letters, which would soon spell a first name out. The result does not
    depend on the order the names come in.
    """
    chosen = {}
    for name in set(names):
        words = _WORD.findall(name) or [name.strip() or "?"]
        chosen[name] = "".join(w[0].upper() + "." for w in words)
    groups: dict[str, list[str]] = {}
    for name, short in chosen.items():
        groups.setdefault(short.casefold(), []).append(name)
    for same in groups.values():
        if len(same) > 1:
            for i, name in enumerate(sorted(same, key=name_key), start=1):
                chosen[name] = f"{chosen[name]}{i}"
    return chosen


class _Names:
    """Replaces names by initials: whole fields exactly, free text word by word (any case)."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self._folded = {n.casefold(): s for n, s in mapping.items()}
        ordered = sorted(mapping, key=len, reverse=True)  # "Mary Jane" before "Mary"
        body = "|".join(re.escape(n) for n in ordered if n.strip())
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE) if body else None

    def name(self, value: str) -> str:
        return self.mapping.get(value) or self._folded.get(value.casefold()) or self.text(value)

    def text(self, value: str) -> str:
        if self._pattern is None or not value:
            return value

        def swap(m: re.Match[str]) -> str:
            short = self._folded.get(m.group(0).casefold(), "?")
            # "talk to Sam." becomes "talk to S.", not "talk to S.."
            return (
                short[:-1] if short.endswith(".") and value[m.end() : m.end() + 1] == "." else short
            )

        return self._pattern.sub(swap, value)

    def texts(self, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.text(v) for v in values)


def _hide_names(report: PatternReport, names: _Names) -> PatternReport:
    """The same report with people as initials, and names in fear and behaviour tags or in the
    insight sentences replaced too (a tag may say "Sam leaving")."""
    rp = dataclasses.replace
    fears = rp(
        report.fears, fears=tuple(rp(f, name=names.text(f.name)) for f in report.fears.fears)
    )
    pairs: Any = report.fear_behaviour
    if hasattr(pairs, "behaviours"):
        pairs = rp(pairs, fears=names.texts(pairs.fears), behaviours=names.texts(pairs.behaviours))
    people = rp(
        report.people, people=tuple(rp(p, name=names.name(p.name)) for p in report.people.people)
    )
    insights = tuple(
        rp(i, text=names.text(i.text), detail=names.text(i.detail)) for i in report.insights
    )
    return rp(report, fears=fears, fear_behaviour=pairs, people=people, insights=insights)


def _row(m: Moment, options: ReportOptions, names: _Names | None) -> MomentRow:
    def t(value: str) -> str:
        return names.text(value) if names else value

    def tags(values: tuple[str, ...]) -> tuple[str, ...]:
        return names.texts(values) if names else values

    person = m.person
    if person is not None and names is not None:
        person = names.name(person)
    return MomentRow(
        occurred_at=m.occurred_at,
        direction=m.direction,
        intensity=m.intensity,
        person=person,
        fears=tags(m.fears),
        behaviours=tags(m.behaviours),
        body_signals=tags(m.body_signals),
        wanted_closeness=m.wanted_closeness,
        loneliness=m.loneliness,
        resentment=m.resentment,
        connection=m.connection,
        note=t(m.note) if options.include_notes else None,
        wish=t(m.wish) if options.include_notes else None,
    )


def gather_report(
    journal: Journal, options: ReportOptions, *, now: datetime | None = None
) -> ReportData:
    """Read everything the report shows for ``options.span``, privacy choices applied."""
    span = options.span
    start_day = journal.patterns.week_start_day()
    days = journal.summaries.daily(span.first, span.last)
    patterns = journal.patterns.report(span)
    found = journal.moments.query(
        MomentFilter(since=span.first, until=span.last), newest_first=False
    )
    weekly = _weekly(days, start_day)
    latest = max(weekly.weeks[-1].start, span.first)
    fears = sorted(
        journal.summaries.by_tag(TagKind.FEAR, latest, span.last),
        key=lambda f: (-f.withdrew, name_key(f.key)),
    )
    names: _Names | None = None
    if options.initials:
        everyone = [p.name for p in journal.people.all(include_hidden=True)]
        everyone += [m.person for m in found if m.person]
        names = _Names(initials_for(everyone))
        patterns = _hide_names(patterns, names)
        fears = [dataclasses.replace(f, key=names.text(f.key)) for f in fears]
    rename = names.text if names else None
    return ReportData(
        span=span,
        generated=now or now_local(),
        week_start_day=start_day,
        include_notes=options.include_notes,
        initials=options.initials,
        weekly=weekly,
        latest_fears=tuple(fears),
        ratings=_trends(days, span),
        patterns=patterns,
        moments=tuple(_row(m, options, names) for m in found),
        checkins=checkins_for(
            journal, span, start_day, include_notes=options.include_notes, rename=rename
        ),
        steps=steps_for(journal, span, start_day, rename),
    )
