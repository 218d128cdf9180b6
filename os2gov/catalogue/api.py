"""Read the product catalogue: /api/v1/products. Public for now.

The operations pass ``auth=None`` explicitly, so switching them to token auth later is
one argument per operation. Money (``annual_contribution``) is a decimal string with two
decimals, e.g. ``"125000.00"``, never a float.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from os2gov.catalogue import selectors
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductStatus, ProductSupplier
from os2gov.core.api import ErrorOut
from os2gov.governance.people import public_name

router = Router(tags=["products"])

DECIMAL_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"


class ProductOut(Schema):
    id: int
    slug: str
    name: str
    short_description: str
    status: str = Field(description="One of: " + ", ".join(ProductStatus.values))
    licence: str = Field(description="An SPDX licence identifier, or empty.")
    repository_url: str
    website: str
    user_count: int = Field(
        description=(
            "How many organisations hold a connection agreement on the product in force today."
        )
    )


class SupplierOut(Schema):
    organisation: str = Field(description="The slug of the supplier organisation.")
    organisation_name: str
    delivers: list[str] = Field(
        description="What the supplier delivers: development, operation, support, "
        "maintenance and/or hosting."
    )
    contract_reference: str
    offers_data_processing_agreement: bool

    @staticmethod
    def resolve_organisation(obj: ProductSupplier) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: ProductSupplier) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_delivers(obj: ProductSupplier) -> list[str]:
        return [role.value for role in obj.roles()]


class AgreementOut(Schema):
    id: int
    organisation: str = Field(description="The slug of the organisation holding it.")
    organisation_name: str
    organisation_type: str
    starts_on: datetime.date
    ends_on: datetime.date | None = Field(
        None, description="The last day in force (inclusive), or null while open-ended."
    )
    annual_contribution: str = Field(
        description="DKK a year, an exact decimal string with two decimals, e.g. 125000.00.",
        pattern=DECIMAL_PATTERN,
    )
    reference: str

    @staticmethod
    def resolve_organisation(obj: ConnectionAgreement) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: ConnectionAgreement) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_organisation_type(obj: ConnectionAgreement) -> str:
        return obj.organisation.type

    @staticmethod
    def resolve_annual_contribution(obj: ConnectionAgreement) -> str:
        return format(obj.annual_contribution, ".2f")


class DocumentationOwnerOut(Schema):
    organisation: str = Field(description="The slug of the documentation owner.")
    organisation_name: str
    organisation_type: str
    contact_name: str | None = Field(
        None,
        description="The name of the owner's contact person, or null when none is named. "
        "Never an e-mail address.",
    )


class ProductDetailOut(Schema):
    id: int
    slug: str
    name: str
    short_description: str
    description: str
    status: str = Field(description="One of: " + ", ".join(ProductStatus.values))
    licence: str = Field(description="An SPDX licence identifier, or empty.")
    repository_url: str
    website: str
    documentation_owner: DocumentationOwnerOut | None = Field(
        None,
        description="Who is responsible for the product's documentation being made and kept "
        "current, or null when nobody is registered.",
    )
    suppliers: list[SupplierOut]
    agreements: list[AgreementOut] = Field(description="The connection agreements in force today.")

    @staticmethod
    def resolve_documentation_owner(obj: Product) -> dict[str, str | None] | None:
        owner = obj.documentation_owner
        if owner is None:
            return None
        contact = obj.documentation_contact
        return {
            "organisation": owner.slug,
            "organisation_name": owner.name,
            "organisation_type": owner.type,
            "contact_name": public_name(contact) if contact is not None else None,
        }

    @staticmethod
    def resolve_suppliers(obj: Product) -> list[ProductSupplier]:
        return list(obj.suppliers.all())

    @staticmethod
    def resolve_agreements(obj: Product) -> list[ConnectionAgreement]:
        return list(getattr(obj, "active_agreements", []))


@router.get(
    "",
    response={200: list[ProductOut], 401: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="List products",
    operation_id="product_list",
)
@paginate(PageNumberPagination, page_size=50)
def list_products(
    request: HttpRequest,
    # The choices' Enum, not a plain str: an unknown status answers 422 naming `status`.
    status: ProductStatus | None = None,
    search: str | None = None,
    municipality: str | None = None,
) -> QuerySet[Product]:
    """Products by name, optionally of one `status`, matching `search` (part of the name or
    short description), or used today by the organisation with the slug `municipality`.
    Paginated with `page` and `page_size`."""
    return selectors.product_list(
        search=search, status=status.value if status else None, municipality=municipality
    )


@router.get(
    "/{slug}",
    response={200: ProductDetailOut, 401: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="One product",
    operation_id="product_detail",
)
def get_product(request: HttpRequest, slug: str) -> Product:
    """The product with its documentation owner, its suppliers and the connection
    agreements in force today."""
    return selectors.product_detail(slug)


@router.get(
    "/{slug}/agreements",
    response={200: list[AgreementOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Connection agreements of a product",
    operation_id="product_agreements",
)
@paginate(PageNumberPagination, page_size=50)
def list_agreements(
    request: HttpRequest, slug: str, on: datetime.date | None = None
) -> QuerySet[ConnectionAgreement]:
    """The connection agreements on the product in force on the day `on` (YYYY-MM-DD;
    default today, the end day included), by organisation name."""
    product = selectors.product_by_slug(slug)
    return selectors.product_agreements(product, on=on)


@router.get(
    "/{slug}/suppliers",
    response={200: list[SupplierOut], 401: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="Suppliers of a product",
    operation_id="product_suppliers",
)
def list_suppliers(request: HttpRequest, slug: str) -> list[ProductSupplier]:
    """The suppliers of the product, by name, with what each delivers."""
    product = selectors.product_by_slug(slug)
    return list(selectors.product_suppliers(product))
