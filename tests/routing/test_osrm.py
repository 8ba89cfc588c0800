"""The OSRM provider against a tiny local server speaking the table-service format."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from routing import InvalidMatrixError, LatLon, OsrmProvider, Problem, Stop, Technician, solve

REQUESTS: list[str] = []


class _Handler(BaseHTTPRequestHandler):
    """Durations are 100 s per 0.01 degree of longitude; lon 9 is unreachable."""

    def do_GET(self) -> None:
        REQUESTS.append(self.path)
        url = urlsplit(self.path)
        coords = url.path.split("/")[-1].split(";")
        lons = [float(c.split(",")[0]) for c in coords]
        query = parse_qs(url.query)
        src = [int(x) for x in query["sources"][0].split(";")]
        dst = [int(x) for x in query["destinations"][0].split(";")]
        if "fail" in url.path:
            body: dict[str, object] = {"code": "InvalidQuery", "message": "nope"}
        else:
            rows = [
                [
                    None if 9.0 in (lons[i], lons[j]) else round(abs(lons[i] - lons[j]) * 1e4, 1)
                    for j in dst
                ]
                for i in src
            ]
            body = {"code": "Ok", "durations": rows}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def osrm_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    REQUESTS.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_table_in_blocks(osrm_url: str) -> None:
    locs = [LatLon(30.0, 120.0 + k / 100) for k in range(7)]
    matrix = OsrmProvider(osrm_url, max_table_size=4).durations(locs)
    assert matrix[0, 6] == 600
    assert matrix[6, 0] == 600
    assert matrix[2, 3] == 100
    assert len(REQUESTS) == 16  # 4 x 4 blocks of two locations
    assert all("/table/v1/driving/" in r for r in REQUESTS)


def test_unreachable_pairs_get_a_large_time(osrm_url: str) -> None:
    matrix = OsrmProvider(osrm_url, unreachable_s=99_999).durations(
        [LatLon(30.0, 120.0), LatLon(30.0, 9.0)]
    )
    assert matrix[0, 1] == 99_999


def test_error_answer_raises(osrm_url: str) -> None:
    with pytest.raises(InvalidMatrixError, match="InvalidQuery"):
        OsrmProvider(osrm_url, profile="fail").durations([LatLon(1, 1), LatLon(1, 2)])


def test_problem_solved_with_osrm_times(osrm_url: str) -> None:
    depot = LatLon(30.0, 120.0)
    t = Technician("t1", depot, 0, 10_000)
    stops = [Stop("far", LatLon(30.0, 120.05)), Stop("near", LatLon(30.0, 120.02))]
    problem = Problem([t], stops, travel=OsrmProvider(osrm_url))
    plan = solve(problem, time_limit_s=0.2)
    assert plan.route_of("t1").stop_ids in (["near", "far"], ["far", "near"])
    assert plan.travel_s == 1000
