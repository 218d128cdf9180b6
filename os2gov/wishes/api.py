"""Development wishes: /api/v1/wishes (WSH-01…12).

Reading is public: the backlog of every product with its filters and sorting, and each wish
with its supports per municipality, its definition of DONE, its pledges, its delivery
reviews and its timeline. Changes need a login or an API token and go through the same
services as the pages: submitting, supporting (and withdrawing it), pledging, and every move
of the workflow as its own action, ``POST /wishes/{id}/{action}``, through the one service
that moves a wish (``wish_transition``) and so through the one table of moves.

Answers: a refused mandate or participation right 403 naming who may; a move that is not in
the table, or a wish changed meanwhile, 409; a guard's refusal or a bad field 422 naming
each field (a refused start over the frame also names the action to take instead).
Amounts are exact decimal strings with two decimals, e.g. ``"125000.00"``; a JSON number is
refused, so no amount passes through a float.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from os2gov.accounts.auth import InvalidCredentials, api_auth, bearer_token_from
from os2gov.accounts.models import User
from os2gov.catalogue.models import Product, ProductSupplier
from os2gov.core.api import ERROR_RESPONSES, ErrorOut, error_body
from os2gov.economy import services as economy
from os2gov.economy.models import Pledge
from os2gov.governance.people import public_name
from os2gov.organisation.models import Organisation
from os2gov.wishes import notifications, selectors, services
from os2gov.wishes.models import (
    CloseReason,
    Support,
    Wish,
    WishCategory,
    WishEvent,
    WishScope,
    WishState,
)
from os2gov.wishes.models_notifications import Delivery, Notification, NotificationKind
from os2gov.wishes.workflow import PARKABLE, Transition

router = Router(tags=["wishes"])

S = WishState
DECIMAL_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERROR_RESPONSES, 409: ErrorOut}


def money(value: Decimal | None) -> str | None:
    return None if value is None else format(value, ".2f")


def hours(value: Decimal | None) -> str | None:
    return None if value is None else format(value, ".1f")


def _name(person: User | None) -> str | None:
    return public_name(person) if person is not None else None


MONEY_TEXT = "DKK, an exact decimal string with two decimals (e.g. 125000.00), or null."
AMOUNT_IN_TEXT = 'DKK as a string, e.g. "125000.50": at most two decimals, never negative.'


def _money_field(description: str = MONEY_TEXT) -> Any:
    return Field(None, description=description, pattern=DECIMAL_PATTERN)


# --- The actions -------------------------------------------------------------------------------


class WishAction(StrEnum):
    """Every move of the workflow (workflow.TRANSITIONS) as an action of the API."""

    REVIEW = "review"
    PRIORITISE = "prioritise"
    START = "start"
    RECOMMEND = "recommend"
    APPROVE = "approve"
    REJECT = "reject"
    BEGIN_DELIVERY = "begin-delivery"
    DELIVER = "deliver"
    ACCEPT_DELIVERY = "accept-delivery"
    REJECT_DELIVERY = "reject-delivery"
    FOLLOW_UP = "follow-up"
    REALISE = "realise"
    CLOSE = "close"
    MARK_DUPLICATE = "mark-duplicate"
    PARK = "park"
    UNPARK = "unpark"


# The state each action moves a wish to (unpark: back to where it was parked from).
TARGETS: dict[WishAction, str] = {
    WishAction.REVIEW: S.UNDER_REVIEW,
    WishAction.PRIORITISE: S.PRIORITISED,
    WishAction.START: S.STARTED,
    WishAction.RECOMMEND: S.RECOMMENDED,
    WishAction.APPROVE: S.APPROVED,
    WishAction.REJECT: S.REJECTED,
    WishAction.BEGIN_DELIVERY: S.IN_DELIVERY,
    WishAction.DELIVER: S.DELIVERED,
    WishAction.ACCEPT_DELIVERY: S.ACCEPTED,
    WishAction.REJECT_DELIVERY: S.DELIVERY_REJECTED,
    WishAction.FOLLOW_UP: S.FOLLOW_UP,
    WishAction.REALISE: S.REALISED,
    WishAction.CLOSE: S.CLOSED,
    WishAction.MARK_DUPLICATE: S.CLOSED,
    WishAction.PARK: S.PARKED,
}


def actions_of(transition: Transition) -> list[WishAction]:
    """The actions that take ``transition`` of the table."""
    if transition.source == S.PARKED and transition.target in PARKABLE:
        return [WishAction.UNPARK]
    return [action for action, target in TARGETS.items() if target == transition.target]


def _caller(request: HttpRequest) -> Any:
    """Who asks: the token's owner, else the session's user (public reads run no auth)."""
    try:
        token = bearer_token_from(request)
    except InvalidCredentials:  # pragma: no cover - the API's URL guard answered 401
        return None
    return token.user if token is not None else request.user


# --- Schemas -----------------------------------------------------------------------------------


class WishOut(Schema):
    id: int
    product: str = Field(description="The product's slug.")
    product_name: str
    title: str
    category: str = Field(description="One of: " + ", ".join(WishCategory.values))
    scope: str = Field(description="One of: " + ", ".join(WishScope.values))
    state: str = Field(description="One of: " + ", ".join(WishState.values))
    submitter: str | None = Field(None, description="The submitter's name.")
    submitter_municipality: str | None = Field(None, description="Its slug.")
    submitter_municipality_name: str | None = None
    support_count: int = Field(description="Organisations supporting it (never persons).")
    priority_score: str | None = Field(None, description="0 to 100, one decimal (WSH-02).")
    rank: int | None = Field(None, description="Its place in the backlog, or null.")
    estimate: str | None = _money_field()
    jira_key: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int = Field(description="Raised by every change.")

    @staticmethod
    def resolve_product(obj: Wish) -> str:
        return obj.product.slug

    @staticmethod
    def resolve_product_name(obj: Wish) -> str:
        return obj.product.name

    @staticmethod
    def resolve_submitter(obj: Wish) -> str | None:
        return _name(obj.submitter)

    @staticmethod
    def resolve_submitter_municipality(obj: Wish) -> str | None:
        municipality = obj.submitter_municipality
        return municipality.slug if municipality is not None else None

    @staticmethod
    def resolve_submitter_municipality_name(obj: Wish) -> str | None:
        municipality = obj.submitter_municipality
        return municipality.name if municipality is not None else None

    @staticmethod
    def resolve_priority_score(obj: Wish) -> str | None:
        return hours(obj.priority_score)

    @staticmethod
    def resolve_estimate(obj: Wish) -> str | None:
        return money(obj.estimate)

    @staticmethod
    def resolve_support_count(obj: Wish) -> int:
        return int(getattr(obj, "support_count", 0))


class WishSupportOut(Schema):
    id: int
    municipality: str = Field(description="The supporting organisation's slug.")
    municipality_name: str
    declared_by: str | None = Field(None, description="The person's name.")
    note: str
    expected_benefit: str
    moved_from: int | None = Field(None, description="The duplicate it was moved from.")
    declared_at: datetime.datetime
    withdrawn_at: datetime.datetime | None = None

    @staticmethod
    def resolve_municipality(obj: Support) -> str:
        return obj.municipality.slug

    @staticmethod
    def resolve_municipality_name(obj: Support) -> str:
        return obj.municipality.name

    @staticmethod
    def resolve_declared_by(obj: Support) -> str | None:
        return _name(obj.person)

    @staticmethod
    def resolve_moved_from(obj: Support) -> int | None:
        return obj.moved_from_id

    @staticmethod
    def resolve_declared_at(obj: Support) -> datetime.datetime:
        return obj.created_at


class WishPledgeOut(Schema):
    id: int
    organisation: str = Field(description="The pledging organisation's slug.")
    organisation_name: str
    pledged_by: str | None = None
    amount: str = Field(description=MONEY_TEXT, pattern=DECIMAL_PATTERN)
    conditions: str
    state: str
    committed_on: datetime.date | None = None
    created_at: datetime.datetime

    @staticmethod
    def resolve_organisation(obj: Pledge) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: Pledge) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_pledged_by(obj: Pledge) -> str | None:
        return _name(obj.person)

    @staticmethod
    def resolve_amount(obj: Pledge) -> str:
        return format(obj.amount, ".2f")


class CriterionOut(Schema):
    id: int
    position: int
    text: str


class CriterionResultOut(Schema):
    criterion: int
    met: bool
    reason: str

    @staticmethod
    def resolve_criterion(obj: Any) -> int:
        return int(obj.criterion_id)


class DeliveryReviewOut(Schema):
    round: int
    accepted: bool
    reviewed_on: datetime.date
    results: list[CriterionResultOut]

    @staticmethod
    def resolve_results(obj: Any) -> list[Any]:
        return list(obj.results.all())


class WishEventOut(Schema):
    occurred_at: datetime.datetime
    kind: str
    actor: str = Field(description="Who did it (a name, or “system”).")
    from_state: str
    to_state: str
    text: str
    decision: int | None = Field(None, description="The decision it was taken as, if any.")

    @staticmethod
    def resolve_actor(obj: WishEvent) -> str:
        return public_name(obj.actor) if obj.actor is not None else obj.actor_label

    @staticmethod
    def resolve_decision(obj: WishEvent) -> int | None:
        return obj.decision_id


class WishDetailOut(WishOut):
    description: str
    external_url: str
    expected_benefit: str
    expected_hours_per_year: str | None = None
    expected_dkk_per_year: str | None = _money_field()
    estimated_by: str | None = Field(None, description="The estimating organisation's slug.")
    estimated_on: datetime.date | None = None
    priority_components: dict[str, Any]
    rank_override: int | None = None
    rank_override_reason: str
    orderer: str | None = None
    delivering_supplier: str | None = Field(None, description="The supplier's slug.")
    delivery_approver: str | None = None
    order_reference: str
    invoice_reference: str
    approved_amount: str | None = _money_field()
    approved_benefit: str
    approved_on: datetime.date | None = None
    frame_commitment: str | None = _money_field("What the frame pays (ECO-02), or null.")
    commitment_mandate: str
    started_on: datetime.date | None = None
    delivered_on: datetime.date | None = None
    accepted_on: datetime.date | None = None
    follow_up_on: datetime.date | None = None
    realised_benefit: str
    realised_hours_per_year: str | None = None
    realised_dkk_per_year: str | None = _money_field()
    realised_on: datetime.date | None = None
    parked_from: str
    close_reason: str
    close_note: str
    closed_on: datetime.date | None = None
    duplicate_of: int | None = None
    supports: list[WishSupportOut] = Field(description="One active support per organisation.")
    done_criteria: list[CriterionOut] = Field(description="The definition of DONE (WSH-06).")
    pledges: list[WishPledgeOut]
    delivery_reviews: list[DeliveryReviewOut]
    timeline: list[WishEventOut] = Field(description="Everything that happened, oldest first.")
    actions: list[str] = Field(
        description="The actions the caller may take now (the guards may still refuse)."
    )

    @staticmethod
    def resolve_expected_hours_per_year(obj: Wish) -> str | None:
        return hours(obj.expected_hours_per_year)

    @staticmethod
    def resolve_expected_dkk_per_year(obj: Wish) -> str | None:
        return money(obj.expected_dkk_per_year)

    @staticmethod
    def resolve_estimated_by(obj: Wish) -> str | None:
        return obj.estimated_by.slug if obj.estimated_by is not None else None

    @staticmethod
    def resolve_orderer(obj: Wish) -> str | None:
        return _name(obj.orderer)

    @staticmethod
    def resolve_delivering_supplier(obj: Wish) -> str | None:
        supplier = obj.delivering_supplier
        return supplier.organisation.slug if supplier is not None else None

    @staticmethod
    def resolve_delivery_approver(obj: Wish) -> str | None:
        return _name(obj.delivery_approver)

    @staticmethod
    def resolve_approved_amount(obj: Wish) -> str | None:
        return money(obj.approved_amount)

    @staticmethod
    def resolve_frame_commitment(obj: Wish) -> str | None:
        return money(obj.frame_commitment)

    @staticmethod
    def resolve_realised_hours_per_year(obj: Wish) -> str | None:
        return hours(obj.realised_hours_per_year)

    @staticmethod
    def resolve_realised_dkk_per_year(obj: Wish) -> str | None:
        return money(obj.realised_dkk_per_year)

    @staticmethod
    def resolve_duplicate_of(obj: Wish) -> int | None:
        return obj.duplicate_of_id

    @staticmethod
    def resolve_supports(obj: Wish) -> list[Support]:
        return list(getattr(obj, "active_supports", []))

    @staticmethod
    def resolve_done_criteria(obj: Wish) -> list[Any]:
        return list(obj.done_criteria.all())

    @staticmethod
    def resolve_pledges(obj: Wish) -> list[Pledge]:
        return list(obj.pledges.all())

    @staticmethod
    def resolve_delivery_reviews(obj: Wish) -> list[Any]:
        return list(obj.delivery_reviews.all())

    @staticmethod
    def resolve_timeline(obj: Wish) -> list[WishEvent]:
        return list(getattr(obj, "timeline", []))

    @staticmethod
    def resolve_actions(obj: Wish) -> list[str]:
        return list(getattr(obj, "caller_actions", []))


class RefusalOut(ErrorOut):
    suggested_action: str | None = Field(
        None, description="Where a guard refused: the action to take instead, if any."
    )


class WishSubmitIn(Schema):
    product: str = Field(description="The product's slug.")
    title: str
    description: str = ""
    category: WishCategory = WishCategory.NEW_FUNCTIONALITY
    scope: WishScope = WishScope.GENERAL
    expected_benefit: str = ""
    expected_hours_per_year: str | None = Field(None, description='e.g. "120.5"')
    expected_dkk_per_year: str | None = Field(None, description=AMOUNT_IN_TEXT)
    jira_key: str = ""
    external_url: str = ""


class WishSupportIn(Schema):
    note: str = ""
    expected_benefit: str = Field("", description="The benefit for the municipality.")


class WishPledgeIn(Schema):
    amount: str = Field(description=AMOUNT_IN_TEXT)
    conditions: str = ""


class NoteIn(Schema):
    note: str = ""


class StartIn(NoteIn):
    done_definition: list[str] | None = Field(
        None, description="The acceptance criteria (WSH-06); omitted: keep the recorded ones."
    )
    orderer: int | None = Field(None, description="The id of the person who orders it.")
    delivering_supplier: str | None = Field(
        None, description="The slug of the product's supplier that delivers it."
    )
    delivery_approver: int | None = Field(
        None, description="The id of the person who approves the delivery."
    )
    order_reference: str | None = None


class ApproveIn(NoteIn):
    amount: str = Field(description=AMOUNT_IN_TEXT)
    expected_benefit: str | None = Field(
        None, description="The expected benefits the approval is based on (WSH-09)."
    )
    expected_hours_per_year: str | None = None
    expected_dkk_per_year: str | None = Field(None, description=AMOUNT_IN_TEXT)


class RejectIn(Schema):
    reason: str = ""


class DeliverIn(NoteIn):
    invoice_reference: str = ""


class CriterionResultIn(Schema):
    criterion: int = Field(description="The id of a criterion of the wish's DONE.")
    met: bool
    reason: str = Field("", description="Required where the criterion is not met.")


class DeliveryReviewIn(NoteIn):
    results: list[CriterionResultIn] = Field(description="A verdict on every criterion.")


class AcceptDeliveryIn(DeliveryReviewIn):
    follow_up_on: datetime.date | None = Field(
        None, description="When the benefits are followed up; default six months on (WSH-09)."
    )


class RealiseIn(NoteIn):
    realised_benefit: str = ""
    realised_hours_per_year: str | None = None
    realised_dkk_per_year: str | None = Field(None, description=AMOUNT_IN_TEXT)


class CloseIn(NoteIn):
    close_reason: CloseReason = Field(description="Why the wish is closed (WSH-03, WSH-12).")


class MarkDuplicateIn(NoteIn):
    duplicate_of: int = Field(description="The id of the open wish this one duplicates.")


# --- My notifications ----------------------------------------------------------------------
# (Declared before /{wish_id}, whose pattern would take their paths.)


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="One of: " + ", ".join(NotificationKind.values))
    wish: int | None = None
    text: str
    link: str = Field(description="The wish's page, relative to the site.")
    delivery: str = Field(description="immediate or digest")
    created_at: datetime.datetime
    read_at: datetime.datetime | None = None
    emailed_at: datetime.datetime | None = None

    @staticmethod
    def resolve_wish(obj: Notification) -> int | None:
        return obj.wish_id


class ReadIn(Schema):
    ids: list[int] | None = Field(None, description="The notifications to mark; omitted: all.")


class ReadOut(Schema):
    marked: int


class PreferenceOut(Schema):
    kind: str
    label: str
    delivery: str = Field(description="immediate or digest")


class PreferenceIn(Schema):
    kind: NotificationKind
    delivery: Delivery


def _me(request: HttpRequest) -> User:
    """The authenticated caller (api_auth let the request in)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _preferences(person: User) -> list[dict[str, str]]:
    chosen = notifications.preferences_of(person)
    return [
        {"kind": kind.value, "label": str(kind.label), "delivery": chosen[kind.value]}
        for kind in NotificationKind
    ]


