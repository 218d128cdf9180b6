"""The public pages /organisationer/ and /organisationer/<slug>/."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from os2gov.accounts.models import User
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/organisationer/"


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r'<td><a href="/organisationer/[^"]+/">([^<]+)</a></td>', body)


def test_urls() -> None:
    assert reverse("organisation:list") == LIST_URL
    assert reverse("organisation:detail", args=["os2"]) == "/organisationer/os2/"


def test_list_is_public_with_title_breadcrumb_count_and_first_page(client: Client) -> None:
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'aria-current="page">' in html  # the breadcrumb's current item
    assert "104" in html.split('data-testid="result-count"', 1)[1].split("</p>", 1)[0]
    names = rows(html)
    assert len(names) == 25
    assert names[0] == "Aabenraa Kommune"
    assert names == sorted(names)
    assert "<label" in html
    assert 'for="id_type"' in html
    assert 'for="id_q"' in html


def test_list_filters_by_type(client: Client) -> None:
    response = client.get(LIST_URL, {"type": "region"})
    names = rows(response.content.decode())
    assert names == [
        "Region Hovedstaden",
        "Region Midtjylland",
        "Region Nordjylland",
        "Region Sjælland",
        "Region Syddanmark",
    ]
    assert response.context["page_obj"].paginator.count == 5
    assert response.context["form"]["type"].value() == "region"


def test_list_searches_name_and_code(client: Client) -> None:
    assert rows(client.get(LIST_URL, {"q": "taarbæk"}).content.decode()) == [
        "Lyngby-Taarbæk Kommune"
    ]
    assert rows(client.get(LIST_URL, {"q": "851"}).content.decode()) == ["Aalborg Kommune"]


def test_list_shows_type_code_and_region_columns(client: Client) -> None:
    html = client.get(LIST_URL, {"q": "851"}).content.decode()
    row = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "851" in row
    assert "Region Nordjylland" in row
    assert 'href="/organisationer/aalborg-kommune/"' in row


def test_empty_result_says_so_without_a_table(client: Client) -> None:
    html = client.get(LIST_URL, {"q": "ingen-saadan"}).content.decode()
    assert 'data-testid="organisation-table"' not in html
    assert "0" in html.split('data-testid="result-count"', 1)[1].split("</p>", 1)[0]


def test_unknown_type_shows_an_error_next_to_the_field_and_lists_all(client: Client) -> None:
    response = client.get(LIST_URL, {"type": "planet"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-error-message" id="id_type_error"' in html
    assert 'aria-describedby="id_type_error"' in html
    assert response.context["page_obj"].paginator.count == 104


def test_pagination_keeps_the_filter_in_its_links(client: Client) -> None:
    response = client.get(LIST_URL, {"type": "municipality", "page": "2"})
    html = response.content.decode()
    page_obj = response.context["page_obj"]
    assert page_obj.number == 2
    assert page_obj.paginator.num_pages == 4  # 98 municipalities, 25 a page
    assert rows(html)[0] == page_obj.object_list[0].name
    nav = html.split('data-testid="pagination"', 1)[1].split("</nav>", 1)[0]
    assert 'href="?type=municipality&amp;page=3"' in nav
    assert 'href="?type=municipality&amp;page=1"' in nav
    assert 'aria-current="page"' in nav


def test_pagination_beyond_the_end_shows_the_last_page(client: Client) -> None:
    response = client.get(LIST_URL, {"page": "999"})
    assert response.context["page_obj"].number == 5
    assert response.status_code == 200


def test_pagination_include_is_absent_on_a_single_page(client: Client) -> None:
    html = client.get(LIST_URL, {"type": "region"}).content.decode()
    assert 'data-testid="pagination"' not in html


def test_pagination_elides_far_pages(client: Client) -> None:
    OrganisationFactory.create_batch(200)  # 304 rows: 13 pages
    html = client.get(LIST_URL, {"page": "7"}).content.decode()
    nav = html.split('data-testid="pagination"', 1)[1].split("</nav>", 1)[0]
    numbers = re.findall(r">(\d+)</a></li>", nav)
    assert numbers == ["1", "6", "7", "8", "13"]
    assert nav.count("pagination-overflow") == 2


def _list_queries(client: Client, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(LIST_URL, params).status_code == 200
    return len(context)


@pytest.mark.parametrize("params", [{}, {"type": "supplier"}, {"q": "a"}])
def test_list_query_count_does_not_grow_with_rows(
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    params: dict[str, str],
) -> None:
    OrganisationFactory.create_batch(5)
    MunicipalityFactory.create_batch(2)
    few = _list_queries(client, params)
    OrganisationFactory.create_batch(40)
    MunicipalityFactory.create_batch(20)
    many = _list_queries(client, params)
    assert few == many
    with django_assert_max_num_queries(3):
        client.get(LIST_URL, params)


def test_detail_of_a_municipality(client: Client) -> None:
    response = client.get("/organisationer/koebenhavns-kommune/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Københavns Kommune</h1>" in html
    assert "101" in html
    assert 'href="/organisationer/region-hovedstaden/"' in html
    assert "<title>Københavns Kommune" in html
    crumbs = response.context["breadcrumbs"]
    assert crumbs[0]["url"] == LIST_URL
    assert crumbs[1] == {"label": "Københavns Kommune"}


def test_detail_of_a_region_lists_its_municipalities(client: Client) -> None:
    html = client.get("/organisationer/region-nordjylland/").content.decode()
    listing = html.split('data-testid="region-municipalities"', 1)[1].split("</ul>", 1)[0]
    assert listing.count("<li>") == 11
    assert 'href="/organisationer/aalborg-kommune/"' in listing
    assert "1081" in html


def test_detail_of_a_supplier_shows_cvr_website_and_contact(client: Client) -> None:
    supplier = OrganisationFactory(name="Kodehuset A/S")
    html = client.get(f"/organisationer/{supplier.slug}/").content.decode()
    assert supplier.cvr in html
    assert f'href="{supplier.website}"' in html
    assert f'href="mailto:{supplier.contact_email}"' in html
    assert 'data-testid="region-municipalities"' not in html


def test_detail_does_not_show_the_people_of_the_organisation(client: Client) -> None:
    supplier = OrganisationFactory()
    User.objects.create_user(email="medarbejder@example.org", organisation=supplier)
    html = client.get(f"/organisationer/{supplier.slug}/").content.decode()
    assert "medarbejder@example.org" not in html


def test_detail_query_count_is_fixed(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    # The organisation and its region's municipalities, plus the products it uses/supplies.
    with django_assert_max_num_queries(4):
        client.get("/organisationer/region-hovedstaden/")


def test_unknown_slug_is_404(client: Client) -> None:
    response = client.get("/organisationer/findes-ikke/")
    assert response.status_code == 404


def test_pages_are_read_only(client: Client) -> None:
    assert client.post(LIST_URL).status_code == 405


def test_acc01_no_registry_page_or_api_operation_writes(client: Client) -> None:
    """The registry is written only through its services, from the admin: its public
    pages take no POST, and its API operations only read."""
    for url in (LIST_URL, f"{LIST_URL}os2/"):
        assert client.post(url, {"name": "Hacket"}).status_code == 405
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    methods = {
        method
        for path, operations in paths.items()
        if path.startswith("/api/v1/organisations")
        for method in operations
    }
    assert methods == {"get"}
