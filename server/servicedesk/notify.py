"""Sending text messages: an HTTP SMS gateway, or a recorder when none is configured.

Every message is stored (``SmsMessage``) whichever notifier sends it, so agents see what
went out. Set ``SMS_GATEWAY_URL`` (app config or environment) to send through a gateway
that accepts ``POST {"to": phone, "text": body}`` as JSON.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from typing import Protocol

from flask import current_app

from server.extensions import db
from server.servicedesk.models import SmsMessage

log = logging.getLogger(__name__)


class Notifier(Protocol):
    name: str

    def send(self, phone: str, text: str) -> None:
        """Deliver one message; raise ``OSError`` when it cannot be sent."""


class RecordingNotifier:
    """Sends nothing: the stored message is the record (demo, tests, no gateway)."""

    name = "recording"

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s recorded, not sent: %s", phone, text)


class HttpSmsNotifier:
    name = "http"

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url, self.timeout = url, timeout

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"to": phone, "text": text}).encode("utf-8")
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if response.status >= 300:
                raise OSError(f"gateway answered {response.status}")


def notifier() -> Notifier:
    url = current_app.config.get("SMS_GATEWAY_URL") or os.environ.get("SMS_GATEWAY_URL", "")
    return HttpSmsNotifier(url) if url else RecordingNotifier()


def send_sms(phone: str, text: str, order_id: int | None = None) -> SmsMessage:
    """Send through the configured notifier and store the message (flushes only)."""
    sender = notifier()
    status, error = ("recorded" if sender.name == "recording" else "sent"), ""
    try:
        sender.send(phone, text)
    except OSError as exc:
        status, error = "failed", str(exc)
        log.warning("SMS to %s failed: %s", phone, exc)
    message = SmsMessage(
        order_id=order_id, phone=phone, body=text, notifier=sender.name, status=status, error=error
    )
    db.session.add(message)
    db.session.flush()
    return message
