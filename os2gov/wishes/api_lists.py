"""The steering group's inbox, the follow-up list and the roadmap in the API
(/api/v1/wishes/…).

Each answers what its page shows, through the same selectors: the inbox
(``/oensker/indstillinger/``) the recommendations awaiting the caller's decision (WSH-04:
in the products whose steering group the caller sits in, or, where a product has none, its
coordination group: GRP-08), oldest first; the follow-ups (``/oensker/opfoelgning/``) the
delivered wishes whose benefits are to be followed up, overdue first (WSH-09); the roadmap
(``/oensker/<product>/koereplan/``) a product's year, public like every roadmap (COM-02).
Registered before the main wishes router, so these fixed paths win over ``/{wish_id}``.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from os2gov.accounts.auth import api_auth
from os2gov.catalogue.models import Product
from os2gov.wishes import selectors
from os2gov.wishes.api import READ_ERRORS, WishOut, money
from os2gov.wishes.models import Wish, WishState

router = Router(tags=["wishes"])

PLANNED_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


# --- Schemas -----------------------------------------------------------------------------------


class FollowUpOut(WishOut):
    accepted_on: datetime.date | None = Field(None, description="When the delivery was accepted.")
    follow_up_on: datetime.date = Field(description="When the benefits are followed up.")
    overdue: bool = Field(description="The follow-up day has passed (WSH-09).")

    @staticmethod
    def resolve_overdue(obj: Wish) -> bool:
        return bool(getattr(obj, "overdue", False))


class RoadmapWishOut(Schema):
    id: int
    title: str
    state: str = Field(description="The state now; one of: " + ", ".join(WishState.values))
    started_on: datetime.date | None = None
    accepted_on: datetime.date | None = None
    delivering_supplier: str | None = Field(None, description="The supplier's slug.")
    delivering_supplier_name: str | None = None

    @staticmethod
    def resolve_delivering_supplier(obj: Wish) -> str | None:
        supplier = obj.delivering_supplier
        return supplier.organisation.slug if supplier is not None else None

    @staticmethod
    def resolve_delivering_supplier_name(obj: Wish) -> str | None:
        supplier = obj.delivering_supplier
        return supplier.organisation.name if supplier is not None else None


class QuarterOut(Schema):
    number: int = Field(description="1 to 4.")
    started: list[RoadmapWishOut] = Field(description="Started in the quarter, by day.")
    delivered: list[RoadmapWishOut] = Field(
        description="Delivered and accepted in the quarter, by day."
    )


class PlannedWishOut(Schema):
    id: int
    title: str
    state: str = Field(description="approved, recommended or prioritised")
    rank: int | None = Field(None, description="Its place in the backlog, or null.")
    cost: str | None = Field(
        None, description="The approved amount, else the estimate: DKK with two decimals."
    )

    @staticmethod
    def resolve_cost(obj: Wish) -> str | None:
        return money(obj.cost)


class PlannedPageOut(Schema):
    items: list[PlannedWishOut]
    count: int


class RoadmapOut(Schema):
    product: str = Field(description="The product's slug.")
    product_name: str
    year: int
    quarters: list[QuarterOut]
    cut_off: bool = Field(
        description="The year has more started or delivered wishes than `limit`; the backlog "
        "lists them all."
    )
    limit: int = Field(description="At most this many started and this many delivered.")
    planned: PlannedPageOut = Field(
        description="What comes next: approved, then recommended, then prioritised wishes, "
        "each by rank; paginated with `page` and `page_size`."
    )


def _chosen(slug: str) -> Product:
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        raise ValidationError(
            {"product": [ValidationError(_("No product has this slug."), code="invalid")]}
        )
    return product


# --- The inbox and the follow-ups --------------------------------------------------------------


@router.get(
    "/inbox",
    response={200: list[WishOut], **READ_ERRORS},
    auth=api_auth,
    summary="Recommendations awaiting my decision (the steering group's inbox)",
    operation_id="wish_inbox",
)
@paginate(PageNumberPagination, page_size=50)
def inbox(request: HttpRequest) -> QuerySet[Wish]:
    """The wishes the coordination groups recommend for approval (WSH-04), oldest first, in
    the products whose steering group you sit in, or whose coordination group you sit in
    where the product has no steering group (GRP-08). Empty when you hold that mandate for
    no product. Paginated with `page` and `page_size`; the number of queries does not grow
    with the wishes."""
    return selectors.inbox(selectors.approving_products(request.user))


@router.get(
    "/follow-ups",
    response={200: list[FollowUpOut], **READ_ERRORS},
    auth=None,
    summary="Wishes whose benefits are to be followed up",
    operation_id="wish_follow_ups",
)
@paginate(PageNumberPagination, page_size=50)
def follow_ups(request: HttpRequest, product: str | None = None) -> QuerySet[Wish]:
    """Delivered wishes whose benefits are to be followed up against the expected ones
    (WSH-09), overdue first, then by follow-up day; of one `product` (its slug; default
    every product). Paginated with `page` and `page_size`."""
    chosen = _chosen(product) if product else None
    return selectors.follow_ups(product=chosen)


# --- The roadmap -------------------------------------------------------------------------------


class RoadmapQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year.")
    page: int = Field(1, ge=1, description="The page of the planned wishes.")
    page_size: int = Field(PLANNED_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


@router.get(
    "/roadmap/{product_slug}",
    response={200: RoadmapOut, **READ_ERRORS},
    auth=None,
    summary="A product's roadmap: started and delivered by quarter, and what comes next",
    operation_id="wish_roadmap",
)
def roadmap(
    request: HttpRequest,
    product_slug: str,
    filters: Query[RoadmapQuery],
) -> dict[str, Any]:
    """The product's `year` (default this year) quarter by quarter: the wishes started in
    it, with the supplier delivering them and their state now, and those delivered and
    accepted (COM-01, COM-02); then what comes next. Public. The number of queries does
    not grow with the wishes."""
    product = get_object_or_404(Product, slug=product_slug)
    year = filters.year or timezone.localdate().year
    year_map = selectors.roadmap(product, year)
    planned = selectors.roadmap_planned(product)
    first = (filters.page - 1) * filters.page_size
    return {
        "product": product.slug,
        "product_name": product.name,
        "year": year,
        "quarters": year_map.quarters,
        "cut_off": year_map.cut_off,
        "limit": year_map.limit,
        "planned": {
            "items": list(planned[first : first + filters.page_size]),
            "count": planned.count(),
        },
    }
