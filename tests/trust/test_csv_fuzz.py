"""CSV import under attack: every file is either imported exactly or rejected with reasons tied
to its lines, and a rejected (or dry-run) import leaves the database byte-for-byte the same.

``tests/services/test_transfer.py`` covers each kind of bad row once; here hypothesis throws
arbitrary bytes and mutated real exports at the importer, and a few hand-made nasty files
(other encodings, impossible dates, 10 MB notes) check what the fuzzing rarely reaches.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import sqlite3
import string
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wallwatch.domain.model import Direction, Moment, MomentDraft
from wallwatch.services import Journal, open_journal
from wallwatch.services.csv_format import COLUMNS, split_names, unneutralise
from wallwatch.services.transfer import ImportRejected, ImportReport, export_csv, import_csv

PLUS_5_45 = timezone(timedelta(hours=5, minutes=45))


# -- the property ------------------------------------------------------------------------------
def dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: what "the database is unchanged" compares."""
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


def moments_by_id(j: Journal) -> dict[uuid.UUID, tuple[Moment, object]]:
    return {m.id: (m, m.occurred_at.utcoffset()) for m in j.moments.query()}


@dataclass
class FileRow:
    line: int
    cells: dict[str, str]


def rows_of(data: bytes) -> list[FileRow]:
    """The file's data rows read with the standard csv module alone (no WallWatch code)."""
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = [c.strip().lower() for c in next(reader)]
    rows: list[FileRow] = []
    while True:
        line = reader.line_num + 1
        cells = next(reader, None)
        if cells is None:
            return rows
        if cells:
            # A row of the wrong length is a problem the importer must have reported.
            rows.append(FileRow(line, dict(zip(header, cells, strict=False))))


def assert_stored_as_in_file(row: FileRow, stored: Moment) -> None:
    cells = row.cells
    when = datetime.fromisoformat(cells["occurred_at"].strip())
    assert (stored.occurred_at, stored.occurred_at.utcoffset()) == (when, when.utcoffset())
    assert stored.direction.value == cells["direction"].strip().lower()
    if cells.get("intensity", "").strip():
        assert stored.intensity == int(cells["intensity"])
    for name in ("note", "wish"):
        if name in cells:
            assert getattr(stored, name) == unneutralise(cells[name]), name
    for name in ("loneliness", "resentment", "connection"):
        if name in cells:
            value = cells[name].strip()
            assert getattr(stored, name) == (int(value) if value else None), name
    # Names are matched like the journal matches them: trimmed, ASCII letters folded.
    if "person" in cells:
        person = unneutralise(cells["person"]).strip()
        assert _fold(stored.person or "") == _fold(person)
    for name in ("fears", "behaviours", "body_signals"):
        if name in cells:
            names = {_fold(n.strip()) for n in split_names(unneutralise(cells[name]))}
            assert {_fold(n) for n in getattr(stored, name)} == names, name


def _fold(name: str) -> str:
    return name.translate(str.maketrans(string.ascii_uppercase, string.ascii_lowercase))


def check_import(j: Journal, source: Path, *, skip_bad: bool, dry_run: bool) -> str:
    """Import ``source`` and check the promise; returns "added", "rejected" or "dry run"."""
    before_dump = dump(j.path)
    before = moments_by_id(j)
    try:
        report = import_csv(j, source, skip_bad=skip_bad, dry_run=dry_run)
    except ImportRejected as exc:
        problems = exc.report.problems
        assert problems, "rejected without a reason"
        assert all(p.line >= 1 and str(p).startswith(f"line {p.line}") for p in problems)
        assert str(problems[0]) in str(exc)
        assert dump(j.path) == before_dump, "a rejected import changed the database"
        return "rejected"
    if dry_run:
        assert dump(j.path) == before_dump, "a dry run changed the database"
        return "dry run"
    check_applied(j, source.read_bytes(), report, before)
    return "added"


