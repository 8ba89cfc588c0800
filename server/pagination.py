"""The one shape of a paged listing: ``{"items", "total", "page", "per_page"}`` (api.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def page_of(items: Sequence[Any], total: int, query: dict[str, Any]) -> dict[str, Any]:
    """A page of ``items`` (of ``total``) as asked for by ``query``'s page and per_page."""
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}
