"""Configuration from environment variables, failing fast and specifically."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import Config, ConfigError


def test_production_without_secret_key_refuses_to_start() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY is required"):
        Config.from_env({"APP_ENV": "production", "DATABASE_URL": "postgresql://x/y"})


def test_production_short_secret_refused() -> None:
    with pytest.raises(ConfigError, match="at least 32"):
        Config.from_env({"APP_ENV": "production", "SECRET_KEY": "short", "DATABASE_URL": "x"})


def test_production_without_database_url_refused() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL is required"):
        Config.from_env({"APP_ENV": "production", "SECRET_KEY": "k" * 40})


def test_development_defaults_to_sqlite_in_instance_and_keeps_its_secret(tmp_path: Path) -> None:
    first = Config.from_env({}, instance_path=str(tmp_path))
    second = Config.from_env({}, instance_path=str(tmp_path))
    assert first.database_url == f"sqlite:///{tmp_path / 'comments.db'}"
    assert first.secret_key == second.secret_key and len(first.secret_key) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_normalised_to_psycopg3(raw: str, expected: str) -> None:
    assert Config.from_env({"DATABASE_URL": raw, "SECRET_KEY": "s"}).database_url == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"APP_ENV": "staging"}, "APP_ENV must be one of"),
        ({"EMBEDDED_WORKER": "maybe"}, "EMBEDDED_WORKER must be true or false"),
        ({"MAX_COMMENT_CHARS": "lots"}, "MAX_COMMENT_CHARS must be a whole number"),
        ({"MAX_COMMENT_CHARS": "0"}, "MAX_COMMENT_CHARS must be at least 1"),
    ],
)
def test_malformed_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Config.from_env({"SECRET_KEY": "s", **env})


def test_production_cookies_are_secure_by_default() -> None:
    cfg = Config.from_env(
        {"APP_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": "postgresql://h/d"}
    )
    flask = cfg.flask_mapping()
    assert flask["SESSION_COOKIE_SECURE"] is True
    assert flask["SESSION_COOKIE_HTTPONLY"] is True
    assert flask["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_unknown_override_refused() -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        Config().replace(no_such_setting=1)


PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": "sqlite:///x.db"}


def test_production_refuses_per_process_limits_with_several_workers(tmp_path: Path) -> None:
    """Issue 13.8: memory:// with WEB_CONCURRENCY=4 would make every limit four times looser."""
    with pytest.raises(ConfigError, match="4 workers every rate limit"):
        Config.from_env({**PRODUCTION, "WEB_CONCURRENCY": "4"})
    allowed = Config.from_env(
        {**PRODUCTION, "WEB_CONCURRENCY": "4", "RATELIMIT_ALLOW_PER_PROCESS": "true"}
    )
    assert allowed.ratelimit_storage_uri == "memory://"
    shared = Config.from_env(
        {**PRODUCTION, "WEB_CONCURRENCY": "4", "RATELIMIT_STORAGE_URI": "redis://r:6379/0"}
    )
    assert shared.ratelimit_storage_uri == "redis://r:6379/0"
    # One worker, and development with any number, count in memory as before.
    assert Config.from_env(PRODUCTION).ratelimit_storage_uri == "memory://"
    Config.from_env({"WEB_CONCURRENCY": "4"}, instance_path=str(tmp_path))


def test_unknown_rate_limit_storage_is_refused() -> None:
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI must be memory:// or"):
        Config.from_env({**PRODUCTION, "RATELIMIT_STORAGE_URI": "localhost:6379"})
