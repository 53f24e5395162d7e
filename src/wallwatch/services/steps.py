"""Practice steps: keep them (add, edit, pause, archive), tick them, and see how they go.

Weeks follow WEEK_START. A step's history runs from the week it was made (or first ticked) to
the last complete week; the week in progress is shown on its own and never breaks a streak.
The comparison of met weeks with the others follows the Patterns rules: every mean carries its
counts, below MIN_SAMPLE weeks a group is ``InsufficientData``, and the permutation test is
seeded so the same journal always gives the same p-value.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.model import FieldError, Moment, MomentDraft
from wallwatch.domain.patterns import DEFAULT_PERMUTATIONS, DEFAULT_SEED, RatingSum
from wallwatch.domain.settings import MIN_SAMPLE, WEEK_START
from wallwatch.domain.steps import (
    MEASURES,
    Step,
    StepComparison,
    StepDraft,
    StepOverview,
    StepProgress,
    StepStatus,
    StepTick,
    StepWeek,
    Streak,
    WeeksMet,
    compare_measure,
    counted_weeks,
    done_per_week,
    matches_opening,
    streak_of,
    weeks_between,
    weeks_met,
)
from wallwatch.services.errors import NotFound, ValidationFailed
from wallwatch.services.settings import SettingsService
from wallwatch.store.checkins import CheckinRepository
from wallwatch.store.database import Database
from wallwatch.store.steps import StepRepository, weekly_rating_sums

_SIX_DAYS = timedelta(days=6)


def _local_day(instant: datetime) -> date:
    """The machine's local date of a stored UTC instant (when a step was made or paused)."""
    return instant.astimezone().date()


