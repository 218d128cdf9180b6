"""Who uses a product is derived from the agreements in force on a day."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from os2gov.catalogue import selectors
from os2gov.catalogue.models import ConnectionAgreement
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 15)


@pytest.fixture
def agreements() -> dict[str, ConnectionAgreement]:
    product = ProductFactory(name="OS2tid")
    make = ConnectionAgreementFactory
    return {
        "open": make(product=product, starts_on=datetime.date(2024, 1, 1), ends_on=None),
        "future": make(product=product, starts_on=DAY + datetime.timedelta(days=1)),
        "ended": make(
            product=product,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=DAY - datetime.timedelta(days=1),
        ),
        "ends_today": make(product=product, starts_on=datetime.date(2024, 1, 1), ends_on=DAY),
        "starts_today": make(product=product, starts_on=DAY, ends_on=datetime.date(2026, 1, 1)),
    }


def test_active_on_a_day_future_ended_open_ended_and_end_day_inclusive(
    agreements: dict[str, ConnectionAgreement],
) -> None:
    active = set(ConnectionAgreement.objects.active_on(DAY))
    assert active == {agreements["open"], agreements["ends_today"], agreements["starts_today"]}
    for key, agreement in agreements.items():
        assert agreement.is_active_on(DAY) == (agreement in active), key
    # The day after, the one that ended on DAY is gone and the future one has started.
    next_day = set(ConnectionAgreement.objects.active_on(DAY + datetime.timedelta(days=1)))
    assert next_day == {agreements["open"], agreements["future"], agreements["starts_today"]}


def test_user_municipalities_on_a_day(agreements: dict[str, ConnectionAgreement]) -> None:
    product = agreements["open"].product
    users = list(selectors.user_municipalities(product, on=DAY))
    expected = [agreements[k].organisation for k in ("open", "ends_today", "starts_today")]
    assert users == sorted(expected, key=lambda o: o.name)


def test_user_count_on_a_day_in_one_query(
    agreements: dict[str, ConnectionAgreement],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    ProductFactory(name="OS2tom")
    with django_assert_max_num_queries(1):
        counts = {p.name: p.user_count for p in selectors.product_list(on=DAY)}
    assert counts == {"OS2tid": 3, "OS2tom": 0}
    far_future = {
        p.name: p.user_count for p in selectors.product_list(on=datetime.date(2030, 1, 1))
    }
    assert far_future == {"OS2tid": 2, "OS2tom": 0}


def test_user_count_counts_an_organisation_once() -> None:
    first = ConnectionAgreementFactory(starts_on=DAY, ends_on=DAY)
    ConnectionAgreementFactory(
        product=first.product,
        organisation=first.organisation,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    [product] = selectors.product_list(on=DAY)
    assert product.user_count == 1


def test_product_list_filters_by_municipality_on_a_day(
    agreements: dict[str, ConnectionAgreement],
) -> None:
    other = ProductFactory(name="OS2andet")
    ended = agreements["ended"].organisation
    ConnectionAgreementFactory(product=other, organisation=ended, starts_on=DAY)
    by_object = [p.name for p in selectors.product_list(municipality=ended, on=DAY)]
    by_slug = [p.name for p in selectors.product_list(municipality=ended.slug, on=DAY)]
    assert by_object == by_slug == ["OS2andet"]
    # Before its agreement ended, it used OS2tid too.
    earlier = datetime.date(2024, 6, 1)
    assert [p.name for p in selectors.product_list(municipality=ended, on=earlier)] == ["OS2tid"]
    assert list(selectors.product_list(municipality="findes-ikke", on=DAY)) == []


def test_product_list_search_and_status() -> None:
    ProductFactory(name="OS2kalender", short_description="Booking af lokaler.", status="active")
    ProductFactory(name="OS2rollekatalog", short_description="Roller.", status="sandbox")
    ProductFactory(name="OS2gammel", short_description="Udfaset kalender.", status="archived")
    assert [p.name for p in selectors.product_list(search="kalender")] == [
        "OS2gammel",
        "OS2kalender",
    ]
    assert [p.name for p in selectors.product_list(search="  BOOKING ")] == ["OS2kalender"]
    assert [p.name for p in selectors.product_list(status="sandbox")] == ["OS2rollekatalog"]
    assert [p.name for p in selectors.product_list(search="kalender", status="archived")] == [
        "OS2gammel"
    ]


def test_product_list_defaults_to_today() -> None:
    today = timezone.localdate()
    ConnectionAgreementFactory(starts_on=today, ends_on=today)
    ConnectionAgreementFactory(starts_on=today + datetime.timedelta(days=1))
    assert sorted(p.user_count for p in selectors.product_list()) == [0, 1]


def test_product_detail_prefetches_suppliers_and_active_agreements(
    agreements: dict[str, ConnectionAgreement],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    product = agreements["open"].product
    ProductSupplierFactory(product=product)
    ProductSupplierFactory(product=product, delivers_hosting=True)
    with django_assert_max_num_queries(3):
        found = selectors.product_detail(product.slug, on=DAY)
        names = [s.organisation.name for s in found.suppliers.all()]
        holders = [a.organisation.name for a in found.active_agreements]
    assert len(names) == 2
    assert names == sorted(names)
    assert len(holders) == 3
    assert holders == sorted(holders)


def test_products_used_and_supplied_by() -> None:
    municipality = MunicipalityFactory()
    used = ConnectionAgreementFactory(organisation=municipality, starts_on=DAY).product
    ConnectionAgreementFactory(organisation=municipality, starts_on=DAY, ends_on=DAY)
    assert list(selectors.products_used_by(municipality, on=DAY + datetime.timedelta(days=1))) == [
        used
    ]
    assert len(selectors.products_used_by(municipality, on=DAY)) == 2
    supply = ProductSupplierFactory()
    assert list(selectors.products_supplied_by(supply.organisation)) == [supply]


def test_agreement_holders_are_those_with_any_agreement() -> None:
    past = ConnectionAgreementFactory(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 12, 31)
    )
    MunicipalityFactory()  # no agreement
    assert list(selectors.agreement_holders()) == [past.organisation]
