"""One moment as every reader sees it: the row shape of ``moment_view`` turned into a Moment.

Standard library only, so the app's first screen (:mod:`wallwatch.store.peek`) reads moments
the same way as the SQLAlchemy path, before SQLAlchemy has loaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from wallwatch.domain.calendar import with_offset
from wallwatch.domain.model import Direction, Moment, TagKind, WantedCloseness
from wallwatch.store.timefmt import from_utc_text

# Tag names cannot contain control characters, so these separators are safe in group_concat:
# each tag is "kind<KIND_SEPARATOR>name", and tags are joined with TAG_SEPARATOR.
TAG_SEPARATOR = "\x1f"
KIND_SEPARATOR = "\x1e"
_KINDS = {TagKind.FEAR.value: 0, TagKind.BEHAVIOUR.value: 1, TagKind.BODY.value: 2}
_FOLD = str.casefold


def split_tags(value: str | None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The view's tag column as (fears, behaviours, body signals), each in casefold order."""
    if not value:
        return (), (), ()
    found: tuple[list[str], list[str], list[str]] = ([], [], [])
    for item in value.split(TAG_SEPARATOR):
        kind, _sep, name = item.partition(KIND_SEPARATOR)
        found[_KINDS[kind]].append(name)
    fears, behaviours, body = (
        tuple(names if len(names) < 2 else sorted(names, key=_FOLD)) for names in found
    )
    return fears, behaviours, body


def moment_from_view(row: Sequence[Any]) -> Moment:
    (mid, occ, off, rec, edi, direction, intensity, person, tags,
     wanted, lonely, resent, connect, note, wish) = row  # fmt: skip
    fears, behaviours, body = split_tags(tags)
    return Moment(
        id=uuid.UUID(mid),
        occurred_at=with_offset(from_utc_text(occ), off),
        recorded_at=from_utc_text(rec),
        edited_at=from_utc_text(edi),
        direction=Direction(direction),
        intensity=intensity,
        person=person,
        fears=fears,
        behaviours=behaviours,
        body_signals=body,
        wanted_closeness=WantedCloseness(wanted) if wanted else None,
        loneliness=lonely,
        resentment=resent,
        connection=connect,
        note=note,
        wish=wish,
    )
