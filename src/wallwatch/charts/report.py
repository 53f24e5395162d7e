"""The report for a therapist: a PDF of one range of days, built with matplotlib's PDF backend.

Pages: a summary, the weekly chart with a table of weeks, one page per Patterns chart with
something to show, and every moment in a table. Each page carries "Page n of N", the range and
the day it was made. The file is written to a temporary file beside the target and renamed into
place (owner-only), so a failed or cancelled report leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from wallwatch.charts.patterns_text import day_text, span_text
from wallwatch.charts.report_layout import PRINT, Document, stamp_footers
from wallwatch.charts.report_moments import moments_section
from wallwatch.charts.report_pages import pattern_sections, weekly_section
from wallwatch.charts.report_summary import report_title, summary_section
from wallwatch.private_files import atomic_binary_writer
from wallwatch.services.report_data import ReportData

__all__ = ["ReportCancelled", "ReportResult", "build_pages", "write_report"]

Progress = Callable[[int, int], None]


class ReportCancelled(Exception):
    """The person cancelled; no file was written."""


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int


def build_pages(data: ReportData) -> list[Figure]:
    """Every page of the report as an A4 figure, footers included."""
    charts, missing = pattern_sections(data, PRINT)
    front = Document(PRINT)
    summary_section(front, data, missing)
    weekly_section(front, data)
    table = Document(PRINT)
    moments_section(table, data)
    pages = [*front.pages, *charts.pages, *table.pages]
    footer = (
        f"WallWatch report · {span_text(data.span)} · "
        f"prepared {day_text(data.generated.date())} · private"
    )
    stamp_footers(pages, footer, PRINT)
    return pages


def _metadata(data: ReportData) -> dict[str, object]:
    # Only what the first page says anyway: no names, no account, no software fingerprint.
    return {
        "Title": report_title(data),
        "Author": None,
        "Subject": None,
        "Keywords": None,
        "Creator": "WallWatch",
        "Producer": None,
        "CreationDate": data.generated,
    }


def write_report(
    data: ReportData,
    path: Path,
    *,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ReportResult:
    """Draw the report and write it to ``path`` atomically (0600); returns its page count.

    Raises :class:`ReportCancelled` when ``should_cancel`` says so between pages, and
    ``PrivateFileError`` when the file cannot be written; either way no file is left behind.
    """
    if progress is not None:
        progress(0, 0)
    pages = build_pages(data)
    total = len(pages)
    with atomic_binary_writer(path) as fh, PdfPages(fh, metadata=_metadata(data)) as pdf:
        for number, fig in enumerate(pages, start=1):
            if should_cancel is not None and should_cancel():
                raise ReportCancelled("the report was cancelled")
            pdf.savefig(fig, facecolor=fig.get_facecolor())
            fig.clear()  # free each page once written: a long table makes many
            if progress is not None:
                progress(number, total)
    return ReportResult(path, total)
