"""factory_boy factories for the product catalogue."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from os2gov.catalogue.models import ConnectionAgreement, Product, ProductStatus, ProductSupplier
from os2gov.organisation.slugs import danish_slugify
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory


class ProductFactory(factory.django.DjangoModelFactory):
    """An active product with an open-source licence."""

    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"OS2prøve {n}")
    slug = factory.LazyAttribute(lambda o: danish_slugify(o.name))
    short_description = factory.LazyAttribute(lambda o: f"{o.name} hjælper kommunerne.")
    description = ""
    repository_url = factory.LazyAttribute(lambda o: f"https://git.example.org/os2/{o.slug}")
    licence = "MPL-2.0"
    status = ProductStatus.ACTIVE
    website = ""


class ConnectionAgreementFactory(factory.django.DjangoModelFactory):
    """An open-ended agreement of a (new) municipality, in force since 1 January 2024."""

    class Meta:
        model = ConnectionAgreement

    product = factory.SubFactory(ProductFactory)
    organisation = factory.SubFactory(MunicipalityFactory)
    starts_on = datetime.date(2024, 1, 1)
    ends_on = None
    annual_contribution = Decimal("25000.00")
    reference = factory.Sequence(lambda n: f"TA-{n:04d}")


class ProductSupplierFactory(factory.django.DjangoModelFactory):
    """A (new) supplier that develops the product."""

    class Meta:
        model = ProductSupplier

    product = factory.SubFactory(ProductFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    delivers_development = True
