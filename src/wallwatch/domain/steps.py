"""Practice steps: small, concrete things a person means to do a number of times a week.

A step is done on a day (a "tick"), by hand or by logging an opening moment. Progress is counted
per week (weeks per WEEK_START); a week is met when it holds at least the step's target. The
current target applies to every week: editing a step's target re-reads its past weeks too.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from wallwatch.domain.calendar import week_start
from wallwatch.domain.model import NOT_TEXT, Direction, FieldError, validate_name
from wallwatch.domain.patterns import (
    InsufficientData,
    PermutationResult,
    RatingSum,
    mean_difference,
    permutation_test,
)

STEP_TEXT_MAX = 200
TARGET_MIN = 1
TARGET_MAX = 50
_WEEK = timedelta(days=7)


class StepStatus(StrEnum):
    """Active steps are shown and suggested; paused and archived ones keep their history."""

    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class StepDraft:
    """What a person enters; the person and the fear are referred to by name."""

    text: str
    person: str | None = None
    fear: str | None = None
    target_per_week: int = 1

    def validate(self) -> list[FieldError]:
        return validate_step(self)


@dataclass(frozen=True, slots=True)
class Step:
    id: int
    text: str
    person: str | None
    fear: str | None
    target_per_week: int
    status: StepStatus
    created_at: datetime
    edited_at: datetime
    # When the status last changed (equal to created_at for a step never paused or archived).
    status_changed_at: datetime
    position: int

    def draft(self) -> StepDraft:
        return StepDraft(self.text, self.person, self.fear, self.target_per_week)


@dataclass(frozen=True, slots=True)
class StepTick:
    """One doing of a step on a local day, possibly logged through a moment."""

    id: int
    step_id: int
    day: date
    moment_id: uuid.UUID | None
    created_at: datetime


def validate_step(d: StepDraft) -> list[FieldError]:
    errors: list[FieldError] = []
    text = d.text.strip() if isinstance(d.text, str) else ""
    if not text:
        errors.append(FieldError("text", "must not be empty"))
    elif len(text) > STEP_TEXT_MAX:
        errors.append(FieldError("text", f"is longer than {STEP_TEXT_MAX} characters"))
    elif not text.isprintable() and any(unicodedata.category(ch) == "Cc" for ch in text):
        errors.append(FieldError("text", "must be a single line"))
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            errors.append(FieldError("text", NOT_TEXT))
    if d.person is not None:
        errors.extend(validate_name(d.person, "person"))
    if d.fear is not None:
        errors.extend(validate_name(d.fear, "fear"))
    target = d.target_per_week
    if not (isinstance(target, int) and not isinstance(target, bool)) or not (
        TARGET_MIN <= target <= TARGET_MAX
    ):
        errors.append(
            FieldError("target_per_week", f"must be a whole number {TARGET_MIN}–{TARGET_MAX}")
        )
    return errors


def matches_opening(
    step: Step, direction: Direction, person: str | None, fears: Iterable[str]
) -> bool:
    """Whether a moment is a likely doing of ``step``: an opening with the step's person and
    fear (each only if the step names one). A step naming neither is never suggested."""
    if step.status is not StepStatus.ACTIVE or direction is not Direction.OPENED:
        return False
    if step.person is None and step.fear is None:
        return False
    if step.person is not None and (
        person is None or person.strip().casefold() != step.person.casefold()
    ):
        return False
    return step.fear is None or step.fear.casefold() in {f.strip().casefold() for f in fears}


# -- weeks ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepWeek:
    """How often a step was done in one week (``start`` is its first day)."""

    start: date
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def last(self) -> date:
        return self.start + timedelta(days=6)


@dataclass(frozen=True, slots=True)
class StepProgress:
    """A step and how far it got in one week."""

    step: Step
    week: StepWeek

    @property
    def done(self) -> int:
        return self.week.done

    @property
    def target(self) -> int:
        return self.week.target

    @property
    def met(self) -> bool:
        return self.week.met


def done_per_week(days: Iterable[date], week_start_day: int) -> dict[date, int]:
    """Ticks per week start."""
    counts: dict[date, int] = {}
    for day in days:
        start = week_start(day, week_start_day)
        counts[start] = counts.get(start, 0) + 1
    return counts


def weeks_between(
    counts: Mapping[date, int], target: int, first_week: date, last_week: date
) -> tuple[StepWeek, ...]:
    """Every week from ``first_week`` to ``last_week`` (both week starts), empty ones included."""
    out = []
    start = first_week
    while start <= last_week:
        out.append(StepWeek(start, counts.get(start, 0), target))
        start += _WEEK
    return tuple(out)


def counted_weeks(
    *,
    created: date,
    first_tick: date | None,
    today: date,
    status: StepStatus,
    status_changed: date,
    week_start_day: int,
) -> tuple[date, date] | None:
    """The first and last week start a step's history is judged on, or ``None`` if none yet.

    History starts with the week the step was made (or its first tick, if earlier) and ends with
    the last complete week. A paused or archived step stops with the week its status changed:
    weeks it was set aside are not counted as missed. (Weeks paused before a resume are.)
    """
    first = week_start(min(created, first_tick) if first_tick else created, week_start_day)
    last = week_start(today, week_start_day) - _WEEK
    if status is not StepStatus.ACTIVE:
        last = min(last, week_start(status_changed, week_start_day))
    return (first, last) if first <= last else None


@dataclass(frozen=True, slots=True)
class Streak:
    """``weeks``: complete weeks met in a row, ending with the last counted week.

    ``this_week`` is the week in progress, which never breaks a streak (it is not over yet).
    """

    weeks: int
    this_week: StepWeek

    @property
    def this_week_met(self) -> bool:
        return self.this_week.met


def _met_in_a_row(history: Sequence[StepWeek]) -> int:
    n = 0
    for week in reversed(history):
        if not week.met:
            break
        n += 1
    return n


@dataclass(frozen=True, slots=True)
class StepOverview:
    """What a list of steps shows: each step with this week's progress and its streak."""

    step: Step
    streak: Streak

    @property
    def this_week(self) -> StepWeek:
        return self.streak.this_week


