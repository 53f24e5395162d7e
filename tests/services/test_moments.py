"""Recording, editing, deleting, undoing and finding moments, on a real journal file."""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, Moment, MomentDraft, WantedCloseness
from wallwatch.domain.query import MomentFilter
from wallwatch.services import Journal, NotFound, ValidationFailed, open_journal

NEW_YORK = timezone(timedelta(hours=-5))
TOKYO = timezone(timedelta(hours=9))


def _at(y: int, mo: int, d: int, h: int = 12, mi: int = 0, tz: timezone = UTC) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


def _draft(when: datetime, direction: Direction = Direction.WITHDREW, **kw: object) -> MomentDraft:
    return MomentDraft(occurred_at=when, direction=direction, **kw)


FULL = MomentDraft(
    occurred_at=_at(2024, 3, 1, 23, 30, NEW_YORK),
    direction=Direction.WITHDREW,
    intensity=4,
    person="Sam",
    fears=("rejection / abandonment", "Being judged"),
    behaviours=("went silent",),
    body_signals=("tight chest", "numbness"),
    wanted_closeness=WantedCloseness.YES,
    loneliness=8,
    resentment=3,
    connection=2,
    note="Sam asked how my day was. I said 'fine'.",
    wish="Tell Sam the meeting hurt.",
)


# -- record ----------------------------------------------------------------------------------
def test_record_returns_the_moment_as_stored(journal: Journal) -> None:
    before = datetime.now(UTC)
    moment = journal.moments.record(FULL)
    after = datetime.now(UTC)
    assert moment.occurred_at == FULL.occurred_at
    assert moment.occurred_at.utcoffset() == timedelta(hours=-5)
    assert moment.occurred_at.hour == 23
    assert before - timedelta(seconds=1) <= moment.recorded_at <= after
    assert moment.edited_at == moment.recorded_at
    assert moment.person == "Sam"
    # Tags come back sorted, ignoring case.
    assert moment.fears == ("Being judged", "rejection / abandonment")
    assert moment.body_signals == ("numbness", "tight chest")
    assert moment.draft() == dataclasses.replace(
        FULL, fears=moment.fears, body_signals=moment.body_signals
    )
    assert journal.moments.get(moment.id) == moment


def test_record_reuses_people_and_tags_ignoring_case(journal: Journal) -> None:
    journal.moments.record(_draft(_at(2024, 1, 1), person="Sam", fears=("Past Hurt",)))
    second = journal.moments.record(
        _draft(_at(2024, 1, 2), person=" sam ", fears=("past hurt", "PAST HURT"))
    )
    assert second.person == "Sam"
    assert second.fears == ("past hurt",)  # the seeded spelling, once
    assert [p.name for p in journal.people.all()] == ["Sam"]


def test_invalid_drafts_are_refused_and_nothing_is_saved(journal: Journal) -> None:
    bad = _draft(_at(2024, 1, 1), intensity=0, loneliness=11, person="")
    with pytest.raises(ValidationFailed) as info:
        journal.moments.record(bad)
    assert info.value.for_field("intensity")
    assert info.value.for_field("loneliness")
    assert info.value.for_field("person")
    assert info.value.for_field("note") == []
    assert journal.moments.count() == 0
    assert journal.people.all(include_hidden=True) == []


def test_record_keeps_microseconds_and_odd_offsets(journal: Journal) -> None:
    nepal = timezone(timedelta(hours=5, minutes=45))
    when = datetime(2024, 7, 1, 6, 7, 8, 901234, tzinfo=nepal)
    moment = journal.moments.record(_draft(when))
    assert moment.occurred_at == when
    assert moment.occurred_at.replace(tzinfo=None) == when.replace(tzinfo=None)


# -- edit ------------------------------------------------------------------------------------
def test_edit_changes_the_moment_and_its_edited_time_only(journal: Journal) -> None:
    first = journal.moments.record(FULL)
    changed = dataclasses.replace(
        FULL,
        direction=Direction.OPENED,
        wanted_closeness=None,
        behaviours=("shared a feeling",),
        fears=(),
        person="Alex",
        note="I told Sam after all.",
    )
    edited = journal.moments.edit(first.id, changed)
    assert edited.id == first.id
    assert edited.recorded_at == first.recorded_at
    assert edited.edited_at >= first.edited_at
    assert edited.direction is Direction.OPENED
    assert edited.fears == ()
    assert edited.behaviours == ("shared a feeling",)
    assert edited.person == "Alex"
    assert journal.moments.get(first.id) == edited
    assert journal.moments.count() == 1
    with sqlite3.connect(journal.path) as raw:
        links = raw.execute("SELECT count(*) FROM moment_tag").fetchone()[0]
    raw.close()
    assert links == 1 + len(FULL.body_signals)


