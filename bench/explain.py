"""Print SQLite's plan (EXPLAIN QUERY PLAN) for every hot query, as the app really sends them.

    .venv/bin/python bench/explain.py PATH/TO/wallwatch.sqlite3

Each use case runs once against the journal while its statements are recorded; then the plan of
each SELECT is printed (nothing is timed or written). docs/performance.md quotes the output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.model import TagKind
from wallwatch.domain.query import MomentFilter
from wallwatch.services import Journal, open_journal
from wallwatch.store.moments import MomentRepository


def use_cases(journal: Journal) -> list[tuple[str, Callable[[], object]]]:
    today = now_local().date()

    def export_rows() -> None:
        with journal.db.reading() as session:
            for _row in MomentRepository(session).stream_rows():
                break

    return [
        ("Log: today's moments", lambda: journal.moments.on_day(today)),
        ("Log: people by use", journal.people.by_use),
        ("Log: fear suggestions", lambda: journal.tags.suggestions(TagKind.FEAR)),
        ("History: first page", lambda: journal.moments.query(MomentFilter(), limit=200)),
        ("History: count", journal.moments.count),
        ("Weekly: 52 weeks", lambda: journal.summaries.weekly(52)),
        ("Weekly: fears of a week", lambda: journal.summaries.fears_in_week(week_start(today))),
        ("Patterns: 8-week report", journal.patterns.report),
        ("Export: every moment", export_rows),
    ]


def main() -> int:
    journal = open_journal(Path(sys.argv[1]), daily_backup=False)
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
        seen.append((sql, params))

    event.listen(journal.db.engine, "before_cursor_execute", record)
    raw = journal.db.engine.raw_connection()
    try:
        for title, action in use_cases(journal):
            seen.clear()
            action()
            print(f"## {title}")
            for sql, params in seen:
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                print("    " + " ".join(sql.split())[:110] + "…")
                for row in raw.cursor().execute("EXPLAIN QUERY PLAN " + sql, params).fetchall():
                    print(f"        {row[3]}")
            print()
    finally:
        raw.close()
        journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
