"""The functions settings use to read the environment."""

from __future__ import annotations

import pytest

from config import env
from config.env import ConfigurationError

NAME = "OS2GOV_TEST_VARIABLE"


@pytest.fixture
def setenv(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(NAME, raising=False)

    def set_value(value: str) -> None:
        monkeypatch.setenv(NAME, value)

    return set_value


def _one_line_error(call) -> str:
    with pytest.raises(ConfigurationError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(NAME)
    return message


def test_configuration_error_is_improperly_configured() -> None:
    from django.core.exceptions import ImproperlyConfigured

    assert issubclass(ConfigurationError, ImproperlyConfigured)


def test_string_required_default_and_blank(setenv) -> None:
    message = _one_line_error(lambda: env.string(NAME, expects="a colour"))
    assert message == f"{NAME} is not set: expected a colour."
    assert env.string(NAME, "fallback") == "fallback"
    setenv("   ")
    assert env.string(NAME, "fallback") == "fallback"
    setenv("  blue ")
    assert env.string(NAME) == "blue"


def test_secret_key(setenv) -> None:
    _one_line_error(lambda: env.secret_key(NAME))
    setenv("a" * 60)
    message = _one_line_error(lambda: env.secret_key(NAME))
    assert "too short or too simple" in message
    assert "aaaa" not in message
    good = "k3y-" + "0123456789abcdef" * 4
    setenv(good)
    assert env.secret_key(NAME) == good


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on"])
def test_boolean_true(setenv, value: str) -> None:
    setenv(value)
    assert env.boolean(NAME, False) is True


@pytest.mark.parametrize("value", ["0", "false", "No", "OFF"])
def test_boolean_false(setenv, value: str) -> None:
    setenv(value)
    assert env.boolean(NAME, True) is False


def test_boolean_unset_or_blank_keeps_the_default(setenv) -> None:
    assert env.boolean(NAME, True) is True
    setenv("")
    assert env.boolean(NAME, True) is True


def test_boolean_malformed(setenv) -> None:
    setenv("maybe")
    assert _one_line_error(lambda: env.boolean(NAME, True)) == (
        f"{NAME}='maybe' is malformed: expected true or false."
    )


def test_integer(setenv) -> None:
    assert env.integer(NAME, 25) == 25
    assert "is not set" in _one_line_error(lambda: env.integer(NAME))
    setenv(" 587 ")
    assert env.integer(NAME) == 587
    setenv("5.5")
    assert _one_line_error(lambda: env.integer(NAME)) == (
        f"{NAME}='5.5' is malformed: expected a whole number."
    )


def test_integer_never_prints_a_multiline_value(setenv) -> None:
    setenv("1\n2")
    assert "expected a whole number" in _one_line_error(lambda: env.integer(NAME))


def test_csv(setenv) -> None:
    assert env.csv(NAME, ["a"]) == ["a"]
    setenv(" one.example, two.example ,, ")
    assert env.csv(NAME) == ["one.example", "two.example"]
    setenv(" , ")
    assert "is empty: expected host names" in _one_line_error(
        lambda: env.csv(NAME, expects="host names")
    )


def test_database_postgresql(setenv) -> None:
    setenv("postgres://gov:pw@db.internal:5433/os2gov")
    config = env.database(NAME)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("os2gov", "db.internal", 5433)
    assert config["USER"] == "gov"
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_database_sqlite(setenv, tmp_path) -> None:
    setenv(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    config = env.database(NAME)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_database_default_is_used_when_unset(tmp_path) -> None:
    config = env.database(NAME, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert config["NAME"] == str(tmp_path / "x.sqlite3")


@pytest.mark.parametrize(
    "value",
    [
        "db.sqlite3",
        "mysql://user:secretpw@host/name",
        "postgres://user:secretpw@host:5432",
        "postgres://user:secretpw@host:notaport/name",
    ],
)
def test_database_malformed_never_echoes_the_value(setenv, value: str) -> None:
    setenv(value)
    message = _one_line_error(lambda: env.database(NAME))
    assert "expected a URL such as postgres://" in message
    assert "secretpw" not in message


def test_url(setenv) -> None:
    assert env.url(NAME, "https://default.example") == "https://default.example"
    setenv("https://gov.example.org")
    assert env.url(NAME) == "https://gov.example.org"
    setenv("gov.example.org")
    assert "expected an absolute http(s) URL" in _one_line_error(lambda: env.url(NAME))


@pytest.mark.parametrize(
    "value", ["redis://cache:6379/0", "rediss://u:p@cache:6380/1", "unix:///run/redis.sock"]
)
def test_redis_url(setenv, value: str) -> None:
    setenv(value)
    assert env.redis_url(NAME) == value


def test_redis_url_unset_means_no_redis() -> None:
    assert env.redis_url(NAME) == ""


def test_redis_url_malformed_never_echoes_the_value(setenv) -> None:
    setenv("http://:secretpw@cache:6379")
    message = _one_line_error(lambda: env.redis_url(NAME))
    assert "redis://host:6379/0" in message
    assert "secretpw" not in message


def test_choice(setenv) -> None:
    levels = ("DEBUG", "INFO")
    assert env.choice(NAME, "INFO", levels) == "INFO"
    setenv("debug")
    assert env.choice(NAME, "INFO", levels) == "DEBUG"
    setenv("LOUD")
    assert _one_line_error(lambda: env.choice(NAME, "INFO", levels)) == (
        f"{NAME}='LOUD' is malformed: expected one of DEBUG, INFO."
    )
