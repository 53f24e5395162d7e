"""Insight sentences: numbers in every one, at most five, deterministic, never causal."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from wallwatch.domain.model import Direction, MomentDraft, WantedCloseness
from wallwatch.domain.patterns import DateRange
from wallwatch.domain.settings import MIN_SAMPLE
from wallwatch.services import Journal, open_journal
from wallwatch.services.insights import MAX_INSIGHTS, candidate_insights

WD, OP = Direction.WITHDREW, Direction.OPENED
REJECTION, PAST = "rejection / abandonment", "past hurt"
SPAN = DateRange(date(2024, 3, 1), date(2024, 3, 28))
CHARTS = {"fears", "fear_behaviour", "people", "when", "paradox", "cost", "calendar"}
# Words that diagnose, blame or claim a cause. Sentences describe records, nothing more.
FORBIDDEN = (
    "disorder",
    "symptom",
    "attachment",
    "avoidant",
    "diagnos",
    "patholog",
    "syndrome",
    "dysfunction",
    "toxic",
    "unhealthy",
    "makes you",
    "made you",
    "cause",
    "leads to",
    "led to",
    "due to",
    "result of",
    "therefore",
    "should",
)


def _drafts() -> list[MomentDraft]:
    """Odd days withdraw with Sam in the evening (lonely 8); even days open up with Maya (2)."""
    drafts = []
    for day in range(1, 14, 2):
        drafts.append(
            MomentDraft(
                occurred_at=datetime(2024, 3, day, 21, 0, tzinfo=UTC),
                direction=WD,
                person="Sam",
                fears=(REJECTION,) if day < 13 else (PAST,),
                behaviours=("went silent",),
                wanted_closeness=WantedCloseness.YES if day < 10 else WantedCloseness.NO,
                loneliness=8,
            )
        )
    for day in range(2, 13, 2):
        drafts.append(
            MomentDraft(
                occurred_at=datetime(2024, 3, day, 10, 0, tzinfo=UTC),
                direction=OP,
                person="Maya",
                behaviours=("shared a feeling",),
                loneliness=2,
            )
        )
    return drafts


def _fill(journal: Journal, drafts: list[MomentDraft]) -> None:
    journal.people.add("Maya", safe=True)
    for d in drafts:
        journal.moments.record(d)


def test_the_strongest_five_findings_in_order(journal: Journal) -> None:
    _fill(journal, _drafts())
    report = journal.patterns.report(SPAN)
    assert [(i.chart, i.text) for i in report.insights] == [
        (
            "cost",
            "On days you withdrew, loneliness averaged 8.0 (7 days) vs 2.0 on days you "
            "opened up (6 days).",
        ),
        (
            "fear_behaviour",
            "When rejection / abandonment was present, “went silent” was also noted in all 6 "
            "of those moments.",
        ),
        ("fears", "Rejection / abandonment was present in 6 of your 7 withdrawals."),
        ("when", "All 7 of your withdrawals happened in the evening (18:00–23:59)."),
        ("paradox", "In 5 of the 7 withdrawals where you answered, part of you wanted closeness."),
    ]
    scores = [i.score for i in report.insights]
    assert scores == sorted(scores, reverse=True)
    # 13 days, 7 of them withdrawal days: 2 of the C(13, 7) = 1,716 labellings are as extreme.
    assert "all 1,716 arrangements" in report.insights[0].detail
    assert "p < 0.001" in report.insights[0].detail  # exact p = 1/1716


def test_more_charts_have_findings_than_are_shown(journal: Journal) -> None:
    _fill(journal, _drafts())
    r = journal.patterns.report(SPAN)
    candidates = candidate_insights(
        r.fears, r.fear_behaviour, r.people, r.when, r.paradox, r.cost, r.calendar, r.minimum
    )
    assert {c.chart for c in candidates} == CHARTS
    assert len(r.insights) == MAX_INSIGHTS
    shown = {i.chart for i in r.insights}
    assert len(shown) == len(r.insights)  # one sentence per chart
    weakest_shown = min(i.score for i in r.insights)
    assert all(c.score <= weakest_shown for c in candidates if c.chart not in shown)


def test_every_sentence_carries_numbers_and_no_cause_or_diagnosis(journal: Journal) -> None:
    _fill(journal, _drafts())
    journal.settings.set(MIN_SAMPLE, 1)  # let every candidate through, to check them all
    r = journal.patterns.report(SPAN)
    candidates = candidate_insights(
        r.fears, r.fear_behaviour, r.people, r.when, r.paradox, r.cost, r.calendar, r.minimum
    )
    assert len(candidates) > MAX_INSIGHTS
    for c in candidates:
        assert c.chart in CHARTS
        assert re.search(r"\d", c.text), c.text
        for word in FORBIDDEN:
            assert word not in c.text.lower(), (word, c.text)
            assert word not in c.detail.lower(), (word, c.detail)


def test_the_same_data_gives_the_same_sentences(journal: Journal, tmp_path: Path) -> None:
    drafts = _drafts()
    _fill(journal, drafts)
    first = journal.patterns.insights(SPAN)
    assert journal.patterns.insights(SPAN) == first
    with open_journal(tmp_path / "other" / "journal.sqlite3") as other:
        _fill(other, list(reversed(drafts)))
        assert other.patterns.insights(SPAN) == first


def test_no_sentences_from_an_empty_journal_or_too_little_data(journal: Journal) -> None:
    assert journal.patterns.insights(SPAN) == ()
    for day in (1, 2, 3, 4):
        journal.moments.record(
            MomentDraft(
                occurred_at=datetime(2024, 3, day, 21, tzinfo=UTC),
                direction=WD if day % 2 else OP,
                person="Sam",
                fears=(REJECTION,),
                behaviours=("went silent",),
                wanted_closeness=WantedCloseness.YES if day % 2 else None,
                loneliness=8 if day % 2 else 2,
            )
        )
    assert journal.patterns.insights(SPAN) == ()


def test_a_rating_gap_that_is_not_notable_is_not_mentioned(journal: Journal) -> None:
    # Loneliness 5 or 6 on both kinds of day: a small gap (5.67 vs 5.5), nothing notable.
    for day, lonely in zip(range(1, 13), (5, 6, 6, 5, 6, 5, 6, 6, 5, 6, 6, 5), strict=True):
        journal.moments.record(
            MomentDraft(
                occurred_at=datetime(2024, 3, day, 12, tzinfo=UTC),
                direction=WD if day % 2 else OP,
                loneliness=lonely,
            )
        )
    r = journal.patterns.report(SPAN)
    lonely = r.cost.same_day[0]
    assert lonely.test is not None and lonely.test.p_value > 0.05 and not lonely.notable
    assert lonely.difference is not None and lonely.difference > 0
    assert all(i.chart != "cost" for i in r.insights)
