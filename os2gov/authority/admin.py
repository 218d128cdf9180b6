"""The admin and the mandate (ACC-01).

Django's staff status and model permissions only open the admin's pages: they grant no
governance mandate. Every save in the admin goes through a service, and the service asks
the mandate module. ``MandateCheckedAdmin`` turns a refusal into an error message on the
same page instead of a 403 page; the whole save (the object and its inlines) is rolled
back, so nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from os2gov.authority.service import MandateRefused


class MandateCheckedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves call services that check the mandate."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The admin runs the form view in one transaction: a refusal raised by any of the
        # services called while saving leaves it and rolls back everything saved before.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MandateRefused as refused:
            messages.error(
                request,
                _("%(refusal)s Nothing was saved.") % {"refusal": refused.message},
            )
            return HttpResponseRedirect(request.get_full_path())
