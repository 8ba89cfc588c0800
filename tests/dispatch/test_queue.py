"""The optimisation queue on a real Redis (RQ), when Redis is reachable."""

from __future__ import annotations

import os
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.dispatch import jobs
from tests.dispatch.conftest import plan_day

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis() -> Any:
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisDown:
        return None
    return client


REDIS = _redis()
pytestmark = pytest.mark.skipif(REDIS is None, reason=f"Redis is not reachable at {REDIS_URL}")


def test_plan_runs_on_the_rq_queue(
    app: Flask, client: FlaskClient, dispatcher: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rq import Queue, SimpleWorker

    REDIS.flushdb()
    app.config["REDIS_URL"] = REDIS_URL
    monkeypatch.setattr(jobs, "worker_app", lambda: app)
    started = client.post(
        "/api/v1/dispatch/plans", json={"date": plan_day(), "time_limit_s": 1}, headers=dispatcher
    )
    assert started.status_code == 202
    queue = Queue(jobs.QUEUE, connection=REDIS)
    assert queue.count == 1
    assert (
        client.get(f"/api/v1/dispatch/plans/{started.json['id']}", headers=dispatcher).json[
            "status"
        ]
        == "queued"
    )
    SimpleWorker([queue], connection=REDIS).work(burst=True)
    plan = client.get(f"/api/v1/dispatch/plans/{started.json['id']}", headers=dispatcher).json
    assert plan["status"] == "done"
    assert sum(len(r["stops"]) for r in plan["routes"]) == 5
    assert queue.count == 0
