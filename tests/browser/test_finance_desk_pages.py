"""The finance, service-desk and reports pages in real Chromium against the demo day."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the demo's operator zone


def _token(page: Page, live_server: str, username: str = "finance") -> str:
    """A bearer token of one of the demo's users (the finance clerk by default)."""
    login = {"username": username, "password": "demo1234"}
    return str(page.request.post(live_server + "/api/v1/auth/login", data=login).json()["token"])


def _demo_money_day(page: Page, live_server: str) -> str:
    """The day the demo's money fell on: today, or in the small hours (the demo plays the
    hours before now) yesterday: the day of its reversal and its order-less collection."""
    headers = {"Authorization": f"Bearer {_token(page, live_server)}"}
    today = datetime.now(SHANGHAI).date()
    for day in (today, today - timedelta(days=1)):
        url = f"{live_server}/api/v1/finance/entries?date={day.isoformat()}"
        if any(
            e["entry_type"] == "reversal"
            for e in page.request.get(url, headers=headers).json()["items"]
        ):
            return day.isoformat()
    raise AssertionError("the demo recorded no money today or yesterday")


def test_finance_reconciliation_and_handover(page: Page, live_server: str) -> None:
    sign_in(page, live_server + "/finance/", "finance")
    expect(page.locator("#day")).not_to_have_value("")
    page.locator("#day").fill(_demo_money_day(page, live_server))
    page.locator("#day").dispatch_event("change")
    rows = page.locator("#recon tbody tr[data-tech]")
    expect(rows.first).to_be_visible()
    expect(page.locator("#recon td.diff-bad").first).to_be_visible()
    expect(page.locator("#anomalies")).to_contain_text("no order")
    expect(page.locator("#entries")).to_contain_text("Reversal of")
    screenshot(page, "finance-reconciliation")
    total_before = page.locator("#total-collected").inner_text()
    rows.first.click()
    expect(page.locator("#entries-label")).not_to_have_text("(all technicians)")
    page.get_by_label("Amount (CNY)").fill("12.34")
    page.get_by_role("button", name="Record handover").click()
    expect(page.locator("#flash")).to_have_text("Handover recorded.")
    assert page.locator("#total-collected").inner_text() == total_before
    with page.expect_download() as download:
        page.get_by_role("button", name="Export XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "finance-after-handover")


def test_a_handover_is_entered_on_the_operators_clock(browser: Browser, live_server: str) -> None:
    """A clerk whose browser runs on another zone's clock still sees and types the times
    the consoles show everywhere else: the operator's (Asia/Shanghai in the demo)."""
    context = browser.new_context(
        timezone_id="America/New_York", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    try:
        sign_in(page, live_server + "/finance/", "finance")
        field = page.get_by_label("Received at")
        expect(field).not_to_have_value("")
        shown = datetime.fromisoformat(field.input_value()).replace(tzinfo=SHANGHAI)
        assert abs(shown - datetime.now(UTC)) < timedelta(minutes=2)
        earlier = (shown - timedelta(minutes=90)).replace(second=0, microsecond=0)
        field.fill(earlier.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Amount (CNY)").fill("3.21")
        page.get_by_label("Note").fill("zone check")
        page.get_by_role("button", name="Record handover").click()
        expect(page.locator("#flash")).to_have_text("Handover recorded.")
        recorded = _handover_noted(page, live_server, "zone check", earlier.date().isoformat())
        assert datetime.fromisoformat(recorded["received_at"]) == earlier
        again = datetime.fromisoformat(field.input_value()).replace(tzinfo=SHANGHAI)
        assert abs(again - datetime.now(UTC)) < timedelta(minutes=2)  # ready for the next one
    finally:
        context.close()


#: (zone, what the clerk types, the instant it means, how the field shows that instant):
#: plain times, times the clocks skipped and times they passed twice.
WALL_CLOCK_CASES = [
    ("Asia/Shanghai", "2026-12-04T09:30", "2026-12-04T01:30:00.000Z", "2026-12-04T09:30"),
    ("Asia/Kolkata", "2026-12-04T00:00", "2026-12-03T18:30:00.000Z", "2026-12-04T00:00"),
    ("Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:30:00.000Z", "2026-03-29T03:30"),
    ("America/New_York", "2026-03-08T02:30", "2026-03-08T07:30:00.000Z", "2026-03-08T03:30"),
    ("Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30:00.000Z", "2026-10-25T02:30"),
    ("America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000Z", "2026-11-01T01:30"),
]


def test_wall_clock_times_are_read_in_the_operators_zone(page: Page, live_server: str) -> None:
    """The consoles' reading of a typed time, in a browser on UTC, across clock changes."""
    page.goto(live_server + "/api/v1/auth/settings")  # a page of the origin, no login gate
    read = page.evaluate(
        """async (cases) => {
            const format = await import("/static/shared/format.js");
            return cases.map(([zone, typed]) => {
                format.setZone(zone);
                const instant = format.fromWallClock(typed);
                return [zone, typed, instant, format.wallClockInput(Date.parse(instant))];
            });
        }""",
        [[zone, typed] for zone, typed, _, _ in WALL_CLOCK_CASES],
    )
    assert [tuple(case) for case in read] == WALL_CLOCK_CASES


def _handover_noted(page: Page, live_server: str, note: str, day: str) -> dict[str, str]:
    """The handover of ``day`` (operator's zone) with ``note``, as the API lists it."""
    headers = {"Authorization": f"Bearer {_token(page, live_server)}"}
    url = f"{live_server}/api/v1/finance/handovers?date={day}"
    (found,) = [
        h for h in page.request.get(url, headers=headers).json()["items"] if h["note"] == note
    ]
    return found


#: How the queue says the time to a callback's deadline: never as a clock ("8:47").
COUNTDOWN = re.compile(r"^(\d+ d \d+ h|\d+ h \d+ min|(\d+ min )?\d+ s) (left|overdue)$")
SCORE_MISSING = "Score: Give the customer's 1-5 score."


def test_desk_callback_and_complaints(page: Page, live_server: str) -> None:
    sign_in(page, live_server + "/desk/", "agent")
    queue = page.locator("#queue tbody tr")
    # the demo's earliest completion has waited over an hour: said in hours and minutes
    countdowns = queue.locator(".countdown")
    expect(countdowns.first).to_have_text(re.compile(r"^\d+ h \d+ min overdue$"))
    for text in countdowns.all_inner_texts():
        assert COUNTDOWN.match(text), text
    expect(page.locator("#complaints details")).to_have_count(3)
    expect(page.locator("#complaints")).to_contain_text("major")
    expect(page.locator("#sms tbody")).to_contain_text("recorded")
    screenshot(page, "desk-queue")
    count = queue.count()
    assert count >= 3
    first, second, last = queue.nth(0), queue.nth(1), queue.nth(count - 1)
    second_order = second.locator(".outcome").get_attribute("data-order")
    last_order = last.locator(".outcome").get_attribute("data-order")
    second.get_by_label("Score").select_option("3")  # chosen, not recorded yet
    last.get_by_role("button", name="Satisfied").click()
    # the problem is told in the row acted on, beside its score, not under the whole table
    expect(last.locator(".error")).to_have_text(SCORE_MISSING)
    expect(last.locator(".error")).to_be_in_viewport()
    expect(last.get_by_label("Score")).to_be_focused()
    expect(last.get_by_label("Score")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#queue .error:not(:empty)")).to_have_count(1)
    screenshot(page, "desk-callback-no-score")
    first.get_by_label("Score").select_option("5")
    first.get_by_role("button", name="Satisfied").click()
    expect(queue).to_have_count(count - 1)
    # the queue drawn again keeps what the agent chose and was told in the other rows
    expect(page.locator(f'.outcome[data-order="{second_order}"] select')).to_have_value("3")
    expect(page.locator(f'.outcome[data-order="{last_order}"] .error')).to_have_text(SCORE_MISSING)
    page.locator("#complaints summary").first.click()
    page.get_by_role("button", name="Close with this record").first.click()
    expect(page.locator("#complaints form.close .error").first).to_contain_text(
        "Missing: cause, course of events, responsible party, conclusion, countermeasures, "
        "reply to the customer."
    )  # by the form's labels, not the API's field names
    screenshot(page, "desk-complaint-open")


def _queue_item(order_id: int, due_at: datetime) -> dict[str, object]:
    return {
        "order_id": order_id, "number": f"WO-209901-{order_id:04d}", "kind": "water_leak",
        "version": 1, "customer_name": "Test customer", "customer_phone": "+86 100",
        "technician_name": "Test technician", "completed_at": due_at.isoformat(),
        "due_at": due_at.isoformat(), "attempts": [],
    }  # fmt: skip


def test_desk_countdowns_say_the_time_left_or_overdue(page: Page, live_server: str) -> None:
    """Under an hour a countdown is minutes and seconds *left*, never a clock time."""
    now = datetime.now(UTC)
    offsets = [527, 7290, -45, -3700, -(2 * 86400 + 3 * 3600 + 300)]
    queue = {
        "now": now.isoformat(),
        "items": [_queue_item(i + 1, now + timedelta(seconds=s)) for i, s in enumerate(offsets)],
    }

    def fake(route: Route) -> None:
        if route.request.method != "GET":
            route.continue_()
        else:
            route.fulfill(json=queue)

    page.route(re.compile(r"/api/v1/desk/callbacks$"), fake)
    sign_in(page, live_server + "/desk/", "agent")
    countdowns = page.locator("#queue .countdown")
    expected = [
        r"^8 min [34]\d s left$",
        r"^2 h [01] min left$",
        r"^[45]\d s overdue$",
        r"^1 h 1 min overdue$",
        r"^2 d 3 h overdue$",
    ]
    expect(countdowns).to_have_text([re.compile(e) for e in expected])
    expect(countdowns.nth(0)).not_to_have_class(re.compile("late"))
    expect(countdowns.nth(2)).to_have_class(re.compile("late"))


def test_desk_new_complaint_form(page: Page, live_server: str) -> None:
    """Customers and orders found on the server as the agent types, none chosen at first; a
    chosen order fills in its customer; problems named by the form's labels, at the field."""
    headers = {"Authorization": f"Bearer {_token(page, live_server, 'agent')}"}

    def get(path: str) -> Any:
        return page.request.get(live_server + path, headers=headers).json()

    every = get("/api/v1/customers?per_page=200")
    digits = [c["phone"].replace(" ", "") for c in every["items"]]
    unique = [c for c, d in zip(every["items"], digits, strict=True) if d and digits.count(d) == 1]
    own, order = next(
        (c, found[0])
        for c in unique
        if (found := get(f"/api/v1/orders?customer_id={c['id']}&per_page=1")["items"])
    )
    other = next(c for c in every["items"] if c["name"] != own["name"])
    typed = own["phone"].replace(" ", "")  # the caller's number, typed as they say it
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/customers?" in r.url else None)
    page.on("dialog", lambda d: d.accept())  # "Complaint #… taken"
    sign_in(page, live_server + "/desk/", "agent")
    form = page.locator("#intake")
    customer = form.get_by_label("Customer", exact=True)
    linked = form.get_by_label("Linked order (optional)")
    error = form.locator(".error")
    suggested = form.locator("#customer-list option")
    expect(suggested).to_have_count(min(20, every["total"]))  # a first few, not every customer
    assert every["total"] > 20, "the demo should have more customers than one list shows"
    expect(customer).to_have_value("")  # nobody chosen for the agent
    expect(customer).to_have_attribute("required", "")

    customer.fill(typed)
    expect(suggested).to_have_count(1)
    expect(suggested).to_have_attribute("value", f"{own['name']} · {own['phone']}")
    assert any("q=" + typed.replace("+", "%2B") in url for url in asked)
    customer.fill(
        f"{own['name']} · {own['phone']}"
    )  # chosen: their orders are offered, newest first
    expect(form.locator(f"#order-list option[value='{order['number']}']")).to_have_count(1)
    numbers = form.locator("#order-list option").evaluate_all("os => os.map((o) => o.value)")
    assert numbers == sorted(numbers, reverse=True)

    customer.fill("")
    linked.fill(order["number"])
    expect(customer).to_have_value(f"{own['name']} · {own['phone']}")
    expect(form.locator("#order-hint")).to_contain_text(own["name"])
    form.get_by_label("What happened").fill("Road left unrepaired after the leak fix")
    customer.fill(f"{other['name']} · {other['phone']}")
    form.get_by_role("button", name="Take complaint").click()
    expect(error).to_have_text(
        f"Linked order: {order['number']} is {own['name']}'s order, not this customer's."
    )
    expect(linked).to_be_focused()

    linked.fill("WO-209901-9999")
    expect(error).to_have_text("")  # the field it was about has changed
    form.get_by_role("button", name="Take complaint").click()
    expect(error).to_have_text(
        "Linked order: No order WO-209901-9999; choose one from the list or leave it empty."
    )
    linked.fill("")
    form.get_by_label("Compensation asked (CNY)").fill("a lot")
    form.get_by_role("button", name="Take complaint").click()  # refused by the server
    expect(error).to_contain_text("Compensation asked: ")
    expect(form.get_by_label("Compensation asked (CNY)")).to_be_focused()
    screenshot(page, "desk-new-complaint-error")

    form.get_by_label("Compensation asked (CNY)").fill("0")
    with page.expect_event("dialog") as dialog:
        form.get_by_role("button", name="Take complaint").click()
    expect(customer).to_have_value("")  # taken: the form starts again with nobody chosen
    number = re.search(r"#(\d+)", dialog.value.message)
    assert number, dialog.value.message
    created = get(f"/api/v1/desk/complaints/{number[1]}")
    assert (created["customer_id"], created["order_id"]) == (other["id"], None)


def test_desk_names_a_customer_it_cannot_tell_apart(page: Page, live_server: str) -> None:
    """A name that finds no one, or several, is refused at the field before anything is sent."""
    sign_in(page, live_server + "/desk/", "agent")
    form = page.locator("#intake")
    customer = form.get_by_label("Customer", exact=True)
    form.get_by_label("What happened").fill("No water since the repair")
    customer.fill("Nobody Of That Name")
    form.get_by_role("button", name="Take complaint").click()
    expect(form.locator(".error")).to_have_text(
        "Customer: No customer matches “Nobody Of That Name”."
    )
    expect(customer).to_be_focused()
    customer.fill("a")  # in many names
    form.get_by_role("button", name="Take complaint").click()
    expect(form.locator(".error")).to_have_text(
        re.compile(r"^Customer: “a” matches \d+ customers; choose one from the list\.$")
    )


def test_reports_charts(page: Page, live_server: str) -> None:
    sign_in(page, live_server + "/reports/", "dispatcher")
    expect(page.locator("[data-report] .chart svg")).to_have_count(7)
    expect(page.locator('[data-report="timeliness"] svg')).to_contain_text("target 98%")
    page.locator("details").evaluate_all("ds => ds.forEach((d) => { d.open = true; })")
    screenshot(page, "reports")
    tables = " ".join(page.locator("[data-report] table").all_inner_texts())
    assert not re.search(r"\b(true|false|gas_leak|water_leak|gps_install|gps_repair)\b", tables)
    for rate in page.locator('td[data-col="rate"], td[data-col="target"]').all_inner_texts():
        assert re.fullmatch(r"\d+\.\d %|—", rate), rate
    with page.expect_download() as download:
        page.locator('[data-csv="timeliness"]').click()
    assert download.value.suggested_filename.startswith("timeliness-")
    assert download.value.suggested_filename.endswith(".csv")


def test_reports_complaints_chart_counts_each_complaint_once(page: Page, live_server: str) -> None:
    """Each tier's bars (resolution, first contact) add up to the tier's complaints, and
    nothing late is drawn in the colour of on time."""
    sign_in(page, live_server + "/reports/", "dispatcher")
    card = page.locator('[data-report="complaints"]')
    expect(card.locator("svg")).to_be_visible()
    totals = dict(
        zip(
            card.locator('td[data-col="tier"]').all_text_contents(),
            map(int, card.locator('td[data-col="total"]').all_text_contents()),
            strict=True,
        )
    )
    assert sum(totals.values()) > 0  # the demo's complaints
    segments = card.locator("svg rect").evaluate_all(
        "rs => rs.map((r) => [r.getAttribute('fill'), r.textContent]).filter(([, t]) => t)"
    )
    drawn: dict[tuple[str, str], int] = {}
    for fill, title in segments:
        found = re.fullmatch(r"(\w+), ([\w ]+): .* (\d+) of (\d+)", title)
        assert found, title
        tier, deadline, count, of = found.groups()
        assert int(of) == totals[tier], title
        drawn[(tier, deadline)] = drawn.get((tier, deadline), 0) + int(count)
        assert not ("late" in title and fill == "#2e7d32"), title
    for tier, total in totals.items():
        for deadline in ("resolution", "first contact"):
            assert drawn.get((tier, deadline), 0) == total, (tier, deadline, drawn)


#: A report as the API might give it: a rate of 1, an amount of 0.5, nothing to measure.
FORMATS_REPORT = {
    "title": "Formats",
    "columns": [
        {"key": "kind", "label": "Kind", "format": "kind", "group": ""},
        {"key": "rate", "label": "Rate", "format": "percent", "group": ""},
        {"key": "target", "label": "Target", "format": "percent", "group": ""},
        {"key": "amount", "label": "Amount", "format": "money", "group": ""},
        {"key": "count", "label": "Count", "format": "count", "group": ""},
        {"key": "ok", "label": "Meets target", "format": "yes_no", "group": ""},
    ],
    "rows": [
        {"kind": "gas_leak", "rate": 1, "target": 0.98, "amount": 0.5, "count": 1, "ok": True},
        {"kind": "water_leak", "rate": None, "target": 0.98, "amount": "0.50", "count": 0, "ok": False},
    ],
}  # fmt: skip


def test_reports_figures_are_formatted_by_column(page: Page, live_server: str) -> None:
    """A cell shows its value as its column defines, not as the value looks."""
    figures = {"from": "2026-12-01", "to": "2026-12-08", "reports": {"formats": FORMATS_REPORT}}
    page.route(re.compile(r"/api/v1/reports\?"), lambda route: route.fulfill(json=figures))
    page.route(
        re.compile(r"/api/v1/reports/formats\.svg"),
        lambda route: route.fulfill(body="<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
    )
    sign_in(page, live_server + "/reports/", "dispatcher")
    card = page.locator('[data-report="formats"]')
    card.locator("summary").click()
    expect(card.locator("th")).to_have_text(
        ["Kind", "Rate", "Target", "Amount", "Count", "Meets target"]
    )
    expect(card.locator("tbody tr").first.locator("td")).to_have_text(
        ["Gas leak", "100.0 %", "98.0 %", "0.5", "1", "yes"]
    )
    expect(card.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["Water leak", "—", "98.0 %", "0.50", "0", "no"]
    )


def test_dates_read_year_first_and_errors_name_their_fields(page: Page, live_server: str) -> None:
    """One way of writing a day on every console (not 08/12 here and 12/08 there), and a
    field's error by its label rather than its API name."""
    page.goto(live_server + "/api/v1/auth/settings")  # a page of the origin, no login gate
    shown = page.evaluate(
        """async () => {
            const format = await import("/static/shared/format.js");
            const forms = await import("/static/shared/forms.js");
            format.setZone("Asia/Shanghai");
            const error = {message: "Invalid input.", details: {received_at: ["Not a valid datetime."], technician_id: ["Unknown."]}};
            return [
                format.dateTime("2026-12-08T01:05:00Z"),
                forms.errorText(error, forms.labelled({technician_id: "Technician"})),
            ];
        }"""
    )
    assert shown == [
        "2026-12-08 09:05",
        "Invalid input. Received at: Not a valid datetime. Technician: Unknown.",
    ]


def test_desk_takes_a_complaint_from_a_customer_without_a_phone(
    page: Page, live_server: str
) -> None:
    headers = {"Authorization": f"Bearer {_token(page, live_server, 'agent')}"}
    body = {"name": "Xixi Wetland Teahouse", "grade": "B"}
    made = page.request.post(live_server + "/api/v1/customers", data=body, headers=headers)
    assert made.status == 201, made.text()
    page.on("dialog", lambda d: d.accept())  # "Complaint #… taken"
    sign_in(page, live_server + "/desk/", "agent")
    form = page.locator("#intake")
    customer = form.get_by_label("Customer", exact=True)
    customer.fill("Xixi Wetland")
    suggested = form.locator("#customer-list option")
    expect(suggested).to_have_count(1)  # (a strict locator fails at once on the first list)
    expect(suggested).to_have_attribute("value", body["name"])
    customer.fill(body["name"])  # chosen from the list: the name alone, no " · "
    form.get_by_label("What happened").fill("Meter reader left the gate open")
    with page.expect_event("dialog") as dialog:
        form.get_by_role("button", name="Take complaint").click()
    number = re.search(r"#(\d+)", dialog.value.message)
    assert number, dialog.value.message
    url = f"{live_server}/api/v1/desk/complaints/{number[1]}"
    assert page.request.get(url, headers=headers).json()["customer_id"] == made.json()["id"]
