"""The steering group's inbox, the follow-up list and the roadmap in the API."""

from ninja import Router

router = Router(tags=["wishes"])
