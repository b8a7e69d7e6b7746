"""Security headers on every response: CSP without inline scripts, framing limited per page."""

from __future__ import annotations

from flask import Flask, Response, g, request

from config import current_config
from services.articles import origin_of


def embed_origins() -> list[str]:
    """Origins allowed to frame the widget and register articles: ALLOWED_EMBED_ORIGINS plus
    this service's own (PUBLIC_URL) — from configuration only, never from the Host header."""
    cfg = current_config()
    own = origin_of(cfg.public_url) if cfg.public_url else None
    origins = [o for o in (origin_of(x) for x in cfg.allowed_embed_origins) if o]
    return ([own] if own else []) + [o for o in origins if o != own]


def referring_origin() -> str | None:
    """The origin of the page a request came from (Origin, else Referer), or None."""
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value and value != "null":
            return origin_of(value)
    return None


def allow_framing() -> None:
    """Mark this response as frameable by the allowed embed origins (widget pages only)."""
    g.frame_ancestors = embed_origins()


def _csp() -> str:
    ancestors = g.get("frame_ancestors")
    frame_ancestors = " ".join(["'self'", *ancestors]) if ancestors else "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def init_app(app: Flask) -> None:
    """Register the header hook."""

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", _csp())
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if g.get("frame_ancestors") is None:
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response


def safe_next(target: str | None, default: str) -> str:
    """Only same-site relative paths ("/dashboard/?page=2"): never an open redirect."""
    from urllib.parse import urlsplit

    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return default
