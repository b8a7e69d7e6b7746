"""Widget views: thin — parse, call a service, render."""

from __future__ import annotations

import logging
import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_wtf.csrf import CSRFError

from config import current_config
from extensions import article_post_limit, csrf, limiter
from models import Article, Comment
from moderation.guidelines import GUIDELINES_TEXT, public_reason
from moderation.validation import Limits
from services import articles as article_service
from services import comments as comment_service
from services.errors import Banned, CommentsClosed, InvalidInput
from web import rate_storage
from web.errors import retry_after_seconds
from web.security import allow_framing, embed_origins, referring_origin
from web.strings import count_text, t

log = logging.getLogger(__name__)
bp = Blueprint("embed", __name__)

TOKEN_COOKIE = "cm_tokens"  # noqa: S105 — a cookie name, not a secret
#: The commenter key's cookie (the widget's script keeps the same key in localStorage).
COMMENTER_COOKIE = "cm_commenter"
COMMENTER_COOKIE_AGE = 60 * 60 * 24 * 730
MAX_COOKIE_TOKENS = 20


def _limits() -> Limits:
    cfg = current_config()
    return cfg.limits()


def cookie_tokens() -> list[str]:
    """The status tokens in the widget's cookie (its first-party fallback to localStorage)."""
    raw = request.cookies.get(TOKEN_COOKIE, "")
    return [tok for tok in raw.split(".") if tok][:MAX_COOKIE_TOKENS]


def commenter_key() -> str:
    """This reader's commenter key: the one the script sent from localStorage, else the
    cookie's, else a new one (a reader's first visit). What is stored is its keyed hash."""
    for raw in (request.form.get("commenter_key", ""), request.cookies.get(COMMENTER_COOKIE, "")):
        if comment_service.COMMENTER_KEY.fullmatch(raw or ""):
            return raw
    return comment_service.new_commenter_key()


def _keep_commenter_key(response: Response, key: str) -> Response:
    response.set_cookie(
        COMMENTER_COOKIE,
        key,
        max_age=COMMENTER_COOKIE_AGE,
        path="/embed",
        httponly=True,
        secure=current_config().session_cookie_secure,
        samesite="Lax",
    )
    return response


def _status_line(comment: Comment) -> str:
    if comment.status == "approved":
        return t("status_approved")
    if comment.status == "rejected":
        return t("status_rejected", reason=public_reason(comment.reject_reason))
    return t("status_pending")


def _registration_allowed() -> bool:
    """Count one registration for this client (ARTICLE_REGISTRATION_LIMIT, the limiter's
    storage, so it holds across processes wherever the limiter's does)."""
    from limits import parse_many

    key = (
        comment_service.client_fingerprint(current_config().secret_key, request.remote_addr) or "-"
    )
    return all(
        rate_storage.hit(item, "article-registration", key)
        for item in parse_many(current_config().article_registration_limit)
    )


def _article_or_register() -> Article:
    """The article named in the URL; new ones are registered when their site is allowed."""
    external_id = request.view_args["external_id"]  # type: ignore[index]
    article = article_service.find_article(external_id)
    if article is not None:
        return article
    allowed = set(embed_origins())
    try:
        if referring_origin() not in allowed:
            # The widget is loaded by the article's page: its Referer (or Origin) names that
            # page's site. A request from elsewhere, or a forged Host, registers nothing.
            raise InvalidInput(
                "This site is not allowed to register articles.",
                {"referer": "the embedding page's site is not in ALLOWED_EMBED_ORIGINS"},
            )
        if not _registration_allowed():
            raise InvalidInput(
                "Too many articles registered from here.", {"article_id": "rate limited"}
            )
        article, _ = article_service.register_article(
            external_id,
            request.args.get("url", ""),
            request.args.get("title", ""),
            allowed_origins=allowed,
        )
    except InvalidInput as exc:
        log.info("widget refused for an unregistered article: %s", sorted(exc.errors))
        abort(make_response(render_template("embed/refused.html", t=t), 403))
    return article


def _render(
    article: Article,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    notice: str | None = None,
    alert: str | None = None,
) -> Response:
    cfg = current_config()
    newest = request.args.get("order") == "newest"
    try:
        page_no = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page_no = 1
    page = comment_service.approved_page(
        article, newest_first=newest, page=page_no, per_page=cfg.embed_page_size
    )
    own = comment_service.comments_for_tokens(cookie_tokens(), article)
    allow_framing()
    key = commenter_key()
    html = render_template(
        "embed/widget.html",
        article=article,
        page=page,
        newest=newest,
        count_text=count_text(page.total),
        own=own,
        status_line=_status_line,
        guidelines=GUIDELINES_TEXT,
        errors=errors or {},
        form=form or {},
        notice=notice,
        alert=alert,
        limits=_limits(),
        linkify=cfg.linkify_approved,
        commenter_key=key,
        t=t,
    )
    return _keep_commenter_key(make_response(html, status), key)


