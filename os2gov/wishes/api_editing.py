"""Editing wishes and priority weights in the API (/api/v1/wishes/…)."""

from ninja import Router

router = Router(tags=["wishes"])