def check_applied(
    j: Journal,
    data: bytes,
    report: ImportReport,
    before: dict[uuid.UUID, tuple[Moment, object]],
) -> None:
    after = moments_by_id(j)
    skipped = {p.line for p in report.skipped}
    assert report.problems == report.skipped
    applied = [r for r in rows_of(data) if r.line not in skipped]
    assert report.added + report.updated + report.unchanged == len(applied)
    assert len(after) == len(before) + report.added
    applied_ids = {uuid.UUID(r.cells["id"].strip()) for r in applied}
    for row in applied:
        assert_stored_as_in_file(row, after[uuid.UUID(row.cells["id"].strip())][0])
    for mid, old in before.items():
        if mid not in applied_ids:
            assert after[mid] == old, "a moment not in the file changed"


# -- a journal and a real export to start from ---------------------------------------------------
def _moment(day: int, **fields: object) -> Moment:
    recorded = datetime(2024, 2, day, 8, tzinfo=UTC)
    draft = MomentDraft(datetime(2024, 2, day, 21, 30, tzinfo=PLUS_5_45), Direction.WITHDREW)
    values: dict[str, Any] = {name: getattr(draft, name) for name in draft.__dataclass_fields__}
    values.update(fields)
    return Moment(id=uuid.uuid4(), recorded_at=recorded, edited_at=recorded, **values)


