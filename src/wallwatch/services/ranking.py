"""How pickers order people and tags: most used first. Shared by the full journal and the
first screen (:mod:`wallwatch.services.first_screen`), so both list them identically."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wallwatch.domain.model import Direction, Person, Tag


def people_by_use(people: Iterable[Person], usage: Mapping[str, int]) -> list[Person]:
    """Most involved first, then by name."""
    return sorted(people, key=lambda p: (-usage.get(p.name, 0), p.name.casefold()))


def tags_by_use(
    usage: Iterable[tuple[str, int, str | None]],
    tags: Iterable[Tag],
    direction: Direction | None = None,
) -> list[str]:
    """Tag names, most used first; behaviours that lean the other way go last.

    ``usage`` holds (name, times used, when last used) per visible tag; ``tags`` are the
    visible tags of the kind, for their leaning.
    """
    leaning = {t.name: t.direction for t in tags}
    # Two stable sorts: most recent first, then most used, with off-direction ones last.
    by_recent = sorted(usage, key=lambda u: u[2] or "", reverse=True)
    ranked = sorted(
        by_recent,
        key=lambda u: (
            direction is not None and leaning.get(u[0]) not in (None, direction),
            -u[1],
        ),
    )
    return [name for name, _count, _last in ranked]
