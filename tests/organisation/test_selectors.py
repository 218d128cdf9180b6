from __future__ import annotations

import pytest
from django.http import Http404
from pytest_django import DjangoAssertNumQueries

from os2gov.organisation import selectors
from os2gov.organisation.models import OrganisationType
from tests.organisation.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_list_filters_by_type() -> None:
    regions = selectors.organisation_list(type=OrganisationType.REGION)
    assert [r.name for r in regions] == [
        "Region Hovedstaden",
        "Region Midtjylland",
        "Region Nordjylland",
        "Region Sjælland",
        "Region Syddanmark",
    ]


def test_list_searches_name_case_insensitively_and_code_exactly() -> None:
    assert [o.name for o in selectors.organisation_list(search="LYNGBY")] == [
        "Lyngby-Taarbæk Kommune"
    ]
    assert [o.name for o in selectors.organisation_list(search="751")] == ["Aarhus Kommune"]
    assert [o.name for o in selectors.organisation_list(search=" 751 ")] == ["Aarhus Kommune"]
    assert not selectors.organisation_list(search="75").exists()


def test_list_combines_type_and_search() -> None:
    OrganisationFactory(name="Aarhus Software A/S")
    both = selectors.organisation_list(search="aarhus")
    assert {o.type for o in both} == {"municipality", "supplier"}
    suppliers = selectors.organisation_list(type="supplier", search="aarhus")
    assert [o.name for o in suppliers] == ["Aarhus Software A/S"]


def test_list_is_one_query_with_regions(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(1):
        names = [
            (o.name, o.region.name if o.region else None) for o in selectors.organisation_list()
        ]
    assert len(names) == 104


def test_type_counts() -> None:
    OrganisationFactory.create_batch(3)
    assert selectors.organisation_type_counts() == {
        "municipality": 98,
        "region": 5,
        "public_authority": 0,
        "supplier": 3,
        "association": 1,
    }


def test_detail_prefetches_region_and_municipalities(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(2):
        region = selectors.organisation_detail("region-nordjylland")
        names = [m.name for m in region.municipalities.all()]
    assert names[0] == "Aalborg Kommune"
    assert len(names) == 11
    with django_assert_num_queries(2):
        municipality = selectors.organisation_detail("aalborg-kommune")
        assert municipality.region is not None
        assert municipality.region.slug == "region-nordjylland"


def test_detail_of_unknown_slug_is_404() -> None:
    with pytest.raises(Http404):
        selectors.organisation_detail("findes-ikke")
