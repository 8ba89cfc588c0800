"""A new deploy of the app shell replaces the service worker's cache after "reload"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import screenshot
from tests.browser.techapp import Deployment, api, open_app, phone_context, poll, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    yield from serve(tmp_path)


CACHES = "caches.keys().then(keys => keys.filter(k => k.startsWith('techapp-shell-')))"


def test_new_deploy_replaces_the_cache(browser: Browser, deployment: Deployment) -> None:
    first = api(deployment.url, "/app/version")["version"]
    context = phone_context(browser)
    page = context.new_page()
    open_app(page, deployment.url, "tech05")
    assert page.evaluate(CACHES) == [f"techapp-shell-{first}"]

    with (deployment.shell / "app.css").open("a") as css:
        css.write("\n.bar { border-bottom: 4px solid #f0a020; }\n")
    deployment.stop()
    deployment.start()
    second = api(deployment.url, "/app/version")["version"]
    assert second != first

    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    banner = page.locator("#update")
    expect(banner).to_be_visible(timeout=15000)
    screenshot(page, "app-new-version")
    # caches.keys() lists in creation order, and the two hashes may sort either way.
    assert sorted(page.evaluate(CACHES)) == sorted(
        [f"techapp-shell-{first}", f"techapp-shell-{second}"]
    )
    banner.get_by_role("button", name="Reload").click()
    poll(page, f"{CACHES}.then(k => k.length === 1 && k[0] === 'techapp-shell-{second}')")
    expect(page.get_by_role("heading", name="Today's jobs")).to_be_visible()
    css = poll(page, "caches.match('/app/app.css').then(r => r && r.text())")
    assert "border-bottom: 4px solid #f0a020" in css
    context.close()
