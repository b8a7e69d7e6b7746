"""One Config object built from environment variables (every variable is documented in README)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from moderation.validation import Limits

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(ValueError):
    """A configuration value is missing or malformed; the message names the variable."""


def env_bool(name: str, raw: str) -> bool:
    """A boolean setting ("true"/"false", "1"/"0", "yes"/"no", "on"/"off"; empty is false)."""
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _limit(name: str, raw: str) -> str:
    """A rate limit in Flask-Limiter's syntax ("5 per minute; 60 per hour"), checked at start."""
    from limits import parse_many

    try:
        parse_many(raw)
    except ValueError:
        raise ConfigError(
            f"{name} must be rate limits such as '5 per minute', not {raw!r}"
        ) from None
    return raw


def _int(name: str, raw: str, minimum: int = 0) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def _pairs(name: str, raw: str) -> tuple[tuple[str, str], ...]:
    """ "threat=0.5, insult=off" -> (("threat", "0.5"), ("insult", "off"))."""
    pairs = []
    for part in _list(raw):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{name} entries must look like label=value, not {part!r}")
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def _origins(name: str, raw: str) -> tuple[str, ...]:
    """ "https://a.example, https://b.example" -> the origins, each checked to be http(s)."""
    origins = _list(raw)
    for origin in origins:
        scheme, sep, host = origin.partition("://")
        if scheme not in {"http", "https"} or not sep or not host or "/" in host.rstrip("/"):
            raise ConfigError(f"{name} entries must look like https://host[:port], not {origin!r}")
    return tuple(o.rstrip("/") for o in origins)


def _list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.replace(",", " ").split() if part.strip())


