"""Test-only URLs: the site's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as site_urls


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A failure on purpose, to show the 500 page.")


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Only the secretariat may do this.")


urlpatterns = [
    path("test-only/fail", fail),
    path("test-only/refuse", refuse),
    *site_urls.urlpatterns,
]

handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
