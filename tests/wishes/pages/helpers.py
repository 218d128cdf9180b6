"""Helpers of the page tests: a client logged in as a person of the test world, in English."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from os2gov.wishes.models import Wish
from tests.wishes.world import WishWorld


def client_for(world: WishWorld | None = None, role: str | None = None) -> Client:
    """A client in English, logged in as ``role`` of ``world`` (anonymous without one)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if world is not None and role is not None:
        person = world[role]
        if not isinstance(person, AnonymousUser):
            client.force_login(person)
    return client


def wish_url(wish: Wish) -> str:
    return reverse("wishes:detail", args=[wish.product.slug, wish.pk])


def act_url(wish: Wish, action: str) -> str:
    return reverse("wishes:act", args=[wish.product.slug, wish.pk, action])


def action_data(wish: Wish, action: str, **fields: Any) -> dict[str, Any]:
    """The POST of one action form of the wish page (fields prefixed with the action)."""
    wish.refresh_from_db()
    data = {
        f"{action}-loaded_state": wish.state,
        f"{action}-loaded_version": wish.version,
    }
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return data


def offered(html: str) -> set[str]:
    """The keys of the actions the page offers."""
    return set(re.findall(r'data-testid="action-([a-z-]+)"', html))


def text(html: str) -> str:
    """The page's text, tags removed and whitespace collapsed, for phrase assertions."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
