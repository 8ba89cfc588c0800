"""Bearer-token authentication and role checks for routes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import g, request

from server.accounts.models import User
from server.accounts.service import user_for_token
from server.errors import Forbidden, Unauthorized

F = TypeVar("F", bound=Callable[..., Any])

STAFF = ("admin", "dispatcher", "agent", "finance")
OFFICE_AND_FIELD = (*STAFF, "technician")


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send 'Authorization: Bearer <token>'.", code="missing_token")
    return token.strip()


def current_user() -> User:
    user: User = g.user
    return user


def roles_required(*roles: str) -> Callable[[F], F]:
    """Let the request through only for an authenticated, active user of these roles."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = user_for_token(bearer_token())
            if user.role not in roles:
                raise Forbidden(f"The {user.role} role cannot do this.")
            g.user = user
            return view(*args, **kwargs)

        return cast(F, wrapper)

    return decorate
