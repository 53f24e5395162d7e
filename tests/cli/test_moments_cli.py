"""``add``, ``list``, ``edit`` and ``delete`` through ``main(argv)``, checked in the journal."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, Moment, WantedCloseness
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run


def _only_moment(db: Path) -> Moment:
    with open_journal(db) as j:
        moments = j.moments.query()
    assert len(moments) == 1
    return moments[0]


def test_add_with_every_field_stores_them_and_prints_the_id(run: Run, real_db: Path) -> None:
    r = run(
        "add", "--withdrew", "--intensity", "4", "--person", "Sam",
        "--fear", "past hurt", "--fear", "being trapped",
        "--behaviour", "went silent", "--body", "tight chest",
        "--wanted", "yes", "--loneliness", "7", "--resentment", "5", "--connection", "2",
        "--note", "Went quiet at dinner", "--wish", "Say I need a minute",
        "--when", "2024-05-01T21:30:00+02:00",
    )  # fmt: skip
    assert r.code == 0, r.err
    m = _only_moment(real_db)
    assert r.out.strip() == str(m.id)
    assert m.direction is Direction.WITHDREW
    assert m.intensity == 4
    assert m.person == "Sam"
    assert set(m.fears) == {"past hurt", "being trapped"}
    assert m.behaviours == ("went silent",)
    assert m.body_signals == ("tight chest",)
    assert m.wanted_closeness is WantedCloseness.YES
    assert (m.loneliness, m.resentment, m.connection) == (7, 5, 2)
    assert m.note == "Went quiet at dinner"
    assert m.wish == "Say I need a minute"
    assert m.occurred_at == datetime.fromisoformat("2024-05-01T21:30:00+02:00")
    assert m.occurred_at.utcoffset() == timedelta(hours=2)


def test_add_defaults_to_now_withdrew_intensity_3_and_no_ratings(run: Run, real_db: Path) -> None:
    before = now_local()
    r = run("add")
    assert r.code == 0, r.err
    m = _only_moment(real_db)
    assert m.direction is Direction.WITHDREW
    assert m.intensity == 3
    assert (m.loneliness, m.resentment, m.connection) == (None, None, None)
    assert before - timedelta(seconds=1) <= m.occurred_at <= now_local() + timedelta(seconds=1)
    assert m.occurred_at.utcoffset() == now_local().utcoffset()


def test_add_opened_and_a_naive_time_is_local(run: Run, real_db: Path) -> None:
    r = run("add", "--opened", "--when", "2024-01-10 08:15", "--connection", "9")
    assert r.code == 0, r.err
    m = _only_moment(real_db)
    assert m.direction is Direction.OPENED
    expected = datetime(2024, 1, 10, 8, 15).astimezone()
    assert m.occurred_at == expected
    assert m.occurred_at.utcoffset() == expected.utcoffset()


def test_add_mentions_a_new_person_on_stderr_but_not_a_known_one(run: Run) -> None:
    first = run("add", "--person", "Maya")
    second = run("add", "--person", "maya")
    assert "'Maya' is a new person" in first.err
    assert second.err == ""


def test_add_out_of_range_rating_is_one_usage_line(run: Run, real_db: Path) -> None:
    r = run("add", "--loneliness", "11")
    r.assert_one_line_error(2)
    assert "--loneliness" in r.err and "0–10" in r.err
    with open_journal(real_db) as j:
        assert j.moments.count() == 0


def test_add_bad_date_is_one_usage_line(run: Run) -> None:
    r = run("add", "--when", "next tuesday-ish")
    r.assert_one_line_error(2)
    assert "--when" in r.err and "next tuesday-ish" in r.err


def test_add_future_time_is_refused(run: Run) -> None:
    later = (now_local() + timedelta(days=2)).isoformat()
    run("add", "--when", later).assert_one_line_error(2)


def test_wanted_on_an_opening_fails_validation_with_exit_1(run: Run, real_db: Path) -> None:
    r = run("add", "--opened", "--wanted", "yes")
    r.assert_one_line_error(1)
    assert "wanted_closeness" in r.err
    with open_journal(real_db) as j:
        assert j.moments.count() == 0


def test_directions_are_mutually_exclusive(run: Run) -> None:
    run("add", "--withdrew", "--opened").assert_one_line_error(2)


def _add(run: Run, *extra: str) -> str:
    r = run("add", *extra)
    assert r.code == 0, r.err
    return r.out.strip()


def test_list_shows_moments_newest_first(run: Run) -> None:
    old = _add(run, "--when", "2024-03-01T10:00", "--person", "Sam", "--note", "older one")
    new = _add(run, "--when", "2024-03-02T10:00", "--opened", "--note", "newer one")
    r = run("list")
    assert r.code == 0
    assert r.out.index(new[:8]) < r.out.index(old[:8])
    assert "note: older one" in r.out and "Opened up" in r.out


def test_list_json_has_every_field(run: Run) -> None:
    mid = _add(
        run, "--when", "2024-03-01T10:00:00+01:00", "--person", "Sam", "--fear", "past hurt",
        "--wanted", "unsure", "--resentment", "3", "--note", "n", "--wish", "w",
    )  # fmt: skip
    r = run("list", "--json")
    assert r.code == 0
    data = json.loads(r.out)
    assert len(data) == 1
    item = data[0]
    assert item["id"] == mid
    assert item["occurred_at"] == "2024-03-01T10:00:00+01:00"
    assert item["direction"] == "withdrew"
    assert item["person"] == "Sam"
    assert item["fears"] == ["past hurt"]
    assert item["wanted_closeness"] == "unsure"
    assert (item["loneliness"], item["resentment"], item["connection"]) == (None, 3, None)
    assert (item["note"], item["wish"]) == ("n", "w")
    assert {"recorded_at", "edited_at", "behaviours", "body_signals", "intensity"} <= set(item)


def test_list_filters(run: Run) -> None:
    a = _add(run, "--when", "2024-03-01T10:00", "--person", "Sam", "--fear", "past hurt")
    b = _add(run, "--when", "2024-03-05T10:00", "--person", "Maya", "--opened", "--note", "Hug")
    c = _add(run, "--when", "2024-03-09T10:00", "--person", "Sam", "--wish", "hug back")

    def ids(*argv: str) -> set[str]:
        r = run("list", "--json", *argv)
        assert r.code == 0, r.err
        return {m["id"] for m in json.loads(r.out)}

    assert ids("--person", "sam") == {a, c}
    assert ids("--fear", "PAST HURT") == {a}
    assert ids("--direction", "opened") == {b}
    assert ids("--since", "2024-03-02", "--until", "2024-03-05") == {b}
    assert ids("--text", "hug") == {b, c}
    assert len(ids("--limit", "2")) == 2


def test_list_text_limit_says_how_many_there_are(run: Run) -> None:
    for day in (1, 2, 3):
        _add(run, "--when", f"2024-03-0{day}T10:00")
    r = run("list", "--limit", "2")
    assert r.code == 0
    assert r.out.count("intensity 3/5") == 2
    assert "showing 2 of 3" in r.err


def test_list_unknown_person_or_fear_is_one_line_exit_1(run: Run) -> None:
    _add(run, "--person", "Sam")
    r = run("list", "--person", "Zed")
    r.assert_one_line_error(1)
    assert "Zed" in r.err
    run("list", "--fear", "spiders").assert_one_line_error(1)


def test_list_bad_dates_are_usage_errors(run: Run) -> None:
    run("list", "--since", "31/12/2024").assert_one_line_error(2)
    run("list", "--since", "2024-03-05", "--until", "2024-03-01").assert_one_line_error(2)


def test_list_empty_journal_says_so(run: Run) -> None:
    r = run("list")
    assert r.code == 0
    assert "No moments" in r.out


def test_edit_changes_only_the_given_fields(run: Run, real_db: Path) -> None:
    mid = _add(run, "--person", "Sam", "--fear", "past hurt", "--wanted", "yes",
               "--loneliness", "8", "--note", "first")  # fmt: skip
    r = run("edit", mid[:6], "--opened", "--connection", "7", "--note", "second")
    assert r.code == 0, r.err
    assert mid in r.out
    m = _only_moment(real_db)
    assert m.direction is Direction.OPENED
    assert m.wanted_closeness is None  # only asked for withdrawals, so switching clears it
    assert (m.loneliness, m.connection) == (8, 7)
    assert m.note == "second"
    assert m.person == "Sam" and m.fears == ("past hurt",)


def test_edit_clear_empties_fields(run: Run, real_db: Path) -> None:
    mid = _add(run, "--person", "Sam", "--fear", "past hurt", "--loneliness", "8", "--wish", "w")
    r = run("edit", mid, "--clear", "fears", "--clear", "ratings", "--clear", "wish")
    assert r.code == 0, r.err
    m = _only_moment(real_db)
    assert m.fears == () and m.loneliness is None and m.wish == ""
    assert m.person == "Sam"


def test_edit_unknown_id_is_one_line_exit_1(run: Run) -> None:
    _add(run)
    r = run("edit", "zzzz", "--note", "x")
    r.assert_one_line_error(1)
    assert "zzzz" in r.err


def test_delete_removes_the_named_moments(run: Run, real_db: Path) -> None:
    keep = _add(run, "--when", "2024-03-01T10:00")
    gone1 = _add(run, "--when", "2024-03-02T10:00")
    gone2 = _add(run, "--when", "2024-03-03T10:00")
    r = run("delete", gone1, gone2[:8])
    assert r.code == 0, r.err
    assert r.out.count("Deleted") == 2
    with open_journal(real_db) as j:
        assert [m.id for m in j.moments.query()] == [uuid.UUID(keep)]


def test_delete_with_an_unknown_id_deletes_nothing(run: Run, real_db: Path) -> None:
    mid = _add(run)
    run("delete", mid, "ffffffff-nope").assert_one_line_error(1)
    with open_journal(real_db) as j:
        assert j.moments.count() == 1
