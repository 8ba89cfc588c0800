"""The plain pages: the front door, the consoles' shells and the icon."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


def test_the_front_door_links_every_console(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    for path in ("/dispatch/", "/app/", "/desk/", "/finance/", "/reports/", "/api/docs"):
        assert f'href="{path}"' in page


@pytest.mark.parametrize("console", ["dispatch", "desk", "finance", "reports"])
def test_a_console_page_is_served(client: FlaskClient, console: str) -> None:
    with client.get(f"/{console}/") as response:  # a file response: closed when read
        assert response.status_code == 200
        assert f"/static/{console}/" in response.get_data(as_text=True)


def test_every_page_has_an_icon(client: FlaskClient) -> None:
    with client.get("/favicon.ico") as response:
        assert (response.status_code, response.mimetype) == (200, "image/png")
        assert response.data.startswith(b"\x89PNG")
