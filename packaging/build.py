"""Build the WallWatch bundle for this platform (``make package`` runs this).

    python packaging/build.py [--clean] [--no-archive]

1. installs PyInstaller (the ``package`` extra in pyproject.toml) into this Python if missing;
2. runs PyInstaller on packaging/wallwatch.spec into dist/ (work files in build/pyinstaller);
3. on Linux, packs dist/wallwatch-<version>-linux-<arch>.tar.gz: the bundle, the desktop file,
   the AppStream metainfo, the icons and install.sh / uninstall.sh;
4. reports the bundle's size and the build time, and keeps them in dist/wallwatch-build.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DESKTOP = "wallwatch.desktop"
METAINFO = "io.github.wallwatch.WallWatch.metainfo.xml"
INSTALL_SCRIPTS = ("install.sh", "uninstall.sh")


def project_version() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from wallwatch import __version__

    return __version__


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = project["optional-dependencies"]["package"]
    print(f"build: installing {' '.join(needed)} into {sys.prefix}", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *needed],
        check=True,
    )


def ensure_binutils() -> None:
    """PyInstaller reads Linux binaries with objdump and appends its archive with objcopy."""
    if not sys.platform.startswith("linux") or shutil.which("objdump"):
        return
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        raise SystemExit("build: PyInstaller needs binutils: sudo apt-get install binutils")
    print("build: installing binutils", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update", "-qq"], check=True, env=env)
    subprocess.run([apt, "install", "-y", "-qq", "binutils"], check=True, env=env)


def run_pyinstaller(dist: Path, work: Path, *, clean: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
        *(["--clean"] if clean else []),
        str(PACKAGING / "wallwatch.spec"),
    ]
    subprocess.run(command, check=True, cwd=ROOT)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes on disk (as ``du`` counts them, links not followed) and the number of files."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_blocks * 512
            count += 1
    return total, count


def archive_name(version: str) -> str:
    arch = platform.machine().lower() or "unknown"
    return f"wallwatch-{version}-linux-{arch}"


def _add_file(tar: tarfile.TarFile, source: Path, name: str, mode: int) -> None:
    info = tar.gettarinfo(str(source), arcname=name)
    info.mode = mode
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with source.open("rb") as fh:
        tar.addfile(info, fh)


def make_linux_archive(bundle: Path, out_dir: Path, version: str) -> Path:
    """A tarball that unpacks to one folder: the bundle plus what install.sh puts in ~/.local."""
    top = archive_name(version)
    target = out_dir / f"{top}.tar.gz"
    partial = target.with_name(target.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        for path in sorted(bundle.rglob("*")):
            name = f"{top}/wallwatch/{path.relative_to(bundle).as_posix()}"
            if path.is_symlink() or path.is_dir():
                info = tar.gettarinfo(str(path), arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                tar.addfile(info)
            else:
                executable = os.access(path, os.X_OK)
                _add_file(tar, path, name, 0o755 if executable else 0o644)
        for script in INSTALL_SCRIPTS:
            _add_file(tar, LINUX / script, f"{top}/{script}", 0o755)
        share = f"{top}/share"
        _add_file(tar, LINUX / DESKTOP, f"{share}/applications/{DESKTOP}", 0o644)
        _add_file(tar, LINUX / METAINFO, f"{share}/metainfo/{METAINFO}", 0o644)
        for size in ICON_SIZES:
            png = ICONS / f"wallwatch-{size}.png"
            _add_file(tar, png, f"{share}/icons/hicolor/{size}x{size}/apps/wallwatch.png", 0o644)
        svg = f"{share}/icons/hicolor/scalable/apps/wallwatch.svg"
        _add_file(tar, ICONS / "wallwatch.svg", svg, 0o644)
    partial.replace(target)
    return target


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the WallWatch bundle for this platform.")
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    parser.add_argument("--no-archive", action="store_true", help="skip the Linux tarball")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="work folder"
    )
    args = parser.parse_args(argv)

    version = project_version()
    ensure_pyinstaller()
    ensure_binutils()
    started = time.monotonic()
    run_pyinstaller(args.dist, args.work, clean=args.clean)
    seconds = time.monotonic() - started
    bundle = args.dist / "wallwatch"
    size, files = folder_size(bundle)
    report: dict[str, object] = {
        "version": version,
        "platform": sys.platform,
        "bundle": str(bundle),
        "bundle_bytes": size,
        "bundle_files": files,
        "build_seconds": round(seconds, 1),
    }
    print(f"build: {bundle} is {_mib(size)} in {files} files, built in {seconds:.0f} s")
    if sys.platform.startswith("linux") and not args.no_archive:
        archive = make_linux_archive(bundle, args.dist, version)
        report["archive"] = str(archive)
        report["archive_bytes"] = archive.stat().st_size
        print(f"build: {archive} is {_mib(archive.stat().st_size)}")
    (args.dist / "wallwatch-build.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
