"""factory_boy factories for the organisation registry."""

from __future__ import annotations

import csv
from pathlib import Path

import factory

from os2gov.organisation.models import Organisation, OrganisationType
from os2gov.organisation.slugs import danish_slugify

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)

_DATA = Path(__file__).resolve().parents[2] / "os2gov" / "organisation" / "data"
with (_DATA / "municipalities.csv").open(encoding="utf-8", newline="") as _handle:
    _OFFICIAL_CODES = {row["code"] for row in csv.DictReader(_handle)}
# Three-digit codes no real municipality has, so factories never clash with the real ones.
FREE_MUNICIPALITY_CODES = [f"{n:03d}" for n in range(1000) if f"{n:03d}" not in _OFFICIAL_CODES]


def cvr_check_digit(first_seven: str) -> int | None:
    """The eighth digit that makes ``first_seven`` a valid CVR number, or None if there
    is none (the modulus-11 remainder would need a check digit of 10)."""
    total = sum(int(d) * w for d, w in zip(first_seven, CVR_WEIGHTS[:7], strict=True))
    digit = -total % 11
    return digit if digit < 10 else None


def cvr_for(n: int) -> str:
    """A valid CVR number, different for every ``n`` >= 0.

    Even seven-digit prefixes are tried first, then the odd one after it (never used by
    another ``n``); the two differ by 2 in the weighted sum, so one of them has a check digit.
    """
    for prefix in (3_000_000 + 2 * n, 3_000_000 + 2 * n + 1):
        digit = cvr_check_digit(str(prefix))
        if digit is not None:
            return f"{prefix}{digit}"
    raise AssertionError("unreachable: one of two neighbouring prefixes has a check digit")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A supplier with a valid CVR number by default."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Leverandør {n} A/S")
    slug = factory.LazyAttribute(lambda o: danish_slugify(o.name))
    type = OrganisationType.SUPPLIER
    cvr = factory.Sequence(cvr_for)
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org")
    contact_email = factory.LazyAttribute(lambda o: f"kontakt@{o.slug}.example.org")


class RegionFactory(OrganisationFactory):
    # 9xxx: no real region has such a code.
    name = factory.Sequence(lambda n: f"Testregion {n}")
    type = OrganisationType.REGION
    region_code = factory.Sequence(lambda n: f"9{n % 1000:03d}")
    cvr = ""


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    type = OrganisationType.MUNICIPALITY
    municipality_code = factory.Sequence(
        lambda n: FREE_MUNICIPALITY_CODES[-1 - n % len(FREE_MUNICIPALITY_CODES)]
    )
    region = factory.SubFactory(RegionFactory)
    cvr = ""
