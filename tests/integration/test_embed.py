"""The widget over HTTP: registration, posting, own comments, closed articles, safety."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Article, Comment
from moderation.lifecycle import Action
from services.decisions import decide
from tests.conftest import csrf_token_from, new_token_from
from tests.factories import make_article

ARTICLE = "/embed/a/story-1?url=http://localhost/news/story-1&title=Bridge%20repairs"
#: The widget is loaded by the article page: its Referer names the embedding site.
FROM_SITE = {"Referer": "http://localhost/news/story-1"}


def _post(client, external_id: str = "story-1", **fields: str):
    page = client.get(f"/embed/a/{external_id}")
    data = {
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        "author_name": "Rêber",
        **fields,
    }
    return client.post(f"/embed/a/{external_id}/comments", data=data)


def _count(db) -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def test_first_load_registers_the_article_from_an_allowed_origin(client, db) -> None:
    response = client.get(ARTICLE, headers=FROM_SITE)
    assert response.status_code == 200
    article = db.session.scalar(select(Article).where(Article.external_id == "story-1"))
    assert article.title == "Bridge repairs" and article.url == "http://localhost/news/story-1"
    html = response.get_data(as_text=True)
    assert "All comments are moderated before publication" in html
    assert "No comments yet." in html
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' http://localhost" in csp and "unsafe-inline" not in csp


def test_unknown_origin_cannot_register_or_frame(client, db) -> None:
    response = client.get(
        "/embed/a/x?url=https://evil.example/page&title=T",
        headers={"Referer": "https://evil.example/page"},
    )
    assert response.status_code == 403
    assert "not available" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Article.id))) == 0


@pytest.mark.parametrize("config_overrides", [{"allowed_embed_origins": ("https://news.example",)}])
def test_configured_origin_may_register_and_frame(client, db, config_overrides) -> None:
    response = client.get(
        "/embed/a/n1?url=https://news.example/a/1&title=Story",
        headers={"Referer": "https://news.example/a/1"},
    )
    assert response.status_code == 200
    assert "https://news.example" in response.headers["Content-Security-Policy"]


def test_other_pages_cannot_be_framed(client) -> None:
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_post_stores_pending_and_shows_it_only_to_its_author(client, app, db) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    response = _post(client, body="The repairs are overdue.")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    answer = response.get_data(as_text=True)
    token = new_token_from(answer)  # handed to the widget's script, never put in a URL
    assert (
        'data-next="/embed/a/story-1?posted=1"' in answer
        and token not in answer.split("data-next")[1]
    )
    page = client.get("/embed/a/story-1?posted=1").get_data(as_text=True)
    assert "your comment is awaiting moderation" in page
    assert "Awaiting moderation" in page and "The repairs are overdue." in page
    assert "No comments yet." in page  # not public yet
    stranger = app.test_client().get("/embed/a/story-1").get_data(as_text=True)
    assert "The repairs are overdue." not in stranger
    comment = db.session.scalars(select(Comment)).one()
    assert comment.status == "pending" and comment.author_name == "Rêber"
    assert comment.client_fingerprint and "127.0.0.1" not in comment.client_fingerprint


def test_approved_comment_is_public_and_author_sees_the_outcome(client, app, db) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    _post(client, body="Good news for the old town.")
    _post(client, body="Spam spam spam.")
    ok, spam = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    decide(ok.id, Action.APPROVE, None)
    decide(spam.id, Action.REJECT, None, reason="spam")
    stranger = app.test_client().get("/embed/a/story-1").get_data(as_text=True)
    assert "Good news for the old town." in stranger and "1 comment" in stranger
    assert "Spam spam spam." not in stranger
    mine = client.get("/embed/a/story-1").get_data(as_text=True)
    assert "Published" in mine
    assert "Not published because: it is spam or a duplicate of another comment" in mine


def test_mine_endpoint_answers_for_tokens_from_local_storage(client, app, db) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    response = _post(client, body="Kept by token.")
    token = new_token_from(response.get_data(as_text=True))
    fresh = app.test_client()  # no cookie: a browser that blocks third-party cookies
    fragment = fresh.post("/embed/a/story-1/mine", json={"tokens": [token]})
    assert fragment.status_code == 200 and "Kept by token." in fragment.get_data(as_text=True)
    nothing = fresh.post("/embed/a/story-1/mine", json={"tokens": ["guess"]})
    assert "Kept by token." not in nothing.get_data(as_text=True)
    assert fresh.post("/embed/a/story-1/mine", json={"tokens": "x"}).status_code == 400


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": "   "}, "Please write a comment."),
        ({"body": "ok", "author_name": ""}, "Please give a name"),
        ({"body": "ok", "author_email": "nope"}, "does not look right"),
        ({"body": "x" * 5001}, "the limit is 5000"),
    ],
)
def test_validation_errors_are_shown_next_to_the_field_and_store_nothing(
    client, db, fields, message
) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    response = _post(client, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html
    assert "Please correct the highlighted fields." in html
    assert _count(db) == 0


def test_missing_csrf_token_is_refused_politely(client, db) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    response = client.post("/embed/a/story-1/comments", data={"author_name": "A", "body": "b"})
    assert response.status_code == 400
    assert "This form expired" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_honeypot_pretends_success_and_stores_nothing(client, db) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    response = _post(client, body="Buy now", website="http://spam.example")
    assert response.status_code == 200  # answered exactly as a real post...
    token = new_token_from(response.get_data(as_text=True))
    assert "Buy now" not in client.post("/embed/a/story-1/mine", json={"tokens": [token]}).get_data(
        as_text=True
    )  # ...with a token of nothing
    assert _count(db) == 0


def test_closed_article_keeps_the_list_and_refuses_the_form(client, db) -> None:
    article = make_article(db, external_id="closed-1", comments_open=False)
    assert article.comments_open is False
    page = client.get("/embed/a/closed-1")
    html = page.get_data(as_text=True)
    assert "Comments on this article are closed." in html and "<form" not in html
    token = csrf_token_from(
        client.get("/embed/a/story-1?url=http://localhost/s&title=t", headers=FROM_SITE).get_data(
            as_text=True
        )
    )
    refused = client.post(
        "/embed/a/closed-1/comments", data={"csrf_token": token, "author_name": "A", "body": "b"}
    )
    assert refused.status_code == 403 and _count(db) == 0


@pytest.mark.parametrize("config_overrides", [{"post_rate_limit": "2 per minute"}])
def test_posting_is_rate_limited_with_a_friendly_message(client, db, config_overrides) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    assert _post(client, body="one").status_code == 200
    assert _post(client, body="two").status_code == 200
    third = _post(client, body="three")
    assert third.status_code == 429
    assert "You are posting too quickly" in third.get_data(as_text=True)
    assert int(third.headers["Retry-After"]) > 0
    assert _count(db) == 2


def test_comment_text_is_escaped_and_links_are_not_links(client, db) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    evil = '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a> see https://x.example'
    _post(client, body=evil, author_name="<b>Bob</b>")
    decide(db.session.scalars(select(Comment)).one().id, Action.APPROVE, None)
    html = client.get("/embed/a/story-1").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript' not in html and 'href="https://x.example' not in html
    assert "&lt;b&gt;Bob&lt;/b&gt;" in html


def test_demo_page_embeds_the_widget_like_a_customer_site(client, runner) -> None:
    runner.invoke(args=["bootstrap"])
    html = client.get("/demo/articles/kirkuk-council-vote").get_data(as_text=True)
    assert 'src="http://localhost/embed.js"' in html
    assert 'data-article-id="demo-kirkuk-council-vote"' in html
    loader = client.get("/embed.js")
    body = loader.get_data(as_text=True)
    loader.close()
    assert loader.status_code == 200 and "commentmod:height" in body
    assert loader.mimetype == "text/javascript"


@pytest.mark.parametrize("config_overrides", [{"embed_page_size": 2}])
def test_approved_list_pages_and_orders(client, db, config_overrides) -> None:
    article = make_article(db, external_id="paged")
    from tests.factories import post_comment

    for n in range(5):
        decide(post_comment(article, f"Comment number {n}").comment.id, Action.APPROVE, None)
    first = client.get("/embed/a/paged").get_data(as_text=True)
    assert "5 comments" in first and "Page 1 of 3" in first
    assert first.index("Comment number 0") < first.index("Comment number 1")
    assert "Comment number 2" not in first
    last = client.get("/embed/a/paged?page=3").get_data(as_text=True)
    assert "Comment number 4" in last and "Comment number 3" not in last
    newest = client.get("/embed/a/paged?order=newest").get_data(as_text=True)
    assert newest.index("Comment number 4") < newest.index("Comment number 3")
    assert "Comment number 0" not in newest


def test_double_submission_is_stored_once_and_answered_as_a_post(client, db) -> None:
    client.get(ARTICLE, headers=FROM_SITE)
    assert _post(client, body="Posted twice by a double click.").status_code == 200
    again = _post(client, body="Posted twice by a double click!")
    assert again.status_code == 200  # exactly the answer to a new post (issue 13.10)
    token = new_token_from(again.get_data(as_text=True))
    mine = client.post("/embed/a/story-1/mine", json={"tokens": [token]}).get_data(as_text=True)
    assert "Posted twice by a double click." in mine  # the token names the stored comment
    assert _count(db) == 1


@pytest.mark.parametrize("config_overrides", [{"article_rate_limit": "3 per minute"}])
def test_per_article_limit_counts_every_client_together(app, client, db, config_overrides) -> None:
    make_article(db, external_id="busy")
    make_article(db, external_id="quiet")
    statuses = []
    for n in range(4):  # four readers, each from their own address
        reader = app.test_client()
        page = reader.get("/embed/a/busy", environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        token = csrf_token_from(page.get_data(as_text=True))
        statuses.append(
            reader.post(
                "/embed/a/busy/comments",
                data={"csrf_token": token, "author_name": "R", "body": f"Reader {n} here."},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
            ).status_code
        )
    assert statuses == [200, 200, 200, 429]
    other = app.test_client()
    page = other.get("/embed/a/quiet", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    token = csrf_token_from(page.get_data(as_text=True))
    ok = other.post(
        "/embed/a/quiet/comments",
        data={"csrf_token": token, "author_name": "R", "body": "Another story is fine."},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert ok.status_code == 200  # other articles are not slowed


@pytest.mark.parametrize(
    ("headers", "url"),
    [
        # Issue 13.5: a forged Host made the service treat evil.example as its own origin.
        ({"Host": "evil.example", "Referer": "http://evil.example/p"}, "http://evil.example/p"),
        ({}, "http://localhost/news/s"),  # no Referer: not loaded by an embedding page
        ({"Referer": "https://evil.example/x"}, "http://localhost/news/s"),  # from elsewhere
        ({"Origin": "https://evil.example"}, "http://localhost/news/s"),
    ],
)
def test_registration_checks_the_embedding_page_never_the_host_header(
    client, db, headers, url
) -> None:
    response = client.get(f"/embed/a/forged?url={url}&title=T", headers=headers)
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Article.id))) == 0


@pytest.mark.parametrize("config_overrides", [{"article_registration_limit": "3 per hour"}])
def test_registrations_are_rate_limited_per_client(client, db, config_overrides) -> None:
    codes = [
        client.get(
            f"/embed/a/new-{i}?url=http://localhost/news/{i}&title=T", headers=FROM_SITE
        ).status_code
        for i in range(5)
    ]
    assert codes == [200, 200, 200, 403, 403]
    assert db.session.scalar(select(func.count(Article.id))) == 3
    assert client.get("/embed/a/new-0", headers=FROM_SITE).status_code == 200  # known: no limit


def test_the_demo_page_never_echoes_the_host_header(client, db) -> None:
    html = client.get(
        "/demo/articles/kirkuk-council-vote", headers={"Host": "evil.example"}
    ).get_data(as_text=True)
    assert "evil.example" not in html
    assert 'src="http://localhost/embed.js"' in html  # from PUBLIC_URL
