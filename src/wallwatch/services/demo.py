"""A believable, repeatable demo history, so a person can see every screen before using it.

The story: someone who walls off a lot at first and, week by week, opens up a little more often,
mostly with the people they have found safe. Everything comes from one seeded ``random.Random``,
so the same seed and end date always give the same moments (ids included).

Demo moments only ever go into a journal that holds no real moments; see :class:`DemoWouldMix`.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import (
    RATING_MAX,
    RATING_MIN,
    Direction,
    MomentDraft,
    Person,
    RelationshipKind,
    WantedCloseness,
)
from wallwatch.domain.vocabulary import SEED_BODY, SEED_FEARS, SEED_OPENING, SEED_WITHDRAWING
from wallwatch.services.journal import DEMO_KIND, Journal
from wallwatch.store import keyvalue
from wallwatch.store.bulk import BulkMomentWriter
from wallwatch.store.moments import MomentRepository
from wallwatch.store.people import PersonRepository

MAX_DAYS = 3660


class DemoWouldMix(ValueError):
    """The journal already holds someone's real moments; demo data is never mixed in."""


@dataclass(frozen=True, slots=True)
class _Cast:
    name: str
    kind: RelationshipKind
    safe: bool
    weight: float
    fears: tuple[str, ...]


# Fears are named by their seeded wording; each person tends to stir particular ones.
_REJECTION, _PAST, _CONTROL, _WEAK, _TRAPPED, _DEPEND, _SELF = SEED_FEARS
_TIGHT_CHEST, _TREMBLING, _THROAT, _NUMB, _RACING = SEED_BODY
# Walls go up numb or tense; opening up trembles and catches in the throat (the second article).
_BODY_WITHDREW = (_TIGHT_CHEST, _NUMB, _RACING)
_BODY_OPENED = (_TREMBLING, _THROAT, _TIGHT_CHEST, _RACING)

_PARTNER = _Cast("Sam", RelationshipKind.PARTNER, True, 5.0, (_REJECTION, _SELF, _TRAPPED, _DEPEND))
_OPTIONAL = (
    _Cast("Maya", RelationshipKind.FRIEND, True, 2.0, (_REJECTION, _WEAK)),
    _Cast("Jonas", RelationshipKind.FRIEND, False, 1.5, (_WEAK, _PAST)),
    _Cast("Mum", RelationshipKind.FAMILY, False, 2.0, (_PAST, _CONTROL, _SELF)),
    _Cast("Leo", RelationshipKind.FAMILY, True, 1.0, (_PAST, _DEPEND)),
    _Cast("Priya", RelationshipKind.COLLEAGUE, False, 1.5, (_WEAK, _CONTROL)),
)

_WITHDREW_NOTES = (
    "{p} asked how my day was and I said 'fine' and picked up my phone.",
    "Went quiet at dinner when {p} brought up the weekend plans.",
    "{p} reached for my hand and I pulled away without thinking.",
    "Picked at {p}'s cooking instead of saying I felt ignored.",
    "Said I was tired so I would not have to talk to {p}.",
    "Changed the subject the moment {p} asked what was wrong.",
    "Cancelled on {p} an hour before. Told myself I needed space.",
    "{p} said they missed me. I made a joke and left the room.",
    "Felt the old urge to disappear when {p} needed something from me.",
    "Left {p}'s message unanswered all evening.",
)
_OPENED_NOTES = (
    "Told {p} I felt left out today. My voice shook but I said it.",
    "Asked {p} for help instead of pretending I had it handled.",
    "Said 'I feel overwhelmed when plans change last minute' to {p}.",
    "Let {p} hug me and stayed in it for once.",
    "Stayed in the hard conversation with {p} until we both calmed down.",
    "Told {p} I needed an hour alone, and that I would come back. I did.",
    "Shared with {p} why the weekend scared me. They listened.",
    "Admitted to {p} that I had been pushing them away.",
)
_WITHDREW_WISHES = (
    "Say 'I need a minute' instead of going silent.",
    "Tell them what I actually felt.",
    "Stay in the room a little longer.",
    "Ask for what I needed.",
    "Say yes to the hug.",
    "Use an 'I feel' sentence instead of criticising.",
)


