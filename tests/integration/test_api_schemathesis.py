"""Schemathesis fuzzes the live API (served on 127.0.0.1 only) against its own OpenAPI document:
no server error, and no response that breaks the documented status codes, types or schemas."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app import create_app
from moderation.lifecycle import Action
from services import users as user_service
from services.decisions import decide
from tests.browser.conftest import LiveServer
from tests.conftest import make_config
from tests.factories import make_article, make_user, post_comment

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 15  # per operation and mode: 15 operations x 2 modes stay well under a minute
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


class Live:
    """The served app, its base URL and an admin token."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url = url
        self.headers = headers


@pytest.fixture
def live(database_url: str, tmp_path: Path) -> Iterator[Live]:
    """The app on a loopback port with some data, posting unthrottled for the fuzzer."""
    app: Flask = create_app(
        make_config(database_url, tmp_path / "instance", api_rate_limit="100000 per minute")
    )
    with app.app_context():
        from extensions import db

        article = make_article(db, external_id="story-1")
        for n in range(3):
            decide(post_comment(article, f"Approved comment {n}").comment.id, Action.APPROVE, None)
        post_comment(article, "Still pending.")
        admin = make_user("admin")
        secret = user_service.issue_token(admin, "fuzz", {"moderate", "admin"}).secret
        with LiveServer(app) as server:
            assert server.url.startswith("http://127.0.0.1:")
            yield Live(server.url, {"Authorization": f"Bearer {secret}"})
        db.session.remove()
        db.engine.dispose()


def test_api_conforms_to_its_openapi_document(live: Live) -> None:
    """Every operation, schema-valid and schema-invalid inputs, a bounded number of each.

    (schemathesis.pytest.from_fixture needs a pytest private attribute that pytest 9 removed,
    so the operations are driven through Hypothesis here directly.)
    """
    api = schemathesis.openapi.from_url(f"{live.url}/api/v1/openapi.json")
    failures: dict[str, str] = {}
    counts = {"operations": 0, "examples": 0, "no_negative": 0}
    started = time.monotonic()
    for result in api.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case) -> None:  # noqa: ANN001
                counts["examples"] += 1
                case.call_and_validate(
                    base_url=live.url, headers=live.headers, checks=CHECKS, timeout=10
                )

            try:
                run()
            except Unsatisfiable:
                # Nothing schema-invalid exists (e.g. one free-form string path parameter).
                assert mode is GenerationMode.NEGATIVE, operation.label
                counts["no_negative"] += 1
            except Exception as exc:  # noqa: BLE001 — collect every operation's findings
                failures[f"{operation.label} [{mode.value}]"] = str(exc)[:2000]
    elapsed = time.monotonic() - started
    print(
        f"schemathesis: {counts['operations']} operations, {counts['examples']} examples, "
        f"{len(failures)} findings, {counts['no_negative']} without negative cases, {elapsed:.1f}s"
    )
    assert counts["operations"] == 16
    assert not failures, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
    assert elapsed < 60
