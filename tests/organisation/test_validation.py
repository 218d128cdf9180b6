"""CVR numbers and the rules that tie codes and regions to the type of organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from os2gov.organisation.models import Organisation, OrganisationType
from os2gov.organisation.validators import is_valid_cvr, validate_cvr
from tests.organisation.factories import (
    CVR_WEIGHTS,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    cvr_for,
)


def computed_cvr() -> str:
    """A CVR built here with the published weights: 1234567 + the digit that makes
    the weighted sum divisible by 11."""
    first_seven = "1234567"
    total = sum(int(d) * w for d, w in zip(first_seven, CVR_WEIGHTS, strict=False))
    check = -total % 11
    assert check < 10
    return first_seven + str(check)


def test_computed_cvr_is_valid() -> None:
    cvr = computed_cvr()
    assert cvr == "12345674"
    assert is_valid_cvr(cvr)
    validate_cvr(cvr)


@pytest.mark.parametrize("cvr", ["64942212", "29190623", "55133018"])
def test_known_valid_cvr_numbers(cvr: str) -> None:
    assert is_valid_cvr(cvr)


@pytest.mark.parametrize(
    ("cvr", "why"),
    [
        ("1234567", "seven digits"),
        ("123456741", "nine digits"),
        ("1234567A", "a letter"),
        ("12 34567", "a space"),
        ("12345675", "fails modulus 11"),
        ("02345674", "leading zero"),
        ("00000000", "all zeros"),
        ("".join(chr(0xFF10 + int(d)) for d in "12345674"), "full-width digits"),
        ("1234567\u00b2", "a superscript"),
    ],
)
def test_malformed_cvr_numbers_are_refused(cvr: str, why: str) -> None:
    assert not is_valid_cvr(cvr), why
    with pytest.raises(ValidationError) as excinfo:
        validate_cvr(cvr)
    assert excinfo.value.code == "invalid_cvr"


def test_factory_cvr_numbers_are_valid_and_distinct() -> None:
    numbers = [cvr_for(n) for n in range(500)]
    assert len(set(numbers)) == 500
    assert all(is_valid_cvr(n) for n in numbers)


def _errors(organisation: Organisation) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    return excinfo.value.message_dict


@pytest.mark.django_db
def test_model_refuses_a_bad_cvr() -> None:
    organisation = OrganisationFactory.build(cvr="12345675")
    assert "cvr" in _errors(organisation)


@pytest.mark.django_db
def test_municipality_needs_code_and_region() -> None:
    municipality = MunicipalityFactory.build(municipality_code="", region=None)
    errors = _errors(municipality)
    assert "municipality_code" in errors
    assert "region" in errors


@pytest.mark.django_db
def test_municipality_code_has_three_digits() -> None:
    region = RegionFactory()
    for code in ("12", "12a", "\u0661\u0662\u0663"):
        municipality = MunicipalityFactory.build(municipality_code=code, region=region)
        assert "municipality_code" in _errors(municipality)


@pytest.mark.django_db
def test_valid_municipality_passes() -> None:
    municipality = MunicipalityFactory.build(region=RegionFactory())
    municipality.full_clean()


@pytest.mark.django_db
def test_only_municipalities_have_a_municipality_code_or_a_region() -> None:
    supplier = OrganisationFactory.build(municipality_code="999", region=RegionFactory())
    errors = _errors(supplier)
    assert "municipality_code" in errors
    assert "region" in errors


@pytest.mark.django_db
def test_only_regions_have_a_region_code_and_regions_need_one() -> None:
    assert "region_code" in _errors(OrganisationFactory.build(region_code="9001"))
    assert "region_code" in _errors(RegionFactory.build(region_code=""))


@pytest.mark.django_db
def test_region_of_a_municipality_must_be_a_region() -> None:
    not_a_region = OrganisationFactory()
    municipality = MunicipalityFactory.build(region=not_a_region)
    assert "region" in _errors(municipality)


@pytest.mark.django_db
def test_municipality_code_is_unique() -> None:
    assert Organisation.objects.filter(municipality_code="101").exists()
    municipality = MunicipalityFactory.build(municipality_code="101", region=RegionFactory())
    assert _errors(municipality)


def test_type_choices_cover_the_registry() -> None:
    assert set(OrganisationType.values) == {
        "municipality",
        "region",
        "public_authority",
        "supplier",
        "association",
    }
