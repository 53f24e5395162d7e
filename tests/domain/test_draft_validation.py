"""validate_draft / validate_name: each rule on its own, so a broken rule shows by name."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from wallwatch.domain.model import (
    NAME_MAX,
    Direction,
    FieldError,
    Moment,
    MomentDraft,
    TagKind,
    WantedCloseness,
    validate_draft,
    validate_name,
)

WHEN = datetime(2024, 3, 5, 21, 15, tzinfo=timezone(timedelta(hours=1)))


def _draft(**changes: object) -> MomentDraft:
    base = MomentDraft(occurred_at=WHEN, direction=Direction.WITHDREW)
    return dataclasses.replace(base, **changes)


def _fields(errors: list[FieldError]) -> list[str]:
    return [e.field for e in errors]


def test_a_plain_draft_is_valid() -> None:
    assert validate_draft(_draft()) == []


def test_a_full_draft_is_valid() -> None:
    full = _draft(
        intensity=5,
        person="Sam",
        fears=("past hurt",),
        behaviours=("went silent",),
        body_signals=("tight chest",),
        wanted_closeness=WantedCloseness.YES,
        loneliness=0,
        resentment=10,
        connection=4,
        note="line one\nline two",
        wish="say it",
    )
    assert full.validate() == []


def test_naive_time_is_refused() -> None:
    errors = validate_draft(_draft(occurred_at=datetime(2024, 3, 5, 21, 15)))
    assert _fields(errors) == ["occurred_at"]
    assert "time zone" in errors[0].message


def test_a_date_without_time_is_refused() -> None:
    errors = validate_draft(_draft(occurred_at=date(2024, 3, 5)))
    assert _fields(errors) == ["occurred_at"]


def test_direction_must_be_the_enum() -> None:
    assert _fields(validate_draft(_draft(direction="sideways"))) == ["direction"]


@pytest.mark.parametrize("value", [1, 3, 5])
def test_intensity_in_range_is_accepted(value: int) -> None:
    assert validate_draft(_draft(intensity=value)) == []


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "3", True, None])
def test_intensity_out_of_range_or_not_whole_is_refused(value: object) -> None:
    assert _fields(validate_draft(_draft(intensity=value))) == ["intensity"]


@pytest.mark.parametrize("field", ["loneliness", "resentment", "connection"])
@pytest.mark.parametrize("value", [0, 10, None])
def test_ratings_at_the_edges_or_missing_are_accepted(field: str, value: int | None) -> None:
    assert validate_draft(_draft(**{field: value})) == []


@pytest.mark.parametrize("field", ["loneliness", "resentment", "connection"])
@pytest.mark.parametrize("value", [-1, 11, 3.5, "5", False])
def test_ratings_out_of_range_are_refused(field: str, value: object) -> None:
    assert _fields(validate_draft(_draft(**{field: value}))) == [field]


def test_person_name_is_checked() -> None:
    assert _fields(validate_draft(_draft(person="  "))) == ["person"]
    assert _fields(validate_draft(_draft(person="x" * (NAME_MAX + 1)))) == ["person"]
    assert validate_draft(_draft(person="x" * NAME_MAX)) == []


@pytest.mark.parametrize("field", ["fears", "behaviours", "body_signals"])
def test_every_tag_name_is_checked(field: str) -> None:
    errors = validate_draft(_draft(**{field: ("fine", "", "tab\there")}))
    assert _fields(errors) == [field, field]


def test_wanted_closeness_only_for_withdrawals() -> None:
    opened = _draft(direction=Direction.OPENED, wanted_closeness=WantedCloseness.UNSURE)
    assert _fields(validate_draft(opened)) == ["wanted_closeness"]
    for answer in WantedCloseness:
        assert validate_draft(_draft(wanted_closeness=answer)) == []


@pytest.mark.parametrize("field", ["note", "wish"])
def test_nul_characters_are_refused_in_text(field: str) -> None:
    assert _fields(validate_draft(_draft(**{field: "a\x00b"}))) == [field]


def test_several_problems_are_all_reported() -> None:
    errors = validate_draft(_draft(intensity=9, loneliness=12, person="", note="\x00"))
    assert sorted(_fields(errors)) == ["intensity", "loneliness", "note", "person"]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("a" * (NAME_MAX + 1), "longer than"),
        ("two\nlines", "single line"),
        ("cr\rhere", "single line"),
        ("nul\x00", "single line"),
    ],
)
def test_validate_name_rules(value: str, problem: str) -> None:
    errors = validate_name(value, "name")
    assert len(errors) == 1
    assert errors[0].field == "name"
    assert problem in errors[0].message


def test_validate_name_strips_before_measuring() -> None:
    assert validate_name("  " + "a" * NAME_MAX + "  ", "name") == []


def test_field_error_reads_as_field_and_message() -> None:
    assert str(FieldError("intensity", "must be 1–5")) == "intensity: must be 1–5"


def test_moment_draft_round_trip_and_tags_by_kind() -> None:
    moment = Moment(
        id=uuid.uuid4(),
        occurred_at=WHEN,
        recorded_at=datetime(2024, 3, 5, 20, 20, tzinfo=UTC),
        edited_at=datetime(2024, 3, 6, 8, 0, tzinfo=UTC),
        direction=Direction.WITHDREW,
        intensity=4,
        person="Sam",
        fears=("past hurt",),
        behaviours=("went silent",),
        body_signals=("numbness",),
        loneliness=7,
        note="n",
        wish="w",
    )
    draft = moment.draft()
    assert draft == MomentDraft(
        occurred_at=WHEN,
        direction=Direction.WITHDREW,
        intensity=4,
        person="Sam",
        fears=("past hurt",),
        behaviours=("went silent",),
        body_signals=("numbness",),
        loneliness=7,
        note="n",
        wish="w",
    )
    assert moment.tags(TagKind.FEAR) == ("past hurt",)
    assert moment.tags(TagKind.BEHAVIOUR) == ("went silent",)
    assert moment.tags(TagKind.BODY) == ("numbness",)


def test_labels_are_words_for_people() -> None:
    assert Direction.WITHDREW.label == "Withdrew"
    assert Direction.OPENED.label == "Opened up"
    assert TagKind.BODY.label == "Body signal"
    assert WantedCloseness.UNSURE.label == "Unsure"
