from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from os2gov.public import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"counts": selectors.front_page_counts()})
