"""Files the Windows and macOS builds need that no tool here makes: the ``.ico`` and ``.icns``
icons (from the committed PNG renders) and the Windows version resource.

Both icon formats may simply hold PNG data behind a small index, so a few lines of standard
library do it: no Pillow, no iconutil, and the same bytes on every build machine.
Run as a script to write the icons: ``python packaging/platform_assets.py OUT_DIR``.
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Iterable
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can be
# The PNG-holding .icns entry types and the pixel size each must hold ("@2x" ones included).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk; ``ValueError`` if it is not a PNG."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _render(size: int, icons: Path) -> bytes:
    data = (icons / f"wallwatch-{size}.png").read_bytes()
    if png_size(data) != (size, size):
        raise ValueError(f"wallwatch-{size}.png is not {size}x{size} pixels")
    return data


def ico_bytes(sizes: Iterable[int] = ICO_SIZES, icons: Path = ICONS) -> bytes:
    """An .ico whose entries are the PNG renders (Windows Vista and later read these)."""
    images = [(size, _render(size, icons)) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(images)
    entries, blobs = [], []
    for size, data in images:
        edge = 0 if size >= 256 else size  # 0 means 256 in the one-byte width/height fields
        entries.append(struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(types: Iterable[tuple[bytes, int]] = ICNS_TYPES, icons: Path = ICONS) -> bytes:
    """An .icns of PNG entries; each entry and the file carry their own length, big-endian."""
    chunks = []
    for kind, size in types:
        data = _render(size, icons)
        chunks.append(kind + struct.pack(">I", 8 + len(data)) + data)
    body = b"".join(chunks)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(out_dir: Path, icons: Path = ICONS) -> tuple[Path, Path]:
    """Write ``wallwatch.ico`` and ``wallwatch.icns`` into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ico, icns = out_dir / "wallwatch.ico", out_dir / "wallwatch.icns"
    ico.write_bytes(ico_bytes(icons=icons))
    icns.write_bytes(icns_bytes(icons=icons))
    return ico, icns


def windows_version_text(version: str) -> str:
    """PyInstaller's text form of a Windows version resource (the file's Properties > Details)."""
    numbers = [int(part) for part in version.split(".")[:3] if part.isdigit()]
    four = tuple([*numbers, 0, 0, 0, 0][:4])
    strings = {
        "CompanyName": "WallWatch developers",
        "FileDescription": "WallWatch",
        "FileVersion": version,
        "LegalCopyright": "WallWatch developers, MIT licence",
        "ProductName": "WallWatch",
        "ProductVersion": version,
    }
    table = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3F, flags=0x0,\n"
        "    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        f"    StringFileInfo([StringTable('040904B0', [\n{table}\n    ])]),\n"
        "    VarFileInfo([VarStruct('Translation', [1033, 1200])]),\n"
        "  ],\n"
        ")\n"
    )


def write_windows_version(path: Path, version: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(windows_version_text(version), encoding="utf-8")
    return path


if __name__ == "__main__":
    for written in write_icons(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written)
