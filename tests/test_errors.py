"""Every /api answer that is not 2xx has the one error format; every endpoint needs a login."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient

from tests.assertions import assert_error
from tests.factories import make_technician

OPEN = {("POST", "/api/v1/auth/login")}
FIELD = {  # what a technician may call at all; ownership is checked per area
    ("POST", "/api/v1/auth/logout"),
    ("GET", "/api/v1/auth/me"),
    ("GET", "/api/v1/auth/settings"),
    ("POST", "/api/v1/auth/password"),
    ("GET", "/api/v1/orders"),
    ("GET", "/api/v1/orders/1"),
    ("POST", "/api/v1/orders/1/transitions"),
    ("GET", "/api/v1/parts"),
    ("GET", "/api/v1/finance/reconciliation"),
    ("GET", "/api/v1/finance/entries"),
    ("GET", "/api/v1/finance/handovers"),
    ("GET", "/api/v1/finance/cash-held"),
    ("POST", "/api/v1/sync/push"),
    ("GET", "/api/v1/sync/pull"),
    ("GET", "/api/v1/blobs/123e4567-e89b-12d3-a456-426614174000"),
    ("PUT", "/api/v1/blobs/123e4567-e89b-12d3-a456-426614174000"),
}


def _api_endpoints(app: Flask) -> Iterator[tuple[str, str]]:
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        url = re.sub(r"<uuid:[^>]+>", "123e4567-e89b-12d3-a456-426614174000", rule.rule)
        url = re.sub(r"<isodate:[^>]+>", "2026-01-05", url)
        url = re.sub(r"<int:[^>]+>", "1", url)
        url = re.sub(r"<[^>]+>", "water_leak", url)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield method, url


def test_every_api_endpoint_but_login_needs_a_token(app: Flask, client: FlaskClient) -> None:
    checked = 0
    for method, url in _api_endpoints(app):
        if (method, url) in OPEN:
            continue
        assert_error(client.open(url, method=method, json={}), 401, "missing_token")
        checked += 1
    assert checked > 50


def test_technicians_are_refused_everything_but_the_field_endpoints(
    app: Flask, client: FlaskClient, login: Callable[..., dict[str, str]]
) -> None:
    make_technician("fieldtech")
    headers = login("fieldtech")
    refused = [
        (method, url) for method, url in _api_endpoints(app) if (method, url) not in OPEN | FIELD
    ]
    for method, url in refused:
        assert_error(client.open(url, method=method, json={}, headers=headers), 403, "forbidden")
    assert len(refused) > 40


def test_unknown_api_path_is_404_in_the_error_format(client: FlaskClient) -> None:
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_wrong_method_is_405_in_the_error_format(client: FlaskClient) -> None:
    assert_error(client.delete("/api/v1/orders"), 405, "method_not_allowed")


def test_malformed_json_is_400_in_the_error_format(client: FlaskClient) -> None:
    response = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    error = assert_error(response, 400, "bad_request", field="json")
    assert error["message"] == "The body is not valid JSON."


@pytest.fixture
def raising_app(app: Flask) -> Flask:
    """The app with two extra API routes that fail the way a library or a bug would."""

    def unsupported() -> None:
        abort(415)

    def broken() -> None:
        raise RuntimeError("secret internals")

    app.add_url_rule("/api/v1/test-415", "test_415", unsupported, methods=["POST"])
    app.add_url_rule("/api/v1/test-500", "test_500", broken)
    return app


def test_415_from_inside_a_view_is_in_the_error_format(raising_app: Flask) -> None:
    response = raising_app.test_client().post("/api/v1/test-415", json={"x": 1})
    assert_error(response, 415, "unsupported_media_type")


def test_a_body_that_is_not_json_is_415_naming_the_header(client: FlaskClient) -> None:
    form = {"username": "someone", "password": "secret"}
    response = client.post("/api/v1/auth/login", data=form)
    error = assert_error(response, 415, "unsupported_media_type", field="Content-Type")
    assert "application/x-www-form-urlencoded" in str(error["details"])
    plain = client.post("/api/v1/auth/login", data='{"username": "x"}', content_type="text/plain")
    assert_error(plain, 415, "unsupported_media_type")


def test_unexpected_error_is_500_without_internals(raising_app: Flask) -> None:
    raising_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = raising_app.test_client().get("/api/v1/test-500")
    error = assert_error(response, 500, "internal_error")
    assert "secret internals" not in response.get_data(as_text=True)
    assert "request" in error["message"]
