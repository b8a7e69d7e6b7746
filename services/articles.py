"""Articles: registration by the widget or the API, and opening or closing comments."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from extensions import db
from models import Article
from services.errors import InvalidInput, NotFound

log = logging.getLogger(__name__)

MAX_EXTERNAL_ID = 200
MAX_URL = 2000
MAX_TITLE = 500


def origin_of(url: str) -> str | None:
    """scheme://host[:port] of an http(s) URL, lower-cased; None for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def find_article(external_id: str) -> Article | None:
    """The article with the site's own id, or None."""
    return db.session.scalar(select(Article).where(Article.external_id == external_id))


def validate_article(external_id: str, url: str, title: str) -> tuple[str, str, str]:
    """Cleaned fields, or InvalidInput naming each bad one."""
    external_id, url, title = (
        external_id.strip(),
        (url or "").strip(),
        " ".join((title or "").split()),
    )
    errors: dict[str, str] = {}
    if not external_id or len(external_id) > MAX_EXTERNAL_ID or not external_id.isprintable():
        errors["article_id"] = f"must be 1 to {MAX_EXTERNAL_ID} printable characters"
    if len(url) > MAX_URL or origin_of(url) is None:
        errors["url"] = "must be an http(s) URL of the article page"
    if not title or len(title) > MAX_TITLE:
        errors["title"] = f"must be 1 to {MAX_TITLE} characters"
    elif not title.isprintable():
        errors["title"] = "must not hold control characters"
    if not url.isprintable():
        errors["url"] = "must be an http(s) URL of the article page"
    if errors:
        raise InvalidInput("The article could not be registered.", errors)
    return external_id, url, title


def register_article(
    external_id: str, url: str, title: str, allowed_origins: set[str] | None = None
) -> tuple[Article, bool]:
    """The article, registered when new; (article, created). Refuses URLs of unknown sites."""
    existing = find_article(external_id.strip())
    if existing is not None:
        return existing, False
    external_id, url, title = validate_article(external_id, url, title)
    if allowed_origins is not None and origin_of(url) not in allowed_origins:
        raise InvalidInput(
            "This site is not allowed to register articles.",
            {"url": "the article's site is not in ALLOWED_EMBED_ORIGINS"},
        )
    article = Article(external_id=external_id, url=url, title=title)
    db.session.add(article)
    try:
        db.session.commit()
    except IntegrityError:  # registered concurrently by another request: use that one
        db.session.rollback()
        found = find_article(external_id)
        if found is None:
            raise
        return found, False
    log.info("article %s registered", article.id)
    return article, True


def set_comments_open(external_id: str, is_open: bool) -> Article:
    """Open or close an article's comments; the approved list stays visible either way."""
    article = find_article(external_id)
    if article is None:
        raise NotFound(f"no article with id {external_id!r}")
    article.comments_open = is_open
    db.session.commit()
    return article


def articles_with_counts(limit: int = 200) -> list[tuple[Article, dict[str, int]]]:
    """Recent articles with their pending / approved / rejected comment counts."""
    from models import Comment

    articles = list(
        db.session.scalars(select(Article).order_by(Article.created_at.desc()).limit(limit))
    )
    rows = db.session.execute(
        select(Comment.article_id, Comment.status, func.count())
        .where(Comment.article_id.in_([a.id for a in articles]))
        .group_by(Comment.article_id, Comment.status)
    ).all()
    counts: dict[int, dict[str, int]] = {
        a.id: {"pending": 0, "approved": 0, "rejected": 0} for a in articles
    }
    for article_id, status, n in rows:
        counts[article_id][str(status.value if hasattr(status, "value") else status)] = n
    return [(a, counts[a.id]) for a in articles]
