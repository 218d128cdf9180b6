"""Level-model editing in the API (/api/v1/levels/…), through the criteria services."""

from ninja import Router

router = Router(tags=["levels"])
