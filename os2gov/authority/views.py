"""The mandate pages: the matrix and one product's mandates are public (COM-02); a
person's own roles and mandates need a login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from os2gov.authority import selectors
from os2gov.authority.holders import ALL_HOLDERS


@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "authority/matrix.html",
        {
            "matrix": selectors.mandate_matrix(),
            "holders": ALL_HOLDERS,
            "products": selectors.product_list(),
            "breadcrumbs": [{"label": _("Mandates")}],
        },
    )


@require_GET
def product_mandates(request: HttpRequest, slug: str) -> HttpResponse:
    product = selectors.product_by_slug(slug)
    return render(
        request,
        "authority/product.html",
        {
            "mandates": selectors.product_mandates(product),
            "product": product,
            "breadcrumbs": [
                {"label": _("Mandates"), "url": reverse("authority:matrix")},
                {"label": product.name},
            ],
        },
    )


@require_GET
@login_required
def my_mandates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "authority/mine.html",
        {
            "mine": selectors.my_mandates(request.user),
            "breadcrumbs": [
                {"label": _("Mandates"), "url": reverse("authority:matrix")},
                {"label": _("My roles and mandates")},
            ],
        },
    )
