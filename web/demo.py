"""A demo host page: an article that embeds the widget exactly as a customer site would."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for

from config import current_config
from services.articles import find_article
from services.bootstrap import DEMO_ARTICLE_ID, DEMO_ARTICLE_SLUG

bp = Blueprint("demo", __name__)

DEMO_BODY = (
    "The provincial council voted 21 to 9 on Tuesday to restore the old covered market in the "
    "city centre, closed since a fire in 2019. Traders' associations welcomed the decision; "
    "opponents said the money should go to the water network first.",
    "Work is due to start in the spring and to take eighteen months. The council will publish "
    "the tender documents next week.",
)


@bp.get("/demo/articles/<slug>")
def article(slug: str) -> str:
    """The demo article page with the one-line embed snippet."""
    if slug != DEMO_ARTICLE_SLUG:
        abort(404)
    demo = find_article(DEMO_ARTICLE_ID)
    title = demo.title if demo else "Demo article"
    # The snippet's address comes from PUBLIC_URL, never from the request's Host header (a
    # forged Host must not be echoed into a page); without it, a same-site path.
    public_url = current_config().public_url.rstrip("/")
    return render_template(
        "demo/article.html",
        article_id=DEMO_ARTICLE_ID,
        title=title,
        paragraphs=DEMO_BODY,
        loader_src=public_url + url_for("embed.loader"),
    )
