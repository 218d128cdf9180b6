"""A missing or malformed variable stops start-up with one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.conftest import OS2GOV, TEST_SECRET_KEY, clean_environ, run


def _check_fails(environ: dict[str, str], cwd: Path) -> str:
    result = run([OS2GOV, "check"], environ, cwd)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_missing_secret_key_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    del production_environ["SECRET_KEY"]
    line = _check_fails(production_environ, tmp_path)
    assert "SECRET_KEY" in line
    assert "50 characters" in line


def test_short_secret_key_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    production_environ["SECRET_KEY"] = "too-short"
    line = _check_fails(production_environ, tmp_path)
    assert "SECRET_KEY" in line
    assert "too-short" not in line  # a secret is never echoed


@pytest.mark.parametrize(
    "value", ["not a url", "mysql://user@host/name", "postgres://user:hunter2@host:5432"]
)
def test_malformed_database_url_names_it(
    production_environ: dict[str, str], tmp_path: Path, value: str
) -> None:
    production_environ["DATABASE_URL"] = value
    line = _check_fails(production_environ, tmp_path)
    assert "DATABASE_URL" in line
    assert "postgres://user:password@host:5432/name" in line  # what it expects
    assert "hunter2" not in line


def test_missing_database_url_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    del production_environ["DATABASE_URL"]
    assert "DATABASE_URL is not set" in _check_fails(production_environ, tmp_path)


def test_missing_allowed_hosts_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    del production_environ["ALLOWED_HOSTS"]
    line = _check_fails(production_environ, tmp_path)
    assert "ALLOWED_HOSTS is not set" in line
    assert "host names" in line


def test_bad_boolean_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    production_environ["SECURE_SSL_REDIRECT"] = "perhaps"
    line = _check_fails(production_environ, tmp_path)
    assert "SECURE_SSL_REDIRECT='perhaps'" in line
    assert "true or false" in line


def test_bad_integer_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    production_environ["EMAIL_PORT"] = "twenty-five"
    line = _check_fails(production_environ, tmp_path)
    assert "EMAIL_PORT='twenty-five'" in line
    assert "whole number" in line


def test_bad_redis_url_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    production_environ["REDIS_URL"] = "http://cache:6379"
    assert "REDIS_URL is malformed" in _check_fails(production_environ, tmp_path)


def test_bad_log_level_names_it(production_environ: dict[str, str], tmp_path: Path) -> None:
    production_environ["LOG_LEVEL"] = "LOUD"
    line = _check_fails(production_environ, tmp_path)
    assert "LOG_LEVEL='LOUD'" in line
    assert "WARNING" in line


def test_half_configured_oidc_names_the_missing_part(
    production_environ: dict[str, str], tmp_path: Path
) -> None:
    production_environ["OIDC_CLIENT_ID"] = "os2gov"
    assert "OIDC_CLIENT_SECRET is not set" in _check_fails(production_environ, tmp_path)


def test_tls_and_ssl_together_are_refused(
    production_environ: dict[str, str], tmp_path: Path
) -> None:
    production_environ.update(EMAIL_USE_TLS="true", EMAIL_USE_SSL="yes")
    line = _check_fails(production_environ, tmp_path)
    assert "EMAIL_USE_SSL and EMAIL_USE_TLS" in line


def test_complete_production_configuration_passes(
    production_environ: dict[str, str], tmp_path: Path
) -> None:
    result = run([OS2GOV, "check"], production_environ, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_console_script_works_from_another_directory(tmp_path: Path) -> None:
    # No DJANGO_SETTINGS_MODULE: the command uses the local settings, whose data
    # directory is created where OS2GOV_DATA_DIR says.
    data_dir = tmp_path / "data"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run([OS2GOV, "check"], clean_environ(OS2GOV_DATA_DIR=str(data_dir)), elsewhere)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert data_dir.is_dir()


def test_console_script_runs_commands_against_the_configured_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    environ = clean_environ(OS2GOV_DATA_DIR=str(data_dir), SECRET_KEY=TEST_SECRET_KEY)
    result = run([OS2GOV, "migrate", "--noinput", "-v", "0"], environ, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (data_dir / "os2gov.sqlite3").is_file()
