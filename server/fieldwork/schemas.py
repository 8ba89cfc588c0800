"""Shapes of on-site facts as the API returns them."""

from __future__ import annotations

from marshmallow import Schema, fields


class PartUseOut(Schema):
    uuid = fields.String()
    part_id = fields.Integer()
    part_code = fields.Function(lambda use: use.part.code)
    part_name = fields.Function(lambda use: use.part.name)
    quantity = fields.Integer()
    serial = fields.String(allow_none=True)
    technician_id = fields.Integer()
    device_at = fields.AwareDateTime()
    recorded_at = fields.AwareDateTime()


class SwapOut(Schema):
    uuid = fields.String()
    kind = fields.String()
    old = fields.String(attribute="old_value")
    new = fields.String(attribute="new_value")
    technician_id = fields.Integer()
    device_at = fields.AwareDateTime()
    recorded_at = fields.AwareDateTime()


class FeeOut(Schema):
    uuid = fields.String()
    entry_type = fields.String()
    amount = fields.Decimal(as_string=True)
    currency = fields.String()
    method = fields.String()
    receipt_no = fields.String(allow_none=True)
    invoice_requested = fields.Boolean()
    technician_id = fields.Integer()
    collected_at = fields.AwareDateTime()
    recorded_at = fields.AwareDateTime()
    reverses_id = fields.Integer(allow_none=True)


class AttachmentOut(Schema):
    uuid = fields.String()
    kind = fields.String()
    blob_id = fields.String()
    url = fields.Function(lambda a: f"/api/v1/blobs/{a.blob_id}")
    caption = fields.String()
    device_at = fields.AwareDateTime()
    recorded_at = fields.AwareDateTime()


class NoteOut(Schema):
    uuid = fields.String()
    text = fields.String()
    revision = fields.Integer()
    base_version = fields.Integer()
    conflict = fields.Boolean()
    other_text = fields.String(allow_none=True)
    device_id = fields.String()
    device_at = fields.AwareDateTime()
    recorded_at = fields.AwareDateTime()


class BlobOut(Schema):
    uuid = fields.String()
    sha256 = fields.String()
    size = fields.Integer()
    content_type = fields.String()


PART_USES = PartUseOut(many=True)
SWAPS = SwapOut(many=True)
FEES = FeeOut(many=True)
ATTACHMENTS = AttachmentOut(many=True)
NOTES = NoteOut(many=True)
