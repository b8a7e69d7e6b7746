"""Pydantic models of the JSON API v1: they validate requests and generate the OpenAPI document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from moderation.guidelines import Category, Reason
from moderation.languages import SITE_LANGUAGES
from moderation.lifecycle import Action, CommentStatus
from services.queue import Order, Screened

ReasonCode = Literal[tuple(r.value for r in Reason)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(s.value for s in CommentStatus)]  # type: ignore[valid-type]
ActionCode = Literal[tuple(a.value for a in Action)]  # type: ignore[valid-type]
CategoryCode = Literal[tuple(c.value for c in Category)]  # type: ignore[valid-type]
OrderCode = Literal[tuple(o.value for o in Order)]  # type: ignore[valid-type]
ScreenedCode = Literal[tuple(s.value for s in Screened)]  # type: ignore[valid-type]
#: Strings that reach a query must not hold NUL (PostgreSQL refuses it in text).
NUL_FREE = r"^[^\x00]*$"
Text = Annotated[str, Field(pattern=NUL_FREE)]
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Note = Annotated[
    str,
    Field(max_length=2000, pattern=NUL_FREE, description="Moderator-only note for the audit log"),
]


class Strict(BaseModel):
    """Request models refuse unknown fields, so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors


class Problem(BaseModel):
    """An RFC 9457 problem document; `errors` names each invalid field."""

    type: str = Field(description="Stable URI per error kind")
    title: str
    status: int
    detail: str | None = None
    errors: dict[str, str] | None = None


# ---------------------------------------------------------------- public


class PageQuery(Strict):
    """Keyset page of an article's approved comments."""

    order: Literal["oldest", "newest"] = "oldest"
    cursor: Annotated[str, Field(max_length=200, pattern=NUL_FREE)] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class PublicComment(BaseModel):
    """An approved comment as the public sees it (never an email or a fingerprint)."""

    id: int
    author_name: str
    body: str
    language: str | None
    created_at: datetime


class PublicArticle(BaseModel):
    """An article as the public sees it."""

    article_id: str
    url: str
    title: str
    comments_open: bool
    approved_count: int


class CommentList(BaseModel):
    """One page of approved comments; follow `next_cursor` until it is null."""

    article: PublicArticle
    items: list[PublicComment]
    next_cursor: str | None


Token = Annotated[str, Field(min_length=1, max_length=100, pattern=NUL_FREE)]


class ApiIndex(BaseModel):
    """Where to start: the documentation and the endpoints, as links."""

    name: str
    version: str
    docs: str = Field(description="Human-readable API documentation")
    openapi: str = Field(description="The OpenAPI 3.1 document")
    links: dict[str, str] = Field(
        description="URL templates of the main endpoints ({article_id}, {comment_id})"
    )


class NewComment(Strict):
    """A reader's comment: validated exactly as the widget validates it."""

    author_name: str = Field(description="Display name shown with the comment")
    author_email: Text | None = Field(
        None, description="Optional; kept for the site, never shown publicly"
    )
    body: str
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")] | None = None
    commenter_key: (
        Annotated[str, Field(min_length=16, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")] | None
    ) = Field(
        None,
        description="Who the commenter is, across posts and addresses: a random key your client "
        "keeps for this reader (or a hash of your own user id), 16-128 URL-safe characters. "
        "Moderators see one commenter's history and ban them by it; it is stored only as a "
        "keyed hash. Without it (and without an email) a comment is its own commenter",
    )
    status_tokens: Annotated[list[Token], Field(max_length=50)] | None = Field(
        None,
        description="Status tokens of your earlier comments, if you kept them: one of an "
        "approved comment makes you a known commenter, who keeps posting while a flood of new "
        "clients has filled the article's limit",
    )


class Accepted(BaseModel):
    """The comment waits for moderation; keep `status_token` to read its status later."""

    id: int
    status: Literal["pending"]
    status_token: str = Field(description="Shown once; the only way to see a pending comment")
    status_url: str


class StatusQuery(Strict):
    """Status tokens returned when the comments were posted."""

    tokens: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=100)]], Field(max_length=50)
    ]


class OwnComment(BaseModel):
    """One of the caller's own comments, in any status."""

    id: int
    article_id: str
    author_name: str
    body: str
    created_at: datetime
    status: StatusCode
    reason: ReasonCode | None = Field(description="Guideline reason when rejected")
    public_reason: str | None = Field(description="The sentence shown to the author")


class OwnComments(BaseModel):
    """The comments the presented tokens belong to (unknown tokens are ignored)."""

    items: list[OwnComment]


# ---------------------------------------------------------------- moderation


class QueueQuery(Strict):
    """The moderation queue's filters, as on the dashboard."""

    order: OrderCode = "risk"
    category: CategoryCode | None = None
    article: Annotated[str, Field(max_length=200, pattern=NUL_FREE)] | None = None
    screened: ScreenedCode | None = None
    cursor: Annotated[str, Field(max_length=200, pattern=NUL_FREE)] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 25


class FlagOut(BaseModel):
    """One screening flag (the ARCHITECTURE.md shape)."""

    category: str
    source: str
    detail: str
    span: list[int] | None = None
    score: float | None = None
    threshold: float | None = None
    rule: str | None = Field(
        None,
        description="Rule flags: the family and shape that fired, e.g. threats#know-where or "
        "terms#profanity/en",
    )


class ScreeningOut(BaseModel):
    """What screening said about a comment."""

    state: Literal["queued", "screened", "failed"]
    risk: float | None
    flagged: bool
    categories: list[str]
    flags: list[FlagOut]


