"""Models -> API schemas. Public shapes never carry an email, a fingerprint or a token hash."""

from __future__ import annotations

from models import Article, Comment, Decision, RuleTerm
from moderation.flags import Flag
from moderation.guidelines import public_reason
from moderation.lifecycle import CommentStatus
from services.stats import ModerationStats
from web.api import schemas as s


def public_comment(comment: Comment) -> s.PublicComment:
    """An approved comment for the public."""
    assert comment.status == CommentStatus.APPROVED, "only approved comments are public"
    return s.PublicComment(
        id=comment.id,
        author_name=comment.author_name,
        body=comment.body,
        language=comment.language,
        created_at=comment.created_at,
    )


def public_article(article: Article, approved_count: int) -> s.PublicArticle:
    """An article for the public."""
    return s.PublicArticle(
        article_id=article.external_id,
        url=article.url,
        title=article.title,
        comments_open=article.comments_open,
        approved_count=approved_count,
    )


def own_comment(comment: Comment) -> s.OwnComment:
    """A comment for the author who holds its status token."""
    rejected = comment.status == CommentStatus.REJECTED
    return s.OwnComment(
        id=comment.id,
        article_id=comment.article.external_id,
        author_name=comment.author_name,
        body=comment.body,
        created_at=comment.created_at,
        status=CommentStatus(comment.status).value,
        reason=comment.reject_reason if rejected else None,
        public_reason=public_reason(comment.reject_reason) if rejected else None,
    )


def screening(comment: Comment) -> s.ScreeningOut:
    """The stored screening result in the ARCHITECTURE.md shape."""
    flags = [Flag.from_dict(f).to_dict() for f in comment.flags or []]
    categories = list(comment.categories or [])
    return s.ScreeningOut(
        state=comment.screening_state.value,
        risk=comment.risk,
        flagged=bool(flags),
        categories=categories,
        flags=[s.FlagOut(**f) for f in flags],
    )


def mod_comment(comment: Comment) -> s.ModComment:
    """A comment for moderators."""
    return s.ModComment(**_mod_fields(comment))


def _mod_fields(comment: Comment) -> dict:
    return {
        "id": comment.id,
        "article_id": comment.article.external_id,
        "article_title": comment.article.title,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "body": comment.body,
        "language": comment.language,
        "status": CommentStatus(comment.status).value,
        "reject_reason": comment.reject_reason,
        "created_at": comment.created_at,
        "decided_at": comment.decided_at,
        "screening": screening(comment),
        "suggested_reason": comment.suggested_reason,
    }


def decision(row: Decision) -> s.DecisionOut:
    """One audit row."""
    return s.DecisionOut(
        id=row.id,
        action=row.action.value,
        from_status=row.from_status.value,
        to_status=row.to_status.value,
        reason=row.reason,
        note=row.note,
        moderator_id=row.moderator_id,
        moderator=row.moderator.display_name if row.moderator else None,
        via=row.via,
        created_at=row.created_at,
    )


def comment_detail(comment: Comment, trail: list[Decision]) -> s.CommentDetail:
    """A comment with its audit trail."""
    return s.CommentDetail(**_mod_fields(comment), trail=[decision(d) for d in trail])


def mod_article(article: Article, counts: dict[str, int] | None = None) -> s.ModArticle:
    """An article for moderators."""
    return s.ModArticle(
        article_id=article.external_id,
        url=article.url,
        title=article.title,
        comments_open=article.comments_open,
        created_at=article.created_at,
        post_limit_lifted_until=article.post_limit_lifted_until
        if article.post_limit_lifted()
        else None,
        counts=counts,
    )


def term(row: RuleTerm) -> s.TermOut:
    """One rule-term change."""
    return s.TermOut(
        id=row.id,
        category=row.category,
        language=row.language,
        term=row.term,
        action=row.action.value,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def stats(data: ModerationStats) -> s.StatsOut:
    """The statistics."""
    flags = data.flags
    return s.StatsOut(
        since=data.since,
        until=data.until,
        backlog=s.BacklogOut(
            pending=data.backlog.pending,
            oldest_pending_at=data.backlog.oldest_pending_at,
            oldest_pending_age_seconds=data.backlog.oldest_pending_age_seconds,
        ),
        decisions_per_day=[
            s.DayOut(
                day=d.day,
                moderator_id=d.moderator_id,
                moderator=d.moderator,
                approved=d.approved,
                rejected=d.rejected,
                reopened=d.reopened,
                total=d.total,
            )
            for d in data.decisions_per_day
        ],
        median_seconds_to_decision=data.median_seconds_to_decision,
        first_decisions=data.first_decisions,
        flags=s.FlagStatsOut(
            decided=flags.decided,
            decided_flagged=flags.decided_flagged,
            by_category=[_outcome(o) for o in flags.by_category],
            by_source=[_outcome(o) for o in flags.by_source],
            by_rule=[_outcome(o) for o in flags.by_rule],
            misses=s.MissesOut(
                total=flags.misses.total,
                by_reason=flags.misses.by_reason,
                not_screened=flags.misses.not_screened,
            ),
        ),
    )


def _outcome(o) -> s.OutcomeOut:  # noqa: ANN001
    return s.OutcomeOut(key=o.key, flagged=o.flagged, upheld=o.upheld, upheld_rate=o.upheld_rate)
