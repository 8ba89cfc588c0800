"""How the kernel is compiled: Numba nopython mode, cached on disk, no reference counting.

Every kernel function is compiled with ``_nrt=False``: no reference counting on the
arrays passed in (each call would otherwise pay an atomic increment and decrement per
array, which measured 200 ns an insertion check against 6 ns without). The price is that
nothing compiled may allocate; :mod:`routing._sisr.model` allocates all memory up front.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from numba import njit

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS: dict[str, Any] = {"cache": True, "_nrt": False}


def _drop_stale_cache(package: Path = Path(__file__).parent) -> None:
    """Delete Numba's cached kernel when any source file of this package changed.

    Numba checks only the file of the function it loads, so a kernel function cached
    before a change to a function it calls in another module would run the old code.
    The digest of all sources, kept beside the cache, catches that.
    """
    digest = hashlib.sha256()
    for source in sorted(package.glob("*.py")):
        digest.update(source.read_bytes())
    cache = package / "__pycache__"
    stamp = cache / "kernel-sources.sha256"
    try:
        if stamp.exists() and stamp.read_text() == digest.hexdigest():
            return
        for stale in [*cache.glob("*.nbi"), *cache.glob("*.nbc")]:
            stale.unlink()
        cache.mkdir(exist_ok=True)
        stamp.write_text(digest.hexdigest())
    except OSError:
        pass  # a read-only install: Numba then caches elsewhere or compiles each process


_drop_stale_cache()


def compiled(fn: F) -> F:
    """Compile ``fn`` in nopython mode, cached on disk, without reference counting."""
    return cast(F, njit(**_OPTIONS)(fn))


def inlined(fn: F) -> F:
    """:func:`compiled`, and inlined into its callers by Numba.

    For the small functions on the hot path: a call passes the model and the routes (two
    named tuples of some thirty arrays) by value, which costs more than the work of a
    small function; inlined, the copies go away.
    """
    return cast(F, njit(inline="always", **_OPTIONS)(fn))
