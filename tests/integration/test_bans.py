"""The ban list: banned clients and emails are refused, with nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Comment
from services import bans as ban_service
from services.errors import Banned, Conflict
from tests.conftest import csrf_token_from
from tests.factories import make_article, post_comment


def _count(db) -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def test_banning_a_comment_author_refuses_their_next_posts(db) -> None:
    article = make_article(db)
    first = post_comment(article, "Buy my stuff.", fingerprint="fp-spam", author_email="s@x.org")
    bans = ban_service.ban_author(first.comment)
    assert {b.kind.value for b in bans} == {"fingerprint", "email"}
    with pytest.raises(Banned, match="cannot post"):
        post_comment(article, "Again.", fingerprint="fp-spam")
    with pytest.raises(Banned):
        post_comment(article, "From elsewhere.", fingerprint="fp-other", author_email="S@x.org")
    post_comment(article, "A different reader.", fingerprint="fp-ok")
    assert _count(db) == 2
    with pytest.raises(Conflict):
        ban_service.add_ban("email", "s@x.org")


def test_lifting_a_ban(db) -> None:
    ban = ban_service.add_ban("email", "a@b.org")
    ban_service.remove_ban(ban.id)
    post_comment(make_article(db), "Welcome back.", author_email="a@b.org")
    assert _count(db) == 1


def test_widget_refuses_a_banned_client_plainly(client, db) -> None:
    page = client.get(
        "/embed/a/s1?url=http://localhost/s1&title=T", headers={"Referer": "http://localhost/s1"}
    ).get_data(as_text=True)
    from services.comments import client_fingerprint
    from tests.conftest import TEST_SECRET

    ban_service.add_ban("fingerprint", client_fingerprint(TEST_SECRET, "127.0.0.1"))
    response = client.post(
        "/embed/a/s1/comments",
        data={"csrf_token": csrf_token_from(page), "author_name": "A", "body": "Hello"},
    )
    assert response.status_code == 403
    assert "You cannot post comments here." in response.get_data(as_text=True)
    assert _count(db) == 0


def test_moderator_bans_from_the_comment_page(client, db, login_as) -> None:
    login_as("moderator")
    comment = post_comment(make_article(db), "Spam.", fingerprint="fp-9").comment
    token = csrf_token_from(client.get(f"/dashboard/comments/{comment.id}").get_data(as_text=True))
    response = client.post(
        f"/dashboard/comments/{comment.id}/ban", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Banned: fingerprint." in response.get_data(as_text=True)
    assert ban_service.is_banned("fp-9", None)


def test_cli_bans(runner, db) -> None:
    assert "banned x@y.org" in runner.invoke(args=["bans", "add", "--email", "X@y.org"]).output
    assert "x@y.org" in runner.invoke(args=["bans", "list"]).output
    bad = runner.invoke(args=["bans", "add", "--email", "nope"])
    assert bad.exit_code == 1 and "not a valid email" in bad.output
    ban_id = ban_service.list_bans()[0].id
    assert f"ban {ban_id} lifted" in runner.invoke(args=["bans", "remove", str(ban_id)]).output