def _clamp(value: float) -> int:
    return max(RATING_MIN, min(RATING_MAX, round(value)))


def _pick_cast(rng: random.Random) -> list[_Cast]:
    """A partner plus three to five others, always including a friend."""
    others = list(_OPTIONAL)
    extra = rng.randint(3, 5)
    chosen = [others[0], *rng.sample(others[1:], extra - 1)]
    return [_PARTNER, *sorted(chosen, key=lambda c: c.name)]


def _times_for_day(rng: random.Random, day: date, count: int) -> list[datetime]:
    """Local times spread through a waking day, evenings most likely (when walls go up)."""
    windows = ((7, 9, 2.0), (9, 17, 2.5), (17, 20, 3.0), (20, 23, 3.5))
    out = []
    for _ in range(count):
        start, end, _w = rng.choices(windows, weights=[w[2] for w in windows])[0]
        minute = rng.randrange(start * 60, end * 60)
        naive = datetime.combine(day, time(minute // 60, minute % 60))
        # A naive time is read as the machine's local zone (DST included) by astimezone().
        out.append(naive.astimezone())
    return sorted(out)


def _draft(rng: random.Random, when: datetime, progress: float, cast: list[_Cast]) -> MomentDraft:
    person = rng.choices(cast, weights=[c.weight for c in cast])[0]
    # The arc: openings grow from about a fifth to well over half, more with safe people.
    p_open = 0.2 + 0.45 * progress + (0.12 if person.safe else -0.05)
    direction = Direction.OPENED if rng.random() < p_open else Direction.WITHDREW
    withdrew = direction is Direction.WITHDREW

    fear_pool = list(person.fears) + [f for f in SEED_FEARS if f not in person.fears]
    fear_weights = [3.0 if f in person.fears else 0.6 for f in fear_pool]
    n_fears = rng.choice((1, 1, 2)) if withdrew else rng.choice((0, 0, 1))
    fears = _sample_weighted(rng, fear_pool, fear_weights, n_fears)

    behaviours_pool = SEED_WITHDRAWING if withdrew else SEED_OPENING
    behaviours = rng.sample(behaviours_pool, rng.choice((1, 1, 2)))
    if withdrew:
        body = rng.sample(_BODY_WITHDREW, rng.choice((0, 0, 1)))
    else:
        body = rng.sample(_BODY_OPENED, rng.choice((0, 1, 1, 2)))

    wanted = None
    if withdrew and rng.random() < 0.9:
        wanted = rng.choices(
            (WantedCloseness.YES, WantedCloseness.UNSURE, WantedCloseness.NO), weights=(6, 3, 1.5)
        )[0]

    intensity = max(1, min(5, round(rng.gauss(3.4 - 0.8 * progress if withdrew else 2.8, 0.9))))
    ratings = _ratings(rng, withdrew, intensity, progress)

    note = ""
    if rng.random() < 0.75:
        note = rng.choice(_WITHDREW_NOTES if withdrew else _OPENED_NOTES).format(p=person.name)
    wish = rng.choice(_WITHDREW_WISHES) if withdrew and rng.random() < 0.5 else ""

    return MomentDraft(
        occurred_at=when,
        direction=direction,
        intensity=intensity,
        person=person.name,
        fears=tuple(fears),
        behaviours=tuple(behaviours),
        body_signals=tuple(body),
        wanted_closeness=wanted,
        note=note,
        wish=wish,
        **ratings,
    )


def _ratings(
    rng: random.Random, withdrew: bool, intensity: int, progress: float
) -> dict[str, int | None]:
    """Most moments are rated; withdrawals are lonelier and more resentful, openings closer."""
    ratings: dict[str, int | None] = {"loneliness": None, "resentment": None, "connection": None}
    if rng.random() < 0.82:
        lift = 1.5 * progress  # things ease a little over the months
        if withdrew:
            ratings["loneliness"] = _clamp(rng.gauss(6.8 + 0.4 * intensity - lift, 1.3))
            ratings["resentment"] = _clamp(rng.gauss(4.5 + 0.5 * intensity - lift, 1.6))
            ratings["connection"] = _clamp(rng.gauss(2.5 + lift, 1.2))
        else:
            ratings["loneliness"] = _clamp(rng.gauss(3.5 - lift, 1.3))
            ratings["resentment"] = _clamp(rng.gauss(1.8, 1.2))
            ratings["connection"] = _clamp(rng.gauss(6.8 + lift, 1.2))
        if rng.random() < 0.15:  # sometimes only one or two get rated
            ratings[rng.choice(tuple(ratings))] = None
    return ratings


def _sample_weighted(
    rng: random.Random, pool: list[str], weights: list[float], k: int
) -> list[str]:
    chosen: list[str] = []
    pool, weights = list(pool), list(weights)
    for _ in range(min(k, len(pool))):
        i = rng.choices(range(len(pool)), weights=weights)[0]
        chosen.append(pool.pop(i))
        weights.pop(i)
    return chosen


def demo_drafts(
    *, days: int, seed: int, end: date
) -> tuple[list[Person], list[tuple[uuid.UUID, MomentDraft]]]:
    """The people and the moments of a demo history (pure: no journal involved)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    rng = random.Random(seed)
    cast = _pick_cast(rng)
    people = [Person(name=c.name, kind=c.kind, safe=c.safe) for c in cast]
    first = end - timedelta(days=days - 1)
    moments: list[tuple[uuid.UUID, MomentDraft]] = []
    for i in range(days):
        progress = i / max(days - 1, 1)
        count = rng.choices(range(5), weights=(2.0, 3.5, 2.8, 1.2, 0.5))[0]
        for when in _times_for_day(rng, first + timedelta(days=i), count):
            moment_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            moments.append((moment_id, _draft(rng, when, progress, cast)))
    return people, moments


def generate_demo(
    journal: Journal, *, days: int = 120, seed: int = 7, end: date | None = None
) -> int:
    """Fill ``journal`` with a demo history ending on ``end`` (default today); returns the count.

    Any earlier demo moments are replaced, in the same single transaction. Raises
    :class:`DemoWouldMix` if the journal holds real moments.
    """
    now = now_local()
    people, moments = demo_drafts(days=days, seed=seed, end=end or now.date())
    moments = [(i, d) for i, d in moments if d.occurred_at <= now]  # nothing in the future
    with journal.db.transaction() as session:
        meta = keyvalue.meta(session)
        repo = MomentRepository(session)
        is_demo = meta.get("journal_kind") == DEMO_KIND
        existing = repo.count()
        if existing and not is_demo:
            raise DemoWouldMix(
                f"{journal.path} holds {existing} real moments; demo data is never mixed "
                "with real entries"
            )
        meta.set("journal_kind", DEMO_KIND)
        if existing:
            repo.delete(repo.ids_starting_with("", limit=existing))
        _ensure_people(PersonRepository(session), people)
        with BulkMomentWriter(session) as writer:
            for moment_id, draft in moments:
                # Recorded a little after it happened, as a person would.
                recorded = min(now, draft.occurred_at + timedelta(minutes=5 + moment_id.int % 90))
                writer.add(draft, moment_id=moment_id, recorded_at=recorded)
    return len(moments)


def _ensure_people(repo: PersonRepository, people: list[Person]) -> None:
    for person in people:
        if repo.find(person.name) is None:
            repo.add(person)
        else:
            repo.update(person.name, kind=person.kind, safe=person.safe, hidden=False)
