"""Public endpoints: approved comments, posting a comment, and its author's status view."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import request, url_for

from config import current_config
from extensions import article_post_limit, limiter
from models import Article
from services import comments as comment_service
from web.api import bp, serialize
from web.api import schemas as s
from web.api.openapi import responses, spec

TAG = "public"


@bp.get("/")
@spec.validate(resp=responses(HTTP_200=s.ApiIndex), tags=[TAG], operation_id="api_index")
def api_index() -> Any:
    """This index: the documentation and the main endpoints, as links."""
    base = url_for("api.api_index")
    return s.ApiIndex(
        name="comment moderation API",
        version="v1",
        docs=url_for("api.docs_page"),
        openapi=url_for("api.openapi_json"),
        links={
            "article": f"{base}articles/{{article_id}}",
            "comments": f"{base}articles/{{article_id}}/comments",
            "post_comment": f"{base}articles/{{article_id}}/comments",
            "comment_status": url_for("api.comment_status"),
            "queue": f"{base}queue",
            "comment": f"{base}comments/{{comment_id}}",
        },
    )


@bp.get("/articles/<string(maxlength=200):article_id>")
@spec.validate(
    resp=responses(404, HTTP_200=s.PublicArticle), tags=[TAG], operation_id="get_article"
)
def get_article(article_id: str) -> Any:
    """An article and how many approved comments it has."""
    comment_service.autocommit_each_statement()
    article = comment_service.get_article(article_id)
    return serialize.public_article(article, comment_service.approved_count(article))


@bp.get("/articles/<string(maxlength=200):article_id>/comments")
@spec.validate(
    query=s.PageQuery,
    resp=responses(404, 422, "HTTP_304", HTTP_200=s.CommentList),
    tags=[TAG],
    operation_id="list_comments",
)
def list_comments(article_id: str) -> Any:
    """Approved comments, oldest or newest first, a keyset page at a time (ETag aware).

    Follow `next_cursor` until it is null. Comments approved while paging never cause a
    duplicate or a skipped item; send `If-None-Match` with the last `ETag` to get 304.
    """
    query: s.PageQuery = request.context.query  # type: ignore[attr-defined]
    comment_service.autocommit_each_statement()
    article = comment_service.get_article(article_id)
    # The validator comes from the article row alone, read BEFORE the page: a decision committed
    # in between leaves a newer body under an older tag (one needless 200 later), never the
    # reverse (a stale body kept by a 304).
    etag = list_etag(article, query)
    headers = {"ETag": f'"{etag}"', "Cache-Control": "no-cache"}
    if request.if_none_match.contains(etag):
        return "", 304, headers
    page = comment_service.approved_keyset_page(
        article, newest_first=query.order == "newest", cursor=query.cursor, limit=query.limit
    )
    body = s.CommentList(
        article=serialize.public_article(article, comment_service.approved_count(article)),
        items=[serialize.public_comment(c) for c in page.items],
        next_cursor=page.next_cursor,
    )
    return body, 200, headers


#: Change when the representation of the list changes, so clients do not keep old bodies.
LIST_FORMAT = "list-v2"


def list_etag(article: Article, query: s.PageQuery) -> str:
    """The list's validator, computed without loading a comment: everything the page shows
    is the article's public fields, its approved comments (write-once, and every change to
    which ones are approved bumps `public_version`) and the page parameters."""
    parts = (LIST_FORMAT, article.id, article.external_id, article.url, article.title,
             article.comments_open, article.public_version, query.order, query.cursor or "",
             query.limit)  # fmt: skip
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


@bp.post("/articles/<string(maxlength=200):article_id>/comments")
@limiter.limit(lambda: current_config().api_rate_limit, methods=["POST"])
@article_post_limit
@spec.validate(
    json=s.NewComment,
    resp=responses(400, 403, 404, 413, 415, 422, 429, HTTP_202=s.Accepted),
    tags=[TAG],
    operation_id="create_comment",
)
def create_comment(article_id: str) -> Any:
    """Post a comment: it is stored as pending and waits for moderation (202).

    Validated as the widget validates; 403 when the article's comments are closed; rate limited
    per client (429 with Retry-After). Keep `status_token`: it is shown once.
    """
    data: s.NewComment = request.context.json  # type: ignore[attr-defined]
    cfg = current_config()
    # One read (the article with the ban and duplicate checks), then one INSERT: no transaction
    # around them (see the function).
    comment_service.autocommit_each_statement()
    submitted = comment_service.submit_comment(
        article_id,
        author_name=data.author_name,
        author_email=data.author_email,
        body=data.body,
        fingerprint=comment_service.client_fingerprint(cfg.secret_key, request.remote_addr),
        limits=cfg.limits(),
        language=data.language,
        duplicate_window_seconds=cfg.duplicate_window_seconds,
        commenter_key=comment_service.commenter_key_hash(cfg.secret_key, data.commenter_key),
    )
    status_url = url_for("api.comment_status", _external=False)
    body = s.Accepted(
        id=submitted.id,
        status="pending",
        status_token=submitted.status_token,
        status_url=status_url,
    )
    return body, 202, {"Cache-Control": "no-store"}


@bp.post("/comments/status")
@spec.validate(
    json=s.StatusQuery,
    resp=responses(400, 413, 415, 422, HTTP_200=s.OwnComments),
    tags=[TAG],
    operation_id="comment_status",
)
def comment_status() -> Any:
    """The caller's own comments, in any status, for the status tokens they hold.

    A rejected comment carries the guideline reason and the sentence shown to its author.
    Unknown tokens are ignored (the answer never says whether a token exists).
    """
    data: s.StatusQuery = request.context.json  # type: ignore[attr-defined]
    own = comment_service.comments_for_tokens(list(data.tokens))
    return (
        s.OwnComments(items=[serialize.own_comment(c) for c in own]),
        200,
        {"Cache-Control": "no-store"},
    )
