"""The Windows .ico, the macOS .icns and the Windows version resource, made without Pillow,
then read back by Pillow (a matplotlib dependency) and Qt as the platforms would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bundle_helpers import ROOT, load
from PIL import Image
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QApplication

from wallwatch import __version__

assets = load("platform_assets")
rules = load("bundle_rules")


def test_ico_holds_every_size_up_to_256(tmp_path: Path, qapp: QApplication) -> None:
    ico, _ = assets.write_icons(tmp_path)
    with Image.open(ico) as image:
        assert image.format == "ICO"
        assert sorted(image.info["sizes"]) == [(s, s) for s in assets.ICO_SIZES]
    reader = QImageReader(str(ico))
    assert reader.imageCount() == len(assets.ICO_SIZES)


def test_icns_holds_the_retina_sizes_too(tmp_path: Path, qapp: QApplication) -> None:
    _, icns = assets.write_icons(tmp_path)
    with Image.open(icns) as image:
        assert image.format == "ICNS"
        sizes = set(image.info["sizes"])
    assert {(512, 512, 1), (256, 256, 2), (16, 16, 1), (16, 16, 2)} <= sizes
    assert QImageReader(str(icns)).canRead()


def test_a_png_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    icons = tmp_path / "icons"
    shutil.copytree(ROOT / "resources" / "icons", icons)
    shutil.copy(icons / "wallwatch-32.png", icons / "wallwatch-48.png")
    with pytest.raises(ValueError, match=r"wallwatch-48\.png is not 48x48"):
        assets.ico_bytes(icons=icons)
    with pytest.raises(ValueError, match="not a PNG"):
        assets.png_size(b"GIF89a" + bytes(30))


def test_the_windows_version_resource_carries_the_version() -> None:
    made: dict[str, Any] = {}

    def record(kind: str):  # type: ignore[no-untyped-def]
        def constructor(*args: Any, **kwargs: Any) -> tuple[str, Any, Any]:
            made.setdefault(kind, []).append((args, kwargs))
            return kind, args, kwargs

        return constructor

    names = (
        "VSVersionInfo FixedFileInfo StringFileInfo StringTable StringStruct VarFileInfo VarStruct"
    )
    text = assets.windows_version_text(__version__)
    eval(text, {name: record(name) for name in names.split()})  # the way PyInstaller reads it

    numbers = tuple(int(part) for part in __version__.split("."))
    assert made["FixedFileInfo"][0][1]["filevers"][: len(numbers)] == numbers
    strings = dict(args for args, _ in made["StringStruct"])
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["ProductName"] == "WallWatch"


def _elf_with_debug_info(tmp_path: Path) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to make a library with debug information")
    source = tmp_path / "tiny.c"
    source.write_text("int tiny(void) { return 7; }\n", encoding="utf-8")
    library = tmp_path / "libtiny.so"
    subprocess.run(
        [compiler, "-g", "-shared", "-fPIC", "-o", str(library), str(source)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return library


def test_debug_information_is_found_and_stripping_is_left_to_safe_places(
    tmp_path: Path,
) -> None:
    library = _elf_with_debug_info(tmp_path)
    assert rules.has_debug_info(library)
    assert rules.worth_stripping(str(library))

    vendored = tmp_path / "numpy.libs"
    vendored.mkdir()
    shutil.copy(library, vendored / "libtiny.so")
    assert not rules.worth_stripping(str(vendored / "libtiny.so"))

    strip = shutil.which("strip")
    if strip is not None:
        bare = tmp_path / "libbare.so"
        subprocess.run([strip, "--strip-debug", "-o", str(bare), str(library)], check=True)
        assert not rules.has_debug_info(bare)
    not_elf = tmp_path / "notes.txt"
    not_elf.write_text("hello", encoding="utf-8")
    assert not rules.has_debug_info(not_elf)
    assert not rules.has_debug_info(tmp_path / "missing.so")
