"""The OpenAPI description is valid and browsable without any CDN."""

from __future__ import annotations

from flask.testing import FlaskClient
from openapi_spec_validator import validate


def test_openapi_json_is_valid(client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json
    validate(spec)
    assert "/api/v1/orders" in spec["paths"]
    assert "/api/v1/auth/login" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_docs_page_uses_vendored_assets(client: FlaskClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "//cdn" not in html
    assert "unpkg" not in html
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    bundle.close()


def test_operation_summaries_are_plain_text(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    summaries = [
        f"{path} {method}: {op.get('summary', '')}"
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict)
    ]
    assert [s for s in summaries if "`" in s] == []  # Swagger UI shows summaries verbatim
    descriptions = [
        op.get("description", "")
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
    ]
    assert [d for d in descriptions if "``" in d] == []  # Markdown there, not RST
