"""Desktop integration files and the icon: valid, consistent with each other and with app.py."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "wallwatch.desktop"
METAINFO = LINUX / "io.github.wallwatch.WallWatch.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _validate(tool: str, package: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (Debian package {package}), so it cannot validate")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=60, check=False)


def test_desktop_file_validates() -> None:
    result = _validate("desktop-file-validate", "desktop-file-utils", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_validates() -> None:
    result = _validate("appstreamcli", "appstream", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_name_matches_the_app() -> None:
    source = (ROOT / "src" / "wallwatch" / "app.py").read_text(encoding="utf-8")
    names = re.findall(r'setDesktopFileName\("([^"]+)"\)', source)
    assert names == [DESKTOP.stem]


def test_metainfo_launches_the_desktop_file() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.find("launchable[@type='desktop-id']").text == DESKTOP.name  # type: ignore[union-attr]
    assert root.findtext("name") == _desktop_entry()["Name"] == "WallWatch"
    assert "not a diagnostic tool" in ET.tostring(root, encoding="unicode")


def test_desktop_file_runs_an_installed_gui_script_and_names_the_shipped_icon() -> None:
    entry = _desktop_entry()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    command = entry["Exec"].split()[0]
    assert command in project["gui-scripts"]
    assert entry["Terminal"] == "false"
    assert (ICONS / f"{entry['Icon']}.svg").is_file()


def test_icon_svg_is_valid() -> None:
    renderer = QSvgRenderer(str(ICONS / "wallwatch.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height()


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_has_its_size(size: int, qapp: QApplication) -> None:
    image = QImage(str(ICONS / f"wallwatch-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    corner = QColor.fromRgba(image.pixel(0, 0))
    assert corner.alpha() == 0, "the corners of the rounded tile are transparent"


def _mean_difference(a: QImage, b: QImage) -> float:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            ca, cb = QColor.fromRgba(a.pixel(x, y)), QColor.fromRgba(b.pixel(x, y))
            total += abs(ca.red() - cb.red()) + abs(ca.green() - cb.green())
            total += abs(ca.blue() - cb.blue()) + abs(ca.alpha() - cb.alpha())
    return total / (a.width() * a.height() * 4)


def test_committed_pngs_are_renders_of_the_current_svg(tmp_path: Path, qapp: QApplication) -> None:
    """Catches an SVG edited without running scripts/render_icons.py afterwards."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_icons.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for size in (16, 48):
        fresh = QImage(str(tmp_path / f"wallwatch-{size}.png"))
        committed = QImage(str(ICONS / f"wallwatch-{size}.png"))
        # Renderers differ a little between Qt versions; a changed drawing differs a lot.
        assert _mean_difference(fresh, committed) < 6, f"wallwatch-{size}.png is out of date"
