"""What the governance part of the demo contains, as pure data (no database access).

``demo_plan(codes, scale)`` lists the products, their connection agreements and suppliers,
the members of the association's bodies and of the products' groups, and a few recorded
decisions, for the given (sorted) municipality codes and scale. The same arguments always
give the same plan, in any process (nothing here iterates over a set or depends on today's
date), and a larger scale only appends.

Every item has a ``step``: step 0 is the named demo fixture, which the loader creates
through the governance and catalogue services so that decisions and the audit trail exist;
each further ``--scale`` step adds volume (more agreements, coordination-group members,
general-assembly delegates and professional-group members), which is bulk-inserted.

All dates are fixed days in the past, so every open-ended membership is in force today and
the membership rules hold on every day of every membership: a coordination-group member
who represents a municipality only sits while it has a connection agreement (GRP-02), no
coordination group has two tovholders at once (GRP-07), secretariat staff sit only in the
professional group, which the secretariat serves (GRP-05, GRP-09), and the one group with
a member cap stays under it (GRP-03).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from os2gov.catalogue.models import SupplierRole
from os2gov.demo import generators
from os2gov.demo.accounts import ASSOCIATION_SLUG, DEMO_ACCOUNTS, OrganisationRef
from os2gov.demo.products import PRODUCT_TEXTS, ProductText
from os2gov.governance.models import (
    BodyKind,
    BodyPosition,
    CoordinationLead,
    GroupFocus,
    GroupKind,
    GroupRole,
    SupplierParticipation,
)

D = datetime.date
ASSOCIATION = OrganisationRef("slug", ASSOCIATION_SLUG)

# Group slugs (the groups' addresses under the product).
STEERING = "styregruppe"
COORDINATION = "koordinationsgruppe"
PROFESSIONAL = "faggruppe-rettighedsstyring"

# Volume per --scale step.
DELEGATES_PER_STEP = 8
PROFESSIONAL_MEMBERS_PER_STEP = 2
# Share of the municipalities that join a product in a volume step whose people take part
# in its coordination group (taking part is voluntary, GRP-02).
VOLUME_PARTICIPATION = 0.5
# Share of the agreements of a volume step that have ended (so history shows at scale).
VOLUME_ENDED_SHARE = 0.1
VOLUME_AGREEMENT_END = D(2024, 12, 31)
# The secretariat's first day in the demo: every mandate used by the demo rests on it, so
# it comes before every other date.
SECRETARIAT_SINCE = D(2016, 1, 1)


def municipality(code: str) -> OrganisationRef:
    return OrganisationRef("municipality_code", code)


def demo_supplier(index: int) -> OrganisationRef:
    return OrganisationRef("demo_supplier", str(index))


@dataclass(frozen=True)
class AgreementSpec:
    product: str  # product slug
    municipality_code: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    annual_contribution: Decimal
    reference: str
    step: int


@dataclass(frozen=True)
class SupplierLinkSpec:
    product: str
    supplier: int  # index of the demo supplier
    delivers: tuple[str, ...]  # SupplierRole values
    offers_data_processing_agreement: bool
    contract_reference: str


@dataclass(frozen=True)
class BodySeat:
    body: str  # a BodyKind value
    person: str  # e-mail address
    organisation: OrganisationRef  # the person's own organisation, which they represent
    position: str  # a BodyPosition value
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    step: int = 0


@dataclass(frozen=True)
class GroupSpec:
    product: str
    kind: str  # a GroupKind value
    name: str
    slug: str
    since: datetime.date  # the day the group is set up
    run_by: str = ""
    member_cap_per_municipality: int | None = None
    focus: str = ""
    min_meetings_per_year: int | None = None
    working_basis: str = ""


@dataclass(frozen=True)
class GroupSeat:
    product: str
    group: str  # the group's slug
    person: str  # e-mail address
    organisation: OrganisationRef  # whom the person represents
    role: str  # a GroupRole value
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    supplier_participation: str = ""
    agreement_reference: str = ""
    step: int = 0


@dataclass(frozen=True)
class DecisionSpec:
    """A decision recorded by hand (the services record the membership decisions)."""

    decided_on: datetime.date
    action: str  # a code of the mandate catalogue
    text: str
    meeting_reference: str
    body: str = ""  # a BodyKind value, or else product + group
    product: str = ""
    group: str = ""
    subjects: tuple[str, ...] = ()  # product slugs


@dataclass
class Plan:
    scale: int = 1
    people: list[generators.PersonSpec] = field(default_factory=list)
    products: list[ProductText] = field(default_factory=list)
    # The day each product (by slug) entered the catalogue, with its suppliers.
    listed_on: dict[str, datetime.date] = field(default_factory=dict)
    suppliers: list[SupplierLinkSpec] = field(default_factory=list)
    agreements: list[AgreementSpec] = field(default_factory=list)
    # The first secretariat membership: the root every other membership's mandate rests on.
    bootstrap: BodySeat | None = None
    body_seats: list[BodySeat] = field(default_factory=list)
    groups: list[GroupSpec] = field(default_factory=list)
    group_seats: list[GroupSeat] = field(default_factory=list)
    decisions: list[DecisionSpec] = field(default_factory=list)


# --- The products' setup ---------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    slug: str
    agreements_per_step: int
    users: tuple[str, ...]  # municipalities with an agreement in step 0; seats come from them
    agreement_years: tuple[int, int]
    groups_since: datetime.date
    suppliers: tuple[SupplierLinkSpec, ...]
    former_users: tuple[tuple[str, datetime.date], ...] = ()  # (code, last day of agreement)


def _link(
    product: str, supplier: int, delivers: tuple[str, ...], dpa: bool, contract: str
) -> SupplierLinkSpec:
    return SupplierLinkSpec(product, supplier, delivers, dpa, contract)


DEV, OPS, SUP, MAINT, HOST = (
    SupplierRole.DEVELOPMENT.value,
    SupplierRole.OPERATION.value,
    SupplierRole.SUPPORT.value,
    SupplierRole.MAINTENANCE.value,
    SupplierRole.HOSTING.value,
)

SETUPS: tuple[_Setup, ...] = (
    _Setup(
        "os2mo",
        10,
        ("851", "101", "630", "265", "751"),
        (2017, 2020),
        D(2021, 1, 15),
        (
            _link("os2mo", 0, (DEV, MAINT), True, "Udviklingsaftale OS2mo 2021 (demo)"),
            _link("os2mo", 1, (OPS, HOST, SUP), True, "Driftsaftale OS2mo 2022 (demo)"),
        ),
    ),
    _Setup(
        "os2iot",
        8,
        ("751", "461", "607", "730"),
        (2018, 2020),
        D(2021, 1, 15),
        (_link("os2iot", 2, (DEV, OPS, SUP, HOST), True, "Samlet aftale OS2iot 2021 (demo)"),),
        former_users=(("360", D(2023, 12, 31)),),
    ),
    _Setup(
        "os2rollekatalog",
        9,
        ("147", "173", "253", "510"),
        (2017, 2019),
        D(2020, 9, 1),
        (
            _link("os2rollekatalog", 3, (DEV, MAINT, SUP), True, "Udviklingsaftale 2020 (demo)"),
            _link("os2rollekatalog", 1, (OPS, HOST), True, "Driftsaftale 2021 (demo)"),
        ),
    ),
    _Setup(
        "os2faktor",
        7,
        ("157", "219", "240", "779"),
        (2018, 2020),
        D(2021, 9, 1),
        (_link("os2faktor", 3, (DEV, OPS, HOST, SUP), True, "Samlet aftale OS2faktor (demo)"),),
    ),
    _Setup(
        "os2borgerpc",
        8,
        ("316", "461", "580", "846"),
        (2017, 2019),
        D(2020, 3, 1),
        (_link("os2borgerpc", 4, (DEV, SUP, MAINT), False, "Supportaftale 2022 (demo)"),),
    ),
    _Setup(
        "os2forms",
        9,
        ("169", "101", "657", "710"),
        (2018, 2020),
        D(2021, 5, 1),
        (
            _link("os2forms", 5, (DEV, MAINT), True, "Udviklingsaftale OS2forms 2021 (demo)"),
            _link("os2forms", 0, (OPS, HOST), True, "Driftsaftale OS2forms 2021 (demo)"),
        ),
    ),
    _Setup(
        "os2valghalla",
        4,
        ("615", "851", "253"),
        (2024, 2024),
        D(2025, 1, 15),
        (_link("os2valghalla", 5, (DEV,), True, "Afprøvningsaftale 2024 (demo)"),),
    ),
    _Setup(
        "os2display",
        8,
        ("740", "561", "575", "813"),
        (2018, 2020),
        D(2021, 3, 1),
        (_link("os2display", 2, (DEV, HOST, SUP), False, "Aftale om OS2display 2021 (demo)"),),
    ),
)
SETUP_BY_SLUG = {setup.slug: setup for setup in SETUPS}
assert [setup.slug for setup in SETUPS] == [text.slug for text in PRODUCT_TEXTS]

# The product without a steering group (its coordination group holds the steering
# group's mandate, GRP-08) and the product with a professional group (GRP-09).
WITHOUT_STEERING_GROUP = "os2valghalla"
WITH_PROFESSIONAL_GROUP = "os2rollekatalog"

WORKING_BASIS = (
    "Faggruppen samler de medarbejdere i kommunerne, der arbejder med rettigheder og "
    "adgangsstyring i praksis. Vi deler erfaringer med at beskrive jobfunktioner, med "
    "ledernes løbende gennemgang af rettigheder og med at forklare revisorer, hvordan "
    "kommunen styrer adgang.\n\n"
    "Gruppen mødes to gange om året, skiftevis hos en af kommunerne og online. Mellem "
    "møderne deler vi skabeloner og gode eksempler i fællesskabets dokumentbibliotek. "
    "Faggruppen prioriterer ikke udviklingsønsker og har ingen økonomi; forslag til "
    "produktet sender vi videre til koordinationsgruppen. Sekretariatet indkalder og "
    "skriver referat."
)


# --- Building the plan --------------------------------------------------------------------


class _Builder:
    def __init__(self, codes: Sequence[str], scale: int) -> None:
        self.codes = list(codes)
        self.scale = scale
        self.plan = Plan(scale=scale)
        self._people: dict[str, generators.PersonSpec] = {}
        self._accounts = {account.key: account for account in DEMO_ACCOUNTS}
        self.agreements_by_product: dict[str, list[AgreementSpec]] = {}

    def person(self, key: str, organisation: OrganisationRef, title: str = "") -> str:
        """The e-mail address of the person in seat ``key`` (``account:<key>`` names a demo
        account), adding the person to the plan the first time."""
        if key.startswith("account:"):
            account = self._accounts[key.removeprefix("account:")]
            assert account.organisation == organisation, key
            return account.email
        spec = generators.named_person_spec(key, organisation, title)
        known = self._people.get(spec.email)
        if known is None:
            self._people[spec.email] = spec
            self.plan.people.append(spec)
        else:
            assert known.organisation == organisation, key
        return spec.email

    # --- bodies ---

    def body_seat(
        self,
        body: str,
        key: str,
        organisation: OrganisationRef,
        position: str,
        starts_on: datetime.date,
        ends_on: datetime.date | None = None,
        *,
        title: str = "",
        step: int = 0,
    ) -> str:
        email = self.person(key, organisation, title)
        self.plan.body_seats.append(
            BodySeat(body, email, organisation, position, starts_on, ends_on, step)
        )
        return email

    # --- groups ---

    def seat(
        self,
        product: str,
        group: str,
        key: str,
        own: OrganisationRef,
        role: str,
        starts_on: datetime.date,
        ends_on: datetime.date | None = None,
        *,
        represents: OrganisationRef | None = None,
        participation: str = "",
        agreement_reference: str = "",
        title: str = "",
        step: int = 0,
    ) -> None:
        email = self.person(key, own, title)
        self.plan.group_seats.append(
            GroupSeat(
                product=product,
                group=group,
                person=email,
                organisation=represents or own,
                role=role,
                starts_on=starts_on,
                ends_on=ends_on,
                supplier_participation=participation,
                agreement_reference=agreement_reference,
                step=step,
            )
        )


def _agreements(builder: _Builder, setup: _Setup) -> list[AgreementSpec]:
    """Step 0 holds the setup's users (and former users) first; each further step adds
    ``agreements_per_step`` municipalities in a fixed, shuffled order."""
    former = [code for code, _end in setup.former_users]
    ended = dict(setup.former_users)
    fixed = [*setup.users, *former]
    others = [code for code in builder.codes if code not in fixed]
    generators.seeded_faker("agreement-order", setup.slug).random.shuffle(others)
    order = [code for code in fixed if code in builder.codes] + others
    per_step = setup.agreements_per_step
    latest_start = setup.groups_since - datetime.timedelta(days=30)
    first_year, last_year = setup.agreement_years
    specs: list[AgreementSpec] = []
    for index, code in enumerate(order[: per_step * builder.scale]):
        step = index // per_step
        fake = generators.seeded_faker(f"agreement-{setup.slug}", index)
        starts_on = min(
            D(fake.random_int(first_year, last_year), fake.random_int(1, 12), 1), latest_start
        )
        ends_on = ended.get(code)
        if step > 0 and fake.random.random() < VOLUME_ENDED_SHARE:
            ends_on = VOLUME_AGREEMENT_END
        contribution = Decimal(fake.random_int(8, 60) * 2500).quantize(Decimal("0.01"))
        specs.append(
            AgreementSpec(
                product=setup.slug,
                municipality_code=code,
                starts_on=starts_on,
                ends_on=ends_on,
                annual_contribution=contribution,
                reference=f"TA-{setup.slug.upper()}-{starts_on.year}-{index + 1:03d}",
                step=step,
            )
        )
    return specs


def _bodies(b: _Builder) -> None:
    m = municipality
    secretariat = BodyKind.SECRETARIAT
    # The root of every mandate: the demo secretariat account's own membership.
    b.plan.bootstrap = BodySeat(
        secretariat,
        b.person("account:secretariat", ASSOCIATION),
        ASSOCIATION,
        BodyPosition.STAFF,
        SECRETARIAT_SINCE,
    )
    b.body_seat(
        secretariat,
        "sekretariat-leder",
        ASSOCIATION,
        BodyPosition.HEAD,
        SECRETARIAT_SINCE,
        title="Sekretariatschef",
    )
    b.body_seat(
        secretariat,
        "sekretariat-tidligere",
        ASSOCIATION,
        BodyPosition.STAFF,
        SECRETARIAT_SINCE,
        D(2022, 12, 31),
        title="Konsulent",
    )
    b.body_seat(
        secretariat,
        "sekretariat-2",
        ASSOCIATION,
        BodyPosition.STAFF,
        D(2021, 8, 1),
        title="Konsulent",
    )
    b.body_seat(
        secretariat,
        "sekretariat-community",
        ASSOCIATION,
        BodyPosition.COMMUNITY_MANAGER,
        D(2022, 2, 1),
        title="Community manager",
    )

    board = BodyKind.BOARD
    director = "Digitaliseringsdirektør"
    b.body_seat(
        board,
        "bestyrelse-formand-tidligere",
        m("265"),
        BodyPosition.CHAIR,
        D(2019, 5, 1),
        D(2023, 5, 31),
        title=director,
    )
    b.body_seat(board, "bestyrelse-4", m("159"), BodyPosition.MEMBER, D(2019, 5, 1), D(2023, 5, 31))
    b.body_seat(board, "bestyrelse-naestformand", m("561"), BodyPosition.VICE_CHAIR, D(2021, 6, 1))
    b.body_seat(board, "bestyrelse-1", m("740"), BodyPosition.MEMBER, D(2021, 6, 1))
    b.body_seat(board, "bestyrelse-2", m("860"), BodyPosition.MEMBER, D(2021, 6, 1))
    b.body_seat(board, "account:board_member", m("751"), BodyPosition.MEMBER, D(2022, 6, 1))
    b.body_seat(
        board, "bestyrelse-formand", m("157"), BodyPosition.CHAIR, D(2023, 6, 1), title=director
    )
    b.body_seat(board, "bestyrelse-3", m("330"), BodyPosition.MEMBER, D(2023, 6, 1))

    committee = BodyKind.BUSINESS_COMMITTEE
    since = D(2023, 9, 1)
    b.body_seat(committee, "forretningsudvalg-formand", m("621"), BodyPosition.CHAIR, since)
    b.body_seat(
        committee, "forretningsudvalg-naestformand", m("730"), BodyPosition.VICE_CHAIR, since
    )
    for code in ("253", "410", "461"):
        b.body_seat(committee, f"forretningsudvalg-{code}", m(code), BodyPosition.MEMBER, since)

    coordination = BodyKind.COORDINATION_COMMITTEE
    b.body_seat(coordination, "koordinationsudvalg-formand", m("169"), BodyPosition.CHAIR, since)
    b.body_seat(
        coordination, "koordinationsudvalg-naestformand", m("607"), BodyPosition.VICE_CHAIR, since
    )
    for code in ("791", "219", "851"):
        b.body_seat(
            coordination, f"koordinationsudvalg-{code}", m(code), BodyPosition.MEMBER, since
        )

    assembly = BodyKind.GENERAL_ASSEMBLY
    last, current = D(2024, 4, 25), D(2025, 4, 24)
    for code in ("706", "825"):
        b.body_seat(
            assembly,
            f"generalforsamling-2024-{code}",
            m(code),
            BodyPosition.DELEGATE,
            last,
            current - datetime.timedelta(days=1),
        )
    b.body_seat(assembly, "generalforsamling-dirigent", m("147"), BodyPosition.CHAIR, current)
    delegates = ("101", "461", "751", "851", "630", "265", "157", "561", "740", "316")
    for code in delegates:
        b.body_seat(assembly, f"generalforsamling-{code}", m(code), BodyPosition.DELEGATE, current)
    # Volume: more delegates for each further step.
    taken = {"706", "825", "147", *delegates}
    others = [code for code in b.codes if code not in taken]
    generators.seeded_faker("delegate-order", 0).random.shuffle(others)
    for step in range(1, b.scale):
        for code in others[(step - 1) * DELEGATES_PER_STEP : step * DELEGATES_PER_STEP]:
            b.body_seat(
                assembly,
                f"generalforsamling-{code}",
                m(code),
                BodyPosition.DELEGATE,
                current,
                step=step,
            )


def _steering(b: _Builder, setup: _Setup) -> None:
    slug, users, since = setup.slug, setup.users, setup.groups_since
    m = municipality
    start = since + datetime.timedelta(days=14)
    b.plan.groups.append(
        GroupSpec(slug, GroupKind.STEERING, "Styregruppe", STEERING, since, min_meetings_per_year=4)
    )
    seat = partial(b.seat, slug, STEERING)

    board_member, appointee = GroupRole.BOARD_MEMBER, GroupRole.BOARD_APPOINTEE
    if slug == "os2mo":
        seat("os2mo-styregruppe-formand", m("751"), GroupRole.CHAIR, start, title="Direktør")
        seat("os2mo-styregruppe-1", m("265"), GroupRole.MEMBER, start)
        seat("account:steering_group_member", m("101"), GroupRole.MEMBER, D(2022, 3, 1))
        seat("bestyrelse-1", m("740"), board_member, D(2022, 1, 10), represents=ASSOCIATION)
        return
    seat(f"{slug}-styregruppe-formand", m(users[1]), GroupRole.CHAIR, start, title="Kontorchef")
    seat(f"{slug}-styregruppe-1", m(users[2]), GroupRole.MEMBER, start)
    if slug == "os2iot":
        # The board's seat changed hands when the chair left the board.
        seat(
            "bestyrelse-formand-tidligere",
            m("265"),
            board_member,
            start,
            ends_on=D(2023, 5, 31),
            represents=ASSOCIATION,
        )
        seat("bestyrelse-formand", m("157"), board_member, D(2023, 6, 1), represents=ASSOCIATION)
    elif slug == "os2faktor":
        seat("account:board_member", m("751"), board_member, D(2022, 9, 1), represents=ASSOCIATION)
    elif slug == "os2forms":
        # Board seats start once the board member has joined the board.
        seat(
            "bestyrelse-naestformand",
            m("561"),
            board_member,
            D(2021, 6, 15),
            represents=ASSOCIATION,
        )
    elif slug == "os2display":
        seat("bestyrelse-2", m("860"), board_member, D(2021, 6, 15), represents=ASSOCIATION)
    else:
        # Appointed by the board from outside it, representing the board.
        code = {"os2rollekatalog": "173", "os2borgerpc": "440"}[slug]
        seat(
            f"{slug}-udpeget",
            m(code),
            appointee,
            start,
            represents=ASSOCIATION,
            title="Digitaliseringschef",
        )


def _coordination(b: _Builder, setup: _Setup, agreements: list[AgreementSpec]) -> None:
    slug, users, since = setup.slug, setup.users, setup.groups_since
    m = municipality
    start = since + datetime.timedelta(days=30)
    run_by = {
        "os2borgerpc": CoordinationLead.SUPPLIER,
        "os2forms": CoordinationLead.PRODUCT_COORDINATOR,
    }.get(slug, CoordinationLead.MUNICIPAL_TOVHOLDER)
    focus = (
        GroupFocus.DEVELOPMENT_AND_DISSEMINATION
        if run_by == CoordinationLead.PRODUCT_COORDINATOR
        else GroupFocus.DEVELOPMENT
    )
    b.plan.groups.append(
        GroupSpec(
            slug,
            GroupKind.COORDINATION,
            "Koordinationsgruppe",
            COORDINATION,
            since,
            run_by=run_by,
            member_cap_per_municipality=2 if slug == "os2mo" else None,
            focus=focus,
            min_meetings_per_year=6 if slug == "os2mo" else 4,
        )
    )
    seat = partial(b.seat, slug, COORDINATION)

    first_supplier = setup.suppliers[0].supplier
    if slug == "os2mo":
        # The tovholder handed over in 2023 and stayed on as a member (GRP-07 history).
        handover = D(2023, 7, 1)
        before = handover - datetime.timedelta(days=1)
        seat("os2mo-tovholder-tidligere", m("265"), GroupRole.TOVHOLDER, start, ends_on=before)
        seat("os2mo-tovholder-tidligere", m("265"), GroupRole.MEMBER, handover)
        seat("account:coordinator", m("851"), GroupRole.TOVHOLDER, handover)
        for code in ("101", "630", "751"):
            seat(f"os2mo-koordination-{code}", m(code), GroupRole.MEMBER, start)
        seat(
            "account:supplier_user",
            demo_supplier(0),
            GroupRole.SUPPLIER_REPRESENTATIVE,
            D(2021, 9, 1),
            participation=SupplierParticipation.WRITTEN_AGREEMENT,
            agreement_reference="Udviklingsaftale OS2mo 2021 (demo), bilag 3",
        )
    else:
        lead_role = (
            GroupRole.PRODUCT_COORDINATOR
            if run_by == CoordinationLead.PRODUCT_COORDINATOR
            else GroupRole.TOVHOLDER
        )
        title = "Produktkoordinator" if lead_role == GroupRole.PRODUCT_COORDINATOR else ""
        seat(f"{slug}-tovholder", m(users[0]), lead_role, start, title=title)
        for code in users[1:4]:
            seat(f"{slug}-koordination-{code}", m(code), GroupRole.MEMBER, start)
        written = slug in ("os2faktor", "os2borgerpc")
        seat(
            f"{slug}-leverandoer",
            demo_supplier(first_supplier),
            GroupRole.SUPPLIER_REPRESENTATIVE,
            start + datetime.timedelta(days=30),
            participation=(
                SupplierParticipation.WRITTEN_AGREEMENT
                if written
                else SupplierParticipation.VOLUNTARY
            ),
            agreement_reference=setup.suppliers[0].contract_reference if written else "",
        )
    # A municipality that stopped using the product left the group the day its agreement
    # ended.
    for code, last_day in setup.former_users:
        seat(f"{slug}-koordination-{code}", m(code), GroupRole.MEMBER, start, ends_on=last_day)
    # Volume: people from the municipalities that joined in later steps.
    for index, agreement in enumerate(agreements):
        if agreement.step == 0 or agreement.ends_on is not None:
            continue
        fake = generators.seeded_faker(f"participant-{slug}", index)
        if fake.random.random() >= VOLUME_PARTICIPATION:
            continue
        joined = max(agreement.starts_on, start) + datetime.timedelta(days=fake.random_int(0, 180))
        seat(
            f"{slug}-deltager-{index + 1}",
            m(agreement.municipality_code),
            GroupRole.MEMBER,
            joined,
            step=agreement.step,
        )


def _professional(b: _Builder, setup: _Setup) -> None:
    slug = setup.slug
    m = municipality
    since = D(2022, 3, 1)
    b.plan.groups.append(
        GroupSpec(
            slug,
            GroupKind.PROFESSIONAL,
            "Faggruppe om rettighedsstyring",
            PROFESSIONAL,
            since,
            min_meetings_per_year=2,
            working_basis=WORKING_BASIS,
        )
    )
    start = since + datetime.timedelta(days=14)
    b.seat(slug, PROFESSIONAL, f"{slug}-faggruppe-formand", m("253"), GroupRole.CHAIR, start)
    for code in ("147", "510", "607"):
        b.seat(slug, PROFESSIONAL, f"{slug}-faggruppe-{code}", m(code), GroupRole.MEMBER, start)
    # The secretariat serves the professional groups (GRP-09); no exception is needed here.
    b.seat(slug, PROFESSIONAL, "sekretariat-2", ASSOCIATION, GroupRole.SECRETARIAT, start)
    taken = {"253", "147", "510", "607"}
    others = [code for code in b.codes if code not in taken]
    generators.seeded_faker("professional-order", slug).random.shuffle(others)
    for step in range(1, b.scale):
        for offset, code in enumerate(
            others[
                (step - 1) * PROFESSIONAL_MEMBERS_PER_STEP : step * PROFESSIONAL_MEMBERS_PER_STEP
            ]
        ):
            b.seat(
                slug,
                PROFESSIONAL,
                f"{slug}-faggruppe-{code}",
                m(code),
                GroupRole.MEMBER,
                start + datetime.timedelta(days=90 * step + offset),
                step=step,
            )


def _decisions(b: _Builder) -> None:
    board, committee = BodyKind.BOARD, BodyKind.BUSINESS_COMMITTEE
    b.plan.decisions.extend(
        [
            DecisionSpec(
                D(2023, 8, 22),
                "board_guidelines.set",
                "Bestyrelsen fastsatte retningslinjer for forretningsudvalgets og "
                "koordinationsudvalgets arbejde i den kommende periode.",
                "Bestyrelsesmøde 22. august 2023",
                body=board,
            ),
            DecisionSpec(
                D(2023, 10, 11),
                "product.recommend",
                "Forretningsudvalget anbefaler bestyrelsen at godkende OS2display som produkt "
                "i fællesskabet.",
                "Forretningsudvalgsmøde 11. oktober 2023",
                body=committee,
                subjects=("os2display",),
            ),
            DecisionSpec(
                D(2023, 11, 7),
                "product.approve",
                "Bestyrelsen godkendte OS2display som produkt i fællesskabet på "
                "forretningsudvalgets anbefaling.",
                "Bestyrelsesmøde 7. november 2023",
                body=board,
                subjects=("os2display",),
            ),
            DecisionSpec(
                D(2024, 2, 20),
                "operations_criteria.recommend",
                "Koordinationsudvalget anbefaler bestyrelsen fælles driftskriterier for "
                "arkitektur, SLA og test.",
                "Koordinationsudvalgsmøde 20. februar 2024",
                body=BodyKind.COORDINATION_COMMITTEE,
            ),
            DecisionSpec(
                D(2024, 3, 12),
                "operations_criteria.approve",
                "Bestyrelsen godkendte driftskriterierne for arkitektur, SLA og test på "
                "koordinationsudvalgets anbefaling.",
                "Bestyrelsesmøde 12. marts 2024",
                body=board,
            ),
            DecisionSpec(
                D(2024, 11, 26),
                "economic_frame.set",
                "Styregruppen fastsatte den økonomiske ramme for 2025. Koordinationsgruppen kan "
                "selv sætte udviklingsønsker i gang inden for 400.000 kr. af rammen.",
                "Styregruppemøde 26. november 2024",
                product="os2mo",
                group=STEERING,
            ),
            DecisionSpec(
                D(2025, 3, 4),
                "economic_frame.set",
                "Koordinationsgruppen fastsatte den økonomiske ramme for 2025. OS2valghalla har "
                "ingen styregruppe, så koordinationsgruppen har styregruppens mandat.",
                "Koordinationsgruppemøde 4. marts 2025",
                product=WITHOUT_STEERING_GROUP,
                group=COORDINATION,
            ),
            DecisionSpec(
                D(2025, 4, 24),
                "general_assembly.decide",
                "Generalforsamlingen godkendte, at fællesskabets produkter kan udgives under "
                "licenserne MPL-2.0, EUPL-1.2 og GPL-3.0-or-later.",
                "Generalforsamling 24. april 2025",
                body=BodyKind.GENERAL_ASSEMBLY,
            ),
        ]
    )


def demo_plan(codes: Sequence[str], scale: int) -> Plan:
    """The governance demo for the municipality ``codes`` (sorted) at ``scale``."""
    if scale < 1:
        raise ValueError("The scale is a whole number of at least 1.")
    b = _Builder(codes, scale)
    _bodies(b)
    for text, setup in zip(PRODUCT_TEXTS, SETUPS, strict=True):
        b.plan.products.append(text)
        b.plan.listed_on[text.slug] = D(setup.agreement_years[0] - 1, 9, 1)
        b.plan.suppliers.extend(setup.suppliers)
        agreements = _agreements(b, setup)
        b.plan.agreements.extend(agreements)
        if setup.slug != WITHOUT_STEERING_GROUP:
            _steering(b, setup)
        _coordination(b, setup, agreements)
        if setup.slug == WITH_PROFESSIONAL_GROUP:
            _professional(b, setup)
    _decisions(b)
    return b.plan
