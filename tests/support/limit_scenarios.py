"""Each rate limit, sign-in lockout and the duplicate window, driven over HTTP against one or
more running instances of the app, requests spread round-robin over them: how many were let
through, against how many the configuration allows. Used by
tests/integration/test_shared_limits.py (Redis: exact) and scripts/limit_accuracy.py (the
table: memory:// against Redis).

The instances run with PROXY_HOPS=1, so `X-Forwarded-For` names the client: many clients can
be played from loopback.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import requests

PUBLIC_URL = "http://news.test"
#: One article per posting scenario, so that no scenario uses up another's article limit.
ARTICLES = ("api-article", "widget-article", "busy-article", "dup-article")

#: The settings every instance runs with: small limits, so each is reached in a few requests.
LIMIT_SETTINGS = {
    "POST_RATE_LIMIT": "6 per minute",
    "API_RATE_LIMIT": "6 per minute",
    "ARTICLE_RATE_LIMIT": "10 per minute",
    "SIGNIN_CLIENT_FAILURES": "5 per 15 minutes",
    "SIGNIN_EMAIL_FAILURES": "3 per minute",
    "ARTICLE_REGISTRATION_LIMIT": "4 per hour",
    "DUPLICATE_WINDOW_SECONDS": "600",
    "PUBLIC_URL": PUBLIC_URL,
    "PROXY_HOPS": "1",
    "SESSION_COOKIE_SECURE": "false",  # plain http on loopback: the cookie must travel
}


@dataclass(frozen=True)
class Outcome:
    """One scenario's result: `accepted` of `attempts` let through; `allowed` configured."""

    name: str
    setting: str
    allowed: int
    attempts: int
    accepted: int
    statuses: tuple[int, ...]

    @property
    def exact(self) -> bool:
        return self.accepted == self.allowed


class Cluster:
    """Instances of the app on loopback ports, taken in turn, one request each."""

    def __init__(self, ports: Sequence[int]) -> None:
        self.bases = [f"http://127.0.0.1:{p}" for p in ports]
        self.staff: dict[str, str] = {}
        self._next = itertools.cycle(range(len(self.bases)))

    def base(self) -> str:
        return self.bases[next(self._next)]


