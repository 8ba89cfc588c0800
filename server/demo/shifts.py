"""The demo technicians' shifts, moved so that the day is in progress whenever it loads.

The demo plays a working day up to the moment it is loaded. Its shifts (07:00 to 21:00
between them) hold that moment by day in Hangzhou; loaded at night there, the jobs under
way would sit hours before any shift, and the optimiser would plan nothing before the
morning. Then every shift moves by the same offset, so that the moment falls where a
morning's 10:30 falls by day: a night crew, still staggered, within the local day.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from server.timeutil import operator_tz

#: Local times at which the shifts as written hold a day in progress.
DAY_FROM, DAY_TO = time(8, 0), time(20, 0)
#: Where the moment of loading falls in a day as written.
MID_MORNING = time(10, 30)
_LAST_START = time(23, 0)
_END_OF_DAY = time(23, 59)


def night_offset(now: datetime) -> timedelta:
    """How far the shifts move for a demo loaded at ``now``: none by day, else to put
    ``now`` at mid-morning (in whole half-hours)."""
    local = now.astimezone(operator_tz())
    if DAY_FROM <= local.time() <= DAY_TO:
        return timedelta(0)
    minutes = _minutes(local.time()) - _minutes(MID_MORNING)
    return timedelta(minutes=30 * round(minutes / 30))


def moved(start: time, end: time, offset: timedelta) -> tuple[time, time]:
    """The shift ``start``-``end`` moved by ``offset``, kept within one local day."""
    if not offset:
        return start, end
    shift = int(offset.total_seconds() // 60)
    first = min(max(_minutes(start) + shift, 0), _minutes(_LAST_START))
    last = min(max(_minutes(end) + shift, first + 60), _minutes(_END_OF_DAY))
    return _clock(first), _clock(last)


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def night_note(now: datetime, shifts: list[tuple[time, time]]) -> str:
    """What ``load-demo`` says when it moved the shifts (``shifts``: as loaded), else ""."""
    if not night_offset(now):
        return ""
    local = now.astimezone(operator_tz())
    first, last = min(s for s, _ in shifts), max(e for _, e in shifts)
    return (
        f"It is {local:%H:%M} in {local.tzinfo}: the demo technicians work a night shift "
        f"today ({first:%H:%M} to {last:%H:%M} between them), so that their day is in progress."
    )
