"""People and tags: add, rename (history follows), hide (history stays), order for pickers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from wallwatch.domain.model import Direction, MomentDraft, RelationshipKind, TagKind
from wallwatch.domain.query import MomentFilter
from wallwatch.domain.vocabulary import SEED_BODY, SEED_FEARS, SEED_OPENING, SEED_WITHDRAWING
from wallwatch.services import Journal, NameTaken, NotFound, ValidationFailed

START = datetime(2024, 4, 1, 12, tzinfo=UTC)


def _record(
    journal: Journal,
    days: int = 0,
    direction: Direction = Direction.WITHDREW,
    **kw: object,
) -> None:
    draft = MomentDraft(START + timedelta(days=days), direction, **kw)
    journal.moments.record(draft)


# -- people ----------------------------------------------------------------------------------
def test_add_person_with_kind_and_safety(journal: Journal) -> None:
    person = journal.people.add("  Robin ", RelationshipKind.PARTNER, safe=True)
    assert person.name == "Robin"
    assert person.kind is RelationshipKind.PARTNER
    assert person.safe
    assert person.id is not None
    assert journal.people.all() == [person]


def test_person_names_are_unique_ignoring_case(journal: Journal) -> None:
    journal.people.add("Robin")
    with pytest.raises(NameTaken):
        journal.people.add("ROBIN")
    with pytest.raises(ValidationFailed) as info:
        journal.people.add("  ")
    assert info.value.for_field("name")
    assert len(journal.people.all(include_hidden=True)) == 1


def test_renaming_a_person_renames_them_in_history(journal: Journal) -> None:
    _record(journal, person="Robin")
    _record(journal, 1, person="Alex")
    renamed = journal.people.update("robin", new_name="Robin B.")
    assert renamed.name == "Robin B."
    assert [m.person for m in journal.moments.query(newest_first=False)] == ["Robin B.", "Alex"]
    assert journal.moments.count(MomentFilter(person="robin b.")) == 1
    assert journal.moments.count(MomentFilter(person="Robin")) == 0
    with pytest.raises(NameTaken):
        journal.people.update("Robin B.", new_name="alex")
    with pytest.raises(ValidationFailed):
        journal.people.update("Alex", new_name="")


def test_a_person_can_be_renamed_to_a_new_case(journal: Journal) -> None:
    journal.people.add("robin")
    assert journal.people.update("Robin", new_name="Robin").name == "Robin"


def test_update_kind_and_safety(journal: Journal) -> None:
    journal.people.add("Robin")
    updated = journal.people.update("Robin", kind=RelationshipKind.FAMILY, safe=True)
    assert updated.kind is RelationshipKind.FAMILY
    assert updated.safe
    assert journal.people.all() == [updated]


def test_updating_an_unknown_person_is_not_found(journal: Journal) -> None:
    with pytest.raises(NotFound):
        journal.people.update("Nobody", hidden=True)


def test_hidden_people_leave_pickers_but_stay_on_moments(journal: Journal) -> None:
    _record(journal, person="Robin")
    journal.people.add("Alex")
    journal.people.update("Robin", hidden=True)
    assert [p.name for p in journal.people.all()] == ["Alex"]
    assert [p.name for p in journal.people.all(include_hidden=True)] == ["Alex", "Robin"]
    assert [p.name for p in journal.people.by_use()] == ["Alex"]
    assert journal.moments.query()[0].person == "Robin"
    journal.people.update("Robin", hidden=False)
    assert [p.name for p in journal.people.by_use()] == ["Robin", "Alex"]


def test_people_by_use_most_involved_first_then_by_name(journal: Journal) -> None:
    for name in ("zoe", "Ann", "Bea"):
        journal.people.add(name)
    _record(journal, person="Bea")
    for day in range(3):
        _record(journal, day, person="zoe")
    assert [p.name for p in journal.people.by_use()] == ["zoe", "Bea", "Ann"]
    assert [p.name for p in journal.people.all()] == ["Ann", "Bea", "zoe"]


# -- tags ------------------------------------------------------------------------------------
def test_a_new_journal_has_the_seed_tags(journal: Journal) -> None:
    assert [t.name for t in journal.tags.all(TagKind.FEAR)] == list(SEED_FEARS)
    assert [t.name for t in journal.tags.all(TagKind.BODY)] == list(SEED_BODY)
    behaviours = {t.name: t.direction for t in journal.tags.all(TagKind.BEHAVIOUR)}
    assert behaviours == {
        **dict.fromkeys(SEED_WITHDRAWING, Direction.WITHDREW),
        **dict.fromkeys(SEED_OPENING, Direction.OPENED),
    }
    assert len(journal.tags.all()) == len(SEED_FEARS) + len(behaviours) + len(SEED_BODY)


def test_add_tag_and_names_are_unique_per_kind(journal: Journal) -> None:
    tag = journal.tags.add(TagKind.FEAR, " being laughed at ")
    assert tag.name == "being laughed at"
    assert tag.kind is TagKind.FEAR
    with pytest.raises(NameTaken):
        journal.tags.add(TagKind.FEAR, "Being Laughed At")
    # The same words may name a tag of another kind.
    assert journal.tags.add(TagKind.BODY, "being laughed at").kind is TagKind.BODY
    with pytest.raises(ValidationFailed):
        journal.tags.add(TagKind.FEAR, "two\nlines")


def test_renaming_a_tag_renames_it_in_history(journal: Journal) -> None:
    _record(journal, fears=("past hurt",))
    _record(journal, 1, fears=("past hurt", "being trapped"))
    journal.tags.rename(TagKind.FEAR, "Past hurt", "old wounds")
    fears = [m.fears for m in journal.moments.query(newest_first=False)]
    assert fears == [("old wounds",), ("being trapped", "old wounds")]
    assert journal.moments.count(MomentFilter(fear="old wounds")) == 2
    assert journal.moments.count(MomentFilter(fear="past hurt")) == 0
    assert "past hurt" not in [t.name for t in journal.tags.all(TagKind.FEAR)]
    with pytest.raises(NameTaken):
        journal.tags.rename(TagKind.FEAR, "old wounds", "Being Trapped")
    with pytest.raises(NotFound):
        journal.tags.rename(TagKind.FEAR, "no such fear", "anything")
    with pytest.raises(ValidationFailed):
        journal.tags.rename(TagKind.FEAR, "old wounds", " ")


def test_hidden_tags_stay_on_old_moments(journal: Journal) -> None:
    _record(journal, behaviours=("went silent",))
    hidden = journal.tags.set_hidden(TagKind.BEHAVIOUR, "went silent")
    assert hidden.hidden
    names = [t.name for t in journal.tags.all(TagKind.BEHAVIOUR)]
    assert "went silent" not in names
    everything = journal.tags.all(TagKind.BEHAVIOUR, include_hidden=True)
    assert "went silent" in [t.name for t in everything]
    assert "went silent" not in journal.tags.suggestions(TagKind.BEHAVIOUR, Direction.WITHDREW)
    assert journal.moments.query()[0].behaviours == ("went silent",)

    # Using the hidden name again reuses the same tag; it stays out of the pickers.
    _record(journal, 1, behaviours=("Went silent",))
    assert [m.behaviours for m in journal.moments.query()] == [("went silent",)] * 2
    assert len(journal.tags.all(TagKind.BEHAVIOUR, include_hidden=True)) == len(everything)
    assert "went silent" not in [t.name for t in journal.tags.all(TagKind.BEHAVIOUR)]

    journal.tags.set_hidden(TagKind.BEHAVIOUR, "went silent", hidden=False)
    assert "went silent" in [t.name for t in journal.tags.all(TagKind.BEHAVIOUR)]
    with pytest.raises(NotFound):
        journal.tags.set_hidden(TagKind.BEHAVIOUR, "no such thing")


def test_new_behaviours_lean_the_way_their_first_moment_went(journal: Journal) -> None:
    _record(journal, 0, Direction.OPENED, behaviours=("wrote a letter",))
    _record(journal, fears=("being watched",))
    tags = {t.name: t for t in journal.tags.all(include_hidden=True)}
    assert tags["wrote a letter"].kind is TagKind.BEHAVIOUR
    assert tags["wrote a letter"].direction is Direction.OPENED
    assert tags["being watched"].direction is None


def test_suggestions_most_used_first_then_most_recent(journal: Journal) -> None:
    _record(journal, 0, fears=("being trapped",))
    _record(journal, 1, fears=("being trapped",))
    _record(journal, 2, fears=("losing myself",))
    _record(journal, 5, fears=("past hurt",))  # used once, but more recently than "losing myself"
    suggested = journal.tags.suggestions(TagKind.FEAR)
    assert suggested[:3] == ["being trapped", "past hurt", "losing myself"]
    unused = [f for f in SEED_FEARS if f not in suggested[:3]]
    assert suggested[3:] == unused  # never used: in the order they were made


def test_suggestions_put_behaviours_for_the_other_direction_last(journal: Journal) -> None:
    for day in range(3):
        _record(journal, day, behaviours=("went silent",))
    _record(journal, 3, Direction.OPENED, behaviours=("asked for support",))
    journal.tags.add(TagKind.BEHAVIOUR, "took a breath")  # leans neither way

    for_opening = journal.tags.suggestions(TagKind.BEHAVIOUR, Direction.OPENED)
    assert for_opening[0] == "asked for support"
    leaning = {t.name: t.direction for t in journal.tags.all(TagKind.BEHAVIOUR)}
    positions = {name: i for i, name in enumerate(for_opening)}
    last_fitting = max(positions[n] for n, d in leaning.items() if d is not Direction.WITHDREW)
    first_other = min(positions[n] for n, d in leaning.items() if d is Direction.WITHDREW)
    assert last_fitting < first_other
    # Among the other direction's behaviours, the most used still comes first.
    assert for_opening[first_other] == "went silent"

    for_withdrawing = journal.tags.suggestions(TagKind.BEHAVIOUR, Direction.WITHDREW)
    assert for_withdrawing[0] == "went silent"
    assert set(for_withdrawing) == set(for_opening)
    # Without a direction, plain use decides.
    assert journal.tags.suggestions(TagKind.BEHAVIOUR)[:2] == ["went silent", "asked for support"]
