"""First-run bootstrap of the embedded default: one admin and a demo article."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from extensions import db
from models import Article, Role
from services.users import count_users, create_user, random_password

DEMO_ARTICLE_ID = "demo-kirkuk-council-vote"
DEMO_ARTICLE_TITLE = "Kirkuk council votes to restore the old market"
DEMO_ARTICLE_SLUG = "kirkuk-council-vote"


@dataclass(frozen=True, slots=True)
class BootstrapResult:
    """What the bootstrap created; admin_password is set only when an admin was just created."""

    admin_email: str | None
    admin_password: str | None
    demo_article: Article
    demo_created: bool


def ensure_demo_article(base_url: str = "http://127.0.0.1:5000") -> tuple[Article, bool]:
    """The demo article, created when missing."""
    article = db.session.scalar(select(Article).where(Article.external_id == DEMO_ARTICLE_ID))
    if article is not None:
        return article, False
    article = Article(
        external_id=DEMO_ARTICLE_ID,
        url=f"{base_url.rstrip('/')}/demo/articles/{DEMO_ARTICLE_SLUG}",
        title=DEMO_ARTICLE_TITLE,
    )
    db.session.add(article)
    db.session.commit()
    return article, True


def bootstrap(admin_email: str, base_url: str = "http://127.0.0.1:5000") -> BootstrapResult:
    """Create the first admin (random password, returned once) only when there are no users."""
    email = password = None
    if count_users() == 0:
        password = random_password()
        user = create_user(admin_email, password, Role.ADMIN, display_name="Admin")
        email = user.email
    article, created = ensure_demo_article(base_url)
    return BootstrapResult(email, password, article, created)
