"""The level API: level models and criteria (current and by version), a product's
compliance, answers and verifications through the services (403 naming the holder, 422
naming the field, 409 when stale), and the secretariat's overview."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.accounts.models import User
from os2gov.levels import services
from os2gov.levels.compliance import recompute_product_level
from os2gov.levels.models import Answer, Criterion, Verification
from tests.governance import factories as f
from tests.levels.conftest import URL, LevelWorld, answer_met, build_world, satisfy_manual
from tests.levels.helpers import bearer, fields, send_json

pytestmark = pytest.mark.django_db

API = "/api/v1/levels"
ANSWERS = f"{API}/products/os2niveau/answers"
VERIFICATIONS = f"{API}/products/os2niveau/answers/N1-DOCUMENTATION/verifications"


def post(client: Client, url: str, data: dict[str, Any], user: User | None = None) -> Any:
    return send_json(client, "post", url, data, bearer(user))


# --- Level models -------------------------------------------------------------------------------


def test_prd02_the_level_models_and_their_criteria_are_public(db: None, client: Client) -> None:
    models = client.get(f"{API}/models").json()
    assert [(m["version"], m["is_current"]) for m in models] == [(1, True)]
    assert [level["code"] for level in models[0]["levels"]] == ["N1", "N2", "N3"]
    current = client.get(f"{API}/models/current").json()
    by_version = client.get(f"{API}/models/1").json()
    assert current == by_version
    criteria = {c["key"]: c for c in current["criteria"]}
    documentation = criteria["N1-DOCUMENTATION"]
    assert (documentation["level"], documentation["kind"], documentation["url_required"]) == (
        "N1",
        "manual",
        True,
    )
    assert documentation["text_da"] and documentation["text_en"]
    rule = criteria["N2-STEERING-GROUP-BOARD-LINK"]
    assert (rule["kind"], rule["rule"]) == ("structural", "steering_group_with_board_member")
    assert client.get(f"{API}/models/9").status_code == 404


def test_prd02_a_draft_is_not_published_by_the_api(world: LevelWorld, client: Client) -> None:
    draft = services.level_model_draft(
        actor=world.committee, effective_on=datetime.date(2027, 1, 1)
    )
    assert client.get(f"{API}/models/{draft.version}").status_code == 404
    assert [m["version"] for m in client.get(f"{API}/models").json()] == [1]


# --- Compliance ---------------------------------------------------------------------------------


def test_prd05_the_compliance_says_why_per_level(world: LevelWorld, client: Client) -> None:
    satisfy_manual(world, "N1")
    recompute_product_level(world.product)
    data = client.get(f"{API}/products/os2niveau/compliance").json()
    assert (data["held_level"], data["approved_level"], data["model_version"]) == ("N1", None, 1)
    assert data["nobody_watches"] is True
    assert data["below_approved_level"] is False
    levels = {level["code"]: level for level in data["levels"]}
    assert (levels["N1"]["held"], levels["N1"]["progress"]) == (True, 100)
    assert levels["N1"]["achieved_on"] is not None
    assert levels["N2"]["held"] is False
    assert levels["N2"]["missing"] == [
        "N2-BEST-PRACTICE-ROLLOUT-OPERATION",
        "N2-ONE-CODE-VERSION",
        "N2-SUPPLIER-OPERATION-SUPPORT",
    ]
    states = {state["key"]: state for state in levels["N2"]["criteria"]}
    link = states["N2-STEERING-GROUP-BOARD-LINK"]
    assert link["satisfied"] and link["answer"] is None
    assert "Bodil Bestyrelse" in link["reason"]
    documentation = next(s for s in levels["N1"]["criteria"] if s["key"] == "N1-DOCUMENTATION")
    assert documentation["answer"]["evidence_urls"] == [URL]
    assert documentation["answer"]["answered_by"] == "Tine Tovholder"
    assert documentation["answer"]["verification"]["rating"] == "green"
    assert documentation["answer"]["verification"]["verified_by"] == "Sune Sekretariat"
    assert client.get(f"{API}/products/ukendt/compliance").status_code == 404
    assert client.get(f"{API}/products/os2niveau/compliance?version=1").json() == data
    assert client.get(f"{API}/products/os2niveau/compliance?version=5").status_code == 404


def test_the_compliance_query_count_does_not_grow_with_products(
    world: LevelWorld, client: Client
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/products/os2niveau/compliance").status_code == 200
        return len(captured)

    satisfy_manual(world, "N1")
    # Another product's board member, so the N3 rule lists absent board members in both.
    satisfy_manual(build_world(name="OS2første"), "N1")
    few = queries()
    for number in range(3):
        satisfy_manual(build_world(name=f"OS2flere{number}"), "N1")
    assert queries() == few


# --- Answers --------------------------------------------------------------------------------------


def test_prd02_the_tovholder_answers_through_the_api(world: LevelWorld, client: Client) -> None:
    response = post(
        client,
        ANSWERS,
        {
            "criterion": "N1-DOCUMENTATION",
            "status": "met",
            "justification": "Vejledningen ligger offentligt.",
            "evidence_urls": [URL],
        },
        world.tovholder,
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["criterion"], data["status"], data["revision"]) == ("N1-DOCUMENTATION", "met", 1)
    assert data["verification"] is None and data["evidence_file_count"] == 0
    answer = Answer.objects.get(product=world.product, criterion__key="N1-DOCUMENTATION")
    assert answer.answered_by == world.tovholder
    # A second change states the revision it read; a stale one is refused with 409.
    changed = post(
        client,
        ANSWERS,
        {
            "criterion": "N1-DOCUMENTATION",
            "status": "partly_met",
            "justification": "Brugervejledningen mangler.",
            "evidence_urls": [URL],
            "expected_revision": 1,
        },
        world.tovholder,
    )
    assert changed.json()["revision"] == 2
    stale = post(
        client,
        ANSWERS,
        {"criterion": "N1-DOCUMENTATION", "status": "met", "evidence_urls": [URL]},
        world.tovholder,
    )
    assert stale.status_code == 409
    assert "Someone else answered this criterion" in stale.json()["detail"]


def test_prd02_an_answer_by_anyone_but_the_tovholder_is_refused_naming_the_holder(
    world: LevelWorld, client: Client
) -> None:
    payload = {"criterion": "N1-DOCUMENTATION", "status": "met", "evidence_urls": [URL]}
    refused = post(client, ANSWERS, payload, world.steering_member)
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only the tovholder of OS2niveau's coordination group can do this."
    )
    assert post(client, ANSWERS, payload).status_code == 401
    assert not Answer.objects.exists()


def test_prd02_bad_answers_name_the_field(world: LevelWorld, client: Client) -> None:
    cases = [
        ({"criterion": "N1-DOCUMENTATION", "status": "met"}, "evidence_urls"),
        ({"criterion": "N1-DOCUMENTATION", "status": "maybe"}, "status"),
        ({"criterion": "N9-UNKNOWN", "status": "met"}, "criterion"),
        ({"criterion": "N2-USED-BY-TWO-MUNICIPALITIES", "status": "met"}, "criterion"),
        (
            {"criterion": "N1-DOCUMENTATION", "status": "met", "evidence_urls": ["nej"]},
            "evidence_urls",
        ),
        ({"criterion": "N1-DOCUMENTATION", "status": "not_met"}, "justification"),
        ({"status": "met"}, "criterion"),
    ]
    for payload, field in cases:
        response = post(client, ANSWERS, payload, world.tovholder)
        assert response.status_code == 422, payload
        assert field in fields(response), (payload, response.json())
    assert not Answer.objects.exists()


# --- Verifications ---------------------------------------------------------------------------


def test_prd05_the_secretariat_verifies_through_the_api(world: LevelWorld, client: Client) -> None:
    documentation = Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION")
    answer_met(world, documentation)
    response = post(
        client,
        VERIFICATIONS,
        {"rating": "green", "basis": "Gennemgået.", "revision": 1},
        world.secretariat,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["rating"] == "green"
    assert response.json()["verified_by"] == "Sune Sekretariat"
    assert Verification.objects.get().verified_by == world.secretariat
    # A verification of a revision that is no longer current is refused with 409.
    stale = post(
        client,
        VERIFICATIONS,
        {"rating": "green", "basis": "Igen.", "revision": 0},
        world.secretariat,
    )
    assert stale.status_code == 409


def test_prd05_a_verification_by_anyone_outside_the_secretariat_is_refused(
    world: LevelWorld, client: Client
) -> None:
    documentation = Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION")
    answer_met(world, documentation)
    refused = post(
        client,
        VERIFICATIONS,
        {"rating": "green", "basis": "Fint.", "revision": 1},
        world.tovholder,
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the secretariat can verify this."
    bad = post(
        client, VERIFICATIONS, {"rating": "blue", "basis": "", "revision": 1}, world.secretariat
    )
    assert bad.status_code == 422
    assert set(fields(bad)) == {"rating", "basis"}
    assert not Verification.objects.exists()


def test_verifying_an_unanswered_criterion_is_404(world: LevelWorld, client: Client) -> None:
    response = post(
        client,
        VERIFICATIONS,
        {"rating": "green", "basis": "Fint.", "revision": 1},
        world.secretariat,
    )
    assert response.status_code == 404


# --- The overview ---------------------------------------------------------------------------------


def test_prd05_the_overview_is_the_secretariats_and_flags_products(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    services.product_recommend(actor=world.committee, product=world.product, level_code="N3")
    services.product_approve(actor=world.board_a, product=world.product, level_code="N3")
    f.product("OS2uden")
    assert client.get(f"{API}/overview").status_code == 401
    refused = client.get(f"{API}/overview", **bearer(world.tovholder))
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only the secretariat can see the overview of product levels."
    )
    data = client.get(f"{API}/overview", **bearer(world.secretariat)).json()
    assert data["count"] == 2
    rows = {row["product"]: row for row in data["items"]}
    assert rows["os2niveau"] | {"last_evaluated_on": None} == {
        "product": "os2niveau",
        "name": "OS2niveau",
        "approved_level": "N3",
        "held_level": "N2",
        "below_approved_level": True,
        "target_level": "N3",
        "progress": 94,  # 16 of the 17 criteria of N1-N3: the N3 answer is missing
        "self_assessed_progress": 94,
        "last_evaluated_on": None,
    }
    assert rows["os2niveau"]["last_evaluated_on"] is not None
    assert rows["os2uden"]["approved_level"] is None
    assert rows["os2uden"]["below_approved_level"] is False
    below = client.get(f"{API}/overview?below_only=true", **bearer(world.secretariat)).json()
    assert [row["product"] for row in below["items"]] == ["os2niveau"]


def test_the_overview_query_count_does_not_grow_with_products(
    world: LevelWorld, client: Client
) -> None:
    headers = bearer(world.secretariat)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/overview", **headers).status_code == 200
        return len(captured)

    queries()  # the first use of the token notes when it was used
    few = queries()
    for number in range(5):
        other = f.product(f"OS2mange{number}")
        f.agreement(other, world.municipality_a)
    satisfy_manual(world, "N1")
    recompute_product_level(world.product)
    assert queries() == few
