from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from os2gov.public import navigation, selectors


def home(request: HttpRequest) -> HttpResponse:
    sections, pending_sections = navigation.governance_sections()
    return render(
        request,
        "public/home.html",
        {
            "counts": selectors.front_page_counts(),
            "sections": sections,
            "pending_sections": pending_sections,
        },
    )
