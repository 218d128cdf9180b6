"""A governance world with an economy, for the wish and economy tests.

Built on the mandate tests' world (tests/authority/conftest.py): OS2alfa has a steering
group and a coordination group; OS2beta has only a coordination group (GRP-08). Here:

* OS2alfa is used by four municipalities (Prøvested, Nordby, Sydby, Østby), each
  contributing DKK 100,000.00 a year; OS2beta by Prøvested alone. Fjernby uses neither.
* Kodeværket A/S (the supplier representative's company) develops both products.
* OS2alfa's frame this year: contributions 400,000.00 + other funding 100,000.00 minus paid
  product coordinator 50,000.00 = 450,000.00; the coordination group may commit
  150,000.00 on its own.

Every person and organisation is fictional.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.economy.models import EconomicFrame, FundingLine, FundingLineKind
from os2gov.organisation.models import Organisation
from os2gov.wishes.models import DoneCriterion, Support, Wish, WishScope, WishState
from tests.authority.conftest import SINCE, World, build_world, fresh, make_person
from tests.organisation.factories import MunicipalityFactory

CONTRIBUTION = Decimal("100000.00")
OTHER_FUNDING = Decimal("100000.00")
COORDINATOR = Decimal("50000.00")
FRAME_TOTAL = Decimal("450000.00")
OWN_LIMIT = Decimal("150000.00")
SMALL = Decimal("50000.00")  # fits the frame and the coordination group's own limit
LARGE = Decimal("300000.00")  # fits the frame, not the coordination group's own limit

# The roles of the transition matrix (people of tests/authority's world).
MATRIX_ROLES = (
    "coordination_group_member",
    "tovholder",
    "supplier_representative",
    "steering_group_member",
    "secretariat_staff",
    "municipality_user",
    "anonymous",
)


def this_year() -> int:
    return timezone.localdate().year


@dataclass
class WishWorld:
    base: World
    nordby: Organisation
    sydby: Organisation
    ostby: Organisation
    fjernby: Organisation
    alfa_supplier: ProductSupplier
    beta_supplier: ProductSupplier
    alfa_frame: EconomicFrame
    people: dict[str, Any]

    @property
    def alfa(self) -> Product:
        return self.base.alfa

    @property
    def beta(self) -> Product:
        return self.base.beta

    @property
    def municipality(self) -> Organisation:
        return self.base.municipality

    def __getitem__(self, role: str) -> Any:
        """The person as a request would see them (nothing remembered)."""
        if role in self.base.people:
            return fresh(self.base, role)
        return User.objects.get(pk=self.people[role].pk)


def agree(product: Product, organisation: Organisation, **extra: Any) -> ConnectionAgreement:
    extra.setdefault("starts_on", SINCE)
    extra.setdefault("annual_contribution", CONTRIBUTION)
    return ConnectionAgreement.objects.create(product=product, organisation=organisation, **extra)


def make_frame(
    product: Product,
    set_by: User,
    *,
    year: int | None = None,
    limit: Decimal = OWN_LIMIT,
    other: Decimal = OTHER_FUNDING,
    coordinator: Decimal = COORDINATOR,
) -> EconomicFrame:
    frame = EconomicFrame.objects.create(
        product=product, year=year or this_year(), coordination_group_limit=limit, set_by=set_by
    )
    if other:
        FundingLine.objects.create(frame=frame, label="Fælles pulje", amount=other)
    if coordinator:
        FundingLine.objects.create(
            frame=frame,
            kind=FundingLineKind.PRODUCT_COORDINATOR,
            label="Frikøbt produktkoordinator",
            amount=coordinator,
        )
    return frame


def build_wish_world() -> WishWorld:
    base = build_world()
    municipality = base.municipality
    nordby = cast(Organisation, MunicipalityFactory(name="Nordby Kommune"))
    sydby = cast(Organisation, MunicipalityFactory(name="Sydby Kommune"))
    ostby = cast(Organisation, MunicipalityFactory(name="Østby Kommune"))
    fjernby = cast(Organisation, MunicipalityFactory(name="Fjernby Kommune"))
    for organisation in (municipality, nordby, sydby, ostby):
        agree(base.alfa, organisation)
    agree(base.beta, municipality)
    alfa_supplier = ProductSupplier.objects.create(
        product=base.alfa, organisation=base.supplier, delivers_development=True
    )
    beta_supplier = ProductSupplier.objects.create(
        product=base.beta, organisation=base.supplier, delivers_development=True
    )
    people = {
        "nordby_user": make_person("bruger@nordby.example.org", "Nora Nordby", nordby),
        "nordby_colleague": make_person("kollega@nordby.example.org", "Niels Nordby", nordby),
        "sydby_user": make_person("bruger@sydby.example.org", "Sofie Sydby", sydby),
        "ostby_user": make_person("bruger@ostby.example.org", "Otto Østby", ostby),
        "fjernby_user": make_person("bruger@fjernby.example.org", "Frida Fjernby", fjernby),
    }
    frame = make_frame(base.alfa, base.people["steering_group_member"])
    return WishWorld(
        base=base,
        nordby=nordby,
        sydby=sydby,
        ostby=ostby,
        fjernby=fjernby,
        alfa_supplier=alfa_supplier,
        beta_supplier=beta_supplier,
        alfa_frame=frame,
        people=people,
    )


_counter = iter(range(1, 1_000_000))


def make_wish(
    world: WishWorld,
    *,
    state: str = WishState.SUBMITTED,
    product: Product | None = None,
    title: str | None = None,
    estimate: Decimal | None = SMALL,
    ready_to_start: bool = False,
    supported_by: tuple[Organisation, ...] = (),
    **fields: Any,
) -> Wish:
    """A wish put straight into ``state`` (set-up only: the services are what is tested).
    ``ready_to_start`` records DONE (two criteria), the orderer, the supplier and the
    approver."""
    product = product or world.alfa
    number = next(_counter)
    fields.setdefault("scope", WishScope.GENERAL)
    wish = Wish.objects.create(
        product=product,
        title=title or f"Ønske nummer {number}",
        description="Et fiktivt udviklingsønske.",
        submitter=world.base.people["municipality_user"],
        submitter_municipality=world.municipality,
        state=state,
        estimate=estimate,
        estimated_on=datetime.date(2025, 1, 1) if estimate is not None else None,
        **fields,
    )
    if ready_to_start:
        make_ready(world, wish)
    for organisation in supported_by:
        Support.objects.create(wish=wish, municipality=organisation)
    return wish


def make_ready(world: WishWorld, wish: Wish) -> Wish:
    DoneCriterion.objects.create(wish=wish, position=1, text="Brugeren kan eksportere til CSV.")
    DoneCriterion.objects.create(wish=wish, position=2, text="Eksporten er dokumenteret.")
    wish.orderer = world.base.people["tovholder"]
    wish.delivering_supplier = (
        world.alfa_supplier if wish.product_id == world.alfa.pk else world.beta_supplier
    )
    wish.delivery_approver = world.base.people["coordination_group_member"]
    wish.save()
    return wish


def commit(world: WishWorld, wish: Wish, *, mandate: str = "wish.start") -> Wish:
    """Record ``wish`` as committed against OS2alfa's frame (set-up for later states)."""
    wish.committed_frame = world.alfa_frame
    wish.frame_commitment = wish.approved_amount or wish.estimate
    wish.commitment_mandate = mandate
    wish.save()
    return wish
