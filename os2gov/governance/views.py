"""Governance pages. Bodies, groups, members and decisions are public (COM-02); changing
members and settings needs a login and the mandate, checked by the same services the API
uses. A refused change shows who holds the mandate and writes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from os2gov.authority import service as authority
from os2gov.authority.service import MandateRefused
from os2gov.catalogue.models import Product
from os2gov.governance import selectors, services
from os2gov.governance.forms import (
    ContactForm,
    GroupSettingsForm,
    MembershipAddForm,
    MembershipEndForm,
    add_service_errors,
)
from os2gov.governance.models import Body, Group, GroupMembership
from os2gov.governance.people import public_name
from os2gov.governance.services.groups import GROUP_SETTINGS_ACTION

PAGE_SIZE = 25
LATEST_DECISIONS = 5


def _crumbs(*trail: tuple[str, str | None]) -> list[dict[str, str]]:
    crumbs = [{"label": _("Bodies and groups"), "url": reverse("groups:list")}]
    for label, url in trail:
        crumbs.append({"label": label, "url": url} if url else {"label": label})
    return crumbs


def _group_crumbs(group: Group, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    return _crumbs(
        (group.product.name, reverse("groups:product", args=[group.product.slug])),
        (group.name, reverse("groups:group", args=[group.product.slug, group.slug])),
        *more,
    )


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Public pages ---------------------------------------------------------------------------


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/body_list.html",
        {
            "bodies": selectors.body_list(),
            "groups_page": _page(request, selectors.group_list()),
            "breadcrumbs": [{"label": _("Bodies and groups")}],
        },
    )


@require_GET
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body, roster = selectors.body_detail(slug)
    decisions = list(selectors.decision_list(body=body)[: LATEST_DECISIONS + 1])
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "roster": roster,
            "decisions": decisions[:LATEST_DECISIONS],
            "more_decisions": len(decisions) > LATEST_DECISIONS,
            "breadcrumbs": _crumbs((body.name, None)),
        },
    )


@require_GET
def body_decisions(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(Body, slug=slug)
    return render(
        request,
        "governance/decision_list.html",
        {
            "title": _("Decisions of %(body)s") % {"body": body.name},
            "page_obj": _page(request, selectors.decision_list(body=body)),
            "breadcrumbs": _crumbs(
                (body.name, reverse("groups:body", args=[body.slug])), (_("Decisions"), None)
            ),
        },
    )


def _product_page(
    request: HttpRequest, product: Product, contact_form: ContactForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "governance/product_governance.html",
        {
            "product": product,
            "contact_form": contact_form,
            "page_obj": _page(request, selectors.decision_list(product=product)),
            "breadcrumbs": _crumbs((product.name, None)),
        },
        status=status,
    )


@require_GET
def product_governance(request: HttpRequest, product: str) -> HttpResponse:
    """A product's groups, contact person and decisions."""
    return _product_page(request, selectors.product_get(product), None)


@require_GET
def group_detail(request: HttpRequest, product: str, group: str) -> HttpResponse:
    found = selectors.group_get(product, group)
    user = request.user
    return render(
        request,
        "governance/group_detail.html",
        {
            "group": found,
            "roster": selectors.group_roster(found),
            "page_obj": _page(request, selectors.decision_list(group=found)),
            "may_manage_members": authority.allows(
                user, services.membership_action(found), group=found
            ),
            "may_edit_settings": authority.allows(user, GROUP_SETTINGS_ACTION, group=found),
            "breadcrumbs": _crumbs(
                (found.product.name, reverse("groups:product", args=[found.product.slug])),
                (found.name, None),
            ),
        },
    )


# --- The contact form (COM-03) ------------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _back_to(request: HttpRequest, form: ContactForm, product: Product) -> HttpResponseRedirect:
    target = str(form.data.get("next", ""))
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("groups:product", args=[product.slug])
    return HttpResponseRedirect(f"{target}#contact")


