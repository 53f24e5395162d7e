"""The things a person records: moments, the people in them, and the tags that describe them."""

from __future__ import annotations

import dataclasses
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

RATING_MIN = 0
RATING_MAX = 10
INTENSITY_MIN = 1
INTENSITY_MAX = 5
NAME_MAX = 80
NOT_TEXT = "holds bytes that are not valid UTF-8 text"


class Direction(StrEnum):
    """Which way a moment went: a wall went up, or the person let someone in."""

    WITHDREW = "withdrew"
    OPENED = "opened"

    @property
    def label(self) -> str:
        return "Withdrew" if self is Direction.WITHDREW else "Opened up"


class RelationshipKind(StrEnum):
    PARTNER = "partner"
    FRIEND = "friend"
    FAMILY = "family"
    COLLEAGUE = "colleague"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class WantedCloseness(StrEnum):
    """For a withdrawal: did part of me want closeness right then? (the paradox of walls)."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"

    @property
    def label(self) -> str:
        return {"yes": "Yes", "no": "No", "unsure": "Unsure"}[self.value]


class TagKind(StrEnum):
    FEAR = "fear"
    BEHAVIOUR = "behaviour"
    BODY = "body"

    @property
    def label(self) -> str:
        return {"fear": "Fear", "behaviour": "Behaviour", "body": "Body signal"}[self.value]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    kind: RelationshipKind = RelationshipKind.OTHER
    safe: bool = False
    hidden: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Tag:
    """A fear, behaviour or body signal. Behaviours may lean to one direction (for suggestions)."""

    kind: TagKind
    name: str
    direction: Direction | None = None
    hidden: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class FieldError:
    """A validation problem tied to the field it belongs to, so a form can show it beside it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class MomentDraft:
    """What a person enters. Tags and the person are referred to by name."""

    occurred_at: datetime
    direction: Direction
    intensity: int = 3
    person: str | None = None
    fears: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    body_signals: tuple[str, ...] = ()
    wanted_closeness: WantedCloseness | None = None
    loneliness: int | None = None
    resentment: int | None = None
    connection: int | None = None
    note: str = ""
    wish: str = ""

    def validate(self) -> list[FieldError]:
        return validate_draft(self)


@dataclass(frozen=True, slots=True)
class Moment:
    """A recorded moment. ``occurred_at`` keeps the offset the person lived it in."""

    id: uuid.UUID
    occurred_at: datetime
    recorded_at: datetime
    edited_at: datetime
    direction: Direction
    intensity: int
    person: str | None = None
    fears: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    body_signals: tuple[str, ...] = ()
    wanted_closeness: WantedCloseness | None = None
    loneliness: int | None = None
    resentment: int | None = None
    connection: int | None = None
    note: str = ""
    wish: str = ""

    def draft(self) -> MomentDraft:
        """The editable part of this moment, e.g. to prefill an edit dialog."""
        names = {f.name for f in dataclasses.fields(MomentDraft)}
        return MomentDraft(**{n: getattr(self, n) for n in names})

    def tags(self, kind: TagKind) -> tuple[str, ...]:
        return {
            TagKind.FEAR: self.fears,
            TagKind.BEHAVIOUR: self.behaviours,
            TagKind.BODY: self.body_signals,
        }[kind]


def validate_name(value: str, what: str) -> list[FieldError]:
    name = value.strip()
    if not name:
        return [FieldError(what, "must not be empty")]
    if len(name) > NAME_MAX:
        return [FieldError(what, f"is longer than {NAME_MAX} characters")]
    # Control characters (including the unit separator the store uses to join tag names)
    # have no place in a name shown on one line. (A printable name has none: skip the scan.)
    if not name.isprintable() and any(unicodedata.category(ch) == "Cc" for ch in name):
        return [FieldError(what, "must be a single line without control characters")]
    if not _is_text(name):
        return [FieldError(what, NOT_TEXT)]
    return []


def _is_text(value: str) -> bool:
    """False for lone surrogates: what undecodable bytes become (e.g. in a command line
    argument), and what no UTF-8 file or database can store."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _whole_in(value: object, low: int, high: int) -> bool:
    # bool is a subclass of int, but True is not a rating.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def validate_draft(d: MomentDraft) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(d.occurred_at, datetime):
        errors.append(FieldError("occurred_at", "must be a date and time"))
    elif d.occurred_at.tzinfo is None or d.occurred_at.utcoffset() is None:
        errors.append(FieldError("occurred_at", "needs a time zone"))
    if not isinstance(d.direction, Direction):
        errors.append(FieldError("direction", "must be 'withdrew' or 'opened'"))
    if not _whole_in(d.intensity, INTENSITY_MIN, INTENSITY_MAX):
        errors.append(
            FieldError("intensity", f"must be a whole number {INTENSITY_MIN}–{INTENSITY_MAX}")
        )
    for name in ("loneliness", "resentment", "connection"):
        value = getattr(d, name)
        if value is not None and not _whole_in(value, RATING_MIN, RATING_MAX):
            errors.append(FieldError(name, f"must be a whole number {RATING_MIN}–{RATING_MAX}"))
    if d.person is not None:
        errors.extend(validate_name(d.person, "person"))
    for label, values in (
        ("fears", d.fears),
        ("behaviours", d.behaviours),
        ("body_signals", d.body_signals),
    ):
        for v in values:
            errors.extend(validate_name(v, label))
    if d.wanted_closeness is not None and d.direction is Direction.OPENED:
        errors.append(FieldError("wanted_closeness", "is only asked for withdrawals"))
    for label, text in (("note", d.note), ("wish", d.wish)):
        if "\x00" in text:
            errors.append(FieldError(label, "contains a NUL character"))
        elif not _is_text(text):
            errors.append(FieldError(label, NOT_TEXT))
    return errors
