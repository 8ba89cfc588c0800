"""Login, logout, own password, and user administration."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts import service
from server.accounts.auth import OFFICE_AND_FIELD, bearer_token, current_user, roles_required
from server.accounts.models import User
from server.accounts.schemas import (
    LoginIn,
    LoginOut,
    PasswordChangeIn,
    PasswordResetIn,
    SettingsOut,
    UserActiveIn,
    UserCreateIn,
    UserOut,
)

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Log in and users")


@blp.route("/auth/login", methods=["POST"])
@blp.doc(security=[])
@blp.arguments(LoginIn)
@blp.response(200, LoginOut)
def login(body: dict[str, str]) -> dict[str, Any]:
    token, user = service.login(body["username"], body["password"], request.remote_addr or "")
    return {"token": token, "user": user}


@blp.route("/auth/logout", methods=["POST"])
@roles_required(*OFFICE_AND_FIELD)
@blp.response(204)
def logout() -> None:
    service.logout(bearer_token())


@blp.route("/auth/me")
@roles_required(*OFFICE_AND_FIELD)
@blp.response(200, UserOut)
def me() -> User:
    return current_user()


@blp.route("/auth/settings")
@roles_required(*OFFICE_AND_FIELD)
@blp.response(200, SettingsOut)
def settings() -> dict[str, str]:
    """What every signed-in page needs: the business time zone for days and times."""
    return {"timezone": current_app.config["TIMEZONE"]}


@blp.route("/auth/password", methods=["POST"])
@roles_required(*OFFICE_AND_FIELD)
@blp.arguments(PasswordChangeIn)
@blp.response(204)
def change_password(body: dict[str, str]) -> None:
    service.change_password(current_user(), body["current_password"], body["new_password"])


@blp.route("/users")
class Users(MethodView):
    @roles_required("admin")
    @blp.response(200, UserOut(many=True))
    def get(self) -> list[User]:
        return service.list_users()

    @roles_required("admin")
    @blp.arguments(UserCreateIn)
    @blp.response(201, UserOut)
    def post(self, body: dict[str, str]) -> User:
        return service.create_user(current_user(), **body)


@blp.route("/users/<int:user_id>/password", methods=["PUT"])
@roles_required("admin")
@blp.arguments(PasswordResetIn)
@blp.response(200, UserOut)
def reset_password(body: dict[str, str], user_id: int) -> User:
    """Set a new password for a user who lost theirs; their sessions end."""
    return service.reset_password(current_user(), user_id, body["password"])


@blp.route("/users/<int:user_id>/active", methods=["PUT"])
@roles_required("admin")
@blp.arguments(UserActiveIn)
@blp.response(200, UserOut)
def set_active(body: dict[str, bool], user_id: int) -> User:
    return service.set_active(current_user(), user_id, body["active"])