@bp.get("/embed.js")
def loader() -> Response:
    """The one script a news site adds to its article template."""
    response = send_from_directory(current_app.static_folder, "embed.js", max_age=300)  # type: ignore[arg-type]
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/embed/a/<path:external_id>")
def widget(external_id: str) -> Response:
    """The iframe: guidelines, approved comments, the reader's own comments, the form."""
    article = _article_or_register()
    notice = t("thanks") if request.args.get("posted") == "1" else None
    return _render(article, notice=notice)


@bp.post("/embed/a/<path:external_id>/comments")
@limiter.limit(lambda: current_config().post_rate_limit, methods=["POST"])
@article_post_limit
def post_comment(external_id: str) -> Response:
    """Store the comment as pending and show the author their comment (PRG)."""
    article = article_service.find_article(external_id)
    if article is None:
        abort(404)
    form = {k: request.form.get(k, "") for k in ("author_name", "author_email", "body")}
    key = commenter_key()
    if request.form.get("website"):
        # The honeypot: bots fill every field. Answer as if accepted; store nothing.
        log.info("honeypot tripped on article %s", article.id)
        return _posted(external_id, secrets.token_urlsafe(24))  # a token of nothing
    try:
        submitted = comment_service.submit_comment(
            article,
            author_name=form["author_name"],
            author_email=form["author_email"],
            body=form["body"],
            fingerprint=comment_service.client_fingerprint(
                current_config().secret_key, request.remote_addr
            ),
            limits=_limits(),
            duplicate_window_seconds=current_config().duplicate_window_seconds,
            commenter_key=comment_service.commenter_key_hash(current_config().secret_key, key),
        )
    except InvalidInput as exc:
        return _render(article, status=422, errors=exc.errors, form=form, alert=t("fix_errors"))
    except CommentsClosed:
        return _render(article, status=403, alert=t("closed"))
    except Banned:
        # What they typed stays in the form: the message is the answer, not a lost comment.
        return _render(article, status=403, alert=t("banned"), form=form)
    response = _keep_commenter_key(_posted(external_id, submitted.status_token), key)
    tokens = [submitted.status_token, *cookie_tokens()][:MAX_COOKIE_TOKENS]
    response.set_cookie(
        TOKEN_COOKIE,
        ".".join(tokens),
        max_age=60 * 60 * 24 * 60,
        path="/embed",
        httponly=True,
        secure=current_config().session_cookie_secure,
        samesite="Lax",
    )
    return response


def _posted(external_id: str, token: str) -> Response:
    """The answer to a post: not a redirect with the token in the URL (a link could plant
    another reader's token, issue 13.2) but a page that hands this post's token to the
    widget's script, which keeps it and goes back to the comments."""
    target = url_for("embed.widget", external_id=external_id, posted=1)
    allow_framing()  # shown inside the widget's iframe, like the widget itself
    response = make_response(render_template("embed/posted.html", token=token, target=target, t=t))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/embed/a/<path:external_id>/mine")
@csrf.exempt  # read-only: returns the caller's own comments for tokens it already holds
def mine(external_id: str) -> Response:
    """The author's own comments (any status) for the status tokens their browser kept."""
    article = article_service.find_article(external_id)
    if article is None:
        abort(404)
    payload = request.get_json(silent=True) or {}
    tokens = payload.get("tokens") if isinstance(payload, dict) else None
    if not isinstance(tokens, list):
        abort(400, description='expected {"tokens": [...]}')
    own = comment_service.comments_for_tokens([*tokens, *cookie_tokens()], article)
    return make_response(render_template("embed/_own.html", own=own, status_line=_status_line, t=t))


@bp.errorhandler(429)
def too_many(exc: Exception) -> Response:
    """A friendly message in the widget itself, with Retry-After."""
    article = article_service.find_article(request.view_args.get("external_id", ""))  # type: ignore[union-attr]
    if article is None:
        return make_response(t("rate_limited"), 429)
    response = _render(article, status=429, alert=t("rate_limited"), form=dict(request.form))
    response.headers["Retry-After"] = str(retry_after_seconds())
    return response


@bp.errorhandler(CSRFError)
def csrf_failed(exc: CSRFError) -> Response:
    """An expired or missing form token: say so, keep what the reader typed."""
    article = article_service.find_article(request.view_args.get("external_id", ""))  # type: ignore[union-attr]
    if article is None:
        return make_response(t("session_expired"), 400)
    return _render(article, status=400, alert=t("session_expired"), form=dict(request.form))
