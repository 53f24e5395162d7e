"""A cheaper check in PySide6's import hook: read each module's file, not its cached lines.

Once PySide6 is loaded, every later import goes through its ``__feature__`` hook (PYSIDE-2029),
which asks whether the new module's source mentions "PySide6" using ``inspect.getsource``. That
reads and splits every module's source into :mod:`linecache` and keeps it there for the life
of the process: for WallWatch's libraries (SQLAlchemy, matplotlib, numpy) about 36 MB of
memory and a few hundred milliseconds of imports. The replacement answers the same question
from the file's bytes and caches nothing; anything that is not a plain ``.py`` file goes to
PySide6's own check. When a PySide6 version lacks the hook, nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (loads shibokensupport.feature)

HOOK_MODULE = "shibokensupport.feature"
HOOK_NAME = "_mod_uses_pyside"


def _source_mentions_pyside(original: Callable[[ModuleType], bool]) -> Callable[..., bool]:
    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                return False  # as PySide6's check does for a module it cannot read
        return original(module)

    mod_uses_pyside.wallwatch_cheap = True  # type: ignore[attr-defined]
    return mod_uses_pyside


def install() -> bool:
    """Swap in the cheaper check (once); False when this PySide6 has no such hook."""
    feature = sys.modules.get(HOOK_MODULE)
    original = getattr(feature, HOOK_NAME, None)
    if feature is None or not callable(original):
        return False
    if not getattr(original, "wallwatch_cheap", False):
        setattr(feature, HOOK_NAME, _source_mentions_pyside(original))
    return True
