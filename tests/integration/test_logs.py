"""Logs carry ids and statuses — never comment text, email addresses, IPs, passwords or tokens."""

from __future__ import annotations

import logging
import re

import pytest

from moderation.rules import RuleSet
from moderation.screening import Screener
from moderation.worker import WorkerSettings, process_batch
from tests.conftest import csrf_token_from, new_token_from
from tests.factories import PASSWORD

BODY = "LOGSECRET we know where you live, councillor"
EMAIL = "log.secret@example.org"
IP = "203.0.113.77"


def test_a_comments_whole_life_logs_no_personal_data(client, db, login_as, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    page = client.get(
        "/embed/a/log-1?url=http://localhost/l&title=T", environ_base={"REMOTE_ADDR": IP}
    )
    posted = client.post(
        "/embed/a/log-1/comments",
        data={"csrf_token": csrf_token_from(page.get_data(as_text=True)), "author_name": "N",
              "author_email": EMAIL, "body": BODY},
        environ_base={"REMOTE_ADDR": IP},
    )  # fmt: skip
    assert posted.status_code == 200
    status_token = new_token_from(posted.get_data(as_text=True))
    process_batch(db.session, Screener(RuleSet.load(), None), "w", WorkerSettings())
    login_as("moderator")
    token = csrf_token_from(client.get("/dashboard/").get_data(as_text=True))
    decided = client.post(
        "/dashboard/comments/1/decide",
        data={"action": "reject", "reason": "threat", "csrf_token": token},
    )
    assert decided.status_code == 302
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert re.search(r"comment 1 stored pending", text)  # the log is there, with ids
    for secret in (BODY, "LOGSECRET", EMAIL, IP, PASSWORD, status_token):
        assert secret not in text, f"{secret!r} reached the logs"


@pytest.mark.parametrize("config_overrides", [{"env": "testing"}])
def test_failed_sign_in_logs_no_password(client, db, caplog, config_overrides) -> None:
    caplog.set_level(logging.DEBUG)
    token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post(
        "/auth/login", data={"email": EMAIL, "password": "hunter2-wrong", "csrf_token": token}
    )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "hunter2-wrong" not in text and EMAIL not in text
