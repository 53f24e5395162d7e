"""The CSV format on its own: escaping, formula neutralising, header and row parsing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallwatch.domain.model import Direction, Moment, WantedCloseness
from wallwatch.services.csv_format import (
    COLUMNS,
    RowProblem,
    check_header,
    join_names,
    moment_to_row,
    neutralise,
    parse_row,
    split_names,
    unneutralise,
)

MID = uuid.UUID("3f2c0d4e-8d55-4a3e-9c51-0b7f6a2d9e10")


def sample_moment(**changes: object) -> Moment:
    values: dict[str, object] = {
        "id": MID,
        "occurred_at": datetime(2024, 5, 1, 21, 30, 0, 250000, tzinfo=timezone(timedelta(hours=2))),
        "recorded_at": datetime(2024, 5, 1, 19, 31, 2, 123456, tzinfo=UTC),
        "edited_at": datetime(2024, 5, 2, 8, 0, tzinfo=UTC),
        "direction": Direction.WITHDREW,
        "intensity": 4,
        "person": "Sam",
        "fears": ("fear of rejection", "a;b\\c"),
        "behaviours": ("went silent",),
        "body_signals": (),
        "wanted_closeness": WantedCloseness.YES,
        "loneliness": 7,
        "resentment": None,
        "connection": 0,
        "note": "line one\nline two",
        "wish": "",
    }
    values.update(changes)
    return Moment(**values)  # type: ignore[arg-type]


def good_cells(**changes: str) -> list[str]:
    """A valid data row as cells, in COLUMNS order, with some cells replaced."""
    row = dict(zip(COLUMNS, moment_to_row(sample_moment()), strict=True))
    row.update(changes)
    return [row[c] for c in COLUMNS]


def problems_for(line: int = 2, **changes: str) -> list[RowProblem]:
    parsed, problems = parse_row(line, list(COLUMNS), good_cells(**changes))
    assert parsed is None
    return problems


# -- formula neutralising -----------------------------------------------------------------------
@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_gets_a_quote(first: str) -> None:
    text = f"{first}HYPERLINK(1)"
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


def test_a_cell_already_starting_with_a_quote_gets_one_more() -> None:
    assert neutralise("'tis") == "''tis"
    assert unneutralise("''tis") == "'tis"


@pytest.mark.parametrize("text", ["", "plain", " =not first", "a-b", "é=", "1+1"])
def test_harmless_cells_are_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_import_strips_exactly_one_quote() -> None:
    assert unneutralise("'''x") == "''x"
    assert unneutralise("x'") == "x'"


@given(st.text())
def test_neutralise_round_trips_any_text(text: str) -> None:
    assert unneutralise(neutralise(text)) == text


def test_every_free_text_cell_is_neutralised_on_export() -> None:
    m = sample_moment(
        person="=Sam",
        fears=("+one", "two"),
        behaviours=("@x",),
        body_signals=("-y",),
        note="=cmd|' /C calc'!A0",
        wish="'quoted",
    )
    row = dict(zip(COLUMNS, moment_to_row(m), strict=True))
    assert row["person"] == "'=Sam"
    assert row["fears"] == "'+one;two"
    assert row["behaviours"] == "'@x"
    assert row["body_signals"] == "'-y"
    assert row["note"] == "'=cmd|' /C calc'!A0"
    assert row["wish"] == "''quoted"


# -- list cells ---------------------------------------------------------------------------------
def test_list_cells_escape_separators_and_backslashes() -> None:
    assert join_names(["fear of rejection", "a;b\\c"]) == "fear of rejection;a\\;b\\\\c"
    assert split_names("fear of rejection;a\\;b\\\\c") == ("fear of rejection", "a;b\\c")


def test_an_empty_list_cell_is_an_empty_list() -> None:
    assert join_names([]) == ""
    assert split_names("") == ()


@pytest.mark.parametrize("cell", ["a\\b", "trailing\\", "\\x;y"])
def test_a_stray_backslash_is_an_error(cell: str) -> None:
    with pytest.raises(ValueError, match="not followed by"):
        split_names(cell)


@given(st.lists(st.text(min_size=1), min_size=1))
def test_lists_round_trip(names: list[str]) -> None:
    assert split_names(join_names(names)) == tuple(names)


# -- writing ------------------------------------------------------------------------------------
def test_a_row_has_every_column_in_order_with_offsets_kept() -> None:
    m = sample_moment(
        recorded_at=datetime(2024, 5, 1, 21, 31, tzinfo=timezone(timedelta(hours=2))),
    )
    row = dict(zip(COLUMNS, moment_to_row(m), strict=True))
    assert row == {
        "id": str(MID),
        "occurred_at": "2024-05-01T21:30:00.250000+02:00",
        "direction": "withdrew",
        "intensity": "4",
        "person": "Sam",
        "fears": "fear of rejection;a\\;b\\\\c",
        "behaviours": "went silent",
        "body_signals": "",
        "wanted_closeness": "yes",
        "loneliness": "7",
        "resentment": "",
        "connection": "0",
        "note": "line one\nline two",
        "wish": "",
        "recorded_at": "2024-05-01T19:31:00+00:00",
        "edited_at": "2024-05-02T08:00:00+00:00",
    }


# -- header -------------------------------------------------------------------------------------
def test_the_exported_header_is_accepted_in_any_order_and_case() -> None:
    assert check_header(list(COLUMNS)) == []
    assert check_header([" Direction ", "ID", "occurred_at"]) == []


def test_header_problems_name_the_column() -> None:
    problems = check_header(["id", "direction", "mood", "direction", "", "bad\x00"])
    assert [str(p) for p in problems] == [
        "line 1, mood: is not a WallWatch column",
        "line 1, direction: appears more than once in the header",
        "line 1, (empty): is not a WallWatch column",
        "line 1, bad\\x00: is not a WallWatch column",
        "line 1, occurred_at: is a required column but is missing from the header",
    ]


# -- row parsing --------------------------------------------------------------------------------
def test_a_good_row_parses_back_to_the_moment() -> None:
    m = sample_moment()
    parsed, problems = parse_row(5, list(COLUMNS), moment_to_row(m))
    assert problems == []
    assert parsed is not None
    assert (parsed.line, parsed.moment_id) == (5, m.id)
    assert parsed.draft == m.draft()
    assert parsed.recorded_at == m.recorded_at
    assert parsed.edited_at == m.edited_at


def test_missing_optional_columns_take_their_defaults() -> None:
    parsed, problems = parse_row(
        2, ["id", "occurred_at", "direction"], [str(MID), "2024-01-01T10:00:00Z", "Opened"]
    )
    assert problems == []
    assert parsed is not None
    assert parsed.draft.direction is Direction.OPENED
    assert parsed.draft.intensity == 3
    assert parsed.draft.person is None
    assert parsed.draft.fears == ()
    assert parsed.recorded_at is None
    assert parsed.edited_at is None


REJECTIONS = [
    ({"id": "not-a-uuid"}, "id", "is not a valid moment id (a UUID)"),
    ({"id": ""}, "id", "must not be empty"),
    ({"occurred_at": ""}, "occurred_at", "must not be empty"),
    ({"occurred_at": "yesterday"}, "occurred_at", "is not an ISO-8601 date and time"),
    ({"occurred_at": "2024-02-30T10:00:00+01:00"}, "occurred_at", "is not an ISO-8601"),
    ({"occurred_at": "2024-05-01T10:00:00"}, "occurred_at", "has no UTC offset"),
    ({"occurred_at": "2024-05-01"}, "occurred_at", "has no UTC offset"),
    ({"occurred_at": "2024-05-01T10:00:00+01:00:30"}, "occurred_at", "not a whole number of min"),
    ({"occurred_at": "0999-05-01T10:00:00+00:00"}, "occurred_at", "outside the years 1000–9999"),
    ({"occurred_at": "9999-12-31T23:00:00-05:00"}, "occurred_at", "outside the years 1000–9999"),
    ({"recorded_at": "2024-05-01 10:00"}, "recorded_at", "has no UTC offset"),
    ({"edited_at": "soon"}, "edited_at", "is not an ISO-8601"),
    ({"direction": "sideways"}, "direction", "must be 'withdrew' or 'opened'"),
    ({"direction": ""}, "direction", "must not be empty"),
    ({"intensity": "6"}, "intensity", "must be a whole number 1–5"),
    ({"intensity": ""}, "intensity", "must be a whole number 1–5"),
    ({"intensity": "3.0"}, "intensity", "must be a whole number 1–5"),
    ({"loneliness": "11"}, "loneliness", "must be a whole number 0–10"),
    ({"loneliness": "-1"}, "loneliness", "must be a whole number 0–10"),
    ({"resentment": "7.5"}, "resentment", "must be a whole number 0–10"),
    ({"connection": "seven"}, "connection", "must be a whole number 0–10"),
    ({"connection": "٧"}, "connection", "must be a whole number 0–10"),
    ({"wanted_closeness": "maybe"}, "wanted_closeness", "must be 'yes' or 'no' or 'unsure'"),
    (
        {"direction": "opened", "wanted_closeness": "yes"},
        "wanted_closeness",
        "is only asked for withdrawals",
    ),
    ({"person": "x" * 81}, "person", "is longer than 80 characters"),
    ({"person": "two\nlines"}, "person", "must be a single line"),
    ({"fears": "a;;b"}, "fears", "must not be empty"),
    ({"behaviours": "ok\\n"}, "behaviours", "not followed by ; or"),
    ({"body_signals": "tab\there"}, "body_signals", "must be a single line"),
    ({"note": "nul\x00byte"}, "note", "contains a NUL byte"),
    ({"wish": "bad \udcff byte"}, "wish", "is not valid UTF-8 text"),
    ({"id": "\x00"}, "id", "contains a NUL byte"),
]


@pytest.mark.parametrize(("changes", "column", "reason"), REJECTIONS)
def test_each_bad_cell_is_reported_with_line_column_and_reason(
    changes: dict[str, str], column: str, reason: str
) -> None:
    problems = problems_for(line=9, **changes)
    assert [(p.line, p.column) for p in problems] == [(9, column)]
    assert reason in problems[0].reason


def test_several_problems_in_one_row_are_all_reported_in_column_order() -> None:
    problems = problems_for(loneliness="12", direction="up", id="x")
    assert [p.column for p in problems] == ["id", "direction", "loneliness"]


def test_a_row_with_the_wrong_number_of_cells_is_reported() -> None:
    parsed, problems = parse_row(4, list(COLUMNS), good_cells()[:-1])
    assert parsed is None
    assert [str(p) for p in problems] == ["line 4: has 15 cells but the header has 16"]


def test_row_problem_reads_as_a_sentence() -> None:
    assert str(RowProblem(7, "loneliness", "must be a whole number 0–10")) == (
        "line 7, loneliness: must be a whole number 0–10"
    )
    assert str(RowProblem(3, None, "is not valid CSV")) == "line 3: is not valid CSV"
