"""The journal as the first screen needs it, before SQLAlchemy has loaded.

:func:`first_screen` reads today's moments and the pickers' people and tags through
:mod:`wallwatch.store.peek` (standard library only) while ``FirstScreen.open_full`` opens the
real :class:`~wallwatch.services.Journal` on a worker thread. The :class:`FirstScreen` stands in for
the journal meanwhile: the few reads the Log makes at start-up are answered from the peek, and
everything else — saving a moment, settings, steps — goes to the full journal, waiting for it
if it is not open yet (a fraction of a second after the window appears). Once the full journal
has arrived, every read goes to it, so the two can never disagree for long.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wallwatch.domain.calendar import day_number, now_local
from wallwatch.domain.model import Direction, Moment, Person, Tag, TagKind
from wallwatch.domain.settings import SettingSpec
from wallwatch.services.ranking import people_by_use, tags_by_use
from wallwatch.store.peek import JournalPeek, open_peek

if TYPE_CHECKING:
    from wallwatch.services.journal import Journal

DEMO_KIND = "demo"  # as wallwatch.services.journal.DEMO_KIND (a test checks)


class FirstScreen:
    """Stands in for a :class:`Journal` while it opens; see the module's docstring.

    :meth:`open_full` opens the journal once, in whichever thread asks first: normally the
    app's worker, or the GUI thread itself when something needs the journal before the worker
    has started. Everything else is called from the GUI thread.
    """

    def __init__(self, peek: JournalPeek, path: Path, open_kwargs: dict[str, Any]) -> None:
        self._peek: JournalPeek | None = peek
        self._path = path
        self._open_kwargs = open_kwargs
        self._full: Journal | None = None
        self._failure: BaseException | None = None
        self._ready = threading.Event()
        self._sealed = threading.Event()
        self._start = threading.Lock()
        self._started = False
        self.is_demo = peek.journal_kind() == DEMO_KIND
        self.moments = _Moments(self)
        self.people = _People(self)
        self.tags = _Tags(self)
        self.settings = _Settings(self)

    # -- the full journal ----------------------------------------------------------------------
    def open_full(self) -> Journal:
        """The full journal: opened here by the first caller, waited for by any other."""
        with self._start:
            first, self._started = not self._started, True
        if first:
            # No new reads from the look from now on (they wait for the journal instead): the
            # look may read the file as unchanging, and the journal may now write to it.
            self._sealed.set()
            from wallwatch.services.journal import open_journal

            try:
                self._full = open_journal(self._path, **self._open_kwargs)
            except BaseException as exc:
                self._failure = exc
                raise
            finally:
                self._ready.set()
        self._ready.wait()  # another thread is opening it
        return self.full()

    @property
    def arrived(self) -> bool:
        return self._ready.is_set()

    def full(self) -> Journal:
        """The full journal, opening it or waiting for it; re-raises why it could not open."""
        if not self._ready.is_set():
            return self.open_full()
        if self._full is None:
            assert self._failure is not None
            raise self._failure
        return self._full

    def current(self) -> Journal | None:
        """The full journal if it has opened (never waits)."""
        return self._full

    def peek(self) -> JournalPeek | None:
        """The read-only look, until the full journal starts opening."""
        return None if self._sealed.is_set() else self._peek

    def finish(self) -> None:
        """Close the read-only look (on the GUI thread, once the full journal is adopted)."""
        if self._peek is not None:
            self._peek.close()
            self._peek = None

    @property
    def path(self) -> Path:
        return self._path

    def __getattr__(self, name: str) -> Any:
        # Only reached for what the first screen does not answer itself.
        return getattr(self.full(), name)


class _Part:
    """One of ``moments``/``people``/``tags``: answers a few reads, hands the rest over."""

    part = ""

    def __init__(self, owner: FirstScreen) -> None:
        self._owner = owner

    def __getattr__(self, name: str) -> Any:
        return getattr(getattr(self._owner.full(), self.part), name)


class _Moments(_Part):
    part = "moments"

    def any(self) -> bool:
        peek = self._owner.peek()
        if peek is None:
            return bool(self._owner.full().moments.any())
        return peek.any_moment()

    def on_day(self, day: date | None = None) -> list[Moment]:
        peek = self._owner.peek()
        if peek is None:
            return list(self._owner.full().moments.on_day(day))
        number = day_number(day or now_local().date())
        return peek.moments_between(number, number)


class _People(_Part):
    part = "people"

    def by_use(self) -> list[Person]:
        peek = self._owner.peek()
        if peek is None:
            return list(self._owner.full().people.by_use())
        return people_by_use(peek.people(), peek.people_usage())


class _Tags(_Part):
    part = "tags"

    def all(self, kind: TagKind | None = None, *, include_hidden: bool = False) -> list[Tag]:
        peek = self._owner.peek()
        if peek is None or kind is None or include_hidden:
            return list(self._owner.full().tags.all(kind, include_hidden=include_hidden))
        return peek.tags(kind)

    def suggestions(self, kind: TagKind, direction: Direction | None = None) -> list[str]:
        peek = self._owner.peek()
        if peek is None:
            return list(self._owner.full().tags.suggestions(kind, direction))
        return tags_by_use(peek.tag_usage(kind), peek.tags(kind), direction)


class _Settings(_Part):
    part = "settings"

    def get(self, spec: SettingSpec[Any]) -> Any:
        peek = self._owner.peek()
        if peek is None:
            return self._owner.full().settings.get(spec)
        raw = peek.setting(spec.name)  # read and parsed as SettingsService.get does
        return spec.default if raw is None else spec.parse(raw)


def first_screen(path: Path, **open_kwargs: Any) -> FirstScreen | None:
    """A stand-in for the plain journal at ``path``, or ``None`` when it must be opened the
    full way first (no journal yet, encrypted, to be migrated, damaged, another program's).

    ``open_kwargs`` go to ``open_journal`` when the full journal opens."""
    peek = open_peek(path)
    return FirstScreen(peek, path, open_kwargs) if peek is not None else None
