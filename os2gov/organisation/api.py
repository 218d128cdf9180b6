"""Read the organisation registry: /api/v1/organisations. Public for now.

The operations pass ``auth=None`` explicitly, so switching them to token auth later is
one argument per operation.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from os2gov.core.api import ErrorOut
from os2gov.organisation import selectors
from os2gov.organisation.models import Organisation, OrganisationType

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    type: str = Field(description="One of: " + ", ".join(OrganisationType.values))
    municipality_code: str = Field(description="Three-digit kommunekode, or empty.")
    region_code: str = Field(description="Four-digit regionskode, or empty.")
    region: str | None = Field(None, description="The slug of the municipality's region.")
    cvr: str
    website: str
    contact_email: str

    @staticmethod
    def resolve_region(obj: Organisation) -> str | None:
        return obj.region.slug if obj.region is not None else None


@router.get(
    "",
    response={200: list[OrganisationOut], 401: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="List organisations",
    operation_id="organisation_list",
)
@paginate(PageNumberPagination, page_size=50)
def list_organisations(
    request: HttpRequest,
    # The choices' Enum, not a plain str: an unknown type answers 422 naming `type`.
    type: OrganisationType | None = None,
    search: str | None = None,
) -> QuerySet[Organisation]:
    """Organisations by name, optionally of one `type` and matching `search` (part of the
    name, or exactly a municipality code). Paginated with `page` and `page_size`."""
    return selectors.organisation_list(type=type.value if type else None, search=search)


@router.get(
    "/{slug}",
    response={200: OrganisationOut, 401: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="One organisation",
    operation_id="organisation_detail",
)
def get_organisation(request: HttpRequest, slug: str) -> Organisation:
    return selectors.organisation_detail(slug)
