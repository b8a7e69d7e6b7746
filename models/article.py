"""An article page of the site, identified by the site's own id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Article(Base):
    """The page comments belong to; registered by the widget or the API."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500))
    comments_open: Mapped[bool] = mapped_column(Boolean, server_default=true(), default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped in the same transaction as every decision that makes a comment approved or takes
    # it out of "approved" (services.decisions.decide): with the fields above (comments are
    # write-once) it says when the public list can have changed, so the list's ETag is computed
    # from this row alone, before any comment is loaded.
    public_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Until when a moderator lifted the article-wide posting limit (ARTICLE_RATE_LIMIT and
    #: ARTICLE_KNOWN_RATE_LIMIT; per-client limits stay). NULL or past: the limit applies.
    post_limit_lifted_until: Mapped[datetime | None] = mapped_column(default=None)

    def post_limit_lifted(self, now: datetime | None = None) -> bool:
        """True while a moderator's lift of the article-wide posting limit lasts."""
        until = self.post_limit_lifted_until
        return until is not None and until > (now or utcnow())

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.external_id!r}>"
