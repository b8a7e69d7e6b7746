"""Submitting comments and reading them back. Only services commit."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, exists, func, literal, null, or_, select

from extensions import db
from models import Article, Comment
from models.base import in_db_range, utcnow
from moderation.lifecycle import CommentStatus
from moderation.validation import Limits, SubmissionError, validate_submission
from services import cursors
from services.errors import Banned, CommentsClosed, InvalidInput, NotFound

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Submitted:
    """A stored comment and the status token its author keeps (shown once)."""

    comment: Comment
    status_token: str
    #: The new comment's id, known without reloading `comment` (the commit expires it).
    id: int


#: A commenter key as a browser or an API client sends it: URL-safe, 16 to 128 characters.
COMMENTER_KEY = re.compile(r"[A-Za-z0-9_-]{16,128}")


def new_commenter_key() -> str:
    """A random key for a new commenter's browser (never stored as is: commenter_key_hash)."""
    return secrets.token_urlsafe(24)


def commenter_key_hash(secret_key: str, key: str | None) -> str | None:
    """HMAC-SHA256 of a commenter key with the app secret, what comments and bans store; None
    for no key or one that is not a commenter key (a tampered field is no identity)."""
    if not key or not COMMENTER_KEY.fullmatch(key):
        return None
    digest_key = hashlib.sha256(b"commenter-key:" + secret_key.encode()).digest()
    return hmac.new(digest_key, key.encode(), hashlib.sha256).hexdigest()


def client_fingerprint(secret_key: str, client_ip: str | None) -> str | None:
    """HMAC-SHA256 of the client IP keyed with the app secret; the raw IP is never stored."""
    if not client_ip:
        return None
    key = hashlib.sha256(b"client-fingerprint:" + secret_key.encode()).digest()
    return hmac.new(key, client_ip.encode(), hashlib.sha256).hexdigest()


def hash_status_token(token: str) -> str:
    """What is stored of a status token."""
    return hashlib.sha256(token.encode()).hexdigest()


def autocommit_each_statement() -> None:
    """Let every statement of this request commit by itself (call before its first query).

    For the public JSON API, whose requests are reads, or reads followed by one INSERT: on
    PostgreSQL (READ COMMITTED) each statement of a transaction takes its own snapshot anyway
    and the checks before the INSERT hold no locks, so the results are the same; what goes away
    is two round trips (BEGIN; COMMIT or ROLLBACK), and psycopg keeps its prepared statements,
    which every ROLLBACK discards. Callers that write more than one statement must not use it.
    Skipped on SQLite, where it would change nothing (reads never open a transaction there, and
    a lone INSERT is its own) and its reset would cost a PRAGMA per request.
    """
    if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def get_article(external_id: str) -> Article:
    """The article with the site's id, or NotFound."""
    article = db.session.scalar(select(Article).where(Article.external_id == external_id))
    if article is None:
        raise NotFound(f"no article with id {external_id!r}")
    return article


def submit_comment(
    article: Article | str,
    *,
    author_name: str | None,
    author_email: str | None,
    body: str | None,
    fingerprint: str | None,
    limits: Limits,
    language: str | None = None,
    duplicate_window_seconds: int = 600,
    commenter_key: str | None = None,
) -> Submitted:
    """Validate and store a comment as pending; it waits for screening and a moderator.

    `article` is the Article, or the site's id of one (NotFound when there is none): then the
    article, the ban check and the duplicate check are one query — the JSON API's path, one
    round trip to PostgreSQL instead of two. Refusals come in the same order either way: unknown
    article, comments closed, invalid input, banned client, duplicate. `commenter_key` is the
    hashed key (commenter_key_hash) of who wrote it; `fingerprint` the client address's.
    """
    try:
        clean = validate_submission(author_name, author_email, body, limits)
        errors = None
    except SubmissionError as exc:
        clean, errors = None, exc.errors
    from services.bans import banned_clause

    by_id = isinstance(article, str)
    key = duplicate_key(clean.body) if clean is not None else None
    checks = (
        ()
        if clean is None
        else (
            banned_clause(fingerprint, clean.author_email, commenter_key),
            _duplicate_clause(
                Article.id if by_id else article.id,  # type: ignore[union-attr]
                key,
                fingerprint,
                duplicate_window_seconds,
            ),
        )
    )
    columns = [c if c is not None else null() for c in checks]
    if isinstance(article, str):
        row = db.session.execute(
            select(Article, *columns).where(Article.external_id == article)
        ).one_or_none()
        if row is None:
            raise NotFound(f"no article with id {article!r}")
        article, found = row[0], tuple(row[1:])
    elif any(c is not None for c in checks):
        found = tuple(db.session.execute(select(*columns)).one())
    else:
        found = ()
    if not article.comments_open:
        raise CommentsClosed("Comments on this article are closed.")
    if clean is None:
        raise InvalidInput("The comment could not be posted.", errors)
    banned, duplicate_of = (bool(found[0]), found[1]) if found else (False, None)
    if banned:
        log.info("post refused on article %s: banned client", article.id)
        raise Banned("You cannot post comments here.")
    token = secrets.token_urlsafe(24)
    if duplicate_of is not None:
        # The same client sent the same words again (a double click, a resubmission): stored
        # once, answered exactly as a new post, with a new token for the comment it already
        # has (issue 13.10: a different answer would tell a guesser what is pending).
        existing = db.session.get(Comment, int(duplicate_of))
        assert existing is not None
        existing.status_token_hash = hash_status_token(token)
        db.session.commit()
        log.info("comment %s posted again by its client; stored once", duplicate_of)
        return Submitted(comment=existing, status_token=token, id=int(duplicate_of))
    comment = Comment(
        article_id=article.id,
        author_name=clean.author_name,
        author_email=clean.author_email,
        body=clean.body,
        duplicate_key=key,
        language=language,
        client_fingerprint=fingerprint,
        commenter_key=commenter_key,
        status_token_hash=hash_status_token(token),
    )
    db.session.add(comment)
    db.session.flush()
    # Read the ids before the commit expires both objects: reading them after it would reload
    # the comment (on PostgreSQL four more round trips: ping, BEGIN, SELECT, ROLLBACK).
    comment_id, article_id = comment.id, article.id
    db.session.commit()
    log.info("comment %s stored pending on article %s", comment_id, article_id)
    return Submitted(comment=comment, status_token=token, id=comment_id)


