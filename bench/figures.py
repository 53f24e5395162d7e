"""How each benchmark figure is measured, and the baseline measured beside it in the same run.

Start-up is timed from outside, a new process each time, on the offscreen platform: the clock
starts just before the process is spawned and stops at the ``probe first_paint`` and
``probe interactive`` lines the app prints with ``WALLWATCH_PROBE=1`` (``time.monotonic`` is
one clock for every process on the machine). Areas and memory are measured in a child process
that builds the real main window (``ui_probe.py``). Export, import and logging run here, through
the services, against journals opened afresh for each measurement.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from statistics import median

BENCH = Path(__file__).resolve().parent
PROCESS_TIMEOUT_S = 1800


@dataclass(frozen=True)
class Target:
    """``kind``: "ratio" (median ≤ value × baseline), "plus" (≤ baseline + value) or "max"."""

    kind: str
    value: float
    text: str

    def met(self, value: float, baseline: float | None) -> bool:
        if self.kind == "max":
            return value <= self.value
        if baseline is None:
            return False
        if self.kind == "ratio":
            return value <= self.value * baseline
        return value <= baseline + self.value


@dataclass
class Result:
    key: str
    title: str
    moments: int
    unit: str  # "s" or "MB"
    target: Target
    samples: list[float]
    baseline_samples: list[float] = field(default_factory=list)
    baseline_title: str = ""
    details: dict[str, object] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def baseline(self) -> float | None:
        return median(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline
        return self.median / base if base else None

    @property
    def met(self) -> bool:
        return self.target.met(self.median, self.baseline)

    def as_json(self) -> dict[str, object]:
        return {
            "figure": self.key,
            "title": self.title,
            "moments": self.moments,
            "unit": self.unit,
            "median": self.median,
            "samples": self.samples,
            "baseline": self.baseline,
            "baseline_title": self.baseline_title or None,
            "baseline_samples": self.baseline_samples or None,
            "ratio": self.ratio,
            "target": self.target.text,
            "met": self.met,
            "details": self.details,
        }


TARGETS = {
    "first_paint": Target("ratio", 1.5, "≤ 1.5× baseline"),
    "interactive": Target("plus", 0.3, "≤ baseline + 0.3 s"),
    "weekly": Target("max", 0.150, "≤ 150 ms"),
    "patterns": Target("max", 0.500, "≤ 500 ms"),
    "history": Target("max", 0.100, "≤ 100 ms"),
    "export": Target("ratio", 1.5, "≤ 1.5× baseline"),
    "import": Target("ratio", 3.0, "≤ 3× baseline"),
    "log": Target("max", 0.010, "≤ 10 ms"),
    "memory": Target("max", 200.0, "≤ 200 MB"),
}
TITLES = {
    "first_paint": "cold start to first painted main window",
    "interactive": "cold start to interactive (today listed, form ready)",
    "weekly": "Weekly: 52 weeks aggregated and drawn",
    "patterns": "Patterns: 8 weeks computed and drawn",
    "history": "History opened (first screen of rows)",
    "export": "CSV export of every moment",
    "import": "CSV import into an empty journal",
    "log": "log one moment (commit with fsync)",
    "memory": "peak memory, History and Weekly shown",
}
BARE_WINDOW = "bare PySide6 script showing an empty QMainWindow"


def result(key: str, moments: int, unit: str, samples: list[float], **kw: object) -> Result:
    return Result(key, TITLES[key], moments, unit, TARGETS[key], samples, **kw)  # type: ignore[arg-type]


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=PROCESS_TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done


def _probes(stdout: str) -> dict[str, float]:
    found = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "probe":
            with contextlib.suppress(ValueError):
                found[parts[1]] = float(parts[2])
    return found


def _timed_start(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.monotonic()
    probes = _probes(_run(cmd, env).stdout)
    # Clock readings become times since the spawn; "*_cpu" ones are CPU seconds already.
    return {name: at if name.endswith("_cpu") else at - start for name, at in probes.items()}


# -- start-up -----------------------------------------------------------------------------------
def startup(moments: int, data_dir: Path, env: dict[str, str], repeat: int) -> list[Result]:
    """Cold starts of the app and of the bare window, taken in turn so drift hits both alike."""
    app = [sys.executable, "-m", "wallwatch", "--data-dir", str(data_dir)]
    bare = [sys.executable, str(BENCH / "baseline_window.py")]
    probe_env = {**env, "WALLWATCH_PROBE": "1"}
    # The day's first start also makes the daily backup; timed here, kept out of the medians.
    first_of_day = _timed_start(app, probe_env)
    _timed_start(bare, probe_env)
    paint, ready, base = [], [], []
    cpu: dict[str, list[float]] = {"paint_cpu_s": [], "interactive_cpu_s": [], "bare_cpu_s": []}
    for _ in range(repeat):
        app_times = _timed_start(app, probe_env)
        bare_times = _timed_start(bare, probe_env)
        base.append(bare_times["first_paint"])
        paint.append(app_times["first_paint"])
        ready.append(app_times["interactive"])
        cpu["paint_cpu_s"].append(app_times.get("first_paint_cpu", float("nan")))
        cpu["interactive_cpu_s"].append(app_times.get("interactive_cpu", float("nan")))
        cpu["bare_cpu_s"].append(bare_times.get("first_paint_cpu", float("nan")))
    details: dict[str, object] = {"first_start_of_the_day_s": first_of_day.get("interactive")}
    # CPU seconds of each process up to the same points: steadier than the clock under load.
    details.update({name: round(median(values), 4) for name, values in cpu.items()})
    return [
        result(
            "first_paint", moments, "s", paint, baseline_samples=base, baseline_title=BARE_WINDOW
        ),
        result(
            "interactive",
            moments,
            "s",
            ready,
            baseline_samples=base,
            baseline_title=BARE_WINDOW,
            details=details,
        ),
    ]


# -- areas and memory (child process) ------------------------------------------------------------
def _probe_json(args: list[str], env: dict[str, str]) -> dict[str, object]:
    done = _run([sys.executable, str(BENCH / "ui_probe.py"), *args], env)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def areas(moments: int, data_dir: Path, env: dict[str, str], repeat: int) -> list[Result]:
    found = _probe_json(["areas", "--data-dir", str(data_dir), "--repeat", str(repeat)], env)
    out = []
    for key in ("history", "weekly", "patterns"):
        details: dict[str, object] = {"first_open_s": found[f"{key}_first_s"]}
        if key == "weekly":
            parts = found["weekly_parts"]
            assert isinstance(parts, dict)
            details.update({name: median(values) for name, values in parts.items()})
        samples = found[f"{key}_s"]
        assert isinstance(samples, list)
        out.append(result(key, moments, "s", samples, details=details))
    return out


def memory(moments: int, data_dir: Path, env: dict[str, str], repeat: int) -> Result:
    peaks = []
    for _ in range(repeat):
        found = _probe_json(["memory", "--data-dir", str(data_dir)], env)
        peaks.append(float(found["peak_rss_mb"]))  # type: ignore[arg-type]
    return result("memory", moments, "MB", peaks)


# -- export, import, logging (through the services, here) ---------------------------------------
def _clock(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _export_sql() -> str:
    """The data WallWatch's export reads, as the plain ``moment_view`` query ordered as the
    export writes it: text the sqlite3 shell can run. (The export reads the same rows in a
    cheaper shape, ``store.export_query``; the baseline stays this plain query.)"""
    from sqlalchemy.dialects import sqlite

    from wallwatch.store.moments import moment_view
    from wallwatch.store.schema import MomentRow

    stmt = moment_view().order_by(MomentRow.occurred_utc, MomentRow.id)
    compiled = stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    return f"{compiled};\n"


def export(moments: int, database: Path, csv_path: Path, repeat: int) -> Result:
    from wallwatch.services import open_journal
    from wallwatch.services.transfer import export_csv

    sql = _export_sql()
    shell_out = csv_path.with_name("sqlite3-export.csv")

    def shell() -> None:
        with shell_out.open("w") as out:
            subprocess.run(
                ["sqlite3", "-csv", "-header", str(database)],
                input=sql,
                stdout=out,
                text=True,
                check=True,
                timeout=PROCESS_TIMEOUT_S,
            )

    ours, base = [], []
    for _ in range(repeat):
        with open_journal(database, daily_backup=False) as journal:
            ours.append(_clock(lambda j=journal: export_csv(j, csv_path)))
        base.append(_clock(shell))
    shell_out.unlink(missing_ok=True)
    return result(
        "export",
        moments,
        "s",
        ours,
        baseline_samples=base,
        baseline_title="sqlite3 shell: the same query to CSV",
    )


def import_(moments: int, csv_path: Path, work: Path, repeat: int) -> Result:
    from wallwatch.services import open_journal
    from wallwatch.services.transfer import import_csv

    ours, base = [], []
    for i in range(repeat):
        folder = work / f"import-{i}"
        with open_journal(folder / "wallwatch.sqlite3", daily_backup=False) as journal:
            ours.append(_clock(lambda j=journal: import_csv(j, csv_path)))
        shutil.rmtree(folder)
        bare = work / f"bare-{i}.sqlite3"
        script = f".mode csv\n.import '{csv_path}' moments\n"
        base.append(_clock(lambda b=bare, s=script: _shell_import(b, s)))
        bare.unlink()
    return result(
        "import",
        moments,
        "s",
        ours,
        baseline_samples=base,
        baseline_title="sqlite3 shell: .import into a bare table",
    )


def _shell_import(database: Path, script: str) -> None:
    subprocess.run(
        ["sqlite3", str(database)], input=script, text=True, check=True, timeout=PROCESS_TIMEOUT_S
    )


def log_one(moments: int, database: Path, repeat: int) -> Result:
    """``record`` as the Log area calls it: validate, one transaction, fsync, read it back."""
    from wallwatch.domain.calendar import now_local
    from wallwatch.domain.model import Direction, MomentDraft, WantedCloseness
    from wallwatch.services import open_journal

    samples = []
    with open_journal(database, daily_backup=False) as journal:
        ids = []
        for i in range(repeat + 3):
            draft = MomentDraft(
                occurred_at=now_local() - timedelta(minutes=i),
                direction=Direction.WITHDREW,
                intensity=3,
                person="Sam",
                fears=("rejection / abandonment",),
                behaviours=("went silent",),
                body_signals=("tight chest",),
                wanted_closeness=WantedCloseness.YES,
                loneliness=7,
                resentment=4,
                connection=2,
                note="Sam asked about the weekend and I went quiet; picked up my phone instead.",
                wish="Say 'I need a minute' instead of going silent.",
            )
            start = time.perf_counter()
            moment = journal.moments.record(draft)
            elapsed = time.perf_counter() - start
            ids.append(moment.id)
            if i >= 3:  # the first few warm the statement cache
                samples.append(elapsed)
        journal.moments.delete(ids)
    return result("log", moments, "s", samples)


def isolated_env(home: Path) -> dict[str, str]:
    """Environment for every child: offscreen Qt, and every per-user folder inside ``home``."""
    env = dict(os.environ)
    env.pop("WALLWATCH_PROBE", None)
    run = home / "run"
    run.mkdir(parents=True, exist_ok=True)
    run.chmod(0o700)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        WALLWATCH_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(run),
        MPLCONFIGDIR=str(home / ".mpl"),
    )
    return env
