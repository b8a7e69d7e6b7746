"""The comment lifecycle: statuses, moderator actions and which transitions are allowed."""

from __future__ import annotations

from enum import StrEnum

from moderation.guidelines import Reason


class CommentStatus(StrEnum):
    """Where a comment stands. Only APPROVED comments are ever shown to the public."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Action(StrEnum):
    """What a moderator can do to a comment; each is one append-only audit row."""

    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"


class TransitionError(ValueError):
    """A moderator action that the lifecycle does not allow; the message says why."""


class ReasonError(TransitionError):
    """The rejection reason is missing, unknown, or given where none belongs."""


_TARGET = {
    Action.APPROVE: CommentStatus.APPROVED,
    Action.REJECT: CommentStatus.REJECTED,
    Action.REOPEN: CommentStatus.PENDING,
}


def transition(
    current: CommentStatus | str, action: Action | str, reason: str | None
) -> CommentStatus:
    """The status after `action`, or TransitionError for a refused transition or bad reason."""
    try:
        status = CommentStatus(current)
    except ValueError:
        raise TransitionError(f"unknown comment status {current!r}") from None
    try:
        act = Action(action)
    except ValueError:
        allowed = ", ".join(a.value for a in Action)
        raise TransitionError(f"unknown action {action!r}; expected one of {allowed}") from None
    target = _TARGET[act]
    if status is target:
        raise TransitionError(f"comment is already {status.value}")
    if act is Action.REJECT:
        if not reason:
            raise ReasonError("a rejection needs a reason from the community guidelines")
        try:
            Reason(reason)
        except ValueError:
            raise ReasonError(f"unknown rejection reason {reason!r}") from None
    elif reason:
        raise ReasonError(f"{act.value} takes no rejection reason")
    return target
