from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from os2gov.organisation.models import Organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "organisation/list.html", {"organisations": Organisation.objects.all()[:50]}
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "organisation/detail.html", {"organisation": organisation})
