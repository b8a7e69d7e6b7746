"""Thresholds from the site's decisions: stored probabilities, proposals on the Stats page,
apply (admins only, recorded), workers screen with the applied set, undo."""

from __future__ import annotations

import pytest

from models import Comment, ThresholdSet
from services import model_thresholds
from services.decisions import decide
from tests.conftest import TinyHouse, csrf_token_from
from tests.factories import make_article, post_comment
from tests.integration.test_screening_app import _run_worker_until_idle

pytestmark = pytest.mark.model

INSULTS = [
    "you are an idiot and a moron",
    "shut up you pathetic clown",
    "what a stupid fool you are",
]
CLEAN = [
    "thanks for the useful article about the bridge",
    "i hope the new school opens before the election",
    "interesting report on the water budget of the city",
]
COMBINED = {"profanity", "threat", "personal_attack", "identity_abuse", "promotion", "violation"}


@pytest.fixture
def config_overrides(tiny_house: TinyHouse) -> dict[str, object]:
    return {
        "classifier_backend": "house",
        "house_model_dir": str(tiny_house.folder),
        "house_base_zip": str(tiny_house.base_zip),
    }


def _post_and_screen(app, db, n: int) -> tuple[list[int], list[int]]:  # noqa: ANN001
    article = make_article(db)
    attacks = [post_comment(article, f"{INSULTS[i % 3]} number {i}").comment.id for i in range(n)]
    clean = [post_comment(article, f"{CLEAN[i % 3]} number {i}").comment.id for i in range(2 * n)]
    _run_worker_until_idle(app, batches=4)
    return attacks, clean


def _decide_all(attacks: list[int], clean: list[int]) -> None:
    for cid in attacks:
        decide(cid, "reject", None, reason="personal_attack")
    for cid in clean:
        decide(cid, "approve", None)


def _stats_page(client) -> str:  # noqa: ANN001
    response = client.get("/dashboard/stats")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_worker_stores_every_calibrated_probability(app, db) -> None:  # noqa: ANN001
    attacks, clean = _post_and_screen(app, db, 3)
    for cid in attacks + clean:
        comment = db.session.get(Comment, cid)
        assert set(comment.model_probabilities) == COMBINED
        assert all(0.0 <= v <= 1.0 for v in comment.model_probabilities.values())
    # The insults look like attacks to the model, the clean comments do not.
    attack_p = min(
        db.session.get(Comment, c).model_probabilities["personal_attack"] for c in attacks
    )
    clean_p = max(db.session.get(Comment, c).model_probabilities["personal_attack"] for c in clean)
    assert attack_p > clean_p


def test_admin_applies_a_proposal_workers_use_it_and_undo_restores(
    app,
    db,
    client,
    login_as,  # noqa: ANN001
) -> None:
    attacks, clean = _post_and_screen(app, db, 12)
    _decide_all(attacks, clean)
    admin_id = login_as("admin").id
    html = _stats_page(client)
    assert "Model thresholds from this site's decisions" in html
    assert "from 36 comments" in html
    page = model_thresholds.proposal_page()
    proposal = next(p for p in page.proposals if p.category == "personal_attack")
    assert proposal.positives == 12 and proposal.approved == 24
    assert proposal.changes and proposal.precision_new >= 0.8 and proposal.recall_new == 1.0
    assert 'name="category" value="personal_attack"' in html
    threat = next(p for p in page.proposals if p.category == "threat")
    assert threat.proposed is None and "needs 10 more rejections" in threat.note

    token = csrf_token_from(html)
    response = client.post(
        "/dashboard/admin/thresholds",
        data={
            "category": "personal_attack",
            "threshold_days": "90",
            "precision": "0.8",
            "note": "our readers' insults",
            "csrf_token": token,
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Threshold set #1 applied (personal attack" in html
    db.session.expire_all()
    applied = ThresholdSet.active(db.session, page.model.model_version)
    assert applied.thresholds == {"personal_attack": proposal.proposed}
    assert applied.created_by == admin_id and applied.note == "our readers' insults"
    assert applied.basis["decisions"] == 36 and applied.basis["target_precision"] == 0.8
    applied_id = applied.id

    # New comments are screened with the applied threshold: the model flag says so.
    article = make_article(db)
    fresh = [post_comment(article, f"{INSULTS[i % 3]} again {i}").comment.id for i in range(3)]
    _run_worker_until_idle(app)
    flagged = 0
    for cid in fresh:
        comment = db.session.get(Comment, cid)
        p = comment.model_probabilities["personal_attack"]
        model_flags = [
            f
            for f in comment.flags
            if f["source"].startswith("model:") and "personal_attack" in f["detail"]
        ]
        if p >= proposal.proposed:
            assert model_flags and model_flags[0]["threshold"] == proposal.proposed
            flagged += 1
        else:
            assert not model_flags
    assert flagged  # insults like those rejected reach the site's threshold

    response = client.post(
        f"/dashboard/admin/thresholds/{applied_id}/undo",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "Threshold set #1 undone" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ThresholdSet.active(db.session, page.model.model_version) is None
    assert db.session.get(ThresholdSet, applied_id).undone_by == admin_id  # kept, not deleted
    html = _stats_page(client)
    assert "undone" in html and "Standing: the model's own thresholds." in html


def test_bad_applications_change_nothing(app, db, client, login_as) -> None:  # noqa: ANN001
    attacks, clean = _post_and_screen(app, db, 4)
    _decide_all(attacks, clean)
    login_as("admin")
    token = csrf_token_from(_stats_page(client))
    cases = [
        ({"category": "bogus"}, "unknown: bogus"),
        ({}, "none chosen"),
        ({"category": "personal_attack"}, "needs 6 more rejections"),  # too few decisions
        ({"category": "personal_attack", "precision": "2"}, "must be between 0.5 and 0.99"),
        ({"category": "personal_attack", "note": "x" * 501}, "at most 500 characters"),
    ]
    for form, message in cases:
        response = client.post(
            "/dashboard/admin/thresholds",
            data={"csrf_token": token, **form},
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert message in response.get_data(as_text=True), form
    assert db.session.query(ThresholdSet).count() == 0
    response = client.post(
        "/dashboard/admin/thresholds/99/undo", data={"csrf_token": token}, follow_redirects=True
    )
    assert "no threshold set 99" in response.get_data(as_text=True)


def test_moderators_see_proposals_but_cannot_apply(app, db, client, login_as) -> None:  # noqa: ANN001
    login_as("moderator")
    html = _stats_page(client)
    assert "Model thresholds from this site's decisions" in html
    assert 'name="category"' not in html
    token = csrf_token_from(html)
    response = client.post(
        "/dashboard/admin/thresholds", data={"csrf_token": token, "category": "threat"}
    )
    assert response.status_code == 403
    assert db.session.query(ThresholdSet).count() == 0
