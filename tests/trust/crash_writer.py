"""A writer for the crash test: commits moments in a loop until it is killed.

It prints ``added <id>`` or ``edited <id>`` only after the service call returned, i.e. after
the commit. Each note describes the rest of its moment (person, fear, length), so the test can
check that every stored moment is whole, not only that it exists.

Usage: python crash_writer.py JOURNAL LANE
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import open_journal

EDITED_WISH = "edited after the crash test's commit"


def describe(lane: str, serial: int) -> tuple[str, str, str]:
    """(person, fear, note) of the ``serial``-th moment a writer records."""
    person = f"Crash person {serial % 3}"
    fear = f"crash fear {serial % 7}"  # new tags in some transactions, reused ones in others
    # Long notes make a commit span several pages, so a kill can land inside one.
    padding = "x" * ((serial * 7919) % 24_000)
    head = f"{lane}|{os.getpid()}|{serial}|{person}|{fear}|{len(padding)}|"
    return person, fear, head + padding


def main() -> None:
    path, lane = Path(sys.argv[1]), sys.argv[2]
    journal = open_journal(path)
    print("ready", flush=True)
    serial = 0
    while True:
        person, fear, note = describe(lane, serial)
        moment = journal.moments.record(
            MomentDraft(
                datetime.now(UTC),
                Direction.WITHDREW if serial % 2 else Direction.OPENED,
                person=person,
                fears=(fear,),
                note=note,
            )
        )
        print(f"added {moment.id}", flush=True)
        if serial % 5 == 4:
            changed = moment.draft()
            journal.moments.edit(
                moment.id,
                MomentDraft(
                    changed.occurred_at,
                    changed.direction,
                    person=changed.person,
                    fears=(*changed.fears, "crash edit"),
                    note=changed.note,
                    wish=EDITED_WISH,
                ),
            )
            print(f"edited {moment.id}", flush=True)
        serial += 1


if __name__ == "__main__":
    main()
