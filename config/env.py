"""Read settings from the environment.

A missing or malformed value raises ``ConfigurationError`` whose message is one
line naming the variable and what it expects; the ``os2gov`` command prints that
line alone instead of a traceback.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_UNSET = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigurationError(ImproperlyConfigured):
    """A setting read from the environment is missing or malformed."""


def _raw(name: str, default: Any, expects: str) -> Any:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if default is _UNSET:
            raise ConfigurationError(f"{name} is not set: expected {expects}.")
        return default
    return value.strip()


def string(name: str, default: Any = _UNSET, *, expects: str = "a text value") -> str:
    return str(_raw(name, default, expects))


def secret_key(name: str = "SECRET_KEY", default: Any = _UNSET) -> str:
    expects = "a random string of at least 50 characters"
    value = string(name, default, expects=expects)
    if len(value) < 50 or len(set(value)) < 5:
        raise ConfigurationError(f"{name} is too short or too simple: expected {expects}.")
    return value


def boolean(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{name}={value!r} is malformed: expected true or false.")


def integer(name: str, default: Any = _UNSET) -> int:
    value = _raw(name, default, "a whole number")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConfigurationError(
            f"{name}={value!r} is malformed: expected a whole number."
        ) from None


def csv(name: str, default: Any = _UNSET, *, expects: str = "a comma-separated list") -> list[str]:
    value = _raw(name, default, expects)
    if isinstance(value, list):
        return value
    items = [item.strip() for item in str(value).split(",") if item.strip()]
    if not items:
        raise ConfigurationError(f"{name} is empty: expected {expects}.")
    return items


def database(name: str = "DATABASE_URL", default: Any = _UNSET) -> dict[str, Any]:
    expects = "a URL such as postgres://user:password@host:5432/name or sqlite:///path/db.sqlite3"
    value = str(_raw(name, default, expects))
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigurationError(f"{name} is malformed: expected {expects}.")
    try:
        config = dict(dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True))
    except Exception:  # the parser raises several types for one problem: a bad URL
        raise ConfigurationError(f"{name} is malformed: expected {expects}.") from None
    if not config.get("NAME"):
        raise ConfigurationError(f"{name} names no database: expected {expects}.")
    return config


def url(name: str, default: Any = _UNSET) -> str:
    expects = "an absolute http(s) URL"
    value = string(name, default, expects=expects)
    if value and not value.startswith(("https://", "http://")):
        raise ConfigurationError(f"{name}={value!r} is malformed: expected {expects}.")
    return value


def redis_url(name: str = "REDIS_URL", default: Any = "") -> str:
    """A Redis URL, or ``default`` (empty: no Redis) when unset. The value is never echoed:
    it may hold a password."""
    expects = "a URL such as redis://host:6379/0, rediss://host:6380/0 or unix:///path.sock"
    value = string(name, default, expects=expects)
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(f"{name} is malformed: expected {expects}.")
    return value


def choice(name: str, default: Any, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (compared without regard to case, returned as listed)."""
    expects = "one of " + ", ".join(choices)
    value = string(name, default, expects=expects)
    for option in choices:
        if value.lower() == option.lower():
            return option
    raise ConfigurationError(f"{name}={value!r} is malformed: expected {expects}.")
