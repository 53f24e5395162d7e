"""Benchmark journals: many moments that look like a real person's, written through the bulk path.

Moments are spread evenly (with jitter) over ``days`` days ending now, so the newest week, the
last 8 and the last 52 weeks hold their share of the file, and today has moments for the Log.
Everything comes from one seeded generator: the same size and seed give the same journal.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from wallwatch.domain.model import Direction, MomentDraft, RelationshipKind, WantedCloseness
from wallwatch.domain.vocabulary import SEED_BODY, SEED_FEARS, SEED_OPENING, SEED_WITHDRAWING
from wallwatch.services import open_journal
from wallwatch.store.bulk import BulkMomentWriter, NewMoment

DEFAULT_DAYS = 3650
ONE_OR_TWO = (1, 1, 2)
PEOPLE = (
    ("Sam", RelationshipKind.PARTNER, True),
    ("Maya", RelationshipKind.FRIEND, True),
    ("Jonas", RelationshipKind.FRIEND, False),
    ("Mum", RelationshipKind.FAMILY, False),
    ("Leo", RelationshipKind.FAMILY, True),
    ("Priya", RelationshipKind.COLLEAGUE, False),
    ("Émile", RelationshipKind.FRIEND, False),
    ("Dr. Okafor", RelationshipKind.OTHER, True),
    ("Grandad", RelationshipKind.FAMILY, False),
    ("Zoë", RelationshipKind.COLLEAGUE, False),
)
# Fears and behaviours a person added beyond the starting vocabulary.
EXTRA_FEARS = ("being a burden", "being laughed at", "saying it wrong")
EXTRA_WITHDRAWING = ("scrolled my phone", "made a joke instead", "worked late on purpose")
EXTRA_OPENING = ("said sorry first", "asked what they meant")
_WORDS = (
    "I felt the old pull to go quiet when {p} asked about the weekend, and I let it win, again",
    "we were in the kitchen, the radio on, and {p} said something about money",
    "my chest went tight and I picked up my phone instead of answering",
    "later I told {p} that I had felt left out, and my voice shook, but I said it",
    "it was late, we were both tired, and the dishes were still in the sink",
    "part of me wanted a hug; the rest of me wanted to be anywhere else",
    'I noticed the urge to criticise, took a breath, and said "can we talk later?"',
    "{p} laughed, and I could not tell whether it was at me",
    "I cancelled, said I had a headache; really I could not face the questions",
    "we sat on the stairs for a while and it was fine, better than fine",
    "the meeting ran over, I got home late, and {p} had already eaten",
    "I said 'I feel overwhelmed when plans change', which is new for me",
)
_WISHES = (
    "Say 'I need a minute' instead of going silent.",
    "Tell {p} what I actually felt, even if it came out clumsy.",
    "Stay in the room a little longer.",
    "Ask for the hug, since I wanted it.",
    "Use an 'I feel' sentence instead of a dig about the dishes.",
)


def _note(rng: random.Random, person: str) -> str:
    """One to five sentences, sometimes over two paragraphs: 60 to 600 characters or so."""
    parts = [rng.choice(_WORDS).format(p=person) for _ in range(rng.choice((1, 1, 2, 2, 3, 5)))]
    text = ". ".join(p[0].upper() + p[1:] for p in parts) + "."
    if len(parts) > 2 and rng.random() < 0.5:
        cut = text.find(". ", len(text) // 2)
        if cut > 0:
            text = text[: cut + 1] + "\n\n" + text[cut + 2 :]
    return text


def moments(count: int, *, days: int = DEFAULT_DAYS, seed: int = 1) -> Iterator[NewMoment]:
    """``count`` moments, oldest first, the newest a little before now."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    local = now.astimezone()
    # Today's moments must fall on today's local date in the machine's zone, as the app sees it.
    zone = local.tzinfo or UTC
    start = now - timedelta(days=days)
    span = (now - start).total_seconds() - 60
    summer, winter = timezone(timedelta(hours=2)), timezone(timedelta(hours=1))
    fears = (*SEED_FEARS, *EXTRA_FEARS)
    withdrawing = (*SEED_WITHDRAWING, *EXTRA_WITHDRAWING)
    opening = (*SEED_OPENING, *EXTRA_OPENING)
    names = [p[0] for p in PEOPLE]
    weights = [6, 3, 2, 3, 1.5, 2, 1, 0.5, 0.5, 1]
    wants = list(WantedCloseness)
    for i in range(count):
        at = start + timedelta(seconds=span * (i + rng.random()) / count)
        recent = now - at < timedelta(days=2)
        tz = zone if recent else (summer if 3 <= at.month <= 10 else winter)
        occurred = at.astimezone(tz).replace(microsecond=rng.randrange(0, 1_000_000, 250))
        progress = i / max(count - 1, 1)
        withdrew = rng.random() > 0.25 + 0.35 * progress
        person = rng.choices(names, weights)[0] if rng.random() < 0.92 else None
        rated = rng.random() < 0.8
        draft = MomentDraft(
            occurred_at=occurred,
            direction=Direction.WITHDREW if withdrew else Direction.OPENED,
            intensity=rng.randint(1, 5),
            person=person,
            fears=tuple(rng.sample(fears, rng.choice((0, 1, 1, 2) if withdrew else (0, 0, 1)))),
            behaviours=tuple(
                rng.sample(withdrawing if withdrew else opening, rng.choice(ONE_OR_TWO))
            ),
            body_signals=tuple(rng.sample(SEED_BODY, rng.choice((0, 0, 1, 2)))),
            wanted_closeness=rng.choice(wants) if withdrew and rng.random() < 0.8 else None,
            loneliness=rng.randint(0, 10) if rated else None,
            resentment=rng.randint(0, 10) if rated and rng.random() < 0.9 else None,
            connection=rng.randint(0, 10) if rated else None,
            note=_note(rng, person or "them") if rng.random() < 0.85 else "",
            wish=rng.choice(_WISHES).format(p=person or "them") if rng.random() < 0.45 else "",
        )
        recorded = occurred + timedelta(minutes=rng.randint(1, 240))
        edited = recorded + timedelta(days=1) if rng.random() < 0.05 else None
        yield NewMoment(
            draft,
            uuid.UUID(int=rng.getrandbits(128), version=4),
            min(recorded, now),
            min(edited, now) if edited else None,
        )


def build_journal(path: Path, count: int, *, days: int = DEFAULT_DAYS, seed: int = 1) -> int:
    """A new journal at ``path`` holding ``count`` moments; returns how many were written."""
    journal = open_journal(path, daily_backup=False)
    try:
        for name, kind, safe in PEOPLE:
            journal.people.add(name, kind, safe)
        with journal.db.transaction() as session:
            with BulkMomentWriter(session) as writer:
                writer.add_all(moments(count, days=days, seed=seed))
            written = writer.written
    finally:
        journal.close()
    return written
