"""Helpers the level tests share: API tokens and JSON calls, field errors, reading pages."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.accounts.models import User
from os2gov.accounts.services import api_token_create

PDF = b"%PDF-1.7\n% fiktivt dokument\n"  # a fictitious document, as an evidence file
# Who tries each level decision: its mandate's holder, other roles, and nobody logged in.
ROLES = ["committee", "board_a", "secretariat", "tovholder", "anonymous"]


def bearer(user: User | None) -> dict[str, str]:
    """The headers of a fresh API token of ``user``; none for an anonymous caller."""
    if user is None:
        return {}
    _token, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def send_json(client: Client, method: str, url: str, data: Any, headers: dict[str, str]) -> Any:
    call = getattr(client, method)
    return call(url, json.dumps(data), content_type="application/json", **headers)


def fields(response: Any) -> dict[str, str]:
    """An API error's messages by field."""
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def fragment_text(html: str) -> str:
    """The words of an HTML fragment (which may start inside its first tag)."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split(">", 1)[-1]))
    return unescape(words).strip()


def page_queries(client: Client, url: str) -> int:
    """The queries a successful GET of ``url`` takes."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
