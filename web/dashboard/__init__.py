"""The moderator dashboard."""

from web.dashboard import (
    admin,  # noqa: F401  (registers the admin pages on the blueprint)
    commenters,  # noqa: F401  (the commenter page and the ban list)
)
from web.dashboard.views import bp

__all__ = ["bp"]
