"""The lists of wishes: the overview of backlogs, a product's backlog (WSH-01, WSH-02), its
roadmap, "my wishes", the steering group's inbox (WSH-04) and the benefit follow-ups
(WSH-09)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.economy.selectors import visible_products
from os2gov.wishes import participation, selectors
from os2gov.wishes.forms import BacklogFilterForm
from os2gov.wishes.models import Support, Wish
from os2gov.wishes.views._common import (
    APPROVE,
    PRIORITISE,
    ROADMAP_LIMIT,
    crumbs,
    get_product,
    may_see_economy,
    page_of,
    product_crumbs,
    products_with_counts,
    users_of,
    year_param,
)

# --- the overview and the backlog ---------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every product with the number of its wishes: open, in work and delivered."""
    user = request.user
    return render(
        request,
        "wishes/overview.html",
        {
            "page_obj": page_of(request, products_with_counts()),
            "sees_economy": bool(visible_products(user)),
            "breadcrumbs": [{"label": _("Development wishes")}],
        },
    )


@require_GET
def backlog(request: HttpRequest, product: str) -> HttpResponse:
    """A product's wishes: filtered by state, category, supporting municipality and text;
    sorted by rank, score, support or age; with the score and its components (WSH-02)."""
    found = get_product(product)
    today = timezone.localdate()
    user = request.user
    form = BacklogFilterForm(request.GET or None, municipalities=users_of(found, today))
    filters: dict[str, Any] = {}
    order = "rank"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "states": [data["state"]] if data["state"] else None,
            "category": data["category"] or None,
            "municipality": form.chosen_municipality(),
            "search": data["q"] or None,
        }
        order = data["sort"] or "rank"
    wishes = selectors.backlog(found, order=order, **filters)
    return render(
        request,
        "wishes/backlog.html",
        {
            "product": found,
            "form": form,
            "page_obj": page_of(request, wishes),
            "is_filtered": any(filters.values()),
            "may_submit": participation.user_organisation(user, found, on=today) is not None,
            "submit_refusal": participation.PARTICIPATION[participation.SUBMIT].who,
            "may_prioritise": authority.allows(user, PRIORITISE, product=found, on=today),
            "may_approve": authority.allows(user, APPROVE, product=found, on=today),
            "sees_economy": may_see_economy(user, found),
            "breadcrumbs": crumbs((found.name, None)),
        },
    )


# --- the roadmap (COM-01) -----------------------------------------------------------------


@require_GET
def roadmap(request: HttpRequest, product: str) -> HttpResponse:
    """What is planned (approved, recommended and prioritised wishes), started and
    delivered, by quarter of a year."""
    found = get_product(product)
    today = timezone.localdate()
    year = year_param(request, today.year)
    year_map = selectors.roadmap(found, year, limit=ROADMAP_LIMIT)
    return render(
        request,
        "wishes/roadmap.html",
        {
            "product": found,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "quarters": year_map.quarters,
            "cut_off": year_map.cut_off,
            "limit": year_map.limit,
            "page_obj": page_of(request, selectors.roadmap_planned(found)),
            "breadcrumbs": product_crumbs(found, (_("Roadmap"), None)),
        },
    )


# --- lists across products ----------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The wishes the person submitted, and those their organisation supports."""
    user = request.user
    organisation_id = getattr(user, "organisation_id", None)
    condition = Q(submitter=user)
    if organisation_id is not None:
        condition |= Q(
            Exists(
                Support.objects.filter(
                    wish=OuterRef("pk"), municipality_id=organisation_id, withdrawn_at__isnull=True
                )
            )
        )
    wishes = selectors.with_support_count(
        Wish.objects.filter(condition).select_related("product", "submitter_municipality")
    ).order_by("-updated_at", "-pk")
    return render(
        request,
        "wishes/mine.html",
        {"page_obj": page_of(request, wishes), "breadcrumbs": crumbs((_("My wishes"), None))},
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The steering group's inbox (WSH-04): the wishes recommended to it, in the products
    where the person holds the mandate to approve, oldest first."""
    products = selectors.approving_products(request.user)
    return render(
        request,
        "wishes/inbox.html",
        {
            "products": products,
            "page_obj": page_of(request, selectors.inbox(products)),
            "breadcrumbs": crumbs((_("Recommendations to the steering group"), None)),
        },
    )


@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """The wishes whose benefits are to be followed up (WSH-09), overdue ones first."""
    products = list(Product.objects.order_by("name", "pk"))
    chosen = next((p for p in products if p.slug == request.GET.get("product")), None)
    return render(
        request,
        "wishes/follow_ups.html",
        {
            "products": products,
            "chosen": chosen,
            "today": timezone.localdate(),
            "page_obj": page_of(request, selectors.follow_ups(product=chosen)),
            "breadcrumbs": crumbs((_("Benefit follow-ups"), None)),
        },
    )
