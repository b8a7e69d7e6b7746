"""Commenters as people: one commenter's history across addresses, two commenters on one
address kept apart, the commenter page, and history searched by author name."""

from __future__ import annotations

import re

from services.commenters import commenter_of
from services.decisions import decide
from services.queue import author_history
from tests.factories import make_article, post_comment


def test_two_commenters_behind_one_address_have_separate_histories(db) -> None:
    article = make_article(db)
    office = "fp-office-nat"
    alice = [post_comment(article, f"Alice {i}", fingerprint=office, commenter_key="alice-key")
             for i in range(3)]  # fmt: skip
    bob = post_comment(article, "Bob, rude", fingerprint=office, commenter_key="bob-key")
    for s in alice[:2]:
        decide(s.comment.id, "approve", None)
    decide(bob.comment.id, "reject", None, reason="personal_attack")
    later_alice = post_comment(
        article, "Alice again", fingerprint=office, commenter_key="alice-key"
    )
    later_bob = post_comment(article, "Bob again", fingerprint="fp-mobile", commenter_key="bob-key")
    history = author_history([later_alice.comment, later_bob.comment])
    assert history[later_alice.id] == (2, 0)
    assert history[later_bob.id] == (0, 1)  # his history followed him to another address


def test_the_email_names_a_commenter_before_the_key(db) -> None:
    article = make_article(db)
    first = post_comment(article, "With email", author_email="r@x.org", commenter_key="laptop")
    decide(first.comment.id, "approve", None)
    phone = post_comment(article, "From my phone", author_email="r@X.org", commenter_key="phone")
    assert author_history([phone.comment])[phone.id] == (1, 0)
    who = commenter_of(phone.id)
    assert who.known_by == "email" and who.total == 2


def test_a_comment_with_no_key_and_no_email_is_its_own_commenter(db) -> None:
    article = make_article(db)
    decide(post_comment(article, "One", fingerprint="fp-shared").id, "reject", None, reason="spam")
    other = post_comment(article, "Two", fingerprint="fp-shared")
    assert author_history([other.comment])[other.id] == (0, 0)
    who = commenter_of(other.id)
    assert who.known_by is None and [c.id for c in who.comments] == [other.id]


def test_the_commenter_page_lists_everything_they_wrote(client, db, login_as) -> None:
    login_as("moderator")
    article = make_article(db, external_id="budget")
    posted = [post_comment(article, f"Comment number {i}", author_name="Shwan",
                           commenter_key="shwan-key") for i in range(3)]  # fmt: skip
    decide(posted[0].id, "approve", None)
    decide(posted[1].id, "reject", None, reason="spam")
    post_comment(article, "Someone else", commenter_key="other-key")
    html = client.get(f"/dashboard/comments/{posted[2].id}/commenter").get_data(as_text=True)
    assert "<bdi>Shwan</bdi>" in html
    counts = re.search(r'id="commenter-counts">(.*?)</p>', html, re.S)[1]
    assert re.sub(r"<[^>]+>|\s+", " ", counts).split() == [
        "1", "approved", "·", "1", "rejected", "·", "1", "pending", "·", "3", "in", "all"
    ]  # fmt: skip
    table = re.search(r'id="commenter-comments">(.*?)</table>', html, re.S)[1]
    assert [int(i) for i in re.findall(r"/dashboard/comments/(\d+)\"", table)] == [
        posted[2].id, posted[1].id, posted[0].id
    ]  # fmt: skip
    assert "Someone else" not in html and article.title in table and "Spam" in table
    assert "Not banned." in html
    page = client.get(f"/dashboard/comments/{posted[0].id}")
    assert f'/dashboard/comments/{posted[0].id}/commenter"' in page.get_data(as_text=True)
    assert client.get("/dashboard/comments/999999/commenter").status_code == 404


def test_history_searched_by_author_name(client, db, login_as) -> None:
    login_as("moderator")
    article = make_article(db)
    for name, body in (
        ("Karwan Ali", "Zebra one"),
        ("Dilan", "Zebra two"),
        ("karwan_b", "Zebra three"),
    ):
        decide(post_comment(article, body, author_name=name).id, "approve", None)
    html = client.get("/dashboard/history?author=karwan").get_data(as_text=True)
    assert "Zebra one" in html and "Zebra three" in html and "Zebra two" not in html
    # LIKE wildcards are plain characters
    html = client.get("/dashboard/history?author=_").get_data(as_text=True)
    assert "Zebra three" in html and "Zebra one" not in html


def test_moderators_need_to_sign_in_for_commenters_and_bans(client, db) -> None:
    comment = post_comment(make_article(db), "Hi").comment
    for url in (f"/dashboard/comments/{comment.id}/commenter", "/dashboard/bans"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.headers["Location"]