@dataclass(frozen=True)
class Base:
    journal: Path  # a template: each example works on its own copy
    export: bytes  # the journal's export plus two rows it does not have yet


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    folder = tmp_path_factory.mktemp("fuzz-base")
    moments = [
        _moment(27, person="Ana", fears=("=being left", "a;b"), note="'quoted\nnote", loneliness=4),
        _moment(28, direction=Direction.OPENED, person="Bo", note="+1", wish="@me", connection=9),
        _moment(29, note="leap day, 😀 שלום", resentment=0, wanted_closeness=None),
    ]
    newcomers = [_moment(26, note="new one"), _moment(25, note="\tnew two", intensity=5)]
    with open_journal(folder / "all.sqlite3") as j:
        j.moments.restore(moments + newcomers)
        export_csv(j, folder / "all.csv")
    with open_journal(folder / "template.sqlite3") as j:
        j.moments.restore(moments)
    return Base(folder / "template.sqlite3", (folder / "all.csv").read_bytes())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """In memory when the machine offers it: hundreds of journals, and durability (fsync) is
    the crash test's business, not this one's."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="wallwatch-fuzz-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("fuzz-work")


Fresh = Callable[[], contextlib.AbstractContextManager[Journal]]


@pytest.fixture(scope="module")
def fresh(base: Base, workdir: Path) -> Fresh:
    """``with fresh() as j``: a fresh copy of the template journal for one example."""

    @contextlib.contextmanager
    def make() -> Iterator[Journal]:
        folder = workdir / uuid.uuid4().hex
        folder.mkdir()
        shutil.copy(base.journal, folder / "j.sqlite3")
        try:
            with open_journal(folder / "j.sqlite3") as j:
                yield j
        finally:
            shutil.rmtree(folder)

    return make


def run_case(fresh: Fresh, data: bytes, skip_bad: bool, dry_run: bool) -> str:
    with fresh() as j:
        source = j.path.with_name("in.csv")
        source.write_bytes(data)
        return check_import(j, source, skip_bad=skip_bad, dry_run=dry_run)


# -- mutations of a real export ------------------------------------------------------------------
NASTY_CELLS = [
    "",
    " ",
    "\x00",
    "11",
    "-1",
    "10.0",
    "５",
    "+5",
    "2024-02-30T10:00:00+00:00",
    "2023-02-29T10:00:00+00:00",
    "2024-02-29T23:59:59+14:00",
    "2024-02-29T00:00:00-12:00",
    "2024-03-31T01:30:00+00:00",
    "2024-01-01T24:00:00Z",
    "0999-12-31T00:00:00Z",
    "2024-05-01T10:00:00+25:00",
    "2024-05-01T10:00:00",
    "opened",
    "WITHDREW",
    "maybe",
    "=HYPERLINK(1)",
    "'",
    "a\\b",
    '"',
    "\r\n",
    "ünïcödé 😀 \u202e\u200b",
    "x" * 5000,
    str(uuid.uuid4()),
]


@st.composite
def mutated_exports(draw: st.DrawFn, export: bytes) -> bytes:
    data = export
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "newer", "byte", "insert", "delete", "lines", "encoding"]
            )
        )
        if op in ("cell", "newer"):
            data = _mutate_cell(draw, data, newer=op == "newer")
        elif op == "byte" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
        elif op == "insert":
            i = draw(st.integers(0, len(data)))
            data = data[:i] + draw(st.binary(min_size=1, max_size=8)) + data[i:]
        elif op == "delete" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + data[i + draw(st.integers(1, 40)) :]
        elif op == "lines":  # rows dropped, repeated (the same id twice) or reordered
            lines = data.split(b"\r\n")
            order = draw(st.lists(st.integers(0, len(lines) - 1), max_size=len(lines) + 2))
            data = b"\r\n".join(lines[i] for i in [0, *order])
        elif op == "encoding":
            text = data.decode("utf-8", "surrogateescape")
            data = draw(
                st.sampled_from(
                    [
                        "\ufeff".encode() + data,
                        text.encode("utf-16", "surrogatepass"),
                        text.encode("latin-1", "replace"),
                        data.replace(b"\r\n", b"\n"),
                        data.replace(b"\r\n", b"\r"),
                    ]
                )
            )
    return data


def _mutate_cell(draw: st.DrawFn, data: bytes, *, newer: bool) -> bytes:
    """Change one cell of a structurally valid file, keeping it valid CSV."""
    try:
        text = data.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error):
        return data
    if len(rows) < 2 or any(len(r) != len(rows[0]) for r in rows):
        return data
    r = draw(st.integers(1, len(rows) - 1))
    if newer and "edited_at" in rows[0]:
        rows[r][rows[0].index("edited_at")] = "2030-01-01T00:00:00+00:00"
        c = draw(st.sampled_from([rows[0].index(n) for n in ("note", "wish") if n in rows[0]]))
        rows[r][c] = draw(st.text(max_size=30))
    else:
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows[r][c] = draw(st.sampled_from(NASTY_CELLS) | st.text(max_size=20))
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogateescape")


FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
OUTCOMES: dict[str, int] = {}


@pytest.mark.slow
@FUZZ
@given(data=st.data(), skip_bad=st.booleans(), dry_run=st.booleans())
def test_mutated_exports_are_imported_exactly_or_rejected_unchanged(
    base: Base,
    fresh: Fresh,
    data: st.DataObject,
    skip_bad: bool,
    dry_run: bool,
) -> None:
    content = data.draw(mutated_exports(base.export))
    outcome = run_case(fresh, content, skip_bad, dry_run)
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    head=st.sampled_from(
        [b"", ",".join(COLUMNS).encode() + b"\r\n", b"id,occurred_at,direction\n"]
    ),
    body=st.binary(max_size=600),
    skip_bad=st.booleans(),
)
def test_arbitrary_bytes_are_rejected_with_reasons_and_change_nothing(
    fresh: Fresh, head: bytes, body: bytes, skip_bad: bool
) -> None:
    outcome = run_case(fresh, head + body, skip_bad, dry_run=False)
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1


def test_the_unmutated_export_imports_exactly(
    base: Base, fresh: Fresh, trust_figure: Callable[[str, str], None]
) -> None:
    """The fuzzing's starting point is itself accepted: two new rows, three unchanged."""
    with fresh() as j:
        source = j.path.with_name("in.csv")
        source.write_bytes(base.export)
        assert check_import(j, source, skip_bad=False, dry_run=False) == "added"
        assert j.moments.count() == 5
    if OUTCOMES:
        trust_figure(
            "CSV fuzz",
            ", ".join(f"{n} {kind}" for kind, n in sorted(OUTCOMES.items()))
            + "; every accepted file stored exactly, every rejection left the database unchanged",
        )


