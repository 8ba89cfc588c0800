"""Accounts: passwords, login with throttling, bearer tokens, user administration."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import delete, func, select, update

from server.accounts.models import ROLES, ApiToken, LoginFailure, User
from server.audit import service as audit
from server.errors import Conflict, NotFound, TooManyRequests, Unauthorized, ValidationFailed
from server.extensions import db
from server.technicians.models import Technician
from server.technicians.signals import send_leaving_plan
from server.timeutil import utcnow


def _hasher() -> PasswordHasher:
    """Argon2id with the configured cost (tests use a cheap one)."""
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"], memory_cost=config["ARGON2_MEMORY_KIB"]
    )


MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _password_matches(user: User, password: str) -> bool:
    try:
        return _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_throttle(username: str) -> None:
    window = utcnow() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    failures = db.session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.username == username, LoginFailure.at >= window)
    )
    if (failures or 0) >= current_app.config["LOGIN_MAX_FAILURES"]:
        raise TooManyRequests("Too many failed logins; try again later.", code="too_many_attempts")


def login(username: str, password: str, remote_addr: str = "") -> tuple[str, User]:
    """Check the credentials and issue a bearer token; failures are counted."""
    _check_throttle(username)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None or not _password_matches(user, password):
        db.session.add(LoginFailure(username=username, remote_addr=remote_addr[:64]))
        db.session.commit()
        raise Unauthorized("Wrong username or password.", code="invalid_credentials")
    if not user.active:
        raise Unauthorized("This account has been deactivated.", code="user_inactive")
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    token = secrets.token_urlsafe(32)
    ttl = timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])
    db.session.add(ApiToken(user=user, token_hash=_token_digest(token), expires_at=utcnow() + ttl))
    db.session.commit()
    return token, user


def user_for_token(token: str) -> User:
    """The active user a bearer token belongs to; deactivation takes effect at once."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_digest(token)))
    if row is None or row.revoked or row.expires_at <= utcnow():
        raise Unauthorized("Log in again: the token is unknown or expired.", code="invalid_token")
    if not row.user.active:
        raise Unauthorized("This account has been deactivated.", code="user_inactive")
    return row.user


def logout(token: str) -> None:
    db.session.execute(
        update(ApiToken).where(ApiToken.token_hash == _token_digest(token)).values(revoked=True)
    )
    db.session.commit()


def _validate_password(password: str, field: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            "The password is too short.",
            details={field: [f"Use at least {MIN_PASSWORD_LENGTH} characters."]},
        )


def change_password(user: User, current: str, new: str) -> None:
    if not _password_matches(user, current):
        raise ValidationFailed(
            "The current password is wrong.",
            details={"current_password": ["Does not match."]},
        )
    _validate_password(new, "new_password")
    user.password_hash = hash_password(new)
    audit.record(user, "user", user.id, "password_changed", {})
    db.session.commit()


def reset_password(actor: User, user_id: int, password: str) -> User:
    """An admin sets a new password for someone who lost theirs: every session of theirs
    ends, and they sign in with the new one (their failed attempts, which may have locked
    them out, are forgotten)."""
    user = get_user(user_id)
    _validate_password(password, "password")
    user.password_hash = hash_password(password)
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(revoked=True))
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
    audit.record(actor, "user", user.id, "password_reset", {})
    db.session.commit()
    return user


def add_user(
    actor: User | None, username: str, role: str, password: str, full_name: str = ""
) -> User:
    """Create a user (flushes only); ``create_user`` is the committing wrapper."""
    if role not in ROLES:
        raise ValidationFailed("Unknown role.", details={"role": [f"Must be one of {ROLES}."]})
    _validate_password(password, "password")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(
            "That username is taken.",
            code="username_taken",
            details={"username": ["Already exists."]},
        )
    user = User(
        username=username, role=role, full_name=full_name, password_hash=hash_password(password)
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user", user.id, "created", {"username": username, "role": role})
    return user


def create_user(
    actor: User | None, username: str, role: str, password: str, full_name: str = ""
) -> User:
    user = add_user(actor, username, role, password, full_name)
    db.session.commit()
    return user


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Activate or deactivate; deactivation also revokes every token of the user, and a
    technician's account takes their place on the dispatch plan with it (one change)."""
    user = get_user(user_id)
    if user.id == actor.id and not active:
        raise Conflict("You cannot deactivate yourself.", code="cannot_deactivate_self")
    user.active = active
    if not active:
        db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(revoked=True))
    audit.record(actor, "user", user.id, "activated" if active else "deactivated", {})
    _set_technician_active(actor, user, active)
    db.session.commit()
    return user


def _set_technician_active(actor: User, user: User, active: bool) -> None:
    technician = db.session.scalar(select(Technician).where(Technician.user_id == user.id))
    if technician is None or technician.active == active:
        return
    technician.active = active
    diff = {"active": [str(not active), str(active)]}
    audit.record(actor, "technician", technician.id, "updated", diff)
    if not active:
        send_leaving_plan(technician, actor)
