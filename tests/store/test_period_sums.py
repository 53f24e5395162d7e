"""Weekly and daily summaries added up from per-day sums equal SQLite's own per-week avg().

The reference is the earlier statement: one GROUP BY per week bucket with avg() and count(),
run by the sqlite3 module on the same file.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from wallwatch.domain.calendar import from_day_number
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.summary import PeriodSummary, RatingStat
from wallwatch.store import open_database
from wallwatch.store.aggregates import period_summaries
from wallwatch.store.moments import MomentRepository

BERLIN = ZoneInfo("Europe/Berlin")  # DST changes on 30 Mar and 26 Oct 2025
ZONES = (UTC, BERLIN, timezone(timedelta(hours=-9, minutes=-30)), timezone(timedelta(hours=14)))
_REFERENCE = """
SELECT {bucket} AS b,
  sum(CASE WHEN direction = 'withdrew' THEN 1 ELSE 0 END),
  sum(CASE WHEN direction = 'opened' THEN 1 ELSE 0 END),
  avg(loneliness), count(loneliness), avg(resentment), count(resentment),
  avg(connection), count(connection)
FROM moment WHERE local_day >= ? AND local_day <= ? GROUP BY b ORDER BY b
"""


def _reference(path: Path, since: date, until: date, week_start: int | None) -> list[PeriodSummary]:
    bucket = (
        "local_day"
        if week_start is None
        else f"local_day - (local_day + 3 - {week_start} + 700000) % 7"
    )
    lo, hi = ((d - date(1970, 1, 1)).days for d in (since, until))
    with sqlite3.connect(path) as raw:
        rows = raw.execute(_REFERENCE.format(bucket=bucket), (lo, hi)).fetchall()
    raw.close()

    def stat(mean: float | None, n: int) -> RatingStat:
        return RatingStat(None if mean is None else float(mean), n)

    return [
        PeriodSummary(from_day_number(b), w, o, stat(lm, ln), stat(rm, rn), stat(cm, cn))
        for b, w, o, lm, ln, rm, rn, cm, cn in rows
    ]


def _rating(rng: random.Random) -> int | None:
    return None if rng.random() < 0.35 else rng.randint(0, 10)


@pytest.fixture(scope="module")
def journal_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~1,500 moments over two years, several a day on some days, none on others; ratings
    missing at random; times in four offsets (one with DST) and on either side of midnight."""
    path = tmp_path_factory.mktemp("sums") / "wallwatch.sqlite3"
    rng = random.Random(6)
    db = open_database(path)
    try:
        with db.transaction() as s:
            repo = MomentRepository(s)
            start = datetime(2024, 6, 1, tzinfo=UTC)
            for _ in range(1500):
                when = start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
                if rng.random() < 0.2:
                    continue  # leaves some days and weeks empty
                repo.add(
                    MomentDraft(
                        when.astimezone(rng.choice(ZONES)),
                        rng.choice((Direction.WITHDREW, Direction.OPENED)),
                        loneliness=_rating(rng),
                        resentment=_rating(rng),
                        connection=_rating(rng),
                        note=rng.choice(("", 'ünïcode, "quoted"\nline', "=1+2")),
                    )
                )
            # Every rating given on one day, none on another: means of 10, and no means at all.
            for hour in range(5):
                day = datetime(2025, 3, 30, hour, tzinfo=BERLIN)
                repo.add(
                    MomentDraft(day, Direction.OPENED, loneliness=10, resentment=10, connection=10)
                )
                repo.add(MomentDraft(day + timedelta(days=2), Direction.WITHDREW))
    finally:
        db.close()
    return path


@pytest.mark.parametrize("week_start", [None, 0, 1, 3, 6])
@pytest.mark.parametrize(
    ("since", "until"),
    [
        (date(2024, 1, 1), date(2026, 12, 31)),  # everything
        (date(2025, 3, 24), date(2025, 4, 6)),  # two weeks around a DST change
        (date(2025, 12, 29), date(2025, 12, 29)),  # one day
        (date(2030, 1, 1), date(2030, 3, 1)),  # nothing recorded
    ],
)
def test_sums_equal_sqlite_avg(
    journal_file: Path, since: date, until: date, week_start: int | None
) -> None:
    db = open_database(journal_file)
    try:
        with db.reading() as s:
            got = period_summaries(s, since, until, week_start=week_start)
    finally:
        db.close()
    want = _reference(journal_file, since, until, week_start)
    assert got == want  # exact: the same doubles, not just close
    if since.year < 2030:
        assert want  # the comparison is about something
    if (until - since).days > 365 and week_start is None:
        means = [p.loneliness.mean for p in want]
        assert None in means and 10.0 in means  # a day or week without ratings; all tens
