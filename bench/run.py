"""WallWatch's benchmark suite: ``make bench`` (full) and ``make bench QUICK=1`` (CI).

Builds journals of 10,000, 100,000 and 1,000,000 moments through the store's bulk path (quick:
10,000 only), measures every figure several times with its baseline in the same run, prints one
table and writes it, with the machine it ran on, to ``bench/results.json``. Timings are reported,
never asserted. Everything is written inside a temporary folder (``--work``), never to the
person's own data or settings. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from statistics import median

import figures
from dataset import DEFAULT_DAYS, build_journal
from figures import Result

FULL_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000,)
# Export and import of a million moments take a while each: fewer rounds of those.
HEAVY_FROM = 500_000


def _fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(results: list[Result]) -> str:
    head = ("figure", "moments", "median", "baseline (same run)", "ratio", "target", "met")
    rows = [head]
    for r in results:
        rows.append(
            (
                r.title,
                f"{r.moments:,}",
                _fmt_value(r.median, r.unit),
                _fmt_value(r.baseline, r.unit),
                "—" if r.ratio is None else f"{r.ratio:.2f}×",
                r.target.text,
                "yes" if r.met else "NO",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(results: list[Result]) -> str:
    """The same table as Markdown, for the README and docs/performance.md."""
    lines = [
        "| figure | moments | median | baseline (same run) | ratio | target | met |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        lines.append(
            f"| {r.title} | {r.moments:,} | {_fmt_value(r.median, r.unit)} | "
            f"{_fmt_value(r.baseline, r.unit)} | {ratio} | {r.target.text} | "
            f"{'yes' if r.met else '**no**'} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, object]:
    def first(path: str, prefix: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    import matplotlib
    import PySide6
    import sqlalchemy
    from PySide6.QtCore import qVersion

    shell = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True, check=False)
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": first("/proc/meminfo", "MemTotal"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite_library": sqlite3.sqlite_version,
        "sqlite_shell": shell.stdout.split(" ")[0] if shell.returncode == 0 else "missing",
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "sqlalchemy": sqlalchemy.__version__,
        "matplotlib": matplotlib.__version__,
    }


def machine_line(m: dict[str, object]) -> str:
    start, end = m["load_average_at_start"], m["load_average_at_end"]
    assert isinstance(start, tuple | list) and isinstance(end, tuple | list)
    return (
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['platform']}; "
        f"Python {m['python']}, SQLite {m['sqlite_library']}, PySide6 {m['pyside6']}; "
        f"fsync {m['fsync_median_ms']} ms; load average {start[0]:.1f} at start, "
        f"{end[0]:.1f} at end."
    )


def fsync_ms(folder: Path, rounds: int = 30) -> float:
    """The median time the disk under ``folder`` takes to make one small write durable: the
    floor under every commit (logging a moment costs one)."""
    probe = folder / "fsync-probe"
    times = []
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for _ in range(rounds):
            os.write(fd, b"x" * 4096)
            start = time.perf_counter()
            os.fsync(fd)
            times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        probe.unlink()
    return round(median(times) * 1000, 2)


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def run_size(n: int, work: Path, env: dict[str, str], args: argparse.Namespace) -> list[Result]:
    data_dir = work / f"journal-{n}"
    database = data_dir / "wallwatch.sqlite3"
    repeat = args.repeat
    heavy = max(1, min(repeat, 2 if n >= HEAVY_FROM else 3))
    _say(f"{n:,} moments: building the journal through the bulk path")
    start = time.perf_counter()
    build_journal(database, n, days=args.days)
    built = time.perf_counter() - start
    _say(f"{n:,} moments: built in {built:.1f} s; start-up")
    results = figures.startup(n, data_dir, env, repeat)
    _say(f"{n:,} moments: History, Weekly, Patterns")
    results += figures.areas(n, data_dir, env, repeat)
    _say(f"{n:,} moments: memory")
    results.append(figures.memory(n, data_dir, env, 1 if n >= HEAVY_FROM else min(repeat, 3)))
    _say(f"{n:,} moments: logging")
    results.append(figures.log_one(n, database, max(repeat * 6, 10)))
    _say(f"{n:,} moments: export")
    csv_path = work / f"export-{n}.csv"
    results.append(figures.export(n, database, csv_path, heavy))
    _say(f"{n:,} moments: import")
    results.append(figures.import_(n, csv_path, work, heavy))
    csv_path.unlink()
    for r in results:
        r.details.setdefault("journal_build_s", round(built, 2))
    if not args.keep:
        shutil.rmtree(data_dir)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 moments only (CI)")
    parser.add_argument(
        "--moments", type=lambda s: [int(x) for x in s.split(",")], help="sizes, e.g. 2000,50000"
    )
    parser.add_argument("--repeat", type=int, default=5, help="rounds per figure (default 5)")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="days the moments span")
    parser.add_argument("--out", type=Path, default=figures.BENCH / "results.json")
    parser.add_argument("--work", type=Path, help="folder for journals and files (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the journals afterwards")
    args = parser.parse_args(argv)
    sizes = args.moments or (QUICK_SIZES if args.quick else FULL_SIZES)
    if shutil.which("sqlite3") is None:
        parser.error("the sqlite3 command-line shell is needed for the baselines")

    work = args.work or Path(tempfile.mkdtemp(prefix="wallwatch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = figures.isolated_env(work / "home")
    os.environ.update({k: env[k] for k in ("HOME", "WALLWATCH_HOME", "MPLCONFIGDIR")})
    # Cold starts are of an installed app, whose modules are byte-compiled (pip and the
    # packaged build do it): compile now, even where PYTHONDONTWRITEBYTECODE is set.
    import compileall

    import wallwatch

    compileall.compile_dir(Path(wallwatch.__file__).parent, quiet=1)
    compileall.compile_dir(figures.BENCH, quiet=1, maxlevels=0)
    # matplotlib builds its font cache on first use: do it now, not inside a measurement.
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True)
    started = time.perf_counter()
    load_at_start = os.getloadavg()
    disk_fsync_ms = fsync_ms(work)
    results: list[Result] = []
    try:
        for n in sizes:
            results += run_size(n, work, env, args)
        # Inside the try: reading matplotlib's version writes into MPLCONFIGDIR, under ``work``.
        report = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "quick": bool(args.quick),
            "sizes": list(sizes),
            "repeat": args.repeat,
            "days": args.days,
            "duration_s": round(time.perf_counter() - started, 1),
            "machine": {
                **machine(),
                "fsync_median_ms": disk_fsync_ms,
                "load_average_at_start": load_at_start,
                "load_average_at_end": os.getloadavg(),
            },
            "results": [r.as_json() for r in results],
            "markdown": markdown(results),
        }
    finally:
        if args.work is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report["machine_line"] = machine_line(report["machine"])  # type: ignore[arg-type]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"\n{machine_line(report['machine'])}")  # type: ignore[arg-type]
    print(f"Written to {args.out} ({report['duration_s']} s).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
