"""No client IP reaches a log line (issue 13.7): every log record, from every logger (ours,
Flask-Limiter's "ratelimit … (203.0.113.7) exceeded", Werkzeug's), has IP addresses replaced
by the keyed client fingerprint ("client:3f2a…"), the same HMAC the database stores, so abuse
can still be followed across lines without the address ever being written down.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re

_IPV4 = r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])"
# Full eight groups, or a compressed form (it always holds "::"): never a clock time "12:30:45".
_IPV6 = (
    r"(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
    r"|(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?)(?![\w:])"
)
IP_ADDRESS = re.compile(f"{_IPV4}|{_IPV6}", re.IGNORECASE)
_state: dict[str, bytes] = {"key": b""}


def redact(text: str) -> str:
    """The text with every IP address replaced by its keyed fingerprint."""

    def fingerprint(match: re.Match[str]) -> str:
        digest = hmac.new(_state["key"], match.group(0).encode(), hashlib.sha256).hexdigest()
        return f"client:{digest[:12]}"

    return IP_ADDRESS.sub(fingerprint, text)


def install(secret_key: str) -> None:
    """Redact every log record from now on (keyed with this app's secret)."""
    _state["key"] = secret_key.encode("utf-8")
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_ips", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a malformed record is logging's to report
            return record
        if IP_ADDRESS.search(message):
            record.msg, record.args = redact(message), ()
        return record

    factory.redacts_ips = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
