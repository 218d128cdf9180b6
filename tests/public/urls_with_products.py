"""The project's URLs plus a stand-in products module, to test sections that appear."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns


def product_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("products")


products = ([path("", product_list, name="list")], "products")

urlpatterns = [path("produkter/", include(products)), *project_urlpatterns]
