"""The front door and the browsable API description in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_front_door_links_to_the_docs(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Field-service dispatch")).to_be_visible()
    screenshot(page, "front-door")
    page.get_by_text("API documentation").click()
    expect(page).to_have_url(live_server + "/api/docs")


def test_api_docs_render_and_try_login(page: Page, live_server: str) -> None:
    page.goto(live_server + "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Field-service dispatch API")
    login = page.locator(".opblock-summary-path", has_text="/api/v1/auth/login").first
    expect(login).to_be_visible()
    screenshot(page, "api-docs")
    response = page.request.post(
        live_server + "/api/v1/auth/login", data={"username": "dispatcher", "password": "demo1234"}
    )
    assert response.status == 200
    token = response.json()["token"]
    orders = page.request.get(
        live_server + "/api/v1/orders?status=assigned&per_page=5",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert orders.status == 200
    assert orders.json()["total"] > 0
