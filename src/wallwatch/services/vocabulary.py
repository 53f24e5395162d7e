"""People and tags: list, add, rename (history follows), hide, and order them for pickers."""

from __future__ import annotations

from wallwatch.domain.model import (
    Direction,
    Person,
    RelationshipKind,
    Tag,
    TagKind,
    validate_name,
)
from wallwatch.services.errors import ValidationFailed
from wallwatch.services.ranking import people_by_use, tags_by_use
from wallwatch.store.database import Database
from wallwatch.store.people import PersonRepository, TagRepository


def _check_name(name: str, what: str) -> None:
    errors = validate_name(name, what)
    if errors:
        raise ValidationFailed(errors)


class PeopleService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self, *, include_hidden: bool = False) -> list[Person]:
        with self._db.reading() as s:
            return PersonRepository(s).all(include_hidden=include_hidden)

    def by_use(self) -> list[Person]:
        """Visible people, most involved first, then by name (for the type-ahead picker)."""
        with self._db.reading() as s:
            repo = PersonRepository(s)
            usage = repo.usage()
            people = repo.all()
        return people_by_use(people, usage)

    def add(
        self, name: str, kind: RelationshipKind = RelationshipKind.OTHER, safe: bool = False
    ) -> Person:
        _check_name(name, "name")
        with self._db.transaction() as s:
            return PersonRepository(s).add(Person(name=name.strip(), kind=kind, safe=safe))

    def update(
        self,
        name: str,
        *,
        new_name: str | None = None,
        kind: RelationshipKind | None = None,
        safe: bool | None = None,
        hidden: bool | None = None,
    ) -> Person:
        if new_name is not None:
            _check_name(new_name, "name")
        with self._db.transaction() as s:
            return PersonRepository(s).update(
                name, new_name=new_name, kind=kind, safe=safe, hidden=hidden
            )


class TagService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self, kind: TagKind | None = None, *, include_hidden: bool = False) -> list[Tag]:
        with self._db.reading() as s:
            return TagRepository(s).all(kind, include_hidden=include_hidden)

    def suggestions(self, kind: TagKind, direction: Direction | None = None) -> list[str]:
        """Visible tag names, most used first; behaviours that lean the other way go last."""
        with self._db.reading() as s:
            repo = TagRepository(s)
            usage = repo.usage(kind)
            tags = repo.all(kind)
        return tags_by_use(usage, tags, direction)

    def add(self, kind: TagKind, name: str, direction: Direction | None = None) -> Tag:
        _check_name(name, "name")
        with self._db.transaction() as s:
            return TagRepository(s).add(Tag(kind=kind, name=name.strip(), direction=direction))

    def rename(self, kind: TagKind, name: str, new_name: str) -> Tag:
        _check_name(new_name, "name")
        with self._db.transaction() as s:
            return TagRepository(s).rename(kind, name, new_name)

    def set_hidden(self, kind: TagKind, name: str, hidden: bool = True) -> Tag:
        with self._db.transaction() as s:
            return TagRepository(s).set_hidden(kind, name, hidden)
