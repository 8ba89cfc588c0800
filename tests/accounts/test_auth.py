"""Logging in, tokens, throttling, own password, and user administration."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from server.accounts.models import User
from server.extensions import db
from tests.assertions import assert_error
from tests.factories import PASSWORD, make_technician, make_user

Headers = dict[str, str]


def _login(client: FlaskClient, username: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def _bearer(token: str) -> Headers:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def admin(login: Any) -> Headers:
    make_user("admin", "boss")
    return login("boss")


def test_login_returns_a_token_and_the_user(client: FlaskClient) -> None:
    user = make_user("dispatcher", "disp")
    response = _login(client, "disp")
    assert response.status_code == 200, response.json
    assert isinstance(response.json["token"], str)
    assert len(response.json["token"]) >= 32
    assert {k: response.json["user"][k] for k in ("id", "username", "role")} == {
        "id": user.id,
        "username": "disp",
        "role": "dispatcher",
    }
    me = client.get("/api/v1/auth/me", headers=_bearer(response.json["token"]))
    assert me.status_code == 200
    assert me.json["username"] == "disp"
    assert _login(client, "disp").json["token"] != response.json["token"]


@pytest.mark.parametrize(
    ("username", "password"), [("disp", "wrong-password"), ("nobody", PASSWORD)]
)
def test_wrong_credentials(client: FlaskClient, username: str, password: str) -> None:
    make_user("dispatcher", "disp")
    response = _login(client, username, password)
    error = assert_error(response, 401, "invalid_credentials")
    assert "token" not in response.json
    assert "nobody" not in error["message"]


@pytest.mark.parametrize("body", [{}, {"username": "disp"}, {"username": "", "password": "x"}])
def test_login_body_is_validated(client: FlaskClient, body: dict[str, str]) -> None:
    assert_error(client.post("/api/v1/auth/login", json=body), 422, "validation_error")


def test_password_is_stored_as_argon2id(app: Any) -> None:
    user = make_user("agent", "agent")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_deactivated_user_cannot_log_in_and_loses_their_token(
    client: FlaskClient, admin: Headers
) -> None:
    user = make_user("agent", "leaver")
    token = _login(client, "leaver").json["token"]
    assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 200

    response = client.put(f"/api/v1/users/{user.id}/active", json={"active": False}, headers=admin)
    assert response.status_code == 200, response.json
    assert response.json["active"] is False

    for path in ("/api/v1/auth/me", "/api/v1/orders"):
        error = assert_error(client.get(path, headers=_bearer(token)), 401, "invalid_token")
        assert error["message"]
    assert_error(_login(client, "leaver"), 401, "user_inactive")
    assert_error(_login(client, "leaver", "wrong-password"), 401, "invalid_credentials")

    client.put(f"/api/v1/users/{user.id}/active", json={"active": True}, headers=admin)
    assert_error(client.get("/api/v1/auth/me", headers=_bearer(token)), 401, "invalid_token")
    assert _login(client, "leaver").status_code == 200


def test_inactive_user_is_refused_even_with_a_live_token(client: FlaskClient) -> None:
    """The second guard: a token that was not revoked still fails once the user is inactive."""
    user = make_user("agent", "leaver")
    token = _login(client, "leaver").json["token"]
    db.session.get(User, user.id).active = False  # type: ignore[union-attr]
    db.session.commit()
    assert_error(client.get("/api/v1/auth/me", headers=_bearer(token)), 401, "user_inactive")


def test_deactivated_technician_loses_access(client: FlaskClient, admin: Headers) -> None:
    technician = make_technician("leaving_tech")
    token = _login(client, "leaving_tech").json["token"]
    client.put(f"/api/v1/users/{technician.user_id}/active", json={"active": False}, headers=admin)
    assert client.get("/api/v1/orders", headers=_bearer(token)).status_code == 401


def test_a_departed_technician_leaves_the_plan_with_their_account(
    client: FlaskClient, admin: Headers
) -> None:
    """One change deactivates the login and the technician dispatch plans for, and one
    brings both back."""
    technician = make_technician("seasonal_tech")
    url = f"/api/v1/users/{technician.user_id}/active"
    for active in (False, True):
        assert client.put(url, json={"active": active}, headers=admin).status_code == 200
        listed = client.get("/api/v1/technicians", headers=admin).json
        assert {t["id"]: t["active"] for t in listed}[technician.id] is active


def test_admin_cannot_deactivate_themself(client: FlaskClient, admin: Headers) -> None:
    me = client.get("/api/v1/auth/me", headers=admin).json
    response = client.put(f"/api/v1/users/{me['id']}/active", json={"active": False}, headers=admin)
    assert_error(response, 409, "cannot_deactivate_self")
    assert client.get("/api/v1/auth/me", headers=admin).status_code == 200


def test_failed_logins_are_throttled(client: FlaskClient) -> None:
    make_user("agent", "target")
    make_user("agent", "bystander")
    for _ in range(5):
        assert_error(_login(client, "target", "guess-guess"), 401, "invalid_credentials")
    assert_error(_login(client, "target"), 429, "too_many_attempts")
    assert_error(_login(client, "target", "guess-guess"), 429, "too_many_attempts")
    assert _login(client, "bystander").status_code == 200


def test_a_success_below_the_limit_resets_the_count(client: FlaskClient) -> None:
    make_user("agent", "forgetful")
    for _ in range(4):
        assert _login(client, "forgetful", "guess-guess").status_code == 401
    assert _login(client, "forgetful").status_code == 200
    for _ in range(4):
        assert _login(client, "forgetful", "guess-guess").status_code == 401
    assert _login(client, "forgetful").status_code == 200


def test_change_own_password(client: FlaskClient, login: Any) -> None:
    make_user("finance", "cash")
    headers = login("cash")
    response = client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "a-new-secret-9"},
        headers=headers,
    )
    assert response.status_code == 204, response.json
    db.session.rollback()
    assert_error(_login(client, "cash"), 401, "invalid_credentials")
    assert _login(client, "cash", "a-new-secret-9").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_password": "not-it-at-all", "new_password": "a-new-secret-9"}, "current_password"),
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"current_password": PASSWORD}, "new_password"),
    ],
)  # fmt: skip
def test_change_password_refusals(
    client: FlaskClient, login: Any, body: dict[str, str], field: str
) -> None:
    make_user("finance", "cash")
    response = client.post("/api/v1/auth/password", json=body, headers=login("cash"))
    assert_error(response, 422, "validation_error", field)
    db.session.rollback()
    assert _login(client, "cash").status_code == 200


def test_admin_creates_users(client: FlaskClient, admin: Headers) -> None:
    body = {"username": "new.agent", "role": "agent", "password": "welcome-123"}
    response = client.post("/api/v1/users", json=body, headers=admin)
    assert response.status_code == 201, response.json
    assert {k: response.json[k] for k in ("username", "role", "active")} == {
        "username": "new.agent",
        "role": "agent",
        "active": True,
    }
    assert "password" not in response.json
    assert "password_hash" not in response.json
    db.session.rollback()
    assert _login(client, "new.agent", "welcome-123").status_code == 200
    listed = client.get("/api/v1/users", headers=admin).json
    assert sorted(u["username"] for u in listed) == ["boss", "new.agent"]

    duplicate = client.post("/api/v1/users", json=body, headers=admin)
    assert_error(duplicate, 409, "username_taken", "username")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"role": "superuser"}, "role"),
        ({"password": "short"}, "password"),
        ({"username": "has space"}, "username"),
        ({"username": None}, "username"),
    ],
)
def test_create_user_refusals(
    client: FlaskClient, admin: Headers, change: dict[str, Any], field: str
) -> None:
    body = {"username": "someone", "role": "agent", "password": "welcome-123", **change}
    body = {k: v for k, v in body.items() if v is not None}
    assert_error(
        client.post("/api/v1/users", json=body, headers=admin), 422, "validation_error", field
    )
    db.session.rollback()
    assert [u["username"] for u in client.get("/api/v1/users", headers=admin).json] == ["boss"]


@pytest.mark.parametrize("role", ["dispatcher", "agent", "finance", "technician"])
def test_only_admins_manage_users(client: FlaskClient, login: Any, role: str) -> None:
    target = make_user("agent", "target")
    make_user(role, "someone")
    headers = login("someone")
    body = {"username": "sneaky", "role": "admin", "password": "welcome-123"}
    assert_error(client.post("/api/v1/users", json=body, headers=headers), 403, "forbidden")
    assert_error(client.get("/api/v1/users", headers=headers), 403, "forbidden")
    response = client.put(
        f"/api/v1/users/{target.id}/active", json={"active": False}, headers=headers
    )
    assert_error(response, 403, "forbidden")
    assert_error(_login(client, "sneaky", "welcome-123"), 401, "invalid_credentials")
    assert _login(client, "target").status_code == 200


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "missing_token"),
        ("", "missing_token"),
        ("Bearer", "missing_token"),
        ("Basic Ym9zczpwYXNzd29yZDEyMw==", "missing_token"),
        ("Bearer not-a-real-token", "invalid_token"),
    ],
)
def test_missing_or_garbage_bearer(client: FlaskClient, header: str | None, code: str) -> None:
    make_user("admin", "boss")
    headers = {} if header is None else {"Authorization": header}
    for path in ("/api/v1/auth/me", "/api/v1/orders", "/api/v1/users"):
        assert_error(client.get(path, headers=headers), 401, code)


def test_logout_revokes_the_token(client: FlaskClient, login: Any) -> None:
    make_user("dispatcher", "disp")
    headers, other = login("disp"), login("disp")
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    db.session.rollback()
    assert_error(client.get("/api/v1/auth/me", headers=headers), 401, "invalid_token")
    assert client.get("/api/v1/auth/me", headers=other).status_code == 200


def test_user_changes_are_audited(client: FlaskClient, admin: Headers) -> None:
    admin_id = client.get("/api/v1/auth/me", headers=admin).json["id"]
    body = {"username": "temp", "role": "finance", "password": "welcome-123"}
    user_id = client.post("/api/v1/users", json=body, headers=admin).json["id"]
    client.put(f"/api/v1/users/{user_id}/active", json={"active": False}, headers=admin)
    response = client.get(f"/api/v1/audit?entity_type=user&entity_id={user_id}", headers=admin)
    assert response.status_code == 200
    entries = [(e["action"], e["actor_id"]) for e in response.json]
    assert entries == [("deactivated", admin_id), ("created", admin_id)]
    assert response.json[1]["changes"] == {"username": "temp", "role": "finance"}


def test_audit_is_for_admins_only(client: FlaskClient, login: Any) -> None:
    make_user("dispatcher", "disp")
    assert_error(client.get("/api/v1/audit", headers=login("disp")), 403, "forbidden")


def test_an_admin_resets_a_lost_password(client: FlaskClient, admin: Headers) -> None:
    """The old password and every session end; the new one signs in; it is audited."""
    user = make_user("technician", "forgetful")
    token = _login(client, "forgetful").json["token"]
    url = f"/api/v1/users/{user.id}/password"
    assert_error(
        client.put(url, json={"password": "short"}, headers=admin), 422, "validation_error"
    )
    assert client.put(url, json={"password": "a-new-secret-1"}, headers=admin).status_code == 200
    assert client.get("/api/v1/auth/me", headers=_bearer(token)).status_code == 401
    assert _login(client, "forgetful").status_code == 401
    assert (
        client.post(
            "/api/v1/auth/login", json={"username": "forgetful", "password": "a-new-secret-1"}
        ).status_code
        == 200
    )
    audit = client.get(f"/api/v1/audit?entity_type=user&entity_id={user.id}", headers=admin).json
    assert "password_reset" in {entry["action"] for entry in audit}


def test_only_an_admin_resets_passwords(client: FlaskClient, admin: Headers, login: Any) -> None:
    make_user("dispatcher", "disp9")
    victim = make_user("technician", "victim9")
    url = f"/api/v1/users/{victim.id}/password"
    response = client.put(url, json={"password": "taken-over-1"}, headers=login("disp9"))
    assert_error(response, 403, "forbidden")


def test_a_reset_password_works_after_a_lockout(client: FlaskClient, admin: Headers) -> None:
    """Locked out by failed attempts, the user asks for a new password: it signs in."""
    user = make_user("technician", "locked_out")
    for _ in range(6):
        _login(client, "locked_out", "wrong-guess")
    assert_error(_login(client, "locked_out"), 429, "too_many_attempts")
    url = f"/api/v1/users/{user.id}/password"
    assert client.put(url, json={"password": "fresh-start-1"}, headers=admin).status_code == 200
    assert _login(client, "locked_out", "fresh-start-1").status_code == 200
