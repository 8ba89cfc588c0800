"""Travel times from an OSRM server's table service (``/table/v1/{profile}/...``)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Sequence

import numpy as np

from .errors import InvalidLocationError, InvalidMatrixError
from .model import LatLon
from .travel import IntMatrix


class OsrmProvider:
    """Ask an OSRM server for a duration matrix, in blocks of ``max_table_size``.

    Parameters
    ----------
    url
        Base URL of the server, for example ``http://osrm.internal:5000``.
    profile
        OSRM profile name in the path (``driving``).
    max_table_size
        Largest number of coordinates per request (OSRM's ``--max-table-size``, 100 by
        default); bigger problems are fetched block by block.
    timeout_s
        Timeout of each HTTP request.
    unreachable_s
        Travel time used where OSRM finds no route (``null`` in the answer).
    """

    def __init__(
        self,
        url: str,
        *,
        profile: str = "driving",
        max_table_size: int = 100,
        timeout_s: float = 10.0,
        unreachable_s: int = 24 * 3600,
    ) -> None:
        if max_table_size < 2:
            raise ValueError("max_table_size must be at least 2")
        self.url = url.rstrip("/")
        self.profile = profile
        self.max_table_size = max_table_size
        self.timeout_s = timeout_s
        self.unreachable_s = unreachable_s

    def _table(self, coords: list[LatLon], sources: list[int], dests: list[int]) -> IntMatrix:
        path = ";".join(f"{c.lon:.6f},{c.lat:.6f}" for c in coords)
        query = (
            f"sources={';'.join(map(str, sources))}"
            f"&destinations={';'.join(map(str, dests))}&annotations=duration"
        )
        url = f"{self.url}/table/v1/{self.profile}/{path}?{query}"
        with urllib.request.urlopen(url, timeout=self.timeout_s) as response:
            body = json.load(response)
        if body.get("code") != "Ok":
            raise InvalidMatrixError(f"OSRM answered {body.get('code')}: {body.get('message')}")
        rows = [[self.unreachable_s if x is None else x for x in row] for row in body["durations"]]
        table = np.asarray(rows, dtype=np.float64)
        if table.shape != (len(sources), len(dests)):
            raise InvalidMatrixError(f"OSRM table has shape {table.shape}")
        return np.ceil(table).astype(np.int64)

    def durations(self, locations: Sequence[LatLon | int]) -> IntMatrix:
        """Travel times in seconds between all pairs of ``locations``."""
        coords: list[LatLon] = []
        for i, loc in enumerate(locations):
            if not isinstance(loc, LatLon):
                raise InvalidLocationError(f"location {i}", "OSRM needs LatLon, got an index")
            coords.append(loc)
        n = len(coords)
        out = np.zeros((n, n), dtype=np.int64)
        block = max(1, self.max_table_size // 2)
        for i in range(0, n, block):
            for j in range(0, n, block):
                rows, cols = list(range(i, min(n, i + block))), list(range(j, min(n, j + block)))
                ids = sorted(set(rows) | set(cols))
                pos = {k: p for p, k in enumerate(ids)}
                table = self._table(
                    [coords[k] for k in ids], [pos[k] for k in rows], [pos[k] for k in cols]
                )
                out[np.ix_(rows, cols)] = table
        return out
