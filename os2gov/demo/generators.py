"""Deterministic generators of fictional demo data.

Every item is drawn from a Faker("da_DK") seeded with the fixed ``SEED`` and the item's
index, so the same index always gives the same item, on any machine and in any database,
and a larger ``--scale`` only appends items: the first N items never change. The functions
here are pure (no database access) so tests can compare their output directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import slugify
from faker import Faker

from os2gov.demo.accounts import DEMO_EMAIL_DOMAIN, OrganisationRef
from os2gov.organisation.validators import is_valid_cvr

SEED = 42
SUPPLIERS_PER_SCALE = 6
PEOPLE_PER_SCALE = 40
# Share of the generated people who work at a supplier; the rest work at a municipality.
SUPPLIER_SHARE = 0.25

_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_SUPPLIER_TRADES = ("Digital", "Software", "IT", "Data", "Systemer", "Consult", "Solutions")
_SUPPLIER_SUFFIXES = (" A/S", " ApS")
_PUBLIC_TITLES = (
    "IT-projektleder",
    "Digitaliseringskonsulent",
    "Fagkoordinator",
    "Systemejer",
    "Teamleder",
    "Specialkonsulent",
    "Enhedschef",
    "IT-arkitekt",
    "Produktejer",
    "Sagsbehandler",
)
_SUPPLIER_TITLES = (
    "Udvikler",
    "Projektleder",
    "Kundeansvarlig",
    "Løsningsarkitekt",
    "Supportkonsulent",
    "Scrum master",
)
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


@dataclass(frozen=True)
class SupplierSpec:
    name: str
    slug: str
    cvr: str
    contact_email: str


@dataclass(frozen=True)
class PersonSpec:
    email: str
    name: str
    title: str
    organisation: OrganisationRef


_FAKER: Faker | None = None


def _faker(kind: str, index: int | str) -> Faker:
    """The shared Faker, re-seeded for this item (making a Faker is slow, seeding is not)."""
    global _FAKER
    if _FAKER is None:
        _FAKER = Faker("da_DK")
    _FAKER.seed_instance(f"{SEED}-{kind}-{index}")
    return _FAKER


def seeded_faker(kind: str, index: int | str) -> Faker:
    """A Faker seeded for item ``index`` of ``kind``, for other pure demo modules. Use it
    before asking for the next one: it is shared."""
    return _faker(kind, index)


def _cvr(fake: Faker) -> str:
    """A CVR number passing the modulus-11 check. It starts with 9, a range the Danish
    Business Authority has not issued, so it cannot be a real company's number."""
    while True:
        digits = "9" + "".join(str(fake.random_digit()) for _ in range(6))
        total = sum(int(d) * w for d, w in zip(digits, _CVR_WEIGHTS[:7], strict=True))
        check = -total % 11
        if check < 10:
            cvr = digits + str(check)
            assert is_valid_cvr(cvr)
            return cvr


def _ascii_local_part(text: str) -> str:
    return slugify(text.lower().translate(_TRANSLITERATION)).replace("-", ".")


def supplier_specs(count: int) -> list[SupplierSpec]:
    """The first ``count`` fictional suppliers, with unique names, slugs and CVR numbers."""
    specs: list[SupplierSpec] = []
    names: set[str] = set()
    slugs: set[str] = set()
    cvrs: set[str] = set()
    for index in range(count):
        fake = _faker("supplier", index)
        base = fake.last_name()
        if fake.boolean(chance_of_getting_true=40):
            base = f"{base} & {fake.last_name()}"
        name = f"{base} {fake.random_element(_SUPPLIER_TRADES)}"
        suffix = fake.random_element(_SUPPLIER_SUFFIXES)
        if name + suffix in names:
            name = f"{name} {index + 1}"
        name += suffix
        cvr = _cvr(fake)
        while cvr in cvrs:
            cvr = _cvr(fake)
        slug = slugify(name.lower().translate(_TRANSLITERATION))
        if slug in slugs:
            slug = f"{slug}-{index + 1}"
        names.add(name)
        slugs.add(slug)
        cvrs.add(cvr)
        specs.append(
            SupplierSpec(
                name=name,
                slug=slug,
                cvr=cvr,
                contact_email=f"kontakt@{slug}.{DEMO_EMAIL_DOMAIN}",
            )
        )
    return specs


def person_specs(count: int, municipality_codes: Sequence[str]) -> list[PersonSpec]:
    """The first ``count`` fictional people, spread over the given municipalities (pass
    them sorted) and the demo suppliers. Person ``i`` only ever refers to a supplier of the
    same scale step, so it exists whenever person ``i`` does."""
    if not municipality_codes:
        raise ValueError("At least one municipality is needed to place the demo people.")
    specs: list[PersonSpec] = []
    for index in range(count):
        fake = _faker("person", index)
        first, last = fake.first_name(), fake.last_name()
        if fake.random.random() < SUPPLIER_SHARE:
            step = index // PEOPLE_PER_SCALE
            supplier = step * SUPPLIERS_PER_SCALE + fake.random_int(0, SUPPLIERS_PER_SCALE - 1)
            organisation = OrganisationRef("demo_supplier", str(supplier))
            title = fake.random_element(_SUPPLIER_TITLES)
        else:
            code = fake.random_element(list(municipality_codes))
            organisation = OrganisationRef("municipality_code", code)
            title = fake.random_element(_PUBLIC_TITLES)
        local = f"{_ascii_local_part(first)}.{_ascii_local_part(last)}.{index + 1}"
        specs.append(
            PersonSpec(
                email=f"{local}@{DEMO_EMAIL_DOMAIN}",
                name=f"{first} {last}",
                title=title,
                organisation=organisation,
            )
        )
    return specs


def named_person_spec(key: str, organisation: OrganisationRef, title: str = "") -> PersonSpec:
    """The fictional person who fills the demo seat ``key`` (e.g. ``os2mo-tovholder``),
    working at ``organisation``. The same key always gives the same person; ``key`` is part
    of the e-mail address, so keys must be unique, lower-case ASCII."""
    fake = _faker("member", key)
    first, last = fake.first_name(), fake.last_name()
    if not title:
        supplier = organisation.kind == "demo_supplier"
        title = fake.random_element(_SUPPLIER_TITLES if supplier else _PUBLIC_TITLES)
    local = f"{_ascii_local_part(first)}.{_ascii_local_part(last)}.{key}"
    return PersonSpec(
        email=f"{local}@{DEMO_EMAIL_DOMAIN}",
        name=f"{first} {last}",
        title=title,
        organisation=organisation,
    )
