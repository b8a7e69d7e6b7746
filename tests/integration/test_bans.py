"""The ban list: banned commenters, emails and (for a while) addresses are refused, with nothing
stored; a ban names a person, and an address only when a moderator asks for it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models import Ban, Comment
from services import bans as ban_service
from services.errors import Banned, Conflict, InvalidInput
from tests.conftest import csrf_token_from
from tests.factories import make_article, post_comment


def _count(db) -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def test_banning_a_comment_author_refuses_their_next_posts(db) -> None:
    article = make_article(db)
    first = post_comment(
        article, "Buy my stuff.", fingerprint="fp-spam", author_email="s@x.org", commenter_key="k1"
    )
    bans = ban_service.ban_author(first.comment)
    # the person (their key and email), never the address everyone on it shares
    assert {b.kind.value for b in bans} == {"commenter", "email"}
    with pytest.raises(Banned, match="cannot post"):
        post_comment(article, "Again.", fingerprint="fp-elsewhere", commenter_key="k1")
    with pytest.raises(Banned):
        post_comment(article, "From elsewhere.", fingerprint="fp-other", author_email="S@x.org")
    post_comment(article, "Someone else in the same office.", fingerprint="fp-spam",
                 commenter_key="k2")  # fmt: skip
    assert _count(db) == 2
    with pytest.raises(Conflict):
        ban_service.add_ban("email", "s@x.org")


def test_an_address_ban_is_explicit_and_always_expires(db) -> None:
    article = make_article(db)
    comment = post_comment(article, "Flood.", fingerprint="fp-cafe", commenter_key="k3").comment
    with pytest.raises(InvalidInput, match="not saved") as refused:
        ban_service.add_ban("fingerprint", "fp-cafe")  # permanent
    assert "never permanent" in refused.value.errors["duration"]
    with pytest.raises(InvalidInput):
        ban_service.add_ban("fingerprint", "fp-cafe", duration=timedelta(days=30))
    bans = ban_service.ban_author(comment, include_address=True)
    address = next(b for b in bans if b.kind.value == "fingerprint")
    assert address.expires_at is not None
    assert timedelta(hours=23) < address.expires_at - datetime.now(UTC) <= timedelta(hours=24)
    with pytest.raises(Banned):
        post_comment(article, "Anyone at the café.", fingerprint="fp-cafe", commenter_key="k4")
    # the address ban lifts itself: after its expiry the café may post again, the commenter not
    db.session.execute(
        Ban.__table__.update()
        .where(Ban.id == address.id)
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db.session.commit()
    post_comment(article, "Anyone at the café.", fingerprint="fp-cafe", commenter_key="k4")
    with pytest.raises(Banned):
        post_comment(article, "The flooder again.", fingerprint="fp-cafe", commenter_key="k3")
    assert [b.kind.value for b in ban_service.list_bans()] == ["commenter"]
    assert len(ban_service.list_bans(include_expired=True)) == 2
    # an expired ban of the same value is renewed, not a conflict
    renewed = ban_service.add_ban("fingerprint", "fp-cafe", duration=timedelta(days=7))
    assert renewed.id == address.id


def test_a_comment_with_nothing_but_an_address_cannot_be_banned_by_accident(db) -> None:
    comment = post_comment(make_article(db), "No key, no email.", fingerprint="fp-x").comment
    with pytest.raises(InvalidInput) as refused:
        ban_service.ban_author(comment)
    assert "only its address could be banned" in refused.value.errors["comment"]


def test_lifting_a_ban(db) -> None:
    ban = ban_service.add_ban("email", "a@b.org")
    ban_service.remove_ban(ban.id)
    post_comment(make_article(db), "Welcome back.", author_email="a@b.org")
    assert _count(db) == 1


def test_widget_refuses_a_banned_commenter_plainly_and_keeps_their_text(client, db) -> None:
    url = "/embed/a/s1?url=http://localhost/s1&title=T"
    page = client.get(url, headers={"Referer": "http://localhost/s1"}).get_data(as_text=True)
    key = re.search(r'data-commenter-key="([^"]+)"', page)[1]
    first = client.post(
        "/embed/a/s1/comments",
        data={"csrf_token": csrf_token_from(page), "author_name": "A", "body": "Hello",
              "commenter_key": key},
    )  # fmt: skip
    assert first.status_code == 200
    ban_service.ban_author(db.session.scalar(select(Comment)))
    response = client.post(
        "/embed/a/s1/comments",
        data={"csrf_token": csrf_token_from(page), "author_name": "A",
              "body": "My long reply, typed for ten minutes", "commenter_key": key},
    )  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    # the message sits by the button, announced; what they typed is still in the form
    assert re.search(r'id="cm-form-alert" role="alert">You cannot post comments here\.', html)
    assert "My long reply, typed for ten minutes</textarea>" in html
    assert _count(db) == 1


def test_moderator_bans_from_the_commenter_page(client, db, login_as) -> None:
    login_as("moderator")
    comment = post_comment(
        make_article(db), "Spam.", fingerprint="fp-9", commenter_key="k9"
    ).comment
    page = client.get(f"/dashboard/comments/{comment.id}/commenter").get_data(as_text=True)
    assert "blocks <strong>everyone</strong> posting from the same address" in page
    response = client.post(
        f"/dashboard/comments/{comment.id}/ban",
        data={"csrf_token": csrf_token_from(page), "duration": "7d", "note": "spam run"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Banned: commenter key (until " in html
    assert ban_service.is_banned(None, None, "k9")
    assert not ban_service.is_banned("fp-9", None)  # the address was not asked for
    (ban,) = ban_service.list_bans()
    assert ban.note == "spam run"
    assert timedelta(days=6) < ban.expires_at - datetime.now(UTC) <= timedelta(days=7)
    bad = client.post(
        f"/dashboard/comments/{comment.id}/ban",
        data={"csrf_token": csrf_token_from(page), "duration": "7d", "address": "1",
              "address_duration": "permanent"},
        follow_redirects=True,
    )  # fmt: skip
    assert "an address ban lasts 24h or 7d, never longer" in bad.get_data(as_text=True)
    assert not ban_service.is_banned("fp-9", None)
    lifted = client.post(
        f"/dashboard/bans/{ban.id}/lift",
        data={"csrf_token": csrf_token_from(page), "next": "/dashboard/bans"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert f"Ban #{ban.id} lifted" in lifted and "No bans." in lifted
    assert not ban_service.is_banned(None, None, "k9")


def test_cli_bans(runner, db) -> None:
    assert "banned x@y.org" in runner.invoke(args=["bans", "add", "--email", "X@y.org"]).output
    assert "x@y.org" in runner.invoke(args=["bans", "list"]).output
    bad = runner.invoke(args=["bans", "add", "--email", "nope"])
    assert bad.exit_code == 1 and "not a valid email" in bad.output
    ban_id = ban_service.list_bans()[0].id
    assert f"ban {ban_id} lifted" in runner.invoke(args=["bans", "remove", str(ban_id)]).output


def test_the_commenter_page_shows_an_email_ban_whatever_the_case_of_the_address(db) -> None:
    comment = post_comment(make_article(db), "Hi.", author_email="Reader@x.org").comment
    ban = ban_service.add_ban("email", "reader@X.org")
    assert [b.id for b in ban_service.bans_for(comment)] == [ban.id]
