"""Every read of the organisation registry. All of it is public, except who works where:
people of an organisation are never listed here."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from os2gov.organisation.models import Organisation, OrganisationType


def organisation_list(
    *, type: str | None = None, search: str | None = None
) -> QuerySet[Organisation]:
    """Organisations by name, optionally of one ``type`` and matching ``search``: part of
    the name, or exactly a municipality code. One query however many rows."""
    organisations = Organisation.objects.select_related("region").order_by("name", "pk")
    if type:
        organisations = organisations.filter(type=type)
    term = (search or "").strip()
    if term:
        organisations = organisations.filter(Q(name__icontains=term) | Q(municipality_code=term))
    return organisations


def organisation_type_counts() -> dict[str, int]:
    """How many organisations of each type, every type present (zero if none); one query."""
    counts = dict.fromkeys(OrganisationType.values, 0)
    for row in Organisation.objects.order_by().values("type").annotate(n=Count("id")):
        counts[row["type"]] = row["n"]
    return counts


def organisation_detail(slug: str) -> Organisation:
    """One organisation with its region and, for a region, its municipalities.
    Raises Http404 for an unknown slug."""
    organisations = Organisation.objects.select_related("region").prefetch_related(
        Prefetch("municipalities", queryset=Organisation.objects.order_by("name"))
    )
    return get_object_or_404(organisations, slug=slug)
