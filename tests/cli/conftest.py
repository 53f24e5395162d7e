"""Drive the command line in-process and look at what it printed and what it stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from wallwatch.cli import main


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    def assert_one_line_error(self, code: int) -> None:
        """A failure is one "wallwatch: …" line on stderr, the right code, no traceback."""
        assert self.code == code, (self.code, self.err)
        assert self.err.startswith("wallwatch: "), self.err
        assert self.err.count("\n") == 1, self.err
        assert "Traceback" not in self.err + self.out


Run = Callable[..., Ran]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def _run(*argv: str) -> Ran:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return _run


@pytest.fixture
def home(_private_home: Path) -> Path:
    """The WALLWATCH_HOME folder every test gets (set by the autouse fixture)."""
    return _private_home


@pytest.fixture
def real_db(home: Path) -> Path:
    return home / "wallwatch.sqlite3"
