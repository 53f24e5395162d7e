"""No network: the app and every CLI command work with network sockets forbidden.

Two guards, both on real processes:
- a ``sitecustomize`` (put first on PYTHONPATH) makes Python's socket module refuse anything but
  AF_UNIX sockets (Qt's single-instance server is a local socket, not network), and logs
  every attempt, so an attempt that some code swallowed is still seen;
- where ``strace`` is installed, the kernel's own record of ``socket()`` calls, which also sees
  Qt's and SQLite's C code: only local families (AF_UNIX, AF_NETLINK) may appear.

And a static check: no module of WallWatch imports a networking library.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import wallwatch
from wallwatch.services import open_journal

SRC = Path(wallwatch.__file__).parent

GUARD = r'''
"""Test guard: refuse network sockets in this process (and log each attempt)."""
import os
import socket

_LOG = os.environ.get("WALLWATCH_NET_LOG", "")
_LOCAL = {socket.AF_UNIX}


def _refuse(what):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(what + "\n")
    raise PermissionError(f"network use is forbidden in this test: {what}")


class _GuardedSocket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and (socket.AF_INET if family == -1 else family) not in _LOCAL:
            _refuse(f"socket({family!r})")
        super().__init__(family, type, proto, fileno)


def _forbidden(name):
    def refuse(*args, **kwargs):
        _refuse(f"{name}{args!r}")

    return refuse


socket.socket = _GuardedSocket
socket.SocketType = _GuardedSocket
for _name in (
    "create_connection", "create_server", "getaddrinfo", "gethostbyname",
    "gethostbyname_ex", "gethostbyaddr", "getnameinfo", "getfqdn",
):
    setattr(socket, _name, _forbidden(_name))
os.environ["WALLWATCH_NET_GUARD"] = "on"
'''

CLI_DRIVER = r"""
import os, sys
from wallwatch.cli import main

assert os.environ.get("WALLWATCH_NET_GUARD") == "on", "the network guard is not loaded"
data, other, out = sys.argv[1:4]
commands = [
    ["add", "--person", "Ana", "--fear", "being a burden", "--note", "first", "--loneliness", "6"],
    ["add", "--opened", "--person", "Ana", "--connection", "8", "--note", "second"],
    ["list"],
    ["list", "--json"],
    ["stats", "--weeks", "4"],
    ["chart", "weekly", "--out", f"{out}/weekly.png"],
    ["export", f"{out}/moments.csv"],
    ["people", "list"],
    ["tags", "list"],
    ["backup"],
    ["--demo", "demo", "--days", "10"],
]
for args in commands:
    code = main(["--data-dir", data, *args])
    assert code == 0, (args, code)
assert main(["--data-dir", other, "import", f"{out}/moments.csv"]) == 0
print("cli driver done")
"""

# socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3
_SOCKET_CALL = re.compile(r"socket\((\w+),")
LOCAL_FAMILIES = {"AF_UNIX", "AF_LOCAL", "AF_NETLINK"}


@pytest.fixture
def guard(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose Python processes load the guard, and the log of refused attempts."""
    folder = tmp_path / "guard"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network-attempts.log"
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "WALLWATCH_NET_LOG": str(log)}
    return env, log


@functools.cache
def _strace() -> list[str] | None:
    """The strace command line prefix, when strace is installed and allowed to trace here."""
    exe = shutil.which("strace")
    if exe is None:
        return None
    trial = subprocess.run(
        [exe, "-f", "-qq", "-e", "trace=socket", "-o", os.devnull, "true"],
        capture_output=True,
        check=False,
    )
    return (
        [exe, "-f", "-qq", "-e", "trace=socket", "-e", "signal=none"]
        if not trial.returncode
        else None
    )


def _run(
    args: list[str], env: dict[str, str], trace: Path | None
) -> subprocess.CompletedProcess[str]:
    prefix = _strace()
    if trace is not None and prefix is not None:
        args = [*prefix, "-o", str(trace), *args]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)


def _network_families(trace: Path) -> set[str]:
    if _strace() is None:
        return set()
    assert trace.exists(), "strace ran but wrote no trace"
    families = set(_SOCKET_CALL.findall(trace.read_text(encoding="utf-8", errors="replace")))
    return families - LOCAL_FAMILIES


def test_the_guard_really_refuses_network_sockets(guard: tuple[dict[str, str], Path]) -> None:
    env, log = guard
    probe = (
        "import socket\n"
        "a, b = socket.socketpair(); a.close(); b.close()\n"
        "socket.socket(socket.AF_UNIX).close()\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9))\n"
        "except PermissionError:\n"
        "    print('refused')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "refused\n"), result.stderr
    assert log.read_text(encoding="utf-8").startswith("create_connection(('127.0.0.1', 9)")


def test_every_cli_command_works_without_the_network(
    tmp_path: Path, guard: tuple[dict[str, str], Path], trust_figure: Callable[[str, str], None]
) -> None:
    env, log = guard
    data, other, out = tmp_path / "data", tmp_path / "other", tmp_path / "out"
    out.mkdir()
    trace = tmp_path / "cli.strace"
    result = _run([sys.executable, "-c", CLI_DRIVER, str(data), str(other), str(out)], env, trace)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "cli driver done" in result.stdout
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert _network_families(trace) == set()
    assert (out / "weekly.png").stat().st_size > 0
    with open_journal(other / "wallwatch.sqlite3") as j:
        assert sorted(m.note for m in j.moments.query()) == ["first", "second"]
    traced = "kernel trace checked" if _strace() else "no strace here"
    trust_figure(
        "no network (CLI)", f"12 commands ran with network sockets refused; 0 attempts ({traced})"
    )


def test_the_app_starts_and_opens_the_journal_without_the_network(
    tmp_path: Path, guard: tuple[dict[str, str], Path], trust_figure: Callable[[str, str], None]
) -> None:
    env, log = guard
    env = {**env, "WALLWATCH_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"}
    trace = tmp_path / "app.strace"
    result = _run([sys.executable, "-m", "wallwatch.app"], env, trace)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "probe interactive" in result.stdout, result.stdout
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert _network_families(trace) == set()
    database = Path(env["WALLWATCH_HOME"]) / "wallwatch.sqlite3"
    with open_journal(database) as j:
        assert j.moments.count() == 0  # opened (and created) by the app, then closed cleanly
    traced = "kernel trace checked" if _strace() else "no strace here"
    trust_figure(
        "no network (app)", f"offscreen start-up with network refused; 0 attempts ({traced})"
    )


# -- static: nothing that could reach the network is imported ---------------------------------
NETWORK_MODULES = {
    "aiohttp",
    "ftplib",
    "http",
    "httpx",
    "imaplib",
    "poplib",
    "requests",
    "smtplib",
    "socket",
    "socketserver",
    "ssl",
    "telnetlib",
    "urllib",
    "urllib3",
    "webbrowser",
    "xmlrpc",
}
# Qt's network module only for the local single-instance socket (a Unix socket, not network).
LOCAL_QT_NETWORK = {"QLocalServer", "QLocalSocket"}


def _imports(tree: ast.AST) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def test_no_module_imports_a_networking_library() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC).as_posix()
        for module, names in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            top = module.split(".")[0]
            if top in NETWORK_MODULES:
                offenders.append(f"{where}: {module}")
            if module.startswith("PySide6.QtNetwork") and not (
                where == "ui/single_instance.py" and set(names) <= LOCAL_QT_NETWORK
            ):
                offenders.append(f"{where}: {module} {names}")
            if module == "PySide6" and "QtNetwork" in names:
                offenders.append(f"{where}: PySide6.QtNetwork")
    assert offenders == []
