"""What the report is given: counts and means that match the moments themselves, notes only when
asked for, and names replaced everywhere when initials are asked for."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallwatch.domain.calendar import week_start
from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.domain.model import Direction, Moment, MomentDraft
from wallwatch.domain.patterns import DateRange
from wallwatch.domain.query import MomentFilter
from wallwatch.domain.steps import StepDraft
from wallwatch.domain.summary import RATING_NAMES
from wallwatch.services import Journal
from wallwatch.services.demo import generate_demo
from wallwatch.services.report_data import (
    ReportData,
    ReportOptions,
    gather_report,
    halves,
    initials_for,
)

END = date(2025, 11, 30)  # a Sunday
SPAN = DateRange.weeks_ending(END, 8)
ZONE = timezone(timedelta(hours=1))


@pytest.fixture
def demo(journal: Journal) -> Journal:
    generate_demo(journal, days=120, end=END)
    return journal


def _moments(j: Journal, span: DateRange = SPAN) -> list[Moment]:
    return j.moments.query(MomentFilter(since=span.first, until=span.last), newest_first=False)


def _names(j: Journal) -> list[str]:
    return [p.name for p in j.people.all(include_hidden=True)]


def _mentions(text: str, names: list[str]) -> list[str]:
    return [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)]


def _all_text(data: ReportData) -> str:
    """Every string the report could print (notes, tags, people, insights, steps)."""
    parts: list[str] = []
    for m in data.moments:
        parts += [m.person or "", m.note or "", m.wish or "", *m.fears, *m.behaviours]
    parts += [p.name for p in data.patterns.people.people]
    parts += [i.text + " " + i.detail for i in data.patterns.insights]
    parts += [f.key for f in data.latest_fears]
    parts += [w.want_more or "" for w in data.checkins.weeks]
    parts += [s.text + " " + (s.person or "") for s in data.steps.steps]
    return "\n".join(parts)


# -- initials -------------------------------------------------------------------------------------
def test_initials_are_first_letters_of_each_word() -> None:
    assert initials_for(["Sam", "mary jane", "Jean-Luc"]) == {
        "Sam": "S.",
        "mary jane": "M.J.",
        "Jean-Luc": "J.L.",
    }


def test_names_that_share_initials_are_numbered_not_spelt_out() -> None:
    short = initials_for(["Mum", "Maya", "Sam Lee", "Sam Li", "Jo"])
    assert short == {"Maya": "M.1", "Mum": "M.2", "Sam Lee": "S.L.1", "Sam Li": "S.L.2", "Jo": "J."}


@given(st.lists(st.text(min_size=1, max_size=12), max_size=12, unique_by=str.casefold))
def test_initials_never_make_two_people_look_like_one(names: list[str]) -> None:
    short = initials_for(names)
    assert set(short) == set(names)
    assert len({s.casefold() for s in short.values()}) == len(names)
    shuffled = names[:]
    random.Random(3).shuffle(shuffled)
    assert initials_for(shuffled) == short


# -- counts and means -----------------------------------------------------------------------------
def test_counts_match_the_moments_in_the_range(demo: Journal) -> None:
    data = gather_report(demo, ReportOptions(SPAN))
    moments = _moments(demo)
    assert data.total == len(moments) > 0
    assert data.withdrew == sum(m.direction is Direction.WITHDREW for m in moments)
    assert data.opened == sum(m.direction is Direction.OPENED for m in moments)
    assert data.days_recorded == len({m.occurred_at.date() for m in moments})
    assert [m.occurred_at for m in data.moments] == sorted(m.occurred_at for m in moments)


def test_weeks_cover_the_range_and_count_only_its_days(journal: Journal) -> None:
    span = DateRange(date(2025, 11, 5), date(2025, 11, 19))  # Wednesday to Wednesday
    for day in (date(2025, 11, 3), date(2025, 11, 5), date(2025, 11, 19), date(2025, 11, 20)):
        journal.moments.record(
            MomentDraft(datetime.combine(day, datetime.min.time(), ZONE), Direction.WITHDREW)
        )
    data = gather_report(journal, ReportOptions(span))
    starts = [w.start for w in data.weekly.weeks]
    assert starts == [week_start(span.first), date(2025, 11, 10), date(2025, 11, 17)]
    assert [w.withdrew for w in data.weekly.weeks] == [1, 0, 1]  # the 3rd and 20th are outside


def test_rating_means_and_halves_match_the_ratings_given(demo: Journal) -> None:
    data = gather_report(demo, ReportOptions(SPAN))
    split = halves(SPAN)
    assert split is not None
    assert split[0].first == SPAN.first and split[1].last == SPAN.last
    assert split[0].last + timedelta(days=1) == split[1].first
    moments = _moments(demo)
    for trend in data.ratings:
        for stat, span in ((trend.whole, SPAN), (trend.first_half, split[0])):
            values = [
                getattr(m, trend.rating)
                for m in moments
                if m.occurred_at.date() in span and getattr(m, trend.rating) is not None
            ]
            assert stat.count == len(values) > 0
            assert stat.mean == pytest.approx(sum(values) / len(values))
    assert [t.rating for t in data.ratings] == list(RATING_NAMES)


def test_a_single_day_has_no_halves(journal: Journal) -> None:
    day = DateRange(END, END)
    assert halves(day) is None
    data = gather_report(journal, ReportOptions(day))
    assert all(t.first_half.mean is None and t.second_half.count == 0 for t in data.ratings)


# -- privacy choices ------------------------------------------------------------------------------
def test_notes_and_wishes_are_left_out_unless_asked_for(demo: Journal) -> None:
    moments = _moments(demo)
    assert any(m.note for m in moments) and any(m.wish for m in moments)
    hidden = gather_report(demo, ReportOptions(SPAN))
    assert all(m.note is None and m.wish is None for m in hidden.moments)
    shown = gather_report(demo, ReportOptions(SPAN, include_notes=True))
    assert [(m.note, m.wish) for m in shown.moments] == [(m.note, m.wish) for m in moments]


def test_initials_replace_every_name_everywhere(demo: Journal) -> None:
    names = _names(demo)
    demo.checkins.record(END, CheckinAnswers(2, 2, 2), f"walks with {names[0]}", today=END)
    demo.steps.add(StepDraft(f"Tell {names[-1]} one true feeling", names[-1]))
    full = gather_report(demo, ReportOptions(SPAN, include_notes=True))
    assert _mentions(_all_text(full), names), "the demo data names people in its text"

    short = gather_report(demo, ReportOptions(SPAN, include_notes=True, initials=True))
    assert _mentions(_all_text(short), names) == []
    mapping = initials_for(names)
    assert [m.person for m in short.moments] == [
        mapping[m.person] if m.person else None for m in full.moments
    ]
    assert {p.name for p in short.patterns.people.people} <= set(mapping.values())
    # Counts are untouched by the renaming.
    assert [p.withdrew for p in short.patterns.people.people] == [
        p.withdrew for p in full.patterns.people.people
    ]


def test_a_name_at_the_end_of_a_sentence_keeps_one_full_stop(journal: Journal) -> None:
    journal.moments.record(
        MomentDraft(
            datetime(2025, 11, 20, 20, 0, tzinfo=ZONE),
            Direction.OPENED,
            person="Sam",
            note="I said sorry to sam. Then SAM smiled; Samantha did not.",
        )
    )
    data = gather_report(journal, ReportOptions(SPAN, include_notes=True, initials=True))
    assert data.moments[0].note == "I said sorry to S. Then S. smiled; Samantha did not."


# -- check-ins and steps --------------------------------------------------------------------------
def test_checkin_scores_per_week_with_gaps(journal: Journal) -> None:
    inside = {date(2025, 10, 15): (3, 3, 2), date(2025, 11, 26): (1, 2, 1)}
    for day, answers in inside.items():
        journal.checkins.record(day, CheckinAnswers(*answers), "more time outside", today=END)
    journal.checkins.record(date(2025, 9, 1), CheckinAnswers(3, 3, 3), today=END)  # before
    data = gather_report(journal, ReportOptions(SPAN))
    weeks = data.checkins.weeks
    assert weeks[0].first == week_start(SPAN.first) and weeks[-1].first == week_start(END)
    scores = {w.first: w.score for w in weeks if w.score is not None}
    assert scores == {week_start(d): sum(a) for d, a in inside.items()}
    assert data.checkins.recorded == 2
    assert all(w.want_more is None for w in weeks)
    with_notes = gather_report(journal, ReportOptions(SPAN, include_notes=True))
    assert [w.want_more for w in with_notes.checkins.weeks if w.score] == ["more time outside"] * 2


def test_steps_count_met_weeks_inside_the_range(journal: Journal) -> None:
    span = DateRange(date(2025, 11, 3), END)  # four whole weeks, Monday to Sunday
    step = journal.steps.add(StepDraft("Say 'I need a minute'", target_per_week=2))
    ticks = {0: 2, 7: 1, 14: 2, 21: 3}  # days after 3 Nov: how many ticks that week
    for offset, count in ticks.items():
        for k in range(count):
            journal.steps.tick(step.id, span.first + timedelta(days=offset + k), today=END)
    journal.steps.tick(step.id, date(2025, 10, 1), today=END)  # a week before the range
    data = gather_report(journal, ReportOptions(span))
    (row,) = data.steps.steps
    assert (row.text, row.target_per_week) == ("Say 'I need a minute'", 2)
    assert (row.met, row.weeks, row.streak) == (3, 4, 2)


def test_no_checkins_or_steps_give_empty_sections(journal: Journal) -> None:
    data = gather_report(journal, ReportOptions(SPAN))
    assert data.checkins.recorded == 0 and data.steps.steps == ()
    assert data.total == 0 and data.moments == ()
