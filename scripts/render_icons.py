"""Render resources/icons/wallwatch.svg to the PNG sizes desktops and the app ask for.

Run after editing the SVG:  .venv/bin/python scripts/render_icons.py [OUT_DIR]
Uses Qt's own SVG renderer, so no other tool is needed; the PNGs are committed. OUT_DIR (default:
beside the SVG) lets the tests render afresh and compare with the committed files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main(argv: list[str]) -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out = Path(argv[0]) if argv else ICONS
    svg = ICONS / "wallwatch.svg"
    for size in SIZES:
        target = out / f"wallwatch-{size}.png"
        if not render(svg, size).save(str(target), "PNG"):
            print(f"render_icons: could not write {target}", file=sys.stderr)
            return 1
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
