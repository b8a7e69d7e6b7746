"""Opaque keyset cursors: JSON in URL-safe base64, decoded or refused with one clear error.

The queue and the public comment list page by keyset (the last row's sort values); what the
cursor holds is theirs to check, how it is written is here.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from services.errors import InvalidInput


def encode(value: Any) -> str:
    """A cursor for a JSON-ready value (padding stripped: it travels in query strings)."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decode(cursor: str, what: str) -> Any:
    """The value of a cursor; InvalidInput naming the field, "is not a cursor of <what>"."""
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        raise InvalidInput("Invalid cursor.", {"cursor": f"is not a cursor of {what}"}) from None
