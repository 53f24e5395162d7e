"""The Linux tarball's layout and its install.sh / uninstall.sh, with a stand-in for the app so
no build is needed (tests/packaging/test_bundle.py does the same with the real bundle)."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from bundle_helpers import ICON_SIZES, PACKAGING, installed_files, load, run_script, unpack

from wallwatch import __version__

if not sys.platform.startswith("linux"):
    pytest.skip("the tarball and its scripts are for Linux", allow_module_level=True)

build = load("build")


def fake_bundle(folder: Path, *, starts: bool = True) -> Path:
    """A folder shaped like dist/wallwatch whose executable only answers --version."""
    bundle = folder / "wallwatch"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "libsomething.so").write_bytes(b"\x7fELF stand-in")
    exe = bundle / "wallwatch"
    answer = f'[ "$1" = --version ] && echo "wallwatch {__version__}"'
    exe.write_text(f"#!/bin/sh\n{answer}\nexit {0 if starts else 1}\n", encoding="utf-8")
    exe.chmod(0o755)
    (bundle / "wallwatch-gui").symlink_to("wallwatch")
    return bundle


@pytest.fixture
def unpacked(tmp_path: Path) -> Path:
    archive = build.make_linux_archive(fake_bundle(tmp_path / "dist"), tmp_path, __version__)
    return unpack(archive, tmp_path / "unpacked")


def test_the_tarball_holds_the_bundle_scripts_and_desktop_files(tmp_path: Path) -> None:
    archive = build.make_linux_archive(fake_bundle(tmp_path / "dist"), tmp_path, __version__)
    assert archive.name == f"{build.archive_name(__version__)}.tar.gz"
    assert "-linux-" in archive.name
    with tarfile.open(archive) as tar:
        members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if "/" in m.name}
    assert members["wallwatch/wallwatch"].mode == 0o755
    assert members["wallwatch/wallwatch-gui"].issym()
    assert members["wallwatch/wallwatch-gui"].linkname == "wallwatch"
    assert members["install.sh"].mode == members["uninstall.sh"].mode == 0o755
    assert "share/applications/wallwatch.desktop" in members
    assert "share/metainfo/io.github.wallwatch.WallWatch.metainfo.xml" in members
    for size in ICON_SIZES:
        assert f"share/icons/hicolor/{size}x{size}/apps/wallwatch.png" in members
    assert all(m.uid == 0 and m.uname == "" for m in members.values())


def test_install_puts_everything_in_local_and_the_menu_entry_finds_the_app(
    unpacked: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    ran = run_script(unpacked / "install.sh", home)
    assert ran.returncode == 0, ran.stderr
    assert f"installed wallwatch {__version__}" in ran.stdout

    where = installed_files(home)
    missing = [what for what, path in where.items() if not path.exists()]
    assert missing == []
    opt = home / ".local" / "opt" / "wallwatch"
    assert where["bin"].resolve() == (opt / "wallwatch").resolve()
    assert os.readlink(where["bin-gui"]) == str(opt / "wallwatch-gui")
    assert os.access(where["uninstall"], os.X_OK)

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(where["desktop"], encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"] == f'"{opt / "wallwatch-gui"}"'
    assert entry["Desktop Entry"]["TryExec"] == str(opt / "wallwatch-gui")
    assert entry["Desktop Entry"]["Icon"] == "wallwatch"
    validator = shutil.which("desktop-file-validate")
    if validator is not None:
        checked = subprocess.run([validator, str(where["desktop"])], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_home_folder_with_spaces_gets_a_quoted_menu_entry(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "Alex Doe's home"
    assert run_script(unpacked / "install.sh", home).returncode == 0
    desktop = installed_files(home)["desktop"]
    app = home / ".local" / "opt" / "wallwatch" / "wallwatch-gui"
    assert f'Exec="{app}"\n' in desktop.read_text(encoding="utf-8")
    assert os.access(app, os.X_OK)


def test_installing_again_replaces_the_old_version(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_script(unpacked / "install.sh", home).returncode == 0
    leftover = home / ".local" / "opt" / "wallwatch" / "_internal" / "from-an-old-version.so"
    leftover.write_bytes(b"old")

    again = run_script(unpacked / "install.sh", home)

    assert again.returncode == 0, again.stderr
    assert not leftover.exists()
    assert sorted(p.name for p in (home / ".local" / "opt").iterdir()) == ["wallwatch"]


def test_uninstall_removes_the_app_and_keeps_the_journal(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_script(unpacked / "install.sh", home).returncode == 0
    journal = home / ".local" / "share" / "WallWatch" / "wallwatch.sqlite3"
    journal.parent.mkdir(parents=True)
    journal.write_bytes(b"a private journal")
    where = installed_files(home)

    ran = run_script(where["uninstall"], home)

    assert ran.returncode == 0, ran.stderr
    assert [what for what, path in where.items() if path.exists() or path.is_symlink()] == []
    assert journal.read_bytes() == b"a private journal"
    assert "journal was kept" in ran.stdout


def test_uninstall_leaves_a_wallwatch_it_did_not_install(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_script(unpacked / "install.sh", home).returncode == 0
    other = home / ".local" / "bin" / "wallwatch"
    other.unlink()
    other.write_text("#!/bin/sh\necho pipx-installed\n", encoding="utf-8")

    assert run_script(installed_files(home)["uninstall"], home).returncode == 0

    assert other.read_text(encoding="utf-8").endswith("pipx-installed\n")


def test_install_refuses_an_app_that_does_not_start(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "dist", starts=False)
    unpacked = unpack(build.make_linux_archive(bundle, tmp_path, __version__), tmp_path / "u")
    home = tmp_path / "home"

    ran = run_script(unpacked / "install.sh", home)

    assert ran.returncode != 0
    assert "does not start on this system" in ran.stderr
    assert not (home / ".local" / "opt").exists()
    assert not (home / ".local" / "bin").exists()


def test_the_scripts_are_executable_in_the_repository() -> None:
    for name in ("install.sh", "uninstall.sh"):
        mode = (PACKAGING / "linux" / name).stat().st_mode
        assert mode & stat.S_IXUSR, f"packaging/linux/{name} lost its executable bit"
