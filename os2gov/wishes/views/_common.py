"""What the wish pages share: breadcrumbs, pagination, lookups and bounded page reads."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.economy.selectors import visible_products
from os2gov.organisation.models import Organisation
from os2gov.wishes import selectors
from os2gov.wishes.models import Wish, WishState
from os2gov.wishes.workflow import BEFORE_START

S = WishState
PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 50
ROADMAP_LIMIT = 200
PRIORITISE = "wish.prioritise"
APPROVE = "wish.approve"
IN_WORK: tuple[str, ...] = (S.STARTED, S.IN_DELIVERY, S.DELIVERED, S.DELIVERY_REJECTED)
DONE: tuple[str, ...] = (S.ACCEPTED, S.FOLLOW_UP, S.REALISED)
PLANNED: tuple[str, ...] = (S.APPROVED, S.RECOMMENDED, S.PRIORITISED)


# --- helpers ------------------------------------------------------------------------------


def crumbs(*trail: tuple[str, str | None]) -> list[dict[str, str]]:
    items = [{"label": _("Development wishes"), "url": reverse("wishes:list")}]
    for label, url in trail:
        items.append({"label": label, "url": url} if url else {"label": label})
    return items


def product_crumbs(product: Product, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    return crumbs((product.name, reverse("wishes:backlog", args=[product.slug])), *more)


def page_of(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def get_product(slug: str) -> Product:
    return get_object_or_404(Product, slug=slug)


def get_wish(product_slug: str, pk: int) -> Wish:
    try:
        wish = selectors.wish_detail(pk)
    except Wish.DoesNotExist:
        raise Http404 from None
    if wish.product.slug != product_slug:
        raise Http404
    return wish


def wish_url(wish: Wish) -> str:
    return reverse("wishes:detail", args=[wish.product.slug, wish.pk])


def year_param(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


# --- page reads (bounded; their query counts do not grow with the rows) --------------------


def products_with_counts() -> QuerySet[Product]:
    return Product.objects.annotate(
        open_count=Count("wishes", filter=Q(wishes__state__in=BEFORE_START)),
        work_count=Count("wishes", filter=Q(wishes__state__in=IN_WORK)),
        done_count=Count("wishes", filter=Q(wishes__state__in=DONE)),
        wish_count=Count("wishes"),
    ).order_by("name", "pk")


def users_of(product: Product, day: datetime.date) -> list[Organisation]:
    """The organisations using ``product`` on ``day``, by name. One query."""
    ids = (
        ConnectionAgreement.objects.active_on(day).filter(product=product).values("organisation_id")
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))


def may_see_economy(user: Any, product: Product) -> bool:
    return any(p.pk == product.pk for p in visible_products(user))
