"""The site's own moderator decisions as labelled training rows for the house model.

A decided comment says what this site's moderators think of this site's comments: approved
means clean on every label; rejected with a reason means that reason's category (and a
violation), with the other categories *masked* (a moderator picks one reason, not a full
annotation). Comments rejected as off-topic are left out: the model reads the comment alone and
cannot judge relevance to the article, so such rows would only teach it noise.

A few hundred decisions must weigh against some 40,000 corpus rows: each decision row gets the
weight that gives the decisions together ``SHARE`` of the training mass (capped), and a fifth of
them (by a hash of the text, as the corpora are split) form the ``site`` dev split that the
combiner and thresholds are fitted on beside the corpora's dev splits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from moderation.guidelines import Reason
from moderation.lifecycle import CommentStatus
from moderation.model.corpora import Example, bucket, normalise
from moderation.model.labels import HOUSE_LABELS, Target

SITE_CORPUS = "site"
#: Share of the decision rows held out as the site's dev split.
DEV_PERCENT = 20
#: The decisions together weigh this share of the training mass...
SHARE = 0.15
#: ...but one decision never counts for more than this many corpus rows.
MAX_WEIGHT = 25.0


def _reject(label: str | None) -> Target:
    target: Target = dict.fromkeys(HOUSE_LABELS)
    target["violation"] = 1
    if label is not None:
        target[label] = 1
    return target


#: Rejection reason -> target. None: the row is not used (see the module docstring).
REASON_TARGETS: dict[Reason, Target | None] = {
    Reason.PROFANITY: _reject("profanity"),
    Reason.VULGARITY: _reject("profanity"),
    Reason.THREAT: _reject("threat"),
    Reason.PERSONAL_ATTACK: _reject("personal_attack"),
    Reason.SEXISM: _reject("identity_abuse"),
    Reason.RACISM: _reject("identity_abuse"),
    Reason.HOMOPHOBIA: _reject("identity_abuse"),
    Reason.XENOPHOBIA: _reject("identity_abuse"),
    Reason.COMMERCIAL_PROMOTION: _reject("promotion"),
    Reason.PERSONAL_PROMOTION: _reject("promotion"),
    Reason.SPAM: _reject(None),
    Reason.OTHER: _reject(None),
    Reason.OFF_TOPIC: None,
}
APPROVED_TARGET: Target = dict.fromkeys(HOUSE_LABELS, 0)


@dataclass(frozen=True, slots=True)
class DecidedComment:
    """What training needs of one decided comment."""

    body: str
    status: CommentStatus
    reason: str | None = None


def target_of(decided: DecidedComment) -> Target | None:
    """The training target of one decision; None when it is not used."""
    if decided.status == CommentStatus.APPROVED:
        return APPROVED_TARGET
    if decided.status != CommentStatus.REJECTED:
        return None
    try:
        reason = Reason(decided.reason) if decided.reason else Reason.OTHER
    except ValueError:
        reason = Reason.OTHER
    return REASON_TARGETS[reason]


def split_of(text: str) -> str:
    """dev or train, from a hash of the normalised text (stable across runs)."""
    return "dev" if bucket(normalise(text)) < DEV_PERCENT else "train"


def examples(decided: Iterable[DecidedComment]) -> list[Example]:
    """Decisions as labelled rows of the ``site`` corpus, deduplicated, train or dev split."""
    out: list[Example] = []
    seen: set[str] = set()
    for d in decided:
        target = target_of(d)
        key = normalise(d.body)
        if target is None or not key or key in seen:
            continue
        seen.add(key)
        out.append(Example.make(d.body, SITE_CORPUS, target, split=split_of(d.body)))
    return out


def weighted(rows: Sequence[Example], corpus_rows: int) -> list[Example]:
    """The site's training rows, each weighted so that together they weigh ``SHARE``."""
    train = [r for r in rows if r.split == "train"]
    if not train:
        return []
    weight = min(MAX_WEIGHT, max(1.0, SHARE * corpus_rows / ((1 - SHARE) * len(train))))
    return [replace(r, weight=round(weight, 3)) for r in train]
