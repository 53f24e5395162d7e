"""The benchmark suite runs end to end on a tiny journal, so it cannot rot.

It checks that every figure is measured, with its baseline where it has one, and reported in the
table and the JSON file; how fast anything was is never asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {
    "first_paint",
    "interactive",
    "history",
    "weekly",
    "patterns",
    "memory",
    "log",
    "export",
    "import",
}
WITH_BASELINE = {"first_paint", "interactive", "export", "import"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "results.json"
    env = {k: v for k, v in os.environ.items() if k != "WALLWATCH_PROBE"}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--moments",
            "2000",
            "--repeat",
            "1",
            "--out",
            str(out),
            "--work",
            str(tmp / "work"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout, json.loads(out.read_text())


def test_every_figure_is_in_the_json_with_a_baseline_where_it_has_one(
    bench_run: tuple[str, dict[str, object]],
) -> None:
    _stdout, report = bench_run
    results = report["results"]
    assert isinstance(results, list)
    assert {r["figure"] for r in results} == FIGURES
    for r in results:
        assert r["moments"] == 2000
        assert r["median"] > 0 and all(s > 0 for s in r["samples"])
        assert r["target"] and isinstance(r["met"], bool)
        if r["figure"] in WITH_BASELINE:
            assert r["baseline"] > 0 and r["ratio"] > 0, r
        else:
            assert r["baseline"] is None, r
    machine = report["machine"]
    assert isinstance(machine, dict)
    assert machine["cores"] and machine["sqlite_shell"] != "missing"


def test_the_table_names_every_figure_once(bench_run: tuple[str, dict[str, object]]) -> None:
    stdout, report = bench_run
    results = report["results"]
    assert isinstance(results, list)
    lines = stdout.splitlines()
    assert lines[0].split()[:2] == ["figure", "moments"]
    for r in results:
        assert sum(line.startswith(r["title"]) for line in lines) == 1
    markdown = report["markdown"]
    assert isinstance(markdown, str)
    assert markdown.count("\n") == len(results) + 1
