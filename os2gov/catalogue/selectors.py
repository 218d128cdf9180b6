"""Every read of the product catalogue. All of it is public.

Who uses a product is never stored as such: it is always derived from the connection
agreements in force on a given day (today unless another day is asked for).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.organisation.models import Organisation


def _day(on: datetime.date | None) -> datetime.date:
    return on if on is not None else timezone.localdate()


def _active_on(on: datetime.date, prefix: str = "") -> Q:
    """The agreements (reached through ``prefix``) in force on ``on``; the end day counts."""
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


def product_list(
    *,
    search: str | None = None,
    status: str | None = None,
    municipality: Organisation | str | None = None,
    on: datetime.date | None = None,
) -> QuerySet[Product]:
    """Products by name, each annotated with ``user_count``: how many organisations hold a
    connection agreement on it in force on ``on`` (default today). Optionally only those
    matching ``search`` (part of the name or short description), of one ``status``, or used
    on that day by ``municipality`` (an Organisation or its slug). One query however many
    rows."""
    day = _day(on)
    products = Product.objects.annotate(
        user_count=Count(
            "agreements__organisation",
            filter=_active_on(day, "agreements__"),
            distinct=True,
        )
    ).order_by("name", "pk")
    term = (search or "").strip()
    if term:
        products = products.filter(Q(name__icontains=term) | Q(short_description__icontains=term))
    if status:
        products = products.filter(status=status)
    if municipality:
        agreements = ConnectionAgreement.objects.active_on(day).filter(product=OuterRef("pk"))
        if isinstance(municipality, Organisation):
            agreements = agreements.filter(organisation=municipality)
        else:
            agreements = agreements.filter(organisation__slug=municipality)
        products = products.filter(Exists(agreements))
    return products


def product_detail(slug: str, *, on: datetime.date | None = None) -> Product:
    """One product with its documentation owner and contact person, its suppliers
    (``suppliers.all()``, by name) and the agreements in force on ``on`` (default today) as
    ``active_agreements``, with their organisations. Three queries however many suppliers
    and agreements. Raises Http404 for an unknown slug."""
    day = _day(on)
    products = Product.objects.select_related(
        # "publiccode": the interchange app's profile, shown on the page (PRD-08).
        "documentation_owner",
        "documentation_contact",
        "publiccode",
    ).prefetch_related(
        Prefetch(
            "suppliers",
            queryset=ProductSupplier.objects.select_related("organisation").order_by(
                "organisation__name", "pk"
            ),
        ),
        Prefetch(
            "agreements",
            queryset=ConnectionAgreement.objects.active_on(day)
            .select_related("organisation")
            .order_by("organisation__name", "starts_on", "pk"),
            to_attr="active_agreements",
        ),
    )
    return get_object_or_404(products, slug=slug)


def product_by_slug(slug: str) -> Product:
    """The product with ``slug``, nothing prefetched. Raises Http404 for an unknown slug."""
    return get_object_or_404(Product, slug=slug)


def product_agreements(
    product: Product, *, on: datetime.date | None = None
) -> QuerySet[ConnectionAgreement]:
    """The agreements on ``product`` in force on ``on`` (default today), by organisation."""
    return (
        ConnectionAgreement.objects.active_on(_day(on))
        .filter(product=product)
        .select_related("organisation")
        .order_by("organisation__name", "starts_on", "pk")
    )


def product_suppliers(product: Product) -> QuerySet[ProductSupplier]:
    """The suppliers of ``product`` by name, with their organisations."""
    return (
        ProductSupplier.objects.filter(product=product)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def user_municipalities(
    product: Product, *, on: datetime.date | None = None
) -> QuerySet[Organisation]:
    """The organisations that use ``product`` on ``on`` (default today): the holders of a
    connection agreement in force that day (municipalities, regions and other public
    authorities), by name, each once."""
    agreements = ConnectionAgreement.objects.active_on(_day(on)).filter(
        product=product, organisation=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(agreements)).order_by("name", "pk")


def products_used_by(
    organisation: Organisation, *, on: datetime.date | None = None
) -> QuerySet[Product]:
    """The products ``organisation`` holds a connection agreement on in force on ``on``
    (default today), by name."""
    agreements = ConnectionAgreement.objects.active_on(_day(on)).filter(
        product=OuterRef("pk"), organisation=organisation
    )
    return Product.objects.filter(Exists(agreements)).order_by("name", "pk")


def products_supplied_by(organisation: Organisation) -> QuerySet[ProductSupplier]:
    """What ``organisation`` supplies: its supplier rows (product and what it delivers),
    by product name, with the product."""
    return (
        ProductSupplier.objects.filter(organisation=organisation)
        .select_related("product")
        .order_by("product__name", "pk")
    )


def agreement_holders() -> QuerySet[Organisation]:
    """The organisations that hold (or held, or will hold) any connection agreement, by
    name: the choices of the "used by" filter. One query."""
    agreements = ConnectionAgreement.objects.filter(organisation=OuterRef("pk"))
    return Organisation.objects.filter(Exists(agreements)).order_by("name", "pk")
