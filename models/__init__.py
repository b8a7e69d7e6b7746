"""Every model, imported here so Alembic and the app see one complete metadata."""

from models.article import Article
from models.auth_session import AuthSession
from models.ban import Ban, BanKind
from models.base import Base
from models.comment import BodyImmutableError, Comment, CommentCategory, ScreeningState
from models.decision import Decision
from models.rule_term import RuleTerm, TermAction
from models.threshold_set import ThresholdSet
from models.user import ApiToken, Role, Scope, User
from models.worker_heartbeat import WorkerHeartbeat

__all__ = [
    "ApiToken",
    "Article",
    "AuthSession",
    "Ban",
    "BanKind",
    "Base",
    "BodyImmutableError",
    "Comment",
    "CommentCategory",
    "Decision",
    "Role",
    "RuleTerm",
    "Scope",
    "ScreeningState",
    "TermAction",
    "ThresholdSet",
    "User",
    "WorkerHeartbeat",
]
