"""``report``: the PDF for a therapist from the command line — range, privacy flags, the file."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.charts.patterns_text import span_text
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.patterns import DateRange
from wallwatch.services import open_journal
from wallwatch.services.demo import generate_demo

if TYPE_CHECKING:
    from tests.cli.conftest import Run

END = date(2025, 11, 30)
ZONE = timezone(timedelta(hours=1))

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed; scripts/bootstrap.sh test adds it",
)


def _text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return " ".join(done.stdout.split())


def _pages(path: Path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


@pytest.fixture
def demo_db(real_db: Path) -> Path:
    with open_journal(real_db, daily_backup=False) as j:
        generate_demo(j, days=90, end=END)
    return real_db


@needs_poppler
def test_report_writes_the_range_and_says_where_and_how_long(
    run: Run, demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    r = run("report", "--since", "2025-11-03", "--until", "2025-11-30", "--out", str(out))
    assert r.code == 0, r.err
    pages = _pages(out)
    assert r.out.strip() == f"Wrote {out} ({pages} pages, 3 – 30 Nov 2025)"
    assert oct(out.stat().st_mode & 0o777) == oct(0o600)
    text = _text(out)
    assert "3 – 30 Nov 2025 · 28 days" in text
    assert "Note:" not in text and "People are named in full." in text


@needs_poppler
def test_flags_include_notes_and_replace_names(run: Run, demo_db: Path, tmp_path: Path) -> None:
    with open_journal(demo_db, daily_backup=False) as j:
        note = next(m.note for m in j.moments.query() if m.note and m.person == "Sam")
    out = tmp_path / "private.pdf"
    r = run("report", "--weeks", "4", "--until", "2025-11-30", "--out", str(out), "--include-notes")
    assert r.code == 0, r.err
    text = _text(out)
    assert "Note:" in text and "Sam" in text
    r = run("report", "--weeks", "4", "--until", "2025-11-30", "--out", str(out), "--initials")
    assert r.code == 0, r.err
    text = _text(out)
    assert "Sam" not in text and "S. (safe)" in text
    assert " ".join(note.split()) not in text


@needs_poppler
def test_default_range_is_the_last_eight_weeks(run: Run, real_db: Path, tmp_path: Path) -> None:
    with open_journal(real_db, daily_backup=False) as j:
        j.moments.record(MomentDraft(now_local() - timedelta(days=2), Direction.OPENED))
    out = tmp_path / "r.pdf"
    r = run("report", "--out", str(out))
    assert r.code == 0, r.err
    span = DateRange.weeks_ending(now_local().date(), 8)
    assert span_text(span) in r.out
    assert f"{span_text(span)} · 56 days" in _text(out)


def test_the_file_must_be_a_pdf(run: Run, tmp_path: Path) -> None:
    r = run("report", "--out", str(tmp_path / "report.txt"))
    r.assert_one_line_error(2)
    assert ".pdf" in r.err
    assert not (tmp_path / "report.txt").exists()


def test_a_missing_folder_is_named(run: Run, tmp_path: Path) -> None:
    r = run("report", "--out", str(tmp_path / "nowhere" / "report.pdf"))
    r.assert_one_line_error(1)
    assert f"the folder {tmp_path / 'nowhere'} does not exist" in r.err


def test_since_after_until_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    r = run("report", "--since", "2025-12-01", "--until", "2025-11-01", "--out", str(out))
    r.assert_one_line_error(2)
    assert not out.exists()


def test_an_out_folder_is_refused(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    r = run("report", "--out", str(folder))
    r.assert_one_line_error(2)
    assert "is a folder" in r.err


def test_a_written_report_leaves_no_temporary_files(
    run: Run, tmp_path: Path, real_db: Path
) -> None:
    with open_journal(real_db, daily_backup=False) as j:
        j.moments.record(
            MomentDraft(datetime(2025, 11, 20, 20, 0, tzinfo=ZONE), Direction.WITHDREW)
        )
    folder = tmp_path / "out"
    folder.mkdir()
    r = run("report", "--until", "2025-11-30", "--out", str(folder / "r.pdf"))
    assert r.code == 0, r.err
    assert [p.name for p in folder.iterdir()] == ["r.pdf"]
    assert (folder / "r.pdf").read_bytes().startswith(b"%PDF-")


def test_letters_no_font_has_make_no_noise(run: Run, tmp_path: Path, real_db: Path) -> None:
    with open_journal(real_db, daily_backup=False) as j:
        j.moments.record(
            MomentDraft(
                datetime(2025, 11, 20, 20, 0, tzinfo=ZONE),
                Direction.OPENED,
                person="李小龍",
                note="中文字 😀 שלום",
            )
        )
    out = tmp_path / "r.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = run("report", "--until", "2025-11-30", "--include-notes", "--out", str(out))
    assert r.code == 0, r.err
    assert [str(w.message) for w in caught if "Glyph" in str(w.message)] == []
    assert r.err == ""
    assert out.read_bytes().startswith(b"%PDF-")