def test_edit_refuses_invalid_drafts_and_unknown_ids(journal: Journal) -> None:
    moment = journal.moments.record(FULL)
    with pytest.raises(ValidationFailed):
        journal.moments.edit(moment.id, dataclasses.replace(FULL, intensity=6))
    assert journal.moments.get(moment.id) == moment
    with pytest.raises(NotFound):
        journal.moments.edit(uuid.uuid4(), FULL)


# -- delete and undo -------------------------------------------------------------------------
def test_delete_then_restore_gives_identical_moments(journal: Journal) -> None:
    kept = journal.moments.record(_draft(_at(2024, 2, 1), note="stays"))
    a = journal.moments.record(FULL)
    b = journal.moments.record(
        _draft(_at(2024, 2, 2, 8, 0, TOKYO), Direction.OPENED, person="Kim", connection=9)
    )
    b = journal.moments.edit(b.id, dataclasses.replace(b.draft(), note="edited later"))
    assert b.edited_at > b.recorded_at
    everything = journal.moments.query()

    gone = journal.moments.delete([a.id, b.id, uuid.uuid4()])
    assert sorted(gone, key=lambda m: str(m.id)) == sorted([a, b], key=lambda m: str(m.id))
    assert journal.moments.query() == [kept]
    with pytest.raises(NotFound):
        journal.moments.get(a.id)

    journal.moments.restore(gone)
    assert journal.moments.get(a.id) == a
    assert journal.moments.get(b.id) == b
    assert journal.moments.query() == everything

    journal.moments.restore(gone)  # undoing twice adds nothing
    assert journal.moments.count() == 3


def test_deleting_nothing_or_unknown_ids_changes_nothing(journal: Journal) -> None:
    journal.moments.record(FULL)
    assert journal.moments.delete([]) == []
    assert journal.moments.delete([uuid.uuid4()]) == []
    assert journal.moments.count() == 1


def test_deleted_moments_leave_no_tag_links(journal: Journal) -> None:
    moment = journal.moments.record(FULL)
    journal.moments.delete([moment.id])
    with sqlite3.connect(journal.path) as raw:
        assert raw.execute("SELECT count(*) FROM moment_tag").fetchone()[0] == 0
    raw.close()


# -- find by id prefix -----------------------------------------------------------------------
def _with_id(moment: Moment, text: str) -> Moment:
    return dataclasses.replace(moment, id=uuid.UUID(text))


def test_find_by_full_id_or_unambiguous_prefix(journal: Journal) -> None:
    template = journal.moments.record(FULL)
    journal.moments.delete([template.id])
    one = _with_id(template, "abc10000-0000-4000-8000-000000000001")
    two = _with_id(template, "abc20000-0000-4000-8000-000000000002")
    journal.moments.restore([one, two])

    assert journal.moments.find(str(one.id)) == one
    assert journal.moments.find(one.id.hex) == one
    assert journal.moments.find("abc1") == one
    assert journal.moments.find("ABC2") == two
    assert journal.moments.find("  abc20000-0 ") == two
    with pytest.raises(NotFound, match="more than one"):
        journal.moments.find("abc")
    with pytest.raises(NotFound, match="no moment"):
        journal.moments.find("abc3")
    with pytest.raises(NotFound):
        journal.moments.find("")
    with pytest.raises(NotFound):
        journal.moments.find(str(uuid.uuid4()))


def test_an_empty_prefix_never_picks_the_only_moment(journal: Journal) -> None:
    journal.moments.record(FULL)
    with pytest.raises(NotFound):
        journal.moments.find("")
    with pytest.raises(NotFound):
        journal.moments.find("   ")


# -- query -----------------------------------------------------------------------------------
@pytest.fixture
def week(journal: Journal) -> dict[str, Moment]:
    """A handful of moments around midnight in different offsets."""
    rec = journal.moments.record
    return {
        # 23:30 on 1 March in New York is already 2 March in UTC.
        "ny_late": rec(
            _draft(
                _at(2024, 3, 1, 23, 30, NEW_YORK),
                person="Sam",
                fears=("past hurt",),
                note="Quiet dinner",
            )
        ),
        # 08:00 on 2 March in Tokyo is still 1 March in UTC.
        "tokyo_early": rec(
            _draft(
                _at(2024, 3, 2, 8, 0, TOKYO),
                Direction.OPENED,
                person="Kim",
                wish="Say thank you to Émile",
            )
        ),
        "utc_noon": rec(
            _draft(_at(2024, 3, 3, 12), person="sam", fears=("being trapped",), note="walk")
        ),
        "no_person": rec(_draft(_at(2024, 2, 28, 9), Direction.OPENED, note="ÉMILE called")),
    }


