"""Where rate limits and sign-in lockouts are counted, and how healthy that place is.

Flask-Limiter keeps every counter (posting, API, article, registration, sign-in failures) in
RATELIMIT_STORAGE_URI: memory:// counts in each process (the embedded default, `make run`),
Redis counts once for every process and machine pointing at it (production, issue 13.8). When
the storage stops answering, Flask-Limiter falls back to this process's memory (configured in
config.flask_mapping) and goes back once it answers again; a request never fails for it.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from limits import RateLimitItem

from config import storage_is_shared
from extensions import limiter

log = logging.getLogger(__name__)


def storage_name(uri: str) -> str:
    """The storage without credentials: "memory", "redis://127.0.0.1:6379/0"."""
    parts = urlsplit(uri)
    if parts.scheme == "memory":
        return "memory"
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def describe(uri: str) -> dict[str, object]:
    """For /healthz: which storage, whether every process shares it, whether it answers now."""
    shared = storage_is_shared(uri)
    try:
        reachable = bool(limiter.storage.check())
    except Exception:  # noqa: BLE001 — unreachable is an answer, not an error
        reachable = False
    return {
        "storage": storage_name(uri),
        "shared": shared,
        "reachable": reachable,
        # memory:// is per process by design; a shared storage that does not answer means this
        # process is counting on its own until it does.
        "per_process": not shared or not reachable,
    }


def hit(item: RateLimitItem, *identifiers: str) -> bool:
    """Count one hit against `item` (True: within the limit). Used where a limit is counted by
    hand (article registration). If the storage fails, the request is let through and logged:
    the decorated limits fall back to memory on their own, and a registration is not harmful."""
    try:
        return limiter.limiter.hit(item, *identifiers)
    except Exception:  # noqa: BLE001
        log.warning("rate-limit storage unreachable; %s not counted", identifiers[:1])
        return True
