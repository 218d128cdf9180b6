from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api
from os2gov.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "was",
        RedirectView.as_view(url=settings.ACCESSIBILITY_STATEMENT_URL, permanent=False),
        name="accessibility-statement",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("os2gov.accounts.urls")),
    path("api/v1/", api.urls),
    path("organisationer/", include("os2gov.organisation.urls")),
    path("", include("os2gov.economy.urls")),  # /oekonomi/, /produkter/<slug>/oekonomi/
    path("produkter/", include("os2gov.levels.urls")),  # badges, before the pages
    path("produkter/", include("os2gov.catalogue.urls")),
    path("mandater/", include("os2gov.authority.urls")),
    path("organer/", include("os2gov.governance.urls")),
    path("oensker/", include("os2gov.wishes.urls")),
    path("udveksling/", include("os2gov.interchange.urls")),
    path("koersler/", include("os2gov.core.job_views")),
    path("", include("os2gov.public.urls")),
]

handler403 = "os2gov.core.views.permission_denied"
handler404 = "os2gov.core.views.page_not_found"
handler500 = "os2gov.core.views.server_error"
