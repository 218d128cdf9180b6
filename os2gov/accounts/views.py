"""The person's own account pages: profile and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from os2gov.accounts.forms import ApiTokenCreateForm
from os2gov.accounts.models import User
from os2gov.accounts.selectors import api_token_of, api_tokens_of
from os2gov.accounts.services import api_token_create, api_token_revoke

TOKENS_PER_PAGE = 25


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    return render(
        request,
        "accounts/profile.html",
        {
            "person": user,
            "usable_tokens": api_tokens_of(user=user).filter(revoked_at__isnull=True).count(),
            "breadcrumbs": [{"label": _("My account")}],
        },
    )


@never_cache  # the page may show a token's plaintext; it must not be cached anywhere
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    created = None
    plaintext = None
    if request.method == "POST":
        form = ApiTokenCreateForm(request.POST)
        if form.is_valid():
            try:
                created, plaintext = api_token_create(
                    actor=user, name=form.cleaned_data["name"], expires_at=form.expires_at()
                )
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    target = "expires_on" if field == "expires_at" else field
                    for message in field_errors:
                        form.add_error(target if target in form.fields else None, message)
            else:
                # Rendered in this response, never redirected: the plaintext is not kept.
                form = ApiTokenCreateForm()
    else:
        form = ApiTokenCreateForm()
    page = Paginator(api_tokens_of(user=user), TOKENS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "page": page,
            "created": created,
            "plaintext": plaintext,
            "breadcrumbs": [
                {"label": _("My account"), "url": reverse("accounts:profile")},
                {"label": _("API tokens")},
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _person(request)
    token = api_token_of(user=user, token_id=token_id)
    if token is None:
        raise Http404
    if request.method == "POST":
        api_token_revoke(actor=user, token=token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("accounts:tokens")
    return render(
        request,
        "accounts/token_revoke.html",
        {
            "token": token,
            "breadcrumbs": [
                {"label": _("My account"), "url": reverse("accounts:profile")},
                {"label": _("API tokens"), "url": reverse("accounts:tokens")},
                {"label": _("Revoke token")},
            ],
        },
    )
