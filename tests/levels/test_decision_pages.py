"""The pages of the decisions around a product's level: deviations (the business
committee), evaluations (the steering group or the board) and the two-step level approval
(the business committee recommends, the board approves). Lists are public and paginated;
each form shows only to its mandate's holders, and a refused or invalid step writes
nothing."""

from __future__ import annotations

import datetime
import re
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from os2gov.core.models import AuditEvent
from os2gov.governance import services as governance
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
from tests.levels.conftest import TODAY, LevelWorld, answer_met, approve
from tests.levels.helpers import PDF, ROLES, between, page_queries

pytestmark = pytest.mark.django_db

BASE = "/produkter/os2niveau/niveau/"
DEVIATIONS = f"{BASE}afvigelser/"
EVALUATIONS = f"{BASE}evalueringer/"
APPROVALS = f"{BASE}godkendelse/"
RECOMMEND = f"{APPROVALS}indstil/"
APPROVE = f"{APPROVALS}godkend/"
ANSWER = f"{BASE}N1-DOCUMENTATION/svar/"

COMMITTEE_ONLY_ACCEPT = "Only the business committee can accept this."
COMMITTEE_ONLY_RECOMMEND = "Only the business committee can recommend this."
BOARD_ONLY_APPROVE = "Only the board can approve this."


def as_role(client: Client, world: LevelWorld, role: str) -> Client:
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def field_error(html: str, field: str) -> str:
    return text(between(html, f'data-testid="error-{field}">', "\n"))


def written() -> tuple[int, ...]:
    """What a refused or invalid step must leave as it was."""
    return (
        Deviation.objects.count(),
        Evaluation.objects.count(),
        LevelRecommendation.objects.count(),
        ApprovedLevel.objects.count(),
        Decision.objects.count(),
        AuditEvent.objects.count(),
    )


def accept(world: LevelWorld, key: str, **extra: Any) -> Deviation:
    data: dict[str, Any] = {
        "reason": "Materialet skrives om.",
        "expires_on": TODAY + datetime.timedelta(days=90),
    }
    data.update(extra)
    return services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=Criterion.objects.get(model__is_current=True, key=key),
        **data,
    )


def deviation_post(**extra: str) -> dict[str, str]:
    data = {
        "criterion": "N1-TRAINING-MATERIALS",
        "reason": "Undervisningsmaterialet skrives om til den nye version.",
        "expires_on": (TODAY + datetime.timedelta(days=120)).isoformat(),
        "decided_on": TODAY.isoformat(),
        "method": "meeting",
        "meeting_reference": "Forretningsudvalgets møde, punkt 4",
    }
    data.update(extra)
    return data


# --- Deviations -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_prd05_only_the_business_committee_sees_the_deviation_form(
    world: LevelWorld, client: Client, role: str
) -> None:
    html = as_role(client, world, role).get(DEVIATIONS).content.decode()
    assert html.count("<h1") == 1
    if role == "committee":
        assert 'data-testid="deviation-form"' in html
        assert 'data-testid="mandate-holder"' not in html
    else:
        assert 'data-testid="deviation-form"' not in html
        assert text(between(html, 'data-testid="mandate-holder">', "</p>")) == (
            COMMITTEE_ONLY_ACCEPT
        )


@pytest.mark.parametrize("role", ROLES)
def test_prd05_accepting_a_deviation_by_role(world: LevelWorld, client: Client, role: str) -> None:
    before = written()
    response = as_role(client, world, role).post(DEVIATIONS, deviation_post())
    if role == "committee":
        assert response.status_code == 302
        deviation = Deviation.objects.get()
        assert deviation.criterion.key == "N1-TRAINING-MATERIALS"
        assert deviation.decision.meeting_reference == "Forretningsudvalgets møde, punkt 4"
        html = client.get(response["Location"]).content.decode()
        row = text(between(html, f'data-testid="deviation-{deviation.pk}"', "</tr>"))
        assert "Undervisningsmaterialet skrives om" in row
        assert deviation.decision.body is not None
        assert deviation.decision.body.name in row
        assert "Active" in row
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert written() == before
    else:
        assert response.status_code == 403
        html = response.content.decode()
        assert COMMITTEE_ONLY_ACCEPT in text(between(html, 'data-testid="refusal"', "</div>"))
        assert written() == before


