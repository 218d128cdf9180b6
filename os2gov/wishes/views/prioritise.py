"""Prioritisation (WSH-02): the coordination group reorders the backlog with buttons that
work as plain forms (the keyboard alone is enough), enhanced with drag and drop by
wishes/prioritise.js. A changed place needs a reason, recorded with the decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.governance.forms import add_service_errors
from os2gov.wishes import selectors, services
from os2gov.wishes.forms import ReorderForm
from os2gov.wishes.models import Wish, WishScope
from os2gov.wishes.views._common import PAGE_SIZE, PRIORITISE, get_product, page_of, product_crumbs
from os2gov.wishes.workflow import RANKED

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
    found = get_product(product)
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
            "page_obj": page_of(request, _ranked(found)) if refusal is None else None,
            "breadcrumbs": product_crumbs(found, (_("Prioritise"), None)),
        },
        status=status,
    )
