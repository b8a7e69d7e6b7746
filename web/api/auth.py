"""Bearer-token authentication and scopes for the moderation and admin endpoints."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request

from models import ApiToken, Scope, User
from services.users import authenticate_token
from web.api.problems import insufficient_scope, unauthorized


def current_token() -> ApiToken:
    """The live token of this request (only inside a view decorated with require_scope)."""
    return g.api_token


def current_user() -> User:
    """The user the token belongs to."""
    return g.api_token.user


def _authenticate(scope: Scope) -> ApiToken:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise unauthorized("An API token is required: Authorization: Bearer cmt_...")
    token = authenticate_token(secret.strip())
    if token is None:
        raise unauthorized(
            "The API token is unknown, revoked or its user is deactivated.", error="invalid_token"
        )
    scopes = token.scope_set
    # An admin token may also moderate; the admin scope still needs a user who is an admin.
    allowed = scope in scopes or (scope is Scope.MODERATE and Scope.ADMIN in scopes)
    if not allowed or (scope is Scope.ADMIN and not token.user.is_admin):
        raise insufficient_scope(scope.value)
    return token


def require_scope(scope: Scope) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a view: 401 without a live bearer token, 403 without the scope."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            g.api_token = _authenticate(scope)
            return view(*args, **kwargs)

        return wrapper

    return decorator
