"""Input guards for the whole application, so a class of bad input is closed once, not per route.

- URL path integers are bounded to the database's integer range: a larger id names nothing
  (404), where it once overflowed SQLite and PostgreSQL (500).
- Every JSON body (API, widget, dashboard) goes through one parser that refuses nesting deeper
  than MAX_JSON_DEPTH and strings holding lone UTF-16 surrogates ("\\ud800", which no database
  can store): both answer 400 instead of a RecursionError or UnicodeEncodeError.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, ValidationError

from models.base import MAX_DB_INT

#: Deeper JSON than this is refused before parsing (no request model nests beyond 3).
MAX_JSON_DEPTH = 16
_STRINGS = re.compile(rb'"(?:\\.|[^"\\])*"')
_BRACKETS = re.compile(rb"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_depth(raw: bytes | str) -> int:
    """How deeply arrays and objects nest in a JSON text (strings ignored)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS.sub(b"", raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                break
        else:
            depth -= 1
    return deepest


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    return False


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON with the depth and surrogate checks on every body it parses."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if json_depth(s) > MAX_JSON_DEPTH:
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        value = super().loads(s, **kwargs)
        if _has_surrogate(value):
            raise ValueError("JSON string holds a lone UTF-16 surrogate (not a character)")
        return value


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` that matches only ids a table can hold."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_DB_INT:
            raise ValidationError()
        return number


class NulFreeStringConverter(UnicodeConverter):
    """`<name>` / `<string:…>` that never matches NUL: no id holds one, and PostgreSQL
    refuses it in a query (a 500 before). Such a path names nothing: 404, for every blueprint."""

    def to_python(self, value: str) -> str:
        if "\x00" in value:
            raise ValidationError()
        return super().to_python(value)


class NulFreePathConverter(PathConverter):
    """`<path:…>` (article ids in widget URLs) that never matches NUL."""

    def to_python(self, value: str) -> str:
        if "\x00" in value:
            raise ValidationError()
        return super().to_python(value)


def init_app(app: Flask) -> None:
    """Install the guards (before any blueprint is registered: converters bind at routing)."""
    app.json_provider_class = GuardedJSONProvider
    app.json = GuardedJSONProvider(app)
    app.url_map.converters["int"] = BoundedIntConverter
    app.url_map.converters["default"] = NulFreeStringConverter
    app.url_map.converters["string"] = NulFreeStringConverter
    app.url_map.converters["path"] = NulFreePathConverter
    app.before_request(_refuse_nul_in_query)


def _refuse_nul_in_query() -> None:
    """A query string with NUL (`?article=x%00y`) is refused (400) before any view reads it:
    no filter, id or search holds one, and PostgreSQL refuses it in a query. The JSON API
    validates its own query parameters against its OpenAPI schemas (422, NUL-free patterns)."""
    from flask import abort, request

    if request.blueprint == "api":
        return
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        abort(400, description="The address holds a NUL character (%00); remove it.")
