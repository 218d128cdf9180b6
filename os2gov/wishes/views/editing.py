"""Editing a wish's text and attachments, and the product's priority weights (WSH-02).

Every write goes through the same services as the API (wish_update, wish_attachment_add,
wish_attachment_remove, priority_weights_set). A refusal names who may and writes nothing;
an edit on top of someone else's newer one is refused (409) and the editor's input is kept
on the form. Attachment files are served by ``attachment_download``, never from media."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from os2gov.authority import service as authority
from os2gov.core.errors import StaleEditError
from os2gov.governance.forms import add_service_errors
from os2gov.wishes import priority
from os2gov.wishes.forms.editing import WEIGHTS, AttachmentForm, PriorityWeightsForm, WishEditForm
from os2gov.wishes.models import PriorityWeights, Wish, WishAttachment
from os2gov.wishes.services import priority_weights_set, wish_update
from os2gov.wishes.services.attachments import (
    attach_mandate,
    remove_mandate,
    wish_attachment_add,
    wish_attachment_remove,
)
from os2gov.wishes.services.submission import SUBMITTER_EDITABLE
from os2gov.wishes.views._common import (
    PRIORITISE,
    get_product,
    get_wish,
    product_crumbs,
    wish_url,
)
from os2gov.wishes.workflow import BEFORE_START

# --- who may ------------------------------------------------------------------------------


def edit_refusal(user: Any, wish: Wish) -> str | None:
    """None when ``user`` may edit the wish's text now (wish_update's rule: the coordination
    group until the start, the submitter while it is submitted or under review); otherwise
    who may."""
    outcome = authority.check(user, PRIORITISE, product=wish.product)
    if isinstance(outcome, authority.Mandate):
        return None
    is_submitter = (
        getattr(user, "is_authenticated", False)
        and wish.submitter_id is not None
        and wish.submitter_id == user.pk
    )
    if is_submitter and wish.state in SUBMITTER_EDITABLE:
        return None
    holders = authority.join_holders([holder.label for holder in outcome.holders])
    return _(
        "Only %(holders)s can edit this wish until it starts; its submitter can while it is "
        "submitted or under review."
    ) % {"holders": holders}


def attach_refusal(user: Any, wish: Wish) -> str | None:
    try:
        attach_mandate(user, wish)
    except PermissionDenied as refused:
        return str(refused)
    return None


def may_remove(user: Any, attachment: WishAttachment) -> bool:
    try:
        remove_mandate(user, attachment)
    except PermissionDenied:
        return False
    return True


# --- editing a wish's text ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, product: str, pk: int) -> HttpResponse:
    """The form for the wish's text, category, scope, expected benefit and links, for
    those who may edit it; the others see who may."""
    wish = get_wish(product, pk)
    context: dict[str, Any] = {
        "wish": wish,
        "product": wish.product,
        "breadcrumbs": product_crumbs(
            wish.product, (wish.title, wish_url(wish)), (_("Edit"), None)
        ),
    }
    template = "wishes/editing/edit.html"
    if wish.state not in BEFORE_START:
        context["locked"] = True
        return render(request, template, context, status=409 if request.method == "POST" else 200)
    refusal = edit_refusal(request.user, wish)
    if refusal is not None:
        return render(request, template, {**context, "refusal": refusal}, status=403)
    if request.method != "POST":
        context["form"] = WishEditForm(wish=wish)
        return render(request, template, context)
    form = WishEditForm(request.POST, wish=wish)
    context["form"] = form
    status = 400
    if form.is_valid():
        try:
            wish_update(
                wish=wish,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.changes(),
            )
        except PermissionDenied as refused:
            return render(request, template, {**context, "refusal": str(refused)}, status=403)
        except StaleEditError as stale:
            # The input stays on the form; the version stays the one they loaded.
            add_service_errors(form, stale)
            context["stale"] = True
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes to the wish were saved."))
            return redirect(wish_url(wish))
    return render(request, template, context, status=status)


# --- attachments --------------------------------------------------------------------------


def _shown(wish: Wish) -> QuerySet[WishAttachment]:
    return WishAttachment.objects.filter(wish=wish).shown()


@login_required
@require_http_methods(["GET", "POST"])
def attachments(request: HttpRequest, product: str, pk: int) -> HttpResponse:
    """The wish's attachments, the form to attach a file and a button to remove each one
    the person may remove; the others see who may attach."""
    wish = get_wish(product, pk)
    refusal = attach_refusal(request.user, wish)
    posted = request.method == "POST"
    form = AttachmentForm(request.POST if posted else None, request.FILES if posted else None)
    status = 403 if refusal is not None else 200
    if request.method == "POST" and refusal is None:
        status = 400
        if form.is_valid():
            try:
                added = wish_attachment_add(
                    wish=wish, actor=request.user, file=form.cleaned_data["file"]
                )
            except PermissionDenied as refused:
                refusal, status = str(refused), 403
            except StaleEditError as stale:
                add_service_errors(form, stale)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("“%(name)s” is attached.") % {"name": added.original_name}
                )
                return redirect(reverse("wishes:attachments", args=[wish.product.slug, wish.pk]))
    rows = list(_shown(wish))
    return render(
        request,
        "wishes/editing/attachments.html",
        {
            "wish": wish,
            "product": wish.product,
            "form": form,
            "refusal": refusal,
            # At most MAX_ATTACHMENTS_PER_WISH rows: the list needs no pages.
            "rows": [(row, may_remove(request.user, row)) for row in rows],
            "breadcrumbs": product_crumbs(
                wish.product, (wish.title, wish_url(wish)), (_("Attachments"), None)
            ),
        },
        status=status,
    )


@login_required
@require_POST
def attachment_remove(request: HttpRequest, product: str, pk: int, attachment: int) -> HttpResponse:
    wish = get_wish(product, pk)
    row = get_object_or_404(_shown(wish).select_related("wish__product"), pk=attachment)
    back = reverse("wishes:attachments", args=[wish.product.slug, wish.pk])
    try:
        wish_attachment_remove(attachment=row, actor=request.user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    except StaleEditError as stale:
        messages.error(request, " ".join(stale.messages))
    else:
        messages.success(request, _("“%(name)s” is removed.") % {"name": row.original_name})
    return redirect(back)


@require_GET
def attachment_download(
    request: HttpRequest, product: str, pk: int, attachment: int
) -> FileResponse:
    """An attachment, as a download. Served only for a wish that exists under this
    product (wishes are public like their pages) and only while it is not removed."""
    wish = get_wish(product, pk)
    row = get_object_or_404(_shown(wish), pk=attachment)
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=row.original_name,
        content_type=row.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- priority weights (WSH-02) ------------------------------------------------------------


def _composition(weights: priority.Weights) -> list[dict[str, Any]]:
    """Each component of the score with its weight and its share of the score."""
    total = sum(weights.weight(name) for name in WEIGHTS)
    explained = {
        "support": _("Support: the share of the product's user municipalities that want it."),
        "benefit": _("Benefit: the coordination group's assessment, 0 to 5, as a share."),
        "cost": _(
            "Low cost: 1 minus the estimate divided by the cost reference; an unestimated "
            "wish gets nothing."
        ),
        "strategic_fit": _("Strategic fit: the coordination group's assessment, 0 to 5."),
        "urgency": _("Urgency: the coordination group's assessment, 0 to 5."),
    }
    return [
        {
            "name": name,
            "text": explained[name],
            "weight": weights.weight(name),
            "share": round(100 * weights.weight(name) / total) if total else 0,
        }
        for name in WEIGHTS
    ]


@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest, product: str) -> HttpResponse:
    """The product's priority weights and how the score is composed (public, WSH-02); the
    coordination group's form to change them. A supplier's representative in the group
    does not weigh (GRP-06): the mandate names the group's public-authority members."""
    found = get_product(product)
    row = PriorityWeights.objects.filter(product=found).first()
    outcome = authority.check(request.user, PRIORITISE, product=found, on=timezone.localdate())
    refusal = str(outcome) if isinstance(outcome, authority.MandateRefused) else None
    form = PriorityWeightsForm(request.POST if request.method == "POST" else None, weights=row)
    status = 200
    if request.method == "POST":
        status = 403 if refusal is not None else 400
        if refusal is None and form.is_valid():
            data = form.cleaned_data
            try:
                priority_weights_set(
                    product=found,
                    actor=request.user,
                    **{name: data[name] for name in WEIGHTS},
                    cost_reference=data["cost_reference"],
                    expected_version=data["version"],
                )
            except PermissionDenied as refused:
                refusal, status = str(refused), 403
            except StaleEditError as stale:
                add_service_errors(form, stale)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The weights are saved and the backlog is ranked by them.")
                )
                return redirect(reverse("wishes:weights", args=[found.slug]))
    return render(
        request,
        "wishes/editing/weights.html",
        {
            "product": found,
            "weights": row,
            "composition": _composition(priority.Weights.of(row)),
            "form": form if refusal is None else None,
            "refusal": refusal,
            "breadcrumbs": product_crumbs(found, (_("Priority weights"), None)),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("<slug:product>/prioritering/vaegte/", weights, name="weights"),
    path("<slug:product>/<int:pk>/rediger/", edit, name="edit"),
    path("<slug:product>/<int:pk>/bilag/", attachments, name="attachments"),
    path(
        "<slug:product>/<int:pk>/bilag/<int:attachment>/",
        attachment_download,
        name="attachment",
    ),
    path(
        "<slug:product>/<int:pk>/bilag/<int:attachment>/fjern/",
        attachment_remove,
        name="attachment-remove",
    ),
]
