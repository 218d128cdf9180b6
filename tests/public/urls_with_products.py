"""The foundation's URLs plus a stand-in products module, to test a section that appears."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from tests.public.urls_foundation_only import urlpatterns as foundation_urlpatterns


def product_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("products")


products = ([path("", product_list, name="list")], "products")

urlpatterns = [path("produkter/", include(products)), *foundation_urlpatterns]
