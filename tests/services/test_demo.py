"""The demo history: repeatable, believable, fast, and never mixed into real data."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from statistics import mean

import pytest

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, Moment, MomentDraft, RelationshipKind, WantedCloseness
from wallwatch.domain.vocabulary import SEED_BODY, SEED_FEARS, SEED_OPENING, SEED_WITHDRAWING
from wallwatch.services import Journal, open_journal
from wallwatch.services.demo import DemoWouldMix, demo_drafts, generate_demo

END = date(2024, 6, 30)


def _history(path: Path, **kwargs: object) -> tuple[int, list[Moment]]:
    with open_journal(path) as j:
        n = generate_demo(j, **kwargs)  # type: ignore[arg-type]
        return n, j.moments.query(newest_first=False)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> list[Moment]:
    path = tmp_path_factory.mktemp("demo") / "year.sqlite3"
    return _history(path, days=365, seed=11, end=END)[1]


def test_same_seed_and_end_give_identical_moments(tmp_path: Path) -> None:
    n1, first = _history(tmp_path / "a.sqlite3", days=60, seed=5, end=END)
    n2, second = _history(tmp_path / "b.sqlite3", days=60, seed=5, end=END)
    assert n1 == n2 == len(first) > 0
    assert first == second


def test_another_seed_gives_another_history(tmp_path: Path) -> None:
    _n, first = _history(tmp_path / "a.sqlite3", days=60, seed=5, end=END)
    _n, other = _history(tmp_path / "b.sqlite3", days=60, seed=6, end=END)
    assert [m.occurred_at for m in first] != [m.occurred_at for m in other]


def test_the_count_returned_is_what_was_stored(journal: Journal) -> None:
    n = generate_demo(journal, days=45, seed=2, end=END)
    assert n == journal.moments.count() > 0
    assert journal.is_demo


def test_moments_stay_inside_the_asked_days(year: list[Moment]) -> None:
    first_day = END - timedelta(days=364)
    per_day: dict[date, int] = {}
    for m in year:
        per_day[m.occurred_at.date()] = per_day.get(m.occurred_at.date(), 0) + 1
    assert min(per_day) >= first_day and max(per_day) <= END
    assert max(per_day.values()) <= 4
    # Some days have nothing recorded, as in real life.
    assert len(per_day) < 365


def test_times_are_in_the_local_zone_and_spread_through_the_day(year: list[Moment]) -> None:
    for m in year:
        local = m.occurred_at.replace(tzinfo=None).astimezone()
        assert m.occurred_at.utcoffset() == local.utcoffset()
    hours = {m.occurred_at.hour for m in year}
    assert min(hours) < 10 and max(hours) >= 20 and len(hours) >= 12


def test_people_are_a_believable_cast(journal: Journal) -> None:
    generate_demo(journal, days=90, seed=3, end=END)
    people = journal.people.all()
    kinds = {p.kind for p in people}
    assert 4 <= len(people) <= 6
    assert RelationshipKind.PARTNER in kinds and RelationshipKind.FRIEND in kinds
    assert any(p.safe for p in people) and not all(p.safe for p in people)


def test_openings_grow_over_time(year: list[Moment]) -> None:
    third = len(year) // 3

    def share_opened(ms: list[Moment]) -> float:
        return sum(m.direction is Direction.OPENED for m in ms) / len(ms)

    assert share_opened(year[-third:]) > share_opened(year[:third]) + 0.15


def test_tags_come_from_the_seeded_vocabulary_and_match_direction(year: list[Moment]) -> None:
    for m in year:
        assert set(m.fears) <= set(SEED_FEARS)
        assert set(m.body_signals) <= set(SEED_BODY)
        expected = SEED_WITHDRAWING if m.direction is Direction.WITHDREW else SEED_OPENING
        assert m.behaviours and set(m.behaviours) <= set(expected)
    assert len({f for m in year for f in m.fears}) >= 5


def test_wanted_closeness_is_often_yes_and_only_on_withdrawals(year: list[Moment]) -> None:
    withdrawals = [m for m in year if m.direction is Direction.WITHDREW]
    assert all(m.wanted_closeness is None for m in year if m.direction is Direction.OPENED)
    yes = sum(m.wanted_closeness is WantedCloseness.YES for m in withdrawals)
    others = [
        m.wanted_closeness for m in withdrawals if m.wanted_closeness is not WantedCloseness.YES
    ]
    assert yes > len(withdrawals) / 2
    assert others  # not every single time


def test_ratings_are_mostly_present_and_make_sense(year: list[Moment]) -> None:
    rated = [m for m in year if m.loneliness is not None]
    assert 0.6 < len(rated) / len(year) < 0.95

    def avg(direction: Direction, field: str) -> float:
        values = [getattr(m, field) for m in year if m.direction is direction]
        return mean(v for v in values if v is not None)

    assert avg(Direction.WITHDREW, "loneliness") > avg(Direction.OPENED, "loneliness") + 1.5
    assert avg(Direction.WITHDREW, "resentment") > avg(Direction.OPENED, "resentment") + 1
    assert avg(Direction.OPENED, "connection") > avg(Direction.WITHDREW, "connection") + 2


def test_every_generated_moment_is_valid_and_has_a_short_note() -> None:
    _people, moments = demo_drafts(days=120, seed=9, end=END)
    drafts: list[MomentDraft] = [d for _id, d in moments]
    assert all(d.validate() == [] for d in drafts)
    notes = [d.note for d in drafts if d.note]
    assert len(notes) > len(drafts) / 2
    assert all(len(n) < 120 for n in notes)
    assert any(d.person and d.person in d.note for d in drafts)


def test_a_year_is_generated_quickly(journal: Journal) -> None:
    started = time.perf_counter()
    n = generate_demo(journal, days=365, seed=7, end=END)
    assert n > 300
    assert time.perf_counter() - started < 5.0


def test_nothing_is_generated_in_the_future(journal: Journal) -> None:
    generate_demo(journal, days=3, seed=1)
    latest = journal.moments.query(limit=1)
    assert not latest or latest[0].occurred_at <= now_local()


def test_refuses_a_journal_with_real_moments(journal: Journal) -> None:
    journal.moments.record(MomentDraft(occurred_at=now_local(), direction=Direction.OPENED))
    with pytest.raises(DemoWouldMix):
        generate_demo(journal, days=10, seed=1, end=END)
    assert journal.moments.count() == 1
    assert not journal.is_demo


def test_regenerating_replaces_the_earlier_demo(journal: Journal) -> None:
    generate_demo(journal, days=30, seed=1, end=END)
    n = generate_demo(journal, days=20, seed=2, end=END)
    assert journal.moments.count() == n
    assert journal.moments.date_span() is not None
    assert journal.moments.date_span()[0] >= END - timedelta(days=19)  # type: ignore[index]


@pytest.mark.parametrize("days", [0, -1, 100_000])
def test_days_out_of_range(journal: Journal, days: int) -> None:
    with pytest.raises(ValueError, match="days"):
        generate_demo(journal, days=days, seed=1, end=END)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in a zone with daylight saving time, then put the process zone back."""
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_follow_the_machine_zone_across_dst(journal: Journal, berlin: None) -> None:
    generate_demo(journal, days=120, seed=4, end=date(2024, 5, 31))
    offsets = {m.occurred_at.utcoffset() for m in journal.moments.query()}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
