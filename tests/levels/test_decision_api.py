"""The level decisions in the API: deviations, evaluations, recommendations and approvals
through the services (403 naming the holder, 422 naming the field), and evidence files
uploaded to an answer (413 too large, 422 forbidden type, 409 stale). A refused or invalid
request writes nothing; the lists are public, paginated and take a constant number of
queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.core.models import AuditEvent
from os2gov.governance.models import Decision
from os2gov.levels import services
from os2gov.levels.evidence import MAX_EVIDENCE_FILE_SIZE
from os2gov.levels.models import (
    Answer,
    AnswerRevision,
    ApprovedLevel,
    Criterion,
    Deviation,
    Evaluation,
    EvidenceFile,
    LevelRecommendation,
)
from tests.levels.conftest import TODAY, LevelWorld, answer_met
from tests.levels.helpers import PDF, ROLES, bearer, fields, send_json

pytestmark = pytest.mark.django_db

API = "/api/v1/levels/products/os2niveau"
DEVIATIONS = f"{API}/deviations"
EVALUATIONS = f"{API}/evaluations"
APPROVALS = f"{API}/approvals"
RECOMMEND = f"{APPROVALS}/recommend"
APPROVE = f"{APPROVALS}/approve"
FILES = f"{API}/answers/N1-DOCUMENTATION/files"


def headers(world: LevelWorld, role: str) -> dict[str, str]:
    return {} if role == "anonymous" else bearer(getattr(world, role))


def post(client: Client, url: str, data: dict[str, Any], auth: dict[str, str]) -> Any:
    return send_json(client, "post", url, data, auth)


def written() -> tuple[int, ...]:
    return (
        Deviation.objects.count(),
        Evaluation.objects.count(),
        LevelRecommendation.objects.count(),
        ApprovedLevel.objects.count(),
        Decision.objects.count(),
        AuditEvent.objects.exclude(action__startswith="api_token").count(),
        AnswerRevision.objects.count(),
        EvidenceFile.objects.count(),
    )


def refused_unchanged(response: Any, role: str, detail: str, before: tuple[int, ...]) -> None:
    """Anonymous: 401; anyone else without the mandate: 403 naming who holds it. Neither
    writes anything."""
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 403
        assert response.json()["detail"] == detail
    assert written() == before


def deviation_in(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "criterion": "N1-TRAINING-MATERIALS",
        "reason": "Undervisningsmaterialet skrives om.",
        "expires_on": (TODAY + datetime.timedelta(days=120)).isoformat(),
    }
    data.update(extra)
    return data


def evaluation_in(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "evaluated_on": TODAY.isoformat(),
        "summary": "Produktet lever op til sit niveau.",
        "minutes_url": "https://docs.example.org/os2niveau/referat-2",
    }
    data.update(extra)
    return data


# --- Deviations -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_prd05_accepting_a_deviation_by_role(world: LevelWorld, client: Client, role: str) -> None:
    auth = headers(world, role)
    before = written()
    response = post(client, DEVIATIONS, deviation_in(), auth)
    if role == "committee":
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["criterion"], body["level"], body["active"]) == (
            "N1-TRAINING-MATERIALS",
            "N1",
            True,
        )
        deviation = Deviation.objects.get()
        assert body["decision"]["id"] == deviation.decision_id
        assert deviation.decision.action == "deviation.accept"
    else:
        refused_unchanged(response, role, "Only the business committee can accept this.", before)


def test_prd05_a_deviation_without_reason_or_expiry_is_422_naming_both(
    world: LevelWorld, client: Client
) -> None:
    auth = bearer(world.committee)
    before = written()
    response = post(client, DEVIATIONS, {"criterion": "N1-TRAINING-MATERIALS"}, auth)
    assert response.status_code == 422
    assert fields(response) == {
        "reason": "A deviation needs a documented reason.",
        "expires_on": "A deviation needs an expiry date; it is accepted for a limited time.",
    }
    response = post(client, DEVIATIONS, deviation_in(reason="  ", expires_on=None), auth)
    assert set(fields(response)) == {"reason", "expires_on"}
    assert written() == before


def test_prd05_a_deviation_covers_only_a_required_criterion_not_met(
    world: LevelWorld, client: Client
) -> None:
    auth = bearer(world.committee)
    before = written()
    met = post(client, DEVIATIONS, deviation_in(criterion="N2-STEERING-GROUP-BOARD-LINK"), auth)
    assert met.status_code == 422
    assert fields(met)["criterion"].startswith("A deviation covers only a required criterion")
    recommended = post(
        client, DEVIATIONS, deviation_in(criterion="N1-ACCESSIBILITY-STATEMENT"), auth
    )
    assert set(fields(recommended)) == {"criterion"}
    unknown = post(client, DEVIATIONS, deviation_in(criterion="N9-NOTHING"), auth)
    assert fields(unknown) == {"criterion": "The current level model has no criterion N9-NOTHING."}
    assert written() == before


def test_prd05_deviations_are_listed_active_and_expired(world: LevelWorld, client: Client) -> None:
    services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=Criterion.objects.get(model__is_current=True, key="N1-PROCUREMENT"),
        reason="Udbuddet var forsinket.",
        decided_on=TODAY - datetime.timedelta(days=200),
        expires_on=TODAY - datetime.timedelta(days=10),
    )
    post(client, DEVIATIONS, deviation_in(), bearer(world.committee))
    body = client.get(DEVIATIONS).json()
    assert body["count"] == 2
    assert [(item["criterion"], item["active"]) for item in body["items"]] == [
        ("N1-TRAINING-MATERIALS", True),
        ("N1-PROCUREMENT", False),
    ]
    assert client.get("/api/v1/levels/products/ukendt/deviations").status_code == 404


# --- Evaluations ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "steering_member"])
def test_mtg04_recording_an_evaluation_by_role(
    world: LevelWorld, client: Client, role: str
) -> None:
    before = written()
    response = post(client, EVALUATIONS, evaluation_in(), headers(world, role))
    if role in ("board_a", "steering_member"):
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["evaluated_by"] == world.steering.name
        assert body["summary"] == "Produktet lever op til sit niveau."
    else:
        refused_unchanged(
            response, role, "Only the steering group of OS2niveau or the board can do this.", before
        )


def test_mtg04_a_bad_evaluation_is_422_naming_the_fields(world: LevelWorld, client: Client) -> None:
    before = written()
    response = post(
        client,
        EVALUATIONS,
        {"evaluated_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "minutes_url": "x"},
        bearer(world.board_a),
    )
    assert response.status_code == 422
    assert fields(response) == {
        "evaluated_on": "An evaluation cannot be recorded before it takes place.",
        "summary": "Summarise the evaluation.",
        "minutes_url": "Give a web address (http or https).",
    }
    assert written() == before


def test_mtg04_the_evaluation_list_flags_an_overdue_n3_product(
    world: LevelWorld, client: Client
) -> None:
    body = client.get(EVALUATIONS).json()
    assert (body["count"], body["yearly"], body["overdue"]) == (1, False, False)
    Evaluation.objects.all().delete()
    services.evaluation_record(
        actor=world.board_a,
        product=world.product,
        evaluated_on=TODAY - datetime.timedelta(days=400),
        summary="Gammel evaluering.",
        minutes_url="https://docs.example.org/os2niveau/gammel",
    )
    services.product_recommend(actor=world.committee, product=world.product, level_code="N3")
    services.product_approve(actor=world.board_a, product=world.product, level_code="N3")
    body = client.get(EVALUATIONS).json()
    assert (body["yearly"], body["overdue"]) == (True, True)
    assert body["items"][0]["summary"] == "Gammel evaluering."
    post(client, EVALUATIONS, evaluation_in(), bearer(world.board_a))
    body = client.get(EVALUATIONS).json()
    assert (body["count"], body["overdue"]) == (2, False)
    assert body["items"][0]["summary"] == "Produktet lever op til sit niveau."  # newest first


# --- Recommendations and approvals (PRD-06) ---------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_prd06_recommending_by_role(world: LevelWorld, client: Client, role: str) -> None:
    before = written()
    response = post(client, RECOMMEND, {"level_code": "N2"}, headers(world, role))
    if role == "committee":
        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["kind"], body["level"], body["status"], body["approval"]) == (
            "new_product",
            "N2",
            "pending",
            None,
        )
    else:
        refused_unchanged(response, role, "Only the business committee can recommend this.", before)


@pytest.mark.parametrize("role", ROLES)
def test_prd06_approving_a_pending_recommendation_by_role(
    world: LevelWorld, client: Client, role: str
) -> None:
    services.product_recommend(actor=world.committee, product=world.product, level_code="N2")
    before = written()
    response = post(client, APPROVE, {"level_code": "N2"}, headers(world, role))
    if role == "board_a":
        assert response.status_code == 201, response.json()
        assert response.json()["level"] == "N2"
        assert response.json()["decision"]["text"] == (
            "Approved OS2niveau at N2 on the business committee's recommendation."
        )
        listed = client.get(APPROVALS).json()
        assert listed["approved_level"] == "N2"
        assert listed["items"][0]["status"] == "approved"
        assert listed["items"][0]["approval"]["level"] == "N2"
    else:
        refused_unchanged(response, role, "Only the board can approve this.", before)


def test_prd06_board_approval_without_a_recommendation_is_422_naming_who_acts_first(
    world: LevelWorld, client: Client
) -> None:
    before = written()
    response = post(client, APPROVE, {"level_code": "N1"}, bearer(world.board_a))
    assert response.status_code == 422
    assert fields(response) == {
        "recommendation": "The board approves a new product only on the business committee's "
        "recommendation, and OS2niveau has not been recommended at N1."
    }
    assert written() == before


def test_prd06_a_change_of_level_through_the_api(world: LevelWorld, client: Client) -> None:
    committee, board = bearer(world.committee), bearer(world.board_b)
    assert post(client, RECOMMEND, {"level_code": "N1"}, committee).status_code == 201
    assert post(client, APPROVE, {"level_code": "N1"}, board).status_code == 201
    before = written()
    wrong_kind = post(client, RECOMMEND, {"level_code": "N2", "kind": "new_product"}, committee)
    assert wrong_kind.status_code == 422 and set(fields(wrong_kind)) == {"product"}
    bad_kind = post(client, RECOMMEND, {"level_code": "N2", "kind": "promotion"}, committee)
    assert bad_kind.status_code == 422 and set(fields(bad_kind)) == {"kind"}
    unknown = post(client, RECOMMEND, {"level_code": "N9"}, committee)
    assert fields(unknown) == {
        "level_code": "N9 is not a level of the current level model (N1, N2, N3)."
    }
    meeting = post(client, RECOMMEND, {"level_code": "N2", "method": "meeting"}, committee)
    assert fields(meeting) == {"meeting_reference": "Name the meeting the decision was taken at."}
    assert written() == before
    changed = post(client, RECOMMEND, {"level_code": "N2", "text": "Klar."}, committee)
    assert changed.status_code == 201 and changed.json()["kind"] == "level_change"
    assert post(client, APPROVE, {"level_code": "N2"}, board).status_code == 201
    listed = client.get(APPROVALS).json()
    assert listed["count"] == 2 and listed["approved_level"] == "N2"
    assert [(item["level"], item["kind"]) for item in listed["items"]] == [
        ("N2", "level_change"),
        ("N1", "new_product"),
    ]


# --- Evidence files ---------------------------------------------------------------------------


def upload(
    client: Client, auth: dict[str, str], name: str, content: bytes, revision: int = 1
) -> Any:
    return client.post(
        FILES,
        {"files": SimpleUploadedFile(name, content), "expected_revision": str(revision)},
        **auth,
    )


@pytest.fixture
def answered(world: LevelWorld) -> Answer:
    criterion = Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION")
    answer: Answer = answer_met(world, criterion)
    return answer


@pytest.mark.parametrize("role", ROLES)
def test_prd02_evidence_files_through_the_api_by_role(
    world: LevelWorld, client: Client, answered: Answer, role: str
) -> None:
    before = written()
    response = upload(client, headers(world, role), "vejledning.pdf", PDF)
    if role == "tovholder":
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["revision"] == 2
        assert body["files"] == [{"name": "vejledning.pdf", "size": len(PDF), "added_in": 2}]
        answer = Answer.objects.get(pk=answered.pk)
        assert (answer.status, answer.evidence_urls) == (answered.status, answered.evidence_urls)
        assert EvidenceFile.objects.get().file.read() == PDF
    else:
        refused_unchanged(
            response,
            role,
            "Only the tovholder of OS2niveau's coordination group can do this.",
            before,
        )


def test_prd02_an_upload_over_the_size_limit_is_413_naming_the_field(
    world: LevelWorld, client: Client, answered: Answer
) -> None:
    before = written()
    response = upload(
        client, bearer(world.tovholder), "stor.pdf", PDF + b"0" * MAX_EVIDENCE_FILE_SIZE
    )
    assert response.status_code == 413
    assert fields(response) == {"files": "stor.pdf is 10.0 MB; a file can be at most 10 MB."}
    assert Answer.objects.get(pk=answered.pk).revision == 1
    assert written() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [("makro.exe", b"MZ\x90\x00"), ("forklaedt.pdf", b"MZ\x90\x00 ikke en pdf")],
    ids=["forbidden-extension", "content-not-matching"],
)
def test_prd02_an_upload_of_a_forbidden_type_is_422_naming_the_field(
    world: LevelWorld, client: Client, answered: Answer, name: str, content: bytes
) -> None:
    before = written()
    response = upload(client, bearer(world.tovholder), name, content)
    assert response.status_code == 422
    assert list(fields(response)) == ["files"]
    assert fields(response)["files"].startswith(name)
    assert Answer.objects.get(pk=answered.pk).revision == 1
    assert written() == before


def test_an_upload_to_a_changed_or_missing_answer_is_refused(
    world: LevelWorld, client: Client, answered: Answer
) -> None:
    auth = bearer(world.tovholder)
    before = written()
    stale = upload(client, auth, "vejledning.pdf", PDF, revision=0)
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Someone else answered this criterion")
    unanswered = client.post(
        f"{API}/answers/N1-PROCUREMENT/files",
        {"files": SimpleUploadedFile("a.pdf", PDF), "expected_revision": "1"},
        **auth,
    )
    assert unanswered.status_code == 422 and set(fields(unanswered)) == {"criterion"}
    missing = client.post(FILES, {"expected_revision": "1"}, **auth)
    assert missing.status_code == 422 and "files" in fields(missing)
    assert written() == before


# --- Query counts -----------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_rows(world: LevelWorld, rounds: int) -> None:
    for number in range(rounds):
        services.deviation_accept(
            actor=world.committee,
            product=world.product,
            criterion=Criterion.objects.get(model__is_current=True, key="N1-TRAINING-MATERIALS"),
            reason=f"Grund {number}",
            expires_on=TODAY + datetime.timedelta(days=number),
        )
        services.evaluation_record(
            actor=world.board_a,
            product=world.product,
            evaluated_on=TODAY - datetime.timedelta(days=number),
            summary=f"Evaluering {number}",
            minutes_url="https://docs.example.org/os2niveau/referat",
        )
        approved = ApprovedLevel.objects.order_by("-pk").first()
        if approved is None:
            services.product_recommend(
                actor=world.committee, product=world.product, level_code="N1"
            )
            services.product_approve(actor=world.board_a, product=world.product, level_code="N1")
        else:
            code = "N2" if approved.level_code == "N1" else "N1"
            services.level_recommend(actor=world.committee, product=world.product, level_code=code)
            services.level_approve(actor=world.board_a, product=world.product, level_code=code)


def test_the_query_counts_of_the_lists_do_not_grow_with_their_rows(
    world: LevelWorld, client: Client
) -> None:
    urls = [DEVIATIONS, EVALUATIONS, APPROVALS]
    _more_rows(world, 1)
    few = [_queries(client, url) for url in urls]
    _more_rows(world, 5)
    many = [_queries(client, url) for url in urls]
    assert client.get(APPROVALS).json()["count"] == 6
    assert many == few
