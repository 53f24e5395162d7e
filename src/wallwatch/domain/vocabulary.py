"""The starting vocabulary, in the words of the two articles WallWatch grew from.

People can add, rename and hide tags; these are only the seeds of a new journal.
"""

from __future__ import annotations

from wallwatch.domain.model import Direction, Tag, TagKind

SEED_FEARS = (
    "rejection / abandonment",
    "past hurt",
    "losing control or independence",
    "being seen as weak",
    "being trapped",
    "depending on someone",
    "losing myself",
)

SEED_WITHDRAWING = (
    "went silent",
    "changed the subject",
    "pushed away",
    "criticised",
    "avoided affection",
    "cancelled plans",
    "left early",
)

SEED_OPENING = (
    "shared a feeling",
    "asked for support",
    'used an "I feel…" sentence',
    "accepted affection",
    "stayed in a hard conversation",
    "set a boundary kindly",
)

SEED_BODY = (
    "tight chest",
    "trembling",
    "constricted throat",
    "numbness",
    "racing heart",
)


def seed_tags() -> list[Tag]:
    tags = [Tag(TagKind.FEAR, n) for n in SEED_FEARS]
    tags += [Tag(TagKind.BEHAVIOUR, n, Direction.WITHDREW) for n in SEED_WITHDRAWING]
    tags += [Tag(TagKind.BEHAVIOUR, n, Direction.OPENED) for n in SEED_OPENING]
    tags += [Tag(TagKind.BODY, n) for n in SEED_BODY]
    return tags
