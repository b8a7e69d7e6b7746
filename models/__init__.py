"""Every model, imported here so Alembic and the app see one complete metadata."""

from models.article import Article
from models.base import Base
from models.comment import BodyImmutableError, Comment, ScreeningState
from models.decision import Decision
from models.user import ApiToken, Role, Scope, User

__all__ = [
    "ApiToken",
    "Article",
    "Base",
    "BodyImmutableError",
    "Comment",
    "Decision",
    "Role",
    "Scope",
    "ScreeningState",
    "User",
]
