"""Level pages: the badge (public), a product's compliance page (public, COM-02), the
tovholder's answer form and the secretariat's verification form (login and mandate), the
evidence files (the product's groups and the secretariat) and the secretariat's overview.

Forms go through the same services as the API. A refused action shows who holds the mandate
and writes nothing: the mandate is checked before the form is read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from os2gov.authority import service as authority
from os2gov.authority.service import MandateRefused
from os2gov.catalogue.models import Product
from os2gov.levels import badge, selectors
from os2gov.levels.forms import AnswerForm, VerificationForm
from os2gov.levels.models import Answer, Criterion, CriterionKind, EvidenceFile, LevelModel
from os2gov.levels.page_helpers import form_page, posted, posted_files, refused
from os2gov.levels.services import answer_save, verification_record
from os2gov.levels.services.answers import ANSWER_ACTION, VERIFY_ACTION

CACHE_SECONDS = 300
PAGE_SIZE = 25
VERSION_LINKS = 10  # the newest versions linked from the compliance page; the rest via the list


# --- The badge ------------------------------------------------------------------------------


@require_GET
def badge_svg(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug)
    summary = selectors.product_level_summary(product)
    response = HttpResponse(badge.badge_svg(summary), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_GET
def badge_json(request: HttpRequest, slug: str) -> JsonResponse:
    product = get_object_or_404(Product, slug=slug)
    response = JsonResponse(badge.badge_json(selectors.product_level_summary(product)))
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


# --- The compliance page --------------------------------------------------------------------


def _crumbs(product: Product, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    crumbs = [
        {"label": _("Products"), "url": reverse("products:list")},
        {"label": product.name, "url": reverse("products:detail", args=[product.slug])},
    ]
    for label, url in more:
        crumbs.append({"label": label, "url": url} if url else {"label": label})
    return crumbs


def _compliance_crumbs(product: Product, *more: tuple[str, str | None]) -> list[dict[str, str]]:
    return _crumbs(
        product, (_("Product level"), reverse("levels:compliance", args=[product.slug])), *more
    )


@require_GET
def compliance(request: HttpRequest, slug: str) -> HttpResponse:
    """Every level with its state and progress (verified beside self-assessed), every
    criterion with its answer, evidence, verification, deviation or rule reason, and what is
    missing. Public; the answer and verify links show for the mandate holders.

    ``?version=N`` shows the compliance against the published version N of the level model
    (products keep their answers per version); answering is only against the current one."""
    product = get_object_or_404(Product, slug=slug)
    model = None
    requested = request.GET.get("version", "")
    if requested:
        try:
            number = int(requested)
        except ValueError:
            raise Http404(_("No such version of the level model.")) from None
        model = get_object_or_404(LevelModel, version=number, published_at__isnull=False)
    detail = selectors.compliance_detail(product, model=model)
    shown = detail.compliance.model
    earlier = not shown.is_current
    versions = list(
        LevelModel.objects.filter(published_at__isnull=False).order_by("-version")[:VERSION_LINKS]
    )
    user = request.user
    secretariat = authority.allows(user, VERIFY_ACTION, product=product)
    return render(
        request,
        "levels/compliance.html",
        {
            "product": product,
            "detail": detail,
            "earlier": earlier,
            "versions": versions,
            "current": next((m for m in versions if m.is_current), None),
            # Answers and verifications go to the current version only.
            "may_answer": not earlier and authority.allows(user, ANSWER_ACTION, product=product),
            "may_verify": not earlier and secretariat,
            "may_see_overview": secretariat,
            "may_see_files": selectors.may_see_evidence_files(user, product),
            "badge_title": badge.title(selectors.level_panel(product).summary),
            "breadcrumbs": _crumbs(product, (_("Product level"), None)),
        },
    )


# --- Answering and verifying (login and mandate) ---------------------------------------------


def _manual_criterion(key: str) -> Criterion:
    return get_object_or_404(
        Criterion.objects.select_related("level", "model"),
        model__is_current=True,
        kind=CriterionKind.MANUAL,
        key=key,
    )


def _back(product: Product, criterion: Criterion) -> str:
    return f"{reverse('levels:compliance', args=[product.slug])}#criterion-{criterion.key}"


def _answer_context(
    request: HttpRequest,
    product: Product,
    criterion: Criterion,
    current: Answer | None,
    title: str,
) -> dict[str, Any]:
    """The product's answer to the criterion with its files, as answering and verifying
    both show it."""
    return {
        "product": product,
        "criterion": criterion,
        "answer": current,
        "files": list(current.files.order_by("uploaded_at", "pk")) if current else [],
        "may_see_files": selectors.may_see_evidence_files(request.user, product),
        "back": _back(product, criterion),
        "breadcrumbs": _compliance_crumbs(product, (title, None)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug)
    criterion = _manual_criterion(key)
    current = (
        Answer.objects.filter(product=product, criterion=criterion)
        .select_related("answered_by", "verification")
        .first()
    )
    template = "levels/answer.html"
    context = _answer_context(
        request, product, criterion, current, _("Answer %(key)s") % {"key": key}
    )
    form = AnswerForm(posted(request), posted_files(request), criterion=criterion, answer=current)

    def save() -> HttpResponse:
        data = form.cleaned_data
        answer_save(
            actor=request.user,
            product=product,
            criterion=criterion,
            status=data["status"],
            justification=data["justification"],
            evidence_urls=form.urls(),
            files=data["evidence_files"],
            expected_revision=data["expected_revision"],
        )
        messages.success(request, _("The answer to %(key)s was saved.") % {"key": criterion.key})
        return redirect(_back(product, criterion))

    return form_page(
        request,
        template,
        context,
        outcome=authority.check(request.user, ANSWER_ACTION, product=product),
        form=form,
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug)
    criterion = _manual_criterion(key)
    current = (
        Answer.objects.filter(product=product, criterion=criterion)
        .select_related("answered_by", "verification__verified_by")
        .first()
    )
    template = "levels/verify.html"
    context = _answer_context(
        request, product, criterion, current, _("Verify %(key)s") % {"key": key}
    )
    outcome = authority.check(request.user, VERIFY_ACTION, product=product)
    if current is None:
        context["form"] = None
        if isinstance(outcome, MandateRefused):
            return refused(request, template, context, outcome)
        return render(request, template, context, status=400 if request.method == "POST" else 200)
    form = VerificationForm(posted(request), answer=current)

    def save() -> HttpResponse:
        data = form.cleaned_data
        verification_record(
            actor=request.user,
            answer=current,
            rating=data["rating"],
            basis=data["basis"],
            revision=data["revision"],
        )
        messages.success(
            request, _("The verification of %(key)s was saved.") % {"key": criterion.key}
        )
        return redirect(_back(product, criterion))

    return form_page(request, template, context, outcome=outcome, form=form, save=save)


# --- Evidence files ---------------------------------------------------------------------------


@login_required
@require_GET
def evidence_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """An uploaded evidence file, as a download, for the product's groups and the
    secretariat only."""
    product = get_object_or_404(Product, slug=slug)
    evidence = get_object_or_404(EvidenceFile, pk=pk, answer__product=product)
    if not selectors.may_see_evidence_files(request.user, product):
        raise PermissionDenied(
            _(
                "Evidence files are shown to the members of %(product)s's groups and to the "
                "secretariat."
            )
            % {"product": product.name}
        )
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
    response["Cache-Control"] = "private, no-store"
    return response


# --- The secretariat's overview ----------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every product with its approved and held level, the flag when it does not live up to
    its approved level, its progress and its last evaluation. The secretariat only."""
    context: dict[str, Any] = {
        "breadcrumbs": [
            {"label": _("Products"), "url": reverse("products:list")},
            {"label": _("Product levels")},
        ]
    }
    if not selectors.is_secretariat(request.user):
        context["refusal"] = _("Only the secretariat can see the overview of product levels.")
        return render(request, "levels/overview.html", context, status=403)
    below_only = request.GET.get("below") == "1"
    products = selectors.secretariat_overview_products(below_only=below_only)
    page_obj = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        {
            "page_obj": page_obj,
            "rows": selectors.secretariat_overview(page_obj.object_list),
            "below_only": below_only,
        }
    )
    return render(request, "levels/overview.html", context)
