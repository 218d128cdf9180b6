"""Every read of development wishes. Lists are querysets the caller paginates; their
number of queries does not grow with the rows."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from os2gov.authority import service as authority
from os2gov.authority.roles import roles_of
from os2gov.catalogue.models import Product
from os2gov.economy.models import Pledge
from os2gov.wishes import participation
from os2gov.wishes.models import Support, Wish, WishEvent, WishState
from os2gov.wishes.workflow import FINAL, Transition, transitions_from

BACKLOG_ORDERS = {
    "rank": ("rank", "-priority_score", "created_at", "pk"),
    "score": ("-priority_score", "rank", "created_at", "pk"),
    "support": ("-support_count", "rank", "created_at", "pk"),
    "age": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
}


def with_support_count(wishes: QuerySet[Wish]) -> QuerySet[Wish]:
    """Annotate ``support_count``: the organisations actively supporting each wish (WSH-01:
    counted per organisation, never per person). A subquery, so no rows are multiplied."""
    counts = (
        Support.objects.filter(wish=OuterRef("pk"), withdrawn_at__isnull=True)
        .order_by()
        .values("wish")
        .annotate(n=Count("municipality", distinct=True))
        .values("n")
    )
    return wishes.annotate(
        support_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


def backlog(
    product: Product,
    *,
    states: list[str] | None = None,
    category: str | None = None,
    municipality: Any = None,
    search: str | None = None,
    order: str = "rank",
) -> QuerySet[Wish]:
    """The product's wishes, filtered by states, category, supporting ``municipality`` (an
    Organisation or its id) and ``search`` (title or description), each with
    ``support_count``, the submitter and the submitting municipality. One query."""
    wishes = with_support_count(
        Wish.objects.filter(product=product).select_related("submitter", "submitter_municipality")
    )
    if states:
        wishes = wishes.filter(state__in=states)
    if category:
        wishes = wishes.filter(category=category)
    if municipality is not None:
        municipality_id = getattr(municipality, "pk", municipality)
        wishes = wishes.filter(
            Exists(
                Support.objects.filter(
                    wish=OuterRef("pk"), municipality_id=municipality_id, withdrawn_at__isnull=True
                )
            )
        )
    term = (search or "").strip()
    if term:
        wishes = wishes.filter(Q(title__icontains=term) | Q(description__icontains=term))
    ordering = BACKLOG_ORDERS.get(order, BACKLOG_ORDERS["rank"])
    if ordering[0] == "rank":
        return wishes.order_by(F("rank").asc(nulls_last=True), *ordering[1:])
    return wishes.order_by(*ordering)


def wish_detail(pk: int) -> Wish:
    """One wish with everything its page shows: the definition of DONE, the active
    supports, the pledges, the delivery reviews and the timeline. Raises
    Wish.DoesNotExist."""
    return (
        with_support_count(Wish.objects.all())
        .select_related(
            "product",
            "submitter",
            "submitter_municipality",
            "estimated_by",
            "orderer",
            "delivering_supplier__organisation",
            "delivery_approver",
            "committed_frame",
            "duplicate_of",
        )
        .prefetch_related(
            "done_criteria",
            Prefetch(
                "supports",
                queryset=Support.objects.filter(withdrawn_at__isnull=True).select_related(
                    "municipality", "person"
                ),
                to_attr="active_supports",
            ),
            Prefetch(
                "pledges",
                queryset=Pledge.objects.select_related("organisation", "person"),
            ),
            "delivery_reviews__results__criterion",
            Prefetch("events", queryset=WishEvent.objects.select_related("decision")),
        )
        .get(pk=pk)
    )


def steering_inbox(product: Product) -> QuerySet[Wish]:
    """The wishes recommended to the product's steering group, oldest first (WSH-04)."""
    return with_support_count(
        Wish.objects.filter(product=product, state=WishState.RECOMMENDED)
    ).order_by("updated_at", "pk")


APPROVE = "wish.approve"


def approving_products(person: Any, on: datetime.date | None = None) -> list[Product]:
    """The products, by name, where ``person`` holds the mandate to approve what the
    coordination group recommends: the steering group's members, or the coordination
    group's where the product has no steering group (GRP-08). Empty for anyone else."""
    day = on or timezone.localdate()
    return [
        product
        for product in roles_of(person, day).products()
        if authority.allows(person, APPROVE, product=product, on=day)
    ]


def inbox(products: list[Product]) -> QuerySet[Wish]:
    """The steering groups' inbox (WSH-04): the wishes recommended to them in ``products``,
    oldest first, each with ``support_count``, its product, submitter and submitting
    municipality. One query."""
    return with_support_count(
        Wish.objects.filter(product__in=products, state=WishState.RECOMMENDED).select_related(
            "product", "submitter", "submitter_municipality"
        )
    ).order_by("updated_at", "pk")


