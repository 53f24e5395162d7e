"""The PyInstaller spec, run for each platform with stand-ins for PyInstaller's classes: what it
collects, what it leaves out and how it sets up each platform's executables. No build here."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bundle_helpers import PACKAGING, ROOT, load

from wallwatch import __version__

SPEC = PACKAGING / "wallwatch.spec"
ICONS = ROOT / "resources" / "icons"
MIGRATIONS = ROOT / "src" / "wallwatch" / "store" / "migrations"

# What a real analysis might hand the spec: each entry is (path in the bundle, source, kind).
FOUND_BINARIES = [
    ("PySide6/Qt/lib/libQt6Core.so.6", "/site/libQt6Core.so.6", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "/site/libqxcb.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", "/site/libqwayland.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/site/libqoffscreen.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", "/site/libqvnc.so", "BINARY"),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/site/libqgtk3.so", "BINARY"),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "/site/libqopenssl.so", "BINARY"),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "/site/libqsqlite.so", "BINARY"),
]
FOUND_DATAS = [
    ("PySide6/Qt/translations/qtbase_de.qm", "/site/qtbase_de.qm", "DATA"),
    ("matplotlib/mpl-data/sample_data/goog.npz", "/site/goog.npz", "DATA"),
    ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", "/site/DejaVuSans.ttf", "DATA"),
    ("numpy/_core/tests/data/umath-validation.csv", "/site/umath.csv", "DATA"),
]
KEPT = {
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
}


@dataclass
class Built:
    """What the spec asked PyInstaller to do."""

    analysis: dict[str, Any] = field(default_factory=dict)
    scripts: list[str] = field(default_factory=list)
    executables: list[dict[str, Any]] = field(default_factory=list)
    collect: tuple[tuple[Any, ...], dict[str, Any]] | None = None
    bundle: dict[str, Any] | None = None
    dist: Path = Path()
    work: Path = Path()


def build(tmp_path: Path, platform: str, monkeypatch: pytest.MonkeyPatch) -> Built:
    built = Built(dist=tmp_path / "dist", work=tmp_path / "work")
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec adds packaging/ and src/

    class Analysis:
        def __init__(self, scripts: list[str], **kwargs: Any) -> None:
            built.scripts, built.analysis = scripts, kwargs
            self.binaries = list(FOUND_BINARIES)
            self.datas = list(FOUND_DATAS)
            self.pure: list[Any] = []
            self.scripts: list[Any] = []

    class EXE:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.kwargs = kwargs
            built.executables.append(kwargs)

    def collect(*args: Any, **kwargs: Any) -> None:
        built.collect = (args, kwargs)
        (built.dist / kwargs["name"]).mkdir(parents=True)

    def bundle(*args: Any, **kwargs: Any) -> None:
        built.bundle = kwargs

    namespace = {
        "SPECPATH": str(PACKAGING),
        "DISTPATH": str(built.dist),
        "workpath": str(built.work),
        "Analysis": Analysis,
        "PYZ": lambda *args, **kwargs: object(),
        "EXE": EXE,
        "COLLECT": collect,
        "BUNDLE": bundle,
        "os": os,
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return built


def test_the_spec_collects_the_icons_and_the_migration_scripts_as_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(tmp_path, "linux", monkeypatch)
    datas = {(Path(source), dest) for source, dest in built.analysis["datas"]}

    for icon in ICONS.iterdir():
        assert (icon, "wallwatch/resources/icons") in datas
    for name in ("env.py", "script.py.mako"):
        assert (MIGRATIONS / name, "wallwatch/store/migrations") in datas
    versions = sorted((MIGRATIONS / "versions").glob("*.py"))
    assert versions
    for script in versions:
        assert (script, "wallwatch/store/migrations/versions") in datas
    assert all(source.is_file() for source, _ in datas)
    assert built.scripts == [str(PACKAGING / "launcher.py")]


def test_the_spec_names_what_is_loaded_at_run_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(tmp_path, "linux", monkeypatch)
    hidden = built.analysis["hiddenimports"]
    # env.py and the migration scripts import these; savefig picks the SVG backend by name.
    assert {"alembic.context", "alembic.op", "matplotlib.backends.backend_svg"} <= set(hidden)
    assert built.analysis["hookspath"] == [str(PACKAGING / "hooks")]
    assert (PACKAGING / "hooks" / "hook-PySide6.QtGui.py").is_file()


def test_unused_qt_modules_are_excluded_and_used_ones_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    excludes = set(build(tmp_path, "linux", monkeypatch).analysis["excludes"])
    for name in ("QtWebEngineCore", "Qt3DCore", "QtMultimedia", "QtQuick", "QtQml", "QtSql"):
        assert f"PySide6.{name}" in excludes
    used = {
        f"PySide6.{module}"
        for path in (ROOT / "src").rglob("*.py")
        for module in re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8"))
    }
    assert "PySide6.QtWidgets" in used
    assert not used & excludes, "the app imports a Qt module the bundle leaves out"
    assert {"ssl", "tkinter", "pytest"} <= excludes


def test_the_spec_drops_unused_plugins_translations_and_test_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(tmp_path, "linux", monkeypatch)
    assert built.collect is not None
    args, _ = built.collect
    collected = {entry[0] for part in args if isinstance(part, list) for entry in part}
    assert collected == KEPT


def test_linux_has_one_executable_and_a_link_for_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(tmp_path, "linux", monkeypatch)
    [cli] = built.executables
    assert cli["name"] == "wallwatch" and cli["console"] is True
    link = built.dist / "wallwatch" / "wallwatch-gui"
    assert link.is_symlink() and os.readlink(link) == "wallwatch"
    assert built.bundle is None


def test_windows_has_a_windowless_app_executable_with_icon_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(tmp_path, "win32", monkeypatch)
    by_name = {exe["name"]: exe for exe in built.executables}
    assert by_name["wallwatch"]["console"] is True
    assert by_name["wallwatch-gui"]["console"] is False
    icon = Path(by_name["wallwatch-gui"]["icon"])
    assert icon.suffix == ".ico" and icon.read_bytes()[:4] == b"\0\0\1\0"
    version = Path(by_name["wallwatch-gui"]["version"]).read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{__version__}')" in version
    assert not (built.dist / "wallwatch" / "wallwatch-gui").exists()


def test_macos_wraps_the_windowless_executable_in_an_app_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(tmp_path, "darwin", monkeypatch)
    assert built.bundle is not None and built.collect is not None
    metainfo = (PACKAGING / "linux" / "io.github.wallwatch.WallWatch.metainfo.xml").read_text()
    assert f"<id>{built.bundle['bundle_identifier']}</id>" in metainfo
    assert built.bundle["name"] == "WallWatch.app"
    assert built.bundle["info_plist"]["CFBundleShortVersionString"] == __version__
    icon = Path(built.bundle["icon"])
    assert icon.suffix == ".icns" and icon.read_bytes()[:4] == b"icns"
    first = built.collect[0][0]  # the .app runs the first executable collected
    assert first.kwargs["name"] == "wallwatch-gui" and first.kwargs["console"] is False


def test_the_rules_module_reads_plugin_paths_on_every_platform() -> None:
    rules = load("bundle_rules")
    assert rules.plugin_of("PySide6/Qt/plugins/platforms/libqxcb.so") == ("platforms", "qxcb")
    assert rules.plugin_of(r"PySide6\plugins\platforms\qwindows.dll") == ("platforms", "qwindows")
    assert rules.plugin_of("PySide6/Qt/lib/libQt6Core.so.6") is None
    assert rules.keep(r"PySide6\plugins\platforms\qwindows.dll")
    assert not rules.keep(r"PySide6\plugins\tls\qschannelbackend.dll")
