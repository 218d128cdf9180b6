"""Deviations, evaluations and level approvals in the API, through the same services."""

from ninja import Router

router = Router(tags=["levels"])
