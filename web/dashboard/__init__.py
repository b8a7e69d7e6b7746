"""The moderator dashboard."""

from web.dashboard.views import bp

__all__ = ["bp"]