@router.get(
    "/notifications",
    response={200: list[NotificationOut], 401: ErrorOut, 422: ErrorOut},
    auth=api_auth,
    summary="My notifications about wishes",
    operation_id="wish_notifications",
)
@paginate(PageNumberPagination, page_size=50)
def my_notifications(request: HttpRequest, unread: bool = False) -> QuerySet[Notification]:
    """Your notifications, newest first; `unread=true` for the unread ones only."""
    found = Notification.objects.filter(recipient=_me(request)).order_by("-created_at", "-pk")
    return found.filter(read_at__isnull=True) if unread else found


@router.post(
    "/notifications/read",
    response={200: ReadOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Mark my notifications read",
    operation_id="wish_notifications_read",
)
def read_notifications(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    marked = notifications.mark_read(person=_me(request), notification_ids=payload.ids)
    return {"marked": marked}


@router.get(
    "/notification-preferences",
    response={200: list[PreferenceOut], 401: ErrorOut},
    auth=api_auth,
    summary="How each kind of notification reaches me",
    operation_id="wish_notification_preferences",
)
def my_preferences(request: HttpRequest) -> list[dict[str, str]]:
    return _preferences(_me(request))


@router.put(
    "/notification-preferences",
    response={200: list[PreferenceOut], **WRITE_ERRORS},
    auth=api_auth,
    summary="Choose at once or a daily digest for one kind",
    operation_id="wish_notification_preference_set",
)
def set_preference(request: HttpRequest, payload: PreferenceIn) -> list[dict[str, str]]:
    person = _me(request)
    notifications.preference_set(
        person=person, kind=payload.kind.value, delivery=payload.delivery.value
    )
    return _preferences(person)


# --- Reading ---------------------------------------------------------------------------------


class WishSort(StrEnum):
    RANK = "rank"
    SCORE = "score"
    SUPPORT = "support"
    AGE = "age"
    NEWEST = "newest"


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="invalid")]})


