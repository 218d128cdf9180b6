"""The development wishes of the demo: economic frames for every product and year, and a
few hundred wishes across the eight products in every state of the workflow, with
supports, pledges, deliveries and benefit follow-ups; each further ``--scale`` step adds
about as many again (229 at scale 1, 457 at scale 2).

``wish_specs(slug, scale)`` is the plan, as pure data: the same product and scale always
give the same wishes (drawn from Faker seeded per wish), each with its final state, its
texts and the fixed days of its way there (2024 and 2025, never today); a larger scale
only appends. The wishes a further step adds wait in the backlog, before the steering
group, or were rejected, parked or closed: none is started or approved, so the frames, set
once, hold the money of every scale.

``load_wishes`` walks each wish along that way through the services, with the demo people
whose job each step is: people from user municipalities submit, support and pledge; the
coordination group's lead reviews, estimates, prioritises, starts, closes and accepts; the
supplier's representative delivers; the steering group (or, without one, the coordination
group: GRP-08) sets the frames, approves and rejects and follows up the benefits. So every
decision, audit event and line of a wish's timeline is the one the platform itself would
write, and the money works out: the frames are set first, and each year's starts stay
within the frame and the coordination group's own limit.

The services date decisions by the ``on`` day given; the moments of the wish's own timeline
(``WishEvent.occurred_at``, the wish's, supports' and pledges' ``created_at``) are written
by ``auto_now_add``, so the rows each step writes are noted (``post_save``) and given the
plan's moment at the end. The audit trail keeps the moment the demo was loaded. The
coordination group decides at its meetings and the steering group at its own, so the
decisions fall on meeting days. The backlogs' scores and ranks are computed once per
product at the end (``priority_refresh_deferred``), not after every step, and so is each
product's level (see ``load_wishes``).

Like the rest of the demo it only creates what is missing: a product's wishes of a scale
step that exist are left alone (a step is known by its titles), and so is an existing
frame. Nobody is notified of this invented history.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.demo import generators
from os2gov.demo.accounts import DEMO_ACCOUNTS
from os2gov.economy import services as economy
from os2gov.economy.models import EconomicFrame, FundingLineKind, Pledge
from os2gov.governance.models import Decision, Group, GroupKind, GroupMembership, GroupRole
from os2gov.levels import signals as level_signals
from os2gov.organisation.models import Organisation, OrganisationType
from os2gov.wishes import notifications
from os2gov.wishes import services as wishes
from os2gov.wishes.models import (
    CloseReason,
    Support,
    Wish,
    WishCategory,
    WishEvent,
    WishScope,
    WishState,
)
from os2gov.wishes.services.priority import priority_refresh_deferred
from os2gov.wishes.services.transitions import add_months

D = datetime.date
S = WishState
Progress = Callable[[str, int, int], None]
# The receiver of levels/signals.py that notes a recorded decision's products.
LEVELS_DECISION_RECEIVER = "levels:save:Decision"

END = D(2025, 12, 12)  # the last day of the demo's history
STEP = Decimal("2500")
FRAME_YEARS = (2024, 2025, 2026)
# The product whose groups are new: its history starts in 2025 and runs faster.
NEW_PRODUCT = "os2valghalla"
NEW_PRODUCT_SINCE = D(2025, 3, 20)
PAID_COORDINATOR = "os2forms"  # run by a paid product coordinator (ECO-05)
OTHER_FUNDING = {NEW_PRODUCT: Decimal("75000.00")}
DEFAULT_OTHER_FUNDING = Decimal("150000.00")
COORDINATOR_FUNDING = Decimal("120000.00")
OWN_LIMITS = {"os2mo": Decimal("400000.00"), NEW_PRODUCT: Decimal("100000.00")}
DEFAULT_OWN_LIMIT = Decimal("250000.00")
# The days the frames are set: the year before, after the autumn budget meetings. The
# OS2mo 2025 and OS2valghalla 2025 days are those of the decisions recorded in plan.py.
FRAME_DAYS = {
    (NEW_PRODUCT, 2025): D(2025, 3, 4),
    ("os2mo", 2025): D(2024, 11, 26),
}


# --- The texts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    title: str  # "{x}": what the wish is about, e.g. "ledere"
    again: str  # the same wish in other words (a duplicate)
    category: str
    want: str  # completes "vi vil gerne kunne …"


THEMES: tuple[Theme, ...] = (
    Theme(
        "Eksport af {x} til regneark",
        "Mulighed for at trække {x} ud i Excel",
        WishCategory.NEW_FUNCTIONALITY,
        "trække {x} ud til et regneark og arbejde videre med dem",
    ),
    Theme(
        "Bedre søgning i {x}",
        "Søgefunktionen finder ikke {x}",
        WishCategory.IMPROVEMENT,
        "søge i {x} på dele af navne og med filtre",
    ),
    Theme(
        "Historik over ændringer i {x}",
        "Log over hvem der har ændret {x}",
        WishCategory.NEW_FUNCTIONALITY,
        "se hvem der har ændret {x}, og hvornår",
    ),
    Theme(
        "Masseredigering af {x}",
        "Ændre mange {x} på én gang",
        WishCategory.IMPROVEMENT,
        "rette mange {x} på én gang i stedet for én ad gangen",
    ),
    Theme(
        "Besked ved ændringer i {x}",
        "Notifikation når {x} ændres",
        WishCategory.NEW_FUNCTIONALITY,
        "få besked, når {x} ændres",
    ),
    Theme(
        "Adgang til {x} via API",
        "Åbent API til {x}",
        WishCategory.NEW_FUNCTIONALITY,
        "hente {x} fra vores egne systemer gennem et API",
    ),
    Theme(
        "Fejl i visningen af {x} efter opdatering",
        "{x} vises forkert siden sidste version",
        WishCategory.ERROR,
        "se {x} korrekt igen, som før den seneste opdatering",
    ),
    Theme(
        "Tilgængelig visning af {x}",
        "Skærmlæservenlig visning af {x}",
        WishCategory.IMPROVEMENT,
        "bruge visningen af {x} med skærmlæser og tastatur alene",
    ),
    Theme(
        "Opdatering af komponenterne bag {x}",
        "Forældede komponenter i {x}",
        WishCategory.MAINTENANCE,
        "stole på, at komponenterne bag {x} er opdaterede og understøttede",
    ),
    Theme(
        "Overvågning af driften af {x}",
        "Alarm når {x} ikke opdateres",
        WishCategory.OPERATION,
        "se med det samme, når der er driftsproblemer med {x}",
    ),
)

SUBJECTS: dict[str, tuple[str, ...]] = {
    "os2mo": ("enheder", "ledere", "ansættelser", "tilknytninger", "lokationer", "IT-brugere"),
    "os2iot": ("sensorer", "målinger", "datastrømme", "gateways", "alarmer", "enhedsprofiler"),
    "os2rollekatalog": (
        "jobfunktionsroller",
        "rolletildelinger",
        "attesteringer",
        "systemroller",
        "rollebuketter",
        "brugerrettigheder",
    ),
    "os2faktor": (
        "log-in-forløb",
        "MFA-enheder",
        "tjenesteudbydere",
        "brugerkonti",
        "adgangslogs",
        "sikringsniveauer",
    ),
    "os2borgerpc": (
        "borgermaskiner",
        "scripts",
        "maskingrupper",
        "sikkerhedshændelser",
        "printeropsætninger",
        "åbningstider",
    ),
    "os2forms": (
        "formularer",
        "indsendelser",
        "betalinger",
        "skabeloner",
        "sagsoverførsler",
        "kvitteringer",
    ),
    "os2valghalla": ("tilforordnede", "valgsteder", "opgavetyper", "vagtplaner", "beskeder"),
    "os2display": ("skærme", "spillelister", "slides", "skabeloner", "kampagner", "skærmgrupper"),
}

DONE_TEXTS = (
    "Funktionen er beskrevet i brugervejledningen.",
    "Der er automatiske tests, der dækker ændringen.",
    "Skærmbillederne overholder WCAG 2.1 AA.",
    "Ændringen er afprøvet i to kommuners testmiljø.",
    "Ændringen er beskrevet i release notes.",
    "Eksisterende data virker uændret efter opdateringen.",
)
ROLES = ("systemejer", "sagsbehandler", "IT-medarbejder", "leder", "superbruger")
CLOSE_NOTES = {
    CloseReason.OUTSIDE_BUSINESS_NEED: (
        "Ønsket hører til kommunens eget fagsystem og ligger uden for produktets forretningsbehov."
    ),
    CloseReason.NO_BROAD_BENEFIT: (
        "Kun én kommune har behovet, og ingen andre har meldt sig i et halvt år. Kommunen "
        "kan bestille det som et lokalt ønske."
    ),
    CloseReason.WITHDRAWN: "Kommunen har trukket ønsket tilbage; behovet er løst på anden vis.",
}
REJECT_REASON = (
    "Styregruppen prioriterer andre ønsker i år. Koordinationsgruppen kan indstille ønsket "
    "igen, når rammen for næste år er fastsat."
)


# --- The plan --------------------------------------------------------------------------------

# The final states and how many wishes end in each, per product. The order is the order
# the wishes are walked: the started ones first, so each year's money is spent by the
# coordination group before the steering group approves more; the duplicate last, after
# its original.
STATES: tuple[tuple[str, str, int], ...] = (
    # (final state, variant, how many)
    (S.REALISED, "rework", 1),
    (S.REALISED, "", 1),
    (S.FOLLOW_UP, "", 2),
    (S.ACCEPTED, "", 1),
    (S.STARTED, "pledged", 1),
    (S.STARTED, "", 1),
    (S.IN_DELIVERY, "", 2),
    (S.DELIVERED, "", 1),
    (S.DELIVERY_REJECTED, "", 1),
    (S.APPROVED, "", 1),
    (S.REJECTED, "", 1),
    (S.RECOMMENDED, "", 1),
    (S.PRIORITISED, "pledged", 1),
    (S.PRIORITISED, "", 3),
    (S.PARKED, "", 1),
    (S.UNDER_REVIEW, "", 3),
    (S.SUBMITTED, "local", 1),
    (S.SUBMITTED, "", 3),
    (S.CLOSED, CloseReason.WITHDRAWN, 1),
    (S.CLOSED, CloseReason.OUTSIDE_BUSINESS_NEED, 1),
    (S.CLOSED, CloseReason.NO_BROAD_BENEFIT, 1),
    (S.CLOSED, CloseReason.DUPLICATE, 1),
)
# Each further --scale step adds as many wishes again per product (the new product about
# half as many), all still before any money is committed: backlogs grow, while every
# frame, set once, keeps holding the starts and approvals of the first step.
VOLUME_STATES: tuple[tuple[str, str, int], ...] = (
    (S.RECOMMENDED, "", 1),
    (S.REJECTED, "", 2),
    (S.PRIORITISED, "pledged", 2),
    (S.PRIORITISED, "", 6),
    (S.PARKED, "", 2),
    (S.UNDER_REVIEW, "", 6),
    (S.SUBMITTED, "local", 1),
    (S.SUBMITTED, "", 6),
    (S.CLOSED, CloseReason.WITHDRAWN, 1),
    (S.CLOSED, CloseReason.OUTSIDE_BUSINESS_NEED, 1),
    (S.CLOSED, CloseReason.NO_BROAD_BENEFIT, 1),
    (S.CLOSED, CloseReason.DUPLICATE, 1),
)
# What the wishes of each further step are about besides their subject (their titles differ
# from those of every other step).
VOLUME_QUALIFIERS = (
    "for superbrugere",
    "på mobile enheder",
    "i rapporterne",
    "for nye brugere",
    "ved årsskiftet",
    "på tværs af forvaltninger",
    "i selvbetjeningen",
    "for eksterne samarbejdspartnere",
)
# The new product has a shorter history: one wish of each kind above, fewer kinds.
NEW_PRODUCT_LEAVES_OUT: set[tuple[str, str]] = {
    (S.REALISED, ""),
    (S.FOLLOW_UP, ""),
    (S.CLOSED, CloseReason.WITHDRAWN),
}

# The steps to each final state, after the submission and the supports.
DELIVERY = ("review", "prioritise", "start", "begin", "deliver")
PATHS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (),
    S.UNDER_REVIEW: ("review",),
    S.PARKED: ("review", "park"),
    S.PRIORITISED: ("review", "prioritise"),
    S.RECOMMENDED: ("review", "prioritise", "recommend"),
    S.APPROVED: ("review", "prioritise", "recommend", "approve"),
    S.REJECTED: ("review", "prioritise", "recommend", "reject"),
    S.STARTED: ("review", "prioritise", "start"),
    S.IN_DELIVERY: ("review", "prioritise", "start", "begin"),
    S.DELIVERED: DELIVERY,
    S.DELIVERY_REJECTED: (*DELIVERY, "reject_delivery"),
    S.ACCEPTED: (*DELIVERY, "accept"),
    S.FOLLOW_UP: (*DELIVERY, "accept", "follow_up"),
    S.REALISED: (*DELIVERY, "accept", "follow_up", "realise"),
    S.CLOSED: ("review",),
}
REWORK = (*DELIVERY, "reject_delivery", "resume", "deliver", "accept", "follow_up", "realise")
CLOSING = {
    CloseReason.WITHDRAWN: (),
    CloseReason.OUTSIDE_BUSINESS_NEED: ("review",),
    CloseReason.NO_BROAD_BENEFIT: ("review", "prioritise"),
    CloseReason.DUPLICATE: ("review",),
}
# Days between a step and the one before (the new product's history runs faster).
GAPS: dict[str, tuple[int, int]] = {
    "support": (2, 20),
    "review": (7, 21),
    "prioritise": (14, 35),
    "pledge": (3, 10),
    "start": (14, 40),
    "begin": (5, 14),
    "deliver": (40, 80),
    "reject_delivery": (5, 14),
    "resume": (3, 7),
    "accept": (5, 14),
    "follow_up": (0, 14),  # after the follow-up day set on acceptance
    "realise": (30, 60),
    "recommend": (14, 30),
    "approve": (14, 35),
    "reject": (14, 35),
    "park": (10, 30),
    "close": (10, 40),
}
NEW_PRODUCT_PACE = 0.35
NEW_PRODUCT_FOLLOW_UP_DAYS = 45

# When wishes ending in each state are submitted: (first day, last day).
WINDOWS: dict[str, tuple[D, D]] = {
    S.REALISED: (D(2024, 1, 8), D(2024, 3, 20)),
    S.FOLLOW_UP: (D(2024, 1, 8), D(2024, 4, 15)),
    S.ACCEPTED: (D(2024, 2, 1), D(2024, 4, 15)),
    S.STARTED: (D(2024, 12, 1), D(2025, 5, 31)),
    S.IN_DELIVERY: (D(2024, 12, 1), D(2025, 5, 15)),
    S.DELIVERED: (D(2024, 12, 1), D(2025, 4, 30)),
    S.DELIVERY_REJECTED: (D(2024, 12, 1), D(2025, 4, 15)),
    S.RECOMMENDED: (D(2025, 1, 10), D(2025, 7, 31)),
    S.APPROVED: (D(2025, 1, 10), D(2025, 6, 30)),
    S.REJECTED: (D(2025, 1, 10), D(2025, 6, 30)),
    S.PRIORITISED: (D(2024, 6, 1), D(2025, 8, 31)),
    S.PARKED: (D(2025, 3, 1), D(2025, 9, 30)),
    S.UNDER_REVIEW: (D(2025, 4, 1), D(2025, 10, 31)),
    S.SUBMITTED: (D(2025, 8, 15), D(2025, 11, 30)),
    S.CLOSED: (D(2024, 3, 1), D(2025, 8, 31)),
}
NEW_PRODUCT_WINDOWS: dict[str, tuple[D, D]] = {
    S.REALISED: (NEW_PRODUCT_SINCE, D(2025, 4, 5)),
    S.FOLLOW_UP: (NEW_PRODUCT_SINCE, D(2025, 4, 20)),
    S.ACCEPTED: (NEW_PRODUCT_SINCE, D(2025, 5, 15)),
    S.SUBMITTED: (D(2025, 9, 1), D(2025, 11, 30)),
    S.UNDER_REVIEW: (D(2025, 6, 1), D(2025, 10, 31)),
    S.PARKED: (D(2025, 5, 1), D(2025, 9, 30)),
}
NEW_PRODUCT_DEFAULT_WINDOW = (D(2025, 4, 1), D(2025, 7, 31))


@dataclass(frozen=True)
class Step:
    name: str
    day: datetime.date
    argument: int = 0  # which supporter (support), the follow-up day offset, …


@dataclass(frozen=True)
class WishSpec:
    product: str
    index: int
    title: str
    description: str
    category: str
    scope: str
    expected_benefit: str
    expected_hours_per_year: int | None
    final_state: str
    variant: str
    submitted_on: datetime.date
    steps: tuple[Step, ...]
    submitter_slot: int  # which user municipality submits it, resolved when loading
    estimate: Decimal | None
    assessment: tuple[int, int, int]  # benefit, strategic fit, urgency
    done: tuple[str, ...]
    pledge: Decimal | None
    follow_up_on: datetime.date | None = None  # given on acceptance (else six months on)
    duplicate_of: int | None = None  # the index of the original
    jira_key: str = ""
    step: int = 0  # the --scale step that adds it (0: the demo at scale 1)

    @property
    def start_year(self) -> int | None:
        return next((s.day.year for s in self.steps if s.name == "start"), None)


def _sequence(slug: str, state: str, variant: str) -> list[str]:
    if variant == "rework":
        return list(REWORK)
    if state == S.CLOSED:
        return [*CLOSING[CloseReason(variant)], "close"]
    steps = list(PATHS[state])
    if variant == "pledged":
        steps.insert(steps.index("prioritise") + 1, "pledge")
    return steps


def _money(fake: Any, low: int, high: int, step: Decimal = STEP) -> Decimal:
    units = fake.random_int(int(low / step), int(high / step))
    return (step * units).quantize(Decimal("0.01"))


def _own_limit(slug: str) -> Decimal:
    return OWN_LIMITS.get(slug, DEFAULT_OWN_LIMIT)


def _estimate(fake: Any, slug: str, state: str, steps: Sequence[str]) -> Decimal | None:
    """Within the coordination group's own limit for the wishes it starts (at most seven a
    year stay under it), beyond it for those it recommends."""
    if "prioritise" not in steps and "recommend" not in steps:
        return None
    new = slug == NEW_PRODUCT
    if "recommend" in steps:
        limit = _own_limit(slug)
        return _money(fake, int(limit) + 10_000, int(limit) + (50_000 if new else 90_000), STEP)
    if "start" in steps:
        return _money(fake, 8_000, 14_000, Decimal(500)) if new else _money(fake, 15_000, 35_000)
    return _money(fake, 10_000, 60_000 if new else 120_000)


# Who takes each step: the coordination group decides at its monthly meeting (the first
# Tuesday; the new product's group meets every other Tuesday while it starts up), the
# steering group at its monthly meeting (the first Thursday); the supplier and the
# municipalities act on any day.
GROUP_STEPS = frozenset(
    {"review", "prioritise", "start", "accept", "reject_delivery", "recommend", "park", "close"}
)
STEERING_STEPS = frozenset({"approve", "reject", "follow_up", "realise"})
TUESDAY, THURSDAY = 1, 3


def group_meeting(day: D, *, fortnightly: bool = False) -> D:
    """The coordination group's first meeting on or after ``day``."""
    while day.weekday() != TUESDAY or (day.isocalendar().week % 2 if fortnightly else day.day > 7):
        day += datetime.timedelta(days=1)
    return day


