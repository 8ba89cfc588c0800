"""The plain pages: the front door, the consoles' shells and the icon."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient


def test_the_front_door_links_every_console(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    paths = ("/dispatch/", "/app/", "/desk/", "/finance/", "/reports/", "/admin/", "/api/docs")
    for path in paths:
        assert f'href="{path}"' in page


@pytest.mark.parametrize("console", ["dispatch", "desk", "finance", "reports", "admin"])
def test_a_console_page_is_served(client: FlaskClient, console: str) -> None:
    with client.get(f"/{console}/") as response:  # a file response: closed when read
        assert response.status_code == 200
        assert f"/static/{console}/" in response.get_data(as_text=True)


def test_the_demo_banner_prints_the_admin_console(app: Flask) -> None:
    banner = app.test_cli_runner().invoke(args=["demo-banner", "--url", "http://demo"])
    assert banner.exit_code == 0, banner.output
    lines = [line.split() for line in banner.output.splitlines()]
    assert ["http://demo/admin/", "Administration", "(log", "in", "as", "admin)"] in lines


def test_every_page_has_an_icon(client: FlaskClient) -> None:
    with client.get("/favicon.ico") as response:
        assert (response.status_code, response.mimetype) == (200, "image/png")
        assert response.data.startswith(b"\x89PNG")
