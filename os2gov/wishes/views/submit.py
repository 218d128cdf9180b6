"""Submitting a wish (WSH-01), with the similar wishes shown first (WSH-12)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from os2gov.governance.forms import add_service_errors
from os2gov.wishes import participation, selectors, services
from os2gov.wishes.forms import WishSubmitForm
from os2gov.wishes.views._common import get_product, product_crumbs, wish_url

# --- submitting a wish (WSH-01, WSH-12) ---------------------------------------------------


@require_GET
def similar(request: HttpRequest, product: str) -> HttpResponse:
    """The open wishes whose titles resemble ``title``: the submit form asks for them
    (htmx) while the title is typed, so people can support instead of duplicating."""
    found = get_product(product)
    title = request.GET.get("title", "")[:200]
    return render(
        request,
        "wishes/includes/similar.html",
        {"product": found, "similar": selectors.similar_wishes(found, title)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, product: str) -> HttpResponse:
    found = get_product(product)
    today = timezone.localdate()
    template = "wishes/submit.html"
    context: dict[str, Any] = {
        "product": found,
        "breadcrumbs": product_crumbs(found, (_("Submit a wish"), None)),
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
