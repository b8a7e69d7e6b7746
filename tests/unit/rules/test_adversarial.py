"""Adversarial comments cannot stall screening: linear work, and a per-comment rules budget.

A 5,000-character comment of one short token repeated once took 15-28 s in the separated-
letters matcher (every start x every end of a 2,500-letter run). Timings are not asserted here
(scripts/bench_screening.py prints them); the work done is, and what moderators see.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.rules.term_index import TermIndex
from moderation.screener import Screener
from tests.support.rules import shipped_rules

RULES = shipped_rules()
LIMIT = 5000


@pytest.mark.parametrize("token", ["a", "x", "ı", "ب", "ک", "ێ", "1", "a."])
def test_a_run_of_separated_letters_is_read_in_linear_work(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    original = TermIndex.lookup_evasive

    def counted(self: TermIndex, form: str):  # noqa: ANN202
        nonlocal calls
        calls += 1
        return original(self, form)

    monkeypatch.setattr(TermIndex, "lookup_evasive", counted)
    text = ((token + " ") * LIMIT)[:LIMIT]
    assert RULES.match(text) == []
    letters = text.count(token)
    # At most a few dozen candidate words per letter (the longest listed spelling, stretched);
    # the quadratic scan looked at ~letters²/2 = 3 million.
    assert calls <= 40 * letters + 1000, calls


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("you are a f u c k i n g disgrace", "fuck"),
        ("what a load of s.h.i.t", "shit"),
        ("f u u u u u c k this council", "fuck"),
        ("b-i-t-c-h", "bitch"),
    ],
)
def test_spelled_out_terms_are_still_found(text: str, term: str) -> None:
    details = [f.detail for f in RULES.match(text)]
    assert any(f"'{term}" in d for d in details), details


def test_rules_over_their_budget_leave_the_rest_to_the_model_and_say_so() -> None:
    text = "Kurds are filthy rats, you idiot, fuck off"
    full = Screener(RULES, None, rules_budget=None).screen([text])[0]
    hurried = Screener(RULES, None, rules_budget=0.0).screen([text])[0]
    assert full.note is None
    assert hurried.note == (
        "rule lists stopped at the 0 ms budget: screened by the model and the rule families "
        "that ran"
    )
    # What ran (the term lists) is kept: profanity is still flagged; the patterns did not run.
    assert "profanity" in hurried.categories
    assert {f.detail for f in hurried.flags} < {f.detail for f in full.flags}


def test_the_money_signal_is_bounded_and_still_reads_amounts() -> None:
    from moderation.rules.spam import _SIGNALS

    money = dict(_SIGNALS)["money"]
    assert money.search("you won 1,000,000.00 pounds today")
    assert money.search(("1." * 2500)[:LIMIT]) is None


def _flat(terms: list[str]) -> str:
    """The alternation as it was written before the trie: longest term first."""
    import re

    parts = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)


_WORDS = ["a", "ab", "abc", "b", "ba", "kurd", "kurds", "kurdish", "x-y", "o'c"]


@settings(max_examples=300, deadline=None)
@given(
    terms=st.lists(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join),
        min_size=1,
        max_size=8,
    ),
    text=st.lists(st.sampled_from([*_WORDS, " ", "  ", ".", "s"]), max_size=12).map("".join),
    tail=st.sampled_from(["", r"(?![\w'])", r"\s+b", r"(?:\s+ab)?\s+kurd"]),
)
def test_the_trie_alternation_matches_exactly_what_the_flat_one_did(terms, text, tail) -> None:
    """Issue 13.1: list alternations became tries for speed; every match, its span and the
    term preferred when several fit must stay what the longest-first alternation gave."""
    import re

    from moderation.rules.context import alternation

    def spans(alt: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(rf"(?<![\w'])(?:{alt}){tail}", text)]

    assert spans(alternation(terms)) == spans(_flat(terms))


def test_the_first_comment_in_a_fresh_process_is_screened_within_the_budget() -> None:
    """One-time loading (the spelling repair's word-frequency table) happens when the rule set
    is built, not inside the first comment's budget: that comment once lost every family
    after the term lists (its threat shapes unread) in each new worker."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "from moderation.rules import RuleSet\n"
        "from moderation.screener import Screener\n"
        "s = Screener(RuleSet.load(), None)\n"
        "r = s.screen(['We know where you live, councillor. You will pay for this.'])[0]\n"
        "print(r.note, sorted(f.rule for f in r.flags))\n"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "None ['threats#know-where', 'threats#pay']"