def steering_meeting(day: D) -> D:
    """The steering group's first meeting on or after ``day``."""
    while day.weekday() != THURSDAY or day.day > 7:
        day += datetime.timedelta(days=1)
    return day


def _days(
    submitted: D, steps: Sequence[str], gaps: Sequence[int], new: bool
) -> tuple[list[D], D | None]:
    day, days, follow_up_on = submitted, [], None
    accepted: D | None = None
    for name, gap in zip(steps, gaps, strict=True):
        day += datetime.timedelta(days=gap)
        if name == "follow_up":
            assert accepted is not None
            due = follow_up_on or add_months(accepted, 6)
            day = max(day, due + datetime.timedelta(days=gap))
        if name in GROUP_STEPS:
            day = group_meeting(day, fortnightly=new)
        elif name in STEERING_STEPS:
            day = steering_meeting(day)
        if name == "accept":
            accepted = day
            if new:
                follow_up_on = day + datetime.timedelta(days=NEW_PRODUCT_FOLLOW_UP_DAYS)
        days.append(day)
    return days, follow_up_on


def _pledge(fake: Any, estimate: Decimal | None) -> Decimal:
    """A municipality's co-financing: a fifth to two fifths of the estimate (WSH-10)."""
    assert estimate is not None
    share = Decimal(fake.random_int(20, 40)) / 100
    return (estimate * share / 1000).quantize(Decimal(1)) * 1000 + Decimal("0.00")


