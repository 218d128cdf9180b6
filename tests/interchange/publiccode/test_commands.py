"""``os2gov import_publiccode`` and ``os2gov export_publiccode`` (PRD-08): several files or a
directory, a summary table, exit code 2 for a rejected file, and a valid 0.4 document out."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from os2gov.catalogue.models import Product
from os2gov.interchange.publiccode.exporter import EXPORT_SCHEMA, check_export
from os2gov.interchange.publiccode.reader import read_publiccode
from tests.catalogue.factories import ProductFactory
from tests.interchange.publiccode.conftest import BAD, GOOD, SAMPLES

pytestmark = pytest.mark.django_db


def _run(*args: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_prd08_import_several_files_prints_a_summary(secretariat: Any) -> None:
    paths = [str(SAMPLES / name) for name in GOOD]
    out = _run("import_publiccode", *paths, "--actor", secretariat.email)
    assert "Imported: 3, updated: 0, unchanged: 0, rejected: 0." in out
    assert "File" in out and "Outcome" in out
    assert "Warning, " in out and "favouriteColour: unknown key" in out
    assert Product.objects.count() == 3
    again = _run("import_publiccode", *paths, "--actor", secretariat.email)
    assert "Imported: 0, updated: 0, unchanged: 3, rejected: 0." in again


def test_prd08_a_directory_with_bad_files_exits_2_and_names_the_problems(
    secretariat: Any, tmp_path: Path
) -> None:
    for name in (*GOOD, *BAD):
        target = tmp_path / ("nested" if name.startswith("b") else "") / name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(SAMPLES / name, target)
    (tmp_path / "notes.txt").write_text("not a publiccode file")
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_publiccode", str(tmp_path), "--actor", secretariat.email, stdout=out)
    assert caught.value.returncode == 2
    assert "5 of 8 files were rejected" in str(caught.value)
    printed = out.getvalue()
    assert "Imported: 3, updated: 0, unchanged: 0, rejected: 5." in printed
    assert "legal.license: not an SPDX expression" in printed
    assert "not valid YAML" in printed and "(line 5)" in printed
    assert not Product.objects.filter(name__in=["OS2licens", "OS2typer", "OS2dato"]).exists()


def test_prd08_import_needs_an_actor_and_files(secretariat: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--actor EMAIL") as caught:
        call_command("import_publiccode", str(SAMPLES / GOOD[0]))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match=r"No \.yml or \.yaml file"):
        call_command("import_publiccode", str(tmp_path), "--actor", secretariat.email)
    with pytest.raises(CommandError, match="There is no file or directory"):
        call_command("import_publiccode", str(tmp_path / "x.yml"), "--actor", secretariat.email)


def test_prd08_a_refused_actor_exits_2_naming_the_holder(outsider: Any) -> None:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_publiccode", str(SAMPLES / GOOD[0]), "--actor", outsider.email, stdout=out
        )
    assert caught.value.returncode == 2
    assert "Only the secretariat" in out.getvalue()
    assert not Product.objects.exists()


def test_prd08_export_prints_a_valid_0_4_document(secretariat: Any) -> None:
    _run("import_publiccode", str(SAMPLES / "bookingportal.yml"), "--actor", secretariat.email)
    text = _run("export_publiccode", "os2bookingportal")
    data = yaml.safe_load(text)
    assert data["publiccodeYmlVersion"] == "0.4"
    assert check_export(data) == []
    assert read_publiccode(text.encode()).warnings == []
    assert data["maintenance"]["contractors"][0]["name"] == "Eksempelkode ApS"
    assert EXPORT_SCHEMA["properties"]["publiccodeYmlVersion"] == {"const": "0.4"}


def test_prd08_a_product_never_imported_exports_what_the_catalogue_knows() -> None:
    ProductFactory(name="OS2katalog", slug="os2katalog", short_description="x" * 200)
    data = yaml.safe_load(_run("export_publiccode", "os2katalog"))
    assert check_export(data) == []
    assert data["developmentStatus"] == "stable"
    assert len(data["description"]["da"]["shortDescription"]) <= 150
    assert data["maintenance"] == {"type": "none"}


def test_prd08_export_refuses_an_invalid_document_with_exit_2() -> None:
    ProductFactory(slug="uden-licens", licence="")
    with pytest.raises(CommandError, match=r"legal\.license: missing") as caught:
        _run("export_publiccode", "uden-licens")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="no product with the slug"):
        _run("export_publiccode", "findes-ikke")
