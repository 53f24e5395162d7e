"""The words around the Patterns charts, shared by the window and the command line: headings,
date spans, p-values, the numbers behind a rating comparison, and the weekly review.

No matplotlib here, so the command line and the window's first paint can use it cheaply.

Wording rules (as in ``services.insights``): every figure travels with its count; differences
describe these records, never a cause; nothing diagnostic; warm and plain.
"""

from __future__ import annotations

from datetime import date

from wallwatch.domain.patterns import (
    Comparison,
    DateRange,
    GroupMean,
    InsufficientData,
    Mean,
    PermutationResult,
    RatingChange,
    TopItem,
    WeeklyReview,
    format_p,
)

# Chart keys as used by ``Insight.chart``, in the order the cards appear, with plain headings.
TITLES = {
    "fears": "Fears behind your walls",
    "fear_behaviour": "Fears and what you did",
    "people": "People",
    "when": "When walls went up, and when you opened up",
    "paradox": "Wanting closeness while pulling away",
    "cost": "How the days felt",
    "calendar": "Your year, day by day",
}
CHART_KEYS = tuple(TITLES)
REVIEW_TITLE = "Last week at a glance"
RECORDS_ONLY = "These figures describe your records; they don't say what causes what."


def not_enough(result: InsufficientData) -> str:
    """The calm sentence shown in place of a chart below the minimum sample."""
    return f"Not enough data yet — {result.have} of the {result.needed} {result.unit} needed"


def plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {many or noun + 's'}"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def day_text(d: date, *, year: bool = True) -> str:
    return f"{d.day} {d:%b}" + (f" {d.year}" if year else "")


def span_text(span: DateRange) -> str:
    """ "16 – 22 Nov 2026", "2 Oct – 25 Nov 2026", or both years when they differ."""
    first, last = span.first, span.last
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {day_text(last)}"
    return f"{day_text(first, year=first.year != last.year)} – {day_text(last)}"


def method_text(test: PermutationResult) -> str:
    if test.exact:
        return f"all {test.permutations:,} arrangements of the day labels (exact)"
    return f"{test.permutations:,} seeded shuffles of the day labels (seed {test.seed})"


def group_text(g: GroupMean | InsufficientData, days_label: str) -> str:
    if isinstance(g, InsufficientData):
        return f"{days_label}: {not_enough(g).lower()}"
    return f"{g.mean:.1f} on {plural(g.days, days_label)} ({plural(g.ratings, 'rating')})"


def comparison_text(c: Comparison, *, next_day: bool) -> str:
    """Everything behind one rating comparison: means, days, ratings and the permutation test."""
    when = "the day after" if next_day else "the day itself"
    a = group_text(c.withdrawal_days, "withdrawal day")
    b = group_text(c.opening_days, "opening day")
    lines = [f"{c.rating.capitalize()} on {when}", f"• {a}", f"• {b}"]
    test = c.test
    if test is not None and c.difference is not None:
        verdict = "a notable difference" if c.notable else "not a notable difference"
        lines.append(
            f"Difference {c.difference:+.1f} points: {verdict} in these records "
            f"({format_p(test.p_value)}, n = {test.units_a} + {test.units_b} days; "
            f"permutation test over {method_text(test)})."
        )
    return "\n".join(lines)


def mean_text(m: Mean | InsufficientData) -> str:
    return not_enough(m) if isinstance(m, InsufficientData) else f"{m.value:.1f} (n={m.count})"


def change_text(r: RatingChange) -> str:
    """This week's mean against the week before's, each with its count."""
    now, before = r.this_week, r.week_before
    if isinstance(now, InsufficientData):
        return not_enough(now)
    if isinstance(before, InsufficientData):
        return f"{mean_text(now)}; the week before: {not_enough(before).lower()}"
    change = now.value - before.value
    if round(change, 1) == 0:
        return f"{mean_text(now)}, about the same as the week before ({mean_text(before)})"
    way = "up" if change > 0 else "down"
    return f"{mean_text(now)}, {way} {abs(change):.1f} from {mean_text(before)} the week before"


def _top_text(top: TopItem | InsufficientData | None, unit: str, none: str) -> str:
    if top is None:
        return none
    if isinstance(top, InsufficientData):
        return not_enough(top)
    tied = f" (tied with {', '.join(top.tied_with)})" if top.tied_with else ""
    return f"{top.name}: {top.count} of {plural(top.of, unit)}{tied}"


def _counts_text(now: int, before: int) -> str:
    return f"{now} (the week before: {before})"


def review_rows(review: WeeklyReview) -> list[tuple[str, str]]:
    """(label, value) rows of the weekly review, the same in the window and the terminal."""
    run = review.longest_opening_run
    if run is None:
        run_text = "No day with an opening that week"
    elif run.days == 1:
        run_text = f"1 day ({day_text(run.first, year=False)})"
    else:
        run_text = f"{run.days} days in a row ({span_text(DateRange(run.first, run.last))})"
    rows = [
        ("Withdrew", _counts_text(review.withdrew, review.withdrew_week_before)),
        ("Opened up", _counts_text(review.opened, review.opened_week_before)),
    ]
    rows += [(r.rating.capitalize(), change_text(r)) for r in review.ratings]
    rows += [
        (
            "Most common fear",
            _top_text(review.top_fear, "withdrawal", "No fear noted in that week's withdrawals"),
        ),
        (
            "Most present person",
            _top_text(review.top_person, "moment", "No one was named that week"),
        ),
        ("Longest run of days with an opening", run_text),
    ]
    return rows


def review_heading(review: WeeklyReview) -> str:
    return f"The week of {span_text(DateRange(review.first, review.last))}"