def test_prd05_a_deviation_without_reason_or_expiry_names_both_fields(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.committee)
    before = written()
    response = client.post(DEVIATIONS, deviation_post(reason="", expires_on=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error(html, "reason") == "Error: A deviation needs a documented reason."
    assert field_error(html, "expires_on") == (
        "Error: A deviation needs an expiry date; it is accepted for a limited time."
    )
    assert html.count('aria-invalid="true"') == 2
    assert written() == before


def test_a_deviation_expiring_before_it_is_accepted_is_refused_by_the_service(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.committee)
    before = written()
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = client.post(DEVIATIONS, deviation_post(expires_on=yesterday))
    assert response.status_code == 400
    assert field_error(response.content.decode(), "expires_on") == (
        "Error: The deviation would expire before it is accepted."
    )
    assert written() == before


def test_prd05_the_criteria_offered_are_the_required_ones_not_met(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.committee)
    answer_met(world, Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION"))
    html = client.get(DEVIATIONS).content.decode()
    select = between(html, 'name="criterion"', "</select>")
    offered = re.findall(r'<option value="([^"]+)"', select)
    assert "N1-TRAINING-MATERIALS" in offered
    assert "N3-HANDOVER-TO-OPERATIONS" in offered
    assert "N1-ACCESSIBILITY-STATEMENT" not in offered  # recommended, not required
    assert "N2-STEERING-GROUP-BOARD-LINK" not in offered  # met by the governance data
    # A self-assessed answer is not met until it is verified: it may still be covered.
    assert "N1-DOCUMENTATION" in offered
    before = written()
    response = client.post(DEVIATIONS, deviation_post(criterion="N2-STEERING-GROUP-BOARD-LINK"))
    assert response.status_code == 400
    assert "Select a valid choice" in field_error(response.content.decode(), "criterion")
    assert written() == before
    # A computed criterion the governance data no longer meets may be covered.
    for key in ("steering_board_a", "steering_board_b"):
        governance.membership_end(
            actor=world.secretariat,
            membership=world.memberships[key],
            ends_on=TODAY - datetime.timedelta(days=1),
        )
    html = client.get(DEVIATIONS).content.decode()
    offered = re.findall(r'<option value="([^"]+)"', between(html, 'name="criterion"', "</select>"))
    assert "N2-STEERING-GROUP-BOARD-LINK" in offered


def test_prd05_active_and_expired_deviations_are_listed(world: LevelWorld, client: Client) -> None:
    expired = accept(
        world,
        "N1-PROCUREMENT",
        reason="Udbuddet var forsinket.",
        decided_on=TODAY - datetime.timedelta(days=200),
        expires_on=TODAY - datetime.timedelta(days=10),
    )
    active = accept(world, "N1-TRAINING-MATERIALS")
    html = client.get(DEVIATIONS).content.decode()
    assert "2 deviations" in html
    assert text(between(html, f'data-testid="deviation-state-{expired.pk}">', "</td>")) == (
        "Expired"
    )
    assert text(between(html, f'data-testid="deviation-state-{active.pk}">', "</td>")) == "Active"
    # The latest decision first.
    assert html.index(f"deviation-{active.pk}") < html.index(f"deviation-{expired.pk}")
    assert "Udbuddet var forsinket." in html


def test_the_deviation_list_is_paginated(world: LevelWorld, client: Client) -> None:
    for number in range(26):
        accept(world, "N1-TRAINING-MATERIALS", reason=f"Grund {number}")
    first = client.get(DEVIATIONS).content.decode()
    assert "26 deviations" in first and 'data-testid="pagination"' in first
    second = client.get(DEVIATIONS, {"page": "2"}).content.decode()
    assert second.count('data-testid="deviation-state-') == 1


# --- Evaluations ------------------------------------------------------------------------------


def record_evaluation(world: LevelWorld, days_ago: int, summary: str) -> Evaluation:
    return services.evaluation_record(
        actor=world.board_a,
        product=world.product,
        evaluated_on=TODAY - datetime.timedelta(days=days_ago),
        summary=summary,
        minutes_url="https://docs.example.org/os2niveau/referat",
    )


def evaluation_post(**extra: str) -> dict[str, str]:
    data = {
        "evaluated_on": TODAY.isoformat(),
        "summary": "Produktet lever op til sit niveau.",
        "minutes_url": "https://docs.example.org/os2niveau/referat-2",
    }
    data.update(extra)
    return data


def test_evaluations_are_listed_newest_first(world: LevelWorld, client: Client) -> None:
    record_evaluation(world, 400, "Den første evaluering.")
    record_evaluation(world, 5, "Den nyeste evaluering.")
    html = client.get(EVALUATIONS).content.decode()
    assert "3 evaluations" in html
    table = between(html, 'data-testid="evaluation-table"', "</table>")
    summaries = re.findall(r"Den \w+ evaluering\.|Produktet lever op til forventningerne\.", table)
    assert summaries == [
        "Den nyeste evaluering.",
        "Produktet lever op til forventningerne.",
        "Den første evaluering.",
    ]
    assert world.steering.name in text(table)


def test_mtg04_an_n3_products_overdue_evaluation_is_flagged(
    world: LevelWorld, client: Client
) -> None:
    Evaluation.objects.all().delete()
    record_evaluation(world, 400, "Evaluering for over et år siden.")
    # Not an N3 product: no yearly evaluation is demanded, nothing is flagged.
    approve(world, "N2")
    assert 'data-testid="evaluation-overdue"' not in client.get(EVALUATIONS).content.decode()
    services.level_recommend(actor=world.committee, product=world.product, level_code="N3")
    services.level_approve(actor=world.board_b, product=world.product, level_code="N3")
    html = client.get(EVALUATIONS).content.decode()
    flag = text(between(html, 'data-testid="evaluation-overdue"', "</div>"))
    assert "The yearly evaluation is overdue" in flag
    assert "OS2niveau is an N3 product" in flag
    # A new evaluation takes the flag away and says when the next is due.
    record_evaluation(world, 0, "Årets evaluering.")
    html = client.get(EVALUATIONS).content.decode()
    assert 'data-testid="evaluation-overdue"' not in html
    assert 'data-testid="evaluation-due"' in html


@pytest.mark.parametrize("role", ROLES)
def test_mtg04_recording_an_evaluation_by_role(
    world: LevelWorld, client: Client, role: str
) -> None:
    as_role(client, world, role)
    page = client.get(EVALUATIONS).content.decode()
    before = written()
    response = client.post(EVALUATIONS, evaluation_post())
    holders = "Only the steering group of OS2niveau or the board can do this."
    if role == "board_a":
        assert 'data-testid="evaluation-form"' in page
        assert response.status_code == 302
        evaluation = Evaluation.objects.latest("pk")
        assert evaluation.group == world.steering
        assert evaluation.summary == "Produktet lever op til sit niveau."
    elif role == "anonymous":
        assert text(between(page, 'data-testid="mandate-holder">', "</p>")) == holders
        assert response.status_code == 302
        assert written() == before
    else:
        assert 'data-testid="evaluation-form"' not in page
        assert text(between(page, 'data-testid="mandate-holder">', "</p>")) == holders
        assert response.status_code == 403
        assert holders in response.content.decode()
        assert written() == before


def test_mtg04_a_bad_evaluation_names_its_fields(world: LevelWorld, client: Client) -> None:
    client.force_login(world.steering_member)
    before = written()
    response = client.post(
        EVALUATIONS, evaluation_post(summary="", minutes_url="referatet på drevet")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error(html, "summary") == "Error: Summarise the evaluation."
    assert written() == before
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        EVALUATIONS, evaluation_post(evaluated_on=future, minutes_url="referatet på drevet")
    )
    html = response.content.decode()
    assert field_error(html, "minutes_url") == "Error: Give a web address (http or https)."
    assert field_error(html, "evaluated_on") == (
        "Error: An evaluation cannot be recorded before it takes place."
    )
    assert written() == before


# --- Recommendations and approvals (PRD-06) ---------------------------------------------------


def decision_post(prefix: str, level: str, **extra: str) -> dict[str, str]:
    data = {
        f"{prefix}-level_code": level,
        f"{prefix}-text": "",
        f"{prefix}-decided_on": TODAY.isoformat(),
        f"{prefix}-method": "in_writing",
        f"{prefix}-meeting_reference": "",
    }
    data.update({f"{prefix}-{key}": value for key, value in extra.items()})
    return data


@pytest.mark.parametrize("role", ROLES)
def test_prd06_the_forms_on_the_approval_page_by_role_and_state(
    world: LevelWorld, client: Client, role: str
) -> None:
    as_role(client, world, role)
    html = client.get(APPROVALS).content.decode()
    assert ('data-testid="recommend-form"' in html) == (role == "committee")
    assert 'data-testid="approve-form"' not in html  # nothing is awaiting the board
    if role != "committee":
        assert text(between(html, 'data-testid="recommend-holder">', "</p>")) == (
            COMMITTEE_ONLY_RECOMMEND
        )
    if role == "board_a":
        assert 'data-testid="approve-waits"' in html
    else:
        assert text(between(html, 'data-testid="approve-holder">', "</p>")) == BOARD_ONLY_APPROVE
    services.product_recommend(actor=world.committee, product=world.product, level_code="N2")
    html = client.get(APPROVALS).content.decode()
    assert ('data-testid="approve-form"' in html) == (role == "board_a")
    assert 'data-testid="recommend-form"' not in html  # one recommendation at a time
    if role == "committee":
        assert 'data-testid="recommend-waits"' in html
    assert "N2 (New product), recommended by the business committee" in text(
        between(html, 'data-testid="pending">', "</td>")
    )


def test_prd06_the_committee_recommends_and_the_board_approves_through_the_pages(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.committee)
    response = client.post(RECOMMEND, decision_post("recommend", "N2", text="Klar til N2."))
    assert response.status_code == 302
    recommendation = LevelRecommendation.objects.get()
    assert (recommendation.kind, recommendation.level_code, recommendation.status) == (
        "new_product",
        "N2",
        "pending",
    )
    assert recommendation.decision.text.endswith("Klar til N2.")
    client.force_login(world.board_b)
    form = client.get(APPROVALS).content.decode()
    assert 'value="N2" selected' in between(form, 'name="approve-level_code"', "</select>")
    response = client.post(
        APPROVE,
        decision_post(
            "approve", "N2", method="meeting", meeting_reference="Bestyrelsesmøde, punkt 7"
        ),
    )
    assert response.status_code == 302
    approved = ApprovedLevel.objects.get()
    assert approved.level_code == "N2" and approved.recommendation == recommendation
    assert approved.decision.meeting_reference == "Bestyrelsesmøde, punkt 7"
    html = client.get(APPROVALS).content.decode()
    row = text(between(html, f'data-testid="recommendation-{recommendation.pk}"', "</tr>"))
    assert "Approved by the board" in row and "Bestyrelsesmøde" not in row
    assert "Approved OS2niveau at N2 on the business committee's recommendation." in row
    compliance = client.get(BASE).content.decode()
    assert text(between(compliance, 'data-testid="approved-level">', "</td>")).startswith("N2")
    # A change of level follows the same two steps.
    client.force_login(world.committee)
    html = client.get(APPROVALS).content.decode()
    assert "Recommend a change of level to the board" in html
    offered = re.findall(
        r'<option value="([^"]+)"', between(html, 'name="recommend-level_code"', "</select>")
    )
    assert offered == ["N1", "N3"]


def test_prd06_board_approval_without_a_recommendation_names_who_acts_first(
    world: LevelWorld, client: Client
) -> None:
    client.force_login(world.board_a)
    before = written()
    response = client.post(APPROVE, decision_post("approve", "N1"))
    assert response.status_code == 400
    errors = text(between(response.content.decode(), 'data-testid="form-errors"', "</div>"))
    assert (
        "The board approves a new product only on the business committee's recommendation, "
        "and OS2niveau has not been recommended at N1." in errors
    )
    assert written() == before


@pytest.mark.parametrize("role", ["board_a", "secretariat", "tovholder"])
def test_prd06_a_recommendation_by_anyone_but_the_committee_is_refused(
    world: LevelWorld, client: Client, role: str
) -> None:
    client.force_login(getattr(world, role))
    before = written()
    response = client.post(RECOMMEND, decision_post("recommend", "N2"))
    assert response.status_code == 403
    refusal = text(between(response.content.decode(), 'data-testid="refusal"', "</div>"))
    assert COMMITTEE_ONLY_RECOMMEND in refusal
    assert written() == before


@pytest.mark.parametrize("role", ["committee", "secretariat", "tovholder"])
def test_prd06_an_approval_by_anyone_but_the_board_is_refused(
    world: LevelWorld, client: Client, role: str
) -> None:
    services.product_recommend(actor=world.committee, product=world.product, level_code="N2")
    client.force_login(getattr(world, role))
    before = written()
    response = client.post(APPROVE, decision_post("approve", "N2"))
    assert response.status_code == 403
    refusal = text(between(response.content.decode(), 'data-testid="refusal"', "</div>"))
    assert BOARD_ONLY_APPROVE in refusal
    assert written() == before


def test_anonymous_steps_go_to_the_login(world: LevelWorld, client: Client) -> None:
    before = written()
    for url, prefix in ((RECOMMEND, "recommend"), (APPROVE, "approve")):
        response = client.post(url, decision_post(prefix, "N1"))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert written() == before


def test_prd06_a_bad_recommendation_names_the_field(world: LevelWorld, client: Client) -> None:
    approve(world, "N1")
    client.force_login(world.committee)
    before = written()
    response = client.post(RECOMMEND, decision_post("recommend", "N1"))
    assert response.status_code == 400
    assert field_error(response.content.decode(), "level_code") == (
        "Error: OS2niveau is already approved at N1."
    )
    response = client.post(RECOMMEND, decision_post("recommend", "N2", method="meeting"))
    assert field_error(response.content.decode(), "meeting_reference") == (
        "Error: Name the meeting the decision was taken at."
    )
    assert written() == before


# --- Evidence files through the page: bad uploads change nothing ------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("stor.pdf", PDF + b"0" * MAX_EVIDENCE_FILE_SIZE),
            "stor.pdf is 10.0 MB; a file can be at most 10 MB.",
        ),
        (SimpleUploadedFile("makro.exe", b"MZ\x90\x00"), "makro.exe: files of this type"),
    ],
    ids=["too-large", "forbidden-type"],
)
def test_prd02_a_bad_upload_to_an_existing_answer_changes_nothing(
    world: LevelWorld, client: Client, upload: SimpleUploadedFile, message: str
) -> None:
    answer = answer_met(
        world, Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION")
    )
    client.force_login(world.tovholder)
    before = (AnswerRevision.objects.count(), AuditEvent.objects.count())
    response = client.post(
        ANSWER,
        {
            "status": "met",
            "justification": answer.justification,
            "evidence_urls": "\n".join(answer.evidence_urls),
            "expected_revision": str(answer.revision),
            "evidence_files": upload,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Answer.objects.get(pk=answer.pk).revision == answer.revision
    assert not EvidenceFile.objects.exists()
    assert (AnswerRevision.objects.count(), AuditEvent.objects.count()) == before


# --- Links and query counts -------------------------------------------------------------------


def test_the_compliance_page_links_to_the_decision_pages(world: LevelWorld, client: Client) -> None:
    html = client.get(BASE).content.decode()
    links = between(html, 'data-testid="decision-links"', "</nav>")
    for url in (DEVIATIONS, EVALUATIONS, APPROVALS):
        assert f'href="{url}"' in links
        assert client.get(url).status_code == 200


def _more_rows(world: LevelWorld, rounds: int) -> None:
    for number in range(rounds):
        accept(world, "N1-TRAINING-MATERIALS", reason=f"Grund {number}")
        record_evaluation(world, number + 1, f"Evaluering {number}")
        code = "N1" if not ApprovedLevel.objects.exists() else ("N2", "N3", "N1")[number % 3]
        if ApprovedLevel.objects.exists():
            services.level_recommend(actor=world.committee, product=world.product, level_code=code)
            services.level_approve(actor=world.board_a, product=world.product, level_code=code)
        else:
            approve(world, code)


@pytest.mark.parametrize("role", ["committee", "board_a", "anonymous"])
def test_query_counts_of_the_lists_do_not_grow_with_their_rows(
    world: LevelWorld, client: Client, role: str
) -> None:
    as_role(client, world, role)
    urls = [DEVIATIONS, EVALUATIONS, APPROVALS]
    _more_rows(world, 1)
    few = [page_queries(client, url) for url in urls]
    _more_rows(world, 4)
    services.level_recommend(actor=world.committee, product=world.product, level_code="N1")
    services.level_approve(actor=world.board_a, product=world.product, level_code="N1")
    many = [page_queries(client, url) for url in urls]
    assert Deviation.objects.count() == 5 and LevelRecommendation.objects.count() == 6
    assert many == few
