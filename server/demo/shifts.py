"""The demo technicians' shifts, moved where needed so that the day is in progress whenever
it loads.

The demo plays a working day up to the moment it is loaded: every technician is at a job
then. A shift as written that does not hold that moment (loaded at night, early in the
morning, or after a shift's end) would put the job under way outside the shift, and the
optimiser would plan nothing for that technician. Such a shift moves, keeping its length,
so that the moment falls a third of the way into it, within the local day.
"""

from __future__ import annotations

from datetime import datetime, time

from server.timeutil import operator_tz

#: A shift is kept when the moment falls at least this far (minutes) inside it.
_AFTER_START, _BEFORE_END = 30, 60
_LAST_START, _END_OF_DAY = 23 * 60, 23 * 60 + 59


def demo_shift(start: time, end: time, now: datetime) -> tuple[time, time]:
    """The shift ``start``-``end`` as the demo loaded at ``now`` uses it."""
    moment = _minutes(now.astimezone(operator_tz()).time())
    first, last = _minutes(start), _minutes(end)
    if first + _AFTER_START <= moment <= last - _BEFORE_END:
        return start, end
    length = last - first
    first = min(max(30 * round((moment - length / 3) / 30), 0), _LAST_START)
    return _clock(first), _clock(min(first + length, _END_OF_DAY))


def shift_note(
    now: datetime, written: list[tuple[time, time]], used: list[tuple[time, time]]
) -> str:
    """What ``load-demo`` says when it moved shifts (as ``written``, as ``used``), else ""."""
    moved = [shift for shift, kept in zip(used, written, strict=True) if shift != kept]
    if not moved:
        return ""
    local = now.astimezone(operator_tz())
    first, last = min(s for s, _ in moved), max(e for _, e in moved)
    return (
        f"It is {local:%H:%M} in {local.tzinfo}: {len(moved)} of the demo technicians' shifts "
        f"moved to hold that moment ({first:%H:%M} to {last:%H:%M} between them), so that "
        "the work under way falls within them."
    )


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)
