"""The upload page (the tovholder's, with the job page's progress and result), the export
download and the API: the same rules as the command."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from os2gov.accounts.services import api_token_create
from os2gov.core.models import Job
from os2gov.levels.models import LevelModel
from tests.interchange.reports.conftest import answers_of, sample, snapshot
from tests.levels.conftest import LevelWorld


def _client(user: Any | None = None) -> Client:
    client = Client()
    client.cookies["os2gov_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample(name) if data is None else data, "text/markdown")


def _url(world: LevelWorld) -> str:
    return reverse("interchange:report-import", args=[world.product.slug])


@pytest.mark.django_db
def test_the_product_page_links_to_export_and_import(world: LevelWorld) -> None:
    page = _client(world.tovholder).get(reverse("products:detail", args=[world.product.slug]))
    html = page.content.decode()
    assert 'data-testid="governance-report-export"' in html
    assert 'data-testid="governance-report-import"' in html
    anonymous = _client().get(reverse("products:detail", args=[world.product.slug]))
    assert 'data-testid="governance-report-import"' not in anonymous.content.decode()


@pytest.mark.django_db
def test_the_tovholder_uploads_and_the_job_page_shows_the_result(
    world: LevelWorld, report_model: LevelModel
) -> None:
    client = _client(world.tovholder)
    assert client.get(_url(world)).status_code == 200
    response = client.post(_url(world), {"file": _upload("words_2026.md")})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == "succeeded"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="report-result"' in page
    assert "8 criteria read from words_2026.md" in page
    assert "7 answers added" in page
    assert answers_of(world.product)["R2"][0] == "partly_met"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (("bad_merged_cells.md", None), "Line 8: the row has 4 cells and the header 5"),
        (("bad_unknown_mark.md", None), "Line 8: R2: the mark “👍”"),
        (("bad_no_id_column.md", None), "Line 5: the table has no ID column"),
        (("not_a_report.md", None), "it is not a governance report"),
        (("not_utf8.md", None), "line 7 holds the byte 0xE5"),
        (("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00IHDR"), "line 3 holds a NUL byte"),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(
    world: LevelWorld, report_model: LevelModel, upload: tuple[str, bytes | None], expected: str
) -> None:
    name, data = upload
    file = _upload(name, data) if data is not None else _upload(name)
    before = snapshot()
    response = _client(world.tovholder).post(_url(world), {"file": file})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-file"' in html
    assert expected in html.replace("&quot;", '"').replace("&#x27;", "'")
    assert Job.objects.count() == 0
    assert snapshot() == before


@pytest.mark.django_db
def test_someone_else_is_refused_naming_the_tovholder(
    world: LevelWorld, report_model: LevelModel
) -> None:
    before = snapshot()
    client = _client(world.supplier_person)
    assert client.get(_url(world)).status_code == 403
    response = client.post(_url(world), {"file": _upload("emoji_headings.md")})
    assert response.status_code == 403
    assert "tovholder" in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_the_export_downloads_as_markdown(world: LevelWorld, report_model: LevelModel) -> None:
    _client(world.tovholder).post(_url(world), {"file": _upload("emoji_headings.md")})
    response = _client().get(reverse("interchange:report-export", args=[world.product.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "| F2 |" in response.content.decode()


# --- The API ---------------------------------------------------------------------------------


def _api_url(world: LevelWorld) -> str:
    return f"/api/v1/interchange/products/{world.product.slug}/governance-report"


def _token(user: Any) -> dict[str, str]:
    _token_row, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


@pytest.mark.django_db
def test_the_api_imports_a_report(world: LevelWorld, report_model: LevelModel) -> None:
    response = _client().post(
        _api_url(world), {"file": _upload("task_boxes.md")}, **_token(world.tovholder)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["layout"] == "task boxes" and body["written"] is True
    assert sorted(body["created"]) == ["F1", "F3", "R1"]
    assert answers_of(world.product)["F1"][0] == "met"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bad_merged_cells.md", None, "Line 8: the row has 4 cells"),
        ("bad_unknown_mark.md", None, "Line 8: R2: the mark “👍”"),
        ("bad_no_id_column.md", None, "Line 5: the table has no ID column"),
        ("not_a_report.md", None, "The file holds no table of criteria"),
        ("not_utf8.md", None, "The file is not UTF-8 text: line 7"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00IHDR", "The file is not text (line 3"),
    ],
)
def test_the_api_answers_422_naming_the_line(
    world: LevelWorld, report_model: LevelModel, name: str, data: bytes | None, expected: str
) -> None:
    headers = _token(world.tovholder)
    before = snapshot()
    response = _client().post(_api_url(world), {"file": _upload(name, data)}, **headers)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "file"
    assert errors[0]["message"].startswith(expected)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_api_refuses_anyone_but_the_tovholder(
    world: LevelWorld, report_model: LevelModel
) -> None:
    headers = _token(world.supplier_person)
    before = snapshot()
    response = _client().post(_api_url(world), {"file": _upload("emoji_headings.md")}, **headers)
    assert response.status_code == 403
    assert "tovholder" in response.json()["detail"]
    assert snapshot() == before


@pytest.mark.django_db
def test_the_api_gives_the_products_report(world: LevelWorld, report_model: LevelModel) -> None:
    _client().post(
        _api_url(world), {"file": _upload("emoji_headings.md")}, **_token(world.tovholder)
    )
    response = _client().get(_api_url(world))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.content.decode().startswith("# OS2bogreol\n")
    assert (
        _client().get("/api/v1/interchange/products/findes-ikke/governance-report").status_code
        == 404
    )
