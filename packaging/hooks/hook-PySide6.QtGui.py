# Takes the place of PyInstaller's hook for PySide6.QtGui (hooks in the spec's hookspath win):
# the same collection, minus the Qt plugins listed in packaging/bundle_rules.py. Filtering here,
# not after the analysis, keeps the libraries that only those plugins link out of the bundle too.
from bundle_rules import keep_qt_plugin
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in binaries if keep_qt_plugin(source)]