# -- hand-made nasty files -----------------------------------------------------------------------
def csv_file(rows: list[dict[str, str]], header: tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header])
    return out.getvalue().encode("utf-8")


def row(**cells: str) -> dict[str, str]:
    base = {
        "id": str(uuid.uuid4()),
        "occurred_at": "2024-05-01T21:30:00+02:00",
        "direction": "withdrew",
        "intensity": "3",
    }
    base.update(cells)
    return base


@pytest.fixture
def journal_copy(fresh: Fresh) -> Iterator[Journal]:
    with fresh() as j:
        yield j


def test_a_utf16_file_is_rejected_as_a_whole_and_changes_nothing(journal_copy: Journal) -> None:
    data = csv_file([row(note="fine")]).decode().encode("utf-16")
    source = journal_copy.path.with_name("utf16.csv")
    source.write_bytes(data)
    assert check_import(journal_copy, source, skip_bad=True, dry_run=False) == "rejected"
    with pytest.raises(ImportRejected) as info:
        import_csv(journal_copy, source)
    assert info.value.report.unreadable


def test_a_latin1_note_is_named_by_line_and_column(journal_copy: Journal) -> None:
    data = csv_file([row(note="fine"), row(note="café au lait")]).decode().encode("latin-1")
    source = journal_copy.path.with_name("latin1.csv")
    source.write_bytes(data)
    with pytest.raises(ImportRejected) as info:
        import_csv(journal_copy, source)
    assert [str(p) for p in info.value.report.problems] == ["line 3, note: is not valid UTF-8 text"]
    assert check_import(journal_copy, source, skip_bad=False, dry_run=False) == "rejected"


@pytest.mark.parametrize(
    ("when", "accepted"),
    [
        ("2024-02-29T23:59:59+14:00", True),  # a leap day, in the earliest zone
        ("2024-02-29T00:00:00-12:00", True),
        ("2024-03-31T01:30:00+00:00", True),  # in London's spring gap, but a real instant
        ("2023-02-29T10:00:00+00:00", False),
        ("2024-02-30T10:00:00+00:00", False),
        ("2024-01-01T24:00:00Z", False),
        ("2024-05-01T10:00:00+24:00", False),
        ("0999-12-31T23:00:00Z", False),
        ("2024-05-01 10:00", False),  # no offset
    ],
)
def test_dates_are_taken_exactly_or_refused_with_the_line(
    journal_copy: Journal, when: str, accepted: bool
) -> None:
    source = journal_copy.path.with_name("dates.csv")
    source.write_bytes(csv_file([row(occurred_at=when)]))
    outcome = check_import(journal_copy, source, skip_bad=False, dry_run=False)
    assert outcome == ("added" if accepted else "rejected")


@pytest.mark.parametrize("rating", ["-1", "11", "10.0", "５", "1e1", "0x5", "∞"])
def test_ratings_out_of_range_are_refused(journal_copy: Journal, rating: str) -> None:
    source = journal_copy.path.with_name("ratings.csv")
    source.write_bytes(csv_file([row(connection="7"), row(loneliness=rating)]))
    with pytest.raises(ImportRejected) as info:
        import_csv(journal_copy, source)
    assert [(p.line, p.column) for p in info.value.report.problems] == [(3, "loneliness")]
    assert check_import(journal_copy, source, skip_bad=False, dry_run=False) == "rejected"


