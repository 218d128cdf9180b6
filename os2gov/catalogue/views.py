"""Public pages of the product catalogue: no login needed."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from os2gov.catalogue import selectors
from os2gov.catalogue.forms import ProductFilterForm

PAGE_SIZE = 25


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    form = ProductFilterForm(request.GET or None, holders=selectors.agreement_holders())
    search = status = municipality = ""
    if form.is_bound and form.is_valid():
        search = form.cleaned_data["q"]
        status = form.cleaned_data["status"]
        municipality = form.cleaned_data["municipality"]
    today = timezone.localdate()
    products = selectors.product_list(
        search=search or None, status=status or None, municipality=municipality or None, on=today
    )
    page_obj = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "today": today,
            "is_filtered": bool(search or status or municipality),
            "breadcrumbs": [{"label": _("Products")}],
        },
    )


@require_GET
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    product = selectors.product_detail(slug, on=today)
    return render(
        request,
        "catalogue/detail.html",
        {
            "product": product,
            "today": today,
            "breadcrumbs": [
                {"label": _("Products"), "url": reverse("products:list")},
                {"label": product.name},
            ],
        },
    )
