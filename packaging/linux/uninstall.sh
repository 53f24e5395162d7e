#!/bin/sh
# Removes what install.sh put in ~/.local. Your journal, its backups and your settings are kept:
# they are yours, not the app's (delete ~/.local/share/WallWatch yourself if you want them gone).
set -eu

opt="$HOME/.local/opt/wallwatch"
bin="$HOME/.local/bin"
share="${XDG_DATA_HOME:-$HOME/.local/share}"

for name in wallwatch wallwatch-gui; do
    # Only our own links: a wallwatch installed some other way (pipx, a package) stays.
    link="$bin/$name"
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$opt/$name" ]; then
        rm -f "$link"
    fi
done
rm -f "$share/applications/wallwatch.desktop"
rm -f "$share/metainfo/io.github.wallwatch.WallWatch.metainfo.xml"
rm -f "$share"/icons/hicolor/*/apps/wallwatch.png "$share/icons/hicolor/scalable/apps/wallwatch.svg"
rm -rf "$opt"

command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "$share/applications" 2>/dev/null || true

printf 'wallwatch uninstall: removed WallWatch from %s\n' "$HOME/.local"
printf 'wallwatch uninstall: your journal was kept (in %s/WallWatch, unless you moved it)\n' "$share"
