"""What every rule family is: one protocol, one input, one output.

A family reads a `Reading` of the comment and returns `Finding`s (category, span in the
leet-decoded view, detail). It says which languages it reads and which words it needs
(`wants`): a family whose words are absent is skipped, and its trigger words come from the
family's own vocabulary and shapes, so adding a shape or a list term can never leave it
silently unread. The registry (registry.py) lists the families in the order they run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from moderation.normalize import Token, View
from moderation.rules.context import Finding
from moderation.rules.spelling import Repaired


@dataclass(frozen=True, slots=True)
class Reading:
    """One comment as the families read it."""

    #: Case- and compatibility-folded text with the offset map to the original.
    folded: View
    #: `folded` with look-alike digits and symbols decoded ("1d10t" -> "idiot"), same length.
    view: View
    tokens: list[Token]
    #: Every spelling of every token (folded, de-leeted, de-duplicated letters ...).
    words: frozenset[str]
    #: The spelling repair's reading of `view` (spelling.py).
    repair: Repaired | None = None
    #: True for the repaired reading itself: families that read repairs run on it ungated.
    repaired: bool = False

    @classmethod
    def of_repair(cls, view: View) -> Reading:
        """The repaired reading as a Reading of its own (families find in its coordinates)."""
        return cls(folded=view, view=view, tokens=[], words=frozenset(), repaired=True)


class Family(Protocol):
    """A rule family."""

    #: Short name, the first part of its findings' details ("threats", "promotion").
    name: str
    #: Languages its shapes and vocabulary read ("*": any).
    languages: frozenset[str]
    #: Whether it also runs on the spelling repair's reading.
    reads_repair: bool

    def wants(self, reading: Reading) -> bool:
        """Whether any word it needs is in the comment (always True on a repaired reading)."""
        ...

    def find(self, reading: Reading) -> list[Finding]:
        """Its findings, spans in `reading.view`'s coordinates."""
        ...


def has_any(reading: Reading, triggers: frozenset[str]) -> bool:
    """The usual `wants`: a repaired reading, or one of the trigger words present."""
    return reading.repaired or not reading.words.isdisjoint(triggers)