class ModComment(BaseModel):
    """A comment as moderators see it."""

    id: int
    article_id: str
    article_title: str
    author_name: str
    author_email: str | None
    body: str
    language: str | None
    status: StatusCode
    reject_reason: ReasonCode | None
    created_at: datetime
    decided_at: datetime | None
    screening: ScreeningOut
    suggested_reason: ReasonCode | None


class QueuePage(BaseModel):
    """A page of the queue; follow `next_cursor` until it is null."""

    items: list[ModComment]
    next_cursor: str | None
    pending: int
    category_counts: dict[str, int]


class DecisionOut(BaseModel):
    """One audit row: who did what, why, when."""

    id: int
    action: ActionCode
    from_status: StatusCode
    to_status: StatusCode
    reason: ReasonCode | None
    note: str | None
    moderator_id: int | None
    moderator: str | None
    via: str
    created_at: datetime


class CommentDetail(ModComment):
    """A comment with its audit trail."""

    trail: list[DecisionOut]


class DecisionIn(Strict):
    """Approve, reject (with a guideline reason) or reopen; also changes an earlier decision."""

    action: ActionCode
    reason: ReasonCode | None = None
    note: Note | None = None


class Decided(BaseModel):
    """The comment's new status and the audit row written."""

    id: int
    status: StatusCode
    decision: DecisionOut


class BulkDecisionIn(DecisionIn):
    """The same action on many comments; each is decided on its own."""

    ids: Annotated[list[Id], Field(min_length=1, max_length=200)]


class BulkItem(BaseModel):
    """The outcome for one id: done, or the problem that refused it."""

    id: int
    ok: bool
    status: StatusCode | None = None
    decision_id: int | None = None
    error: Problem | None = None


class BulkResult(BaseModel):
    """Per-id outcomes, in the order the ids were given; a refusal undoes nothing else."""

    done: int
    refused: int
    results: list[BulkItem]


class ArticleIn(Strict):
    """Register an article (idempotent: an existing id answers with the stored article)."""

    article_id: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^/\x00]+$")]
    url: Annotated[str, Field(max_length=2000, pattern=NUL_FREE)]
    title: Annotated[str, Field(max_length=500, pattern=NUL_FREE)]
    comments_open: bool = True


class ArticlePatch(Strict):
    """Open or close an article's comments, and lift or restore its flood limit."""

    comments_open: bool | None = None
    post_limit_lifted_hours: Annotated[int, Field(ge=0, le=72)] | None = Field(
        None,
        description="Lift the article-wide posting limit for this many hours (0 restores it "
        "now); per-client limits stay",
    )

    @model_validator(mode="after")
    def _something(self) -> ArticlePatch:
        if self.comments_open is None and self.post_limit_lifted_hours is None:
            raise ValueError("give comments_open, post_limit_lifted_hours, or both")
        return self


class ModArticle(BaseModel):
    """An article with its comment counts."""

    article_id: str
    url: str
    title: str
    comments_open: bool
    created_at: datetime
    post_limit_lifted_until: datetime | None = Field(
        None, description="Until when a moderator lifted the article's flood limit"
    )
    counts: dict[str, int] | None = None


class ArticleList(BaseModel):
    """Recent articles."""

    items: list[ModArticle]


class StatsQuery(Strict):
    """The window of the statistics, in days back from now."""

    days: Annotated[int, Field(ge=1, le=366)] = 30


class BacklogOut(BaseModel):
    """The queue right now."""

    pending: int
    oldest_pending_at: datetime | None
    oldest_pending_age_seconds: float | None


class DayOut(BaseModel):
    """One moderator's decisions on one UTC day."""

    day: date
    moderator_id: int | None
    moderator: str | None
    approved: int
    rejected: int
    reopened: int
    total: int


class OutcomeOut(BaseModel):
    """Decided comments with such a flag, and how many were rejected (flag upheld)."""

    key: str
    flagged: int
    upheld: int
    upheld_rate: float | None


class MissesOut(BaseModel):
    """Rejected comments screening did not flag."""

    total: int
    by_reason: dict[str, int]
    not_screened: int


class FlagStatsOut(BaseModel):
    """How the screening flags held up."""

    decided: int
    decided_flagged: int
    by_category: list[OutcomeOut]
    by_source: list[OutcomeOut]
    by_rule: list[OutcomeOut] = Field(
        description="Per rule family and shape that fired (e.g. threats#know-where), most often "
        "flagged first"
    )
    misses: MissesOut


class StatsOut(BaseModel):
    """Moderation statistics for the window [since, until)."""

    since: datetime
    until: datetime
    backlog: BacklogOut
    decisions_per_day: list[DayOut]
    median_seconds_to_decision: float | None
    first_decisions: int
    flags: FlagStatsOut


# ---------------------------------------------------------------- admin


class TermQuery(Strict):
    """Filters of the rule-term list."""

    category: Annotated[str, Field(max_length=32, pattern=NUL_FREE)] | None = None
    language: Annotated[str, Field(max_length=8, pattern=NUL_FREE)] | None = None
    action: Literal["add", "remove", "allow"] | None = None


class TermIn(Strict):
    """Add a term to a category's list, take a list-file term off, or allowlist a term."""

    category: Text = Field(description="A screened guideline category, or 'allowlist'")
    language: Text = Field(description="One of the site's languages: " + ", ".join(SITE_LANGUAGES))
    term: Text = Field(description="1-200 characters; whitespace is normalised")
    action: Literal["add", "remove", "allow"] | None = Field(
        None, description="Default: 'allow' for the allowlist, 'add' otherwise"
    )


class TermOut(BaseModel):
    """One admin change to the rule lists."""

    id: int
    category: str
    language: str
    term: str
    action: Literal["add", "remove", "allow"]
    created_by: int | None
    created_at: datetime


class TermList(BaseModel):
    """Admins' rule-term changes."""

    items: list[TermOut]