class StepService:
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

    def week_start_day(self) -> int:
        return int(self._settings.get(WEEK_START))

    def minimum(self) -> int:
        return max(1, int(self._settings.get(MIN_SAMPLE)))

    # -- keeping steps --------------------------------------------------------------------------
    def add(self, draft: StepDraft) -> Step:
        _check(draft)
        with self._db.transaction() as s:
            return StepRepository(s).add(draft)

    def edit(self, step_id: int, draft: StepDraft) -> Step:
        """Change the words, person, fear or target; the ticks stay with the step."""
        _check(draft)
        with self._db.transaction() as s:
            return StepRepository(s).update(step_id, draft)

    def pause(self, step_id: int) -> Step:
        return self._set_status(step_id, StepStatus.PAUSED)

    def resume(self, step_id: int) -> Step:
        """Make a paused or archived step active again."""
        return self._set_status(step_id, StepStatus.ACTIVE)

    def archive(self, step_id: int) -> Step:
        return self._set_status(step_id, StepStatus.ARCHIVED)

    def _set_status(self, step_id: int, status: StepStatus) -> Step:
        with self._db.transaction() as s:
            return StepRepository(s).set_status(step_id, status)

    def reorder(self, step_ids: Sequence[int]) -> None:
        with self._db.transaction() as s:
            StepRepository(s).reorder(step_ids)

    def get(self, step_id: int) -> Step:
        with self._db.reading() as s:
            step = StepRepository(s).get(step_id)
        if step is None:
            raise NotFound(f"no step with number {step_id}")
        return step

    def all(self, *, include_archived: bool = False) -> list[Step]:
        """Steps in their order (active and paused; archived ones too if asked)."""
        with self._db.reading() as s:
            return StepRepository(s).all(include_archived=include_archived)

    def find(self, ref: str) -> Step:
        """A step by its number (``3`` or ``#3``) or by an unambiguous start of its words."""
        text = ref.strip()
        number = text.removeprefix("#")
        if number.isascii() and number.isdigit():
            if len(number) > 18:  # beyond SQLite's integers: no such step
                raise NotFound(f"no step with number {number}")
            return self.get(int(number))
        wanted = text.casefold()
        if not wanted:
            raise NotFound("no step was given")
        steps = self.all(include_archived=True)
        found = [st for st in steps if st.text.casefold().startswith(wanted)]
        if len(found) != 1:
            raise NotFound(
                f"no step starts with {text!r}"
                if not found
                else f"more than one step starts with {text!r}; use its number"
            )
        return found[0]

    # -- ticking --------------------------------------------------------------------------------
    def tick(
        self,
        step_id: int,
        day: date | None = None,
        moment_id: uuid.UUID | None = None,
        *,
        today: date | None = None,
    ) -> StepTick:
        """Mark the step done on ``day`` (default today). Ticking it again through the same
        moment changes nothing. Paused and archived steps cannot be ticked."""
        today = today or now_local().date()
        day = day or today
        step = self.get(step_id)
        errors = []
        if step.status is not StepStatus.ACTIVE:
            errors.append(FieldError("step", f"is {step.status.value}; resume it to tick it"))
        if day > today:
            errors.append(FieldError("day", "is in the future"))
        if errors:
            raise ValidationFailed(errors)
        with self._db.transaction() as s:
            return StepRepository(s).add_tick(step_id, day, moment_id)

    def tick_with(self, step_id: int, moment: Moment) -> StepTick:
        """Tick a step by a logged moment, on the local day the moment happened."""
        day = moment.occurred_at.date()
        return self.tick(step_id, day, moment.id, today=max(day, now_local().date()))

    def untick(self, tick_id: int) -> StepTick:
        """Remove one tick; returns it as it was."""
        with self._db.transaction() as s:
            return StepRepository(s).delete_tick(tick_id)

    def ticks(
        self, step_id: int, first: date | None = None, last: date | None = None
    ) -> list[StepTick]:
        with self._db.reading() as s:
            return StepRepository(s).ticks(step_id, first, last)

    def ticks_for_moment(self, moment_id: uuid.UUID) -> list[StepTick]:
        with self._db.reading() as s:
            return StepRepository(s).ticks_for_moment(moment_id)

    def suggestions_for(self, moment: Moment | MomentDraft) -> list[Step]:
        """Active steps this opening may have been a doing of: those naming its person and/or
        one of its fears (every one they name must match). Nothing for a withdrawal."""
        return [
            st
            for st in self.all()
            if matches_opening(st, moment.direction, moment.person, moment.fears)
        ]

    # -- how it goes ----------------------------------------------------------------------------
    def progress(
        self, week: date | None = None, *, include_paused: bool = False
    ) -> list[StepProgress]:
        """Each active step (and paused ones if asked) with its ticks in the week holding
        ``week`` (default this week)."""
        start_day = self.week_start_day()
        first = week_start(week or now_local().date(), start_day)
        with self._db.reading() as s:
            repo = StepRepository(s)
            steps = repo.all()
            days = repo.tick_days(first, first + _SIX_DAYS)
        return [
            StepProgress(st, StepWeek(first, len(days.get(st.id, [])), st.target_per_week))
            for st in steps
            if st.status is StepStatus.ACTIVE or include_paused
        ]

    def history(self, step_id: int, *, today: date | None = None) -> tuple[StepWeek, ...]:
        """The step's counted weeks, oldest first, empty ones included."""
        start_day = self.week_start_day()
        with self._db.reading() as s:
            repo = StepRepository(s)
            return _history(repo, step_id, today or now_local().date(), start_day)[1]

    def streak(self, step_id: int, *, today: date | None = None) -> Streak:
        """Weeks met in a row up to the last counted week, and this week so far."""
        today = today or now_local().date()
        start_day = self.week_start_day()
        with self._db.reading() as s:
            repo = StepRepository(s)
            step, past = _history(repo, step_id, today, start_day)
            return streak_of(past, _this_week(repo, step, today, start_day))

    def weeks_met(self, step_id: int, *, today: date | None = None) -> WeeksMet:
        """Met weeks of the counted ones, and the current streak (for the report)."""
        return weeks_met(self.history(step_id, today=today))

    def overview(
        self, *, today: date | None = None, include_archived: bool = False
    ) -> list[StepOverview]:
        """Every step in order, with this week's progress and its streak, in one snapshot."""
        today = today or now_local().date()
        start_day = self.week_start_day()
        with self._db.reading() as s:
            repo = StepRepository(s)
            out = []
            for step in repo.all(include_archived=include_archived):
                _, past = _history(repo, step.id, today, start_day)
                this_week = _this_week(repo, step, today, start_day)
                out.append(StepOverview(step, streak_of(past, this_week)))
        return out

    def comparison(self, step_id: int, *, today: date | None = None) -> StepComparison:
        """Loneliness and connection (moment ratings, and the check-in score) in the weeks the
        step was met against the weeks it was not, each week one unit."""
        today = today or now_local().date()
        start_day, minimum = self.week_start_day(), self.minimum()
        with self._db.reading() as s:
            step, weeks = _history(StepRepository(s), step_id, today, start_day)
            values: dict[str, dict[date, RatingSum]] = {m: {} for m in MEASURES}
            if weeks:
                first, last = weeks[0].start, weeks[-1].last
                for week, (lonely, connect) in weekly_rating_sums(
                    s, first, last, start_day
                ).items():
                    values["loneliness"][week] = lonely
                    values["connection"][week] = connect
                found = CheckinRepository(s).between(first, weeks[-1].start, start_day)
                values["checkin"] = {w: RatingSum(c.total, 1) for w, c in found.items()}
        measures = tuple(
            compare_measure(
                m, weeks, values[m], minimum, permutations=self.permutations, seed=self.seed
            )
            for m in MEASURES
        )
        return StepComparison(step, weeks, minimum, measures)


# -- helpers on an open snapshot --------------------------------------------------------------
def _history(
    repo: StepRepository, step_id: int, today: date, start_day: int
) -> tuple[Step, tuple[StepWeek, ...]]:
    step = repo.get(step_id)
    if step is None:
        raise NotFound(f"no step with number {step_id}")
    span = counted_weeks(
        created=_local_day(step.created_at),
        first_tick=repo.first_tick_day(step_id),
        today=today,
        status=step.status,
        status_changed=_local_day(step.status_changed_at),
        week_start_day=start_day,
    )
    if span is None:
        return step, ()
    first, last = span
    days = [t.day for t in repo.ticks(step_id, first, last + _SIX_DAYS)]
    return step, weeks_between(done_per_week(days, start_day), step.target_per_week, first, last)


def _this_week(repo: StepRepository, step: Step, today: date, start_day: int) -> StepWeek:
    first = week_start(today, start_day)
    done = len(repo.ticks(step.id, first, first + _SIX_DAYS))
    return StepWeek(first, done, step.target_per_week)


def _check(draft: StepDraft) -> None:
    errors = draft.validate()
    if errors:
        raise ValidationFailed(errors)


__all__ = ["StepService"]