def _schedule(
    fake: Any,
    slug: str,
    state: str,
    steps: Sequence[str],
    supports: int,
    window: tuple[D, D] | None = None,
) -> tuple[D, list[Step], D | None]:
    new = slug == NEW_PRODUCT
    first, last = window or (
        NEW_PRODUCT_WINDOWS.get(state, NEW_PRODUCT_DEFAULT_WINDOW) if new else WINDOWS[state]
    )
    submitted = first + datetime.timedelta(days=fake.random_int(0, (last - first).days))
    pace = NEW_PRODUCT_PACE if new else 1.0
    names = ["support"] * supports + list(steps)
    gaps = []
    for name in names:
        low, high = GAPS[name]
        gaps.append(max(1, round(fake.random_int(low, high) * pace)))
    days, follow_up_on = _days(submitted, names, gaps, new)
    # Keep the history in the past of the demo, in the years its frames are for.
    while days and days[-1] > END:
        submitted -= datetime.timedelta(days=(days[-1] - END).days)
        days, follow_up_on = _days(submitted, names, gaps, new)
    planned = [
        Step(name, day, number if name == "support" else 0)
        for number, (name, day) in enumerate(zip(names, days, strict=True))
    ]
    return submitted, planned, follow_up_on


def wish_specs(slug: str, scale: int = 1) -> list[WishSpec]:
    """The demo wishes of the product ``slug`` at ``scale``, in the order they are loaded:
    those of scale 1, then those each further step adds (a larger scale only appends)."""
    specs: list[WishSpec] = []
    for step in range(scale):
        specs += _step_specs(slug, step, first=len(specs))
    return specs


