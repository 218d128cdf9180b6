"""Product levels in the API: /api/v1/levels. Public reads.

The badge lookup finds a product by its repository address, so a repository can show the
badge of the product it belongs to without knowing the product's slug.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from os2gov.core.api import ErrorOut
from os2gov.levels import badge, selectors

router = Router(tags=["levels"])


class BadgeOut(Schema):
    schemaVersion: int = Field(description="Always 1 (the badge-service endpoint format).")
    label: str
    message: str
    color: str
    product: str = Field(description="The product's slug.")
    approved_level: str | None = Field(description="The level the board approved, or null.")
    held_level: str | None = Field(description="The highest level the product holds, or null.")
    state: str = Field(description="held, not_held, unapproved or none.")
    title: str = Field(description="The badge in words, for screen readers.")


@router.get(
    "/badge",
    response={200: BadgeOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="The level badge of the product with this repository",
)
def badge_by_repository(request: HttpRequest, repository: str) -> dict[str, object]:
    """Answers 404 when no product has the repository, 409 when several do."""
    products = selectors.products_by_repository(repository)
    if not products:
        raise HttpError(404, _("No product has this repository."))
    if len(products) > 1:
        raise HttpError(
            409,
            _("Several products have this repository: %(names)s.")
            % {"names": ", ".join(product.name for product in products)},
        )
    return badge.badge_json(selectors.product_level_summary(products[0]))
