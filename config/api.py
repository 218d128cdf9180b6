"""The REST API at /api/v1/: one NinjaAPI, routers contributed by each domain app."""

from os2gov.core.api import build_api

api = build_api()
