"""The article-wide posting limit, in two buckets (issue 13.9).

A flood from many clients on one story used to fill one per-article bucket and silence the
article for everyone. Now posts from new or unknown clients share ARTICLE_RATE_LIMIT, and known
commenters — an approved comment within a year, proved by its status token or posted from the
same client — share a bucket of their own, ARTICLE_KNOWN_RATE_LIMIT: a flood slows the new
clients first and regular readers keep posting. A moderator can lift both for an article for a
few hours (dashboard "Articles", or PATCH /api/v1/articles/<id>); per-client limits, bans,
screening and moderation stay as they are.
"""

from __future__ import annotations

from flask import g, request

from config import current_config
from services import comments as comment_service

#: Status tokens a post may bring as proof of earlier approved comments.
MAX_PROOF_TOKENS = 50


def _proof_tokens() -> list[str]:
    """The status tokens this post brings: the widget's form field and cookie, or the API's
    `status_tokens` (a malformed body brings none; the view then refuses it as usual)."""
    if request.blueprint == "api":
        payload = request.get_json(silent=True)
        tokens = payload.get("status_tokens") if isinstance(payload, dict) else None
        return [t for t in tokens if isinstance(t, str)] if isinstance(tokens, list) else []
    from web.embed.views import cookie_tokens

    field = request.form.get("known_tokens", "")
    return [*field.split()[:MAX_PROOF_TOKENS], *cookie_tokens()]


def standing() -> comment_service.PostingStanding:
    """This post's standing, looked up once per request."""
    cached = g.get("posting_standing")
    if cached is None:
        if request.blueprint == "api":
            comment_service.autocommit_each_statement()  # the view's one-INSERT path stays
        args = request.view_args or {}
        external_id = str(args.get("external_id") or args.get("article_id") or "")
        cfg = current_config()
        cached = comment_service.posting_standing(
            external_id,
            comment_service.client_fingerprint(cfg.secret_key, request.remote_addr),
            _proof_tokens()[:MAX_PROOF_TOKENS],
        )
        g.posting_standing = cached
    return cached


def new_clients_exempt() -> bool:
    """The new-clients bucket does not count known commenters, nor a lifted article."""
    s = standing()
    return s.lifted or s.known


def known_commenters_exempt() -> bool:
    """The known commenters' bucket counts only them, and not on a lifted article."""
    s = standing()
    return s.lifted or not s.known
