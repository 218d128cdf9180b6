"""PRD-01: the public product page shows every item of the product catalogue: name,
description, repository, licence, suppliers, the municipalities that use it (connection
agreements in force), tovholder, documentation owner and level."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.catalogue import services
from os2gov.catalogue.models import Product
from os2gov.governance.models import BodyKind, GroupKind, GroupRole
from os2gov.levels import services as levels
from os2gov.levels.models import Level, LevelStatus
from os2gov.organisation.models import Organisation
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.governance import factories as f
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@dataclass
class FullProduct:
    product: Product
    tovholder: User
    documentation_owner: Organisation
    documentation_contact: User


def _hold(product: Product, code: str) -> None:
    """Store that ``product`` holds the level ``code``, as ``recompute_product_level``
    leaves it (how a level is earned is the levels app's own tests)."""
    level = Level.objects.get(model__is_current=True, code=code)
    LevelStatus.objects.create(
        product=product,
        level_code=code,
        level_order=level.order,
        held=True,
        progress=100,
        achieved_on=timezone.localdate(),
        first_achieved_on=timezone.localdate(),
    )


@pytest.fixture
def full_product(secretariat_member: User) -> FullProduct:
    """A product with every PRD-01 fact registered, each through the way it is kept."""
    today = timezone.localdate()
    owner = OrganisationFactory(name="Dokumentationshuset A/S")
    contact = f.person(owner, "Dorte Dokumentation")
    product = services.product_create(
        actor=secretariat_member,
        data={
            "name": "OS2fuld",
            "short_description": "Et produkt med alle oplysninger.",
            "description": "Produktet gør det hele.\n\nOg lidt til.",
            "repository_url": "https://git.example.org/os2/os2fuld",
            "licence": "EUPL-1.2",
            "status": "active",
            "documentation_owner": owner,
            "documentation_contact": contact,
        },
    )
    ProductSupplierFactory(
        product=product,
        organisation=OrganisationFactory(name="Kodehuset A/S"),
        delivers_development=True,
    )
    ConnectionAgreementFactory(
        product=product, organisation=MunicipalityFactory(name="Testkommune Nord")
    )
    ConnectionAgreementFactory(
        product=product,
        organisation=MunicipalityFactory(name="Testkommune Tidligere"),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=today - datetime.timedelta(days=1),
    )
    coordination = f.group(product, GroupKind.COORDINATION)
    tovholder = f.person(MunicipalityFactory(name="Testkommune Tov"), "Tove Tovholder")
    f.member(coordination, tovholder, GroupRole.TOVHOLDER)
    committee = f.person(f.municipality(), "Frida Forretningsudvalg")
    f.body_member(BodyKind.BUSINESS_COMMITTEE, committee)
    board = f.person(f.municipality(), "Bo Bestyrelse")
    f.body_member(BodyKind.BOARD, board)
    levels.product_recommend(actor=committee, product=product, level_code="N1")
    levels.product_approve(actor=board, product=product, level_code="N1")
    _hold(product, "N1")
    return FullProduct(product, tovholder, owner, contact)


def test_prd01_the_public_product_page_shows_every_catalogue_item(
    client: Client, full_product: FullProduct
) -> None:
    """PRD-01: name, description, repository, licence, suppliers, users, tovholder,
    documentation owner and level, all on the product page, without logging in."""
    product = full_product.product
    response = client.get(f"/produkter/{product.slug}/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    html = unescape(response.content.decode())
    # Name and description.
    assert "<h1>OS2fuld</h1>" in html
    assert "Et produkt med alle oplysninger." in html
    description = between(html, 'data-testid="product-description"', "</div>")
    assert "<p>Produktet gør det hele.</p>" in description
    # Repository and licence.
    facts = between(html, 'data-testid="product-facts"', "</table>")
    assert 'href="https://git.example.org/os2/os2fuld"' in facts
    assert "<td>EUPL-1.2</td>" in facts
    # Documentation owner, with the contact person's name (never their e-mail address).
    owner = between(facts, 'data-testid="documentation-owner"', "</td>")
    assert "Documentation owner" in facts
    assert ">Dokumentationshuset A/S</a>" in owner
    assert f'href="/organisationer/{full_product.documentation_owner.slug}/"' in owner
    assert "Contact person: Dorte Dokumentation" in owner
    assert full_product.documentation_contact.email not in html
    # Suppliers.
    suppliers = between(html, 'data-testid="product-suppliers"', "</table>")
    assert "Kodehuset A/S" in suppliers
    assert "Development" in suppliers
    # The municipalities that use it: the agreements in force today only.
    users = between(html, 'data-testid="product-users"', "</ul>")
    assert "Testkommune Nord" in users
    assert "Testkommune Tidligere" not in html
    # The tovholder, with the public e-mail address.
    tovholder = between(html, 'data-testid="tovholder"', "</p>")
    assert "Tove Tovholder, tovholder (Testkommune Tov)" in tovholder
    assert f'href="mailto:{full_product.tovholder.email}"' in tovholder
    # The level: approved and held.
    approved = between(html, 'data-testid="panel-approved-level"', "</td>")
    held = between(html, 'data-testid="panel-held-level"', "</td>")
    assert "N1 – Take it as it is" in approved
    assert "N1 – Take it as it is" in held


def test_prd01_a_product_without_a_documentation_owner_says_so(client: Client) -> None:
    product = ProductFactory()
    html = client.get(f"/produkter/{product.slug}/").content.decode()
    owner = between(html, 'data-testid="documentation-owner"', "</td>")
    assert "Not registered" in owner


def test_prd01_an_owner_without_a_named_person_shows_the_organisation_alone(
    client: Client,
) -> None:
    product = ProductFactory(documentation_owner=MunicipalityFactory(name="Testkommune Dok"))
    html = client.get(f"/produkter/{product.slug}/").content.decode()
    owner = between(html, 'data-testid="documentation-owner"', "</td>")
    assert ">Testkommune Dok</a>" in owner
    assert "Contact person" not in owner


def _page_queries(client: Client, product: Product) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/produkter/{product.slug}/").status_code == 200
    return len(context)


def test_prd01_the_page_query_count_does_not_grow_with_suppliers_and_agreements(
    client: Client, full_product: FullProduct
) -> None:
    product = full_product.product
    few = _page_queries(client, product)
    for _ in range(10):
        ProductSupplierFactory(product=product)
        ConnectionAgreementFactory(product=product)
    many = _page_queries(client, product)
    assert few == many
    html = client.get(f"/produkter/{product.slug}/").content.decode()
    assert between(html, 'data-testid="product-users"', "</ul>").count("<li>") == 11
    suppliers = between(html, 'data-testid="product-suppliers"', "</table>")
    assert between(suppliers, "<tbody>", "</tbody>").count("<tr>") == 11
