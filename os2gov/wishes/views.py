"""The pages of development wishes (WSH-01…12), mounted at /oensker/ (namespace ``wishes``).

Backlogs, wishes and their timelines are public. Taking part needs a login, and each
action is offered only to the people who may take it (DESIGN principle 6): the actions of
the wish page are computed from the workflow's table for the wish's current state
(workflow.TRANSITIONS) and the mandate or participation right each one names. Where an
action exists in the table but is not the viewer's, the page says who may. Every write goes
through the same services as the API; a refusal is shown on the page, naming the holder,
and nothing is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from os2gov.authority import service as authority
from os2gov.authority.roles import roles_of
from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.economy import services as economy_services
from os2gov.economy.models import ZERO, PledgeState
from os2gov.economy.selectors import fundability, visible_products
from os2gov.economy.validation import format_dkk
from os2gov.governance.forms import add_service_errors
from os2gov.governance.services._trail import StaleEditError
from os2gov.organisation.models import Organisation
from os2gov.wishes import participation, selectors, services
from os2gov.wishes.forms import (
    ActionForm,
    ApproveForm,
    AssessForm,
    BacklogFilterForm,
    CloseForm,
    DeliverForm,
    DeliveryReviewForm,
    DoneDefinitionForm,
    DuplicateForm,
    EstimateForm,
    NoteForm,
    PledgeForm,
    RealiseForm,
    RejectForm,
    ReorderForm,
    StartForm,
    SupportForm,
    WishSubmitForm,
    WithdrawPledgeForm,
    WithdrawSupportForm,
    own_open_pledges,
)
from os2gov.wishes.models import Support, Wish, WishScope, WishState
from os2gov.wishes.workflow import (
    BEFORE_COMMITMENT,
    BEFORE_START,
    DONE_EDITABLE,
    OPEN_FOR_PLEDGES,
    OPEN_FOR_SUPPORT,
    RANKED,
    Transition,
    general_scope,
    transitions_from,
)

S = WishState
PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 50
ROADMAP_LIMIT = 200
PRIORITISE = "wish.prioritise"
APPROVE = "wish.approve"
IN_WORK: tuple[str, ...] = (S.STARTED, S.IN_DELIVERY, S.DELIVERED, S.DELIVERY_REJECTED)
DONE: tuple[str, ...] = (S.ACCEPTED, S.FOLLOW_UP, S.REALISED)
PLANNED: tuple[str, ...] = (S.APPROVED, S.RECOMMENDED, S.PRIORITISED)


# --- helpers ------------------------------------------------------------------------------


def _crumbs(*trail: tuple[str, str | None]) -> list[dict[str, str]]:
    crumbs = [{"label": _("Development wishes"), "url": reverse("wishes:list")}]
    for label, url in trail:
        crumbs.append({"label": label, "url": url} if url else {"label": label})
    return crumbs


def _product_crumbs(product: Product, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    return _crumbs((product.name, reverse("wishes:backlog", args=[product.slug])), *more)


def _page(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def _product(slug: str) -> Product:
    return get_object_or_404(Product, slug=slug)


def _wish(product_slug: str, pk: int) -> Wish:
    try:
        wish = selectors.wish_detail(pk)
    except Wish.DoesNotExist:
        raise Http404 from None
    if wish.product.slug != product_slug:
        raise Http404
    return wish


def wish_url(wish: Wish) -> str:
    return reverse("wishes:detail", args=[wish.product.slug, wish.pk])


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


# --- page reads (bounded; their query counts do not grow with the rows) --------------------


def _products_with_counts() -> QuerySet[Product]:
    return Product.objects.annotate(
        open_count=Count("wishes", filter=Q(wishes__state__in=BEFORE_START)),
        work_count=Count("wishes", filter=Q(wishes__state__in=IN_WORK)),
        done_count=Count("wishes", filter=Q(wishes__state__in=DONE)),
        wish_count=Count("wishes"),
    ).order_by("name", "pk")


def _users_of(product: Product, day: datetime.date) -> list[Organisation]:
    """The organisations using ``product`` on ``day``, by name. One query."""
    ids = (
        ConnectionAgreement.objects.active_on(day).filter(product=product).values("organisation_id")
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))


def _may_see_economy(user: Any, product: Product) -> bool:
    return any(p.pk == product.pk for p in visible_products(user))


# --- the overview and the backlog ---------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every product with the number of its wishes: open, in work and delivered."""
    user = request.user
    return render(
        request,
        "wishes/overview.html",
        {
            "page_obj": _page(request, _products_with_counts()),
            "sees_economy": bool(visible_products(user)),
            "breadcrumbs": [{"label": _("Development wishes")}],
        },
    )


