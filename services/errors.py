"""Errors the services raise; the web layer turns each into one HTTP answer."""

from __future__ import annotations


class ServiceError(Exception):
    """Base: `kind` is a stable machine-readable name, `status` the HTTP status it maps to."""

    kind = "error"
    status = 400

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def describe(self) -> str:
        """The message and every field error on one line, for flashes and the CLI."""
        details = "; ".join(f"{field} {text}" for field, text in self.errors.items())
        return f"{self.message} {details}".strip()


class InvalidInput(ServiceError):
    """Fields failed validation; `errors` names each field."""

    kind = "validation-error"
    status = 422


class NotFound(ServiceError):
    """The thing asked for does not exist."""

    kind = "not-found"
    status = 404


class Conflict(ServiceError):
    """The request contradicts the current state (e.g. approving an approved comment)."""

    kind = "conflict"
    status = 409


class CommentsClosed(ServiceError):
    """The article no longer takes comments."""

    kind = "comments-closed"
    status = 403


class Banned(ServiceError):
    """The client or email is on the ban list."""

    kind = "banned"
    status = 403


class Forbidden(ServiceError):
    """The user may not do this."""

    kind = "forbidden"
    status = 403
