"""Undoable changes to moments, pushed onto the window's shared ``QUndoStack``.

A delete happens in its first ``redo`` (inside ``push``). An edit is saved by the dialog before
it is pushed, so validation problems show in the form and nothing lands on the stack until the
save worked; its first ``redo`` is therefore skipped. Later undo/redo calls go through the
services again; a failure there (a full disk, a file made read-only) is reported in one sentence
instead of raising into Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from wallwatch.domain.model import Moment, MomentDraft
from wallwatch.services.errors import JournalError, NotFound, ValidationFailed

if TYPE_CHECKING:
    from wallwatch.services.moments import MomentService

# Called after every change with a past-tense sentence for the status line ("Deleted 3 moments").
Announce = Callable[[str], None]
# Called with one plain sentence when a later undo/redo could not be carried out.
Complain = Callable[[str], None]


def moments_phrase(n: int) -> str:
    return "1 moment" if n == 1 else f"{n:,} moments"


class DeleteMomentsCommand(QUndoCommand):
    """Redo deletes the moments, keeping them as they were; undo puts them back unchanged."""

    def __init__(
        self,
        service: MomentService,
        ids: Sequence[uuid.UUID],
        announce: Announce,
        complain: Complain,
    ) -> None:
        super().__init__(f"Delete {moments_phrase(len(ids))}")
        self._service = service
        self._ids: list[uuid.UUID] = list(ids)
        self._moments: list[Moment] = []
        self._announce = announce
        self._complain = complain
        self.failed = False

    @property
    def moments(self) -> list[Moment]:
        """The moments as they were before the delete (what undo restores)."""
        return list(self._moments)

    def redo(self) -> None:
        first = not self._moments
        try:
            gone = self._service.delete(self._ids)
        except (JournalError, NotFound) as exc:
            self._complain(str(exc))
            self.failed = first
            # A first delete that failed (or found nothing) leaves nothing to undo: Qt drops it.
            self.setObsolete(first)
            return
        if gone:
            self._moments = gone
        elif first:
            self.setObsolete(True)
            return
        self._announce(f"Deleted {moments_phrase(len(self._moments))}")

    def undo(self) -> None:
        try:
            self._service.restore(self._moments)
        except (JournalError, NotFound) as exc:
            self._complain(str(exc))
            return
        self._announce(f"Restored {moments_phrase(len(self._moments))}")


class EditMomentCommand(QUndoCommand):
    """Redo saves the new draft; undo saves the draft the moment had before."""

    def __init__(
        self,
        service: MomentService,
        moment_id: uuid.UUID,
        before: MomentDraft,
        after: MomentDraft,
        announce: Announce,
        complain: Complain,
    ) -> None:
        super().__init__("Edit moment")
        self._service = service
        self.moment_id = moment_id
        self.before = before
        self.after = after
        self._announce = announce
        self._complain = complain
        self._applied = True  # the dialog already saved it

    def _save(self, draft: MomentDraft, done: str) -> None:
        try:
            self._service.edit(self.moment_id, draft)
        except NotFound:
            self._complain("That moment has been deleted, so the change could not be applied.")
            return
        except (JournalError, ValidationFailed) as exc:
            self._complain(str(exc))
            return
        self._announce(done)

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            self._announce("Saved changes")
            return
        self._save(self.after, "Saved changes again")

    def undo(self) -> None:
        self._save(self.before, "Undid the edit")
