"""A new deploy of the app shell replaces the service worker's cache after "reload"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import ROOT, _free_port, _wait_for, screenshot
from tests.browser.techapp import api, open_app, phone_context, poll

pytestmark = pytest.mark.browser


class Deployment:
    """A server whose app shell lives in a copy we can change, restarted on the same port."""

    def __init__(self, folder: Path) -> None:
        self.shell = folder / "app"
        shutil.copytree(ROOT / "pwa" / "app", self.shell)
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'deploy.sqlite3'}",
            "SECRET_KEY": "deploy-test-secret",
            "ARGON2_MEMORY_KIB": "1024",
            "ARGON2_TIME_COST": "1",
            "TECHAPP_DIR": str(self.shell),
        }
        flask = Path(sys.executable).parent / "flask"
        for command in (["db", "upgrade"], ["load-demo"]):
            subprocess.run(
                [flask, "--app", "server", *command],
                env=self.env,
                check=True,
                cwd=ROOT,
                capture_output=True,
            )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [gunicorn, "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "server:create_app()"],
            env=self.env,
            cwd=ROOT,
        )
        _wait_for(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    deploy = Deployment(tmp_path)
    deploy.start()
    yield deploy
    deploy.stop()


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
    assert page.evaluate(CACHES) == sorted([f"techapp-shell-{first}", f"techapp-shell-{second}"])
    banner.get_by_role("button", name="Reload").click()
    poll(page, f"{CACHES}.then(k => k.length === 1 && k[0] === 'techapp-shell-{second}')")
    expect(page.get_by_role("heading", name="Today's jobs")).to_be_visible()
    css = page.evaluate("caches.match('/app/app.css').then(r => r.text())")
    assert "border-bottom: 4px solid #f0a020" in css
    context.close()
