"""Moderation endpoints (bearer token with the `moderate` scope): queue, comments, decisions,
articles and statistics — the same services as the dashboard."""

from __future__ import annotations

from typing import Any

from flask import request

from extensions import db
from models import Scope
from services import articles as article_service
from services import queue as queue_service
from services import stats as stats_service
from services.comments import get_comment
from services.decisions import audit_trail, decide
from services.errors import NotFound, ServiceError
from web.api import bp, serialize
from web.api import schemas as s
from web.api.auth import current_user, require_scope
from web.api.openapi import BEARER, responses, spec
from web.errors import PROBLEM_BASE

TAG = "moderation"
AUTH = (401, 403)


@bp.get("/queue")
@require_scope(Scope.MODERATE)
@spec.validate(
    query=s.QueueQuery,
    resp=responses(*AUTH, 422, HTTP_200=s.QueuePage),
    tags=[TAG],
    security=BEARER,
    operation_id="moderation_queue",
)
def moderation_queue() -> Any:
    """Pending comments: riskiest first (or oldest / newest), filtered like the dashboard."""
    q: s.QueueQuery = request.context.query  # type: ignore[attr-defined]
    filters = queue_service.QueueFilters.parse(q.order, q.category, q.article, q.screened)
    page = queue_service.pending_queue(filters, q.cursor, limit=q.limit)
    return s.QueuePage(
        items=[serialize.mod_comment(c) for c in page.items],
        next_cursor=page.next_cursor,
        pending=queue_service.pending_count(),
        category_counts=queue_service.category_counts(),
    )


@bp.get("/comments/<int(max=2147483647):comment_id>")
@require_scope(Scope.MODERATE)
@spec.validate(
    resp=responses(*AUTH, 404, HTTP_200=s.CommentDetail),
    tags=[TAG],
    security=BEARER,
    operation_id="get_comment",
)
def get_comment_detail(comment_id: int) -> Any:
    """One comment with its flags, the suggested reason and its audit trail."""
    return serialize.comment_detail(get_comment(comment_id), audit_trail(comment_id))


@bp.post("/comments/<int(max=2147483647):comment_id>/decision")
@require_scope(Scope.MODERATE)
@spec.validate(
    json=s.DecisionIn,
    resp=responses(*AUTH, 400, 404, 409, 413, 415, 422, HTTP_200=s.Decided),
    tags=[TAG],
    security=BEARER,
    operation_id="decide_comment",
)
def decide_comment(comment_id: int) -> Any:
    """Approve, reject (with a guideline reason) or reopen; also changes an earlier decision.

    A refused transition (approving an approved comment) is 409 and changes nothing.
    """
    data: s.DecisionIn = request.context.json  # type: ignore[attr-defined]
    row = decide(
        comment_id, data.action, current_user(), reason=data.reason, note=data.note, via="api"
    )
    return s.Decided(id=comment_id, status=row.to_status.value, decision=serialize.decision(row))


@bp.post("/decisions/bulk")
@require_scope(Scope.MODERATE)
@spec.validate(
    json=s.BulkDecisionIn,
    resp=responses(*AUTH, 400, 413, 415, 422, HTTP_200=s.BulkResult),
    tags=[TAG],
    security=BEARER,
    operation_id="decide_bulk",
)
def decide_bulk() -> Any:
    """The same action on many comments; each is its own decision, audit row and result."""
    data: s.BulkDecisionIn = request.context.json  # type: ignore[attr-defined]
    results: list[s.BulkItem] = []
    for comment_id in dict.fromkeys(data.ids):  # a repeated id is decided once
        try:
            row = decide(
                comment_id,
                data.action,
                current_user(),
                reason=data.reason,
                note=data.note,
                via="api",
            )
        except ServiceError as exc:
            db.session.rollback()
            problem = s.Problem(
                type=PROBLEM_BASE + exc.kind,
                title=exc.message,
                status=exc.status,
                errors=exc.errors or None,
            )
            results.append(s.BulkItem(id=comment_id, ok=False, error=problem))
            continue
        results.append(
            s.BulkItem(id=comment_id, ok=True, status=row.to_status.value, decision_id=row.id)
        )
    done = sum(1 for r in results if r.ok)
    return s.BulkResult(done=done, refused=len(results) - done, results=results)


@bp.get("/articles")
@require_scope(Scope.MODERATE)
@spec.validate(
    resp=responses(*AUTH, HTTP_200=s.ArticleList),
    tags=[TAG],
    security=BEARER,
    operation_id="list_articles",
)
def list_articles() -> Any:
    """Recent articles with their pending / approved / rejected counts."""
    rows = article_service.articles_with_counts()
    return s.ArticleList(items=[serialize.mod_article(a, counts) for a, counts in rows])


@bp.post("/articles")
@require_scope(Scope.MODERATE)
@spec.validate(
    json=s.ArticleIn,
    resp=responses(*AUTH, 400, 413, 415, 422, HTTP_200=s.ModArticle, HTTP_201=s.ModArticle),
    tags=[TAG],
    security=BEARER,
    operation_id="register_article",
)
def register_article() -> Any:
    """Register an article (201); an id already registered answers 200 with the stored one."""
    data: s.ArticleIn = request.context.json  # type: ignore[attr-defined]
    article, created = article_service.register_article(data.article_id, data.url, data.title)
    if created and not data.comments_open:
        article = article_service.set_comments_open(article.external_id, False)
    return serialize.mod_article(article), 201 if created else 200


@bp.patch("/articles/<string(maxlength=200):article_id>")
@require_scope(Scope.MODERATE)
@spec.validate(
    json=s.ArticlePatch,
    resp=responses(*AUTH, 400, 404, 413, 415, 422, HTTP_200=s.ModArticle),
    tags=[TAG],
    security=BEARER,
    operation_id="update_article",
)
def update_article(article_id: str) -> Any:
    """Open or close an article's comments (its approved comments stay public either way);
    lift its flood limit for some hours, or restore it (`post_limit_lifted_hours: 0`)."""
    data: s.ArticlePatch = request.context.json  # type: ignore[attr-defined]
    article = article_service.find_article(article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id!r}")
    if data.comments_open is not None:
        article = article_service.set_comments_open(article_id, data.comments_open)
    if data.post_limit_lifted_hours is not None:
        article = article_service.lift_post_limit(
            article_id, data.post_limit_lifted_hours, by=f"user {current_user().id} (API)"
        )
    return serialize.mod_article(article)


@bp.get("/stats")
@require_scope(Scope.MODERATE)
@spec.validate(
    query=s.StatsQuery,
    resp=responses(*AUTH, 422, HTTP_200=s.StatsOut),
    tags=[TAG],
    security=BEARER,
    operation_id="stats",
)
def stats() -> Any:
    """Backlog, decisions per day per moderator, median time to a first decision, and per
    category and flag source how often flags were upheld (rejected), plus misses."""
    q: s.StatsQuery = request.context.query  # type: ignore[attr-defined]
    return serialize.stats(stats_service.moderation_stats(q.days))
