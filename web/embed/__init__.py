"""The comment widget: the loader script, the iframe page, posting, and the author's own view."""

from web.embed.views import bp

__all__ = ["bp"]