def follow_ups(
    *, product: Product | None = None, on: datetime.date | None = None
) -> QuerySet[Wish]:
    """The wishes whose benefits are to be followed up (WSH-09), overdue ones first, then
    by follow-up date; each annotated ``overdue``."""
    day = on or timezone.localdate()
    wishes = Wish.objects.filter(
        state__in=[WishState.ACCEPTED, WishState.FOLLOW_UP], follow_up_on__isnull=False
    ).select_related("product", "submitter", "submitter_municipality")
    if product is not None:
        wishes = wishes.filter(product=product)
    return wishes.annotate(
        overdue=Case(
            When(follow_up_on__lt=day, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-overdue", "follow_up_on", "pk")


# --- the roadmap (COM-01, COM-02) ---------------------------------------------------------

ROADMAP_LIMIT = 200  # started and delivered wishes a roadmap shows of one year, each
PLANNED: tuple[str, ...] = (WishState.APPROVED, WishState.RECOMMENDED, WishState.PRIORITISED)


@dataclass
class Quarter:
    number: int
    started: list[Wish] = field(default_factory=list)
    delivered: list[Wish] = field(default_factory=list)


@dataclass
class Roadmap:
    """A product's year: the wishes started and those delivered (accepted), by quarter;
    ``cut_off`` when the year had more of either than ``limit``."""

    year: int
    quarters: list[Quarter]
    cut_off: bool
    limit: int


def roadmap(product: Product, year: int, *, limit: int = ROADMAP_LIMIT) -> Roadmap:
    """The wishes of ``product`` started in ``year`` and those delivered and accepted in it,
    by quarter, at most ``limit`` of each, with their delivering supplier. Two queries."""
    started = list(
        Wish.objects.filter(product=product, started_on__year=year)
        .select_related("delivering_supplier__organisation")
        .order_by("started_on", "pk")[: limit + 1]
    )
    delivered = list(
        Wish.objects.filter(product=product, accepted_on__year=year)
        .select_related("delivering_supplier__organisation")
        .order_by("accepted_on", "pk")[: limit + 1]
    )
    quarters = [Quarter(number) for number in range(1, 5)]
    for wish in started[:limit]:
        assert wish.started_on is not None
        quarters[(wish.started_on.month - 1) // 3].started.append(wish)
    for wish in delivered[:limit]:
        assert wish.accepted_on is not None
        quarters[(wish.accepted_on.month - 1) // 3].delivered.append(wish)
    return Roadmap(
        year=year,
        quarters=quarters,
        cut_off=len(started) > limit or len(delivered) > limit,
        limit=limit,
    )


def roadmap_planned(product: Product) -> QuerySet[Wish]:
    """What comes next on ``product``'s roadmap: approved, then recommended, then
    prioritised wishes, each group by rank."""
    return Wish.objects.filter(product=product, state__in=PLANNED).order_by(
        Case(
            When(state=WishState.APPROVED, then=Value(0)),
            When(state=WishState.RECOMMENDED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        F("rank").asc(nulls_last=True),
        "pk",
    )


# --- similar wishes (WSH-12) --------------------------------------------------------------

WORD = re.compile(r"[\wæøåÆØÅ]+", re.UNICODE)
# Words too common in wish titles to say anything about what a wish is about.
STOP_WORDS = frozenset(
    {
        "and", "the", "for", "with", "that", "this", "from", "can", "should", "when",
        "og", "der", "det", "den", "til", "med", "som", "kan", "skal", "ved", "fra",
        "af", "på", "en", "et", "at", "er", "ikke", "vil", "have", "muligt", "mulighed",
    }
)  # fmt: skip
MIN_SIMILARITY = 0.25


def tokens(text: str) -> frozenset[str]:
    return frozenset(
        word
        for word in (w.lower() for w in WORD.findall(text or ""))
        if len(word) > 2 and word not in STOP_WORDS
    )


@dataclass(frozen=True)
class Similar:
    wish: Wish
    similarity: float  # token overlap (Jaccard), for ordering only; never money

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def similar_wishes(
    product: Product, title: str, *, exclude: Wish | None = None, limit: int = 5
) -> list[Similar]:
    """Open wishes of ``product`` whose titles share words with ``title`` (WSH-12), most
    similar first: suggested on submit so that people support instead of duplicating.
    One query."""
    wanted = tokens(title)
    if not wanted:
        return []
    candidates = Wish.objects.filter(product=product).exclude(state__in=FINAL)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = []
    for wish in candidates.only("pk", "title", "state", "product_id", "created_at"):
        words = tokens(wish.title)
        if not words:
            continue
        similarity = len(wanted & words) / len(wanted | words)
        if similarity >= MIN_SIMILARITY:
            found.append(Similar(wish, similarity))
    found.sort(key=lambda s: (-s.similarity, s.wish.pk))
    return found[:limit]


# --- what a person may do with a wish (principle 6) ---------------------------------------


def allowed_moves(actor: Any, wish: Wish) -> list[Transition]:
    """The moves out of the wish's state that ``actor`` may take (the guards may still say
    no; they explain why)."""
    moves = []
    for transition in transitions_from(wish.state):
        if transition.by_mandate:
            if authority.allows(actor, transition.permission, product=wish.product):
                moves.append(transition)
        elif transition.permission == participation.DELIVER and (
            participation.is_delivering_supplier(actor, wish)
        ):
            moves.append(transition)
    return moves
