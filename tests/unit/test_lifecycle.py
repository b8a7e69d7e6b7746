"""Every transition of the comment lifecycle, allowed and refused."""

from __future__ import annotations

import pytest

from moderation.guidelines import Reason
from moderation.lifecycle import Action, CommentStatus, ReasonError, TransitionError, transition

P, A, R = CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.REJECTED


@pytest.mark.parametrize(
    ("current", "action", "reason", "expected"),
    [
        (P, Action.APPROVE, None, A),
        (P, Action.REJECT, "threat", R),
        (A, Action.REJECT, "profanity", R),  # a moderator changes their mind
        (R, Action.APPROVE, None, A),
        (A, Action.REOPEN, None, P),
        (R, Action.REOPEN, None, P),
        ("pending", "approve", None, A),  # plain strings from forms and JSON
    ],
    ids=lambda v: str(v),
)
def test_allowed_transitions(current, action, reason, expected) -> None:
    assert transition(current, action, reason) is expected


@pytest.mark.parametrize(
    ("current", "action", "reason", "error", "message"),
    [
        (A, Action.APPROVE, None, TransitionError, "already approved"),
        (R, Action.REJECT, "threat", TransitionError, "already rejected"),
        (P, Action.REOPEN, None, TransitionError, "already pending"),
        (P, Action.REJECT, None, ReasonError, "needs a reason"),
        (P, Action.REJECT, "", ReasonError, "needs a reason"),
        (P, Action.REJECT, "rude", ReasonError, "unknown rejection reason"),
        (P, Action.APPROVE, "threat", ReasonError, "takes no rejection reason"),
        (A, Action.REOPEN, "spam", ReasonError, "takes no rejection reason"),
        (P, "delete", None, TransitionError, "unknown action"),
        (P, "edit", None, TransitionError, "unknown action"),
        ("published", Action.APPROVE, None, TransitionError, "unknown comment status"),
    ],
)
def test_refused_transitions(current, action, reason, error, message) -> None:
    with pytest.raises(error, match=message):
        transition(current, action, reason)


def test_every_reason_is_accepted_for_a_rejection() -> None:
    for reason in Reason:
        assert transition(P, Action.REJECT, reason.value) is R
