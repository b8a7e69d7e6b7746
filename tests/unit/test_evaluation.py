"""Scoring screening against labelled comments."""

from __future__ import annotations

import pytest

from moderation.evaluation import Example, evaluate, format_report, parse_labels
from moderation.flags import Flag, Screening


def _ex(id_: str, label, categories: list[str], risk: float = 0.5) -> Example:  # noqa: ANN001
    flags = [Flag(c, "rule", "x") for c in categories]
    result = Screening(risk=risk, flagged=bool(flags), categories=categories, flags=flags)
    return Example.from_record({"id": id_, "text": f"text {id_}", "label": label}, result)


def test_recall_exact_recall_and_false_flags() -> None:
    report = evaluate(
        [
            _ex("1", "threat", ["threat"]),
            _ex("2", "threat", ["profanity"]),  # caught, wrong category
            _ex("3", "threat", [], risk=0.1),  # missed
            _ex("4", "abuse", ["racism"]),  # group label covered by a member
            _ex("5", "clean", []),
            _ex("6", "clean", ["commercial_promotion"], risk=0.9),
        ]
    )
    assert (report.violations, report.violations_flagged) == (4, 3)
    assert report.recall == pytest.approx(0.75)
    assert report.false_flag_rate == pytest.approx(0.5)
    threat = next(s for s in report.per_category if s.category == "threat")
    assert (threat.total, threat.flagged, threat.exact) == (3, 2, 1)
    abuse = next(s for s in report.per_category if s.category == "abuse")
    assert abuse.exact_recall == 1.0
    assert [e.id for e in report.worst_misses] == ["3"]
    assert [e.id for e in report.worst_false_flags] == ["6"]
    text = format_report(report)
    assert "recall of violations: 0.750 (3/4)" in text
    assert "false-flag rate on clean: 0.500 (1/2)" in text


@pytest.mark.parametrize(
    ("raw", "message"),
    [("rude", "unknown label"), (["clean", "threat"], "cannot be combined"), ([], "unknown label")],
)
def test_bad_labels_refused(raw, message) -> None:
    with pytest.raises(ValueError, match=message):
        parse_labels(raw)
