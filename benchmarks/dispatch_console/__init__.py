"""Dispatcher console performance: "optimise" → committed plan, and the console's load time.

Two data sets, each in its own temporary SQLite database migrated like production:

* the demo data set (``load_demo``: a day in progress, planned for today from now on);
* a generated day of 300 orders and 25 technicians (made with the server's own services,
  reported early tomorrow morning and planned for tomorrow, so every shift is whole).

(a) optimise → committed goes through the HTTP API in process (Flask test client, plans run
in the background-thread runner): POST /plans, poll GET /plans/<id>, POST /plans/<id>/commit.
(b) the console's load time is measured in headless Chromium against gunicorn: navigation
start → the ``board-rendered`` performance mark the page sets once the map, timeline and
lists are drawn (after the next animation frame).

    python -m benchmarks.dispatch_console [--time-limit 10] [--loads 5] [--no-write]
"""

from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
PASSWORD = "demo1234"
PALETTE = [
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c",
    "#008080", "#9a6324", "#800000", "#808000", "#000075", "#e6beff", "#aaffc3", "#ffd8b1",
    "#fabebe", "#808080", "#ffe119", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b",
    "#17becf",
]  # fmt: skip
SKILL_SETS = [
    ["gas"],
    ["water"],
    ["gps"],
    ["gas", "water"],
    ["water", "gps"],
    ["gas", "water", "gps"],
]
SHIFTS = [("08:00", "17:00"), ("08:00", "17:00"), ("07:00", "16:00"), ("09:00", "18:00")]
KIND_MIX = [("water_leak", 0.35), ("gas_leak", 0.25), ("gps_repair", 0.25), ("gps_install", 0.15)]
CITY = (30.2741, 120.1551)
