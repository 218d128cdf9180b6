"""publiccode.yml in and out through the API (/api/v1/interchange/…)."""

from ninja import Router

router = Router(tags=["interchange"])
