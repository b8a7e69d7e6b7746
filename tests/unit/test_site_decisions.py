"""The site's moderator decisions as training rows: targets, masking, split, weight."""

from __future__ import annotations

from moderation.guidelines import Reason
from moderation.lifecycle import CommentStatus
from moderation.model import site
from moderation.model.labels import HOUSE_LABELS
from moderation.model.site import DecidedComment


def _target(status: CommentStatus, reason: str | None = None) -> dict | None:
    example = site.examples([DecidedComment("some comment text", status, reason)])
    if not example:
        return None
    return dict(zip(HOUSE_LABELS, example[0].target, strict=True))


def test_approved_is_clean_on_every_label() -> None:
    assert _target(CommentStatus.APPROVED) == dict.fromkeys(HOUSE_LABELS, 0)


def test_a_rejection_says_its_category_and_masks_the_others() -> None:
    attack = _target(CommentStatus.REJECTED, Reason.PERSONAL_ATTACK)
    assert attack == {
        "violation": 1,
        "profanity": None,
        "threat": None,
        "personal_attack": 1,
        "identity_abuse": None,
        "promotion": None,
    }
    assert _target(CommentStatus.REJECTED, Reason.XENOPHOBIA)["identity_abuse"] == 1
    assert _target(CommentStatus.REJECTED, Reason.VULGARITY)["profanity"] == 1
    assert _target(CommentStatus.REJECTED, Reason.PERSONAL_PROMOTION)["promotion"] == 1
    spam = _target(CommentStatus.REJECTED, Reason.SPAM)
    assert spam["violation"] == 1 and {spam[k] for k in HOUSE_LABELS[1:]} == {None}


def test_unusable_decisions_are_left_out() -> None:
    assert _target(CommentStatus.REJECTED, Reason.OFF_TOPIC) is None  # needs the article
    assert _target(CommentStatus.PENDING) is None
    # An unknown stored reason still counts as a violation ("other").
    assert _target(CommentStatus.REJECTED, "retired-reason")["violation"] == 1


def test_duplicates_are_dropped_and_the_split_is_stable() -> None:
    decided = [
        DecidedComment(f"comment number {i} about the bridge", CommentStatus.APPROVED)
        for i in range(400)
    ]
    decided.append(DecidedComment("Comment number 1 about the BRIDGE!", CommentStatus.APPROVED))
    rows = site.examples(decided)
    assert len(rows) == 400
    assert {r.corpus for r in rows} == {site.SITE_CORPUS}
    dev = [r for r in rows if r.split == "dev"]
    assert 50 <= len(dev) <= 110  # about DEV_PERCENT of them
    # A row's split depends on its text only, not on what else was decided.
    alone = {r.text: r.split for r in site.examples(decided[200:])}
    assert all(alone[r.text] == r.split for r in rows if r.text in alone)


def test_a_few_hundred_decisions_weigh_against_the_corpora() -> None:
    rows = site.examples(
        DecidedComment(f"decided comment {i}", CommentStatus.APPROVED) for i in range(250)
    )
    train = site.weighted(rows, corpus_rows=40_000)
    assert len(train) == sum(r.split == "train" for r in rows)
    mass = sum(r.weight for r in train)
    assert mass / (mass + 40_000) <= site.SHARE + 1e-6
    assert train[0].weight > 20  # 200 decisions count like ~5,000 corpus rows
    # Many decisions: never less than one row's weight each; a handful: capped.
    many = site.weighted(
        site.examples(
            DecidedComment(f"decided {i}", CommentStatus.APPROVED) for i in range(50_000)
        ),
        corpus_rows=40_000,
    )
    assert many[0].weight == 1.0
    few = site.weighted(site.examples([DecidedComment("x y", CommentStatus.APPROVED)] * 3), 40_000)
    assert all(r.weight <= site.MAX_WEIGHT for r in few)
