"""The shape every level form page shares: the mandate is checked before the form is read,
a refusal writes nothing and shows who holds the mandate (403), the service's field errors
go back on the form (400), and a saved form redirects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from os2gov.authority.service import Mandate, MandateRefused
from os2gov.governance.forms import add_service_errors

# Runs the service with the valid form; the response once saved, or None when it put an
# error on the form instead.
Save = Callable[[], HttpResponse | None]


def posted(request: HttpRequest) -> Any:
    """The form data to bind: the POST on a submit, nothing (an unbound form) on a read."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def refused(
    request: HttpRequest, template: str, context: dict[str, Any], refusal: MandateRefused
) -> HttpResponse:
    return render(request, template, {**context, "refusal": str(refusal)}, status=403)


def service_errors(form: forms.Form, error: ValidationError) -> None:
    # A form may rename the service's fields (its own add_service_errors); else by name.
    own = getattr(form, "add_service_errors", None)
    if own is not None:
        own(error)
    else:
        add_service_errors(form, error)


def submit(
    form: forms.Form, save: Save, refuse: Callable[[MandateRefused], HttpResponse]
) -> HttpResponse | None:
    """The bound form through the service: the response once saved or refused, or None
    when the form is to be shown again with its errors."""
    if not form.is_valid():
        return None
    try:
        return save()
    except MandateRefused as refusal:
        return refuse(refusal)
    except ValidationError as error:
        service_errors(form, error)
        return None


def form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    outcome: Mandate | MandateRefused,
    form: forms.Form,
    save: Save,
    conflict: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """A page with one form, bound on a submit. ``conflict``: why even the mandate holder
    may not use the form now (a version published meanwhile), checked after the mandate."""
    context["form"] = form
    if isinstance(outcome, MandateRefused):
        return refused(request, template, context, outcome)
    if conflict is not None:
        return conflict()
    if request.method != "POST":
        return render(request, template, context)
    response = submit(form, save, lambda refusal: refused(request, template, context, refusal))
    if response is not None:
        return response
    return render(request, template, context, status=400)
