"""Crash safety: a writer killed with SIGKILL at random points loses nothing it reported saved.

Two writers run side by side on one journal (so kills also land while the other one holds the
write lock); each is killed and restarted many times, some while still starting up (opening,
creating or recovering the journal), most in the middle of their commit loop.
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from wallwatch.services import open_journal

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS_PER_LANE = 40
LANES = ("A", "B")
EARLY_KILL_SHARE = 0.2  # killed before the writer said it was ready
START_TIMEOUT_S = 60


def _writer_constant(name: str) -> str:
    """A constant of the writer script, read from its source (it is not an importable module)."""
    spec = importlib.util.spec_from_file_location("crash_writer", WRITER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(getattr(module, name))


EDITED_WISH = _writer_constant("EDITED_WISH")


@dataclass
class Tally:
    kills: int = 0
    early_kills: int = 0
    added: set[uuid.UUID] = field(default_factory=set)
    edited: set[uuid.UUID] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def _parse(out: str, tally: Tally) -> None:
    """Only whole lines count: a line cut short by the kill was never reported."""
    for line in out.splitlines(keepends=True):
        if not line.endswith("\n"):
            continue
        word, _, rest = line.strip().partition(" ")
        if word == "added":
            tally.added.add(uuid.UUID(rest))
        elif word == "edited":
            tally.edited.add(uuid.UUID(rest))


def _one_round(journal: Path, lane: str, rng: random.Random, tally: Tally) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(journal), lane],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    early = rng.random() < EARLY_KILL_SHARE
    if early:
        time.sleep(rng.uniform(0.0, 0.6))  # anywhere in start-up: imports, open, recovery
    else:
        deadline = time.monotonic() + START_TIMEOUT_S
        first = proc.stdout.readline()
        if first != "ready\n" or time.monotonic() > deadline:
            proc.kill()
            _out, err = proc.communicate()
            tally.problems.append(f"lane {lane}: writer did not start: {first!r} {err[-2000:]}")
            return
        time.sleep(rng.uniform(0.0, 0.35))
    if proc.poll() is not None:
        _out, err = proc.communicate()
        tally.problems.append(f"lane {lane}: writer stopped by itself ({proc.returncode}): {err}")
        return
    os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    tally.kills += 1
    tally.early_kills += early
    _parse(out, tally)


def _lane(journal: Path, lane: str, seed: int, tally: Tally) -> Callable[[], None]:
    def run() -> None:
        rng = random.Random(f"{seed}-{lane}")
        try:
            for _ in range(KILLS_PER_LANE):
                _one_round(journal, lane, rng, tally)
        except BaseException as exc:  # reported on the test's thread
            tally.problems.append(f"lane {lane}: {exc!r}")

    return run


def _check_file(path: Path) -> None:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        raw.close()


@pytest.mark.slow
def test_sigkill_at_random_points_loses_no_reported_commit(
    tmp_path: Path, trust_figure: Callable[[str, str], None]
) -> None:
    journal = tmp_path / "crash" / "wallwatch.sqlite3"
    seed = int(os.environ.get("WALLWATCH_CRASH_SEED", time.time_ns() % 1_000_000))
    tallies = {lane: Tally() for lane in LANES}
    threads = [threading.Thread(target=_lane(journal, lane, seed, tallies[lane])) for lane in LANES]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    problems = [p for t in tallies.values() for p in t.problems]
    assert problems == [], f"seed {seed}: {problems}"

    added = set().union(*(t.added for t in tallies.values()))
    edited = set().union(*(t.edited for t in tallies.values()))
    kills = sum(t.kills for t in tallies.values())
    assert kills == KILLS_PER_LANE * len(LANES)
    assert len(added) > kills, f"seed {seed}: too few commits to prove anything"

    _check_file(journal)
    with open_journal(journal) as j:
        stored = {m.id: m for m in j.moments.query()}
    lost = added - stored.keys()
    lost_edits = {i for i in edited if i in stored and stored[i].wish != EDITED_WISH}
    # Every stored moment is whole: its person, fear and note length match what its note says.
    torn = []
    for m in stored.values():
        _lane_name, _pid, _serial, person, fear, length, padding = m.note.split("|")
        whole = m.person == person and fear in m.fears and len(padding) == int(length)
        edited_whole = (m.wish == EDITED_WISH) == ("crash edit" in m.fears)
        if not (whole and edited_whole):
            torn.append(m.id)
    assert (lost, lost_edits, torn) == (set(), set(), []), f"seed {seed}"
    early = sum(t.early_kills for t in tallies.values())
    trust_figure(
        "crash safety",
        f"{kills} SIGKILLs ({early} during start-up), {len(added)} reported commits "
        f"+ {len(edited)} edits, {len(stored)} moments stored, 0 lost, integrity ok "
        f"(seed {seed})",
    )
