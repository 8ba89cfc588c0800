"""Benchmarks of the ``routing`` library; ``python -m benchmarks`` runs them all.

Results are written to ``BENCHMARKS.md`` between marker comments, so other sections of
that file survive a run.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS_MD = REPO / "BENCHMARKS.md"


def write_section(name: str, body: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace the text between ``<!-- name:start -->`` and ``<!-- name:end -->``.

    The section is appended when the markers are missing; the rest of the file is kept.
    """
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def publish(name: str, text: str, *, write: bool) -> None:
    """Print a section and, with ``write``, put it in BENCHMARKS.md (:func:`write_section`)."""
    print(text)
    if write:
        write_section(name, text)
