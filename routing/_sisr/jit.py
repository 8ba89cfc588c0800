"""How the kernel is compiled: Numba nopython mode, cached on disk, no reference counting.

Every kernel function is compiled with ``_nrt=False``: no reference counting on the
arrays passed in (each call would otherwise pay an atomic increment and decrement per
array, which measured 200 ns an insertion check against 6 ns without). The price is that
nothing compiled may allocate; :mod:`routing._sisr.model` allocates all memory up front.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from numba import njit

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS: dict[str, Any] = {"cache": True, "_nrt": False}


def compiled(fn: F) -> F:
    """Compile ``fn`` in nopython mode, cached on disk, without reference counting."""
    return cast(F, njit(**_OPTIONS)(fn))
