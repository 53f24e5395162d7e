#!/usr/bin/env bash
# Sets up everything WallWatch needs in ./.venv, on a bare Debian/Ubuntu machine or a desktop.
#   scripts/bootstrap.sh run    -> what the desktop app needs
#   scripts/bootstrap.sh test   -> the same, plus test tools (and Xvfb where it can be installed)
# System packages are installed only when missing, and only with apt-get as root (otherwise
# the script prints the one command to run). Python packages go into .venv, never system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"
VENV=.venv

say() { printf 'wallwatch setup: %s\n' "$*" >&2; }

find_python() {
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

apt_install() {
    # $@: Debian package names
    if ! command -v apt-get >/dev/null 2>&1; then
        say "please install these system packages: $*"
        return 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
                sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
            return $?
        fi
        say "please run: sudo apt-get install -y $*"
        return 1
    fi
    say "installing system packages: $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

PY="$(find_python || true)"
if [ -z "$PY" ]; then
    apt_install python3 python3-venv || { say "WallWatch needs Python 3.11 or newer"; exit 1; }
    PY="$(find_python)" || { say "WallWatch needs Python 3.11 or newer"; exit 1; }
fi

if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PY" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        ver="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        apt_install "python${ver}-venv" || apt_install python3-venv || true
        "$PY" -m venv "$VENV"
    fi
fi

# Qt's shared libraries that a minimal Debian lacks (offscreen and desktop alike).
missing=()
have_lib 'libEGL.so.1' || missing+=(libegl1)
have_lib 'libGL.so.1' || missing+=(libgl1)
have_lib 'libxkbcommon.so.0' || missing+=(libxkbcommon0)
have_lib 'libfontconfig.so.1' || missing+=(libfontconfig1)
have_lib 'libdbus-1.so.3' || missing+=(libdbus-1-3)
have_lib 'libglib-2.0.so.0' || missing+=(libglib2.0-0)
# The X11 platform plugin (a real desktop, or Xvfb in tests).
have_lib 'libxcb-cursor.so.0' || missing+=(libxcb-cursor0)
have_lib 'libxkbcommon-x11.so.0' || missing+=(libxkbcommon-x11-0)
have_lib 'libxcb-icccm.so.4' || missing+=(libxcb-icccm4)
have_lib 'libxcb-keysyms.so.1' || missing+=(libxcb-keysyms1)
have_lib 'libxcb-shape.so.0' || missing+=(libxcb-shape0)
have_lib 'libxcb-render-util.so.0' || missing+=(libxcb-render-util0)
have_lib 'libxcb-image.so.0' || missing+=(libxcb-image0)
fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -1)" ] || missing+=(fonts-dejavu-core)
if [ "$purpose" = "test" ]; then
    command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
    command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
    command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
    command -v appstreamcli >/dev/null 2>&1 || missing+=(appstream)
    # pdftotext/pdfinfo check the therapist report PDF in tests.
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}" || say "continuing without: ${missing[*]} (some features or tests may be skipped)"
fi

extras=""
[ "$purpose" = "test" ] && extras="[test]"
stamp="$VENV/.installed-$purpose-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    say "installing Python packages into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${extras}"
    rm -f "$VENV"/.installed-"$purpose"-*
    touch "$stamp"
fi