def streak_of(history: Sequence[StepWeek], this_week: StepWeek) -> Streak:
    """Count met weeks back from the end of ``history`` (complete weeks, oldest first)."""
    return Streak(_met_in_a_row(history), this_week)


@dataclass(frozen=True, slots=True)
class WeeksMet:
    """Met weeks out of the counted ones (for a report line such as "met 5 of 8 weeks")."""

    met: int
    of: int
    streak: int
    first: date | None
    last: date | None


def weeks_met(history: Sequence[StepWeek]) -> WeeksMet:
    if not history:
        return WeeksMet(0, 0, 0, None, None)
    met = sum(1 for w in history if w.met)
    return WeeksMet(met, len(history), _met_in_a_row(history), history[0].start, history[-1].last)


# -- met weeks against the others ------------------------------------------------------------

MEASURES = ("loneliness", "connection", "checkin")
MEASURE_LABELS = {
    "loneliness": "Loneliness (moment ratings, 0–10)",
    "connection": "Connection (moment ratings, 0–10)",
    "checkin": "Weekly check-in loneliness (3–9)",
}
_UNITS = {
    "loneliness": "weeks with a loneliness rating",
    "connection": "weeks with a connection rating",
    "checkin": "weeks with a check-in",
}


@dataclass(frozen=True, slots=True)
class WeeksMean:
    """Mean of every value in a group of weeks, and how many weeks and values it rests on."""

    mean: float
    weeks: int
    values: int


@dataclass(frozen=True, slots=True)
class MeasureComparison:
    """One measure in weeks the step was met against weeks it was not."""

    measure: str
    met: WeeksMean | InsufficientData
    not_met: WeeksMean | InsufficientData
    test: PermutationResult | None

    @property
    def difference(self) -> float | None:
        """Met-week mean minus other-week mean, when both groups are large enough."""
        return mean_difference(self.met, self.not_met)

    @property
    def notable(self) -> bool:
        return self.test is not None and self.test.below_threshold


@dataclass(frozen=True, slots=True)
class StepComparison:
    """Loneliness and connection in the step's met weeks vs the rest (``MEASURES`` order).

    These describe the records only: a difference does not say the step caused it.
    """

    step: Step
    weeks: tuple[StepWeek, ...]
    minimum: int
    measures: tuple[MeasureComparison, ...]

    @property
    def weeks_met(self) -> int:
        return sum(1 for w in self.weeks if w.met)

    @property
    def weeks_not_met(self) -> int:
        return len(self.weeks) - self.weeks_met


def compare_measure(
    measure: str,
    weeks: Sequence[StepWeek],
    values: Mapping[date, RatingSum],
    minimum: int,
    *,
    permutations: int,
    seed: int,
) -> MeasureComparison:
    """Weeks are the units: each week's values stay together when labels are shuffled, and a
    week without a value of this measure is left out of both groups (a gap, not a zero)."""
    unit = _UNITS[measure]

    def units(met: bool) -> list[RatingSum]:
        found = (values.get(w.start) for w in weeks if w.met is met)
        return [v for v in found if v is not None and v.count > 0]

    a, b = units(True), units(False)

    def group(us: Sequence[RatingSum]) -> WeeksMean | InsufficientData:
        if len(us) < max(1, minimum):
            return InsufficientData(max(1, minimum), len(us), unit)
        pooled = sum(us, RatingSum())
        return WeeksMean(pooled.total / pooled.count, len(us), pooled.count)

    ga, gb = group(a), group(b)
    test = None
    if isinstance(ga, WeeksMean) and isinstance(gb, WeeksMean):
        test = permutation_test(a, b, permutations=permutations, seed=seed)
    return MeasureComparison(measure, ga, gb, test)
