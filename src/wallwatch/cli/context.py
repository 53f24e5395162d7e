"""Which journal a command works on: ``--data-dir``, then WALLWATCH_HOME, then the default;
``--demo`` picks the separate demo journal inside that folder."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from wallwatch import paths
from wallwatch.services import Journal, open_journal


def data_paths(args: argparse.Namespace) -> paths.DataPaths:
    root = paths.resolve(getattr(args, "data_dir", None))
    return root.demo() if getattr(args, "demo", False) else root


@contextlib.contextmanager
def open_for(args: argparse.Namespace) -> Iterator[Journal]:
    where = data_paths(args)
    journal = open_journal(where.database, backup_dir=where.backups)
    try:
        if getattr(args, "demo", False) and not journal.is_demo and journal.moments.count() == 0:
            # The demo folder only ever holds demo data; say so in the file from the start.
            journal.mark_as_demo()
        yield journal
    finally:
        journal.close()
