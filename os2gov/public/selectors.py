"""Read-only queries for the public pages."""

from django.db.models import Count

from os2gov.organisation.models import Organisation


def front_page_counts() -> dict[str, int]:
    """How many organisations of each type the registry holds, in one query."""
    rows = Organisation.objects.order_by().values("type").annotate(n=Count("id"))
    return {row["type"]: row["n"] for row in rows}
