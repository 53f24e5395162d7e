"""People and tags: lookup by name (case-insensitive), creation on first use, rename, hide."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session

from wallwatch.domain.model import Direction, Person, RelationshipKind, Tag, TagKind
from wallwatch.store.errors import NameTaken as NameTaken  # re-exported
from wallwatch.store.errors import NotFound as NotFound  # re-exported
from wallwatch.store.schema import MomentRow, MomentTagRow, PersonRow, TagRow

# Pickers rank people and tags by how often they were used in this many of the latest moments
# (about a year for most people). Counting over the whole journal took seconds at start-up
# once it held a million moments; for a smaller journal the two are the same.
USAGE_WINDOW = 2000


def recent_moments() -> Subquery:
    """The latest ``USAGE_WINDOW`` moments (id, when, person), newest first.

    EXPLAIN QUERY PLAN of the tag counts built on it::

        MATERIALIZE recent
        SCAN moment USING INDEX ix_moment_occurred
        SCAN recent
        SEARCH moment_tag USING COVERING INDEX sqlite_autoindex_moment_tag_1 (moment_id=?)
    """
    return (
        select(MomentRow.id, MomentRow.occurred_utc, MomentRow.person_id)
        .order_by(MomentRow.occurred_utc.desc())
        .limit(USAGE_WINDOW)
        .subquery("recent")
    )


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
        """How many of the latest moments involve each person (for ordering pickers by use)."""
        recent = recent_moments()
        stmt = (
            select(PersonRow.name, func.count())
            .select_from(recent)
            .join(PersonRow, PersonRow.id == recent.c.person_id)
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
        """(name, times used, when last used) per visible tag, most used first, counted over
        the latest moments (see :func:`recent_moments`)."""
        recent = recent_moments()
        used = (
            select(
                MomentTagRow.tag_id,
                func.count().label("times"),
                func.max(recent.c.occurred_utc).label("last"),
            )
            .select_from(recent)
            # An expression, not the bare column: SQLite may then not scan every tag link to
            # probe the latest moments, and looks the latest moments' links up instead.
            .join(MomentTagRow, MomentTagRow.moment_id == recent.c.id.concat(""))
            .group_by(MomentTagRow.tag_id)
            .subquery("used")
        )
        times = func.coalesce(used.c.times, 0)
        stmt = (
            select(TagRow.name, times, used.c.last)
            .outerjoin(used, used.c.tag_id == TagRow.id)
            .where(TagRow.kind == kind.value, TagRow.hidden.is_(False))
            .order_by(times.desc(), TagRow.id)
        )
        return [(n, int(c), last) for n, c, last in self.session.execute(stmt)]


def names_of(rows: Sequence[TagRow]) -> tuple[str, ...]:
    return tuple(sorted((r.name for r in rows), key=str.casefold))
