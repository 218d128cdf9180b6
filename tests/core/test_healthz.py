"""/healthz: 200 while the database answers, 503 when it does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_healthz_ok_without_login(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_healthz_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")
    cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"} <= cache_control
    assert "Expires" in response.headers


@pytest.mark.django_db
def test_healthz_answers_head_and_refuses_post(client: Client) -> None:
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_healthz_503_when_the_database_is_unreachable(client: Client, tmp_path: Path) -> None:
    # A real connection failure: point the connection at a database that cannot be reached.
    # The working connection is set aside rather than closed, because closing SQLite's
    # in-memory test database would destroy it.
    connection.ensure_connection()
    working = connection.connection
    original = dict(connection.settings_dict)
    connection.connection = None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    else:
        connection.settings_dict["HOST"] = "127.0.0.1"
        connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        connection.connection = working
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert "no-store" in response.headers["Cache-Control"]
    # And the database is back for whoever comes next.
    assert client.get("/healthz").status_code == 200
