"""Evidence highlighting splits text exactly at flag spans."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from moderation.evidence import segments

TEXT = "We know where you live, you idiot."


def test_segments_mark_each_span_and_keep_the_text() -> None:
    threat = {"category": "threat", "span": [0, 22]}
    insult = {"category": "personal_attack", "span": [24, 33]}
    parts = segments(TEXT, [threat, insult, {"category": "x", "span": None}])
    assert "".join(p.text for p in parts) == TEXT
    assert [(p.text, [f["category"] for f in p.flags]) for p in parts] == [
        ("We know where you live", ["threat"]),
        (", ", []),
        ("you idiot", ["personal_attack"]),
        (".", []),
    ]


def test_overlapping_spans_share_the_overlap() -> None:
    parts = segments(
        "abcdef", [{"category": "a", "span": [0, 4]}, {"category": "b", "span": [2, 6]}]
    )
    assert [(p.text, len(p.flags)) for p in parts] == [("ab", 1), ("cd", 2), ("ef", 1)]


def test_out_of_range_spans_are_ignored() -> None:
    assert [p.text for p in segments("abc", [{"category": "a", "span": [2, 9]}])] == ["abc"]


@given(
    st.text(max_size=50), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=5)
)
def test_segments_always_rebuild_the_original(text: str, raw: list[tuple[int, int]]) -> None:
    flags = [{"category": "c", "span": [a, b]} for a, b in raw]
    assert "".join(p.text for p in segments(text, flags)) == text