def duplicate_key(body: str) -> str:
    """SHA-256 of the body's skeleton: folded (case, compatibility forms, look-alike letters,
    invisible characters) and reduced to letters and digits, so a resubmission with doubled
    spaces, a trailing dot, NBSP, fullwidth or Cyrillic look-alikes has the same key."""
    from moderation.normalize import fold

    skeleton = "".join(ch for ch in fold(body).text if ch.isalnum())
    return hashlib.sha256(skeleton.encode("utf-8")).hexdigest()


def _duplicate_clause(
    article_id: int | ColumnElement[int],
    key: str,
    fingerprint: str | None,
    window: int,
) -> ColumnElement[int] | None:
    """The id of the same words on the same article from the same client within `window`
    seconds (a double click, a resubmission), as a scalar sub-query; None when there is
    nothing to compare. Only the same client counts: a match on an email alone would let
    anyone who guesses a text and an address learn that it waits for moderation."""
    if not window or not fingerprint:
        return None
    since = utcnow() - timedelta(seconds=window)
    return (
        select(Comment.id)
        .where(
            Comment.article_id == article_id,
            Comment.duplicate_key == key,
            Comment.created_at >= since,
            Comment.client_fingerprint == fingerprint,
        )
        .order_by(Comment.id)
        .limit(1)
        .scalar_subquery()
    )


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


#: How far back an approved comment makes its author a known commenter.
KNOWN_COMMENTER_DAYS = 365


@dataclass(frozen=True, slots=True)
class PostingStanding:
    """What the article-wide posting limit needs to know about one post (issue 13.9)."""

    #: A moderator lifted the article's flood limit (Article.post_limit_lifted_until).
    lifted: bool
    #: The poster has an approved comment within KNOWN_COMMENTER_DAYS: shown by the status
    #: token of one (the widget sends the tokens it kept; the API takes `status_tokens`), or
    #: posted from the same client. A flood of new clients cannot claim either.
    known: bool


def posting_standing(
    external_id: str, fingerprint: str | None, tokens: list[str]
) -> PostingStanding:
    """One query: is the article's flood limit lifted, and is the poster a known commenter."""
    hashes = {hash_status_token(t) for t in tokens[:MAX_TOKENS] if isinstance(t, str) and t}
    proofs = []
    if fingerprint:
        proofs.append(Comment.client_fingerprint == fingerprint)
    if hashes:
        proofs.append(Comment.status_token_hash.in_(hashes))
    known = (
        exists()
        .where(
            Comment.status == CommentStatus.APPROVED,
            Comment.created_at > utcnow() - timedelta(days=KNOWN_COMMENTER_DAYS),
            or_(*proofs),
        )
        .correlate(None)
        if proofs
        else literal(False)
    )
    row = db.session.execute(
        select(Article.post_limit_lifted_until, known.label("known")).where(
            Article.external_id == external_id
        )
    ).first()
    if row is None:
        return PostingStanding(lifted=False, known=False)
    until = row[0]
    return PostingStanding(lifted=until is not None and until > utcnow(), known=bool(row[1]))


# --- Keyset pages of approved comments (the JSON API) and the moderator's suggested reason ---

MAX_KEYSET_PAGE = 100


@dataclass(frozen=True, slots=True)
class KeysetPage:
    """One page of an article's approved comments and the opaque cursor of the next page."""

    items: list[Comment]
    next_cursor: str | None


def _encode_approved_cursor(newest_first: bool, last_id: int) -> str:
    return cursors.encode({"o": "newest" if newest_first else "oldest", "id": last_id})


def _decode_approved_cursor(cursor: str, newest_first: bool) -> int:
    bad = InvalidInput("Invalid cursor.", {"cursor": "is not a cursor of this list"})
    data = cursors.decode(cursor, "this list")
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise bad
    if not in_db_range(data["id"]):
        raise bad
    if data.get("o") != ("newest" if newest_first else "oldest"):
        raise InvalidInput("Invalid cursor.", {"cursor": "was made for the other order"})
    return int(data["id"])


def approved_keyset_page(
    article: Article, *, newest_first: bool, cursor: str | None = None, limit: int = 20
) -> KeysetPage:
    """An article's approved comments by id, continuing after `cursor` (keyset, never OFFSET).

    The order is the comment id (posting order), so a comment approved while a client pages
    never shifts the rows it has not seen yet: nothing is duplicated or skipped.
    """
    limit = max(1, min(limit, MAX_KEYSET_PAGE))
    stmt = select(Comment).where(
        Comment.article_id == article.id, Comment.status == CommentStatus.APPROVED
    )
    if cursor:
        last_id = _decode_approved_cursor(cursor, newest_first)
        stmt = stmt.where(Comment.id < last_id if newest_first else Comment.id > last_id)
    stmt = stmt.order_by(Comment.id.desc() if newest_first else Comment.id.asc())
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    items = rows[:limit]
    more = len(rows) > limit and bool(items)
    return KeysetPage(items, _encode_approved_cursor(newest_first, items[-1].id) if more else None)
