"""The reference data every install gets from the data migration."""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from os2gov.organisation.models import Organisation, OrganisationType

pytestmark = pytest.mark.django_db

DATA_FILE = (
    Path(__file__).resolve().parents[2] / "os2gov" / "organisation" / "data" / "municipalities.csv"
)


def test_ninety_eight_municipalities_each_with_a_unique_three_digit_code_and_a_region() -> None:
    municipalities = Organisation.objects.filter(type=OrganisationType.MUNICIPALITY)
    assert municipalities.count() == 98
    codes = list(municipalities.values_list("municipality_code", flat=True))
    assert len(set(codes)) == 98
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert not municipalities.filter(region__isnull=True).exists()
    assert not municipalities.exclude(region__type=OrganisationType.REGION).exists()


def test_five_regions_with_their_codes_and_municipality_counts() -> None:
    regions = {r.region_code: r for r in Organisation.objects.filter(type=OrganisationType.REGION)}
    assert {code: r.name for code, r in regions.items()} == {
        "1081": "Region Nordjylland",
        "1082": "Region Midtjylland",
        "1083": "Region Syddanmark",
        "1084": "Region Hovedstaden",
        "1085": "Region Sjælland",
    }
    counts = {code: r.municipalities.count() for code, r in regions.items()}
    assert counts == {"1081": 11, "1082": 19, "1083": 22, "1084": 29, "1085": 17}
    assert regions["1085"].slug == "region-sjaelland"


@pytest.mark.parametrize(
    ("code", "name", "slug", "region_code"),
    [
        ("101", "Københavns Kommune", "koebenhavns-kommune", "1084"),
        ("400", "Bornholms Regionskommune", "bornholms-regionskommune", "1084"),
        ("173", "Lyngby-Taarbæk Kommune", "lyngby-taarbaek-kommune", "1084"),
        ("169", "Høje-Taastrup Kommune", "hoeje-taastrup-kommune", "1084"),
        ("430", "Faaborg-Midtfyn Kommune", "faaborg-midtfyn-kommune", "1083"),
        ("492", "Ærø Kommune", "aeroe-kommune", "1083"),
        ("615", "Horsens Kommune", "horsens-kommune", "1082"),
        ("760", "Ringkøbing-Skjern Kommune", "ringkoebing-skjern-kommune", "1082"),
        ("773", "Morsø Kommune", "morsoe-kommune", "1081"),
        ("820", "Vesthimmerlands Kommune", "vesthimmerlands-kommune", "1081"),
        ("259", "Køge Kommune", "koege-kommune", "1085"),
    ],
)
def test_official_names_slugs_and_regions(
    code: str, name: str, slug: str, region_code: str
) -> None:
    municipality = Organisation.objects.select_related("region").get(municipality_code=code)
    assert municipality.name == name
    assert municipality.slug == slug
    assert municipality.region is not None
    assert municipality.region.region_code == region_code


def test_no_cvr_numbers_are_invented_and_all_rows_validate() -> None:
    assert not Organisation.objects.exclude(cvr="").exists()
    for organisation in Organisation.objects.select_related("region"):
        organisation.full_clean()


def test_the_os2_association() -> None:
    os2 = Organisation.objects.get(slug="os2")
    assert os2.type == OrganisationType.ASSOCIATION
    assert os2.name == "OS2 \u2013 Offentligt digitaliseringsfællesskab"
    assert os2.website == "https://www.os2.eu"


def test_data_file_has_98_rows_with_known_region_codes() -> None:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 98
    assert {row["region_code"] for row in rows} == {"1081", "1082", "1083", "1084", "1085"}
    assert list(rows[0]) == ["code", "name", "region_code"]


def test_running_the_data_migration_again_changes_nothing() -> None:
    migration = importlib.import_module("os2gov.organisation.migrations.0002_reference_data")
    before = list(Organisation.objects.order_by("pk").values())
    migration.load_reference_data(apps, None)
    after = list(Organisation.objects.order_by("pk").values())
    assert [{**row, "updated_at": None} for row in after] == [
        {**row, "updated_at": None} for row in before
    ]


def test_the_data_migration_repairs_a_renamed_municipality() -> None:
    migration = importlib.import_module("os2gov.organisation.migrations.0002_reference_data")
    Organisation.objects.filter(municipality_code="751").update(name="Århus Kommune")
    migration.load_reference_data(apps, None)
    assert Organisation.objects.get(municipality_code="751").name == "Aarhus Kommune"
    assert Organisation.objects.filter(type=OrganisationType.MUNICIPALITY).count() == 98
