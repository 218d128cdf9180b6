"""The production settings: deploy checks, cookies, security headers, cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from config.settings import base
from tests.config.conftest import OS2GOV, PYTHON, TEST_SECRET_KEY, clean_environ, run

PROBE = str(Path(__file__).with_name("production_probe.py"))
HOST = "gov.example.org"


def _environ(tmp: Path, **extra: str) -> dict[str, str]:
    return clean_environ(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=TEST_SECRET_KEY,
        ALLOWED_HOSTS=f"{HOST},www.{HOST}",
        DATABASE_URL=f"sqlite:///{tmp / 'os2gov.sqlite3'}",
        OS2GOV_DATA_DIR=str(tmp / "data"),
        **extra,
    )


def _probe(environ: dict[str, str], cwd: Path, mode: str) -> dict[str, Any]:
    result = run([PYTHON, PROBE, mode], environ, cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One production instance: migrated, static files collected, then probed over HTTP."""
    tmp = tmp_path_factory.mktemp("production")
    environ = _environ(tmp)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = run([OS2GOV, *command, "-v", "0"], environ, tmp, timeout=300)
        assert result.returncode == 0, result.stderr
    return _probe(environ, tmp, "requests")


def test_deploy_check_reports_nothing(tmp_path: Path) -> None:
    result = run(
        [OS2GOV, "check", "--deploy", "--fail-level", "WARNING"],
        _environ(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0"),
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_without_redis_reports_nothing(tmp_path: Path) -> None:
    result = run(
        [OS2GOV, "check", "--deploy", "--fail-level", "WARNING"], _environ(tmp_path), tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_redis_cache_when_redis_url_is_set(tmp_path: Path) -> None:
    url = "redis://cache.internal:6379/2"
    found = _probe(_environ(tmp_path, REDIS_URL=url), tmp_path, "settings")
    assert found["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache"]["LOCATION"] == url
    assert found["debug"] is False


def test_memory_cache_without_redis_url(tmp_path: Path) -> None:
    found = _probe(_environ(tmp_path), tmp_path, "settings")
    assert found["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_oidc_provider_is_the_only_foreign_form_target(tmp_path: Path) -> None:
    environ = _environ(
        tmp_path,
        OIDC_CLIENT_ID="os2gov",
        OIDC_CLIENT_SECRET="client-secret",
        OIDC_SERVER_URL="https://login.example.org/realms/os2",
    )
    found = _probe(environ, tmp_path, "settings")
    assert "form-action 'self' https://login.example.org;" in found["csp"]
    assert "script-src 'self';" in found["csp"]
    [app] = found["oidc_apps"]
    assert app["settings"]["server_url"] == "https://login.example.org/realms/os2"
    assert (app["client_id"], app["provider_id"]) == ("os2gov", "keycloak")


def test_without_oidc_forms_post_only_to_the_site(tmp_path: Path) -> None:
    found = _probe(_environ(tmp_path), tmp_path, "settings")
    assert "form-action 'self';" in found["csp"]
    assert found["oidc_apps"] == []


def _assert_host_prefixed(cookie: dict[str, Any]) -> None:
    # What browsers demand of a __Host- cookie: Secure, Path=/, no Domain.
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert "Domain=" not in cookie["header"]
    assert "Secure" in cookie["header"]


def test_csrf_cookie_has_host_prefix(answers: dict[str, Any]) -> None:
    page = answers["login_page"]
    assert page["status"] == 200
    assert list(page["cookies"]) == ["__Host-csrftoken"]
    _assert_host_prefixed(page["cookies"]["__Host-csrftoken"])
    assert page["cookies"]["__Host-csrftoken"]["samesite"] == "Lax"


def test_session_cookie_has_host_prefix(answers: dict[str, Any]) -> None:
    login = answers["login"]
    assert login["status"] == 302
    cookie = login["cookies"]["__Host-sessionid"]
    _assert_host_prefixed(cookie)
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_language_cookie_has_host_prefix(answers: dict[str, Any]) -> None:
    switch = answers["set_language"]
    assert switch["status"] == 302
    cookie = switch["cookies"]["__Host-language"]
    _assert_host_prefixed(cookie)
    assert cookie["httponly"] is True
    assert "__Host-language=en" in cookie["header"]


def test_security_headers(answers: dict[str, Any]) -> None:
    headers = answers["login_page"]["headers"]
    assert headers["Content-Security-Policy"] == base.CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Permissions-Policy"].startswith("camera=()")
    assert headers["Content-Language"] == "da"


def test_plain_http_redirects_to_https(answers: dict[str, Any]) -> None:
    plain = answers["plain_http_page"]
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == f"https://{HOST}/accounts/login/"


def test_healthz_answers_plain_http_for_load_balancers(answers: dict[str, Any]) -> None:
    assert answers["plain_http_healthz"]["status"] == 200
