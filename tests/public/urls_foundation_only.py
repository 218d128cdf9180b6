"""The project's URLs without the governance modules, as the foundation alone had them."""

from django.urls import URLResolver

from config.urls import urlpatterns as project_urlpatterns

GOVERNANCE_PREFIXES = ("produkter/", "mandater/", "organer/", "oensker/")

urlpatterns = [
    pattern
    for pattern in project_urlpatterns
    if not (
        isinstance(pattern, URLResolver) and str(pattern.pattern).startswith(GOVERNANCE_PREFIXES)
    )
]
