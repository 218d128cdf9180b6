"""Cross-cutting request handling: language choice and security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

Handler = Callable[[HttpRequest], HttpResponse]


class LanguageMiddleware:
    """Danish unless the visitor chose otherwise with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    the platform is Danish first, and English is an explicit, remembered choice.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() puts back the language that was active before: a caller that runs
        # requests in its own thread (a test, a job) keeps its own language afterwards.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # The page's language depends on a cookie, so caches must key on it.
        patch_vary_headers(response, ("Cookie",))
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send: CSP and Permissions-Policy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response
