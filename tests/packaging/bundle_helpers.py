"""Helpers for the packaging tests: the packaging/ scripts as modules, and install.sh runs."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def load(name: str) -> ModuleType:
    """A module from packaging/ (not a package: the spec and the hooks import them by name).
    Kept under a prefixed name, so ``build`` does not stand in for the PyPI package."""
    key = f"wallwatch_packaging_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def unpack(archive: Path, into: Path) -> Path:
    """Unpack a Linux tarball; returns its one top folder."""
    with tarfile.open(archive) as tar:
        tops = {member.name.split("/")[0] for member in tar.getmembers()}
        tar.extractall(into, filter="tar")
    assert len(tops) == 1, tops
    return into / tops.pop()


def run_script(script: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run install.sh / uninstall.sh as a person would, with ``home`` as their home folder."""
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        **extra,
    }
    return subprocess.run(
        ["sh", str(script)], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def installed_files(home: Path) -> dict[str, Path]:
    """Where install.sh puts each thing, by what it is."""
    local = home / ".local"
    share = local / "share"
    found = {
        "app": local / "opt" / "wallwatch" / "wallwatch",
        "uninstall": local / "opt" / "wallwatch" / "uninstall.sh",
        "bin": local / "bin" / "wallwatch",
        "bin-gui": local / "bin" / "wallwatch-gui",
        "desktop": share / "applications" / "wallwatch.desktop",
        "metainfo": share / "metainfo" / "io.github.wallwatch.WallWatch.metainfo.xml",
        "svg": share / "icons" / "hicolor" / "scalable" / "apps" / "wallwatch.svg",
    }
    for size in ICON_SIZES:
        found[f"icon-{size}"] = (
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "wallwatch.png"
        )
    return found
