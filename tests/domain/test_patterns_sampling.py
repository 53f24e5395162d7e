"""The permutation test's sampler must draw exactly what ``random.sample`` draws, so p-values
stay the same for the same seed."""

from __future__ import annotations

import random

import pytest

from wallwatch.domain.patterns import RatingSum, permutation_test, sample_indices


@pytest.mark.parametrize(
    ("n", "k"),
    [(1, 0), (1, 1), (2, 1), (7, 5), (29, 7), (85, 7), (86, 7), (200, 6), (300, 150), (64, 64)],
)
def test_the_sampler_draws_what_random_sample_draws(n: int, k: int) -> None:
    for seed in (0, 1, 20240531):
        ours, theirs = random.Random(seed), random.Random(seed)
        for _ in range(40):  # successive samples from one generator stay in step
            assert sample_indices(ours, n, k) == theirs.sample(range(n), k)
        assert ours.random() == theirs.random()


def test_a_sample_larger_than_the_population_is_refused() -> None:
    with pytest.raises(ValueError):
        sample_indices(random.Random(1), 3, 4)


def _reference_p(a: list[RatingSum], b: list[RatingSum], permutations: int, seed: int) -> float:
    """The p-value worked out with ``random.sample`` itself, in floats (no ties here)."""
    units = [*a, *b]
    total, count = sum(u.total for u in units), sum(u.count for u in units)

    def gap(chosen: list[RatingSum]) -> float:
        ta, ca = sum(u.total for u in chosen), sum(u.count for u in chosen)
        return abs(ta / ca - (total - ta) / (count - ca))

    observed = gap(a)
    rng = random.Random(seed)
    hits = 0
    for _ in range(permutations):
        picked = [units[i] for i in rng.sample(range(len(units)), len(a))]
        hits += gap(picked) >= observed - 1e-12
    return (hits + 1) / (permutations + 1)


def test_p_values_are_those_random_sample_gives() -> None:
    rng = random.Random(7)
    for size_a, size_b in ((6, 30), (12, 50), (25, 70)):
        a = [RatingSum(rng.randrange(0, 11 * 3), rng.randrange(1, 4)) for _ in range(size_a)]
        b = [RatingSum(rng.randrange(0, 11 * 3), rng.randrange(1, 4)) for _ in range(size_b)]
        result = permutation_test(a, b, permutations=800, seed=11)
        assert not result.exact
        assert result.p_value == pytest.approx(_reference_p(a, b, 800, 11), abs=2 / 801)
