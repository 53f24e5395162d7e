"""People and tags: lookup by name (case-insensitive), creation on first use, rename, hide."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wallwatch.domain.model import Direction, Person, RelationshipKind, Tag, TagKind
from wallwatch.store.schema import MomentRow, MomentTagRow, PersonRow, TagRow


class NameTaken(ValueError):
    """Another person or tag already has that name."""


class NotFound(LookupError):
    """No person, tag or moment by that name or id."""


def person_from_row(row: PersonRow) -> Person:
    return Person(
        name=row.name,
        kind=RelationshipKind(row.kind),
        safe=bool(row.safe),
        hidden=bool(row.hidden),
        id=row.id,
    )


def tag_from_row(row: TagRow) -> Tag:
    return Tag(
        kind=TagKind(row.kind),
        name=row.name,
        direction=Direction(row.direction) if row.direction else None,
        hidden=bool(row.hidden),
        id=row.id,
    )


class PersonRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self, *, include_hidden: bool = False) -> list[Person]:
        stmt = select(PersonRow).order_by(PersonRow.name)
        if not include_hidden:
            stmt = stmt.where(PersonRow.hidden.is_(False))
        return [person_from_row(r) for r in self.session.scalars(stmt)]

    def find(self, name: str) -> PersonRow | None:
        # The column is NOCASE, so equality ignores ASCII case as people expect.
        return self.session.scalars(select(PersonRow).where(PersonRow.name == name.strip())).first()

    def require(self, name: str) -> PersonRow:
        row = self.find(name)
        if row is None:
            raise NotFound(f"no person called {name!r}")
        return row

    def get_or_create(self, name: str) -> PersonRow:
        row = self.find(name)
        if row is None:
            row = PersonRow(name=name.strip(), kind="other", safe=False, hidden=False)
            self.session.add(row)
            self.session.flush()
        return row

    def add(self, person: Person) -> Person:
        if self.find(person.name) is not None:
            raise NameTaken(f"there is already a person called {person.name!r}")
        row = PersonRow(
            name=person.name.strip(),
            kind=person.kind.value,
            safe=person.safe,
            hidden=person.hidden,
        )
        self.session.add(row)
        self.session.flush()
        return person_from_row(row)

    def update(
        self,
        name: str,
        *,
        new_name: str | None = None,
        kind: RelationshipKind | None = None,
        safe: bool | None = None,
        hidden: bool | None = None,
    ) -> Person:
        row = self.require(name)
        if new_name is not None and new_name.strip() != row.name:
            other = self.find(new_name)
            if other is not None and other.id != row.id:
                raise NameTaken(f"there is already a person called {new_name!r}")
            row.name = new_name.strip()
        if kind is not None:
            row.kind = kind.value
        if safe is not None:
            row.safe = safe
        if hidden is not None:
            row.hidden = hidden
        self.session.flush()
        return person_from_row(row)

    def usage(self) -> dict[str, int]:
        """How many moments involve each person (for ordering pickers by use)."""
        stmt = (
            select(PersonRow.name, func.count(MomentRow.id))
            .join(MomentRow, MomentRow.person_id == PersonRow.id)
            .group_by(PersonRow.id)
        )
        return {name: n for name, n in self.session.execute(stmt)}


class TagRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self, kind: TagKind | None = None, *, include_hidden: bool = False) -> list[Tag]:
        stmt = select(TagRow).order_by(TagRow.kind, TagRow.id)
        if kind is not None:
            stmt = stmt.where(TagRow.kind == kind.value)
        if not include_hidden:
            stmt = stmt.where(TagRow.hidden.is_(False))
        return [tag_from_row(r) for r in self.session.scalars(stmt)]

    def find(self, kind: TagKind, name: str) -> TagRow | None:
        return self.session.scalars(
            select(TagRow).where(TagRow.kind == kind.value, TagRow.name == name.strip())
        ).first()

    def require(self, kind: TagKind, name: str) -> TagRow:
        row = self.find(kind, name)
        if row is None:
            raise NotFound(f"no {kind.label.lower()} called {name!r}")
        return row

    def resolve(
        self, kind: TagKind, names: Iterable[str], direction: Direction | None = None
    ) -> list[TagRow]:
        """The rows for ``names``, creating any that are new.

        A hidden tag is reused as it is and stays hidden: hiding only keeps it out of pickers,
        and editing an old moment must not bring it back.
        """
        rows: list[TagRow] = []
        seen: set[int] = set()
        for name in names:
            row = self.find(kind, name)
            if row is None:
                row = TagRow(
                    kind=kind.value,
                    name=name.strip(),
                    direction=direction.value
                    if (direction and kind is TagKind.BEHAVIOUR)
                    else None,
                    hidden=False,
                )
                self.session.add(row)
                self.session.flush()
            if row.id not in seen:
                seen.add(row.id)
                rows.append(row)
        return rows

    def add(self, tag: Tag) -> Tag:
        if self.find(tag.kind, tag.name) is not None:
            raise NameTaken(f"there is already a {tag.kind.label.lower()} called {tag.name!r}")
        row = TagRow(
            kind=tag.kind.value,
            name=tag.name.strip(),
            direction=tag.direction.value if tag.direction else None,
            hidden=tag.hidden,
        )
        self.session.add(row)
        self.session.flush()
        return tag_from_row(row)

    def rename(self, kind: TagKind, name: str, new_name: str) -> Tag:
        """Renaming changes the label only: every moment keeps pointing at the same tag."""
        row = self.require(kind, name)
        other = self.find(kind, new_name)
        if other is not None and other.id != row.id:
            raise NameTaken(f"there is already a {kind.label.lower()} called {new_name!r}")
        row.name = new_name.strip()
        self.session.flush()
        return tag_from_row(row)

    def set_hidden(self, kind: TagKind, name: str, hidden: bool) -> Tag:
        row = self.require(kind, name)
        row.hidden = hidden
        self.session.flush()
        return tag_from_row(row)

    def usage(self, kind: TagKind) -> list[tuple[str, int, str | None]]:
        """(name, times used, last local-day used) per visible tag, most used first."""
        stmt = (
            select(
                TagRow.name,
                func.count(MomentTagRow.moment_id),
                func.max(MomentRow.occurred_utc),
            )
            .outerjoin(MomentTagRow, MomentTagRow.tag_id == TagRow.id)
            .outerjoin(MomentRow, MomentRow.id == MomentTagRow.moment_id)
            .where(TagRow.kind == kind.value, TagRow.hidden.is_(False))
            .group_by(TagRow.id)
            .order_by(func.count(MomentTagRow.moment_id).desc(), TagRow.id)
        )
        return [(n, c, last) for n, c, last in self.session.execute(stmt)]


def names_of(rows: Sequence[TagRow]) -> tuple[str, ...]:
    return tuple(sorted((r.name for r in rows), key=str.casefold))