@dataclass(frozen=True)
class Config:
    """Every setting of the service; build it with Config.from_env()."""

    env: str = "development"
    secret_key: str = ""
    database_url: str = ""
    instance_path: str = ""
    log_level: str = "INFO"
    # Comments
    max_comment_chars: int = 5000
    max_name_chars: int = 80
    max_links: int = 3
    duplicate_window_seconds: int = 600
    # Dashboard: how often an open queue page asks for the counts and new comments (0: never)
    queue_poll_seconds: int = 5
    # Trusted commenters: N approved and no rejection in the last M days (0: off)
    trusted_min_approved: int = 0
    trusted_window_days: int = 90
    # Screening
    embedded_worker: bool = True
    classifier_backend: str = "house"
    house_model_dir: str = ""
    house_base_zip: str = ""
    detoxify_model: str = "unbiased"
    detoxify_checkpoint: str = ""
    detoxify_hf_config: str = ""
    model_threads: int = 0
    model_quantize: bool = False
    model_batch_size: int = 8
    model_thresholds: tuple[tuple[str, str], ...] = ()
    link_allowlist: tuple[str, ...] = ()
    worker_batch_size: int = 128
    rules_budget_ms: int = 500
    worker_lease_seconds: int = 30
    worker_max_attempts: int = 3
    # Web
    allowed_embed_origins: tuple[str, ...] = ()
    #: This service's own public address ("https://comments.example"): its origin may embed
    #: the widget and register articles. Never taken from the request's Host header.
    public_url: str = ""
    article_registration_limit: str = "30 per hour"
    post_rate_limit: str = "6 per minute; 60 per hour"
    signin_client_failures: str = "5 per 15 minutes"
    signin_email_failures: str = "3 per 10 seconds; 5 per minute"
    article_rate_limit: str = "120 per minute"
    article_known_rate_limit: str = "600 per minute"
    embed_page_size: int = 20
    linkify_approved: bool = False
    proxy_hops: int = 0
    ratelimit_storage_uri: str = "memory://"
    #: Production with memory:// and more than one worker counts every limit once per process
    #: (each limit multiplied by the worker count): refused unless this says it is meant.
    ratelimit_allow_per_process: bool = False
    session_cookie_secure: bool = False
    bootstrap_admin_email: str = "admin@example.org"
    # JSON API
    api_cors_origins: tuple[str, ...] = ()
    api_rate_limit: str = "6 per minute; 60 per hour"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        """True when running with APP_ENV=production."""
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, instance_path: str = "") -> Config:
        """Read the configuration from environment variables, failing fast on bad values."""
        env_map = os.environ if environ is None else environ
        get = env_map.get
        env = get("APP_ENV", "development").strip().lower()
        if env not in ENVIRONMENTS:
            raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
        instance = get("INSTANCE_PATH", instance_path) or instance_path
        secret = get("SECRET_KEY", "")
        if not secret:
            if env == "production":
                raise ConfigError(
                    "SECRET_KEY is required when APP_ENV=production "
                    "(generate one with: python -c 'import secrets; print(secrets.token_hex(32))')"
                )
            secret = _instance_secret(Path(instance)) if instance else secrets.token_hex(32)
        elif env == "production" and len(secret) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production")
        database_url = get("DATABASE_URL", "")
        if not database_url:
            if env == "production":
                raise ConfigError("DATABASE_URL is required when APP_ENV=production")
            database_url = f"sqlite:///{Path(instance, 'comments.db')}"
        database_url = _normalise_database_url(database_url)
        allow_per_process = env_bool(
            "RATELIMIT_ALLOW_PER_PROCESS", get("RATELIMIT_ALLOW_PER_PROCESS", "false")
        )
        problem = per_process_limits_problem(
            env,
            get("RATELIMIT_STORAGE_URI", "memory://"),
            _int("WEB_CONCURRENCY", get("WEB_CONCURRENCY", "1") or "1", 1),
            allow_per_process,
        )
        if problem:
            raise ConfigError(problem)
        return cls(
            env=env,
            secret_key=secret,
            database_url=database_url,
            instance_path=instance,
            log_level=get("LOG_LEVEL", "INFO").upper(),
            max_comment_chars=_int("MAX_COMMENT_CHARS", get("MAX_COMMENT_CHARS", "5000"), 1),
            max_name_chars=_int("MAX_NAME_CHARS", get("MAX_NAME_CHARS", "80"), 1),
            max_links=_int("MAX_LINKS", get("MAX_LINKS", "3")),
            duplicate_window_seconds=_int(
                "DUPLICATE_WINDOW_SECONDS", get("DUPLICATE_WINDOW_SECONDS", "600")
            ),
            queue_poll_seconds=_int("QUEUE_POLL_SECONDS", get("QUEUE_POLL_SECONDS", "5")),
            trusted_min_approved=_int("TRUSTED_MIN_APPROVED", get("TRUSTED_MIN_APPROVED", "0")),
            trusted_window_days=_int("TRUSTED_WINDOW_DAYS", get("TRUSTED_WINDOW_DAYS", "90"), 1),
            embedded_worker=env_bool("EMBEDDED_WORKER", get("EMBEDDED_WORKER", "true")),
            classifier_backend=get("CLASSIFIER_BACKEND", "house").strip().lower(),
            house_model_dir=get("HOUSE_MODEL_DIR", "").strip(),
            house_base_zip=get("HOUSE_BASE_ZIP", "").strip(),
            detoxify_model=get("DETOXIFY_MODEL", "unbiased").strip(),
            detoxify_checkpoint=get("DETOXIFY_CHECKPOINT", "").strip(),
            detoxify_hf_config=get("DETOXIFY_HF_CONFIG", "").strip(),
            model_threads=_int("MODEL_THREADS", get("MODEL_THREADS", "0")),
            model_quantize=env_bool("MODEL_QUANTIZE", get("MODEL_QUANTIZE", "false")),
            model_batch_size=_int("MODEL_BATCH_SIZE", get("MODEL_BATCH_SIZE", "8"), 1),
            model_thresholds=_pairs("MODEL_THRESHOLDS", get("MODEL_THRESHOLDS", "")),
            link_allowlist=_list(get("LINK_ALLOWLIST", "")),
            worker_batch_size=_int("WORKER_BATCH_SIZE", get("WORKER_BATCH_SIZE", "128"), 1),
            rules_budget_ms=_int("RULES_BUDGET_MS", get("RULES_BUDGET_MS", "500"), 1),
            worker_lease_seconds=_int(
                "WORKER_LEASE_SECONDS", get("WORKER_LEASE_SECONDS", "30"), 10
            ),
            worker_max_attempts=_int("WORKER_MAX_ATTEMPTS", get("WORKER_MAX_ATTEMPTS", "3"), 1),
            allowed_embed_origins=_list(get("ALLOWED_EMBED_ORIGINS", "")),
            public_url=get("PUBLIC_URL", "").strip(),
            article_registration_limit=_limit(
                "ARTICLE_REGISTRATION_LIMIT", get("ARTICLE_REGISTRATION_LIMIT", "30 per hour")
            ),
            post_rate_limit=_limit(
                "POST_RATE_LIMIT", get("POST_RATE_LIMIT", "6 per minute; 60 per hour")
            ),
            signin_client_failures=_limit(
                "SIGNIN_CLIENT_FAILURES", get("SIGNIN_CLIENT_FAILURES", "5 per 15 minutes")
            ),
            signin_email_failures=_limit(
                "SIGNIN_EMAIL_FAILURES",
                get("SIGNIN_EMAIL_FAILURES", "3 per 10 seconds; 5 per minute"),
            ),
            article_rate_limit=_limit(
                "ARTICLE_RATE_LIMIT", get("ARTICLE_RATE_LIMIT", "120 per minute")
            ),
            article_known_rate_limit=_limit(
                "ARTICLE_KNOWN_RATE_LIMIT", get("ARTICLE_KNOWN_RATE_LIMIT", "600 per minute")
            ),
            embed_page_size=_int("EMBED_PAGE_SIZE", get("EMBED_PAGE_SIZE", "20"), 1),
            linkify_approved=env_bool("LINKIFY_APPROVED", get("LINKIFY_APPROVED", "false")),
            proxy_hops=_int("PROXY_HOPS", get("PROXY_HOPS", "0")),
            ratelimit_storage_uri=_storage_uri(get("RATELIMIT_STORAGE_URI", "memory://")),
            ratelimit_allow_per_process=allow_per_process,
            session_cookie_secure=env_bool(
                "SESSION_COOKIE_SECURE",
                get("SESSION_COOKIE_SECURE", "true" if env == "production" else "false"),
            ),
            bootstrap_admin_email=get("BOOTSTRAP_ADMIN_EMAIL", "admin@example.org"),
            api_cors_origins=_origins("API_CORS_ORIGINS", get("API_CORS_ORIGINS", "")),
            api_rate_limit=_limit(
                "API_RATE_LIMIT", get("API_RATE_LIMIT", "6 per minute; 60 per hour")
            ),
        )

    def replace(self, **changes: Any) -> Config:
        """A copy with some fields changed (tests and CLI overrides)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return type(self)(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})

    def limits(self) -> Limits:
        """What a reader may submit (length and link limits)."""
        return Limits(
            max_body_chars=self.max_comment_chars,
            max_name_chars=self.max_name_chars,
            max_links=self.max_links,
        )

    def flask_mapping(self) -> dict[str, Any]:
        """The settings Flask and its extensions read from app.config."""
        return {
            "ENV_NAME": self.env,
            "SECRET_KEY": self.secret_key,
            "TESTING": self.env == "testing",
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(self.database_url),
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.session_cookie_secure,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SECURE": self.session_cookie_secure,
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_uri,
            # Storage unreachable (Redis restarting): count in this process's memory until it
            # answers again, and never fail a request for it (web/rate_storage.py).
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
            "RATELIMIT_SWALLOW_ERRORS": True,
            "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
            if self.ratelimit_storage_uri.startswith(("redis://", "rediss://", "unix://"))
            else {},
            # Off: it also stamps Retry-After on 2xx and 503 answers; 429s set their own below.
            "RATELIMIT_HEADERS_ENABLED": False,
            "MAX_CONTENT_LENGTH": 256 * 1024,
            "APP_CONFIG": self,
            **self.extra,
        }


#: Flask-Limiter storages shared by every process that points at them; memory:// is not.
SHARED_STORAGE_SCHEMES = (
    "redis",
    "rediss",
    "redis+unix",
    "redis+sentinel",
    "redis+cluster",
    "memcached",
    "mongodb",
    "mongodb+srv",
)


def _storage_uri(raw: str) -> str:
    uri = raw.strip() or "memory://"
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in ("memory", *SHARED_STORAGE_SCHEMES):
        raise ConfigError(
            f"RATELIMIT_STORAGE_URI must be memory:// or a shared storage such as "
            f"redis://host:6379/0, not {raw!r}"
        )
    return uri


def storage_is_shared(uri: str) -> bool:
    """True when every process using `uri` counts in the same place (Redis, Memcached ...)."""
    return uri.split("://", 1)[0].lower() in SHARED_STORAGE_SCHEMES


def per_process_limits_problem(env: str, uri: str, workers: int, allowed: bool) -> str | None:
    """Why production must not start with per-process rate-limit counters, or None.

    With memory:// every worker process counts on its own, so "6 per minute" lets 12 through
    with two workers (issue 13.8). Checked by Config.from_env (WEB_CONCURRENCY) and by
    gunicorn.conf.py (the real --workers)."""
    if env != "production" or workers <= 1 or allowed or storage_is_shared(uri or "memory://"):
        return None
    return (
        f"RATELIMIT_STORAGE_URI={uri or 'memory://'} counts in each process, so with {workers} "
        f"workers every rate limit and sign-in lockout is {workers} times looser. Point it at "
        "Redis (RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0), or set "
        "RATELIMIT_ALLOW_PER_PROCESS=true if that is really meant."
    )


def _normalise_database_url(url: str) -> str:
    # Heroku-style and bare "postgresql://" URLs mean the psycopg 3 driver we ship.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # Several gunicorn workers and the worker thread share one file: wait for locks.
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}


def _instance_secret(instance: Path) -> str:
    """A development secret generated once and kept in the instance folder."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_hex(32)
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return secret


def current_config() -> Config:
    """The running application's Config (inside an app or request context)."""
    from flask import current_app

    return current_app.config["APP_CONFIG"]
