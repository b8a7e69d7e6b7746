"""The shipped rule set, loaded once per test session (compiling it takes about a second)."""

from __future__ import annotations

import functools

from moderation.rules import RuleSet


@functools.cache
def shipped_rules() -> RuleSet:
    """RuleSet.load() of the shipped lists, shared by every rule test (it is immutable)."""
    return RuleSet.load()