@require_POST
def contact(request: HttpRequest, product: str) -> HttpResponse:
    found = selectors.product_get(product)
    form = ContactForm(request.POST)
    try:
        services.contact_rate_check(client_address=_client_address(request))
    except services.RateLimited:
        form.is_valid()
        form.add_error(
            None,
            _("You have sent several messages in a short time. Wait ten minutes, then try again."),
        )
        return _product_page(request, found, form, status=429)
    sent = _("Your message has been sent to the product's contact person.")
    if request.POST.get("website"):
        # A robot filled in the hidden field: thrown away, but told the usual.
        messages.success(request, sent)
        return _back_to(request, form, found)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.contact_tovholder(
                product=found,
                message=services.ContactMessage(
                    name=data["name"], email=data["email"], message=data["message"]
                ),
            )
        except services.NoTovholder:
            form.add_error(
                None,
                _(
                    "%(product)s has no contact person at the moment, so the message could "
                    "not be sent. Write to the OS2 secretariat instead."
                )
                % {"product": found.name},
            )
        else:
            messages.success(request, sent)
            return _back_to(request, form, found)
    return _product_page(request, found, form, status=400)


# --- Management (login and mandate) -------------------------------------------------------


def _refused(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    refusal: MandateRefused,
) -> HttpResponse:
    return render(request, template, {**context, "refusal": str(refusal)}, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, product: str, group: str) -> HttpResponse:
    found = selectors.group_get(product, group)
    template = "governance/membership_add.html"
    context: dict[str, Any] = {
        "group": found,
        "breadcrumbs": _group_crumbs(found, (_("Add a member"), None)),
    }
    if request.method == "POST":
        form = MembershipAddForm(request.POST, group=found)
        context["form"] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                membership = services.membership_add(
                    actor=request.user,
                    group=found,
                    person=data["person"],
                    organisation=data["organisation"],
                    role=data["role"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    secretariat_exception_reason=data.get("secretariat_exception_reason", ""),
                    supplier_participation=data.get("supplier_participation", ""),
                    agreement_reference=data.get("agreement_reference", ""),
                )
            except MandateRefused as refusal:
                return _refused(request, template, context, refusal)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s was added to %(group)s.")
                    % {"name": public_name(membership.person), "group": found.name},
                )
                return redirect("groups:group", found.product.slug, found.slug)
        return render(request, template, context, status=400)
    context["form"] = MembershipAddForm(group=found)
    outcome = authority.check(request.user, services.membership_action(found), group=found)
    if isinstance(outcome, MandateRefused):
        return _refused(request, template, context, outcome)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, product: str, group: str, pk: int) -> HttpResponse:
    found = selectors.group_get(product, group)
    membership = get_object_or_404(
        GroupMembership.objects.select_related("person", "organisation"), pk=pk, group=found
    )
    membership.group = found
    template = "governance/membership_end.html"
    context: dict[str, Any] = {
        "group": found,
        "membership": membership,
        "breadcrumbs": _group_crumbs(found, (_("End a membership"), None)),
    }
    if request.method == "POST":
        form = MembershipEndForm(request.POST)
        context["form"] = form
        if form.is_valid():
            try:
                services.membership_end(
                    actor=request.user, membership=membership, ends_on=form.cleaned_data["ends_on"]
                )
            except MandateRefused as refusal:
                return _refused(request, template, context, refusal)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The membership of %(name)s was ended.")
                    % {"name": public_name(membership.person)},
                )
                return redirect("groups:group", found.product.slug, found.slug)
        return render(request, template, context, status=400)
    context["form"] = MembershipEndForm()
    outcome = authority.check(request.user, services.membership_action(found), group=found)
    if isinstance(outcome, MandateRefused):
        return _refused(request, template, context, outcome)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def group_settings(request: HttpRequest, product: str, group: str) -> HttpResponse:
    found = selectors.group_get(product, group)
    template = "governance/group_settings.html"
    context: dict[str, Any] = {
        "group": found,
        "breadcrumbs": _group_crumbs(found, (_("Settings"), None)),
    }
    if request.method == "POST":
        form = GroupSettingsForm(request.POST, group=found)
        context["form"] = form
        if form.is_valid():
            try:
                services.group_settings_update(
                    actor=request.user,
                    group=found,
                    expected_updated_at=form.cleaned_data["loaded_version"],
                    **form.settings(),
                )
            except MandateRefused as refusal:
                return _refused(request, template, context, refusal)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The group's settings were saved."))
                return redirect("groups:group", found.product.slug, found.slug)
        return render(request, template, context, status=400)
    context["form"] = GroupSettingsForm(group=found)
    outcome = authority.check(request.user, GROUP_SETTINGS_ACTION, group=found)
    if isinstance(outcome, MandateRefused):
        return _refused(request, template, context, outcome)
    return render(request, template, context)