@require_GET
def backlog(request: HttpRequest, product: str) -> HttpResponse:
    """A product's wishes: filtered by state, category, supporting municipality and text;
    sorted by rank, score, support or age; with the score and its components (WSH-02)."""
    found = _product(product)
    today = timezone.localdate()
    user = request.user
    form = BacklogFilterForm(request.GET or None, municipalities=_users_of(found, today))
    filters: dict[str, Any] = {}
    order = "rank"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "states": [data["state"]] if data["state"] else None,
            "category": data["category"] or None,
            "municipality": form.chosen_municipality(),
            "search": data["q"] or None,
        }
        order = data["sort"] or "rank"
    wishes = selectors.backlog(found, order=order, **filters)
    return render(
        request,
        "wishes/backlog.html",
        {
            "product": found,
            "form": form,
            "page_obj": _page(request, wishes),
            "is_filtered": any(filters.values()),
            "may_submit": participation.user_organisation(user, found, on=today) is not None,
            "submit_refusal": participation.PARTICIPATION[participation.SUBMIT].who,
            "may_prioritise": authority.allows(user, PRIORITISE, product=found, on=today),
            "may_approve": authority.allows(user, APPROVE, product=found, on=today),
            "sees_economy": _may_see_economy(user, found),
            "breadcrumbs": _crumbs((found.name, None)),
        },
    )


# --- submitting a wish (WSH-01, WSH-12) ---------------------------------------------------


