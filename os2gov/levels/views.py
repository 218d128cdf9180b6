"""The level badge of a product, as SVG and as JSON (public)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from os2gov.catalogue.models import Product
from os2gov.levels import badge, selectors

CACHE_SECONDS = 300


@require_GET
def badge_svg(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug)
    summary = selectors.product_level_summary(product)
    response = HttpResponse(badge.badge_svg(summary), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_GET
def badge_json(request: HttpRequest, slug: str) -> JsonResponse:
    product = get_object_or_404(Product, slug=slug)
    response = JsonResponse(badge.badge_json(selectors.product_level_summary(product)))
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
