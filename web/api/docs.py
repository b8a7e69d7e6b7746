"""The OpenAPI document and a docs page rendered on the server from it (no CDN, no script)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, render_template
from markdown_it import MarkdownIt
from markupsafe import Markup

from web.api import bp
from web.api.openapi import openapi_document

METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI 3.1 document of this API."""
    response = jsonify(openapi_document())
    response.headers["Cache-Control"] = "no-cache"
    return response


def _ref_name(schema: dict[str, Any] | None) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else None


def _type_of(schema: dict[str, Any]) -> str:
    """A short human reading of a JSON Schema: "string", "list of Flag", "int | null"."""
    if name := _ref_name(schema):
        return name
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        return f"map of {_type_of(schema['additionalProperties'])}"
    return str(kind)


def _operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, item in doc.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", ""),
                    "tag": (op.get("tags") or ["other"])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "secured": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type_of(p.get("schema", {})),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _ref_name(body.get("schema")) if body else None,
                    "responses": [
                        {
                            "code": code,
                            "description": r.get("description", ""),
                            "schema": next(
                                (_ref_name(c.get("schema")) for c in r.get("content", {}).values()),
                                None,
                            ),
                        }
                        for code, r in sorted(op.get("responses", {}).items())
                    ],
                }
            )
    return ops


def _schemas(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, schema in sorted(doc.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        out.append(
            {
                "name": name,
                "description": schema.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": _type_of(prop),
                        "required": field in required,
                        "description": prop.get("description", ""),
                    }
                    for field, prop in schema.get("properties", {}).items()
                ],
            }
        )
    return out


@bp.get("/docs")
def docs_page() -> str:
    """Human-readable reference of every operation and schema, rendered from the document."""
    doc = openapi_document()
    return render_template(
        "api/docs.html",
        info=doc["info"],
        operations=_operations(doc),
        schemas=_schemas(doc),
        md=markdown,
    )


_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def markdown(text: str | None) -> Markup:
    """A description's Markdown as HTML: CommonMark, any raw HTML in it escaped as text."""
    return Markup(_MARKDOWN.render(text or ""))  # noqa: S704 — html=False escapes raw HTML
