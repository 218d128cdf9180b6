"""The Jira CSV upload page (WSH-11): who may use it, the form's named errors, the import as a
background job with progress, and its result page: counts, row errors, unknown statuses and
a dry run that writes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from os2gov.core.jobs import job_progress
from os2gov.core.models import AuditEvent, Job, JobState
from os2gov.wishes.forms.jira_upload import default_status_lines
from os2gov.wishes.jira.importer import import_jira_csv
from os2gov.wishes.models import Wish, WishEvent, WishState
from tests.authority.conftest import World, fresh, make_person
from tests.organisation.factories import MunicipalityFactory
from tests.wishes.jira.samples import sample
from tests.wishes.pages.helpers import text

pytestmark = pytest.mark.django_db

UPLOAD = "/oensker/os2alfa/jira-import/"
BACKLOG = "/oensker/os2alfa/"
MEMBER = "coordination_group_member"


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def client_as(world: World, role: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    person = world[role]
    if not isinstance(person, AnonymousUser):
        client.force_login(person)
    return client


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample(name) if data is None else data, "text/csv")


def post(
    client: Client,
    file: SimpleUploadedFile | None,
    *,
    dry_run: bool = False,
    status_map: str | None = None,
) -> Any:
    data: dict[str, Any] = {"status_map": english_lines() if status_map is None else status_map}
    if file is not None:
        data["file"] = file
    if dry_run:
        data["dry_run"] = "on"
    return client.post(UPLOAD, data)


def english_lines() -> str:
    """The built-in mapping as the English form shows it."""
    with translation.override("en"):
        return default_status_lines()


def import_page(client: Client, file: SimpleUploadedFile, **options: Any) -> str:
    """Upload the file, follow to the job page; its text."""
    response = post(client, file, **options)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/koersler/\d+/", response["Location"])
    page = client.get(response["Location"])
    assert page.status_code == 200
    return text(page.content.decode())


def nothing_written() -> bool:
    return (
        not Wish.objects.exists()
        and not WishEvent.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="wish.import").exists()
    )


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [MEMBER, "tovholder"])
def test_wsh11_the_coordination_group_gets_the_form_and_the_backlog_link(
    world: World, role: str
) -> None:
    client = client_as(world, role)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="jira-upload-form"' in html
    assert 'enctype="multipart/form-data"' in html
    assert f'href="{UPLOAD}" data-testid="jira-import-link"' in client.get(BACKLOG).content.decode()


def _another_municipality_user(world: World) -> Any:
    other = MunicipalityFactory(name="Andetsted Kommune")
    return make_person("bruger@andetsted.example.org", "Asta Andetsted", other)


@pytest.mark.parametrize(
    "role",
    [
        "supplier_representative",  # in the coordination group, for the supplier
        "another_municipality_user",
        "municipality_user",  # the group's municipality, not in the group
        "beta_coordination_member",  # another product's coordination group
        "steering_group_member",
    ],
)
def test_wsh11_others_are_told_who_holds_the_mandate_and_nothing_is_imported(
    world: World, role: str
) -> None:
    if role == "another_municipality_user":
        world.people[role] = _another_municipality_user(world)
    client = client_as(world, role)
    page = client.get(UPLOAD)
    assert page.status_code == 403
    shown = text(page.content.decode())
    assert (
        "Only the public-authority members of the coordination group of OS2alfa can import "
        "wishes into this backlog."
    ) in shown
    assert 'data-testid="jira-upload-form"' not in page.content.decode()
    assert 'data-testid="jira-import-link"' not in client.get(BACKLOG).content.decode()
    refused = post(client, upload("english_export.csv"))
    assert refused.status_code == 403
    assert not Job.objects.exists()
    assert nothing_written()


def test_wsh11_anonymous_is_sent_to_log_in_and_nothing_is_imported(world: World) -> None:
    client = client_as(world, "anonymous")
    page = client.get(UPLOAD)
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))
    assert post(client, upload("english_export.csv")).status_code == 302
    assert 'data-testid="jira-import-link"' not in client.get(BACKLOG).content.decode()
    assert nothing_written()


# --- the form ------------------------------------------------------------------------------


def test_wsh11_the_form_shows_the_built_in_status_mapping_with_the_danish_statuses(
    world: World,
) -> None:
    html = client_as(world, MEMBER).get(UPLOAD).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"status_map\"[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea is not None
    lines = textarea.group(1).splitlines()
    assert "In Progress = In delivery" in lines
    assert "I gang = In delivery" in lines
    assert "Afvist = Closed" in lines
    assert "Parked" in text(html) and "parked" in html  # the states, by name and code


def _field_error(response: Any, field: str) -> str:
    html = response.content.decode()
    found = re.search(rf'data-testid="error-{field}">(.*?)</span>\s*(<|$)', html, re.S)
    assert found is not None, f"no error on {field}"
    return text(found.group(1))


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (None, "Choose the CSV file exported from Jira."),
        (SimpleUploadedFile("empty.csv", b"", "text/csv"), "The file is empty."),
        (SimpleUploadedFile("blank.csv", b"  \n\n", "text/csv"), "The file is empty."),
        (
            SimpleUploadedFile("not_csv.png", sample("not_csv.png"), "image/png"),
            "“not_csv.png” is not a CSV file.",
        ),
        (
            SimpleUploadedFile("picture.csv", sample("not_csv.png"), "text/csv"),
            "The file is not a CSV file: it contains binary data",
        ),
        (
            SimpleUploadedFile("export.csv", sample("windows_1252.csv"), "text/csv"),
            "The file is not UTF-8 text",
        ),
    ],
    ids=["missing", "empty", "blank", "png", "binary-named-csv", "windows-1252"],
)
def test_wsh11_a_file_that_is_not_a_csv_text_is_named_on_the_file_field(
    world: World, file: SimpleUploadedFile | None, expected: str
) -> None:
    response = post(client_as(world, MEMBER), file)
    assert response.status_code == 400
    assert expected in _field_error(response, "file")
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Job.objects.exists()
    assert nothing_written()


def test_wsh11_an_oversized_file_is_refused_with_the_limit(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("os2gov.wishes.forms.jira_upload.MAX_UPLOAD_SIZE", 1024 * 1024)
    big = b"Summary,Issue key\n" + b"A wish,ALFA-1\n" * 80_000  # about 1.1 MB
    response = post(client_as(world, MEMBER), upload("big.csv", big))
    assert response.status_code == 400
    error = _field_error(response, "file")
    assert "The file is 1.1 MB; at most 1 MB can be imported at once." in error
    assert nothing_written()


def test_wsh11_a_status_mapping_to_an_unknown_state_names_the_line_and_the_state(
    world: World,
) -> None:
    mapping = "Open = Submitted\nVenter på leverandør = Frozen\nno separator here\n"
    response = post(client_as(world, MEMBER), upload("team_workflow.csv"), status_map=mapping)
    assert response.status_code == 400
    error = _field_error(response, "status_map")
    assert "Line 3 does not read “Jira status = wish state”." in error
    assert "A wish has no state named as in line 2: “Frozen”." in error
    assert "Under review" in error  # the states there are
    assert nothing_written()


# --- the import and its result ---------------------------------------------------------------


def test_wsh11_an_upload_imports_in_a_job_and_the_result_shows_the_counts(world: World) -> None:
    client = client_as(world, MEMBER)
    shown = import_page(client, upload("english_export.csv"))
    assert "Jira import into OS2alfa" in shown
    assert "The job has finished" in shown
    assert "Rows read 5" in shown
    assert "Wishes created 5" in shown
    assert "Wishes updated 0" in shown
    assert "Unchanged 0" in shown
    assert "Dry run" not in shown
    assert "Back to the backlog of OS2alfa" in shown
    assert Wish.objects.filter(product=world.alfa).count() == 5
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED
    assert job.created_by == world[MEMBER]
    assert job.result["counts"]["created"] == 5
    # Every created wish is linked from the result.
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    for wish in Wish.objects.filter(product=world.alfa):
        assert f'href="{reverse("wishes:detail", args=["os2alfa", wish.pk])}"' in html
    # The progress the page polled reached the end: each row checked, then written.
    progress = job_progress(job)
    assert (progress.done, progress.total) == (10, 10)
    # The imported wishes are in the backlog.
    backlog = text(client.get(BACKLOG).content.decode())
    assert "Export the case list to PDF" in backlog
    assert "5 wishes found" in backlog


def test_wsh11_a_dry_run_shows_what_would_change_and_writes_nothing(world: World) -> None:
    shown = import_page(client_as(world, MEMBER), upload("english_export.csv"), dry_run=True)
    assert "Dry run of a Jira import into OS2alfa" in shown
    assert "Dry run: nothing was written" in shown
    assert "What the import would do" in shown
    assert "Wishes to create 5" in shown
    assert "ALFA-101" in shown and "Export the case list to PDF" in shown
    assert nothing_written()


def test_wsh11_a_reupload_updates_the_wishes_instead_of_duplicating(world: World) -> None:
    client = client_as(world, MEMBER)
    import_page(client, upload("english_export.csv"))
    shown = import_page(client, upload("english_export_later.csv"))
    assert "Wishes created 1" in shown
    assert "Wishes updated 3" in shown
    assert "Unchanged 2" in shown
    assert "Title: Export the case list to PDF → Export the case list to PDF/A" in shown
    assert Wish.objects.filter(product=world.alfa).count() == 6
    assert Wish.objects.filter(product=world.alfa, jira_key="ALFA-101").count() == 1
    again = import_page(client, upload("english_export_later.csv"))
    assert "Wishes created 0" in again and "Unchanged 6" in again
    assert Wish.objects.filter(product=world.alfa).count() == 6


def test_wsh11_an_edited_status_mapping_is_applied(world: World) -> None:
    lines = english_lines().splitlines()
    assert "Open = Submitted" in lines and "Done = Delivery accepted" in lines
    edited = [
        "Open = Under review" if line == "Open = Submitted" else line
        for line in lines
        if line != "Done = Delivery accepted"  # a removed line keeps the built-in state
    ]
    edited.append("Venter på leverandør = parked")  # a state by its code works too
    shown = import_page(
        client_as(world, MEMBER), upload("team_workflow.csv"), status_map="\n".join(edited)
    )
    assert "Wishes created 3" in shown
    assert "Statuses and issue types the mapping did not know" not in shown
    states = dict(Wish.objects.filter(product=world.alfa).values_list("jira_key", "state"))
    assert states == {
        "GAMMA-1": WishState.PARKED,
        "GAMMA-2": WishState.UNDER_REVIEW,
        "GAMMA-3": WishState.ACCEPTED,
    }


def test_wsh11_unknown_statuses_and_issue_types_are_listed(world: World) -> None:
    shown = import_page(client_as(world, MEMBER), upload("unknown_status.csv"))
    assert "Status “Waiting for Godot”, taken as submitted: DELTA-2" in shown
    assert "Issue type “Spike”, taken as new functionality: DELTA-3" in shown
    assert Wish.objects.filter(product=world.alfa).count() == 3


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "missing_summary.csv",
            'missing_summary.csv cannot be read as a Jira export: The file has no "Summary" '
            "column, so it cannot be read as a Jira export.",
        ),
        ("broken_quoting.csv", "The file's quoting is broken in the record that starts on line"),
    ],
)
def test_wsh11_a_file_that_is_not_a_jira_export_stops_the_job_and_writes_nothing(
    world: World, name: str, expected: str
) -> None:
    shown = import_page(client_as(world, MEMBER), upload(name))
    assert "The job stopped" in shown
    assert expected in shown
    assert "Nothing was imported." in shown
    assert "Upload a file" in shown  # the way back to the form
    assert Job.objects.get().state == JobState.FAILED
    assert nothing_written()


def test_wsh11_row_errors_are_listed_with_their_row_numbers_and_nothing_is_imported(
    world: World,
) -> None:
    client = client_as(world, MEMBER)
    shown = import_page(client, upload("unknown_date.csv"))
    assert "The job stopped" in shown
    assert "2 row errors: nothing was imported." in shown
    assert "Nothing was imported. Correct these rows" in shown
    html = client.get(reverse("jobs:detail", args=[Job.objects.get().pk])).content.decode()
    rows = [text(row) for row in re.findall(r'<tr data-testid="row-error">(.*?)</tr>', html, re.S)]
    assert len(rows) == 2
    assert rows[0].strip().startswith('3 Created BAD-2 "next Tuesday" is not a date')
    assert rows[1].strip().startswith('4 Updated BAD-3 "23.11.2026 kl. 9" is not a date')
    assert nothing_written()


def test_wsh11_the_job_runs_in_the_language_of_the_request(world: World) -> None:
    client = client_as(world, MEMBER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = post(client, upload("team_workflow.csv"), status_map="")
    assert response.status_code == 302
    job = Job.objects.get()
    with translation.override("da"):
        danish = str(WishState.PARKED.label), str(WishState.SUBMITTED.label)
    assert danish[1] != "Submitted"  # the catalogue has the state's Danish name
    created = {issue["key"]: issue["state"] for issue in job.result["created"]}
    assert created["GAMMA-2"] == danish[1]


# --- the importer's progress -------------------------------------------------------------------


def test_the_importer_reports_its_progress_every_25_rows_and_at_the_end(world: World) -> None:
    rows = "".join(f"Wish number {n},ALFA-{n},Open\n" for n in range(1, 61))
    data = ("Summary,Issue key,Status\n" + rows).encode()
    calls: list[tuple[int, int | None, str]] = []

    def progress(done: int, total: int | None, note: str) -> None:
        calls.append((done, total, note))

    import_jira_csv(product=world.alfa, data=data, actor=fresh(world, MEMBER), progress=progress)
    assert calls[0] == (0, None, "Reading the file")
    assert [done for done, _total, _note in calls[1:]] == [0, 25, 50, 60, 75, 100, 120]
    assert {total for _done, total, _note in calls[1:]} == {120}
    assert calls[-1][2] == "Writing the wishes"
    assert Wish.objects.filter(product=world.alfa).count() == 60

    dry: list[tuple[int, int | None, str]] = []
    import_jira_csv(
        product=world.alfa,
        data=data,
        actor=fresh(world, MEMBER),
        dry_run=True,
        progress=lambda done, total, note: dry.append((done, total, note)),
    )
    assert dry[-1] == (60, 60, "Checking the rows")


def test_a_mapping_filled_in_danish_is_read_when_the_form_is_sent_in_english(
    world: World,
) -> None:
    with translation.override("da"):
        lines = default_status_lines()
        parked = str(WishState.PARKED.label)
    assert parked != "Parked"  # the Danish name of the state
    mapping = f"{lines}\nVenter på leverandør = {parked}"
    shown = import_page(client_as(world, MEMBER), upload("team_workflow.csv"), status_map=mapping)
    assert "Wishes created 3" in shown
    assert Wish.objects.get(jira_key="GAMMA-1").state == WishState.PARKED
