"""``selftest`` (hidden): proves that an installed WallWatch works end to end, with no display.

The packaging tests run it on the frozen bundle, where a missing migration script, chart backend,
data file or SQLCipher library only shows up at run time. It never touches the person's journal:
everything happens in a fresh folder (a temporary one, removed afterwards, unless ``--out``
names one to keep).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from wallwatch import __version__
from wallwatch.cli.errors import CliError
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.vocabulary import SEED_FEARS, SEED_WITHDRAWING
from wallwatch.paths import DB_FILENAME
from wallwatch.private_files import ensure_private_dir
from wallwatch.services import encryption, open_journal

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHART_NAMES = ("weekly.png", "weekly.svg")
PASSPHRASE = "selftest passphrase, never a real one"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    # No ``help=``: the command stays out of the command list (it is for checking an install).
    p = sub.add_parser(
        "selftest",
        description=(
            "Check that this WallWatch works: create a journal in a new folder, log a moment, "
            "read it back, draw the weekly chart, then encrypt the journal and open it again. "
            "Your own journal is not touched."
        ),
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="keep the test journal and charts in DIR, a new or empty folder "
        "(default: a temporary folder, removed afterwards)",
    )
    p.set_defaults(handler=run_selftest)


def run_selftest(args: argparse.Namespace) -> int:
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"selftest: WallWatch {__version__} ({frozen}, Python {sys.version.split()[0]})")
    if args.out is None:
        folder = Path(tempfile.mkdtemp(prefix="wallwatch-selftest-"))  # owner-only already
        try:
            _check(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        folder = args.out.expanduser().absolute()
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise CliError(f"{folder} is not an empty folder; give a new or empty one to --out")
        ensure_private_dir(folder)
        _check(folder)
    print("selftest: passed")
    return 0


def _check(folder: Path) -> None:
    _check_journal_and_chart(folder)
    _check_encryption(folder)


def _check_journal_and_chart(folder: Path) -> None:
    with open_journal(
        folder / DB_FILENAME, backup_dir=folder / "backups", daily_backup=False
    ) as journal:
        print(f"selftest: created a journal in {folder}")
        draft = MomentDraft(
            occurred_at=now_local(),
            direction=Direction.WITHDREW,
            person="Selftest",
            fears=(SEED_FEARS[0],),
            behaviours=(SEED_WITHDRAWING[0],),
            loneliness=6,
            note="Written by 'wallwatch selftest'.",
        )
        saved = journal.moments.record(draft)
        again = journal.moments.get(saved.id)
        if again != saved or journal.moments.count() != 1:
            raise CliError("the logged moment did not read back as it was saved")
        print(f"selftest: logged and read back moment {str(saved.id)[:8]}")
        series = journal.summaries.weekly(4)
        fears = journal.summaries.fears_in_week(series.weeks[-1].start)
    if series.weeks[-1].withdrew != 1 or [f.key for f in fears] != [SEED_FEARS[0]]:
        raise CliError("the weekly summary does not count the logged moment")

    # Imported here, as in ``chart weekly``: matplotlib is slow to load.
    from wallwatch.charts.weekly import save_weekly_chart

    for name in CHART_NAMES:
        written = save_weekly_chart(series, fears, folder / name)
        size = written.stat().st_size
        if size == 0 or (written.suffix == ".png" and not _is_png(written)):
            raise CliError(f"the weekly chart {written.name} was not drawn")
        print(f"selftest: drew the weekly chart to {written} ({size} bytes)")


def _check_encryption(folder: Path) -> None:
    """The encrypted journal needs SQLCipher's own compiled library, a dependency like any other."""
    if not encryption.available():
        raise CliError(encryption.UNAVAILABLE)
    database = folder / DB_FILENAME
    encryption.encrypt_journal(database, folder / "backups", PASSPHRASE)
    if not encryption.is_encrypted(database):
        raise CliError("the journal was not encrypted")
    with open_journal(database, daily_backup=False, passphrase=PASSPHRASE) as journal:
        if journal.moments.count() != 1:
            raise CliError("the encrypted journal did not keep the logged moment")
    print("selftest: encrypted the journal and opened it again with its passphrase")


def _is_png(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
