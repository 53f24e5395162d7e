"""``people`` and ``tags``: every action, checked in the journal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wallwatch.domain.model import Direction, RelationshipKind, TagKind
from wallwatch.domain.vocabulary import SEED_FEARS, seed_tags
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run


def test_people_add_and_list_with_counts(run: Run, real_db: Path) -> None:
    r = run("people", "add", "Sam", "--kind", "partner", "--safe")
    assert r.code == 0, r.err
    assert "Sam" in r.out
    assert run("add", "--person", "Sam", "--when", "2024-03-01T10:00").code == 0
    assert run("add", "--person", "Sam", "--opened", "--when", "2024-03-02T10:00").code == 0
    assert run("add", "--person", "Sam", "--opened", "--when", "2024-03-03T10:00").code == 0
    with open_journal(real_db) as j:
        [sam] = j.people.all()
    assert (sam.kind, sam.safe) == (RelationshipKind.PARTNER, True)
    listing = run("people")
    assert listing.code == 0
    row = next(line for line in listing.out.splitlines() if line.startswith("Sam"))
    assert row.split() == ["Sam", "Partner", "yes", "1", "2"]
    assert run("people", "list").out == listing.out


def test_people_add_twice_is_one_line_exit_1(run: Run) -> None:
    assert run("people", "add", "Maya").code == 0
    r = run("people", "add", "maya")
    r.assert_one_line_error(1)
    assert "already" in r.err


def test_people_add_empty_name_is_a_validation_error(run: Run) -> None:
    r = run("people", "add", "  ")
    r.assert_one_line_error(1)
    assert "name" in r.err


def test_people_rename_moves_history(run: Run, real_db: Path) -> None:
    assert run("add", "--person", "Jo").code == 0
    r = run("people", "rename", "jo", "Jonas")
    assert r.code == 0, r.err
    with open_journal(real_db) as j:
        assert [p.name for p in j.people.all()] == ["Jonas"]
        assert j.moments.query()[0].person == "Jonas"


def test_people_hide_unhide_and_all(run: Run, real_db: Path) -> None:
    assert run("people", "add", "Priya", "--kind", "colleague").code == 0
    assert run("people", "hide", "Priya").code == 0
    assert "Priya" not in run("people").out
    shown_all = run("people", "--all").out
    assert "Priya" in shown_all and "hidden" in shown_all
    assert run("people", "list", "--all").out == shown_all
    assert run("people", "unhide", "priya").code == 0
    with open_journal(real_db) as j:
        assert [p.hidden for p in j.people.all(include_hidden=True)] == [False]


def test_people_set_kind_and_safety(run: Run, real_db: Path) -> None:
    assert run("people", "add", "Mum", "--safe").code == 0
    assert run("people", "set", "Mum", "--kind", "family", "--not-safe").code == 0
    with open_journal(real_db) as j:
        [mum] = j.people.all()
    assert (mum.kind, mum.safe) == (RelationshipKind.FAMILY, False)
    run("people", "set", "Mum").assert_one_line_error(2)


def test_people_unknown_name_is_one_line_exit_1(run: Run) -> None:
    r = run("people", "hide", "Nobody")
    r.assert_one_line_error(1)
    assert "Nobody" in r.err


def test_people_bad_kind_is_usage_error(run: Run) -> None:
    run("people", "add", "X", "--kind", "enemy").assert_one_line_error(2)


def test_tags_list_shows_the_seeded_vocabulary(run: Run) -> None:
    r = run("tags")
    assert r.code == 0
    for tag in seed_tags():
        assert tag.name in r.out
    fears_only = run("tags", "--kind", "fear").out
    assert all(f in fears_only for f in SEED_FEARS)
    assert "went silent" not in fears_only
    assert run("tags", "list", "--kind", "fears").out == fears_only


def test_tags_list_counts_uses(run: Run) -> None:
    assert run("add", "--fear", "past hurt").code == 0
    assert run("add", "--opened", "--fear", "past hurt").code == 0
    out = run("tags", "--kind", "fear").out
    row = next(line for line in out.splitlines() if "past hurt" in line)
    assert row.split()[-2:] == ["1", "1"]


def test_tags_add_rename_hide_unhide(run: Run, real_db: Path) -> None:
    r = run("tags", "add", "behaviour", "made a joke", "--direction", "withdrew")
    assert r.code == 0, r.err
    assert run("add", "--behaviour", "made a joke").code == 0
    assert run("tags", "rename", "behaviour", "made a joke", "joked it away").code == 0
    assert run("tags", "hide", "behaviour", "joked it away").code == 0
    assert "joked it away" not in run("tags", "--kind", "behaviour").out
    assert "joked it away" in run("tags", "--kind", "behaviour", "--all").out
    with open_journal(real_db) as j:
        [tag] = [t for t in j.tags.all(TagKind.BEHAVIOUR, include_hidden=True) if t.hidden]
        assert (tag.name, tag.direction) == ("joked it away", Direction.WITHDREW)
        assert j.moments.query()[0].behaviours == ("joked it away",)
    assert run("tags", "unhide", "behaviour", "joked it away").code == 0
    with open_journal(real_db) as j:
        assert not any(t.hidden for t in j.tags.all(include_hidden=True))


def test_tags_errors(run: Run) -> None:
    run("tags", "add", "mood", "sad").assert_one_line_error(2)
    run("tags", "add", "fear", "past hurt").assert_one_line_error(1)
    run("tags", "add", "fear", "x", "--direction", "opened").assert_one_line_error(2)
    run("tags", "rename", "fear", "nope", "still nope").assert_one_line_error(1)
    run("tags", "rename", "fear", "past hurt", "being trapped").assert_one_line_error(1)
