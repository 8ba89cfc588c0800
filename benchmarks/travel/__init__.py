"""Travel-matrix build: the default great-circle provider against pair-by-pair peers.

``python -m benchmarks.travel`` builds the matrix for 100, 300 and 1,000 locations in
Hangzhou with :class:`routing.GreatCircleProvider` (NumPy, all pairs at once) and, in the
same run, pair by pair with geopy's ``great_circle`` and with a pure-Python haversine,
each followed by the same detour factor and speed profile; it reports the wall times and
the largest difference from geopy's matrix, and writes the section ``travel-matrix`` of
BENCHMARKS.md.
"""
