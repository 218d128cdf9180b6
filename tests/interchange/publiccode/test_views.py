"""The upload page, the job's result, the download and the product page (PRD-08)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from os2gov.catalogue.models import Product
from os2gov.core.models import Job, JobState
from os2gov.interchange.publiccode.exporter import check_export
from tests.accounts.conftest import english_client
from tests.catalogue.factories import ProductFactory
from tests.interchange.publiccode.conftest import sample

pytestmark = pytest.mark.django_db

UPLOAD = "/udveksling/publiccode/"


def _file(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else sample(name), "application/yaml")


def _logged_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_the_upload_page_needs_a_login(client: Client) -> None:
    assert reverse("interchange:publiccode-upload") == UPLOAD
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_prd08_an_invalid_file_is_a_form_error_naming_the_field_path(
    client: Client, secretariat: Any
) -> None:
    _logged_in(client, secretariat)
    response = client.post(
        UPLOAD, {"publiccode": [_file("bookingportal.yml"), _file("bad-licence.yml")]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "bad-licence.yml: legal.license: not an SPDX expression" in html
    assert 'data-testid="error-publiccode"' in html
    assert not Product.objects.exists()  # the good file is not imported either
    assert not Job.objects.exists()


def test_prd08_a_file_that_is_not_text_is_a_form_error(client: Client, secretariat: Any) -> None:
    _logged_in(client, secretariat)
    response = client.post(UPLOAD, {"publiccode": _file("logo.yml", b"\x89PNG\r\n\x1a\n\x00")})
    assert "logo.yml: the file is not text" in response.content.decode()
    empty = client.post(UPLOAD, {})
    assert "Choose a publiccode.yml file to import." in empty.content.decode()


def test_prd08_an_upload_runs_as_a_job_and_shows_the_result(
    client: Client, secretariat: Any
) -> None:
    _logged_in(client, secretariat)
    response = client.post(
        UPLOAD, {"publiccode": [_file("bookingportal.yml"), _file("journal-0.2.yml")]}
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == JobState.SUCCEEDED
    assert job.result["counts"]["imported"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "Imported: 2, updated: 0, unchanged: 0, rejected: 0." in page
    assert 'href="/produkter/os2bookingportal/"' in page
    assert Product.objects.filter(slug="os2bookingportal").exists()


def test_prd08_a_refused_upload_stops_the_job_naming_the_holder(
    client: Client, outsider: Any
) -> None:
    _logged_in(client, outsider)
    response = client.post(UPLOAD, {"publiccode": _file("bookingportal.yml")})
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "No file was imported" in page
    assert "Only the secretariat can do this." in page
    assert not Product.objects.exists()


def test_prd08_the_product_page_shows_the_profile_and_offers_the_download(
    client: Client, secretariat: Any, django_assert_max_num_queries: Any
) -> None:
    _logged_in(client, secretariat)
    client.post(UPLOAD, {"publiccode": _file("bookingportal.yml")})
    client = english_client()  # anonymous: the product page is public
    page = client.get("/produkter/os2bookingportal/").content.decode()
    assert 'data-testid="publiccode-facts"' in page
    assert "Web application" in page and "PostgreSQL" in page
    assert "Alex Andersen (Eksempelkode ApS)" in page
    assert "alex@eksempelkode.example.com" not in page  # e-mail addresses are not shown
    assert "Sydby Kommune" in page
    with django_assert_max_num_queries(6):  # the catalogue's 5, and the reported users
        client.get("/produkter/os2bookingportal/")
    download = reverse("interchange:publiccode-export", args=["os2bookingportal"])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert 'filename="publiccode.yml"' in response["Content-Disposition"]
    assert check_export(yaml.safe_load(response.content)) == []


def test_prd08_a_product_that_cannot_be_exported_says_what_it_lacks(client: Client) -> None:
    ProductFactory(slug="uden-licens", licence="")
    response = client.get(reverse("interchange:publiccode-export", args=["uden-licens"]))
    assert response.status_code == 409
    assert "legal.license: missing" in response.content.decode()
    assert client.get("/udveksling/publiccode/findes-ikke/publiccode.yml").status_code == 404
