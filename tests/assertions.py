"""Assertions shared by the route tests: the one error format of house-style.md."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse


def assert_error(
    response: TestResponse, status: int, code: str, field: str | None = None
) -> dict[str, Any]:
    """Check the status and the whole error body; return the body's ``error`` object.

    ``field``, when given, must be named in ``details``.
    """
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) == {"status", "code", "message", "details"}, error
    assert error["status"] == status
    assert error["code"] == code, error
    assert isinstance(error["message"], str), error
    assert error["message"], error
    if field is not None:
        assert field in error["details"], error
        assert error["details"][field], error
    return error
