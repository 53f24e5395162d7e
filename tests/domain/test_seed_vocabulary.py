"""The starting vocabulary is the articles' vocabulary (see shared/domain)."""

from __future__ import annotations

from wallwatch.domain.model import Direction, TagKind, validate_name
from wallwatch.domain.vocabulary import (
    SEED_BODY,
    SEED_FEARS,
    SEED_OPENING,
    SEED_WITHDRAWING,
    seed_tags,
)


def test_fears_named_in_the_articles_are_seeded() -> None:
    for fear in (
        "rejection / abandonment",
        "past hurt",
        "losing control or independence",
        "being seen as weak",
        "being trapped",
        "depending on someone",
        "losing myself",
    ):
        assert fear in SEED_FEARS


def test_the_unconscious_walls_are_withdrawing_behaviours() -> None:
    # "emotional silence, harsh judgement, and avoidance of intimacy"
    for behaviour in ("went silent", "criticised", "avoided affection", "pushed away"):
        assert behaviour in SEED_WITHDRAWING


def test_opening_behaviours_include_i_statements_and_asking_for_support() -> None:
    for behaviour in ("shared a feeling", "asked for support", 'used an "I feel…" sentence'):
        assert behaviour in SEED_OPENING


def test_body_signals_of_opening_up() -> None:
    # "trembling, tightness in your chest, or a constricted throat"
    for signal in ("trembling", "tight chest", "constricted throat"):
        assert signal in SEED_BODY


def test_seed_tags_carry_kind_and_leaning() -> None:
    tags = seed_tags()
    assert len(tags) == len(SEED_FEARS) + len(SEED_WITHDRAWING) + len(SEED_OPENING) + len(SEED_BODY)
    by_name = {(t.kind, t.name): t for t in tags}
    assert len(by_name) == len(tags), "no tag is seeded twice"
    assert by_name[(TagKind.BEHAVIOUR, "went silent")].direction is Direction.WITHDREW
    assert by_name[(TagKind.BEHAVIOUR, "shared a feeling")].direction is Direction.OPENED
    for tag in tags:
        assert validate_name(tag.name, "name") == [], tag.name
        assert not tag.hidden
        if tag.kind is not TagKind.BEHAVIOUR:
            assert tag.direction is None
    assert {t.name for t in tags if t.kind is TagKind.FEAR} == set(SEED_FEARS)
    assert {t.name for t in tags if t.kind is TagKind.BODY} == set(SEED_BODY)


def test_no_two_seeds_clash_when_case_is_ignored() -> None:
    # The store compares tag names case-insensitively within a kind.
    for group in (SEED_FEARS, SEED_WITHDRAWING + SEED_OPENING, SEED_BODY):
        assert len({n.casefold() for n in group}) == len(group)