def _qualifier(step: int) -> str:
    qualifier = VOLUME_QUALIFIERS[(step - 1) % len(VOLUME_QUALIFIERS)]
    rounds = (step - 1) // len(VOLUME_QUALIFIERS)
    return f" – {qualifier}" + (f" ({rounds + 1})" if rounds else "")


def _step_specs(slug: str, step: int, *, first: int) -> list[WishSpec]:
    """The wishes of ``slug`` that scale step ``step`` adds, numbered from ``first``."""
    new = slug == NEW_PRODUCT
    subjects = SUBJECTS[slug]
    combinations = [(theme, subject) for subject in subjects for theme in THEMES]
    order = slug if step == 0 else f"{slug}-{step}"
    generators.seeded_faker("wish-order", order).random.shuffle(combinations)
    qualifier = _qualifier(step) if step else ""
    specs: list[WishSpec] = []
    original: int | None = None  # its position in ``specs``
    for state, variant, count in STATES if step == 0 else VOLUME_STATES:
        if new and step == 0:
            if (state, variant) in NEW_PRODUCT_LEAVES_OUT:
                continue
            count = 1
        elif new:
            count = (count + 1) // 2
        for _number in range(count):
            position = len(specs)
            index = first + position
            fake = generators.seeded_faker(f"wish-{slug}", index)
            theme, subject = combinations[position]
            steps = _sequence(slug, state, variant)
            supports = fake.random_int(0, 2 if state != S.SUBMITTED else 1)
            window = None
            if state == S.CLOSED and variant == CloseReason.DUPLICATE:
                # Submitted again after the original.
                assert original is not None
                since = specs[original].submitted_on
                window = (since + datetime.timedelta(days=7), since + datetime.timedelta(days=60))
            submitted, schedule, follow_up_on = _schedule(
                fake, slug, state, steps, supports, window
            )
            duplicate_of = None
            if state == S.CLOSED and variant == CloseReason.DUPLICATE:
                assert original is not None
                duplicate_of = first + original
                theme, subject = combinations[original]
                title = theme.again.format(x=subject) + qualifier
                title = title[0].upper() + title[1:]
            else:
                title = theme.title.format(x=subject) + qualifier
                title = title[0].upper() + title[1:]
            if state == S.PRIORITISED and original is None and variant == "":
                original = position
            role = fake.random_element(ROLES)
            hours = fake.random_int(4, 60) * 10 if fake.boolean(60) else None
            description = (
                f"Som {role} vil vi gerne kunne {theme.want.format(x=subject)}. I dag "
                "foregår det manuelt eller i regneark ved siden af systemet, og det tager tid "
                "og giver fejl."
            )
            benefit = (
                f"Vi regner med at spare omkring {hours} timer om året på tværs af kommunerne."
                if hours
                else "Færre fejl og et mere ensartet arbejde."
            )
            estimate = _estimate(fake, slug, state, steps)
            starts = "start" in steps
            specs.append(
                WishSpec(
                    product=slug,
                    index=index,
                    title=title,
                    description=description,
                    category=theme.category,
                    scope=WishScope.LOCAL if variant == "local" else WishScope.GENERAL,
                    expected_benefit=benefit,
                    expected_hours_per_year=hours,
                    final_state=state,
                    variant=variant,
                    submitted_on=submitted,
                    steps=tuple(schedule),
                    submitter_slot=fake.random_int(0, 99),
                    estimate=estimate,
                    assessment=(
                        fake.random_int(1, 5),
                        fake.random_int(1, 5),
                        fake.random_int(0, 5),
                    ),
                    done=tuple(fake.random_sample(DONE_TEXTS, length=fake.random_int(2, 4)))
                    if starts
                    else (),
                    pledge=_pledge(fake, estimate) if "pledge" in steps else None,
                    follow_up_on=follow_up_on,
                    duplicate_of=duplicate_of,
                    jira_key=f"{slug.upper()}-{101 + index}" if starts else "",
                    step=step,
                )
            )
    return specs


