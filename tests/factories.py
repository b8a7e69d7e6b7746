"""Small helpers that create rows through the real services."""

from __future__ import annotations

import itertools

from models import Article, Comment, Role, User
from moderation.validation import Limits
from services import comments as comment_service
from services import users as user_service

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_article(db, *, external_id: str | None = None, comments_open: bool = True) -> Article:  # noqa: ANN001
    """An article registered directly."""
    n = next(_seq)
    article = Article(
        external_id=external_id or f"article-{n}",
        url=f"https://news.example/articles/{n}",
        title=f"Article number {n}",
        comments_open=comments_open,
    )
    db.session.add(article)
    db.session.commit()
    return article


def post_comment(
    article: Article, body: str = "A thoughtful comment about the council vote.", **kw: str
) -> comment_service.Submitted:
    """A comment posted through the submit service."""
    return comment_service.submit_comment(
        article,
        author_name=kw.get("author_name", "Reader"),
        author_email=kw.get("author_email"),
        body=body,
        fingerprint=kw.get("fingerprint"),
        limits=Limits(),
        commenter_key=kw.get("commenter_key"),
    )


def make_comment(db, body: str = "A thoughtful comment about the council vote.") -> Comment:  # noqa: ANN001
    """A pending comment on a new article."""
    return post_comment(make_article(db), body).comment


def make_user(role: Role | str = Role.MODERATOR, email: str | None = None) -> User:
    """A user created through the users service."""
    return user_service.create_user(email or f"user{next(_seq)}@news.example", PASSWORD, role)
