"""The AppError family and the one JSON error format, registered once."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import marshmallow as ma
from flask import Flask, Response, jsonify, request
from flask_smorest import Api
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class AppError(Exception):
    """A refusal the client can act on; ``code`` is what front ends branch on."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code:
            self.code = code


class ValidationFailed(AppError):
    status, code = 422, "validation_error"


class Unauthorized(AppError):
    status, code = 401, "unauthorized"


class Forbidden(AppError):
    status, code = 403, "forbidden"


class NotFound(AppError):
    status, code = 404, "not_found"


class Conflict(AppError):
    status, code = 409, "conflict"


class TooManyRequests(AppError):
    status, code = 429, "too_many_requests"


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    body = {"status": status, "code": code, "message": message, "details": details or {}}
    response = jsonify({"error": body})
    response.status_code = status
    return response


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


def _webargs_details(exc: HTTPException) -> Any:
    """Flatten webargs' ``{"json": {...}}`` into per-field details."""
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not isinstance(messages, dict):
        return None
    flat: dict[str, Any] = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat


class ErrorBody(ma.Schema):
    status = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    details = ma.fields.Raw(required=True)


class ErrorSchema(ma.Schema):
    """The one error format of every non-2xx answer."""

    error = ma.fields.Nested(ErrorBody, required=True)


class JsonErrorApi(Api):
    """flask-smorest's Api, answering every HTTP error in the house format."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException) -> Any:
        status = error.code or 500
        if not request.path.startswith("/api") and status != 422:
            return error
        if status >= 500:
            return _internal_error(error)
        details = _webargs_details(error)
        message = "Some fields are invalid." if details else (error.description or "")
        if status == 400 and details and "json" in details:
            message, details = "The body is not valid JSON.", {"json": ["Malformed JSON."]}
        if status == 413:
            message = "The request body is too large."
        return error_response(status, _HTTP_CODES.get(status, "error"), message, details)


def _internal_error(error: BaseException) -> Response:
    request_id = uuid.uuid4().hex[:12]
    log.exception("internal error, request id %s", request_id, exc_info=error)
    return error_response(
        500, "internal_error", f"Something went wrong on our side (request {request_id})."
    )


#: Endpoints whose body is not JSON (raw uploads).
_RAW_BODY_PREFIXES = ("/api/v1/blobs/",)


def _refuse_non_json_bodies() -> Response | None:
    """415 for an API body that is not declared as JSON (instead of "fields missing")."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.path.startswith("/api/"):
        return None
    if request.path.startswith(_RAW_BODY_PREFIXES) or not request.content_length:
        return None
    if request.is_json:
        return None
    declared = request.mimetype or "none"
    return error_response(
        415,
        "unsupported_media_type",
        "Send the body as JSON (Content-Type: application/json).",
        {"Content-Type": [f"{declared} is not accepted here."]},
    )


def register_error_handlers(app: Flask) -> None:
    """Register the AppError handler; flask-smorest's Api handles HTTP errors."""

    app.before_request(_refuse_non_json_bodies)

    @app.errorhandler(StaleDataError)
    def _stale(exc: StaleDataError) -> Response:
        return error_response(
            409, "version_conflict", "The record changed meanwhile; reload and retry."
        )

    @app.errorhandler(AppError)
    def _app_error(exc: AppError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.details)
