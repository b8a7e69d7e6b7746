"""Jinja filters: comment text is always escaped; links only where configuration allows."""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

from moderation.validation import neutral_bidi

_URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)


def comment_text(text: str, linkify: bool = False) -> Markup:
    """Escaped text without bidi embedding controls; with linkify, http(s) URLs become nofollow
    links (never javascript:)."""
    text = neutral_bidi(text)
    if not linkify:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        url = escape(match.group(0))
        out.append(f'<a href="{url}" rel="nofollow ugc noopener" target="_blank">{url}</a>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))  # noqa: S704 — every piece above was escaped


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(comment_text, "comment_text")
    app.add_template_filter(neutral_bidi, "neutral_bidi")