def test_missing_and_extra_cells_are_row_problems(journal_copy: Journal) -> None:
    header = ("id", "occurred_at", "direction", "note")
    good = row(note="kept")
    text = csv_file([good], header).decode()
    text += f"{uuid.uuid4()},2024-05-01T10:00Z,opened\r\n"  # a cell short
    text += f"{uuid.uuid4()},2024-05-01T10:00Z,opened,note,extra\r\n"  # a cell over
    source = journal_copy.path.with_name("cells.csv")
    source.write_bytes(text.encode())
    with pytest.raises(ImportRejected) as info:
        import_csv(journal_copy, source)
    assert [str(p) for p in info.value.report.problems] == [
        "line 3: has 3 cells but the header has 4",
        "line 4: has 5 cells but the header has 4",
    ]
    assert check_import(journal_copy, source, skip_bad=True, dry_run=False) == "added"
    assert journal_copy.moments.get(uuid.UUID(good["id"])).note == "kept"


TEN_MB = 10 * 1024 * 1024


@pytest.mark.slow
def test_a_10_mb_note_is_imported_exactly_and_exported_back(
    journal_copy: Journal, tmp_path: Path
) -> None:
    note = ('Ten megabytes, 😀 שלום, "quoted", semi;colon\r\nnext line\n' * 200_000)[:TEN_MB]
    mid = uuid.uuid4()
    source = journal_copy.path.with_name("big.csv")
    source.write_bytes(csv_file([row(id=str(mid), note=note, wish="=" + note[:1000])]))
    assert source.stat().st_size > TEN_MB
    assert check_import(journal_copy, source, skip_bad=False, dry_run=False) == "added"
    stored = journal_copy.moments.get(mid)
    assert stored.note == note
    export_csv(journal_copy, tmp_path / "back.csv")
    with open_journal(tmp_path / "copy.sqlite3") as other:
        import_csv(other, tmp_path / "back.csv")
        assert other.moments.get(mid).note == note


@pytest.mark.slow
def test_a_10_mb_note_with_a_nul_at_its_end_is_refused_and_changes_nothing(
    journal_copy: Journal,
) -> None:
    note = "n" * TEN_MB + "\x00"
    source = journal_copy.path.with_name("big-nul.csv")
    source.write_bytes(csv_file([row(note="fine"), row(note=note)]))
    with pytest.raises(ImportRejected) as info:
        import_csv(journal_copy, source)
    assert [str(p) for p in info.value.report.problems] == ["line 3, note: contains a NUL byte"]
    assert check_import(journal_copy, source, skip_bad=False, dry_run=False) == "rejected"


# -- formula cells ----------------------------------------------------------------------------
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CASES: list[str] = []
dangerous = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(FORMULA_STARTS),
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12),
)
dangerous_name = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(FORMULA_STARTS[:4]),
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=10),
).filter(lambda s: s.strip() == s)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=dangerous, wish=dangerous, person=dangerous_name, fear=dangerous_name)
def test_exported_cells_never_start_a_formula(
    fresh: Fresh,
    trust_figure: Callable[[str, str], None],
    note: str,
    wish: str,
    person: str,
    fear: str,
) -> None:
    """What a spreadsheet would run (=, +, -, @, tab, CR first) is exported quoted, and comes
    back exactly on import."""
    with fresh() as j:
        draft = MomentDraft(
            datetime(2024, 5, 1, 9, tzinfo=UTC),
            Direction.WITHDREW,
            person=person,
            fears=(fear,),
            note=note,
            wish=wish,
        )
        saved = j.moments.record(draft)
        target = j.path.with_name("out.csv")
        export_csv(j, target)
        with target.open(newline="", encoding="utf-8") as fh:
            cells = [cell for row in csv.reader(fh) for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
        written = {r.cells["id"]: r for r in rows_of(target.read_bytes())}[str(saved.id)]
        assert all(written.cells[c].startswith("'") for c in ("note", "wish", "person", "fears"))
        j.moments.delete([saved.id])
        import_csv(j, target)
        back = j.moments.get(saved.id)
        assert (back.note, back.wish, back.person) == (note, wish, person)
        assert back.fears == (fear,)
    FORMULA_CASES.append(note[0])
    trust_figure(
        "formula cells",
        f"{len(FORMULA_CASES)} exports with cells starting {sorted(set(FORMULA_CASES))}: "
        "0 cells a spreadsheet would run, all read back exactly",
    )