def _ids(moments: list[Moment]) -> list[uuid.UUID]:
    return [m.id for m in moments]


def test_since_and_until_are_local_dates(journal: Journal, week: dict[str, Moment]) -> None:
    q = journal.moments.query
    day1 = q(MomentFilter(since=date(2024, 3, 1), until=date(2024, 3, 1)))
    assert _ids(day1) == [week["ny_late"].id]
    day2 = q(MomentFilter(since=date(2024, 3, 2), until=date(2024, 3, 2)))
    assert _ids(day2) == [week["tokyo_early"].id]
    assert len(q(MomentFilter(since=date(2024, 3, 1)))) == 3
    assert len(q(MomentFilter(until=date(2024, 3, 1)))) == 2


def test_direction_person_fear_filters(journal: Journal, week: dict[str, Moment]) -> None:
    q = journal.moments.query
    assert set(_ids(q(MomentFilter(direction=Direction.OPENED)))) == {
        week["tokyo_early"].id,
        week["no_person"].id,
    }
    sams = {week["ny_late"].id, week["utc_noon"].id}
    assert set(_ids(q(MomentFilter(person="SAM")))) == sams
    assert set(_ids(q(MomentFilter(person=" sam ")))) == sams
    assert q(MomentFilter(person="Nobody")) == []
    assert _ids(q(MomentFilter(fear="Past Hurt"))) == [week["ny_late"].id]
    combined = MomentFilter(person="sam", fear="being trapped", since=date(2024, 3, 3))
    assert _ids(q(combined)) == [week["utc_noon"].id]
    assert q(MomentFilter(person="sam", direction=Direction.OPENED)) == []


def test_text_search_looks_in_note_and_wish_ignoring_case(
    journal: Journal, week: dict[str, Moment]
) -> None:
    q = journal.moments.query
    assert _ids(q(MomentFilter(text="quiet DINNER"))) == [week["ny_late"].id]
    # Non-ASCII letters fold too: "émile" finds "Émile" and "ÉMILE", in the note or the wish.
    assert set(_ids(q(MomentFilter(text="émile")))) == {
        week["tokyo_early"].id,
        week["no_person"].id,
    }
    assert q(MomentFilter(text="nothing like this")) == []
    assert journal.moments.count(MomentFilter(text="  walk ")) == 1


def test_newest_first_orders_by_instant(journal: Journal, week: dict[str, Moment]) -> None:
    # Instants (UTC): no_person 28 Feb 09:00, tokyo_early 1 Mar 23:00,
    # ny_late 2 Mar 04:30, utc_noon 3 Mar 12:00.
    oldest_first = ["no_person", "tokyo_early", "ny_late", "utc_noon"]
    expected = [week[k].id for k in oldest_first]
    assert _ids(journal.moments.query(newest_first=False)) == expected
    assert _ids(journal.moments.query()) == expected[::-1]
    assert _ids(journal.moments.query(limit=2, offset=1)) == expected[::-1][1:3]
    assert _ids(list(journal.moments.stream())) == expected


def test_count_matches_query(journal: Journal, week: dict[str, Moment]) -> None:
    filters = [
        MomentFilter(),
        MomentFilter(direction=Direction.WITHDREW),
        MomentFilter(person="sam"),
        MomentFilter(since=date(2024, 3, 2)),
        MomentFilter(text="e"),
    ]
    for f in filters:
        assert journal.moments.count(f) == len(journal.moments.query(f)), f
    assert journal.moments.count() == len(week)


def test_on_day_and_date_span(journal: Journal, week: dict[str, Moment]) -> None:
    assert _ids(journal.moments.on_day(date(2024, 3, 1))) == [week["ny_late"].id]
    assert journal.moments.on_day(date(2024, 3, 4)) == []
    assert journal.moments.date_span() == (date(2024, 2, 28), date(2024, 3, 3))


def test_on_day_defaults_to_today(journal: Journal) -> None:
    assert journal.moments.date_span() is None
    now = now_local()
    today = journal.moments.record(_draft(now))
    journal.moments.record(_draft(now - timedelta(days=2)))
    assert _ids(journal.moments.on_day()) == [today.id]


def test_recent_window_ends_today() -> None:
    from wallwatch.services.moments import MomentService

    window = MomentService.recent_window(7)
    today = now_local().date()
    assert window.until == today
    assert window.since == today - timedelta(days=6)


def test_moments_survive_closing_and_reopening(journal: Journal) -> None:
    moment = journal.moments.record(FULL)
    path = journal.path
    journal.close()
    with open_journal(path) as again:
        assert again.moments.get(moment.id) == moment
