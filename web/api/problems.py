"""The API's own error kinds; web/errors.py renders them, like every ServiceError, as problems."""

from __future__ import annotations

from services.errors import ServiceError

REALM = 'Bearer realm="commentmod"'


class ApiProblem(ServiceError):
    """An error of the HTTP layer with its own stable kind, status and response headers."""

    def __init__(
        self,
        status: int,
        kind: str,
        message: str,
        errors: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message, errors)
        self.status = status
        self.kind = kind
        self.headers = headers or {}


def unauthorized(message: str, error: str | None = None) -> ApiProblem:
    """401 with the WWW-Authenticate challenge of RFC 6750."""
    challenge = REALM + (f', error="{error}"' if error else "")
    return ApiProblem(401, "unauthorized", message, headers={"WWW-Authenticate": challenge})


def insufficient_scope(scope: str) -> ApiProblem:
    """403: the token is valid but lacks the scope."""
    return ApiProblem(
        403,
        "insufficient-scope",
        f"This token lacks the {scope!r} scope.",
        headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope}"'},
    )


def malformed_json(detail: str) -> ApiProblem:
    """400: the body is not JSON we can read."""
    return ApiProblem(400, "malformed-json", f"The request body is not valid JSON: {detail}")


def unsupported_media_type(mimetype: str) -> ApiProblem:
    """415: the API reads JSON bodies only."""
    return ApiProblem(
        415,
        "unsupported-media-type",
        f"Send the body as application/json, not {mimetype or 'an untyped body'}.",
    )


def validation_failed(errors: dict[str, str]) -> ApiProblem:
    """422 with one message per invalid field (same kind as services' InvalidInput)."""
    return ApiProblem(422, "validation-error", "The request has invalid fields.", errors)
