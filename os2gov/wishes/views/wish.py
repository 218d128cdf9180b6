"""The wish page (principle 6): what the wish is, and the actions the person may take right
now, computed from the workflow's table for its state and the mandate or participation
right each move names; the moves that are not theirs say who may. ``act`` takes one
action through its service; a refusal is shown, naming the holder, and nothing is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from os2gov.authority import service as authority
from os2gov.core.errors import StaleEditError
from os2gov.economy.models import ZERO, PledgeState
from os2gov.economy.selectors import fundability
from os2gov.economy.validation import format_dkk
from os2gov.governance.forms import add_service_errors
from os2gov.organisation.models import Organisation
from os2gov.wishes import participation
from os2gov.wishes.forms import ActionForm, own_open_pledges
from os2gov.wishes.models import Wish, WishState
from os2gov.wishes.views._common import (
    PRIORITISE,
    TIMELINE_PAGE_SIZE,
    S,
    get_wish,
    product_crumbs,
    wish_url,
)
from os2gov.wishes.views.actions import ACTIONS, ActionSpec, transition_key
from os2gov.wishes.workflow import (
    BEFORE_COMMITMENT,
    DONE_EDITABLE,
    OPEN_FOR_PLEDGES,
    OPEN_FOR_SUPPORT,
    RANKED,
    general_scope,
    transitions_from,
)


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
    user: Any, wish: Wish, *, today: datetime.date, bound: tuple[str, ActionForm] | None = None
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
        (p.amount for p in pledges if p.state in (PledgeState.PLEDGED, PledgeState.COMMITTED)), ZERO
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
            "breadcrumbs": product_crumbs(wish.product, (wish.title, None)),
        },
        status=status,
    )


@require_GET
def detail(request: HttpRequest, product: str, pk: int) -> HttpResponse:
    return _render_wish(request, get_wish(product, pk))


@login_required
@require_POST
def act(request: HttpRequest, product: str, pk: int, action: str) -> HttpResponse:
    """Take one action on a wish through its service. Refused: shown, nothing written."""
    wish = get_wish(product, pk)
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
