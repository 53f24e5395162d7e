"""Plain-Python heart of WallWatch: the vocabulary, the moment, and pure calculations.

Nothing here imports Qt, SQLAlchemy or any other part of WallWatch.
"""

from wallwatch.domain.model import (
    Direction,
    FieldError,
    Moment,
    MomentDraft,
    Person,
    RelationshipKind,
    Tag,
    TagKind,
    WantedCloseness,
)

__all__ = [
    "Direction",
    "FieldError",
    "Moment",
    "MomentDraft",
    "Person",
    "RelationshipKind",
    "Tag",
    "TagKind",
    "WantedCloseness",
]