@require_GET
def similar(request: HttpRequest, product: str) -> HttpResponse:
    """The open wishes whose titles resemble ``title``: the submit form asks for them
    (htmx) while the title is typed, so people can support instead of duplicating."""
    found = _product(product)
    title = request.GET.get("title", "")[:200]
    return render(
        request,
        "wishes/includes/similar.html",
        {"product": found, "similar": selectors.similar_wishes(found, title)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, product: str) -> HttpResponse:
    found = _product(product)
    today = timezone.localdate()
    template = "wishes/submit.html"
    context: dict[str, Any] = {
        "product": found,
        "breadcrumbs": _product_crumbs(found, (_("Submit a wish"), None)),
    }
    try:
        organisation = participation.require_user_organisation(
            request.user, participation.SUBMIT, found, on=today
        )
    except PermissionDenied as refusal:
        return render(request, template, {**context, "refusal": str(refusal)}, status=403)
    context["organisation"] = organisation
    if request.method != "POST":
        context["form"] = WishSubmitForm()
        return render(request, template, context)
    form = WishSubmitForm(request.POST)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        found_similar = selectors.similar_wishes(found, data["title"])
        if any(s.wish.pk not in form.seen_ids() for s in found_similar):
            # Shown first (the path without JavaScript): submitting again goes through.
            context.update(similar=found_similar, ask_to_confirm=True)
            return render(request, template, context)
        try:
            wish = services.wish_submit(
                product=found,
                actor=request.user,
                title=data["title"],
                description=data["description"],
                category=data["category"],
                scope=data["scope"],
                expected_benefit=data["expected_benefit"],
                expected_hours_per_year=data["expected_hours_per_year"],
                expected_dkk_per_year=data["expected_dkk_per_year"],
                on=today,
            )
        except PermissionDenied as refusal:
            return render(request, template, {**context, "refusal": str(refusal)}, status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your wish was submitted. %(municipality)s counts as its first supporter.")
                % {"municipality": organisation.name},
            )
            return redirect(wish_url(wish))
    return render(request, template, context, status=400)


# --- the wish page and its actions (principle 6) ------------------------------------------

Perform = Callable[[Wish, Any, Any], object]


@dataclass(frozen=True)
class ActionSpec:
    key: str
    form_class: type[ActionForm]
    perform: Perform
    done: Promise  # the message after it worked
    label: Promise | None = None  # None: the label in the workflow's table
    button: Promise | None = None  # None: the label


def _note(service: Callable[..., Any]) -> Perform:
    def perform(wish: Wish, actor: Any, form: Any) -> object:
        return service(wish=wish, actor=actor, note=form.cleaned_data["note"])

    return perform


def _start(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_start(
        wish=wish,
        actor=actor,
        done_definition=form.done_lines(),
        orderer=data["orderer"],
        delivering_supplier=data["delivering_supplier"],
        delivery_approver=data["delivery_approver"],
        order_reference=data["order_reference"],
        note=data["note"],
    )


def _approve(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_approve(
        wish=wish,
        actor=actor,
        amount=data["amount"],
        expected_benefit=data["expected_benefit"],
        expected_hours_per_year=data["expected_hours_per_year"],
        expected_dkk_per_year=data["expected_dkk_per_year"],
        note=data["note"],
    )


def _reject(wish: Wish, actor: Any, form: Any) -> object:
    return services.wish_reject(wish=wish, actor=actor, reason=form.cleaned_data["reason"])


def _deliver(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_deliver(
        wish=wish, actor=actor, invoice_reference=data["invoice_reference"], note=data["note"]
    )


def _review_delivery(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_review_delivery(
        wish=wish,
        actor=actor,
        results=form.results(),
        follow_up_on=data["follow_up_on"],
        note=data["note"],
    )


def _realise(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_realise(
        wish=wish,
        actor=actor,
        realised_benefit=data["realised_benefit"],
        realised_hours_per_year=data["realised_hours_per_year"],
        realised_dkk_per_year=data["realised_dkk_per_year"],
        note=data["note"],
    )


def _close(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_close(
        wish=wish, actor=actor, reason=data["close_reason"], note=data["note"]
    )


def _duplicate(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_mark_duplicate(
        wish=wish, original=data["original"], actor=actor, note=data["note"]
    )


def _support(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_support(
        wish=wish, actor=actor, note=data["note"], expected_benefit=data["expected_benefit"]
    )


def _withdraw_support(wish: Wish, actor: Any, form: Any) -> object:
    support = (
        Support.objects.filter(
            wish=wish,
            municipality_id=getattr(actor, "organisation_id", None),
            withdrawn_at__isnull=True,
        )
        .select_related("wish__product", "municipality")
        .first()
    )
    if support is None:
        raise ValidationError(_("Your organisation does not support this wish."), code="none")
    return services.wish_support_withdraw(support=support, actor=actor)


def _pledge(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return economy_services.pledge_make(
        wish=wish, actor=actor, amount=data["amount"], conditions=data["conditions"]
    )


def _withdraw_pledge(wish: Wish, actor: Any, form: Any) -> object:
    return economy_services.pledge_withdraw(pledge=form.cleaned_data["pledge"], actor=actor)


def _estimate(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_estimate(
        wish=wish,
        actor=actor,
        amount=data["amount"],
        estimated_by=data["estimated_by"],
        estimated_on=data["estimated_on"],
        expected_version=data["loaded_version"],
    )


def _assess(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_assess(
        wish=wish,
        actor=actor,
        benefit_score=data["benefit_score"],
        strategic_fit=data["strategic_fit"],
        urgency=data["urgency"],
        expected_version=data["loaded_version"],
    )


def _done(wish: Wish, actor: Any, form: Any) -> object:
    return services.wish_done_definition_set(
        wish=wish,
        actor=actor,
        criteria=form.done_lines(),
        expected_version=form.cleaned_data["loaded_version"],
    )


ACTIONS: dict[str, ActionSpec] = {
    spec.key: spec
    for spec in (
        # --- the moves of the workflow's table ---
        ActionSpec(
            "review",
            NoteForm,
            _note(services.wish_review),
            gettext_lazy("The wish is under review."),
        ),
        ActionSpec(
            "prioritise",
            NoteForm,
            _note(services.wish_prioritise),
            gettext_lazy("The wish is prioritised."),
        ),
        ActionSpec(
            "start",
            StartForm,
            _start,
            gettext_lazy("The wish is started: the order goes to the supplier."),
        ),
        ActionSpec(
            "recommend",
            NoteForm,
            _note(services.wish_recommend),
            gettext_lazy("The wish is recommended to the steering group."),
        ),
        ActionSpec("approve", ApproveForm, _approve, gettext_lazy("The wish is approved.")),
        ActionSpec("reject", RejectForm, _reject, gettext_lazy("The wish is rejected.")),
        ActionSpec(
            "begin-delivery",
            NoteForm,
            _note(services.wish_begin_delivery),
            gettext_lazy("The delivery has begun."),
        ),
        ActionSpec(
            "deliver", DeliverForm, _deliver, gettext_lazy("The wish is reported as delivered.")
        ),
        ActionSpec(
            "review-delivery",
            DeliveryReviewForm,
            _review_delivery,
            gettext_lazy("The delivery review is recorded."),
            label=gettext_lazy("Review the delivery against DONE"),
            button=gettext_lazy("Record the review"),
        ),
        ActionSpec(
            "begin-follow-up",
            NoteForm,
            _note(services.wish_begin_follow_up),
            gettext_lazy("The benefit follow-up has begun."),
        ),
        ActionSpec(
            "realise", RealiseForm, _realise, gettext_lazy("The realised benefits are recorded.")
        ),
        ActionSpec("close", CloseForm, _close, gettext_lazy("The wish is closed.")),
        ActionSpec(
            "park", NoteForm, _note(services.wish_park), gettext_lazy("The wish is parked.")
        ),
        ActionSpec(
            "unpark",
            NoteForm,
            _note(services.wish_unpark),
            gettext_lazy("The wish is taken back from parked."),
        ),
        # --- around the moves ---
        ActionSpec(
            "duplicate",
            DuplicateForm,
            _duplicate,
            gettext_lazy("The wish is closed as a duplicate; its supports moved to the original."),
            label=gettext_lazy("Mark as a duplicate"),
        ),
        ActionSpec(
            "support",
            SupportForm,
            _support,
            gettext_lazy("Your municipality now supports the wish."),
            label=gettext_lazy("Support the wish"),
            button=gettext_lazy("We want this too"),
        ),
        ActionSpec(
            "withdraw-support",
            WithdrawSupportForm,
            _withdraw_support,
            gettext_lazy("Your municipality's support is withdrawn."),
            label=gettext_lazy("Withdraw your municipality's support"),
            button=gettext_lazy("Withdraw the support"),
        ),
        ActionSpec(
            "pledge",
            PledgeForm,
            _pledge,
            gettext_lazy("The pledge is recorded."),
            label=gettext_lazy("Pledge co-financing"),
            button=gettext_lazy("Pledge"),
        ),
        ActionSpec(
            "withdraw-pledge",
            WithdrawPledgeForm,
            _withdraw_pledge,
            gettext_lazy("The pledge is withdrawn."),
            label=gettext_lazy("Withdraw a pledge"),
            button=gettext_lazy("Withdraw the pledge"),
        ),
        ActionSpec(
            "estimate",
            EstimateForm,
            _estimate,
            gettext_lazy("The estimate is recorded."),
            label=gettext_lazy("Record the estimate"),
            button=gettext_lazy("Save the estimate"),
        ),
        ActionSpec(
            "assess",
            AssessForm,
            _assess,
            gettext_lazy("The assessment is recorded and the score recomputed."),
            label=gettext_lazy("Assess benefit, strategic fit and urgency"),
            button=gettext_lazy("Save the assessment"),
        ),
        ActionSpec(
            "done",
            DoneDefinitionForm,
            _done,
            gettext_lazy("The definition of DONE is saved."),
            label=gettext_lazy("Set the definition of DONE"),
            button=gettext_lazy("Save the definition of DONE"),
        ),
    )
}

# The action key of each move in the table (the two outcomes of a delivery review share
# one form: it accepts when every criterion is met and rejects otherwise).
TRANSITION_KEYS: dict[str, str] = {
    S.UNDER_REVIEW: "review",
    S.PRIORITISED: "prioritise",
    S.STARTED: "start",
    S.RECOMMENDED: "recommend",
    S.APPROVED: "approve",
    S.REJECTED: "reject",
    S.IN_DELIVERY: "begin-delivery",
    S.DELIVERED: "deliver",
    S.ACCEPTED: "review-delivery",
    S.DELIVERY_REJECTED: "review-delivery",
    S.FOLLOW_UP: "begin-follow-up",
    S.REALISED: "realise",
    S.CLOSED: "close",
    S.PARKED: "park",
}


def transition_key(transition: Transition) -> str:
    if transition.source == S.PARKED:
        return "unpark"
    return TRANSITION_KEYS[transition.target]


@dataclass
class Offered:
    key: str
    label: str
    button: str
    form: ActionForm
    hint: str = ""


@dataclass(frozen=True)
class Absent:
    label: str
    reason: str


@dataclass
class WishActions:
    offered: list[Offered] = field(default_factory=list)
    absent: list[Absent] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return {item.key for item in self.offered}


class _Rights:
    """The viewer's mandates and participation rights for one wish, each asked once."""

    def __init__(self, user: Any, wish: Wish, today: datetime.date) -> None:
        self.user = user
        self.wish = wish
        self.today = today
        self._mandates: dict[str, str | None] = {}
        self._organisation: Organisation | None = None
        self._organisation_known = False

    def refusal(self, code: str) -> str | None:
        """None when the viewer holds the mandate ``code``; else who does."""
        if code not in self._mandates:
            outcome = authority.check(self.user, code, product=self.wish.product, on=self.today)
            self._mandates[code] = None if isinstance(outcome, authority.Mandate) else str(outcome)
        return self._mandates[code]

    def delivery_refusal(self) -> str | None:
        try:
            participation.require_delivering_supplier(self.user, self.wish)
        except PermissionDenied as refused:
            return str(refused)
        return None

    @property
    def organisation(self) -> Organisation | None:
        """The viewer's organisation when it uses the product."""
        if not self._organisation_known:
            self._organisation = participation.user_organisation(
                self.user, self.wish.product, on=self.today
            )
            self._organisation_known = True
        return self._organisation

    def user_refusal(self) -> str:
        return _("Only people from an organisation that uses %(product)s can do this.") % {
            "product": self.wish.product.name
        }


def wish_actions(
    user: Any,
    wish: Wish,
    *,
    today: datetime.date,
    bound: tuple[str, ActionForm] | None = None,
) -> WishActions:
    """What ``user`` may do with ``wish`` right now, each with its form, and the moves of
    the table they may not take, each with who may."""
    rights = _Rights(user, wish, today)
    result = WishActions()

    def form_for(spec: ActionSpec) -> ActionForm:
        if bound is not None and bound[0] == spec.key:
            return bound[1]
        return spec.form_class(wish=wish, user=user, today=today, prefix=spec.key)

    def offer(key: str, label: Any = None, hint: str = "") -> None:
        spec = ACTIONS[key]
        shown = str(label or spec.label)
        result.offered.append(
            Offered(
                key=key,
                label=shown,
                button=str(spec.button or shown),
                form=form_for(spec),
                hint=hint,
            )
        )

    # The moves of the table out of the current state.
    seen: set[str] = set()
    for transition in transitions_from(wish.state):
        key = transition_key(transition)
        if key in seen:
            continue
        if key == "unpark" and transition.target != (wish.parked_from or S.UNDER_REVIEW):
            continue
        seen.add(key)
        label = ACTIONS[key].label or transition.label
        if general_scope in transition.guards and not wish.is_general:
            result.absent.append(
                Absent(
                    str(label),
                    _(
                        "This is a local wish: the municipality orders and pays it itself, "
                        "and the coordination group does not prioritise or start it."
                    ),
                )
            )
            continue
        if transition.by_mandate:
            refusal = rights.refusal(transition.permission)
        else:
            refusal = rights.delivery_refusal()
        if refusal is not None:
            result.absent.append(Absent(str(label), refusal))
            continue
        offer(key, label)
        if key == "close" and rights.refusal("wish.close") is None:
            offer("duplicate")

    # Taking part: support and co-financing (WSH-01, WSH-10).
    if wish.state in OPEN_FOR_SUPPORT:
        organisation = rights.organisation
        if organisation is None:
            result.absent.append(Absent(str(ACTIONS["support"].label), rights.user_refusal()))
        elif any(s.municipality_id == organisation.pk for s in wish.active_supports):  # type: ignore[attr-defined]
            offer("withdraw-support")
        else:
            offer("support")
    if wish.state in OPEN_FOR_PLEDGES:
        if rights.organisation is None:
            result.absent.append(Absent(str(ACTIONS["pledge"].label), rights.user_refusal()))
        else:
            offer("pledge")
            if own_open_pledges(wish, user):
                offer("withdraw-pledge")

    # Making the wish decidable: estimate, assessment, DONE (WSH-02, WSH-06).
    if wish.state in BEFORE_COMMITMENT and rights.refusal(PRIORITISE) is None:
        offer("estimate")
    if wish.state in RANKED and wish.is_general and rights.refusal(PRIORITISE) is None:
        offer("assess")
    if (
        wish.state in DONE_EDITABLE
        and "start" not in result.keys
        and rights.refusal("wish.start") is None
    ):
        offer("done")

    # What the frame says about starting it (WSH-03, WSH-04, WSH-10).
    money = [o for o in result.offered if o.key in ("start", "recommend")]
    if money:
        hint = _money_hint(wish, today)
        for item in money:
            item.hint = hint
    return result


def _money_hint(wish: Wish, today: datetime.date) -> str:
    status = fundability(wish, year=today.year)
    if status.cost is None:
        return _("The wish has no estimate yet: record one first.")
    return _(
        "The frame pays %(share)s of this wish (its cost %(cost)s less %(pledged)s pledged). "
        "The coordination group may still commit %(can_commit)s on its own in %(year)s; "
        "beyond that the steering group decides."
    ) % {
        "share": format_dkk(status.frame_share),
        "cost": format_dkk(status.cost),
        "pledged": format_dkk(status.pledged),
        "can_commit": format_dkk(status.can_commit),
        "year": today.year,
    }


def _render_wish(
    request: HttpRequest,
    wish: Wish,
    *,
    bound: tuple[str, ActionForm] | None = None,
    refusal: str | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    actions = wish_actions(request.user, wish, today=today, bound=bound)
    # A form that failed for an action no longer offered (e.g. the wish moved on): its
    # errors are shown above the actions.
    stray_form = bound[1] if bound is not None and bound[0] not in actions.keys else None
    pledges = list(wish.pledges.all())
    pledged = sum(
        (p.amount for p in pledges if p.state in (PledgeState.PLEDGED, PledgeState.COMMITTED)),
        ZERO,
    )
    return render(
        request,
        "wishes/detail.html",
        {
            "wish": wish,
            "product": wish.product,
            "actions": actions,
            "open_action": bound[0] if bound is not None else None,
            "refusal": refusal,
            "stray_form": stray_form,
            "pledges": pledges,
            "pledged": pledged,
            "timeline": Paginator(list(wish.events.all()), TIMELINE_PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "breadcrumbs": _product_crumbs(wish.product, (wish.title, None)),
        },
        status=status,
    )


@require_GET
def detail(request: HttpRequest, product: str, pk: int) -> HttpResponse:
    return _render_wish(request, _wish(product, pk))


@login_required
@require_POST
def act(request: HttpRequest, product: str, pk: int, action: str) -> HttpResponse:
    """Take one action on a wish through its service. Refused: shown, nothing written."""
    wish = _wish(product, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    form = spec.form_class(
        request.POST, wish=wish, user=request.user, today=timezone.localdate(), prefix=spec.key
    )
    status = 400
    if form.is_valid():
        if form.cleaned_data["loaded_state"] != wish.state:
            form.add_error(
                None,
                _(
                    "Someone moved this wish meanwhile: it is now “%(state)s”. Nothing was "
                    "changed; see what you can do now."
                )
                % {"state": WishState(wish.state).label},
            )
            status = 409
        else:
            try:
                spec.perform(wish, request.user, form)
            except PermissionDenied as refused:
                return _render_wish(
                    request, wish, bound=(spec.key, form), refusal=str(refused), status=403
                )
            except StaleEditError as stale:
                add_service_errors(form, stale)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, str(spec.done))
                return redirect(wish_url(wish))
    return _render_wish(request, wish, bound=(spec.key, form), status=status)


# --- prioritisation (WSH-02) --------------------------------------------------------------


def _ranked(product: Product) -> QuerySet[Wish]:
    return selectors.with_support_count(
        Wish.objects.filter(product=product, state__in=RANKED, scope=WishScope.GENERAL)
    ).order_by(F("rank").asc(nulls_last=True), "pk")


def move_in_backlog(*, product: Product, wish: Wish, to_rank: int, reason: str, actor: Any) -> int:
    """Put ``wish`` at place ``to_rank`` of ``product``'s backlog, with the reason, and keep
    every other place the group set where it was relative to the rest: a wish the group
    placed between the old and the new place moves one step the other way (its own
    decision, with the same reason). Returns the place the wish got."""
    ranked = list(
        Wish.objects.filter(
            product=product, state__in=RANKED, scope=WishScope.GENERAL, rank__isnull=False
        ).select_related("product")
    )
    current = next((w.rank for w in ranked if w.pk == wish.pk), None)
    if current is None:
        raise ValidationError(
            _("Only a general wish in the backlog (not yet started or closed) has a place."),
            code="not_in_backlog",
        )
    target = max(1, min(to_rank, len(ranked)))
    if target == current:
        return current
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": [ValidationError(_("Give the reason for the place."), code="required")]}
        )
    low, high = sorted((current, target))
    shift = 1 if target < current else -1
    with transaction.atomic():
        services.wish_rank_set(wish=wish, actor=actor, rank=target, reason=reason)
        for other in ranked:
            if (
                other.pk != wish.pk
                and other.rank_override is not None
                and other.rank is not None
                and low <= other.rank <= high
            ):
                services.wish_rank_set(
                    wish=other, actor=actor, rank=other.rank + shift, reason=reason
                )
    return target


@login_required
@require_http_methods(["GET", "POST"])
def prioritise(request: HttpRequest, product: str) -> HttpResponse:
    """The coordination group reorders the backlog: "move up" / "move down" buttons that
    work as plain forms (the keyboard alone is enough), enhanced with drag and drop by
    wishes/prioritise.js. A changed place needs a reason, recorded with the decision."""
    found = _product(product)
    today = timezone.localdate()
    outcome = authority.check(request.user, PRIORITISE, product=found, on=today)
    refusal = str(outcome) if isinstance(outcome, authority.MandateRefused) else None
    form = ReorderForm(request.POST if request.method == "POST" else None)
    status = 403 if refusal else 200
    if request.method == "POST" and refusal is None:
        status = 400
        requested = form.requested() if form.is_valid() else None
        wish = Wish.objects.filter(pk=requested[0], product=found).first() if requested else None
        if requested is None or wish is None:
            form.add_error(None, _("Choose a wish of this backlog to move."))
        else:
            _pk, how, place = requested
            try:
                if how == "reset":
                    services.wish_rank_set(wish=wish, actor=request.user, rank=None)
                    message = _("“%(title)s” follows its score again.")
                else:
                    current = wish.rank or 0
                    target = {"up": current - 1, "down": current + 1}.get(how, place or 0)
                    move_in_backlog(
                        product=found,
                        wish=wish,
                        to_rank=target,
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
                    message = _("“%(title)s” is moved.")
            except PermissionDenied as refused:
                refusal, status = str(refused), 403
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                wish.refresh_from_db()
                messages.success(request, message % {"title": wish.title})
                page = ((wish.rank or 1) - 1) // PAGE_SIZE + 1
                url = reverse("wishes:prioritise", args=[found.slug])
                return redirect(f"{url}?page={page}#wish-{wish.pk}")
    return render(
        request,
        "wishes/prioritise.html",
        {
            "product": found,
            "form": form,
            "refusal": refusal,
            "page_obj": _page(request, _ranked(found)) if refusal is None else None,
            "breadcrumbs": _product_crumbs(found, (_("Prioritise"), None)),
        },
        status=status,
    )


# --- the roadmap (COM-01) -----------------------------------------------------------------


@dataclass
class Quarter:
    number: int
    started: list[Wish] = field(default_factory=list)
    delivered: list[Wish] = field(default_factory=list)


@require_GET
def roadmap(request: HttpRequest, product: str) -> HttpResponse:
    """What is planned (approved, recommended and prioritised wishes), started and
    delivered, by quarter of a year."""
    found = _product(product)
    today = timezone.localdate()
    year = _year(request, today.year)
    started = list(
        Wish.objects.filter(product=found, started_on__year=year)
        .select_related("delivering_supplier__organisation")
        .order_by("started_on", "pk")[: ROADMAP_LIMIT + 1]
    )
    delivered = list(
        Wish.objects.filter(product=found, accepted_on__year=year).order_by("accepted_on", "pk")[
            : ROADMAP_LIMIT + 1
        ]
    )
    quarters = [Quarter(number) for number in range(1, 5)]
    for wish in started[:ROADMAP_LIMIT]:
        assert wish.started_on is not None
        quarters[(wish.started_on.month - 1) // 3].started.append(wish)
    for wish in delivered[:ROADMAP_LIMIT]:
        assert wish.accepted_on is not None
        quarters[(wish.accepted_on.month - 1) // 3].delivered.append(wish)
    planned = Wish.objects.filter(product=found, state__in=PLANNED).order_by(
        Case(
            When(state=S.APPROVED, then=Value(0)),
            When(state=S.RECOMMENDED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        F("rank").asc(nulls_last=True),
        "pk",
    )
    return render(
        request,
        "wishes/roadmap.html",
        {
            "product": found,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "quarters": quarters,
            "cut_off": len(started) > ROADMAP_LIMIT or len(delivered) > ROADMAP_LIMIT,
            "limit": ROADMAP_LIMIT,
            "page_obj": _page(request, planned),
            "breadcrumbs": _product_crumbs(found, (_("Roadmap"), None)),
        },
    )


# --- lists across products ----------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The wishes the person submitted, and those their organisation supports."""
    user = request.user
    organisation_id = getattr(user, "organisation_id", None)
    condition = Q(submitter=user)
    if organisation_id is not None:
        condition |= Q(
            Exists(
                Support.objects.filter(
                    wish=OuterRef("pk"), municipality_id=organisation_id, withdrawn_at__isnull=True
                )
            )
        )
    wishes = selectors.with_support_count(
        Wish.objects.filter(condition).select_related("product", "submitter_municipality")
    ).order_by("-updated_at", "-pk")
    return render(
        request,
        "wishes/mine.html",
        {
            "page_obj": _page(request, wishes),
            "breadcrumbs": _crumbs((_("My wishes"), None)),
        },
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The steering group's inbox (WSH-04): the wishes recommended to it, in the products
    where the person holds the mandate to approve, oldest first."""
    user = request.user
    today = timezone.localdate()
    products = [
        product
        for product in roles_of(user, today).products()
        if authority.allows(user, APPROVE, product=product, on=today)
    ]
    wishes = selectors.with_support_count(
        Wish.objects.filter(product__in=products, state=S.RECOMMENDED).select_related("product")
    ).order_by("updated_at", "pk")
    return render(
        request,
        "wishes/inbox.html",
        {
            "products": products,
            "page_obj": _page(request, wishes),
            "breadcrumbs": _crumbs((_("Recommendations to the steering group"), None)),
        },
    )


@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """The wishes whose benefits are to be followed up (WSH-09), overdue ones first."""
    products = list(Product.objects.order_by("name", "pk"))
    chosen = next((p for p in products if p.slug == request.GET.get("product")), None)
    return render(
        request,
        "wishes/follow_ups.html",
        {
            "products": products,
            "chosen": chosen,
            "today": timezone.localdate(),
            "page_obj": _page(request, selectors.follow_ups(product=chosen)),
            "breadcrumbs": _crumbs((_("Benefit follow-ups"), None)),
        },
    )
