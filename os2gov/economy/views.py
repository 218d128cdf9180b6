"""The economy pages (ECO-01…05, WSH-10): a product's frame for a year and what is
committed against it, the steering group's frame form, and every product's economy for the
secretariat.

A product's economy is shown to its steering and coordination groups and to the
secretariat, which reports it (ECO-03; ``selectors.visible_products``). Setting the frame
needs the steering group's mandate (``economic_frame.set``); a refusal names the holder and
writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.economy.forms import FrameForm, FundingLineFormSet, put_frame_errors
from os2gov.economy.models import ZERO, EconomicFrame, FundingLineKind, Pledge, PledgeState
from os2gov.economy.selectors import (
    COMMITTED_STATES,
    FrameStatus,
    contributions,
    economy_overview,
    frame_status,
    visible_products,
)
from os2gov.economy.services import FRAME_SET, frame_set
from os2gov.wishes.models import Wish

PAGE_SIZE = 25


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _crumbs(product: Product, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    crumbs = [
        {"label": _("Products"), "url": reverse("products:list")},
        {"label": product.name, "url": reverse("products:detail", args=[product.slug])},
    ]
    for label, url in more:
        crumbs.append({"label": label, "url": url} if url else {"label": label})
    return crumbs


def _not_shown(product: Product) -> str:
    return _(
        "The economy of %(product)s is shown to its steering group, its coordination group "
        "and the OS2 secretariat."
    ) % {"product": product.name}


def committed_wishes(frame: EconomicFrame | None) -> QuerySet[Wish]:
    """ECO-04: the wishes committed against ``frame``, with who ordered them, the supplier,
    who approves the delivery, and the order and invoice references. One query a page."""
    if frame is None:
        return Wish.objects.none()
    return (
        Wish.objects.filter(committed_frame=frame, state__in=COMMITTED_STATES)
        .select_related("orderer", "delivering_supplier__organisation", "delivery_approver")
        .order_by(F("started_on").asc(nulls_last=True), "approved_on", "pk")
    )


def open_pledges(product: Product) -> QuerySet[Pledge]:
    """WSH-10: the co-financing pledged to the product's wishes and not yet committed."""
    return (
        Pledge.objects.filter(wish__product=product, state=PledgeState.PLEDGED)
        .select_related("wish", "organisation", "person")
        .order_by("-created_at", "-pk")
    )


@login_required
@require_GET
def product_economy(request: HttpRequest, product: str) -> HttpResponse:
    """ECO-01…05: the year's frame (the connection agreements' contributions and the other
    funding lines, the paid product coordinator among them), the coordination group's
    limit, what is committed and available, the pledges, and the committed wishes."""
    found = get_object_or_404(Product, slug=product)
    year = _year(request)
    user = request.user
    context: dict[str, Any] = {
        "product": found,
        "year": year,
        "breadcrumbs": _crumbs(found, (_("Economy"), None)),
    }
    if not any(p.pk == found.pk for p in visible_products(user)):
        return render(
            request, "economy/product.html", {**context, "refusal": _not_shown(found)}, status=403
        )
    status = frame_status(found, year)
    return render(
        request,
        "economy/product.html",
        {
            **context,
            "status": status,
            "coordinator_lines": [
                line
                for line in status.funding_lines
                if line.kind == FundingLineKind.PRODUCT_COORDINATOR
            ],
            "other_lines": [
                line for line in status.funding_lines if line.kind == FundingLineKind.OTHER
            ],
            "page_obj": Paginator(committed_wishes(status.frame), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "pledges_page": Paginator(open_pledges(found), PAGE_SIZE).get_page(
                request.GET.get("pledges")
            ),
            "may_set_frame": authority.allows(user, FRAME_SET, product=found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def frame_edit(request: HttpRequest, product: str) -> HttpResponse:
    """The steering group sets the product's frame for a year (ECO-01, ECO-02, ECO-05)."""
    found = get_object_or_404(Product, slug=product)
    year = _year(request)
    user = request.user
    template = "economy/frame_form.html"
    economy_url = reverse("economy:product", args=[found.slug])
    context: dict[str, Any] = {
        "product": found,
        "year": year,
        "breadcrumbs": _crumbs(
            found, (_("Economy"), f"{economy_url}?year={year}"), (_("Set the frame"), None)
        ),
    }
    outcome = authority.check(user, FRAME_SET, product=found)
    if isinstance(outcome, authority.MandateRefused):
        return render(request, template, {**context, "refusal": str(outcome)}, status=403)
    frame = (
        EconomicFrame.objects.filter(product=found, year=year)
        .prefetch_related("funding_lines")
        .first()
    )
    contributed = sum((c.amount for c in contributions(found, year)), ZERO)
    context.update(frame=frame, contributed=contributed)
    if request.method != "POST":
        initial = [
            {"kind": line.kind, "label": line.label, "amount": line.amount}
            for line in (frame.funding_lines.all() if frame is not None else [])
        ]
        context.update(
            form=FrameForm(frame=frame), lines=FundingLineFormSet(initial=initial, prefix="lines")
        )
        return render(request, template, context)
    form = FrameForm(request.POST, frame=frame)
    lines = FundingLineFormSet(request.POST, prefix="lines")
    context.update(form=form, lines=lines)
    if form.is_valid() and lines.is_valid():
        given = [line for line in lines.forms if line.has_changed() and not line.is_blank()]
        try:
            frame_set(
                product=found,
                year=year,
                actor=user,
                coordination_group_limit=form.cleaned_data["coordination_group_limit"],
                funding_lines=[
                    {
                        "kind": line.cleaned_data["kind"] or FundingLineKind.OTHER,
                        "label": line.cleaned_data["label"],
                        "amount": line.cleaned_data["amount"],
                    }
                    for line in given
                ],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["loaded_version"],
            )
        except PermissionDenied as refused:
            return render(request, template, {**context, "refusal": str(refused)}, status=403)
        except ValidationError as error:
            put_frame_errors(error, form=form, line_forms=given)
        else:
            messages.success(
                request,
                _("The %(year)s frame of %(product)s is set.")
                % {"year": year, "product": found.name},
            )
            return redirect(f"{economy_url}?year={year}")
    return render(request, template, context, status=400)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """ECO-03: the economy of every product the viewer may see — all of them for the
    secretariat — with totals. A constant number of queries however many products."""
    year = _year(request)
    products = visible_products(request.user)
    statuses: list[FrameStatus] = economy_overview(year, products) if products else []
    totals = {
        "total": sum((s.total for s in statuses), ZERO),
        "committed": sum((s.committed for s in statuses), ZERO),
        "available": sum((s.available for s in statuses), ZERO),
        "open_pledges": sum((s.open_pledges for s in statuses), ZERO),
    }
    return render(
        request,
        "economy/overview.html",
        {
            "year": year,
            "statuses": statuses,
            "page_obj": Paginator(statuses, PAGE_SIZE).get_page(request.GET.get("page")),
            "totals": totals,
            "without_frame": sum(1 for s in statuses if s.frame is None),
            "breadcrumbs": [
                {"label": _("Development wishes"), "url": reverse("wishes:list")},
                {"label": _("The products' economy")},
            ],
        },
    )