def frame_day(slug: str, year: int) -> datetime.date:
    return FRAME_DAYS.get((slug, year), D(year - 1, 11, 26))


def frame_years(slug: str) -> tuple[int, ...]:
    return tuple(y for y in FRAME_YEARS if slug != NEW_PRODUCT or y >= NEW_PRODUCT_SINCE.year)


# --- Loading ----------------------------------------------------------------------------------


@dataclass
class WishesResult:
    frames: int = 0
    wishes: int = 0


@dataclass
class _Cast:
    """The demo people of one product, and what they act for."""

    product: Product
    lead: User  # the coordination group's tovholder or product coordinator
    steering: User  # who holds the steering group's mandate (GRP-08)
    supplier: ProductSupplier
    supplier_person: User
    voices: list[tuple[Organisation, list[User]]]  # user municipalities and their people
    supports: dict[int, Support] = field(default_factory=dict)


def _at(day: datetime.date, number: int) -> datetime.datetime:
    minutes = 9 * 60 + (number * 47) % (7 * 60)
    moment = datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
    return timezone.make_aware(moment)


class _WishLoader:
    def __init__(self, products: dict[str, Product], progress: Progress) -> None:
        self.products = products
        self.progress = progress
        self.result = WishesResult()
        self.demo_emails = [account.email for account in DEMO_ACCOUNTS]
        # The rows each step writes, and the moment of the plan they are given.
        self.moment = timezone.now()
        self.written: list[tuple[Any, datetime.datetime]] = []
        self.touched: set[int] = set()  # the products given frames or wishes

    # --- who acts ---

    def _member(self, product: Product, kind: str, roles: Sequence[str], day: D) -> User:
        memberships = (
            GroupMembership.objects.active_on(day)
            .filter(
                group__product=product,
                group__kind=kind,
                role__in=roles,
                organisation__type=OrganisationType.MUNICIPALITY,
            )
            .select_related("person__organisation")
            .order_by("starts_on", "pk")
        )
        people = [m.person for m in memberships]
        # A demo account, where one sits there, so that its logins show the decisions.
        people.sort(key=lambda p: (p.email not in self.demo_emails, p.pk))
        return people[0]

    def _lead(self, product: Product, day: D) -> User:
        roles = [GroupRole.TOVHOLDER, GroupRole.PRODUCT_COORDINATOR]
        return self._member(product, GroupKind.COORDINATION, roles, day)

    def _steering(self, product: Product, day: D) -> User:
        """A member of the steering group, or the lead of the coordination group holding
        its mandate where the product has none (GRP-08)."""
        if not Group.objects.filter(product=product, kind=GroupKind.STEERING).exists():
            return self._lead(product, day)
        return self._member(product, GroupKind.STEERING, [GroupRole.CHAIR, GroupRole.MEMBER], day)

    def _cast(self, product: Product, since: D) -> _Cast:
        lead = self._lead(product, since)
        steering = self._steering(product, since)
        representative = (
            GroupMembership.objects.active_on(since)
            .filter(
                group__product=product,
                group__kind=GroupKind.COORDINATION,
                role=GroupRole.SUPPLIER_REPRESENTATIVE,
            )
            .select_related("person__organisation")
            .get()
        )
        supplier = ProductSupplier.objects.select_related("organisation").get(
            product=product, organisation=representative.organisation
        )
        users = (
            ConnectionAgreement.objects.active_on(since)
            .filter(product=product)
            .filter(organisation__type=OrganisationType.MUNICIPALITY)
            .exclude(ends_on__lt=END)
            .select_related("organisation")
            .order_by("organisation__municipality_code", "pk")
        )
        people: dict[int, list[User]] = {}
        for person in User.objects.filter(
            organisation__in=[a.organisation_id for a in users], is_active=True
        ).select_related("organisation"):
            assert person.organisation_id is not None
            people.setdefault(person.organisation_id, []).append(person)
        voices = []
        for agreement in users:
            found = people.get(agreement.organisation_id)
            if found:
                found.sort(key=lambda p: (p.email not in self.demo_emails, p.email))
                voices.append((agreement.organisation, found))
        return _Cast(
            product=product,
            lead=lead,
            steering=steering,
            supplier=supplier,
            supplier_person=representative.person,
            voices=voices,
        )

    def _voice(self, cast: _Cast, slot: int, index: int) -> tuple[Organisation, User]:
        organisation, people = cast.voices[slot % len(cast.voices)]
        person = people[0] if index % 3 == 0 else people[index % len(people)]
        return organisation, person

    # --- the timeline's moments ---

    def _noted(self, sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        if created:
            self.written.append((instance, self.moment))

    def date_the_timeline(self) -> None:
        """Give the rows the steps wrote the moments of the plan (``auto_now_add`` gave
        them the moment of loading): one statement per model, executed for every row (no
        per-row query to build, unlike ``bulk_update``'s CASE over each batch)."""
        by_model: dict[type[Any], list[Any]] = {}
        for row, moment in self.written:
            name = "occurred_at" if isinstance(row, WishEvent) else "created_at"
            setattr(row, name, moment)
            by_model.setdefault(type(row), []).append(row)
        quote = connection.ops.quote_name
        for model, rows in by_model.items():
            field = model._meta.get_field("occurred_at" if model is WishEvent else "created_at")
            statement = (
                f"UPDATE {quote(model._meta.db_table)} SET {quote(field.column)} = %s "  # noqa: S608
                f"WHERE {quote(model._meta.pk.column)} = %s"
            )
            values = [
                (field.get_db_prep_save(getattr(row, field.name), connection), row.pk)
                for row in rows
            ]
            with connection.cursor() as cursor:
                cursor.executemany(statement, values)
        self.written.clear()

    # --- the frames ---

    def frames(self) -> None:
        existing = set(EconomicFrame.objects.values_list("product__slug", "year"))
        for slug, product in self.products.items():
            for year in frame_years(slug):
                if (slug, year) in existing:
                    continue
                day = frame_day(slug, year)
                lines: list[dict[str, Any]] = [
                    {
                        "label": "Fælles udviklingspulje",
                        "amount": OTHER_FUNDING.get(slug, DEFAULT_OTHER_FUNDING),
                    }
                ]
                if slug == PAID_COORDINATOR:
                    lines.append(
                        {
                            "kind": FundingLineKind.PRODUCT_COORDINATOR,
                            "label": "Frikøbt produktkoordinator",
                            "amount": COORDINATOR_FUNDING,
                        }
                    )
                economy.frame_set(
                    product=product,
                    year=year,
                    actor=self._steering(product, day),
                    coordination_group_limit=_own_limit(slug),
                    funding_lines=lines,
                    note=(
                        f"Rammen for {year}: bidragene fra tilslutningsaftalerne og den fælles "
                        "udviklingspulje."
                    ),
                    on=day,
                )
                self.result.frames += 1
                self.touched.add(product.pk)

    # --- the wishes ---

    def wishes(self, scale: int) -> None:
        plans = {slug: wish_specs(slug, scale) for slug in self.products}
        total = sum(len(specs) for specs in plans.values())
        done = 0
        for slug, product in self.products.items():
            steps: dict[int, list[WishSpec]] = {}
            for spec in plans[slug]:
                steps.setdefault(spec.step, []).append(spec)
            for specs in steps.values():
                titles = [s.title for s in specs]
                if Wish.objects.filter(product=product, title__in=titles).exists():
                    done += len(specs)
                    continue
                cast = self._cast(product, min(s.submitted_on for s in specs))
                made: dict[int, Wish] = {}
                for spec in specs:
                    made[spec.index] = self._walk(cast, spec, made)
                    done += 1
                    self.result.wishes += 1
                self.touched.add(product.pk)
            self.progress("wishes", done, total)

    def _walk(self, cast: _Cast, spec: WishSpec, made: dict[int, Wish]) -> Wish:
        municipality, submitter = self._voice(cast, spec.submitter_slot, spec.index)
        self.moment = _at(spec.submitted_on, spec.index)
        wish = wishes.wish_submit(
            product=cast.product,
            actor=submitter,
            title=spec.title,
            description=spec.description,
            category=spec.category,
            scope=spec.scope,
            expected_benefit=spec.expected_benefit,
            expected_hours_per_year=spec.expected_hours_per_year,
            jira_key=spec.jira_key,
            on=spec.submitted_on,
        )
        supporters = [municipality.pk]
        for number, step in enumerate(spec.steps):
            self.moment = _at(step.day, spec.index + number + 1)
            wish = self._step(cast, spec, wish, step, supporters, made)
        return wish

    def _step(
        self,
        cast: _Cast,
        spec: WishSpec,
        wish: Wish,
        step: Step,
        supporters: list[int],
        made: dict[int, Wish],
    ) -> Wish:
        # The product object the mandate checks have already asked about (its groups are
        # remembered on it): the service's refresh of the wish forgets it.
        wish.product = cast.product
        if step.name in ("support", "pledge"):
            self._take_part(cast, spec, wish, step, supporters)
            return wish
        return self._move(cast, spec, wish, step, made)

    def _take_part(
        self, cast: _Cast, spec: WishSpec, wish: Wish, step: Step, supporters: list[int]
    ) -> Support | Pledge | None:
        day = step.day
        if step.name == "support":
            for offset in range(1, len(cast.voices)):
                organisation, person = self._voice(
                    cast, spec.submitter_slot + offset * (step.argument + 1), spec.index + offset
                )
                if organisation.pk not in supporters:
                    break
            else:
                return None
            supporters.append(organisation.pk)
            return wishes.wish_support(
                wish=wish,
                actor=person,
                note="Vi har samme behov.",
                expected_benefit="Det vil også lette arbejdet hos os.",
                on=day,
            )
        assert spec.pledge is not None
        _organisation, person = self._voice(
            cast, spec.submitter_slot + 1 + spec.index, spec.index + 1
        )
        return economy.pledge_make(
            wish=wish,
            actor=person,
            amount=spec.pledge,
            conditions="Forudsat at ønsket leveres i år.",
            on=day,
        )

    def _move(
        self, cast: _Cast, spec: WishSpec, wish: Wish, step: Step, made: dict[int, Wish]
    ) -> Wish:
        day, name = step.day, step.name
        lead = cast.lead
        if name == "review":
            return wishes.wish_review(wish=wish, actor=lead, on=day)
        if name == "prioritise":
            assert spec.estimate is not None
            wish = wishes.wish_estimate(
                wish=wish,
                actor=lead,
                amount=spec.estimate,
                estimated_by=cast.supplier.organisation,
                estimated_on=day,
            )
            if spec.final_state == S.PRIORITISED:
                # The group's assessment gives the backlog's score its components (WSH-02).
                benefit, fit, urgency = spec.assessment
                wishes.wish_assess(
                    wish=wish,
                    actor=lead,
                    benefit_score=benefit,
                    strategic_fit=fit,
                    urgency=urgency,
                )
            return wishes.wish_prioritise(wish=wish, actor=lead, on=day)
        if name == "start":
            year = day.year
            return wishes.wish_start(
                wish=wish,
                actor=lead,
                done_definition=list(spec.done),
                orderer=lead,
                delivering_supplier=cast.supplier,
                delivery_approver=lead,
                order_reference=f"ORD-{year}-{cast.product.slug.upper()}-{spec.index + 1:03d}",
                on=day,
            )
        if name in ("begin", "resume"):
            return wishes.wish_begin_delivery(wish=wish, actor=cast.supplier_person, on=day)
        if name == "deliver":
            return wishes.wish_deliver(
                wish=wish,
                actor=cast.supplier_person,
                invoice_reference=f"FAK-{day.year}-{cast.product.pk:02d}{spec.index + 1:03d}",
                on=day,
            )
        if name in ("accept", "reject_delivery"):
            criteria = list(wish.done_criteria.all())
            results: dict[int, tuple[bool, str]] = {c.pk: (True, "") for c in criteria}
            if name == "reject_delivery":
                results[criteria[-1].pk] = (
                    False,
                    "Ikke opfyldt ved gennemgangen; leverandøren retter og leverer igen.",
                )
            return wishes.wish_review_delivery(
                wish=wish,
                actor=lead,
                results=results,
                follow_up_on=spec.follow_up_on if name == "accept" else None,
                on=day,
            )
        if name == "follow_up":
            return wishes.wish_begin_follow_up(wish=wish, actor=cast.steering, on=day)
        if name == "realise":
            hours = spec.expected_hours_per_year
            return wishes.wish_realise(
                wish=wish,
                actor=cast.steering,
                realised_benefit=(
                    "Kommunerne bruger funktionen i det daglige. Gevinsten svarer til det "
                    "forventede."
                ),
                realised_hours_per_year=hours,
                on=day,
            )
        if name == "recommend":
            return wishes.wish_recommend(wish=wish, actor=lead, on=day)
        if name == "approve":
            return wishes.wish_approve(
                wish=wish,
                actor=cast.steering,
                amount=spec.estimate,
                expected_benefit=spec.expected_benefit,
                on=day,
            )
        if name == "reject":
            return wishes.wish_reject(wish=wish, actor=cast.steering, reason=REJECT_REASON, on=day)
        if name == "park":
            return wishes.wish_park(
                wish=wish, actor=lead, note="Afventer den nye version af produktet.", on=day
            )
        if name == "close":
            reason = CloseReason(spec.variant)
            if reason == CloseReason.DUPLICATE:
                assert spec.duplicate_of is not None
                return wishes.wish_mark_duplicate(
                    wish=wish,
                    original=made[spec.duplicate_of],
                    actor=lead,
                    note="Samme behov som det oprindelige ønske; støtten er flyttet dertil.",
                    on=day,
                )
            return wishes.wish_close(
                wish=wish, actor=lead, reason=reason, note=CLOSE_NOTES[reason], on=day
            )
        raise AssertionError(f"Unknown demo step {name!r}.")  # pragma: no cover


def load_wishes(products: dict[str, Product], progress: Progress, scale: int = 1) -> WishesResult:
    """Set the missing frames, then walk the wishes of ``scale`` that are missing (see the
    module's docstring). Nobody is notified.

    Each decision the services record asks, once the transaction commits, for its
    product's level to be recomputed (levels/signals.py) and for the groups among its
    subjects. These decisions are about wishes and frames: instead of hundreds of such
    requests, each product given frames or wishes is noted once, with the same effect."""
    loader = _WishLoader(products, progress)
    models = (Wish, WishEvent, Support, Pledge)
    for model in models:
        post_save.connect(loader._noted, sender=model, dispatch_uid=f"demo:{model.__name__}")
    post_save.disconnect(sender=Decision, dispatch_uid=LEVELS_DECISION_RECEIVER)
    try:
        with notifications.muted(), priority_refresh_deferred():
            loader.frames()
            loader.wishes(scale)
    finally:
        level_signals.connect()
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"demo:{model.__name__}")
    for product_id in sorted(loader.touched):
        level_signals.schedule(product_id)
    loader.date_the_timeline()
    return loader.result
