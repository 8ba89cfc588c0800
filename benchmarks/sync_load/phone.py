"""One real phone (the app in headless Chromium) flushing a large offline outbox."""

from __future__ import annotations

import time
from typing import Any

from benchmarks.sync_load import CHROMIUM, OUTBOX, PASSWORD

OUTBOX_SCRIPT = """async ([orderId, count]) => {
  const sync = await import('/app/js/sync.js');
  for (let i = 0; i < count; i += 1) {
    await sync.record(i % 2 ? 'note.add' : 'part.use', orderId,
      i % 2 ? {text: `note ${i}`, base_version: 0} : {part_code: 'VALVE-50', quantity: 1});
  }
  const {openDB} = await import('/static/vendor/idb/index.js');
  return (await openDB('fieldops-tech')).count('outbox');
}"""


def phone_flush(base: str, username: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(base + "/app/")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-order]")
        order_id = int(page.get_attribute("[data-order]", "data-order") or 0)
        context.set_offline(True)
        queued = page.evaluate(OUTBOX_SCRIPT, [order_id, OUTBOX])
        started = time.perf_counter()
        context.set_offline(False)
        page.evaluate("import('/app/js/sync.js').then(s => s.flush())")
        deadline = time.monotonic() + 300
        while (
            page.get_attribute("[data-pending]", "data-pending") != "0"
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        left = page.get_attribute("[data-pending]", "data-pending")
        browser.close()
    return {"queued": queued, "seconds": elapsed, "left": int(left or -1)}
