"""What the bundle leaves out, in one place: read by wallwatch.spec, by the Qt hooks in
packaging/hooks/ and by the tests.

WallWatch uses QtCore, QtGui, QtWidgets and QtNetwork (local sockets only), matplotlib's Agg, Qt,
SVG and PDF output, SQLite through SQLAlchemy and Alembic. Everything else that the libraries'
hooks would pull in is listed here with the reason it can go.
"""

from __future__ import annotations

import struct
from pathlib import Path, PurePath

# Qt's Python modules that WallWatch never imports. Excluding them keeps a stray import in some
# library from dragging in their libraries, plugins and QML files (QtWebEngine alone is 200 MB).
UNUSED_QT = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml",
    "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickWidgets", "QtRemoteObjects", "QtScxml",
    "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine",
    "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtXml",
)  # fmt: skip

EXCLUDES = (
    *(f"PySide6.{name}" for name in UNUSED_QT),
    # Other GUI toolkits and bindings that matplotlib or Pillow would use if present.
    "tkinter", "_tkinter", "PIL.ImageTk", "PIL._imagingtk", "PIL.ImageQt",
    "PyQt5", "PyQt6", "PySide2",
    # Image formats WallWatch never reads or writes (charts are PNG, SVG and PDF).
    "PIL.AvifImagePlugin", "PIL._avif", "PIL.WebPImagePlugin", "PIL._webp",
    "PIL.ImageCms", "PIL._imagingcms",
    # WallWatch never uses the network: without ssl the bundle cannot even speak TLS.
    "ssl", "_ssl",
    # OpenSSL's hashes (4.6 MB of libcrypto); hashlib falls back to Python's own SHA-2 and MD5.
    "_hashlib",
    # Interactive and developer tools.
    "readline", "IPython", "pygments", "mako.ext.pygmentplugin",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "importlinter",
    "setuptools", "pkg_resources", "pip", "wheel", "PyInstaller",
)  # fmt: skip

# Qt plugin folders that a desktop app never loads on its own: embedded-display back ends,
# SQL and print drivers, QML tooling, TLS and network-status back ends (no network here).
DROP_PLUGIN_KINDS = frozenset({
    "designer", "egldeviceintegrations", "generic", "networkaccess", "networkinformation",
    "printsupport", "qmllint", "qmltooling", "sqldrivers", "tls",
    "wayland-graphics-integration-server",
})  # fmt: skip
# Single plugins that go, by name (without "lib" and the file suffix).
DROP_PLUGINS = frozenset({
    # Platforms for kiosks and framebuffers; kept: xcb, wayland, windows, cocoa, offscreen, minimal.
    "qeglfs", "qlinuxfb", "qminimalegl", "qvnc", "qvkkhrdisplay", "qdirect2d",
    # The GTK theme loads the system's GTK into the bundle's older or newer GLib and Cairo, a
    # classic cause of crashes; the freedesktop portal theme still gives native file dialogs.
    "qgtk3",
    # Wayland shells of other compositors (kept: xdg-shell, which every desktop speaks).
    "fullscreen-shell-v1", "ivi-shell", "qt-shell", "wl-shell-plugin",
    # Image formats nobody opens in WallWatch.
    "qpdf", "qtga", "qtiff", "qwbmp", "qwebp",
})  # fmt: skip

# Data nobody reads at run time: Qt's own translations (WallWatch installs no translator) and
# matplotlib's sample data and Sphinx/LuaTeX helpers.
DROP_DATA = (
    "PySide6/Qt/translations/",
    "matplotlib/mpl-data/sample_data/",
    "matplotlib/mpl-data/plot_directive/",
    "matplotlib/mpl-data/kpsewhich.lua",
)


def plugin_of(path: str) -> tuple[str, str] | None:
    """(kind, name) when ``path`` is a Qt plugin file (``.../plugins/<kind>/lib<name>.so``)."""
    parts = PurePath(path.replace("\\", "/")).parts
    if "plugins" not in parts[:-2]:
        return None
    kind = parts[len(parts) - parts[::-1].index("plugins")]
    stem = parts[-1].split(".")[0]
    return kind, stem.removeprefix("lib")


def keep_qt_plugin(path: str) -> bool:
    found = plugin_of(path)
    if found is None:
        return True
    kind, name = found
    return kind not in DROP_PLUGIN_KINDS and name not in DROP_PLUGINS


def keep(dest: str) -> bool:
    """Whether a file collected as ``dest`` (its path inside the bundle) stays in it."""
    dest = dest.replace("\\", "/")
    if any(dest.startswith(prefix) for prefix in DROP_DATA):
        return False
    parts = PurePath(dest).parts[:-1]
    if "tests" in parts or "test" in parts or "sample_data" in parts:
        return False
    return keep_qt_plugin(dest)


def has_debug_info(path: Path) -> bool:
    """Whether an ELF file carries a ``.debug_info`` section (read from its section headers)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
            if head[:4] != b"\x7fELF" or head[4] != 2:  # 64-bit ELF only
                return False
            order = "<" if head[5] == 1 else ">"
            (shoff,) = struct.unpack_from(order + "Q", head, 0x28)
            shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", head, 0x3A)
            fh.seek(shoff)
            table = fh.read(shentsize * shnum)
            names_at, names_size = struct.unpack_from(
                order + "QQ", table, shstrndx * shentsize + 0x18
            )
            fh.seek(names_at)
            names = fh.read(names_size)
    except (OSError, struct.error, IndexError):
        return False
    return b"\0.debug_info\0" in b"\0" + names


def worth_stripping(source: str) -> bool:
    """Libraries whose debug sections can go. Not those auditwheel vendored into a ``*.libs``
    folder: binutils rewrites those patchelf-edited files into ones the loader refuses."""
    path = Path(source)
    if any(part.endswith(".libs") for part in path.parts):
        return False
    return has_debug_info(path)
