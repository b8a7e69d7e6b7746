"""Every reader-facing string of the widget, in one place, ready for translation."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "comments": "Comments",
    "guidelines_title": "Community guidelines",
    "count_zero": "No comments yet.",
    "count_one": "1 comment",
    "count_many": "{n} comments",
    "oldest_first": "Oldest first",
    "newest_first": "Newest first",
    "sort_by": "Sort comments",
    "page_of": "Page {page} of {pages}",
    "previous": "Previous",
    "next": "Next",
    "form_title": "Join the discussion",
    "name": "Name (shown with your comment)",
    "email": "Email (optional, never shown)",
    "comment": "Your comment",
    "submit": "Post comment",
    "chars_count": "{n} of {max} characters",
    "honeypot": "Leave this field empty",
    "thanks": "Thank you — your comment is awaiting moderation.",
    "continue": "Back to the comments",
    "closed": "Comments on this article are closed.",
    "banned": "You cannot post comments here.",
    "your_comments": "Your comments",
    "status_pending": "Awaiting moderation",
    "status_approved": "Published",
    "status_rejected": "Not published because: {reason}",
    "fix_errors": "Please correct the highlighted fields.",
    "rate_limited": "You are posting too quickly. Please wait a minute and try again.",
    "session_expired": "This form expired. Please reload the page and post again.",
    "not_allowed": "Comments are not available for this page.",
    "posted_on": "Posted",
}


def t(key: str, **values: object) -> str:
    """The string for `key`, with {placeholders} filled in."""
    text = STRINGS[key]
    return text.format(**values) if values else text


def count_text(n: int) -> str:
    """ "No comments yet." / "1 comment" / "N comments"."""
    if n == 0:
        return t("count_zero")
    return t("count_one") if n == 1 else t("count_many", n=n)
