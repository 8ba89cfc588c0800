"""Photos and signatures: bytes uploaded once per UUID, checked by SHA-256, kept on disk."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import IntegrityError

from server.accounts.models import User
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.extensions import db
from server.fieldwork.models import Blob

CONTENT_TYPES = ("image/jpeg", "image/png", "image/webp")


def blob_dir() -> Path:
    configured = current_app.config.get("BLOB_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "blobs"


def blob_path(blob: Blob) -> Path:
    return blob_dir() / blob.sha256[:2] / blob.sha256


def _write(data: bytes, digest: str) -> None:
    """Content-addressed and atomic: a half-written file is never visible under its name."""
    target = blob_dir() / digest[:2] / digest
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temp, target)


def _check(data: bytes, sha256: str, content_type: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256.strip().lower():
        raise ValidationFailed(
            "The bytes do not match their SHA-256; upload again.",
            code="checksum_mismatch",
            details={"sha256": [f"The body hashes to {digest}."]},
        )
    if content_type not in CONTENT_TYPES:
        raise ValidationFailed(
            "Upload a JPEG, PNG or WebP image.",
            details={"content_type": [f"Must be one of {', '.join(CONTENT_TYPES)}."]},
        )
    return digest


def _same(existing: Blob, digest: str) -> Blob:
    if existing.sha256 != digest:
        raise Conflict(
            "This blob id already holds other bytes.",
            code="blob_conflict",
            details={"sha256": existing.sha256},
        )
    return existing


def store_blob(
    actor: User, uuid: str, data: bytes, sha256: str, content_type: str
) -> tuple[Blob, bool]:
    """Store the bytes under ``uuid`` once; a repeat with the same bytes changes nothing.

    Returns the blob and whether this call created it.
    """
    digest = _check(data, sha256, content_type)
    existing = db.session.get(Blob, uuid)
    if existing is not None:
        return _same(existing, digest), False
    _write(data, digest)
    blob = Blob(
        uuid=uuid, sha256=digest, size=len(data), content_type=content_type, uploaded_by_id=actor.id
    )
    db.session.add(blob)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _same(db.session.get(Blob, uuid) or blob, digest), False
    return blob, True


def has_blob(uuid: str) -> bool:
    return db.session.get(Blob, uuid) is not None


def open_blob(actor: User, uuid: str) -> tuple[Path, str]:
    """The file and content type of a blob; technicians see only their own uploads."""
    blob = db.session.get(Blob, uuid)
    if blob is None:
        raise NotFound(f"No blob {uuid}.")
    if actor.role == "technician" and blob.uploaded_by_id != actor.id:
        raise Forbidden("This upload is not yours.", code="not_your_upload")
    return blob_path(blob), blob.content_type