def _ip(n: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.1.{n // 250}.{n % 250 + 1}"}


def seed_articles(database_url: str, instance: Path) -> dict[str, str]:
    """Register the scenarios' articles in the shared database; returns the Authorization
    header of an admin's API token (staff details on /healthz)."""
    from app import create_app
    from extensions import db
    from models import Article
    from tests.conftest import make_config, staff_headers

    app = create_app(make_config(database_url, instance))
    with app.app_context():
        for external_id in ARTICLES:
            db.session.add(
                Article(external_id=external_id, url=f"{PUBLIC_URL}/{external_id}", title="Limits")
            )
        db.session.commit()
        headers = staff_headers()
        db.session.remove()
        db.engine.dispose()
    return headers


def _api_post(base: str, body: str, headers: dict[str, str], article: str = "api-article"):
    return requests.post(
        f"{base}/api/v1/articles/{article}/comments",
        json={"author_name": "Limit tester", "author_email": "tester@example.org", "body": body},
        headers={"Accept": "application/json", **headers},
        timeout=30,
    )


def _body(i: int) -> str:
    return f"Comment {i} on the council budget vote, {uuid.uuid4().hex[:8]}."


def api_posts_per_client(cluster: Cluster) -> Outcome:
    statuses = [_api_post(cluster.base(), _body(i), _ip(1)).status_code for i in range(18)]
    return Outcome("JSON API posts, one client", "API_RATE_LIMIT=6 per minute", 6, 18,
                   statuses.count(202), tuple(statuses))  # fmt: skip


def widget_posts_per_client(cluster: Cluster) -> Outcome:
    """The widget's form: a page view for the CSRF token, then the post (cookies kept)."""
    session = requests.Session()
    statuses = []
    for i in range(18):
        base = cluster.base()
        page = session.get(f"{base}/embed/a/widget-article", headers=_ip(2), timeout=30)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, page.text[:500]
        answer = session.post(
            f"{base}/embed/a/widget-article/comments",
            data={"csrf_token": token.group(1), "author_name": "Widget tester", "body": _body(i)},
            headers={**_ip(2), "Referer": f"{base}/embed/a/widget-article"},
            timeout=30,
        )
        statuses.append(answer.status_code)
    return Outcome("Widget posts, one client", "POST_RATE_LIMIT=6 per minute", 6, 18,
                   statuses.count(200), tuple(statuses))  # fmt: skip


def article_posts_all_clients(cluster: Cluster, article: str = "busy-article") -> Outcome:
    """30 new clients, one post each, to one article: the article's own limit."""
    statuses = [
        _api_post(cluster.base(), _body(i), _ip(100 + i), article).status_code for i in range(30)
    ]
    return Outcome("Posts to one article, 30 new clients", "ARTICLE_RATE_LIMIT=10 per minute",
                   10, 30, statuses.count(202), tuple(statuses))  # fmt: skip


def _sign_in(base: str, session: requests.Session, email: str, headers: dict[str, str]) -> int:
    page = session.get(f"{base}/auth/login", headers=headers, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    answer = session.post(
        f"{base}/auth/login",
        data={"csrf_token": token.group(1), "email": email, "password": "wrong password"},
        headers={**headers, "Referer": f"{base}/auth/login"},
        allow_redirects=False,
        timeout=30,
    )
    return answer.status_code


def sign_in_failures_per_client(cluster: Cluster) -> Outcome:
    """One client tries 9 accounts (a new email each time, so the per-email limit never
    applies; 9 stays under the 10-a-minute attempt cap): failures before the lockout."""
    session = requests.Session()
    statuses = [
        _sign_in(cluster.base(), session, f"nobody{i}@example.org", _ip(3)) for i in range(9)
    ]
    return Outcome("Failed sign-ins, one client", "SIGNIN_CLIENT_FAILURES=5 per 15 minutes",
                   5, 9, statuses.count(401), tuple(statuses))  # fmt: skip


def sign_in_failures_per_email(cluster: Cluster) -> Outcome:
    """12 clients, one wrong password each, for one email: failures before it is slowed."""
    statuses = [
        _sign_in(cluster.base(), requests.Session(), "editor@example.org", _ip(300 + i))
        for i in range(12)
    ]
    return Outcome("Failed sign-ins, one email, 12 clients", "SIGNIN_EMAIL_FAILURES=3 per minute",
                   3, 12, statuses.count(401), tuple(statuses))  # fmt: skip


def article_registrations_per_client(cluster: Cluster) -> Outcome:
    """One embedding page registers 12 new articles: registrations let through."""
    statuses = []
    for i in range(12):
        url = f"{PUBLIC_URL}/story-{i}"
        answer = requests.get(
            f"{cluster.base()}/embed/a/new-story-{i}",
            params={"url": url, "title": f"Story {i}"},
            headers={**_ip(4), "Referer": url},
            timeout=30,
        )
        statuses.append(answer.status_code)
    return Outcome("Article registrations, one client",
                   "ARTICLE_REGISTRATION_LIMIT=4 per hour", 4, 12, statuses.count(200),
                   tuple(statuses))  # fmt: skip


def duplicate_window(cluster: Cluster, database_url: str) -> Outcome:
    """The same comment from the same client, sent to each instance in turn: stored once
    (counted in the shared database)."""
    from sqlalchemy import create_engine, func, select

    from models import Comment

    body = _body(999)
    statuses = [
        _api_post(cluster.base(), body, _ip(5), "dup-article").status_code for _ in range(4)
    ]
    engine = create_engine(database_url)
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).where(Comment.body == body))
    engine.dispose()
    return Outcome("Same comment posted 4 times", "DUPLICATE_WINDOW_SECONDS=600", 1, 4,
                   stored, tuple(statuses))  # fmt: skip


def run_all(cluster: Cluster, database_url: str) -> list[Outcome]:
    """Every scenario, in order."""
    return [scenario(cluster) for scenario in SCENARIOS] + [duplicate_window(cluster, database_url)]


SCENARIOS: tuple[Callable[[Cluster], Outcome], ...] = (
    api_posts_per_client,
    widget_posts_per_client,
    article_posts_all_clients,
    sign_in_failures_per_client,
    sign_in_failures_per_email,
    article_registrations_per_client,
)