def _product(slug: str, field: str = "product") -> Product:
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        raise _invalid(field, _("No product has this slug."))
    return product


def _organisation(slug: str, field: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise _invalid(field, _("No organisation has this slug."))
    return organisation


@router.get(
    "",
    response={200: list[WishOut], **READ_ERRORS},
    auth=None,
    summary="Wishes: a product's backlog",
    operation_id="wish_list",
)
@paginate(PageNumberPagination, page_size=50)
def list_wishes(
    request: HttpRequest,
    product: str | None = None,
    state: list[WishState] = Query(None),  # noqa: B008 - ninja's way to declare a list
    category: WishCategory | None = None,
    municipality: str | None = None,
    q: str | None = None,
    sort: WishSort = WishSort.RANK,
) -> QuerySet[Wish]:
    """Wishes of one `product` (its slug; default every product), in any of the `state`s
    (repeat it), of one `category`, supported by the organisation with the slug
    `municipality`, with `q` in the title or description, sorted by `sort`: rank in the
    backlog (WSH-02), score, support, age (oldest first) or newest. Paginated with `page`
    and `page_size`; the number of queries does not grow with the wishes."""
    supporter = _organisation(municipality, "municipality") if municipality else None
    states = [s.value for s in state] if state else None
    if product:
        wishes = selectors.backlog(
            _product(product),
            states=states,
            category=category.value if category else None,
            municipality=supporter,
            search=q,
            order=sort.value,
        )
        return wishes.select_related("product")
    return _every_product(states, category, supporter, q, sort)


def _every_product(
    states: list[str] | None,
    category: WishCategory | None,
    supporter: Organisation | None,
    search: str | None,
    sort: "WishSort",
) -> QuerySet[Wish]:
    """The backlog's filters and orders (selectors.backlog) over every product's wishes."""
    wishes = selectors.with_support_count(
        Wish.objects.select_related("product", "submitter", "submitter_municipality")
    )
    if states:
        wishes = wishes.filter(state__in=states)
    if category:
        wishes = wishes.filter(category=category.value)
    if supporter is not None:
        wishes = wishes.filter(
            Exists(
                Support.objects.filter(
                    wish=OuterRef("pk"), municipality=supporter, withdrawn_at__isnull=True
                )
            )
        )
    term = (search or "").strip()
    if term:
        wishes = wishes.filter(Q(title__icontains=term) | Q(description__icontains=term))
    ordering = selectors.BACKLOG_ORDERS[sort.value]
    if ordering[0] == "rank":
        return wishes.order_by(F("rank").asc(nulls_last=True), *ordering[1:])
    return wishes.order_by(*ordering)


def _detail(request: HttpRequest, wish_id: int) -> Wish:
    try:
        wish = selectors.wish_detail(wish_id)
    except Wish.DoesNotExist:
        raise Http404 from None
    wish.timeline = list(  # type: ignore[attr-defined]
        WishEvent.objects.filter(wish=wish).select_related("actor").order_by("occurred_at", "pk")
    )
    caller = _caller(request)
    names: list[str] = []
    if caller is not None and getattr(caller, "is_authenticated", False):
        for transition in selectors.allowed_moves(caller, wish):
            names += [action.value for action in actions_of(transition) if action not in names]
    wish.caller_actions = names  # type: ignore[attr-defined]
    return wish


@router.get(
    "/{wish_id}",
    response={200: WishDetailOut, **READ_ERRORS},
    auth=None,
    summary="One wish with its supports, DONE and timeline",
    operation_id="wish_detail",
)
def get_wish(request: HttpRequest, wish_id: int) -> Wish:
    """The wish with its supports per municipality, its definition of DONE, its pledges,
    its delivery reviews, its whole timeline, and the actions the caller may take."""
    return _detail(request, wish_id)


# --- Taking part -----------------------------------------------------------------------------


def _wish(wish_id: int) -> Wish:
    return get_object_or_404(Wish.objects.select_related("product"), pk=wish_id)


@router.post(
    "",
    response={201: WishDetailOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Submit a wish",
    operation_id="wish_submit",
)
def submit_wish(request: HttpRequest, payload: WishSubmitIn) -> Status[Wish]:
    """Submit a wish for a product your organisation uses (WSH-01); your organisation is
    its first supporter. 403 when your organisation does not use the product."""
    wish = services.wish_submit(
        product=_product(payload.product),
        actor=request.user,
        title=payload.title,
        description=payload.description,
        category=payload.category.value,
        scope=payload.scope.value,
        expected_benefit=payload.expected_benefit,
        expected_hours_per_year=payload.expected_hours_per_year,
        expected_dkk_per_year=payload.expected_dkk_per_year,
        jira_key=payload.jira_key,
        external_url=payload.external_url,
    )
    return Status(201, _detail(request, wish.pk))


@router.post(
    "/{wish_id}/supports",
    response={201: WishSupportOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Support a wish on behalf of your municipality",
    operation_id="wish_support",
)
def support_wish(request: HttpRequest, wish_id: int, payload: WishSupportIn) -> Status[Support]:
    """Declare that your organisation wants the wish too (WSH-01): one support per
    organisation (a second one answers 422 naming `municipality`)."""
    support = services.wish_support(
        wish=_wish(wish_id),
        actor=request.user,
        note=payload.note,
        expected_benefit=payload.expected_benefit,
    )
    return Status(201, support)


@router.delete(
    "/{wish_id}/supports",
    response={200: WishSupportOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Withdraw your municipality's support",
    operation_id="wish_support_withdraw",
)
def withdraw_support(request: HttpRequest, wish_id: int) -> Support:
    """Withdraw your organisation's active support of the wish (kept, dated). 404 when your
    organisation does not support it."""
    wish = _wish(wish_id)
    support = get_object_or_404(
        Support.objects.select_related("wish__product", "municipality", "person"),
        wish=wish,
        municipality_id=getattr(request.user, "organisation_id", None),
        withdrawn_at__isnull=True,
    )
    return services.wish_support_withdraw(support=support, actor=request.user)


@router.post(
    "/{wish_id}/pledges",
    response={201: WishPledgeOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Pledge co-financing to a wish",
    operation_id="wish_pledge",
)
def pledge(request: HttpRequest, wish_id: int, payload: WishPledgeIn) -> Status[Pledge]:
    """Your organisation pledges `amount` to the wish, on `conditions` (WSH-10), until the
    wish starts or is closed."""
    made = economy.pledge_make(
        wish=_wish(wish_id),
        actor=request.user,
        amount=payload.amount,
        conditions=payload.conditions,
    )
    return Status(201, made)


# --- Moving a wish ---------------------------------------------------------------------------


def _person(person_id: int | None, field: str) -> User | None:
    if person_id is None:
        return None
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        raise _invalid(field, _("No person has this id."))
    return person


def _conflict(error: ValidationError, field: str = "to_state") -> Status[dict[str, Any]]:
    messages = error.messages
    return Status(
        409,
        error_body(messages[0], [{"field": field, "message": m} for m in messages]),
    )


def _move(
    request: HttpRequest, wish_id: int, action: WishAction, **details: Any
) -> Wish | Status[dict[str, Any]]:
    """Move the wish through ``wish_transition``, the one service and its one table."""
    wish = _wish(wish_id)
    if action == WishAction.UNPARK:
        if wish.state != S.PARKED:
            return Status(
                409,
                error_body(
                    _("A wish that is “%(state)s” is not parked.")
                    % {"state": WishState(wish.state).label},
                    [{"field": "to_state", "message": _("Only a parked wish can be unparked.")}],
                ),
            )
        target = wish.parked_from or S.UNDER_REVIEW
    else:
        target = TARGETS[action]
        if wish.state == S.PARKED and target in PARKABLE:
            # In the table that move is "take back from parked": the unpark action.
            return Status(
                409,
                error_body(
                    _("The wish is parked: take it back with the unpark action first."),
                    [{"field": "to_state", "message": _("A parked wish is unparked first.")}],
                ),
            )
    try:
        services.wish_transition(wish=wish, to_state=target, actor=request.user, **details)
    except services.TransitionNotAllowed as error:
        return _conflict(error)
    except services.StaleEditError as error:
        return _conflict(error, "version")
    except services.TransitionRefused as refusal:
        suggested = refusal.suggested_state
        suggestion = next(
            (a.value for a, t in TARGETS.items() if suggested is not None and t == suggested),
            None,
        )
        return Status(
            422,
            {
                **error_body(
                    _("The move was refused."),
                    [
                        {"field": field, "message": message}
                        for field, messages in refusal.message_dict.items()
                        for message in messages
                    ],
                ),
                "suggested_action": suggestion,
            },
        )
    return _detail(request, wish.pk)


MOVE_RESPONSES: dict[int, type[Schema]] = {**WRITE_ERRORS, 200: WishDetailOut, 422: RefusalOut}


def _action(action: WishAction, summary: str) -> Any:
    return router.post(
        f"/{{wish_id}}/{action.value}",
        response=MOVE_RESPONSES,
        auth=api_auth,
        summary=summary,
        operation_id=f"wish_{action.value.replace('-', '_')}",
    )


@_action(WishAction.REVIEW, "Take a submitted wish up for review")
def review(request: HttpRequest, wish_id: int, payload: NoteIn) -> Any:
    """The coordination group (wish.prioritise)."""
    return _move(request, wish_id, WishAction.REVIEW, note=payload.note)


@_action(WishAction.PRIORITISE, "Prioritise a wish under review")
def prioritise(request: HttpRequest, wish_id: int, payload: NoteIn) -> Any:
    """The coordination group (wish.prioritise); general wishes only (WSH-05)."""
    return _move(request, wish_id, WishAction.PRIORITISE, note=payload.note)


@_action(WishAction.START, "Start (order) a wish")
def start(request: HttpRequest, wish_id: int, payload: StartIn) -> Any:
    """The coordination group (wish.start), within the frame and its own limit, with the
    definition of DONE, the orderer, the supplier and the approver (WSH-03, 06, 07).
    Over the limit: 422 with `suggested_action` "recommend"."""
    wish = _wish(wish_id)
    details: dict[str, Any] = {"note": payload.note}
    if payload.done_definition is not None:
        details["done_definition"] = payload.done_definition
    if payload.orderer is not None:
        details["orderer"] = _person(payload.orderer, "orderer")
    if payload.delivery_approver is not None:
        details["delivery_approver"] = _person(payload.delivery_approver, "delivery_approver")
    if payload.delivering_supplier is not None:
        supplier = ProductSupplier.objects.filter(
            product_id=wish.product_id, organisation__slug=payload.delivering_supplier
        ).first()
        if supplier is None:
            raise _invalid("delivering_supplier", _("Choose one of the product's suppliers."))
        details["delivering_supplier"] = supplier
    if payload.order_reference is not None:
        details["order_reference"] = payload.order_reference
    return _move(request, wish_id, WishAction.START, **details)


@_action(WishAction.RECOMMEND, "Recommend a wish to the steering group")
def recommend(request: HttpRequest, wish_id: int, payload: NoteIn) -> Any:
    """The coordination group (wish.recommend), when the cost exceeds what it may commit
    (WSH-04); otherwise 422 with `suggested_action` "start"."""
    return _move(request, wish_id, WishAction.RECOMMEND, note=payload.note)


@_action(WishAction.APPROVE, "Approve a recommended wish")
def approve(request: HttpRequest, wish_id: int, payload: ApproveIn) -> Any:
    """The steering group (or, without one, the coordination group: GRP-08), recording the
    amount and the expected benefits (WSH-04, WSH-09)."""
    details = payload.dict(exclude_unset=True)
    details["amount"] = payload.amount
    return _move(request, wish_id, WishAction.APPROVE, **details)


@_action(WishAction.REJECT, "Reject a recommended wish")
def reject(request: HttpRequest, wish_id: int, payload: RejectIn) -> Any:
    """The steering group, with the reason (WSH-04)."""
    return _move(request, wish_id, WishAction.REJECT, reason=payload.reason)


@_action(WishAction.BEGIN_DELIVERY, "Begin (or resume) the delivery")
def begin_delivery(request: HttpRequest, wish_id: int, payload: NoteIn) -> Any:
    """People from the delivering supplier (WSH-07)."""
    return _move(request, wish_id, WishAction.BEGIN_DELIVERY, note=payload.note)


@_action(WishAction.DELIVER, "Report a wish as delivered")
def deliver(request: HttpRequest, wish_id: int, payload: DeliverIn) -> Any:
    """People from the delivering supplier, with the invoice reference (ECO-04)."""
    return _move(
        request,
        wish_id,
        WishAction.DELIVER,
        note=payload.note,
        invoice_reference=payload.invoice_reference,
    )


def _results(results: list[CriterionResultIn]) -> dict[int, tuple[bool, str]]:
    verdicts: dict[int, tuple[bool, str]] = {}
    for result in results:
        if result.criterion in verdicts:
            raise _invalid("results", _("Each criterion is assessed once."))
        verdicts[result.criterion] = (result.met, result.reason)
    return verdicts


@_action(WishAction.ACCEPT_DELIVERY, "Accept a delivery against DONE")
def accept_delivery(request: HttpRequest, wish_id: int, payload: AcceptDeliveryIn) -> Any:
    """The coordination group, criterion by criterion: every criterion met (WSH-08). The
    benefits are followed up on `follow_up_on` (WSH-09)."""
    return _move(
        request,
        wish_id,
        WishAction.ACCEPT_DELIVERY,
        note=payload.note,
        results=_results(payload.results),
        follow_up_on=payload.follow_up_on,
    )


@_action(WishAction.REJECT_DELIVERY, "Reject a delivery against DONE")
def reject_delivery(request: HttpRequest, wish_id: int, payload: DeliveryReviewIn) -> Any:
    """The coordination group, criterion by criterion, with the reason for each criterion
    that is not met (WSH-08)."""
    return _move(
        request,
        wish_id,
        WishAction.REJECT_DELIVERY,
        note=payload.note,
        results=_results(payload.results),
    )


@_action(WishAction.FOLLOW_UP, "Begin the benefit follow-up")
def follow_up(request: HttpRequest, wish_id: int, payload: NoteIn) -> Any:
    """The coordination or steering group (WSH-09)."""
    return _move(request, wish_id, WishAction.FOLLOW_UP, note=payload.note)


@_action(WishAction.REALISE, "Record the realised benefits")
def realise(request: HttpRequest, wish_id: int, payload: RealiseIn) -> Any:
    """The coordination or steering group, against the expected benefits (WSH-09)."""
    return _move(
        request,
        wish_id,
        WishAction.REALISE,
        note=payload.note,
        realised_benefit=payload.realised_benefit,
        realised_hours_per_year=payload.realised_hours_per_year,
        realised_dkk_per_year=payload.realised_dkk_per_year,
    )


@_action(WishAction.CLOSE, "Close a wish before its start")
def close(request: HttpRequest, wish_id: int, payload: CloseIn) -> Any:
    """The coordination group, with the reason (WSH-03, WSH-12). A duplicate is closed with
    mark-duplicate, which names the original."""
    return _move(
        request,
        wish_id,
        WishAction.CLOSE,
        note=payload.note,
        close_reason=payload.close_reason.value,
    )


@_action(WishAction.MARK_DUPLICATE, "Close a wish as a duplicate of another")
def mark_duplicate(request: HttpRequest, wish_id: int, payload: MarkDuplicateIn) -> Any:
    """The coordination group; the supports move to the original (WSH-12)."""
    original = Wish.objects.filter(pk=payload.duplicate_of).first()
    if original is None:
        raise _invalid("duplicate_of", _("No wish has this id."))
    return _move(
        request,
        wish_id,
        WishAction.MARK_DUPLICATE,
        note=payload.note,
        close_reason=CloseReason.DUPLICATE.value,
        duplicate_of=original,
    )


@_action(WishAction.PARK, "Park a wish")
def park(request: HttpRequest, wish_id: int, payload: NoteIn) -> Any:
    """The coordination group (wish.prioritise)."""
    return _move(request, wish_id, WishAction.PARK, note=payload.note)


@_action(WishAction.UNPARK, "Take a wish back from parked")
def unpark(request: HttpRequest, wish_id: int, payload: NoteIn) -> Any:
    """The coordination group; the wish returns to the state it was parked from."""
    return _move(request, wish_id, WishAction.UNPARK, note=payload.note)
