"""Configuration read from the environment, and the test variant."""

from __future__ import annotations

import math
import os
from pathlib import Path

from routing.problem import LATENESS_WEIGHT_DENOMINATOR

ROOT = Path(__file__).resolve().parent.parent


def _default_db() -> str:
    return f"sqlite:///{ROOT / 'instance' / 'fieldops.sqlite3'}"


def normalise_db_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgres://`` and ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


MAX_LATENESS_WEIGHT = 4


def lateness_weight_error(weight: float) -> str | None:
    """What is wrong with a lateness weight, or ``None``: a multiple of 1/64 from 0 to 4.

    The optimiser resolves weights to 1/64; accepting only those keeps the weight a plan
    stores the weight it was solved with.
    """
    if not 0 <= weight <= MAX_LATENESS_WEIGHT:
        return f"must be from 0 to {MAX_LATENESS_WEIGHT}"
    if (weight * LATENESS_WEIGHT_DENOMINATOR) % 1:
        return f"must be a multiple of 1/{LATENESS_WEIGHT_DENOMINATOR} (0.015625), such as 0.25"
    return None


def lateness_weight_from(text: str, name: str = "DISPATCH_LATENESS_WEIGHT") -> float:
    """A lateness weight from the environment, or an error naming the variable."""
    try:
        weight = float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r}: not a number") from None
    problem = "not a number" if math.isnan(weight) else lateness_weight_error(weight)
    if problem:
        raise ValueError(f"{name}={text!r}: {problem}")
    return weight


class Config:
    """Settings for a running system; every value can come from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = normalise_db_url(os.environ.get("DATABASE_URL", _default_db()))
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "")
    TIMEZONE = os.environ.get("TIMEZONE", "Asia/Shanghai")
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(1 * 1024 * 1024)))
    TOKEN_TTL_HOURS = int(os.environ.get("TOKEN_TTL_HOURS", "720"))
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_WINDOW_MINUTES = int(os.environ.get("LOGIN_WINDOW_MINUTES", "15"))
    ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", "3"))
    ARGON2_MEMORY_KIB = int(os.environ.get("ARGON2_MEMORY_KIB", "65536"))
    FIXTURES_DIR = Path(os.environ.get("FIXTURES_DIR", str(ROOT / "fixtures")))
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
    BLOB_DIR = os.environ.get("BLOB_DIR", "")  # photos and signatures; default instance/blobs
    TECHAPP_DIR = os.environ.get("TECHAPP_DIR", "")  # the technician app; default pwa/app
    DISPATCH_AUTO_REPLAN = os.environ.get("DISPATCH_AUTO_REPLAN", "1") == "1"
    # Seconds of driving one rate-weighted second late is worth (routing.Problem.lateness_weight).
    DISPATCH_LATENESS_WEIGHT = lateness_weight_from(os.environ.get("DISPATCH_LATENESS_WEIGHT", "1"))

    API_TITLE = "Field-service dispatch API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/static/vendor/swagger-ui/"


class TestConfig(Config):
    """A throw-away configuration: the test fixtures set the database URL."""

    TESTING = True
    SECRET_KEY = "test-only-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    LOGIN_MAX_FAILURES = 5
    ARGON2_TIME_COST = 1
    DISPATCH_AUTO_REPLAN = False
    ARGON2_MEMORY_KIB = 1024
