"""Public pages of the organisation registry: no login needed."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from os2gov.organisation import selectors
from os2gov.organisation.forms import OrganisationFilterForm

PAGE_SIZE = 25


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.organisation_type_counts()
    form = OrganisationFilterForm(request.GET or None, counts=counts)
    type_filter = search = ""
    if form.is_bound and form.is_valid():
        type_filter = form.cleaned_data["type"]
        search = form.cleaned_data["q"]
    organisations = selectors.organisation_list(type=type_filter or None, search=search or None)
    page_obj = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisation/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "is_filtered": bool(type_filter or search),
            "breadcrumbs": [{"label": _("Organisations")}],
        },
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_detail(slug)
    return render(
        request,
        "organisation/detail.html",
        {
            "organisation": organisation,
            "breadcrumbs": [
                {"label": _("Organisations"), "url": reverse("organisation:list")},
                {"label": organisation.name},
            ],
        },
    )
