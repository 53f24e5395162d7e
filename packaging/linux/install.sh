#!/bin/sh
# Installs WallWatch for the current user, from the unpacked tarball this script came in:
#   ~/.local/opt/wallwatch/                     the app (replacing an earlier version)
#   ~/.local/bin/wallwatch, wallwatch-gui       links to it (the command line and the app)
#   ~/.local/share/applications/wallwatch.desktop, icons/hicolor/, metainfo/
# No root needed, nothing outside ~/.local is touched, and your journal (in
# ~/.local/share/WallWatch) is neither read nor changed. Remove it all with
#   ~/.local/opt/wallwatch/uninstall.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
opt="$HOME/.local/opt/wallwatch"
bin="$HOME/.local/bin"
share="${XDG_DATA_HOME:-$HOME/.local/share}"
desktop_id=wallwatch.desktop
metainfo=io.github.wallwatch.WallWatch.metainfo.xml

say() { printf 'wallwatch install: %s\n' "$*"; }
fail() { printf 'wallwatch install: %s\n' "$*" >&2; exit 1; }

[ -x "$here/wallwatch/wallwatch" ] || fail "no app next to this script (expected $here/wallwatch/wallwatch)"
"$here/wallwatch/wallwatch" --version >/dev/null 2>&1 ||
    fail "the app in $here/wallwatch does not start on this system"

# Copy beside the old version first, then swap, so a failed copy leaves the old one working.
mkdir -p "$HOME/.local/opt"
rm -rf "$opt.new"
cp -R "$here/wallwatch" "$opt.new"
cp "$here/uninstall.sh" "$opt.new/uninstall.sh"
chmod 755 "$opt.new/uninstall.sh"
rm -rf "$opt.old"
[ -e "$opt" ] && mv "$opt" "$opt.old"
mv "$opt.new" "$opt"
rm -rf "$opt.old"

mkdir -p "$bin"
for name in wallwatch wallwatch-gui; do
    ln -sfn "$opt/$name" "$bin/$name"
done

# The menu entry runs the app by its full path (~/.local/bin is not on every desktop's PATH),
# quoted in Exec as the Desktop Entry spec asks, so a home folder with spaces works too.
mkdir -p "$share/applications"
while IFS= read -r line; do
    case $line in
    Exec=*) printf 'Exec="%s"\n' "$opt/wallwatch-gui" ;;
    TryExec=*) printf 'TryExec=%s\n' "$opt/wallwatch-gui" ;;
    *) printf '%s\n' "$line" ;;
    esac
done <"$here/share/applications/$desktop_id" >"$share/applications/$desktop_id"
chmod 644 "$share/applications/$desktop_id"

for icon in "$here"/share/icons/hicolor/*/apps/wallwatch.*; do
    rel=${icon#"$here/share/"}
    mkdir -p "$share/$(dirname "$rel")"
    cp "$icon" "$share/$rel"
done
mkdir -p "$share/metainfo"
cp "$here/share/metainfo/$metainfo" "$share/metainfo/$metainfo"

# Refresh the menu and icon caches where those tools exist; menus catch up later anyway.
command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "$share/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ] &&
    gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true

say "installed $("$opt/wallwatch" --version) in $opt"
case ":$PATH:" in
*":$bin:"*) ;;
*) say "add $bin to your PATH to run 'wallwatch' from a terminal" ;;
esac
say "WallWatch is in your applications menu; remove it with $opt/uninstall.sh"
