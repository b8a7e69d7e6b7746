"""Submitting comments and reading them back. Only services commit."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from extensions import db
from models import Article, Comment
from moderation.lifecycle import CommentStatus
from moderation.validation import Limits, SubmissionError, validate_submission
from services.errors import CommentsClosed, InvalidInput, NotFound

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Submitted:
    """A stored comment and the status token its author keeps (shown once)."""

    comment: Comment
    status_token: str


def client_fingerprint(secret_key: str, client_ip: str | None) -> str | None:
    """HMAC-SHA256 of the client IP keyed with the app secret; the raw IP is never stored."""
    if not client_ip:
        return None
    key = hashlib.sha256(b"client-fingerprint:" + secret_key.encode()).digest()
    return hmac.new(key, client_ip.encode(), hashlib.sha256).hexdigest()


def hash_status_token(token: str) -> str:
    """What is stored of a status token."""
    return hashlib.sha256(token.encode()).hexdigest()


def get_article(external_id: str) -> Article:
    """The article with the site's id, or NotFound."""
    article = db.session.scalar(select(Article).where(Article.external_id == external_id))
    if article is None:
        raise NotFound(f"no article with id {external_id!r}")
    return article


def submit_comment(
    article: Article,
    *,
    author_name: str | None,
    author_email: str | None,
    body: str | None,
    fingerprint: str | None,
    limits: Limits,
    language: str | None = None,
) -> Submitted:
    """Validate and store a comment as pending; it waits for screening and a moderator."""
    if not article.comments_open:
        raise CommentsClosed("Comments on this article are closed.")
    try:
        clean = validate_submission(author_name, author_email, body, limits)
    except SubmissionError as exc:
        raise InvalidInput("The comment could not be posted.", exc.errors) from None
    token = secrets.token_urlsafe(24)
    comment = Comment(
        article_id=article.id,
        author_name=clean.author_name,
        author_email=clean.author_email,
        body=clean.body,
        language=language,
        client_fingerprint=fingerprint,
        status_token_hash=hash_status_token(token),
    )
    db.session.add(comment)
    db.session.commit()
    log.info("comment %s stored pending on article %s", comment.id, article.id)
    return Submitted(comment=comment, status_token=token)


def get_comment(comment_id: int) -> Comment:
    """A comment by id, or NotFound."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"no comment with id {comment_id}")
    return comment


@dataclass(frozen=True, slots=True)
class Page:
    """One page of an article's approved comments."""

    items: list[Comment]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def approved_count(article: Article) -> int:
    """How many approved comments an article has."""
    return (
        db.session.scalar(
            select(func.count(Comment.id)).where(
                Comment.article_id == article.id, Comment.status == CommentStatus.APPROVED
            )
        )
        or 0
    )


def approved_page(article: Article, *, newest_first: bool, page: int, per_page: int = 20) -> Page:
    """An article's approved comments — the only comments the public ever sees."""
    total = approved_count(article)
    page = max(1, min(page, max(1, -(-total // per_page))))
    order = Comment.id.desc() if newest_first else Comment.id.asc()
    items = list(
        db.session.scalars(
            select(Comment)
            .where(Comment.article_id == article.id, Comment.status == CommentStatus.APPROVED)
            .order_by(order)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items, total, page, per_page)


MAX_TOKENS = 50


def comments_for_tokens(tokens: list[str], article: Article | None = None) -> list[Comment]:
    """The comments whose authors hold these status tokens (any status), oldest first."""
    hashes = {hash_status_token(t) for t in tokens[:MAX_TOKENS] if isinstance(t, str) and t}
    if not hashes:
        return []
    stmt = select(Comment).where(Comment.status_token_hash.in_(hashes)).order_by(Comment.id)
    if article is not None:
        stmt = stmt.where(Comment.article_id == article.id)
    return list(db.session.scalars(stmt))
