"""Articles: registration by the widget or the API, and opening or closing comments."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from extensions import db
from models import Article
from models.base import utcnow
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


#: The longest a moderator may lift an article's flood limit in one go (it then applies again
#: by itself: a lift nobody remembers to undo would leave the article open to every flood).
MAX_LIFT_HOURS = 72


def lift_post_limit(external_id: str, hours: int, by: str | None = None) -> Article:
    """Lift the article-wide posting limit for `hours` (1..MAX_LIFT_HOURS); 0 restores it now.
    Per-client limits, bans and moderation stay as they are: only the article's own bucket
    (the one a flood from many clients fills) stops counting."""
    if not isinstance(hours, int) or isinstance(hours, bool) or not 0 <= hours <= MAX_LIFT_HOURS:
        raise InvalidInput(
            f"Lift the limit for 0 to {MAX_LIFT_HOURS} hours.",
            {"hours": f"a whole number from 0 (restore the limit) to {MAX_LIFT_HOURS}"},
        )
    article = find_article(external_id)
    if article is None:
        raise NotFound(f"no article with id {external_id!r}")
    article.post_limit_lifted_until = utcnow() + timedelta(hours=hours) if hours else None
    db.session.commit()
    if hours:
        log.info("article %s: posting limit lifted for %d h by %s", article.id, hours, by)
    else:
        log.info("article %s: posting limit restored by %s", article.id, by)
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
