"""The public pages /produkter/ and /produkter/<slug>/."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from os2gov.organisation.models import Organisation
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/produkter/"


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'<td><a href="/produkter/[^"]+/">([^<]+)</a></td>', body)


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture
def catalogue() -> dict[str, Organisation]:
    today = timezone.localdate()
    aarhus = MunicipalityFactory(name="Testkommune Øst")
    vest = MunicipalityFactory(name="Testkommune Vest")
    kalender = ProductFactory(
        name="OS2kalender", short_description="Booking af lokaler.", status="active"
    )
    ProductFactory(name="OS2rollekatalog", short_description="Roller.", status="sandbox")
    ProductFactory(name="OS2gammel", short_description="Udfaset.", status="archived")
    ConnectionAgreementFactory(product=kalender, organisation=aarhus, starts_on=today)
    ConnectionAgreementFactory(
        product=kalender,
        organisation=vest,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=1),
    )
    return {"east": aarhus, "west": vest}


def test_urls() -> None:
    assert reverse("products:list") == LIST_URL
    assert reverse("products:detail", args=["os2kalender"]) == "/produkter/os2kalender/"


def test_list_is_public_with_title_breadcrumb_count_and_labels(
    client: Client, catalogue: dict[str, Organisation]
) -> None:
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'aria-current="page">' in html
    assert "3 products found" in between(html, 'data-testid="result-count"', "</p>")
    assert rows(html) == ["OS2gammel", "OS2kalender", "OS2rollekatalog"]
    for field in ("id_q", "id_status", "id_municipality"):
        assert f'<label class="form-label" for="{field}"' in html
    kalender_row = html.split(">OS2kalender</a>", 1)[1].split("</tr>", 1)[0]
    assert "Booking af lokaler." in kalender_row
    assert "Active" in kalender_row
    # Only the agreement in force today counts: the western one ended yesterday.
    assert '<td class="align-text-right" data-testid="user-count">1</td>' in kalender_row


def test_list_filters_by_status_and_search(
    client: Client, catalogue: dict[str, Organisation]
) -> None:
    response = client.get(LIST_URL, {"status": "sandbox"})
    assert rows(response.content.decode()) == ["OS2rollekatalog"]
    assert response.context["form"]["status"].value() == "sandbox"
    assert rows(client.get(LIST_URL, {"q": "lokaler"}).content.decode()) == ["OS2kalender"]
    html = client.get(LIST_URL, {"q": "ingen-saadan"}).content.decode()
    assert 'data-testid="product-table"' not in html
    assert "0 products found" in html
    assert ">Clear filter</a>" in html


def test_list_filters_by_using_municipality_today(
    client: Client, catalogue: dict[str, Organisation]
) -> None:
    html = client.get(LIST_URL, {"municipality": catalogue["east"].slug}).content.decode()
    assert rows(html) == ["OS2kalender"]
    # The western municipality held an agreement, so it is a choice, but it ended.
    html = client.get(LIST_URL, {"municipality": catalogue["west"].slug}).content.decode()
    assert rows(html) == []


def test_municipality_choices_are_the_agreement_holders(
    client: Client, catalogue: dict[str, Organisation]
) -> None:
    MunicipalityFactory(name="Testkommune Uden Aftale")
    html = client.get(LIST_URL).content.decode()
    select = between(html, 'id="id_municipality"', "</select>")
    options = re.findall(r'<option value="([^"]*)"', select)
    assert options == ["", catalogue["west"].slug, catalogue["east"].slug]


@pytest.mark.parametrize(("field", "value"), [("status", "planet"), ("municipality", "nowhere")])
def test_unknown_choice_shows_an_error_next_to_the_field_and_lists_all(
    client: Client, catalogue: dict[str, Organisation], field: str, value: str
) -> None:
    response = client.get(LIST_URL, {field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'class="form-error-message" id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_error"' in html
    assert response.context["page_obj"].paginator.count == 3


def test_pagination_keeps_the_filter(client: Client) -> None:
    ProductFactory.create_batch(30, status="sandbox")
    response = client.get(LIST_URL, {"status": "sandbox", "page": "2"})
    page_obj = response.context["page_obj"]
    assert page_obj.number == 2
    assert len(page_obj.object_list) == 5
    nav = between(response.content.decode(), 'data-testid="pagination"', "</nav>")
    assert 'href="?status=sandbox&amp;page=1"' in nav


def _list_queries(client: Client, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(LIST_URL, params).status_code == 200
    return len(context)


def _add_rows(n: int) -> None:
    for _ in range(n):
        agreement = ConnectionAgreementFactory(starts_on=datetime.date(2024, 1, 1))
        ConnectionAgreementFactory(product=agreement.product)
        ProductSupplierFactory(product=agreement.product)


@pytest.mark.parametrize("params", [{}, {"status": "active"}, {"q": "OS2"}])
def test_list_query_count_does_not_grow_with_rows(
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    params: dict[str, str],
) -> None:
    _add_rows(2)
    few = _list_queries(client, params)
    _add_rows(20)
    many = _list_queries(client, params)
    assert few == many
    with django_assert_max_num_queries(3):
        client.get(LIST_URL, params)


def test_list_query_count_with_a_municipality_filter(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    _add_rows(2)
    holder = Organisation.objects.filter(connection_agreements__isnull=False).first()
    assert holder is not None
    few = _list_queries(client, {"municipality": holder.slug})
    _add_rows(20)
    assert _list_queries(client, {"municipality": holder.slug}) == few


def test_product_page_shows_descriptions_licence_links_suppliers_and_users(
    client: Client,
) -> None:
    today = timezone.localdate()
    product = ProductFactory(
        name="OS2kalender",
        short_description="Booking af lokaler.",
        description="Første afsnit.\n\nAndet afsnit.",
        licence="EUPL-1.2",
        repository_url="https://git.example.org/os2/os2kalender",
        website="https://os2kalender.example.org",
    )
    ProductSupplierFactory(
        product=product,
        organisation=OrganisationFactory(name="Kodehuset A/S"),
        delivers_development=True,
        delivers_hosting=True,
        offers_data_processing_agreement=True,
    )
    ProductSupplierFactory(
        product=product,
        organisation=OrganisationFactory(name="Driftshuset ApS"),
        delivers_development=False,
        delivers_operation=True,
    )
    user = ConnectionAgreementFactory(
        product=product,
        organisation=MunicipalityFactory(name="Testkommune Nord"),
        starts_on=today,
        annual_contribution=Decimal("125000.00"),
    )
    ConnectionAgreementFactory(
        product=product,
        organisation=MunicipalityFactory(name="Testkommune Syd"),
        starts_on=today + datetime.timedelta(days=1),
    )
    response = client.get(f"/produkter/{product.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>OS2kalender</h1>" in html
    assert "<title>OS2kalender" in html
    assert "Booking af lokaler." in html
    assert "<p>Første afsnit.</p>" in html and "<p>Andet afsnit.</p>" in html
    facts = between(html, 'data-testid="product-facts"', "</table>")
    assert "EUPL-1.2" in facts
    assert 'href="https://git.example.org/os2/os2kalender"' in facts
    assert 'href="https://os2kalender.example.org"' in facts
    assert "Active" in facts
    suppliers = between(html, 'data-testid="product-suppliers"', "</table>")
    assert suppliers.index("Driftshuset ApS") < suppliers.index("Kodehuset A/S")
    kodehuset = suppliers.split("Kodehuset A/S", 1)[1].split("</tr>", 1)[0]
    assert "Development, Hosting" in kodehuset
    assert "<td>Offered</td>" in kodehuset
    driftshuset = suppliers.split("Driftshuset ApS", 1)[1].split("</tr>", 1)[0]
    assert "<td>Operation</td>" in driftshuset
    assert "<td>Not offered</td>" in driftshuset
    assert 'href="/organisationer/kodehuset-as/"' in suppliers
    users = between(html, 'data-testid="product-users"', "</ul>")
    assert f'href="/organisationer/{user.organisation.slug}/"' in users
    assert "Testkommune Syd" not in html  # its agreement starts tomorrow
    assert "1 organisation has a connection agreement in force today" in html
    assert "governance panel" not in html  # a template comment, not output
    crumbs = response.context["breadcrumbs"]
    assert crumbs == [{"label": "Products", "url": LIST_URL}, {"label": "OS2kalender"}]


def test_product_page_without_suppliers_or_users_says_so(client: Client) -> None:
    product = ProductFactory(licence="", repository_url="")
    html = client.get(f"/produkter/{product.slug}/").content.decode()
    assert "No supplier is registered for this product." in html
    assert "0 organisations have a connection agreement in force today" in html
    assert 'data-testid="product-users"' not in html
    assert "Not registered" in between(html, 'data-testid="product-facts"', "</table>")


def test_product_page_query_count_is_fixed(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    product = ProductFactory()
    for _ in range(5):
        ConnectionAgreementFactory(product=product)
        ProductSupplierFactory(product=product)
    with django_assert_max_num_queries(5):
        assert client.get(f"/produkter/{product.slug}/").status_code == 200


def test_unknown_slug_is_404(client: Client) -> None:
    assert client.get("/produkter/findes-ikke/").status_code == 404


def test_pages_are_read_only(client: Client) -> None:
    product = ProductFactory()
    assert client.post(LIST_URL).status_code == 405
    assert client.post(f"/produkter/{product.slug}/").status_code == 405


def test_products_is_in_the_main_menu(client: Client) -> None:
    html = client.get(LIST_URL).content.decode()
    menu = between(html, '<ul class="mainmenu">', "</ul>")
    assert 'href="/produkter/"' in menu
    assert 'aria-current="page"' in menu.split('href="/produkter/"', 1)[1].split("</li>", 1)[0]


def test_acc01_no_catalogue_page_or_api_operation_writes(client: Client) -> None:
    """The catalogue is written only through its services, from the admin: its public
    pages take no POST, and its API operations only read."""
    product = ProductFactory()
    for url in (LIST_URL, f"{LIST_URL}{product.slug}/"):
        assert client.post(url, {"name": "Hacket"}).status_code == 405
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    methods = {
        method
        for path, operations in paths.items()
        if path.startswith("/api/v1/products")
        for method in operations
    }
    assert methods == {"get"}
    product.refresh_from_db()
    assert product.name != "Hacket"
