"""The trust tests prove WallWatch's durability and privacy promises; each one records the
figure it measured (kills, commits, losses, ...) and the run prints them all at the end."""

from __future__ import annotations

from typing import Any

import pytest

_FIGURES: dict[str, str] = {}


@pytest.fixture(scope="session")
def trust_figure() -> Any:
    """``trust_figure("crash safety", "80 kills, ...")`` records a line for the summary."""

    def record(promise: str, figure: str) -> None:
        _FIGURES[promise] = figure

    return record


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("WallWatch trust figures")
    for promise, figure in sorted(_FIGURES.items()):
        terminalreporter.write_line(f"{promise}: {figure}")
